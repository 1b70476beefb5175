// Byte relay between two plain TCP sockets (NLB TCP listeners): each side's reads land in a fixed per-direction
// buffer and are written to the other side from the same callback, on the sockets' native handles, skipping Node's
// Readable/Writable layers, whose per-chunk work cost more CPU than the send itself (docs/performance.md, ELB).
// Half-close passes through (a FIN from one side becomes a FIN to the other, as HAProxy and NLB do); an error or reset
// on either side destroys both. Sockets without the expected handle (TLS, other runtimes) use pipe() instead.
import net from 'node:net';

/** The subset of Node's stream handle (src/stream_base.cc, LibuvStreamWrap) the relay drives. */
interface StreamHandle {
  onread: (arrayBuffer?: ArrayBuffer) => unknown;
  readStart(): number;
  readStop(): number;
  writeBuffer(req: WriteReq, data: Uint8Array): number;
  useUserBuffer(buffer: Uint8Array): void;
}

interface WriteReq {
  handle: StreamHandle;
  oncomplete: (status: number) => void;
  buffer?: Uint8Array;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  kReadBytesOrError: number;
  kLastWriteWasAsync: number;
  streamBaseState: Int32Array;
}

/** libuv's UV_EOF on every platform. */
const UV_EOF = -4095;
/** Per-direction read buffer: HAProxy's default tune.bufsize, so both proxies read and send in the same sizes. */
export const RELAY_BUFFER_BYTES = 16 * 1024;

function loadBinding(): StreamWrapBinding | undefined {
  try {
    // The same binding net.Socket writes through; process.binding keeps 'stream_wrap' on its allow list (Node 20).
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kReadBytesOrError === 'number' && typeof b.kLastWriteWasAsync === 'number') return b as StreamWrapBinding;
  } catch {
    // not available: pipe() is used
  }
  return undefined;
}

/** KUMO_PROXY_STREAM_IO=1 keeps Node's streams (pipe()), for A/B measurements against the native path. */
const binding = process.env.KUMO_PROXY_STREAM_IO === '1' ? undefined : loadBinding();

function rawHandle(socket: net.Socket): StreamHandle | undefined {
  const h = (socket as unknown as { _handle?: Partial<StreamHandle> | null })._handle;
  if (!h || typeof h.readStart !== 'function' || typeof h.writeBuffer !== 'function' || typeof h.useUserBuffer !== 'function') return undefined;
  return h as StreamHandle;
}

/** Bytes a relay moved, for the flow counters (the sockets' own bytesRead/bytesWritten do not see raw reads). */
export interface RelayStats {
  /** Bytes read from `a` plus bytes written to it, as `a.bytesRead + a.bytesWritten` counts them on a piped pair. */
  bytes(): number;
  /** Times a side stopped being read because the other side's kernel buffer was full (backpressure). */
  stalls(): number;
}

/** Whether relay() will take the native path for this pair; false → it pipes. */
export function canRelayNatively(a: net.Socket, b: net.Socket): boolean {
  return binding !== undefined && !isTls(a) && !isTls(b);
}

function isTls(s: net.Socket): boolean {
  return (s as { encrypted?: boolean }).encrypted === true;
}

/**
 * Relays bytes between `a` (an accepted socket) and `b` (a socket the caller is connecting) until both directions
 * have ended or either fails; the caller listens for 'close'/'error' on both to clean up, as with pipe(). Bytes
 * `a` sends before `b` connects wait in the kernel (reading starts once `b` is connected).
 */
export function relay(a: net.Socket, b: net.Socket): RelayStats {
  if (!canRelayNatively(a, b)) {
    a.pipe(b);
    b.pipe(a);
    return { bytes: () => a.bytesRead + a.bytesWritten, stalls: () => 0 };
  }
  let moved = 0;
  let stalls = 0;
  let native = true;
  const ha = rawHandle(a);
  // Stop `a`'s stream reading now (it was started on accept): nothing is read until both ends can be wired.
  if (ha) {
    ha.readStop();
    (ha as { reading?: boolean }).reading = false;
  }
  b.pause();
  const start = (): void => {
    const h1 = rawHandle(a);
    const h2 = rawHandle(b);
    if (!h1 || !h2 || a.destroyed || b.destroyed) {
      // Unexpected handle shape after connect: fall back to streams for this connection.
      native = false;
      a.resume();
      b.resume();
      a.pipe(b);
      b.pipe(a);
      return;
    }
    const ended = { a: false, b: false };
    const finish = (): void => {
      if (ended.a && ended.b) {
        // Both sides sent FIN and got ours: close once the shutdowns (queued after pending writes) are done.
        let left = 2;
        const done = (): void => {
          if (--left === 0) {
            a.destroy();
            b.destroy();
          }
        };
        if (a.writableFinished) done();
        else a.once('finish', done);
        if (b.writableFinished) done();
        else b.once('finish', done);
      }
    };
    const fail = (): void => {
      a.destroy();
      b.destroy();
    };
    const count = (n: number): void => {
      if (n < 0) stalls++;
      else moved += n;
    };
    wire(h1, h2, b, count, () => ((ended.a = true), finish()), fail);
    wire(h2, h1, a, count, () => ((ended.b = true), finish()), fail);
  };
  if (b.connecting) b.once('connect', start);
  else queueMicrotask(start);
  return { bytes: () => (native ? moved : a.bytesRead + a.bytesWritten), stalls: () => stalls };
}

/**
 * One direction: reads of `src` are written to `dst` at once. A write the kernel only partly took goes on
 * asynchronously from the same buffer, so `src` stops reading until it is done (backpressure, and `buf` is not
 * overwritten under libuv's pending write).
 */
function wire(src: StreamHandle, dst: StreamHandle, dstSocket: net.Socket, count: (bytesOrStall: number) => void, onEof: () => void, fail: () => void): void {
  const { WriteWrap, streamBaseState, kReadBytesOrError, kLastWriteWasAsync } = binding!;
  const buf = Buffer.allocUnsafeSlow(RELAY_BUFFER_BYTES);
  let req: WriteReq | undefined;
  // The last view of `buf` handed to a write, reused when the next read has the same length (request/answer
  // protocols repeat sizes; a new view per read was ~2 % of the relay's CPU).
  let view = buf.subarray(0, 0);
  let inFlight = 0;
  let eof = false;
  const written = (status: number): void => {
    inFlight--;
    if (status < 0) fail();
    else if (inFlight === 0 && !eof) src.readStart();
  };
  src.useUserBuffer(buf);
  src.onread = () => {
    const n = streamBaseState[kReadBytesOrError]!;
    if (n > 0) {
      count(n);
      const chunk = view.length === n ? view : (view = buf.subarray(0, n));
      const r = req ?? new WriteWrap();
      r.handle = dst;
      r.oncomplete = written;
      if (dst.writeBuffer(r, chunk) !== 0) return fail();
      if (streamBaseState[kLastWriteWasAsync]) {
        r.buffer = chunk;
        req = undefined;
        inFlight++;
        src.readStop();
        count(-1);
      } else req = r; // a write done at once leaves the request object free for the next one
      return;
    }
    if (n === 0) return;
    if (n === UV_EOF) {
      eof = true;
      src.readStop();
      dstSocket.end(); // FIN to the other side once the writes before it are sent (libuv orders the shutdown)
      onEof();
      return;
    }
    fail();
  };
  src.readStart();
}
