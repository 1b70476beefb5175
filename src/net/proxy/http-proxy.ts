// The HTTP/1.1 reverse-proxy engine on raw sockets: per client connection, parse a request head, ask the handler
// for a plan (forward to an upstream with an edited head, or write a complete response), stream bodies unchanged.
import net from 'node:net';
import tls from 'node:tls';
import { BodyFramer } from './body-framing.js';
import { buildResponseHead, findHeadEnd, HttpParseError, MAX_HEAD_BYTES, parseRequestHead, parseResponseHead, type HeadEdits, type HttpHead } from './http-head.js';
import { pauseReads, readRaw, readsPaused, resumeReads, writeOut } from './raw-io.js';
import type { UpstreamHandler, UpstreamPool, UpstreamTarget } from './upstream-pool.js';

export interface ClientInfo {
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
}

export type UpstreamFailure = 'connect' | 'timeout' | 'reset' | 'bad-response';

export interface ForwardPlan {
  kind: 'forward';
  target: UpstreamTarget;
  /** The complete head to send (buildRequestHead). */
  head: string;
  /** Edits to the response head for the client (e.g. stickiness cookies as appended Set-Cookie). */
  responseEdits?: HeadEdits;
  /** Edits that depend on the upstream's response head (e.g. ALB app_cookie stickiness); wins over responseEdits. */
  responseEditsFor?(head: HttpHead): HeadEdits | undefined;
  /** Inactivity timeout of the upstream connection while connecting and waiting (ms, a socket timer set once per
   *  connection: ALB's idle timeout). */
  responseTimeoutMs?: number;
  /** The complete response sent when the upstream fails before a response head arrived (ALB 502/504). */
  onFailure(kind: UpstreamFailure): Buffer;
  /** Called once when the exchange ends: status sent to the client (0 when the client went away), and the
   *  exchange's byte counts (read them during the call: the object is reused for the connection's next request). */
  onDone?(status: number, failure: UpstreamFailure | undefined, stats: ExchangeStats): void;
  /** Record when the response head arrived (ExchangeStats.responseHeadAt), for access logs' processing times. */
  timed?: boolean;
}

/** One exchange's sizes as ELB access logs count them (heads included) and, for timed plans, when the response
 *  head arrived (performance.now(), 0 when none did). */
export interface ExchangeStats {
  readonly receivedBytes: number;
  readonly sentBytes: number;
  /** Of sentBytes, the final response head's (CLB logs count bodies only). */
  readonly responseHeadBytes: number;
  readonly responseHeadAt: number;
}

export interface RespondPlan {
  kind: 'respond';
  /** A complete HTTP/1.1 response (completeResponse). */
  response: Buffer;
  /** Close the client connection after writing it. */
  close?: boolean;
  /** More bytes written after `response` in the same corked write (a cached body kept as its own Buffer). */
  parts?: readonly Buffer[];
  /** A body streamed after `response` and `parts` (a cached body kept in a file), with backpressure; the
   *  connection reads no further request until it ends, and destroys it when the client goes away. */
  stream?: NodeJS.ReadableStream & { destroy(): void };
}

/** A plan that needs I/O first (the CloudFront edge filling its cache): the connection reads no further request
 *  until it settles; a rejected promise closes the connection. */
export interface PendingPlan {
  kind: 'pending';
  plan: Promise<ForwardPlan | RespondPlan>;
}

/** Decide only after reading up to `limit` bytes of the request body (a WAF inspecting bodies): `decide` gets the
 *  raw body bytes as framed on the wire (at most `limit` of them, fewer when the body is shorter) and whether the
 *  whole body is among them; the plan it returns goes on as if the handler had returned it, with the bytes read so
 *  far forwarded first. A request without a body is decided at once. */
export interface InspectBodyPlan {
  kind: 'inspect-body';
  limit: number;
  decide(body: Buffer, complete: boolean): ForwardPlan | RespondPlan | PendingPlan;
}

export type ProxyPlan = ForwardPlan | RespondPlan;

export interface HttpProxyOptions {
  pool: UpstreamPool;
  handler(request: HttpHead, client: ClientInfo, socket: net.Socket): ProxyPlan | InspectBodyPlan | PendingPlan;

  /** The response to malformed request bytes (then the connection closes); undefined closes silently. */
  badRequest?(error: HttpParseError): Buffer | undefined;
  /** Client connection idle timeout (ALB idle_timeout.timeout_seconds, 60 s). */
  clientIdleTimeoutMs?: number;
}

