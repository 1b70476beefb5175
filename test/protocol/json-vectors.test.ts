// AWS's awsJson1_0 / awsJson1_1 protocol vectors run server-side: each request parses into the vector's params,
// and each result or error we serialize reads back (as a client would) into the vector's values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { jsonCodec } from '../../src/protocol/json.js';
import { findErrorShape } from '../../src/protocol/shared/error-shapes.js';
import { readStructure, writeValue } from '../../src/protocol/shared/json-values.js';
import { stringifyWithRaw } from '../../src/protocol/shared/raw-json.js';
import type { ServiceModel } from '../../src/core/model.js';
import { awsErrorOf, loadVectors, modelFor, normalize, sanitizeErrorCode, wireRequestOf } from './rpc-vector-support.js';

const ctx = { requestId: 'req-1' };

/** Reads a JSON response body back into values the way an SDK client does. */
function clientRead(model: ServiceModel, shapeName: string | undefined, body: string): unknown {
  const raw: unknown = body.trim() === '' ? {} : JSON.parse(body);
  return shapeName ? normalize(readStructure(model, shapeName, raw, 'json')) : {};
}

for (const name of ['json', 'json_1_0', 'json_1_0-query-compatible']) {
  for (const suite of loadVectors('input', name)) {
    for (const c of suite.cases) {
      test(`${name} input ${c.id}: the request parses into the vector's params`, () => {
        const model = modelFor(suite, c);
        const req = wireRequestOf(c, 'utf8');
        if (c.serialized?.body === undefined && req.headers['content-encoding']?.includes('gzip')) {
          // Compression vectors leave out the compressed bytes; send what the SDK sends: the JSON body, gzipped.
          req.body = gzipSync(JSON.stringify(c.params ?? {}));
        }
        // Endpoint-trait and host vectors only pin the host and path and omit X-Amz-Target, so routing is not checked there.
        if (req.headers['x-amz-target'] !== undefined) assert.equal(jsonCodec.resolveOperation(model, req), c.given.name);
        else assert.equal(jsonCodec.resolveOperation(model, req), undefined);
        const input = jsonCodec.parseInput(model, c.given, req);
        assert.deepEqual(normalize(input), normalize(c.params ?? {}));
      });
    }
  }

  for (const suite of loadVectors('output', name)) {
    for (const c of suite.cases) {
      const model = modelFor(suite, c);
      if (c.errorCode === undefined) {
        test(`${name} output ${c.id}: the serialized result reads back as the vector's result`, () => {
          const res = jsonCodec.serializeOutput(model, c.given, c.result ?? {}, ctx);
          assert.equal(res.status, 200);
          assert.equal(res.headers['content-type'], `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`);
          assert.ok(Buffer.isBuffer(res.body));
          // The per-shape writer gives the bytes of the generic value tree through JSON.stringify.
          const generic = c.given.output ? stringifyWithRaw(writeValue(model, c.given.output, c.result ?? {}, 'json')) : '{}';
          assert.equal(res.body.toString('utf8'), generic);
          const expected = normalize(c.result ?? {});
          assert.deepEqual(clientRead(model, c.given.output?.shape, res.body.toString('utf8')), expected);
          // The vector's own body reads to the same values, which checks the client-side reader used above.
          assert.deepEqual(clientRead(model, c.given.output?.shape, c.response?.body ?? ''), expected);
        });
      } else {
        test(`${name} output ${c.id}: the serialized error carries code ${c.errorCode} and its members`, () => {
          const res = jsonCodec.serializeError(model, c.given, awsErrorOf(c), ctx);
          assert.equal(res.status, c.response?.status_code);
          assert.ok(Buffer.isBuffer(res.body));
          const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
          const queryError = res.headers['x-amzn-query-error'];
          const code = queryError !== undefined ? queryError.split(';')[0] : sanitizeErrorCode(String(body['__type']));
          assert.equal(code, c.errorCode);
          assert.equal(sanitizeErrorCode(res.headers['x-amzn-errortype'] ?? ''), sanitizeErrorCode(String(body['__type'])));
          const info = findErrorShape(model, c.given, c.errorCode ?? '');
          assert.ok(info, 'the error shape is modeled');
          assert.deepEqual(normalize(readStructure(model, info.name, body, 'json')), normalize(c.error ?? {}));
          const vectorQueryError = c.response?.headers?.['x-amzn-query-error'];
          if (vectorQueryError !== undefined) assert.equal(queryError, vectorQueryError);
        });
      }
    }
  }
}
