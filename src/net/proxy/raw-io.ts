// Socket reads and writes on the native stream handle for the HTTP proxy core: reads go straight from the handle's
// callback to the connection (no Readable push/emit per chunk), and a response head with its body leaves in one
// writev without the Writable layer. The per-chunk cost of those layers was most of the proxy's own CPU (docs/performance.md).
// Plain TCP sockets only; TLS sockets (and any socket whose handle lacks these methods) keep the stream API.
import net from 'node:net';
import { getSystemErrorName } from 'node:util';

interface StreamHandle {
  onread: (arrayBuffer?: ArrayBuffer) => unknown;
  reading?: boolean;
  readStart(): number;
  readStop(): number;
  writeBuffer(req: WriteReq, data: Uint8Array): number;
  writeLatin1String(req: WriteReq, data: string): number;
  writev(req: WriteReq, chunks: Array<Buffer | string>, allBuffers: boolean): number;
}

interface WriteReq {
  handle: StreamHandle;
  oncomplete: (status: number) => void;
  keep?: unknown;
  /** The socket an in-flight write belongs to: a field on the request, as a WeakMap entry per write would slow
   *  every young-generation GC. */
  owner?: RawSocket | undefined;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  kReadBytesOrError: number;
  kArrayBufferOffset: number;
  kLastWriteWasAsync: number;
  streamBaseState: Int32Array;
}

const UV_EOF = -4095;

function loadBinding(): StreamWrapBinding | undefined {
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kReadBytesOrError === 'number' && typeof b.kArrayBufferOffset === 'number' && typeof b.kLastWriteWasAsync === 'number') {
      return b as StreamWrapBinding;
    }
  } catch {
    // not available: the stream API is used
  }
  return undefined;
}

/** KUMO_PROXY_STREAM_IO=1 keeps Node's stream API, for A/B measurements against the native path. */
const binding = process.env.KUMO_PROXY_STREAM_IO === '1' ? undefined : loadBinding();
const RAW = Symbol('kumo.rawio');

/** A socket's raw reader: pause/resume replace socket.pause()/resume() (which would not stop the handle). */
export interface RawReader {
  paused: boolean;
}

type RawSocket = net.Socket & { [RAW]?: RawState; _handle?: StreamHandle | null; _unrefTimer(): void };

interface RawState extends RawReader {
  handle: StreamHandle;
  /** A WriteWrap free for the next write (the last one completed synchronously). */
  req: WriteReq | undefined;
  /** Raw writes still in the kernel's hands. */
  inFlight: number;
}

function plainHandle(socket: net.Socket): StreamHandle | undefined {
  if ((socket as { encrypted?: boolean }).encrypted === true) return undefined;
  const h = (socket as RawSocket)._handle;
  if (!h || typeof h.readStart !== 'function' || typeof h.writeBuffer !== 'function' || typeof h.writev !== 'function' || typeof h.writeLatin1String !== 'function') return undefined;
  return h;
}

/**
 * Delivers the socket's reads to `onData` straight from the handle (each chunk a Buffer of its own, safe to keep).
 * EOF and errors take the socket's usual path ('end', then 'close'; destroy with the error), so 'end', 'error'
 * and 'close' listeners work as before. False when the socket keeps 'data' events (TLS, no handle yet).
 */
export function readRaw(socket: net.Socket, onData: (this: net.Socket, chunk: Buffer) => void): boolean {
  const handle = binding ? plainHandle(socket) : undefined;
  if (!handle || !binding) return false;
  const { streamBaseState, kReadBytesOrError, kArrayBufferOffset } = binding;
  const s = socket as RawSocket;
  const state: RawState = { handle, paused: false, req: undefined, inFlight: 0 };
  s[RAW] = state;
  handle.onread = (arrayBuffer?: ArrayBuffer) => {
    const n = streamBaseState[kReadBytesOrError]!;
    if (s.destroyed) return;
    if (s.timeout) s._unrefTimer(); // an idle timeout counts reads, as Node's own read path does
    if (n > 0) {
      onData.call(s, Buffer.from(arrayBuffer!, streamBaseState[kArrayBufferOffset], n));
      return;
    }
    if (n === 0) return;
    if (n === UV_EOF) {
      // As Node's onStreamRead: the readable side ends ('end' follows), so autoDestroy and allowHalfOpen apply.
      handle.reading = false;
      s.push(null);
      s.read(0);
      return;
    }
    const code = getSystemErrorName(n);
    s.destroy(Object.assign(new Error(`read ${code}`), { errno: n, code, syscall: 'read' }));
  };
  return true;
}

