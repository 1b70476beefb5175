// The node:http listener in front of the gateway: adapts IncomingMessage to a GatewayRequest (the body stays a
// stream), writes the WireResponse back, and shuts down cleanly, letting in-flight requests finish.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Gateway } from './gateway.js';
import type { GatewayRequest } from './pipeline-context.js';
import { KumoError } from '../core/kumo-error.js';
import { requestId } from '../core/ids.js';
import { bodyTaken } from './body.js';
import { bufferedChunks } from '../protocol/shared/utf8-chunks.js';

/** node:http's own header object (names already lower case), its only array (Set-Cookie) joined: no copy. */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers = req.headers as Record<string, string | string[] | undefined>;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    if (value === undefined) delete headers[name];
    else headers[name] = value.join(', ');
  }
  return headers as Record<string, string>;
}

async function serve(gateway: Gateway, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // One turn first: node:http has then buffered a small body that came with the headers, which the pipeline takes
  // at once (body.ts arrivedBody) instead of waiting for it through stream events.
  await Promise.resolve();
  const request: GatewayRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: headersOf(req), body: req, remoteAddress: req.socket.remoteAddress ?? '' };
  const response = await gateway.handle(request);
  const body = response.body;
  if (Buffer.isBuffer(body)) response.headers['content-length'] = String(body.length);
  else if (body === undefined && !('content-length' in response.headers) && req.method !== 'HEAD') response.headers['content-length'] = '0';
  res.writeHead(response.status, response.headers);
  const chunks = bufferedChunks(body);
  if (chunks !== undefined) {
    writeChunks(res, chunks, response.sent);
  } else if (body instanceof Readable) {
    await pipeline(body, res);
    response.sent?.();
  } else {
    res.end(req.method === 'HEAD' ? undefined : body);
  }
  if (!req.complete && !bodyTaken(req)) drainBounded(req);
}

/**
 * A large codec body (pooled chunks with its Content-Length set) written in one corked batch: the socket gets the
 * head and every chunk in one writev, without a Readable and a pipeline in between. `sent` returns the chunks to
 * their pool once the last byte is handed to the kernel ('finish'); a broken connection never finishes, and its
 * chunks are left to the garbage collector.
 */
function writeChunks(res: ServerResponse, chunks: readonly Buffer[], sent: (() => void) | undefined): void {
  res.cork();
  for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]!);
  res.end(chunks[chunks.length - 1], sent);
  res.uncork();
}

/** How much of a refused body is read and discarded, so that a small rest keeps the connection usable. */
export const DRAIN_LIMIT_BYTES = 1024 * 1024;
/** How long a half-closed connection waits for the client to see the answer and stop sending. */
const LINGER_MS = 2000;

/**
 * A body left unread after the answer (refused before or while it was read: 413, bad aws-chunked framing, a full
 * disk) is read and discarded up to DRAIN_LIMIT_BYTES; beyond that the connection is closed in stages (RFC 9112
 * §9.6): our side is half-closed, reading stops, and the socket is destroyed when the linger ends. Cutting it at
 * once would make the kernel send a reset that can destroy the answer in flight; reading on would take a client
 * that sends its whole (maybe 5 GiB) body first as long as the upload.
 */
function drainBounded(req: IncomingMessage): void {
  let left = DRAIN_LIMIT_BYTES;
  const socket = req.socket;
  const stop = (): void => {
    req.off('data', onData);
    req.pause();
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  const onData = (chunk: Buffer): void => {
    left -= chunk.length;
    if (left < 0) stop();
  };
  req.on('data', onData);
  req.resume();
}

/** Errors Node's HTTP parser raises before a request exists (oversized headers, bad framing): answered in XML
 *  with a request id, since no protocol is known yet; S3's code for oversized headers. */
function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const [code, message] = tooLarge
    ? ['RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.']
    : ['BadRequest', 'An error occurred when parsing the HTTP request.'];
  const id = requestId();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`;
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amzn-RequestId: ${id}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export interface RunningServer {
  server: Server;
  address: { host: string; port: number };
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

/** How long a whole request (headers and body) may take to arrive: long enough for a 5 GiB S3 PUT on loopback. */
const REQUEST_TIMEOUT_MS = 15 * 60 * 1000;
const SHUTDOWN_GRACE_MS = 10_000;

export async function listen(gateway: Gateway, host: string, port: number): Promise<RunningServer> {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    serve(gateway, req, res).catch((error: unknown) => {
      // Only a broken socket gets here (the gateway itself never throws): end the exchange.
      if (!res.headersSent) res.writeHead(500, { 'x-amzn-requestid': requestId(), connection: 'close' }).end();
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.headersTimeout = 60_000;
  // A client that half-closes its side after sending (shutdown(SHUT_WR), `curl --no-keepalive` pipes, some proxies)
  // still gets its answer: Node's HTTP server would otherwise end the socket as soon as the request side ends.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.writableEnded) socket.end(clientErrorResponse(error));
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new KumoError('KUMO_ERR_SERVER_PORT_IN_USE', `port ${port} on ${host} is already in use`));
      else if (error.code === 'EACCES') reject(new KumoError('KUMO_ERR_SERVER_PORT_DENIED', `not allowed to listen on ${host}:${port}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new KumoError('KUMO_ERR_SERVER_ADDRESS_UNAVAILABLE', `${host} is not an address of this machine`));
      } else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  const actualPort = typeof bound === 'object' && bound ? bound.port : port;
  return {
    server,
    address: { host, port: actualPort },
    close: (graceMs = SHUTDOWN_GRACE_MS) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
