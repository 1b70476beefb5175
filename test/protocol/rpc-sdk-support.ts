// A capturing request handler for SDK v3 clients: it turns the HttpRequest the SDK built into a WireRequest, runs
// it through one of our codecs and a fake operation, and hands our serialized response back to the SDK to parse.
import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { AwsError } from '../../src/core/aws-error.js';
import type { ServiceModel } from '../../src/core/model.js';
import type { Codec, Input, Output, WireRequest } from '../../src/protocol/codec.js';

export const CLIENT_CONFIG = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4566',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
} as const;

export interface Exchange {
  wire?: WireRequest;
  operation?: string;
  input?: Input;
}

function toBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error(`unexpected request body type ${typeof body}`);
}

function queryString(query: HttpRequest['query']): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) {
      parts.push(item === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(item)}`);
    }
  }
  return parts.join('&');
}

/**
 * A request handler that serves one model with one codec. `respond` plays the provider: it gets the operation and
 * parsed input and returns the output or throws an AwsError. Each call's request and input land in `exchange`.
 */
export function codecHandler(model: ServiceModel, codec: Codec, respond: (operation: string, input: Input) => Output) {
  const exchange: Exchange = {};
  const handler = {
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = String(v);
      const wire: WireRequest = { method: request.method, path: request.path, query: queryString(request.query), headers, body: toBuffer(request.body) };
      exchange.wire = wire;
      const ctx = { requestId: 'req-0001' };
      const name = codec.resolveOperation(model, wire);
      if (name === undefined) throw new Error('operation did not resolve');
      const operation = model.operations[name];
      if (!operation) throw new Error(`no operation ${name}`);
      exchange.operation = name;
      let res;
      try {
        const input = codec.parseInput(model, operation, wire);
        exchange.input = input;
        res = codec.serializeOutput(model, operation, respond(name, input), ctx);
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        res = codec.serializeError(model, operation, e, ctx);
      }
      const body = res.body instanceof Readable ? res.body : Readable.from([res.body ?? Buffer.alloc(0)]);
      return { response: new HttpResponse({ statusCode: res.status, headers: { ...res.headers, 'x-amzn-requestid': ctx.requestId }, body }) };
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, never> {
      return {};
    },
  };
  return { handler, exchange };
}

/** Drops the SDK's $metadata so outputs compare with what the provider returned. */
export function withoutMetadata<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _ignored, ...rest } = output as T & { $metadata?: unknown };
  return rest;
}

/** Uint8Arrays as Buffers, recursively, so SDK values compare with codec values. */
export function buffersOf(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) return value;
  if (value instanceof Set) return [...value].map(buffersOf);
  if (Array.isArray(value)) return value.map(buffersOf);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = buffersOf(v);
    return out;
  }
  return value;
}
