// The wire side of the hot path: a minimal reader for a query's header, question and OPT record, record encoding
// (once, at compile time, through dns-packet), and response assembly by copying precompiled bytes and patching the ID.
import dnsPacket, { type Answer } from 'dns-packet';
import type { RecordData } from './records.js';

export const TYPE_A = 1;
export const TYPE_NS = 2;
export const TYPE_CNAME = 5;
export const TYPE_SOA = 6;
export const TYPE_OPT = 41;
export const TYPE_DS = 43;
export const TYPE_ANY = 255;
export const CLASS_IN = 1;

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** The UDP payload size kumo advertises in its OPT record. */
export const EDNS_UDP_SIZE = 4096;

/** What assembling a reply needs of a query: its header, where the question ends, and its EDNS. */
export interface QueryHead {
  id: number;
  flags: number;
  qtype: number;
  qclass: number;
  /** Offset just past the question: bytes [12, questionEnd) are copied into the response as sent (0x20 case kept). */
  questionEnd: number;
  /** 0 without EDNS0, else the client's UDP payload size (at least 512). */
  udpSize: number;
  ednsVersion: number;
  dnssecOk: boolean;
  /** EDNS Client Subnet (RFC 7871), when sent. */
  clientSubnet?: { family: number; sourcePrefix: number; address: string } | undefined;
}

export interface Query extends QueryHead {
  ok: true;
  /** Lower-case question name, no trailing dot ('' for the root). */
  name: string;
}

export type ParseResult = Query | { ok: false; rcode: number; id: number; flags: number };

/**
 * The question last read by readQuestion: one object reused for every query (the hot path allocates nothing to read
 * a question). `key[0, keyLength)` is the answer table's key: the name in wire form lower-cased, then QTYPE and QCLASS;
 * `hash` is its FNV-1a hash. Valid until the next readQuestion.
 */
export interface Question extends QueryHead {
  readonly key: Buffer;
  keyLength: number;
  hash: number;
  /** Length of the dotted lower-case name in `dotted` (the name string is made only when needed). */
  nameLength: number;
  readonly dotted: Buffer;
}

