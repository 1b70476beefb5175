// A framed TCP channel: reads whole frames from a socket in order (await next()) and writes with backpressure.
// Both sides of a transfer use it, so socket errors, closes and inactivity timeouts surface as one rejection.
import type { Socket } from 'node:net';
import { FrameDecoder, FrameError, type Frame, type FrameTypeValue, encodeFrame, encodeJson } from './frames.js';

export class ChannelClosed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelClosed';
  }
}

export class Channel {
  private readonly decoder = new FrameDecoder();
  private readonly queue: Frame[] = [];
  private waiter: { resolve: (f: Frame) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(
    readonly socket: Socket,
    inactivityMs = 0,
  ) {
    socket.setNoDelay(true);
    if (inactivityMs > 0) {
      socket.setTimeout(inactivityMs, () => this.fail(new ChannelClosed('socket inactivity timeout')));
    }
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.decoder.push(chunk);
      } catch (e) {
        this.fail(e as Error);
        socket.destroy();
        return;
      }
      for (const f of frames) this.deliver(f);
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new ChannelClosed('connection closed by peer')));
  }

  /** The next frame; rejects with FrameError on a malformed stream, ChannelClosed on close/timeout. */
  next(): Promise<Frame> {
    const f = this.queue.shift();
    if (f) {
      if (this.queue.length < 16 && this.socket.isPaused()) this.socket.resume();
      return Promise.resolve(f);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** A frame if one is already buffered, without waiting. */
  poll(): Frame | undefined {
    return this.queue.shift();
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  async send(type: FrameTypeValue, payload: Buffer): Promise<void> {
    await this.write(encodeFrame(type, payload));
  }

  async sendJson(type: FrameTypeValue, body: unknown): Promise<void> {
    await this.write(encodeJson(type, body));
  }

  private write(buf: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.socket.write(buf)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off('drain', onDrain);
        reject(this.failure ?? new ChannelClosed('connection closed while writing'));
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  /** Half-closes after flushing, then waits for the socket to close (bounded). */
  end(): void {
    this.socket.end();
    this.socket.setTimeout(5000, () => this.socket.destroy());
  }

  destroy(): void {
    this.socket.destroy();
  }

  private deliver(f: Frame): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.resolve(f);
      return;
    }
    this.queue.push(f);
    if (this.queue.length >= 64) this.socket.pause();
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e instanceof FrameError || e instanceof ChannelClosed ? e : new ChannelClosed(e.message);
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.failure);
  }
}
