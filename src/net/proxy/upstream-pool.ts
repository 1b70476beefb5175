// Keep-alive upstream connections for the proxy core: idle sockets per (address, port, local address) are reused
// instead of connecting per request. Each socket's listeners are attached once, at creation, and dispatch to the
// exchange that holds it (or, while idle, drop it on any event), so a request adds and removes no listeners.
import net from 'node:net';
import tls from 'node:tls';
import { readRaw } from './raw-io.js';

export interface UpstreamTarget {
  host: string;
  port: number;
  /** Bind the upstream socket to this local address (NLB client-IP preservation, node addresses). */
  localAddress?: string;
  /** Speak TLS to the upstream without verifying its certificate (CLB InstanceProtocol HTTPS without a backend
   *  authentication policy). */
  tls?: boolean;
  /** With tls: only a peer whose certificate's public key (base64 DER SPKI) is listed is talked to; another one's
   *  connection fails as a reset (CLB backend authentication). */
  publicKeys?: readonly string[];
}

/** What an exchange holding an upstream socket receives from it. */
export interface UpstreamHandler {
  upstreamData(socket: net.Socket, chunk: Buffer): void;
  upstreamError(socket: net.Socket, error: NodeJS.ErrnoException): void;
  upstreamClose(socket: net.Socket): void;
  upstreamTimeout(socket: net.Socket): void;
  upstreamDrain(socket: net.Socket): void;
}

export interface PoolOptions {
  /** Idle connections kept per target. */
  maxIdlePerTarget?: number;
  /** An idle connection unused this long is closed when next found (socket I/O housekeeping, not AWS behaviour). */
  idleTimeoutMs?: number;
}

const STATE = Symbol('kumo.upstream');
interface SocketState {
  key: string;
  handler: UpstreamHandler | undefined;
  idleSince: number;
}
type PooledSocket = net.Socket & { [STATE]: SocketState };

function keyOf(t: UpstreamTarget): string {
  const key = t.localAddress ? `${t.host}|${t.port}|${t.localAddress}` : `${t.host}|${t.port}`;
  return t.tls ? `${key}|tls${t.publicKeys ? `|${t.publicKeys.join(',')}` : ''}` : key;
}

export class UpstreamPool {
  private readonly idle = new Map<string, PooledSocket[]>();
  private readonly maxIdle: number;
  private readonly idleTimeoutMs: number;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.maxIdle = options.maxIdlePerTarget ?? 128;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 55_000;
  }

  /** An idle connection to the target (reused: true) or a new one, connecting; its events go to `handler`.
   *  `timeoutMs` is the socket inactivity timeout of a new connection (connect and response waits). */
  acquire(target: UpstreamTarget, handler: UpstreamHandler, timeoutMs = 0): { socket: net.Socket; reused: boolean } {
    const key = keyOf(target);
    const list = this.idle.get(key);
    const now = Date.now();
    while (list && list.length > 0) {
      const s = list.pop()!;
      if (s.destroyed || !s.writable) continue;
      if (now - s[STATE].idleSince > this.idleTimeoutMs) {
        s.destroy();
        continue;
      }
      s[STATE].handler = handler;
      return { socket: s, reused: true };
    }
    const where = { host: target.host, port: target.port, ...(target.localAddress ? { localAddress: target.localAddress } : {}) };
    // A TLS socket buffers what is written before its handshake ends, so the caller writes the head at once as well.
    const socket = (target.tls ? tls.connect({ ...where, rejectUnauthorized: false }) : net.connect(where)) as PooledSocket;
    const keys = target.tls ? target.publicKeys : undefined;
    if (keys) {
      socket.once('secureConnect', () => {
        const cert = (socket as unknown as tls.TLSSocket).getPeerX509Certificate();
        const key = cert?.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
        if (!key || !keys.includes(key)) socket.destroy(Object.assign(new Error('the server certificate\'s public key is not accepted'), { code: 'ECONNRESET' }));
      });
    }
    socket[STATE] = { key, handler, idleSince: 0 };
    socket.setNoDelay(true);
    if (timeoutMs > 0) socket.setTimeout(timeoutMs);
    // Plain TCP: reads come straight from the handle (raw-io); TLS keeps 'data' events.
    if (!readRaw(socket, onData)) socket.on('data', onData);
    socket.on('error', onError).on('close', this.onClose).on('timeout', onTimeout).on('drain', onDrain).on('end', onEnd);
    return { socket, reused: false };
  }

  /** Returns a connection whose last response was read in full. */
  release(socket: net.Socket): void {
    const s = socket as PooledSocket;
    const st = s[STATE];
    st.handler = undefined;
    if (this.closed || s.destroyed || !s.writable) {
      s.destroy();
      return;
    }
    let list = this.idle.get(st.key);
    if (!list) this.idle.set(st.key, (list = []));
    if (list.length >= this.maxIdle) {
      s.destroy();
      return;
    }
    st.idleSince = Date.now();
    list.push(s);
  }

  /** Detaches a connection that will not be reused (the caller destroys it). */
  discard(socket: net.Socket): void {
    const st = (socket as PooledSocket)[STATE];
    if (st) st.handler = undefined;
    socket.destroy();
  }

  /** Number of idle connections (tests, health). */
  idleCount(): number {
    let n = 0;
    for (const l of this.idle.values()) n += l.length;
    return n;
  }

  /** Closes idle connections to one target (a deregistered target). */
  drop(target: UpstreamTarget): void {
    const list = this.idle.get(keyOf(target));
    this.idle.delete(keyOf(target));
    for (const s of list ?? []) s.destroy();
  }

  close(): void {
    this.closed = true;
    for (const list of this.idle.values()) for (const s of list) s.destroy();
    this.idle.clear();
  }

  // EventEmitter calls listeners with `this` = the socket; a closed idle socket leaves its list.
  private readonly onClose: (this: net.Socket) => void = (() => {
    const idle = this.idle;
    return function (this: net.Socket): void {
      const st = (this as PooledSocket)[STATE];
      if (st.handler) {
        st.handler.upstreamClose(this);
        return;
      }
      const list = idle.get(st.key);
      const i = list ? list.indexOf(this as PooledSocket) : -1;
      if (i >= 0) list!.splice(i, 1);
    };
  })();
}

// While idle (no handler), bytes, end, errors or a timeout mean the connection cannot carry another request.
function onData(this: net.Socket, chunk: Buffer): void {
  const h = (this as PooledSocket)[STATE].handler;
  if (h) h.upstreamData(this, chunk);
  else this.destroy();
}
function onError(this: net.Socket, e: NodeJS.ErrnoException): void {
  const h = (this as PooledSocket)[STATE].handler;
  if (h) h.upstreamError(this, e);
  else this.destroy();
}
function onTimeout(this: net.Socket): void {
  const h = (this as PooledSocket)[STATE].handler;
  if (h) h.upstreamTimeout(this);
  else this.destroy();
}
function onDrain(this: net.Socket): void {
  (this as PooledSocket)[STATE].handler?.upstreamDrain(this);
}
function onEnd(this: net.Socket): void {
  // The server half-closed: nothing more can be sent on it; 'close' follows once both sides are done.
  if (!(this as PooledSocket)[STATE].handler) this.destroy();
  else this.end();
}