export const question: Question = {
  id: 0,
  flags: 0,
  qtype: 0,
  qclass: 0,
  questionEnd: 0,
  udpSize: 0,
  ednsVersion: 0,
  dnssecOk: false,
  clientSubnet: undefined,
  key: Buffer.alloc(260),
  keyLength: 0,
  hash: 0,
  nameLength: 0,
  dotted: Buffer.alloc(256),
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Reads a query into `question` without a general decoder: one question, a name without compression lower-cased in
 * ASCII (RFC 4343), and an optional OPT record in the additional section. Returns 0 when it is a query to answer,
 * -1 when it must be dropped (too short, or a response: never answer one, no loops), else the RCODE to answer with
 * (NOTIMP for another opcode, FORMERR for a malformed question).
 */
export function readQuestion(buf: Buffer): number {
  if (buf.length < 12) return -1;
  const q = question;
  q.id = (buf[0]! << 8) | buf[1]!;
  q.flags = (buf[2]! << 8) | buf[3]!;
  if (q.flags & 0x8000) return -1;
  const opcode = (q.flags >> 11) & 0xf;
  if (opcode !== 0) return RCODE.NOTIMP;
  if (buf[4] !== 0 || buf[5] !== 1) return RCODE.FORMERR;
  const key = q.key;
  const dotted = q.dotted;
  let hash = FNV_OFFSET;
  let off = 12;
  let n = 0;
  for (;;) {
    const len = buf[off];
    if (len === undefined || (len & 0xc0) !== 0) return RCODE.FORMERR;
    key[off - 12] = len;
    hash = Math.imul(hash ^ len, FNV_PRIME);
    off++;
    if (len === 0) break;
    if (off + len > buf.length || n + len + 1 > 255) return RCODE.FORMERR;
    if (n > 0) dotted[n++] = 0x2e;
    for (let i = off, end = off + len; i < end; i++) {
      const b = buf[i]!;
      const c = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
      dotted[n++] = c;
      key[i - 12] = c;
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    off += len;
  }
  if (off + 4 > buf.length) return RCODE.FORMERR;
  for (let i = off; i < off + 4; i++) {
    const b = buf[i]!;
    key[i - 12] = b;
    hash = Math.imul(hash ^ b, FNV_PRIME);
  }
  q.keyLength = off + 4 - 12;
  q.hash = hash | 0;
  q.nameLength = n;
  q.qtype = (buf[off]! << 8) | buf[off + 1]!;
  q.qclass = (buf[off + 2]! << 8) | buf[off + 3]!;
  q.questionEnd = off + 4;
  q.udpSize = 0;
  q.ednsVersion = 0;
  q.dnssecOk = false;
  q.clientSubnet = undefined;
  // An OPT record is read only where a query carries one: after the question, with no answer or authority records.
  if ((buf[10]! | buf[11]!) !== 0 && (buf[6]! | buf[7]! | buf[8]! | buf[9]!) === 0) readOpt(buf, q.questionEnd, q);
  return 0;
}

/** The question just read as a Query of its own (the name as a string), for the resolution path. */
export function queryOf(q: Question): Query {
  const query: Query = {
    ok: true,
    id: q.id,
    flags: q.flags,
    name: q.nameLength === 0 ? '' : q.dotted.toString('latin1', 0, q.nameLength),
    qtype: q.qtype,
    qclass: q.qclass,
    questionEnd: q.questionEnd,
    udpSize: q.udpSize,
    ednsVersion: q.ednsVersion,
    dnssecOk: q.dnssecOk,
  };
  if (q.clientSubnet) query.clientSubnet = q.clientSubnet;
  return query;
}

/** Reads a query (as readQuestion) into an object of its own; undefined when it must be dropped. */
export function parseQuery(buf: Buffer): ParseResult | undefined {
  const status = readQuestion(buf);
  if (status < 0) return undefined;
  if (status > 0) return { ok: false, rcode: status, id: question.id, flags: question.flags };
  return queryOf(question);
}

/**
 * Reads the OPT pseudo-record (RFC 6891 §6.1.2) among the additional records: owner root, TYPE 41, CLASS the UDP
 * payload size, TTL extended RCODE, version and flags (DO), then options; Client Subnet (RFC 7871 §6) is option 8.
 * A malformed additional section is read as if it carried no EDNS.
 */
function readOpt(buf: Buffer, start: number, q: QueryHead): void {
  const count = buf.readUInt16BE(10);
  let off = start;
  for (let r = 0; r < count; r++) {
    off = skipName(buf, off);
    if (off < 0 || off + 10 > buf.length) return;
    const type = buf.readUInt16BE(off);
    const rdlen = buf.readUInt16BE(off + 8);
    const rdata = off + 10;
    if (rdata + rdlen > buf.length) return;
    if (type === TYPE_OPT) {
      q.udpSize = Math.max(512, buf.readUInt16BE(off + 2));
      q.ednsVersion = buf[off + 5]!;
      q.dnssecOk = (buf.readUInt16BE(off + 6) & 0x8000) !== 0;
      for (let o = rdata; o + 4 <= rdata + rdlen; ) {
        const code = buf.readUInt16BE(o);
        const len = buf.readUInt16BE(o + 2);
        if (code === 8 && len >= 4 && o + 4 + len <= rdata + rdlen) readClientSubnet(buf, o + 4, len, q);
        o += 4 + len;
      }
      return;
    }
    off = rdata + rdlen;
  }
}

function readClientSubnet(buf: Buffer, at: number, len: number, q: QueryHead): void {
  const family = buf.readUInt16BE(at);
  const sourcePrefix = buf[at + 2]!;
  const raw = buf.subarray(at + 4, at + len);
  if (family === 1) {
    const b = [0, 1, 2, 3].map((i) => raw[i] ?? 0);
    q.clientSubnet = { family, sourcePrefix, address: b.join('.') };
  } else if (family === 2) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((((raw[i] ?? 0) << 8) | (raw[i + 1] ?? 0)).toString(16));
    q.clientSubnet = { family, sourcePrefix, address: groups.join(':') };
  }
}

/** The offset after a (possibly compressed) name, or -1 when it runs past the message. */
function skipName(buf: Buffer, off: number): number {
  for (;;) {
    const len = buf[off];
    if (len === undefined) return -1;
    if ((len & 0xc0) === 0xc0) return off + 2;
    off += 1 + len;
    if (len === 0) return off;
  }
}

/** The uncompressed wire form of a domain name ('' is the root). */
export function encodeName(name: string): Buffer {
  if (name === '' || name === '.') return Buffer.from([0]);
  const labels = name.split('.');
  const out = Buffer.alloc(labels.reduce((n, l) => n + Buffer.byteLength(l, 'latin1') + 1, 1));
  let off = 0;
  for (const l of labels) {
    off = out.writeUInt8(Buffer.byteLength(l, 'latin1'), off);
    off += out.write(l, off, 'latin1');
  }
  return out;
}

/** Types whose RDATA kumo writes itself (svcb.ts), carried through dns-packet as raw bytes of an unknown type. */
export const RDATA_TYPES: Readonly<Record<string, string>> = { SVCB: 'UNKNOWN_64', HTTPS: 'UNKNOWN_65' };

/**
 * Encodes one resource record through dns-packet and returns the bytes after the owner name (type, class, TTL,
 * rdata), so the caller can put a compression pointer to the question (0xC00C) or a full name in front.
 * SPF has TXT's rdata (RFC 7208 §3.1), which dns-packet has no encoder for, so it is encoded as TXT and retyped.
 */
export function encodeRecordTail(type: string, ttl: number, data: RecordData): Buffer {
  const asType = type === 'SPF' ? 'TXT' : (RDATA_TYPES[type] ?? type);
  const packet = dnsPacket.encode({ answers: [{ name: '.', type: asType, ttl, class: 'IN', data } as Answer] });
  const tail = Buffer.from(packet.subarray(13)); // 12-byte header, then the root name (one zero byte)
  if (type === 'SPF') tail.writeUInt16BE(99, 0);
  return tail;
}

export const POINTER_TO_QUESTION = Buffer.from([0xc0, 0x0c]);

/** A precompiled answer: everything after the question except the OPT record. */
export interface Body {
  rcode: number;
  aa: boolean;
  an: number;
  ns: number;
  bytes: Buffer;
  /** Whether the answer depended on the client's location (sets the ECS scope prefix). */
  located: boolean;
}

function optRecord(q: QueryHead, scope: number): Buffer {
  const cs = q.clientSubnet;
  const addrLen = cs ? Math.ceil(cs.sourcePrefix / 8) : 0;
  const optLen = cs ? 8 + addrLen : 0;
  const out = Buffer.alloc(11 + optLen);
  out.writeUInt16BE(TYPE_OPT, 1);
  out.writeUInt16BE(EDNS_UDP_SIZE, 3);
  out.writeUInt16BE(q.dnssecOk ? dnsPacket.DNSSEC_OK : 0, 7);
  out.writeUInt16BE(optLen, 9);
  if (cs) {
    out.writeUInt16BE(8, 11);
    out.writeUInt16BE(4 + addrLen, 13);
    out.writeUInt16BE(cs.family, 15);
    out.writeUInt8(cs.sourcePrefix, 17);
    out.writeUInt8(Math.min(scope, cs.sourcePrefix), 18);
    const raw = cs.family === 2 ? ipv6Bytes(cs.address) : Buffer.from(cs.address.split('.').map(Number));
    raw.copy(out, 19, 0, addrLen);
  }
  return out;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16) || 0, i * 2));
  return out;
}