const enum St {
  Head,
  Forwarding,
  Closed,
  /** Reading the first bytes of a request body for an InspectBodyPlan. */
  Inspecting,
  /** Waiting for a PendingPlan to settle. */
  Waiting,
}

/** One client connection's state machine. Listener functions are bound once per connection, not per request. */
class ClientConnection implements UpstreamHandler, ExchangeStats {
  private state: St = St.Head;
  receivedBytes = 0;
  sentBytes = 0;
  responseHeadBytes = 0;
  responseHeadAt = 0;
  private pending: Buffer | undefined;
  /** Response bytes gathered while one upstream chunk is handled, written together by flushOut(). */
  private out: Array<Buffer | string> = [];
  private readonly reqBody = new BodyFramer();
  private readonly resBody = new BodyFramer();
  private request: HttpHead | undefined;
  private plan: ForwardPlan | undefined;
  private upstream: net.Socket | undefined;
  private upstreamReused = false;
  private resHeadBuf: Buffer | undefined;
  private resHead: HttpHead | undefined;
  private wroteToClient = false;
  private closeAfter = false;
  private clientEnded = false;
  private inspecting: { plan: InspectBodyPlan; chunks: Buffer[]; got: number } | undefined;
  /** The body a RespondPlan streams (St.Waiting meanwhile). */
  private streaming: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
  private readonly info: ClientInfo;

  constructor(
    private readonly client: net.Socket,
    private readonly opts: HttpProxyOptions,
  ) {
    this.info = { remoteAddress: client.remoteAddress ?? '', remotePort: client.remotePort ?? 0, localAddress: client.localAddress ?? '', localPort: client.localPort ?? 0 };
    client.setNoDelay(true);
    // Plain TCP: reads come straight from the handle (raw-io); TLS keeps 'data' events.
    if (!readRaw(client, this.onClientData)) client.on('data', this.onClientData);
    client.on('error', this.onClientGone);
    client.on('close', this.onClientGone);
    client.on('end', this.onClientEnd);
    client.on('drain', this.onClientDrain);
    if (opts.clientIdleTimeoutMs) {
      client.setTimeout(opts.clientIdleTimeoutMs);
      client.on('timeout', () => client.destroy());
    }
  }

  private readonly onClientData = (chunk: Buffer): void => {
    if (this.state === St.Closed) return;
    if (this.state === St.Waiting) {
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      pauseReads(this.client);
      return;
    }
    if (this.state === St.Forwarding && this.reqBody.done) {
      // Pipelined bytes of the next request: kept until this response is complete.
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      pauseReads(this.client);
      return;
    }
    try {
      this.feed(chunk);
    } catch (e) {
      this.fail(e);
    }
  };

  private feed(input: Buffer): void {
    let buf = input;
    let off = 0;
    while (off < buf.length && this.state !== St.Closed) {
      if (this.state === St.Waiting) {
        this.pending = this.pending ? Buffer.concat([this.pending, buf.subarray(off)]) : buf.subarray(off);
        pauseReads(this.client);
        return;
      }
      if (this.state === St.Inspecting) {
        const ins = this.inspecting!;
        const n = this.reqBody.consume(buf, off, Math.min(buf.length, off + ins.plan.limit - ins.got));
        ins.chunks.push(buf.subarray(off, off + n));
        ins.got += n;
        this.receivedBytes += n;
        off += n;
        if (this.reqBody.done || ins.got >= ins.plan.limit) this.decideInspected();
        if ((this.state as St) === St.Head && !this.reqBody.done) {
          this.state = St.Forwarding; // a direct answer: the rest of the body is read and discarded
          this.plan = undefined;
        }
        continue;
      }
      if (this.state === St.Forwarding) {
        if (this.reqBody.done) {
          this.pending = buf.subarray(off);
          pauseReads(this.client);
          return;
        }
        const n = this.reqBody.consume(buf, off, buf.length);
        if (n > 0) this.writeUpstream(buf.subarray(off, off + n));
        this.receivedBytes += n;
        off += n;
        if (this.reqBody.done && !this.plan) this.state = St.Head; // the discarded body of a direct answer ended
        continue;
      }
      // St.Head: gather a complete head.
      if (this.pending) {
        buf = Buffer.concat([this.pending, buf.subarray(off)]);
        off = 0;
        this.pending = undefined;
      }
      const end = findHeadEnd(buf, off);
      if (end < 0) {
        if (buf.length - off > MAX_HEAD_BYTES) throw new HttpParseError('request head too large', 431);
        this.pending = off === 0 ? buf : buf.subarray(off);
        return;
      }
      const view = off === 0 ? buf : buf.subarray(off);
      const head = parseRequestHead(view, end - off);
      off = end;
      this.startExchange(head);
      if (this.state === St.Head && !this.reqBody.done) {
        // A request answered directly: its body is read and discarded.
        const n = this.reqBody.consume(buf, off, buf.length);
        off += n;
        if (!this.reqBody.done) {
          this.state = St.Forwarding; // absorbs the rest of the body, with no upstream
          this.plan = undefined;
        }
      }
    }
  }