/** Stops reading (raw or stream). */
export function pauseReads(socket: net.Socket): void {
  const st = (socket as RawSocket)[RAW];
  if (!st) {
    socket.pause();
    return;
  }
  if (st.paused) return;
  st.paused = true;
  st.handle.reading = false;
  st.handle.readStop();
}

/** Reads again (raw or stream). */
export function resumeReads(socket: net.Socket): void {
  const st = (socket as RawSocket)[RAW];
  if (!st) {
    socket.resume();
    return;
  }
  if (!st.paused || socket.destroyed) return;
  st.paused = false;
  st.handle.reading = true;
  st.handle.readStart();
}

export function readsPaused(socket: net.Socket): boolean {
  const st = (socket as RawSocket)[RAW];
  return st ? st.paused : socket.isPaused();
}

function onRawWriteDone(this: WriteReq, status: number): void {
  const socket = this.owner;
  this.owner = undefined;
  if (!socket) return;
  const st = socket[RAW];
  if (st) st.inFlight--;
  if (status < 0) {
    if (!socket.destroyed) {
      const code = getSystemErrorName(status);
      socket.destroy(Object.assign(new Error(`write ${code}`), { errno: status, code, syscall: 'write' }));
    }
    return;
  }
  if (st && st.inFlight === 0 && !socket.destroyed) socket.emit('drain');
}

/**
 * Writes `pieces` (latin1 strings and Buffers) in order, in one syscall when the kernel takes them. Returns false
 * when some of it waits (the caller stops its source until 'drain', as with socket.write). Goes through the
 * socket's Writable when the raw path cannot keep the order (bytes already queued there, still connecting, TLS).
 */
export function writeOut(socket: net.Socket, pieces: ReadonlyArray<Buffer | string>): boolean {
  const s = socket as RawSocket;
  const st = s[RAW];
  if (!st || !binding || s.connecting || s.destroyed || !s.writable || s.writableLength > 0 || s._handle !== st.handle) {
    if (pieces.length === 1) return typeof pieces[0] === 'string' ? socket.write(pieces[0], 'latin1') : socket.write(pieces[0]!);
    socket.cork();
    let ok = true;
    for (const p of pieces) ok = (typeof p === 'string' ? socket.write(p, 'latin1') : socket.write(p)) && ok;
    socket.uncork();
    return ok;
  }
  const req = st.req ?? new binding.WriteWrap();
  req.handle = st.handle;
  req.oncomplete = onRawWriteDone;
  let err: number;
  let keep: unknown;
  if (pieces.length === 1) {
    const p = pieces[0]!;
    err = typeof p === 'string' ? st.handle.writeLatin1String(req, p) : st.handle.writeBuffer(req, p);
    keep = p;
  } else {
    const chunks: Array<Buffer | string> = [];
    for (const p of pieces) chunks.push(p, typeof p === 'string' ? 'latin1' : 'buffer');
    err = st.handle.writev(req, chunks, false);
    keep = chunks;
  }
  if (s.timeout) s._unrefTimer();
  if (err !== 0) {
    st.req = undefined;
    const code = getSystemErrorName(err);
    s.destroy(Object.assign(new Error(`write ${code}`), { errno: err, code, syscall: 'write' }));
    return false;
  }
  if (binding.streamBaseState[binding.kLastWriteWasAsync]) {
    // The kernel took part of it; libuv sends the rest from these buffers, so they are kept until done.
    req.keep = keep;
    st.req = undefined;
    st.inFlight++;
    req.owner = s;
    return false;
  }
  st.req = req;
  return st.inFlight === 0;
}

/** Whether raw writes of this socket are still in flight (its Writable does not count them). */
export function rawWritesPending(socket: net.Socket): boolean {
  const st = (socket as RawSocket)[RAW];
  return st !== undefined && st.inFlight > 0;
}
