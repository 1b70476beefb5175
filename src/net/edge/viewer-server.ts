// The edge's viewer side on raw sockets (node:net / node:tls): a small HTTP/1.1 server that parses request heads
// itself, keeps connections alive, answers pipelined requests in order, and writes each answer as one Buffer so a
// cache hit costs one parse and one write. ELB's proxy core (src/net/proxy) was not ready when this was written;
// the handler interface below is what the edge needs of any core.
import type { Socket } from 'node:net';

export interface ViewerRequest {
  method: string;
  /** Path and query as sent. */
  target: string;
  path: string;
  query: string;
  version: '1.0' | '1.1';
  /** Header names in lower case; repeats joined with ', ' (Cookie with '; '). */
  headers: Record<string, string>;
  body: Buffer;
  remoteAddress: string;
  tls: boolean;
  /** The TLS server name the viewer asked for (SNI). */
  servername: string | undefined;
  localPort: number;
  /** Headers the edge adds to the origin request whatever the policies say (WAF's x-amzn-waf-*). */
  originHeaders?: Record<string, string>;
}

/** A complete response (head and body) and whether to close the connection after it. */
export interface ViewerAnswer {
  /** Head and body as separate buffers need no copy: they are written corked. */
  bytes: Buffer | readonly Buffer[];
  close?: boolean;
}

export type ViewerHandler = (request: ViewerRequest) => ViewerAnswer | Promise<ViewerAnswer>;

const MAX_HEAD = 20 * 1024;
/** Viewer bodies are buffered before forwarding (not streamed), up to 64 MiB. */
const MAX_BODY = 64 * 1024 * 1024;

export class ViewerParseError extends Error {
  constructor(readonly status: 400 | 413 | 431 | 501) {
    super(`viewer request refused with ${status}`);
  }
}

function parseHead(text: string): Omit<ViewerRequest, 'body' | 'remoteAddress' | 'tls' | 'servername' | 'localPort'> {
  const lines = text.split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? '');
  if (!m) throw new ViewerParseError(400);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ViewerParseError(400);
    const name = line.slice(0, colon).toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) throw new ViewerParseError(400);
    const value = line.slice(colon + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : `${prev}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  const target = m[2]!;
  const q = target.indexOf('?');
  return { method: m[1]!, target, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q + 1), version: m[3] === '0' ? '1.0' : '1.1', headers };
}

/** Decodes a complete chunked body from `buf` at `from`; undefined when more bytes are needed. */
function chunkedBody(buf: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(buf.toString('latin1', at, eol).split(';')[0]!, 16);
    if (!Number.isFinite(size) || size < 0) throw new ViewerParseError(400);
    if (size === 0) {
      const end = buf.indexOf('\r\n\r\n', eol);
      if (end < 0) return undefined;
      return { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Serves one viewer connection: parse, call the handler, write answers in request order. */
export function serveViewer(socket: Socket, handler: ViewerHandler, info: { tls: boolean; servername?: string | undefined; onError: (status: number) => Buffer }): void {
  let buf: Buffer = Buffer.alloc(0);
  let busy = false;
  let closed = false;
  socket.setNoDelay(true);
  socket.setTimeout(60_000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => (closed = true));
  const fail = (status: number) => {
    closed = true;
    socket.end(info.onError(status));
  };
  const pump = (): void => {
    while (!busy && !closed) {
      const headEnd = buf.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (buf.length > MAX_HEAD) fail(431);
        return;
      }
      let head;
      try {
        head = parseHead(buf.toString('latin1', 0, headEnd));
      } catch (e) {
        fail(e instanceof ViewerParseError ? e.status : 400);
        return;
      }
      let body: Buffer = Buffer.alloc(0);
      let end = headEnd + 4;
      const te = head.headers['transfer-encoding'];
      if (te !== undefined) {
        if (te.toLowerCase() !== 'chunked') return fail(501);
        let decoded;
        try {
          decoded = chunkedBody(buf, end);
        } catch {
          return fail(400);
        }
        if (!decoded) {
          if (buf.length > MAX_BODY) fail(413);
          return;
        }
        body = decoded.body;
        end = decoded.end;
      } else if (head.headers['content-length'] !== undefined) {
        const n = Number(head.headers['content-length']);
        if (!Number.isInteger(n) || n < 0) return fail(400);
        if (n > MAX_BODY) return fail(413);
        if (buf.length < end + n) return;
        body = buf.subarray(end, end + n);
        end += n;
      }
      buf = buf.subarray(end);
      const keepAlive = head.version === '1.1' ? (head.headers['connection'] ?? '').toLowerCase() !== 'close' : (head.headers['connection'] ?? '').toLowerCase() === 'keep-alive';
      const request: ViewerRequest = { ...head, body: Buffer.from(body), remoteAddress: socket.remoteAddress ?? '', tls: info.tls, servername: info.servername, localPort: socket.localPort ?? 0 };
      const write = (answer: ViewerAnswer) => {
        if (closed) return;
        const parts = Buffer.isBuffer(answer.bytes) ? [answer.bytes] : answer.bytes;
        socket.cork();
        for (const part of parts) socket.write(part);
        socket.uncork();
        if (answer.close || !keepAlive) {
          closed = true;
          socket.end();
        }
      };
      let result: ViewerAnswer | Promise<ViewerAnswer>;
      try {
        result = handler(request);
      } catch {
        return fail(500);
      }
      if (result instanceof Promise) {
        busy = true;
        result.then(write, () => fail(502)).finally(() => {
          busy = false;
          pump();
        });
        return;
      }
      write(result);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    pump();
  });
}
