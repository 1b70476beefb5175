// Helpers for running botocore's protocol vectors (test/fixtures/protocol-tests) through the REST codecs:
// loading suites, building a model per case, normalising values to the vectors' conventions, parsing responses back.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { OperationModel, ServiceModel, Shape, ShapeRef } from '../../src/core/model.js';
import { shapeOf } from '../../src/core/model.js';
import type { Codec, WireRequest, WireResponse } from '../../src/protocol/codec.js';

export interface VectorCase {
  id: string;
  description?: string;
  given: OperationModel & Record<string, unknown>;
  params?: Record<string, unknown>;
  serialized?: { method: string; uri: string; body?: string; headers?: Record<string, string>; host?: string };
  result?: Record<string, unknown>;
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
  errorCode?: string;
  errorMessage?: string;
  error?: Record<string, unknown>;
}

export interface VectorSuite {
  description: string;
  metadata: Record<string, unknown>;
  shapes: Record<string, Shape>;
  cases: VectorCase[];
}

/** The folder holding package.json above this file (or, for a build outside the repo, above the working directory). */
export function repoRoot(): string {
  return findUp(dirname(fileURLToPath(import.meta.url))) ?? findUp(process.cwd()) ?? process.cwd();
}

function findUp(start: string): string | undefined {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return dir;
}

export function loadSuites(kind: 'input' | 'output', protocol: string): VectorSuite[] {
  const file = join(repoRoot(), 'test', 'fixtures', 'protocol-tests', kind, `${protocol}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as VectorSuite[];
}

export function modelFor(suite: VectorSuite, c: VectorCase): ServiceModel {
  const metadata = { apiVersion: '2019-12-16', endpointPrefix: 'vectors', serviceId: 'Vectors', ...suite.metadata } as ServiceModel['metadata'];
  return { metadata, operations: { [c.given.name]: c.given }, shapes: suite.shapes };
}

export function wireRequest(serialized: NonNullable<VectorCase['serialized']>, body?: Buffer): WireRequest {
  const q = serialized.uri.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(serialized.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    method: serialized.method,
    path: q < 0 ? serialized.uri : serialized.uri.slice(0, q),
    query: q < 0 ? '' : serialized.uri.slice(q + 1),
    headers,
    body: body ?? Buffer.from(serialized.body ?? '', 'utf8'),
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * Brings a value to the vectors' conventions, guided by the shape: timestamps as epoch seconds, blobs and
 * streams as UTF-8 strings, "NaN"/"Infinity" as numbers, empty prefix-header maps dropped.
 */
export async function normalise(model: ServiceModel, ref: ShapeRef | undefined, value: unknown): Promise<unknown> {
  if (value === undefined || value === null) return undefined;
  if (ref === undefined) return value;
  const shape = shapeOf(model, ref.shape);
  if (shape.document === true) return value;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return value;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = await normalise(model, member, (value as Record<string, unknown>)[name]);
        if (v === undefined) continue;
        if (member.location === 'headers' && typeof v === 'object' && Object.keys(v as object).length === 0) continue;
        out[name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? Promise.all(value.map((v) => normalise(model, shape.member ?? { shape: 'String' }, v))) : value;
    case 'map': {
      if (typeof value !== 'object') return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = await normalise(model, shape.value ?? { shape: 'String' }, v);
      return out;
    }
    case 'timestamp':
      if (value instanceof Date) return value.getTime() / 1000;
      if (typeof value === 'string') return Date.parse(value) / 1000;
      return value;
    case 'blob':
      if (value instanceof Readable) return (await readAll(value)).toString('utf8');
      if (Buffer.isBuffer(value)) return value.toString('utf8');
      return value;
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    case 'bigdecimal':
    case 'biginteger':
    case 'boolean':
    case 'byte':
    case 'character':
    case 'integer':
    case 'long':
    case 'short':
    case 'string':
    default:
      return value;
  }
}

/** Converts a vector's result/error values into the codec's conventions (Date, Buffer). */
export function toCodecValue(model: ServiceModel, ref: ShapeRef | undefined, value: unknown): unknown {
  if (value === undefined || value === null || ref === undefined) return value;
  const shape = shapeOf(model, ref.shape);
  if (shape.document === true) return value;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const member = shape.members?.[k];
        out[k] = member ? toCodecValue(model, member, v) : v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toCodecValue(model, shape.member ?? { shape: 'String' }, v));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toCodecValue(model, shape.value ?? { shape: 'String' }, v)]));
    case 'timestamp':
      return typeof value === 'number' ? new Date(Math.round(value * 1000)) : value;
    case 'blob':
      return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    case 'bigdecimal':
    case 'biginteger':
    case 'boolean':
    case 'byte':
    case 'character':
    case 'integer':
    case 'long':
    case 'short':
    case 'string':
    default:
      return value;
  }
}

export async function bodyBuffer(res: WireResponse): Promise<Buffer> {
  if (res.body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(res.body)) return res.body;
  return readAll(res.body);
}

/**
 * Parses a response with the codec's own request parser: the output shape becomes a pseudo-operation's input,
 * so headers, payloads and body members are read by the same rules; status-code members are filled in here.
 */
export async function parseResponseBack(codec: Codec, model: ServiceModel, op: OperationModel, res: WireResponse): Promise<Record<string, unknown>> {
  if (!op.output) return {};
  // URI and query bindings mean nothing on output: those members travel in the body, so read them from there.
  const outShape = shapeOf(model, op.output.shape);
  const members = Object.fromEntries(
    Object.entries(outShape.members ?? {}).map(([k, ref]) => {
      if (ref.location !== 'uri' && ref.location !== 'querystring') return [k, ref];
      const { location: _dropped, ...rest } = ref;
      void _dropped;
      return [k, rest];
    }),
  );
  model = { ...model, shapes: { ...model.shapes, [op.output.shape]: { ...outShape, members } } };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = v;
  const pseudo: OperationModel = { name: op.name, http: { method: 'POST', requestUri: '/' }, input: { shape: op.output.shape } };
  const values = codec.parseInput(model, pseudo, { method: 'POST', path: '/', query: '', headers, body: await bodyBuffer(res) });
  for (const [name, member] of Object.entries(shapeOf(model, op.output.shape).members ?? {})) {
    if (member.location === 'statusCode') values[name] = res.status;
  }
  return values;
}

export function vectorResponse(c: VectorCase): WireResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.response?.headers ?? {})) headers[k.toLowerCase()] = v;
  return { status: c.response?.status_code ?? 200, headers, body: Buffer.from(c.response?.body ?? '', 'utf8') };
}
