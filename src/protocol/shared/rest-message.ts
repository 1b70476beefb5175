// Pieces of a REST request/response shared by rest-json and rest-xml: binding extraction with gzip request
// bodies undone, and raw (blob, streaming, string) payloads, which never get a synthesized document.
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { AwsError } from '../../core/aws-error.js';
import type { OperationModel, ServiceModel, Shape } from '../../core/model.js';
import type { WireRequest } from '../codec.js';
import type { Member } from './http-bindings.js';
import { readBindings } from './http-bindings.js';
import { matchPath, parseQueryString, parseUriTemplate } from './uri-template.js';

export interface RestBindings {
  input: Record<string, unknown>;
  /** The client gzip-compressed the body (Smithy requestCompression): it must be inflated before parsing. */
  gzipped: boolean;
}

export function readRestBindings(model: ServiceModel, operation: OperationModel, shape: Shape, req: WireRequest): RestBindings {
  const full = parseUriTemplate(operation.http.requestUri);
  const template = { ...full, query: new Map([...full.query].filter(([k]) => k !== 'x-id')) };
  const labels = matchPath(template, req.path) ?? {};
  const headers = { ...req.headers };
  let gzipped = false;
  const encoding = headers['content-encoding'];
  // Only an operation with requestCompression has gzip as transport; elsewhere (S3 PutObject) Content-Encoding is
  // the caller's metadata, stored and returned as sent, and the body is kept as is (issue 25).
  if (encoding !== undefined && operation.requestcompression !== undefined) {
    // The SDK appends "gzip" after any encoding the caller set; the caller's value is what the member holds.
    const codings = encoding.split(',').map((s) => s.trim());
    if (codings[codings.length - 1]?.toLowerCase() === 'gzip') {
      gzipped = true;
      codings.pop();
      if (codings.length > 0) headers['content-encoding'] = codings.join(', ');
      else delete headers['content-encoding'];
    }
  }
  const input: Record<string, unknown> = {};
  readBindings(model, shape, { labels, query: parseQueryString(req.query), headers }, input);
  return { input, gzipped };
}

export function decodedBody(req: WireRequest, gzipped: boolean): Buffer {
  if (!gzipped || req.body.length === 0) return req.body;
  try {
    return gunzipSync(req.body);
  } catch {
    throw new AwsError('SerializationException', 'The request body could not be decompressed as gzip.', { status: 400 });
  }
}

export function isStreaming(member: Member): boolean {
  return member.ref.streaming === true || member.shape.streaming === true;
}

/**
 * The input value of a raw payload member: a streaming blob is always a Readable (empty when no body came),
 * a blob a Buffer, a string the UTF-8 text; undefined for an absent body or a non-raw payload.
 */
export function rawPayloadValue(payload: Member, req: WireRequest, body: Buffer): unknown {
  if (payload.shape.type === 'blob') {
    if (isStreaming(payload)) return req.bodyStream ?? Readable.from(body.length > 0 ? [body] : []);
    return body.length > 0 ? body : undefined;
  }
  if (payload.shape.type === 'string') return body.length > 0 ? body.toString('utf8') : undefined;
  return undefined;
}

/**
 * The response body for a raw payload member, setting a default Content-Type (Smithy: octet-stream for blobs,
 * text/plain for strings) when no member bound one; undefined when the payload is not raw.
 */
export function writeRawPayload(payload: Member, value: unknown, headers: Record<string, string>): Buffer | Readable | undefined {
  if (payload.shape.type === 'blob') {
    headers['content-type'] ??= 'application/octet-stream';
    if (value instanceof Readable) return value;
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return Buffer.from(String(value));
  }
  if (payload.shape.type === 'string') {
    headers['content-type'] ??= 'text/plain';
    return Buffer.from(String(value));
  }
  return undefined;
}
