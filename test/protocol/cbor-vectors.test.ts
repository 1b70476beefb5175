// AWS's smithy-rpc-v2-cbor protocol vectors (plain, query-compatible, non-query-compatible) run server-side:
// requests parse into the params, and what we serialize decodes (as a client would) into the vector's values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceModel } from '../../src/core/model.js';
import { decodeCbor, rpcV2CborCodec } from '../../src/protocol/rpc-v2-cbor.js';
import { findErrorShape } from '../../src/protocol/shared/error-shapes.js';
import { readStructure } from '../../src/protocol/shared/json-values.js';
import { awsErrorOf, loadVectors, modelFor, normalize, sanitizeErrorCode, wireRequestOf } from './rpc-vector-support.js';

const ctx = { requestId: 'req-1' };
const NAMES = ['smithy-rpc-v2-cbor', 'smithy-rpc-v2-cbor-query-compatible', 'smithy-rpc-v2-cbor-non-query-compatible'];

function clientRead(model: ServiceModel, shapeName: string | undefined, body: Buffer): unknown {
  if (!shapeName || body.length === 0) return {};
  return normalize(readStructure(model, shapeName, decodeCbor(body), 'cbor'));
}

for (const name of NAMES) {
  for (const suite of loadVectors('input', name)) {
    for (const c of suite.cases) {
      test(`${name} input ${c.id}: the request routes and parses into the vector's params`, () => {
        const model = modelFor(suite, c);
        const req = wireRequestOf(c, 'base64');
        assert.equal(rpcV2CborCodec.resolveOperation(model, req), c.given.name);
        assert.deepEqual(normalize(rpcV2CborCodec.parseInput(model, c.given, req)), normalize(c.params ?? {}));
      });
    }
  }

  for (const suite of loadVectors('output', name)) {
    for (const c of suite.cases) {
      const model = modelFor(suite, c);
      if (c.errorCode === undefined) {
        test(`${name} output ${c.id}: the CBOR result decodes as the vector's result`, () => {
          const res = rpcV2CborCodec.serializeOutput(model, c.given, c.result ?? {}, ctx);
          assert.equal(res.status, 200);
          assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor');
          assert.equal(res.headers['content-type'], 'application/cbor');
          assert.ok(Buffer.isBuffer(res.body));
          const expected = normalize(c.result ?? {});
          assert.deepEqual(clientRead(model, c.given.output?.shape, res.body), expected);
          assert.deepEqual(clientRead(model, c.given.output?.shape, Buffer.from(c.response?.body ?? '', 'base64')), expected);
        });
      } else {
        test(`${name} output ${c.id}: the CBOR error carries code ${c.errorCode} and its members`, () => {
          const res = rpcV2CborCodec.serializeError(model, c.given, awsErrorOf(c), ctx);
          assert.equal(res.status, c.response?.status_code);
          assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor');
          assert.ok(Buffer.isBuffer(res.body));
          const body = decodeCbor(res.body) as Record<string, unknown>;
          const queryError = res.headers['x-amzn-query-error'];
          const code = queryError !== undefined ? queryError.split(';')[0] : sanitizeErrorCode(String(body['__type']));
          assert.equal(code, c.errorCode);
          const info = findErrorShape(model, c.given, c.errorCode ?? '');
          assert.ok(info, 'the error shape is modeled');
          assert.equal(sanitizeErrorCode(String(body['__type'])), info.name);
          assert.deepEqual(normalize(readStructure(model, info.name, body, 'cbor')), normalize(c.error ?? {}));
          const vectorQueryError = c.response?.headers?.['x-amzn-query-error'];
          if (vectorQueryError !== undefined) assert.equal(queryError, vectorQueryError);
        });
      }
    }
  }
}

test('a CBOR request for another service or an unknown operation does not resolve', () => {
  const model: ServiceModel = {
    metadata: { apiVersion: '1', endpointPrefix: 'x', serviceId: 'X', protocol: 'smithy-rpc-v2-cbor', targetPrefix: 'Svc' },
    operations: { Op: { name: 'Op', http: { method: 'POST', requestUri: '/' } } },
    shapes: {},
  };
  const req = (path: string) => ({ method: 'POST', path, query: '', headers: {}, body: Buffer.alloc(0) });
  assert.equal(rpcV2CborCodec.resolveOperation(model, req('/service/Svc/operation/Op')), 'Op');
  assert.equal(rpcV2CborCodec.resolveOperation(model, req('/service/Other/operation/Op')), undefined);
  assert.equal(rpcV2CborCodec.resolveOperation(model, req('/service/Svc/operation/Nope')), undefined);
});