const NO_OPT = Buffer.alloc(0);

/**
 * Builds the response: header with the query's ID, opcode, RD and CD copied, the question as sent, the body, and an
 * OPT record when the query had one. Over UDP a response larger than the client's limit (512 without EDNS) is cut to
 * header + question + OPT with TC set, so the client retries over TCP.
 */
export function assemble(query: Buffer, q: QueryHead, body: Body, maxSize: number): Buffer {
  return assembleFrom(query, q, body.rcode, body.aa, body.an, body.ns, body.located, body.bytes, 0, body.bytes.length, maxSize);
}

/** As assemble, with the body's fields given one by one and its bytes `src[start, end)` (the answer table's arena). */
export function assembleFrom(query: Buffer, q: QueryHead, rcode: number, aa: boolean, an: number, ns: number, located: boolean, src: Uint8Array, start: number, end: number, maxSize: number): Buffer {
  const opt = q.udpSize > 0 ? optRecord(q, located && q.clientSubnet ? q.clientSubnet.sourcePrefix : 0) : NO_OPT;
  const bodyLength = end - start;
  let truncated = 12 + (q.questionEnd - 12) + bodyLength + opt.length > maxSize;
  const size = 12 + (q.questionEnd - 12) + (truncated ? 0 : bodyLength) + opt.length;
  if (size > maxSize) truncated = true;
  const out = Buffer.allocUnsafe(size);
  out.writeUInt16BE(q.id, 0);
  const flags = 0x8000 | (q.flags & 0x7900) | (aa ? 0x0400 : 0) | (truncated ? 0x0200 : 0) | (q.flags & 0x0010) | rcode;
  out.writeUInt16BE(flags, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(truncated ? 0 : an, 6);
  out.writeUInt16BE(truncated ? 0 : ns, 8);
  out.writeUInt16BE(opt.length > 0 ? 1 : 0, 10);
  // The question as sent, then the body (byte loops: Buffer#copy of a slice builds a view per call).
  for (let i = 12; i < q.questionEnd; i++) out[i] = query[i]!;
  let off = q.questionEnd;
  if (!truncated) {
    if (bodyLength > 64) out.set(start === 0 && end === src.length ? src : src.subarray(start, end), off);
    else for (let i = start; i < end; i++) out[off + i - start] = src[i]!;
    off += bodyLength;
  }
  if (opt.length > 0) out.set(opt, off);
  return out;
}

/** An answer with no records and just a header (FORMERR, NOTIMP for odd queries); the question is echoed when parseable. */
export function errorResponse(id: number, flags: number, rcode: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(0x8000 | (flags & 0x7900) | (flags & 0x0010) | rcode, 2);
  return out;
}
