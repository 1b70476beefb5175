// Keep-alive upstream connections for the proxy core: idle sockets per (address, port, local address) are reused
// instead of connecting per request; an idle socket the server closes, or that receives bytes, is dropped.
import net from 'node:net';

export interface UpstreamTarget {
  host: string;
  port: number;
  /** Bind the upstream socket to this local address (NLB client-IP preservation, node addresses). */
  localAddress?: string;
}

export interface PoolOptions {
  /** Idle connections kept per target. */
  maxIdlePerTarget?: number;
  /** An idle connection is closed after this long (socket inactivity timer, not the runtime clock: it is I/O
   *  housekeeping, not AWS behaviour over time). */
  idleTimeoutMs?: number;
}

const IDLE_KEY = Symbol('kumo.pool.key');
type PooledSocket = net.Socket & { [IDLE_KEY]?: string };

function keyOf(t: UpstreamTarget): string {
  return t.localAddress ? `${t.host}|${t.port}|${t.localAddress}` : `${t.host}|${t.port}`;
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

  /** An idle connection to the target (reused: true) or a new one, connecting. */
  acquire(target: UpstreamTarget): { socket: net.Socket; reused: boolean } {
    const list = this.idle.get(keyOf(target));
    while (list && list.length > 0) {
      const s = list.pop()!;
      if (s.destroyed || !s.writable) continue;
      this.unpark(s);
      return { socket: s, reused: true };
    }
    const socket = net.connect({ host: target.host, port: target.port, localAddress: target.localAddress });
    socket.setNoDelay(true);
    return { socket, reused: false };
  }

  /** Returns a connection whose last response was read in full; the caller has removed its own listeners. */
  release(target: UpstreamTarget, socket: net.Socket): void {
    if (this.closed || socket.destroyed || !socket.writable) {
      socket.destroy();
      return;
    }
    const key = keyOf(target);
    let list = this.idle.get(key);
    if (!list) this.idle.set(key, (list = []));
    if (list.length >= this.maxIdle) {
      socket.destroy();
      return;
    }
    const s = socket as PooledSocket;
    s[IDLE_KEY] = key;
    s.on('data', onIdleEvent).on('end', onIdleEvent).on('error', onIdleEvent).on('close', this.onIdleClose).on('timeout', onIdleEvent);
    s.setTimeout(this.idleTimeoutMs);
    list.push(s);
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

  private unpark(s: PooledSocket): void {
    s.removeListener('data', onIdleEvent).removeListener('end', onIdleEvent).removeListener('error', onIdleEvent);
    s.removeListener('close', this.onIdleClose).removeListener('timeout', onIdleEvent);
    s.setTimeout(0);
    delete s[IDLE_KEY];
  }

  // A listener shared by all idle sockets: EventEmitter calls it with `this` = the socket that closed.
  private readonly onIdleClose: (this: net.Socket) => void = (() => {
    const forget = (s: net.Socket): void => this.forget(s);
    return function (this: net.Socket): void {
      forget(this);
    };
  })();

  /** Called by sockets closing while idle. */
  forget(s: net.Socket): void {
    const key = (s as PooledSocket)[IDLE_KEY];
    if (key === undefined) return;
    const list = this.idle.get(key);
    if (!list) return;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
  }
}

// Bytes, end, error or timeout on an idle connection: it cannot carry another request; closing it fires 'close'.
function onIdleEvent(this: net.Socket): void {
  this.destroy();
}
