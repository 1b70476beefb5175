// Runs every rest-xml case of botocore's protocol vectors through the server codec: requests must parse into the
// case's params, and outputs/errors serialized from the case's result must parse back into the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { AwsError } from '../../src/core/aws-error.js';
import { shapeOf } from '../../src/core/model.js';
import { restXmlCodec } from '../../src/protocol/rest-xml.js';
import { readBindings } from '../../src/protocol/shared/http-bindings.js';
import { parseXml, renderXml, xmlNode } from '../../src/protocol/shared/xml.js';
import { readStructure, writeStructureContent } from '../../src/protocol/shared/xml-shapes.js';
import { bodyBuffer, loadSuites, modelFor, normalise, parseResponseBack, toCodecValue, vectorResponse, wireRequest } from './rest-vector-harness.js';

/** Cases skipped on purpose: each is client-only behaviour a server never sees. */
const SKIPPED: Record<string, string> = {
  QueryIdempotencyTokenAutoFill: 'the client fills in a missing idempotency token; the server only sees the token sent',
  RestXmlQueryPrecedence: 'the client drops a map entry that collides with a named query parameter; on the wire both look alike',
};

for (const suite of loadSuites('input', 'rest-xml')) {
  for (const c of suite.cases) {
    if (SKIPPED[c.id]) continue;
    test(`rest-xml input ${c.id}: ${c.description ?? suite.description}`, async () => {
      const model = modelFor(suite, c);
      const op = c.given;
      const serialized = c.serialized;
      assert.ok(serialized, 'input case has a serialized request');
      let body: Buffer | undefined;
      if (serialized.body === undefined && c.given['requestcompression'] !== undefined) {
        // The vector leaves the compressed bytes out; the SDK gzips the body as Smithy requestCompression says.
        const shape = shapeOf(model, op.input?.shape ?? '');
        const { children } = writeStructureContent(model, shape, c.params ?? {});
        body = gzipSync(Buffer.from(renderXml(xmlNode(op.input?.shape ?? 'Request', children))));
      }
      const req = wireRequest(serialized, body);
      assert.equal(restXmlCodec.resolveOperation(model, req), op.name);
      const input = restXmlCodec.parseInput(model, op, req);
      assert.deepStrictEqual(await normalise(model, op.input, input), await normalise(model, op.input, c.params ?? {}));
    });
  }
}

for (const suite of loadSuites('output', 'rest-xml')) {
  for (const c of suite.cases) {
    if (SKIPPED[c.id]) continue;
    test(`rest-xml output ${c.id}: ${c.description ?? suite.description}`, async () => {
      const model = modelFor(suite, c);
      const op = c.given;
      if (c.errorCode !== undefined) {
        const shape = shapeOf(model, c.errorCode);
        const fields = toCodecValue(model, { shape: c.errorCode }, c.error ?? {}) as Record<string, unknown>;
        const message = c.errorMessage ?? (typeof fields['Message'] === 'string' ? fields['Message'] : 'Hi');
        const error = new AwsError(c.errorCode, message, { status: shape.error?.httpStatusCode ?? 400, fields });
        const res = restXmlCodec.serializeError(model, op, error, { requestId: 'foo-id' });
        assert.equal(res.status, c.response?.status_code);
        const root = parseXml(await bodyBuffer(res));
        assert.equal(root.name, 'ErrorResponse');
        const errorEl = root.children.find((e) => e.name === 'Error');
        assert.ok(errorEl);
        assert.equal(errorEl.children.find((e) => e.name === 'Code')?.text, c.errorCode);
        assert.equal(errorEl.children.find((e) => e.name === 'Type')?.text, 'Sender');
        assert.equal(root.children.find((e) => e.name === 'RequestId')?.text, 'foo-id');
        const parsed: Record<string, unknown> = readStructure(model, shape, errorEl);
        readBindings(model, shape, { labels: {}, query: [], headers: res.headers }, parsed);
        assert.deepStrictEqual(await normalise(model, { shape: c.errorCode }, parsed), await normalise(model, { shape: c.errorCode }, c.error ?? {}));
        return;
      }
      const ref = op.output;
      const output = toCodecValue(model, ref, c.result ?? {}) as Record<string, unknown>;
      const res = restXmlCodec.serializeOutput(model, op, output, { requestId: 'foo-id' });
      assert.equal(res.status, c.response?.status_code ?? 200);
      const expected = await normalise(model, ref, c.result ?? {});
      assert.deepStrictEqual(await normalise(model, ref, await parseResponseBack(restXmlCodec, model, op, res)), expected);
      // The same reader recovers the values from AWS's own bytes, so the comparison above is not self-confirming.
      assert.deepStrictEqual(await normalise(model, ref, await parseResponseBack(restXmlCodec, model, op, vectorResponse(c))), expected);
      if ((c.response?.body ?? '') === '') assert.equal((await bodyBuffer(res)).length, 0, 'no body where AWS sends none');
    });
  }
}
