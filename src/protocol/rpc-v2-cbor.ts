// The Smithy RPC v2 CBOR codec (CloudWatch's first-listed protocol, sent by the Go, Ruby, PHP and Swift SDKs):
// POST /service/<Service>/operation/<Op>, CBOR bodies, errors with __type and the smithy-protocol header.
import type { AwsError } from '../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../core/model.js';
import type { Codec, Input, Output, SerializeContext, WireRequest, WireResponse } from './codec.js';
import { errorMembers } from './json.js';
import { decodeCborItem } from './shared/cbor-decode.js';
import { encodeCborValue } from './shared/cbor-encode.js';
import { faultType, findErrorShape, queryErrorCode, shapeErrorCode } from './shared/error-shapes.js';
import { readStructure, serializationError, writeValue } from './shared/json-values.js';
import { decodedBody } from './shared/request-body.js';

/** Encodes a value tree as standard CBOR (definite lengths, byte strings untagged, Dates as tag 1). */
export function encodeCbor(value: unknown): Buffer {
  return encodeCborValue(value);
}

/** Decodes a CBOR item (definite or indefinite length; tag 1 becomes a Date). Throws SerializationException. */
export function decodeCbor(body: Buffer): unknown {
  try {
    return decodeCborItem(body);
  } catch {
    throw serializationError('The request body is not valid CBOR.');
  }
}

const PATH = /\/service\/([^/]+)\/operation\/([^/?]+)$/;

/** The service name in the URL is the service shape's name, which botocore keeps as targetPrefix. */
export function operationFromCborPath(model: ServiceModel, path: string): string | undefined {
  const match = PATH.exec(path);
  if (!match) return undefined;
  const service = decodeURIComponent(match[1] ?? '');
  const name = decodeURIComponent(match[2] ?? '');
  const expected = model.metadata.targetPrefix;
  if (expected !== undefined && service !== expected && !expected.endsWith(`#${service}`)) return undefined;
  return Object.hasOwn(model.operations, name) ? name : undefined;
}

const HEADERS = { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' } as const;

export const rpcV2CborCodec: Codec = {
  protocol: 'smithy-rpc-v2-cbor',

  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined {
    return operationFromCborPath(model, req.path);
  },

  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input {
    const body = decodedBody(req);
    if (body.length === 0 || !operation.input) return {};
    const raw = decodeCbor(body);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array || raw instanceof Date) {
      throw serializationError('Expected a CBOR map as the request body.');
    }
    return readStructure(model, operation.input.shape, raw, 'cbor');
  },

  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, _ctx: SerializeContext): WireResponse {
    const tree = operation.output ? writeValue(model, operation.output, output, 'cbor') : {};
    return { status: 200, headers: { ...HEADERS }, body: encodeCbor(tree) };
  },

  serializeError(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, _ctx: SerializeContext): WireResponse {
    const info = findErrorShape(model, operation, error.code);
    const body = { __type: shapeErrorCode(error, info), ...errorMembers(model, operation, error, 'cbor') };
    const headers: Record<string, string> = { ...error.headers, ...HEADERS };
    // Query-compatible RPC v2 services name the query code like awsJson does (smithy QueryCompatibleRpcV2CborCustomCodeError).
    if (model.metadata.awsQueryCompatible !== undefined) {
      headers['x-amzn-query-error'] = `${queryErrorCode(error, info)};${faultType(error)}`;
    }
    return { status: error.status, headers, body: encodeCbor(body) };
  },
};
