// The edge's viewer side on the proxy core (src/net/proxy, shared with ELB): raw-socket HTTP/1.1 with keep-alive
// and pipelining; a request's head (and body, buffered up to 64 MiB) becomes a ViewerRequest, and the edge's answer
// a respond plan: a cache hit is answered synchronously from the entry's precomputed head and body.
import type net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { dechunk, type ForwardPlan, type HttpHead, type HttpProxyOptions, type PendingPlan, type RespondPlan } from '../proxy/index.js';

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
  /** Whether the viewer sent the body chunked (a forwarded request keeps the viewer's framing). */
  chunked: boolean;
  remoteAddress: string;
  tls: boolean;
  /** The TLS server name the viewer asked for (SNI). */
  servername: string | undefined;
  localPort: number;
  /** Headers the edge adds to the origin request whatever the policies say (WAF's x-amzn-waf-*). */
  originHeaders?: Record<string, string>;
}

/** A complete response (head and body) and whether to close the connection after it; or, for a request passed
 *  through to an origin the proxy core can reach, a forward plan whose response streams back through the core. */
export type ViewerAnswer =
  | { bytes: Buffer | readonly Buffer[]; close?: boolean; forward?: undefined; stream?: (NodeJS.ReadableStream & { destroy(): void }) | undefined; streamBytes?: number | undefined }
  | { forward: ForwardPlan; bytes?: undefined; close?: undefined; stream?: undefined; streamBytes?: undefined };

export type ViewerHandler = (request: ViewerRequest) => ViewerAnswer | Promise<ViewerAnswer>;

/** Viewer bodies are buffered before forwarding (not streamed), up to 64 MiB. */
export const MAX_VIEWER_BODY = 64 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

function viewerRequest(head: HttpHead, socket: net.Socket, body: Buffer): ViewerRequest {
  const headers: Record<string, string> = {};
  const h = head.headers;
  for (let i = 0; i < h.length; i += 2) {
    const name = h[i]!.toLowerCase();
    const prev = headers[name];
    headers[name] = prev === undefined ? h[i + 1]! : `${prev}${name === 'cookie' ? '; ' : ', '}${h[i + 1]!}`;
  }
  const q = head.target.indexOf('?');
  const tls = (socket as TLSSocket).encrypted === true;
  return {
    method: head.method,
    target: head.target,
    path: q < 0 ? head.target : head.target.slice(0, q),
    query: q < 0 ? '' : head.target.slice(q + 1),
    version: head.versionMinor === 0 ? '1.0' : '1.1',
    headers,
    body,
    chunked: head.chunked,
    remoteAddress: socket.remoteAddress ?? '',
    tls,
    servername: tls ? (socket as TLSSocket).servername || undefined : undefined,
    localPort: socket.localPort ?? 0,
  };
}

function respond(a: ViewerAnswer): RespondPlan | ForwardPlan {
  if (a.forward) return a.forward;
  if (Buffer.isBuffer(a.bytes)) return { kind: 'respond', response: a.bytes, ...(a.close ? { close: true } : {}) };
  const [first, ...rest] = a.bytes as Buffer[];
  return { kind: 'respond', response: first ?? EMPTY, ...(rest.length > 0 ? { parts: rest } : {}), ...(a.close ? { close: true } : {}), ...(a.stream ? { stream: a.stream } : {}) };
}

function plan(a: ViewerAnswer | Promise<ViewerAnswer>, failed: () => ViewerAnswer): RespondPlan | ForwardPlan | PendingPlan {
  return a instanceof Promise ? { kind: 'pending', plan: a.then(respond, () => respond(failed())) } : respond(a);
}

/** The proxy-core handler for the edge: `failure(status)` is the edge's error page (413, or 502 when a handler failed). */
export function viewerHandler(handler: ViewerHandler, failure: (status: number) => Buffer): HttpProxyOptions['handler'] {
  const answer = (status: number): ViewerAnswer => ({ bytes: failure(status), close: true });
  return (head, _client, socket) => {
    if (!head.chunked && head.contentLength <= 0) return plan(handler(viewerRequest(head, socket, EMPTY)), () => answer(502));
    if (head.contentLength > MAX_VIEWER_BODY) return respond(answer(413));
    // Chunked framing adds a few bytes per chunk: the limit leaves room for it, the decoded length is checked after.
    return {
      kind: 'inspect-body',
      limit: head.chunked ? MAX_VIEWER_BODY + 1024 * 1024 : head.contentLength,
      decide: (raw, complete) => {
        if (!complete) return respond(answer(413));
        const body = head.chunked ? dechunk(raw) : raw;
        return plan(handler(viewerRequest(head, socket, Buffer.from(body))), () => answer(502));
      },
    };
  };
}