  private startExchange(head: HttpHead): void {
    this.request = head;
    this.receivedBytes = head.length;
    this.sentBytes = 0;
    this.responseHeadBytes = 0;
    this.responseHeadAt = 0;
    this.reqBody.forRequest(head);
    let plan = this.opts.handler(head, this.info, this.client);
    if (plan.kind === 'inspect-body') {
      if (!this.reqBody.done && plan.limit > 0) {
        this.inspecting = { plan, chunks: [], got: 0 };
        this.state = St.Inspecting;
        return;
      }
      plan = plan.decide(Buffer.alloc(0), this.reqBody.done);
    }
    this.runPlan(head, plan);
  }

  /** The inspected body bytes are in: the plan decides, and a forward starts with those bytes. */
  private decideInspected(): void {
    const ins = this.inspecting!;
    this.inspecting = undefined;
    this.state = St.Head;
    const body = ins.chunks.length === 1 ? ins.chunks[0]! : Buffer.concat(ins.chunks);
    this.runPlan(this.request!, ins.plan.decide(body, this.reqBody.done));
    if ((this.state as St) === St.Forwarding && body.length > 0) this.writeUpstream(body);
  }

  private runPlan(head: HttpHead, plan: ProxyPlan | PendingPlan): void {
    if (plan.kind === 'pending') {
      this.state = St.Waiting;
      plan.plan.then(
        (settled) => {
          if (this.state !== St.Waiting) {
            if (settled.kind === 'respond') settled.stream?.destroy();
            return; // the client went away meanwhile
          }
          this.state = St.Head;
          this.runPlan(head, settled);
          if (this.state === St.Head && !this.reqBody.done) {
            this.state = St.Forwarding; // a direct answer: the rest of the body is read and discarded
            this.plan = undefined;
          }
          if (this.state === St.Head || this.state === St.Forwarding) this.continueReading();
        },
        () => {
          if (this.state === St.Waiting) this.destroyClient();
        },
      );
      return;
    }
    if (plan.kind === 'respond') {
      writeOut(this.client, plan.parts ? [plan.response, ...plan.parts] : [plan.response]);
      if (plan.stream) this.streamBody(plan.stream, plan.close === true || !head.keepAlive);
      else if (plan.close || !head.keepAlive) this.endClient();
      return;
    }
    this.plan = plan;
    this.closeAfter = !head.keepAlive;
    this.wroteToClient = false;
    this.resHead = undefined;
    this.resHeadBuf = undefined;
    this.state = St.Forwarding;
    this.connectUpstream();
  }

  /** Writes a RespondPlan's streamed body, pausing it while the client's buffer is full; then reads on. */
  private streamBody(stream: NodeJS.ReadableStream & { destroy(): void }, close: boolean): void {
    this.state = St.Waiting;
    this.streaming = stream;
    stream.on('data', (chunk: Buffer) => {
      if (this.streaming !== stream) return;
      this.sentBytes += chunk.length;
      if (!this.client.write(chunk)) stream.pause();
    });
    stream.on('end', () => {
      if (this.streaming !== stream) return;
      this.streaming = undefined;
      if (this.state !== St.Waiting) return;
      this.state = St.Head;
      if (close) {
        this.endClient();
        return;
      }
      if (!this.reqBody.done) {
        this.state = St.Forwarding; // a direct answer: the rest of the body is read and discarded
        this.plan = undefined;
      }
      this.continueReading();
    });
    stream.on('error', () => {
      if (this.streaming !== stream) return;
      this.streaming = undefined;
      // Part of the body may be out: the client can only learn of the failure by the connection closing.
      if (this.state === St.Waiting) this.destroyClient();
    });
  }

