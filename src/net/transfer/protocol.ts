// Control-frame bodies of kumo's MFT wire protocol (research §4.3, our own design) and their validation with HULFT's
// limits, shared by the sending and receiving side. Field names follow the research spec.
import { Status, TransferError } from './status.js';
import { COMP_METHODS, type CompMethod } from './compress.js';
import type { CipherParams } from './cipher.js';
import { checkLayout, type WireLayout } from './format-records.js';

export const PROTOCOL_VERSION = 1;
/** [D] default transfer block length × count when the SMI says 0 (research §11). */
export const DEFAULT_BLOCK_LEN = 32768;
export const DEFAULT_BLOCK_CNT = 1;
/** [D] acknowledgement units the sender may have in flight before it waits for an ACK. */
export const WINDOW_UNITS = 16;
/** Largest plaintext block the receiver accepts after decompression (text blocks may exceed BLOCKLEN by a record). */
export const MAX_BLOCK_PLAIN = 1 << 20;

export interface Messages {
  msg0?: string;
  msg1?: string;
  msg2?: string;
  msg3?: string;
  msg4?: string;
  msg5?: string;
  msgl0?: string;
  msgl1?: string;
}
export const MSG_KEYS = ['msg0', 'msg1', 'msg2', 'msg3', 'msg4', 'msg5', 'msgl0', 'msgl1'] as const;

export type TransType = 'T' | 'B' | 'F' | 'M';

export interface DeliveryInfo {
  v: number;
  transferId: string;
  fileId: string;
  senderHost: string;
  /** Base name of the sender's file, for $SNDFILE in the receive file name. */
  sndFile: string;
  transType: TransType;
  /** The record layout of a format (F) or multi-format (M) transfer, so either side can convert ([D]). */
  layout?: WireLayout;
  comp: CompMethod;
  compSize: number;
  deflateLevel: string;
  kjchnge: 'S' | 'R' | 'N';
  /** KCODETYPE letter of the text on the wire. */
  codeSet: string;
  cipher: 'NONE' | 'AES';
  cipherParams?: CipherParams;
  blockLen: number;
  blockCnt: number;
  msgs: Messages;
  /** A checkpoint resend: the original transfer id and the acknowledged wire offset/records. */
  resume?: { transferId: string; offset: number; records: number };
  totalBytes: number;
}

export interface Accept {
  startOffset: number;
  comp: CompMethod;
}
export interface Ack {
  bytesReceived: number;
  recordsReceived: number;
}
export interface End {
  sha256: string;
  totalBytes: number;
  totalRecords: number;
}
export interface Result {
  statusCode: number;
  detailCode: number;
  message: string;
  jobRc?: number;
}

const HEX64 = /^[0-9a-f]{64}$/;
const FILE_ID = /^[A-Za-z0-9_]{1,50}$/;
const HOST = /^[A-Za-z0-9.-]{1,68}$/;

function bad(message: string): never {
  throw new TransferError(Status.BAD_FIELD, 0, message);
}

function int(v: unknown, lo: number, hi: number, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(`${name} must be an integer in ${lo}–${hi}`);
  return v;
}

/** Validates a DELIVERY_INFO body from the network; anything outside the limits is status 509 (or 506 for shape). */
export function validateDelivery(d: Partial<DeliveryInfo>): DeliveryInfo {
  if (d.v !== PROTOCOL_VERSION) throw new TransferError(Status.PROTOCOL, 0, `unsupported protocol version ${String(d.v)}`);
  if (typeof d.transferId !== 'string' || !HEX64.test(d.transferId)) bad('transferId must be 64 hex digits');
  if (typeof d.fileId !== 'string' || !FILE_ID.test(d.fileId)) bad('fileId must be 1–50 characters of [A-Za-z0-9_]');
  if (typeof d.senderHost !== 'string' || !HOST.test(d.senderHost)) bad('senderHost must be 1–68 characters of [A-Za-z0-9.-]');
  if (typeof d.sndFile !== 'string' || Buffer.byteLength(d.sndFile) > 200) bad('sndFile must be at most 200 bytes');
  if (d.transType !== 'T' && d.transType !== 'B' && d.transType !== 'F' && d.transType !== 'M') {
    throw new TransferError(Status.UNSUPPORTED, 0, `transfer type ${String(d.transType)} is not supported (T, B, F and M are)`);
  }
  if (d.transType === 'F' || d.transType === 'M') {
    try {
      d.layout = checkLayout(d.layout);
    } catch (e) {
      bad(`layout: ${(e as Error).message}`);
    }
    if (d.layout.kind !== d.transType) bad(`layout kind ${d.layout.kind} does not match transfer type ${d.transType}`);
  } else if (d.layout !== undefined) bad('a layout is only for TRANSTYPE F and M');
  if (!COMP_METHODS.includes(d.comp as CompMethod)) bad('comp must be one of N, 1, 2, 3, Z');
  int(d.compSize, 0, 32760, 'compSize');
  if (d.kjchnge !== 'S' && d.kjchnge !== 'R' && d.kjchnge !== 'N') bad('kjchnge must be S, R or N');
  if (typeof d.codeSet !== 'string' || d.codeSet.length !== 1) bad('codeSet must be one KCODETYPE letter');
  if (d.cipher !== 'NONE' && d.cipher !== 'AES') bad('cipher must be NONE or AES');
  if (d.cipher === 'AES' && (typeof d.cipherParams?.salt !== 'string' || typeof d.cipherParams.check !== 'string')) {
    bad('cipherParams are required with AES');
  }
  const len = int(d.blockLen, 128, 65520, 'blockLen');
  const cnt = int(d.blockCnt, 1, 99, 'blockCnt');
  if (len * cnt > 65520) bad('blockLen × blockCnt must not exceed 65520');
  const msgs = (d.msgs ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(msgs)) {
    if (!(MSG_KEYS as readonly string[]).includes(k)) bad(`unknown message field ${k}`);
    const max = k.startsWith('msgl') ? 200 : 50;
    if (typeof v !== 'string' || Buffer.byteLength(v) > max) bad(`${k} must be at most ${max} bytes`);
  }
  if (d.resume !== undefined) {
    if (typeof d.resume.transferId !== 'string' || !HEX64.test(d.resume.transferId)) bad('resume.transferId must be 64 hex digits');
    int(d.resume.offset, 0, Number.MAX_SAFE_INTEGER, 'resume.offset');
    int(d.resume.records, 0, Number.MAX_SAFE_INTEGER, 'resume.records');
  }
  int(d.totalBytes, 0, Number.MAX_SAFE_INTEGER, 'totalBytes');
  return d as DeliveryInfo;
}
