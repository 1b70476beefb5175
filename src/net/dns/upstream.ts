// Forwards queries for names outside kumo's hosted zones to a configured resolver (KUMO_DNS_UPSTREAM), the way a
// VPC's Route 53 Resolver forwards to the internet: over the client's transport, a fresh ID per query, SERVFAIL
// when the upstream does not answer in time. Without an upstream such names are REFUSED (the engine's answer).
import { createSocket, type Socket } from 'node:dgram';
import { connect, isIP } from 'node:net';
import { errorResponse, RCODE } from './wire.js';

export interface UpstreamAddress {
  host: string;
  port: number;
}

/** Parses `host[:port]` or `[v6]:port`; the port defaults to 53. */
export function parseUpstream(spec: string): UpstreamAddress {
  const s = spec.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  const [host, port] = v6 ? [v6[1]!, v6[2]] : s.includes(':') && isIP(s) !== 6 ? [s.slice(0, s.lastIndexOf(':')), s.slice(s.lastIndexOf(':') + 1)] : [s, undefined];
  if (isIP(host) === 0) throw new Error(`KUMO_DNS_UPSTREAM "${spec}" is not an IP address with an optional port`);
  const n = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`KUMO_DNS_UPSTREAM "${spec}" has a bad port`);
  return { host, port: n };
}

/** How long a forwarded query waits for the upstream before the client gets SERVFAIL. */
const TIMEOUT_MS = 2000;

interface Pending {
  clientId: number;
  done: (reply: Buffer) => void;
  timer: NodeJS.Timeout;
}

export class UpstreamForwarder {
  private udp: Socket | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = Math.floor(Math.random() * 0x10000);

  constructor(private readonly upstream: UpstreamAddress) {}

  /** Sends `query` upstream and calls `done` with the reply (its ID restored), or SERVFAIL on timeout or error. */
  forward(query: Buffer, transport: 'udp' | 'tcp', done: (reply: Buffer) => void): void {
    if (query.length < 12) return;
    if (transport === 'tcp') return this.forwardTcp(query, done);
    const udp = this.socket();
    const clientId = query.readUInt16BE(0);
    let id = this.nextId;
    while (this.pending.has(id)) id = (id + 1) & 0xffff;
    this.nextId = (id + 1) & 0xffff;
    const out = Buffer.from(query);
    out.writeUInt16BE(id, 0);
    const timer = setTimeout(() => {
      this.pending.delete(id);
      done(servfail(query));
    }, TIMEOUT_MS);
    timer.unref();
    this.pending.set(id, { clientId, done, timer });
    udp.send(out, this.upstream.port, this.upstream.host, (err) => {
      if (!err) return;
      clearTimeout(timer);
      this.pending.delete(id);
      done(servfail(query));
    });
  }

  private socket(): Socket {
    if (this.udp) return this.udp;
    const udp = createSocket(isIP(this.upstream.host) === 6 ? 'udp6' : 'udp4');
    udp.on('error', () => undefined);
    udp.on('message', (msg, rinfo) => {
      if (msg.length < 12 || rinfo.port !== this.upstream.port) return;
      const id = msg.readUInt16BE(0);
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      clearTimeout(p.timer);
      msg.writeUInt16BE(p.clientId, 0);
      p.done(msg);
    });
    udp.unref();
    this.udp = udp;
    return udp;
  }

  private forwardTcp(query: Buffer, done: (reply: Buffer) => void): void {
    let settled = false;
    const finish = (reply: Buffer) => {
      if (settled) return;
      settled = true;
      conn.destroy();
      done(reply);
    };
    const conn = connect({ host: this.upstream.host, port: this.upstream.port });
    conn.setTimeout(TIMEOUT_MS, () => finish(servfail(query)));
    conn.on('error', () => finish(servfail(query)));
    conn.on('close', () => finish(servfail(query)));
    let buf = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) finish(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    const framed = Buffer.allocUnsafe(2 + query.length);
    framed.writeUInt16BE(query.length, 0);
    query.copy(framed, 2);
    conn.write(framed);
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.udp?.close();
    this.udp = undefined;
  }
}

/** A SERVFAIL reply to `query` (header only, its question dropped, as resolvers accept). */
function servfail(query: Buffer): Buffer {
  return errorResponse(query.readUInt16BE(0), query.readUInt16BE(2), RCODE.SERVFAIL);
}
