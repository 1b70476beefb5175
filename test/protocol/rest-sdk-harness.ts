// A capturing request handler for real SDK v3 clients: each request the SDK builds is parsed by a kumo codec,
// and the response a test prepares is serialized by the same codec and handed back to the SDK to parse.
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';
import type { OperationModel, ServiceModel } from '../../src/core/model.js';
import type { Codec, WireRequest, WireResponse } from '../../src/protocol/codec.js';

export const ENDPOINT = 'http://127.0.0.1:4566';
export const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export interface Exchange {
  request: WireRequest;
  operation: string | undefined;
  /** The parsed input, streams read into Buffers. */
  input: Record<string, unknown>;
}

export type Responder = (op: OperationModel, input: Record<string, unknown>) => WireResponse;

/** Returns a requestHandler for an SDK client config and the list of exchanges it saw. */
export function codecHandler(codec: Codec, model: ServiceModel, respond: Responder): { requestHandler: { handle(req: HttpRequest): Promise<{ response: HttpResponse }> }; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const requestHandler = {
    async handle(req: HttpRequest): Promise<{ response: HttpResponse }> {
      const wire = await toWireRequest(req);
      const operation = codec.resolveOperation(model, wire);
      const op = operation === undefined ? undefined : model.operations[operation];
      const input = op ? await readStreams(codec.parseInput(model, op, wire)) : {};
      exchanges.push({ request: wire, operation, input });
      if (!op) return { response: new HttpResponse({ statusCode: 404, headers: {}, body: Readable.from([]) }) };
      const res = respond(op, input);
      const body = res.body === undefined ? Readable.from([]) : Buffer.isBuffer(res.body) ? Readable.from([res.body]) : res.body;
      return { response: new HttpResponse({ statusCode: res.status, headers: res.headers, body }) };
    },
  };
  return { requestHandler, exchanges };
}

async function toWireRequest(req: HttpRequest): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(req.query ?? {})) {
    const key = encode(k);
    if (v === null || v === undefined) parts.push(key);
    else if (Array.isArray(v)) for (const item of v) parts.push(`${key}=${encode(String(item))}`);
    else parts.push(`${key}=${encode(String(v))}`);
  }
  return { method: req.method, path: req.path, query: parts.join('&'), headers, body: await bodyOf(req.body) };
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function bodyOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable) return readAll(body);
  throw new Error(`unexpected SDK request body type ${typeof body}`);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function readStreams(input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = v instanceof Readable ? await readAll(v) : v;
  return out;
}

/** Brings values to a comparable form: Dates as ISO strings, bytes as UTF-8 text, SDK metadata dropped. */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== '$metadata' && v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

/** The keys of `expected`, picked from `actual` (the SDK and codecs may add members the test did not set). */
export function pick(actual: object, expected: object): Record<string, unknown> {
  const source = actual as Record<string, unknown>;
  return Object.fromEntries(Object.keys(expected).map((k) => [k, source[k]]));
}