  private connectUpstream(): void {
    const plan = this.plan!;
    const { socket, reused } = this.opts.pool.acquire(plan.target, this, plan.responseTimeoutMs ?? 0);
    this.upstream = socket;
    this.upstreamReused = reused;
    writeOut(socket, [plan.head]);
  }

  private writeUpstream(bytes: Buffer): void {
    if (!this.upstream) return; // body of a directly answered request, or after a failure
    if (!writeOut(this.upstream, [bytes])) pauseReads(this.client);
  }

  upstreamDrain(socket: net.Socket): void {
    if (socket === this.upstream && this.state === St.Forwarding && !this.reqBody.done) resumeReads(this.client);
  }

  private readonly onClientDrain = (): void => {
    if (this.upstream) resumeReads(this.upstream);
    this.streaming?.resume();
  };

  upstreamData(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.upstream) return;
    // Gathered: a response head and the body bytes that came with it leave in one writev, one syscall instead of two.
    try {
      this.onResponseBytes(chunk);
    } catch {
      this.upstreamFailed('bad-response');
    }
    if (this.out.length > 0 && !this.flushOut() && this.upstream) pauseReads(this.upstream);
  }

  /** Writes the gathered response bytes; false when the client's buffer is full ('drain' follows). */
  private flushOut(): boolean {
    const out = this.out;
    if (out.length === 0) return true;
    this.out = [];
    return writeOut(this.client, out);
  }

  private onResponseBytes(chunk: Buffer): void {
    let buf = chunk;
    let off = 0;
    while (off < buf.length) {
      if (this.resHead) {
        const n = this.resBody.consume(buf, off, buf.length);
        if (n > 0) this.out.push(buf.subarray(off, off + n));
        this.sentBytes += n;
        off += n;
        if (this.resBody.done) {
          this.finishExchange(off === buf.length && this.resHead.keepAlive);
          return;
        }
        continue;
      }
      if (this.resHeadBuf) {
        buf = Buffer.concat([this.resHeadBuf, buf.subarray(off)]);
        off = 0;
        this.resHeadBuf = undefined;
      }
      const end = findHeadEnd(buf, off);
      if (end < 0) {
        if (buf.length - off > MAX_HEAD_BYTES) throw new HttpParseError('response head too large', 502);
        this.resHeadBuf = buf.subarray(off);
        return;
      }
      const head = parseResponseHead(off === 0 ? buf : buf.subarray(off), end - off);
      off = end;
      if (head.status >= 100 && head.status < 200) {
        // Interim responses (100 Continue) pass through; the final one follows.
        if (head.status !== 101) {
          const interim = buildResponseHead(head);
          this.sentBytes += interim.length;
          this.out.push(interim);
        }
        this.wroteToClient = true;
        continue;
      }
      this.resHead = head;
      this.resBody.forResponse(head, this.request!.method);
      if (this.resBody.kind === 'close') this.closeAfter = true;
      const plan = this.plan!;
      if (plan.timed) this.responseHeadAt = performance.now();
      const out = buildResponseHead(head, plan.responseEditsFor?.(head) ?? plan.responseEdits, this.closeAfter);
      this.sentBytes += out.length;
      this.responseHeadBytes = out.length;
      this.out.push(out);
      this.wroteToClient = true;
      if (this.resBody.done) {
        this.finishExchange(off === buf.length && head.keepAlive);
        return;
      }
    }
  }

  /** The response is complete: the upstream goes back to the pool when reusable, the client reads on. */
  private finishExchange(upstreamReusable: boolean): void {
    this.flushOut();
    const up = this.detachUpstream();
    const plan = this.plan!;
    if (up) {
      if (upstreamReusable && this.reqBody.done) this.opts.pool.release(up);
      else this.opts.pool.discard(up);
    }
    if (!this.reqBody.done) this.closeAfter = true; // the rest of an unread body cannot be told from a next request
    plan.onDone?.(this.resHead?.status ?? 0, undefined, this);
    this.plan = undefined;
    this.state = St.Head;
    if (this.closeAfter) {
      this.endClient();
      return;
    }
    this.continueReading();
  }

  /** Back to reading heads: pipelined bytes first; a client that half-closed is closed once they are answered. */
  private continueReading(): void {
    const rest = this.pending;
    this.pending = undefined;
    resumeReads(this.client);
    if (rest && rest.length > 0) this.onClientData(rest);
    if (this.clientEnded && this.state === St.Head) this.endClient();
  }

  private discardUpstream(): void {
    const up = this.detachUpstream();
    if (up) this.opts.pool.discard(up);
  }

  private detachUpstream(): net.Socket | undefined {
    const up = this.upstream;
    if (!up) return undefined;
    if (readsPaused(up)) resumeReads(up);
    this.upstream = undefined;
    return up;
  }

  upstreamError(socket: net.Socket, e: NodeJS.ErrnoException): void {
    if (socket !== this.upstream) {
      socket.destroy();
      return;
    }
    const connecting = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'EADDRNOTAVAIL';
    this.upstreamFailed(connecting ? 'connect' : 'reset');
  }

  upstreamTimeout(socket: net.Socket): void {
    if (socket !== this.upstream) socket.destroy();
    else this.upstreamFailed('timeout');
  }

  upstreamClose(socket: net.Socket): void {
    if (socket !== this.upstream) return;
    if (this.resHead && this.resBody.kind === 'close') {
      this.resBody.done = true;
      this.detachUpstream();
      this.finishExchange(false);
      return;
    }
    this.upstreamFailed('reset');
  }

  private upstreamFailed(kind: UpstreamFailure): void {
    if (this.state !== St.Forwarding || !this.plan) return;
    this.flushOut();
    this.discardUpstream();
    const plan = this.plan;
    // A kept-alive connection the server closed as we reused it: one retry on a fresh connection when no byte of a
    // body or response has moved yet.
    if (this.upstreamReused && !this.wroteToClient && !this.resHead && this.reqBody.kind === 'none' && kind === 'reset') {
      this.connectUpstream();
      return;
    }
    if (this.wroteToClient) {
      // The client already has part of a response: it can only learn of the failure by the connection closing.
      plan.onDone?.(this.resHead?.status ?? 0, kind, this);
      this.plan = undefined;
      this.destroyClient();
      return;
    }
    const response = plan.onFailure(kind);
    const status = Number(response.toString('latin1', 9, 12));
    this.sentBytes += response.length;
    plan.onDone?.(status, kind, this);
    this.plan = undefined;
    this.client.write(response);
    if (!this.reqBody.done || this.closeAfter) {
      this.endClient();
      return;
    }
    this.state = St.Head;
    this.continueReading();
  }

  private readonly onClientEnd = (): void => {
    // The client half-closed: answer what is in flight and pipelined, then close.
    this.clientEnded = true;
    if (this.state === St.Head) this.endClient();
  };

  private readonly onClientGone = (): void => {
    if (this.state === St.Closed) return;
    this.state = St.Closed;
    this.inspecting = undefined;
    this.streaming?.destroy();
    this.streaming = undefined;
    this.discardUpstream();
    this.plan?.onDone?.(0, undefined, this);
    this.plan = undefined;
  };

  private fail(e: unknown): void {
    const response = e instanceof HttpParseError ? this.opts.badRequest?.(e) : undefined;
    if (response) {
      this.client.end(response);
      this.state = St.Closed;
      this.discardUpstream();
    } else this.destroyClient();
  }

  private endClient(): void {
    if (this.state === St.Closed) return;
    this.flushOut();
    this.state = St.Closed;
    this.discardUpstream();
    this.client.end();
  }

  private destroyClient(): void {
    this.state = St.Closed;
    this.discardUpstream();
    this.client.destroy();
  }
}

/** Serves client connections of a net.Server (or one accepted socket) with the proxy engine. */
export function serveHttpProxy(socket: net.Socket, options: HttpProxyOptions): void {
  new ClientConnection(socket, options);
}

/** A net.Server whose connections are proxied; listen() is the caller's. */
export function createHttpProxyServer(options: HttpProxyOptions): net.Server {
  return net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => serveHttpProxy(socket, options));
}

/** A TLS server (HTTPS listeners) whose decrypted connections are proxied; listen() is the caller's. */
export function createHttpsProxyServer(options: HttpProxyOptions, tlsOptions: tls.TlsOptions): tls.Server {
  return tls.createServer({ ...tlsOptions, allowHalfOpen: true }, (socket) => serveHttpProxy(socket, options));
}
