// The rest-json (Smithy restJson1) codec, server side: parses requests bound to URI, query, headers and JSON
// bodies, and writes outputs and errors (body members + X-Amzn-Errortype header) as AWS services do.
import { AwsError } from '../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../core/model.js';
import { shapeOf } from '../core/model.js';
import type { Codec, Input, Output, SerializeContext, WireRequest, WireResponse } from './codec.js';
import { bodyMembers, payloadMember, resolveRestOperation, responseStatus, writeHeaders } from './shared/http-bindings.js';
import { decodedBody, rawPayloadValue, readRestBindings, writeRawPayload } from './shared/rest-message.js';
import type { JsonValue } from './shared/rest-json-values.js';
import { readJsonStructure, readJsonValue, writeJsonStructure, writeJsonValue } from './shared/rest-json-values.js';
import { strictUtf8 } from './shared/utf8.js';

const JSON_CONTENT_TYPE = 'application/json';

export const restJsonCodec: Codec = {
  protocol: 'rest-json',

  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined {
    return resolveRestOperation(model, req.method, req.path, req.query, req.headers);
  },

  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input {
    if (!operation.input) return {};
    const shape = shapeOf(model, operation.input.shape);
    const { input, gzipped } = readRestBindings(model, operation, shape, req);
    const body = decodedBody(req, gzipped);
    const payload = payloadMember(model, shape);
    if (payload) {
      const raw = rawPayloadValue(payload, req, body);
      if (raw !== undefined) input[payload.name] = raw;
      else if (body.length > 0 && !isRawType(payload.shape.type)) {
        const value = readJsonValue(model, payload.ref, parseJsonBody(body));
        // An empty object for a structure payload means "not set" (Smithy RestJsonHttpWithEmptyStructurePayload).
        const empty = payload.shape.type === 'structure' && payload.shape.document !== true && isEmptyObject(value);
        if (value !== undefined && !empty) input[payload.name] = value;
      }
      return input;
    }
    if (body.length > 0 && bodyMembers(model, shape).length > 0) {
      const parsed = parseJsonBody(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw serializationError('The request body must be a JSON object.');
      Object.assign(input, readJsonStructure(model, shape, parsed as Record<string, unknown>));
    }
    return input;
  },

  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, _ctx: SerializeContext): WireResponse {
    const status = responseStatus(model, operation, output);
    if (!operation.output) return { status, headers: {}, body: undefined };
    const shape = shapeOf(model, operation.output.shape);
    const headers = writeHeaders(model, shape, output);
    const payload = payloadMember(model, shape);
    if (payload) {
      const value = output[payload.name];
      if (value === undefined || value === null) return { status, headers, body: undefined };
      const raw = writeRawPayload(payload, value, headers);
      if (raw !== undefined) return { status, headers, body: raw };
      return jsonResponse(status, headers, writeJsonValue(model, payload.ref, value) ?? null);
    }
    const body = writeJsonStructure(model, shape, output, 'output');
    if (Object.keys(body).length === 0) return { status, headers, body: undefined };
    return jsonResponse(status, headers, body);
  },

  serializeError(model: ServiceModel, _operation: OperationModel | undefined, error: AwsError, _ctx: SerializeContext): WireResponse {
    const shape = model.shapes[error.code];
    const modeled = shape?.type === 'structure' ? shape : undefined;
    const headers: Record<string, string> = modeled ? writeHeaders(model, modeled, error.fields) : {};
    // Smithy restJson1: the error's shape name goes in X-Amzn-Errortype; clients also accept __type/code in the body.
    headers['x-amzn-errortype'] = error.code;
    for (const [k, v] of Object.entries(error.headers)) headers[k.toLowerCase()] = v;
    const body: Record<string, JsonValue> = { __type: error.code };
    const messageKey = Object.keys(modeled?.members ?? {}).find((k) => /^message$/i.test(k));
    const messageRef = messageKey !== undefined ? modeled?.members?.[messageKey] : undefined;
    body[messageRef?.locationName ?? messageKey ?? 'message'] = error.message;
    if (modeled) {
      const rest = Object.fromEntries(Object.entries(error.fields).filter(([k]) => k !== messageKey));
      Object.assign(body, writeJsonStructure(model, modeled, rest));
      for (const [k, v] of Object.entries(rest)) if (!(k in (modeled.members ?? {})) && v !== undefined) body[k] = v as JsonValue;
    } else {
      for (const [k, v] of Object.entries(error.fields)) if (v !== undefined) body[k] = jsonSafe(v);
    }
    return jsonResponse(error.status, headers, body);
  },
};

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

function isRawType(type: string): boolean {
  return type === 'blob' || type === 'string';
}

function parseJsonBody(body: Buffer): unknown {
  try {
    const text = strictUtf8(body);
    if (text === undefined) throw new Error('ill-formed UTF-8');
    return JSON.parse(text) as unknown;
  } catch {
    throw serializationError('Could not parse the request body as JSON.');
  }
}

function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, { status: 400 });
}

function jsonResponse(status: number, headers: Record<string, string>, body: JsonValue): WireResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

function jsonSafe(v: unknown): JsonValue {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return v as JsonValue;
}
