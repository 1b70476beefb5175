// The contract every protocol codec implements: find the operation a request calls, parse its input from
// the wire, and write an output or an AwsError back in the protocol's shape. Codecs interpret the model only.
import type { Readable } from 'node:stream';
import type { AwsError } from '../core/aws-error.js';
import type { OperationModel, Protocol, ServiceModel } from '../core/model.js';
import type { FormParams } from './shared/form.js';

/** An HTTP request as the gateway hands it to a codec. Header names are lower case. */
export interface WireRequest {
  method: string;
  /** Raw path, still percent-encoded, without the query string. Virtual-hosted S3 requests arrive rewritten to path style. */
  path: string;
  /** Raw query string without the leading '?'. */
  query: string;
  headers: Record<string, string>;
  /** The whole body for ordinary operations; empty when `bodyStream` is set. */
  body: Buffer;
  /** Set instead of `body` for operations whose input payload is a streaming blob (S3 PutObject, UploadPart). */
  bodyStream?: Readable;
  /**
   * The form parameters once the query/ec2 codec parsed them (formOf in query.ts). Kept on the request itself, not
   * in a WeakMap keyed by it: a WeakMap entry per request made every young-generation GC about four times slower.
   */
  parsedForm?: ParsedForm;
}

/** A form body and query string as parsed, and whether their bytes and escapes were well-formed UTF-8. */
export interface ParsedForm {
  readonly params: FormParams;
  readonly wellFormed: boolean;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | Readable | undefined;
  /** Called once a Readable body has been written out completely (not when the exchange failed). */
  sent?: () => void;
}

export interface SerializeContext {
  requestId: string;
}

/**
 * Values crossing the codec boundary use SDK v3's shapes: structures are plain objects keyed by member name,
 * lists are arrays, maps are objects, numbers are numbers, blobs are Buffers, timestamps are Dates, documents
 * are plain JSON values, and a streaming blob payload is a Readable on input and a Buffer or Readable on output.
 */
export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface Codec {
  readonly protocol: Protocol;
  /**
   * The name of the operation the request calls, or undefined when it names one the model lacks.
   * Throws an AwsError when the request is too malformed to tell (e.g. a query request without Action).
   */
  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined;
  /** Parses the operation's input. Throws AwsError (the protocol's serialization error) on malformed bodies. */
  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input;
  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, ctx: SerializeContext): WireResponse;
  /** `operation` is undefined when the error happened before an operation was known (unknown action, bad body). */
  serializeError(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, ctx: SerializeContext): WireResponse;
}
