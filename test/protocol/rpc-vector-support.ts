// Loads AWS's protocol test vectors (test/fixtures/protocol-tests) for the RPC codecs' tests and normalises
// codec values (Dates, Buffers, NaN) into the vectors' form (epoch seconds, UTF-8 strings, "NaN").
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsError } from '../../src/core/aws-error.js';
import type { OperationModel, ServiceMetadata, ServiceModel, Shape } from '../../src/core/model.js';
import type { WireRequest } from '../../src/protocol/codec.js';

export interface VectorCase {
  id: string;
  description?: string;
  given: OperationModel;
  params?: Record<string, unknown>;
  serialized?: { method: string; uri: string; headers?: Record<string, string>; body?: string; host?: string };
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
}

export interface VectorSuite {
  description: string;
  metadata: Partial<ServiceMetadata>;
  shapes: Record<string, Shape>;
  cases: VectorCase[];
}

/** The folder holding package.json, found from this file (or, for builds outside the repo, from the cwd). */
export function repoRoot(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'fixtures'))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('repository root (package.json) not found');
}

export function loadVectors(kind: 'input' | 'output', name: string): VectorSuite[] {
  const file = join(repoRoot(), 'test', 'fixtures', 'protocol-tests', kind, `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as VectorSuite[];
}

export function modelFor(suite: VectorSuite, c: VectorCase): ServiceModel {
  const metadata: ServiceMetadata = {
    apiVersion: '2020-01-08',
    endpointPrefix: 'test',
    serviceId: 'Test',
    protocol: 'json',
    ...suite.metadata,
  };
  return { metadata, operations: { [c.given.name]: c.given }, shapes: suite.shapes };
}

/** The vector's HTTP request as the gateway would hand it to a codec. */
export function wireRequestOf(c: VectorCase, bodyEncoding: 'utf8' | 'base64'): WireRequest {
  const s = c.serialized;
  if (!s) throw new Error(`${c.id}: no serialized request`);
  const q = s.uri.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    method: s.method,
    path: q < 0 ? s.uri : s.uri.slice(0, q),
    query: q < 0 ? '' : s.uri.slice(q + 1),
    headers,
    body: Buffer.from(s.body ?? '', bodyEncoding),
  };
}

/** Codec values in the vectors' notation: Date → epoch seconds, Buffer → UTF-8 text, NaN/±Infinity → strings. */
export function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    return value;
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = normalize(v);
    return out;
  }
  return value;
}

/** The AwsError a provider would throw for an error vector. */
export function awsErrorOf(c: VectorCase, fault?: 'client' | 'server'): AwsError {
  const fields = { ...(c.error ?? {}) };
  const message = c.errorMessage ?? (typeof fields['Message'] === 'string' ? fields['Message'] : typeof fields['message'] === 'string' ? fields['message'] : '');
  delete fields['Message'];
  delete fields['message'];
  const status = c.response?.status_code ?? 400;
  const options = fault ? { status, fields, fault } : { status, fields };
  return new AwsError(c.errorCode ?? 'Unknown', message, options);
}

/** An error code as SDK clients sanitise it: namespace before '#' and suffix after ':' dropped. */
export function sanitizeErrorCode(raw: string): string {
  let code = raw;
  const colon = code.indexOf(':');
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.indexOf('#');
  if (hash >= 0) code = code.slice(hash + 1);
  return code;
}
