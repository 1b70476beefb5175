// The awsJson1_0 / awsJson1_1 codec (DynamoDB, SQS, Firehose, WAFv2, CloudWatch's JSON form): operation from
// X-Amz-Target, JSON bodies, errors as {"__type","message"} plus the awsQueryCompatible x-amzn-query-error header.
import type { AwsError } from '../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../core/model.js';
import type { Codec, Input, Output, SerializeContext, WireRequest, WireResponse } from './codec.js';
import { jsonErrorType } from './quirks/json-errors.js';
import { faultType, findErrorShape, messageMemberName, queryErrorCode, shapeErrorCode } from './shared/error-shapes.js';
import { readStructure, serializationError, writeValue } from './shared/json-values.js';
import { decodedBody } from './shared/request-body.js';
import { strictUtf8 } from './shared/utf8.js';
import { writeJsonChunks } from './shared/json-writer.js';
import { chunkedResponse, utf8Chunks } from './shared/utf8-chunks.js';

function contentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

/** `X-Amz-Target: <targetPrefix>.<Operation>`; undefined when the prefix or operation is not this model's. */
export function operationFromTarget(model: ServiceModel, target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = target.slice(0, dot);
  const name = target.slice(dot + 1);
  if (model.metadata.targetPrefix !== undefined && prefix !== model.metadata.targetPrefix) return undefined;
  return Object.hasOwn(model.operations, name) ? name : undefined;
}

/** Parses a JSON request body; an empty body is `{}`. Malformed JSON is DynamoDB's SerializationException. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  // RFC 8259 §8.1: JSON text is UTF-8; ill-formed bytes are malformed JSON, not U+FFFD in a stored value.
  const text = strictUtf8(body);
  if (text === undefined) throw serializationError('Start of structure or map found where not expected.');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // DynamoDB answers malformed JSON with a bare SerializationException (message observed from the service).
    throw serializationError('Start of structure or map found where not expected.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serializationError('Start of structure or map found where not expected.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The error body members besides __type: the message under the shape's own spelling, then error.fields
 * serialized through the error shape when it models them (raw otherwise).
 */
export function errorMembers(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, flavor: 'json' | 'cbor'): Record<string, unknown> {
  const info = findErrorShape(model, operation, error.code);
  const members = info?.shape.members ?? {};
  const out: Record<string, unknown> = {};
  if (error.message !== '') out[messageMemberName(info)] = error.message;
  for (const [name, value] of Object.entries(error.fields)) {
    if (value === undefined || value === null) continue;
    const ref = members[name];
    out[name] = ref ? writeValue(model, ref, value, flavor) : value;
  }
  return out;
}

export const jsonCodec: Codec = {
  protocol: 'json',

  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined {
    return operationFromTarget(model, req.headers['x-amz-target']);
  },

  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input {
    const raw = parseJsonBody(decodedBody(req));
    return operation.input ? readStructure(model, operation.input.shape, raw, 'json') : {};
  },

  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, _ctx: SerializeContext): WireResponse {
    // A large body (a GetRecords page, a 1 MB Query) goes out in pooled chunks (utf8-chunks.ts).
    const body = operation.output ? writeJsonChunks(model, operation.output, output) : utf8Chunks(['{}']);
    return chunkedResponse({ 'content-type': contentType(model) }, body);
  },

  serializeError(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, _ctx: SerializeContext): WireResponse {
    const info = findErrorShape(model, operation, error.code);
    const type = jsonErrorType(model, shapeErrorCode(error, info));
    const body = { __type: type, ...errorMembers(model, operation, error, 'json') };
    const headers: Record<string, string> = { ...error.headers, 'content-type': contentType(model), 'x-amzn-errortype': type };
    // awsQueryCompatible services (SQS, CloudWatch) also name the query code, which SDKs surface as the error code:
    // https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait
    if (model.metadata.awsQueryCompatible !== undefined) {
      headers['x-amzn-query-error'] = `${queryErrorCode(error, info)};${faultType(error)}`;
    }
    return { status: error.status, headers, body: Buffer.from(JSON.stringify(body), 'utf8') };
  },
};
