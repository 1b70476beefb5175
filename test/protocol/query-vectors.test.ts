// AWS's awsQuery and ec2 protocol vectors run server-side: each form request parses into the vector's params, and
// each result or error we serialize reads back from our XML (as a client would) into the vector's values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ServiceModel } from '../../src/core/model.js';
import type { Codec } from '../../src/protocol/codec.js';
import { ec2Codec } from '../../src/protocol/ec2.js';
import { queryCodec } from '../../src/protocol/query.js';
import { findErrorShape } from '../../src/protocol/shared/error-shapes.js';
import { firstChild, parseXml, type XmlElement } from '../../src/protocol/shared/xml.js';
import { readStructure } from '../../src/protocol/shared/xml-shapes.js';
import { awsErrorOf, loadVectors, modelFor, normalize, type VectorCase } from './rpc-vector-support.js';

const ctx = { requestId: 'req-1' };

/** Clients omit empty lists and maps from query requests, so a server cannot tell them from absent ones. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const isEmptyList = Array.isArray(v) && v.length === 0;
      const isEmptyMap = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
      if (!isEmptyList && !isEmptyMap) out[k] = dropEmpty(v);
    }
    return out;
  }
  return value;
}

function readResult(model: ServiceModel, c: VectorCase, root: XmlElement, dialect: 'query' | 'ec2'): unknown {
  const outputRef = c.given.output;
  if (!outputRef) return {};
  const wrapper = dialect === 'query' ? firstChild(root, outputRef.resultWrapper ?? `${c.given.name}Result`) : root;
  const shape = model.shapes[outputRef.shape];
  return wrapper && shape ? normalize(readStructure(model, shape, wrapper)) : {};
}

function errorElement(root: XmlElement, dialect: 'query' | 'ec2'): XmlElement | undefined {
  if (dialect === 'query') return firstChild(root, 'Error');
  const errors = firstChild(root, 'Errors');
  return errors ? firstChild(errors, 'Error') : undefined;
}

for (const [name, codec, dialect] of [['query', queryCodec, 'query'], ['ec2', ec2Codec, 'ec2']] as [string, Codec, 'query' | 'ec2'][]) {
  for (const suite of loadVectors('input', name)) {
    for (const c of suite.cases) {
      test(`${name} input ${c.id}: the form request parses into the vector's params`, () => {
        const model = modelFor(suite, c);
        const s = c.serialized;
        assert.ok(s);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(s.headers ?? {})) headers[k.toLowerCase()] = v;
        let body = Buffer.from(s.body ?? '', 'utf8');
        if (s.body === undefined && headers['content-encoding']?.includes('gzip')) {
          // Compression vectors leave out the compressed bytes; send what the SDK sends: the form, gzipped.
          const form = new URLSearchParams({ Action: c.given.name, Version: String(suite.metadata.apiVersion) });
          for (const [k, v] of Object.entries(c.params ?? {})) if (typeof v === 'string') form.set(k, v);
          body = gzipSync(form.toString());
        }
        const req = { method: s.method, path: s.uri, query: '', headers, body };
        assert.equal(codec.resolveOperation(model, req), c.given.name);
        const input = codec.parseInput(model, c.given, req);
        // Idempotency-token vectors check that the SDK fills the token in; the server just receives it.
        const inputShape = c.given.input ? model.shapes[c.given.input.shape] : undefined;
        for (const [member, ref] of Object.entries(inputShape?.members ?? {})) {
          if (ref.idempotencyToken === true && c.params?.[member] === undefined) delete input[member];
        }
        assert.deepEqual(dropEmpty(normalize(input)), dropEmpty(normalize(c.params ?? {})));
      });
    }
  }

  for (const suite of loadVectors('output', name)) {
    for (const c of suite.cases) {
      const model = modelFor(suite, c);
      if (c.errorCode === undefined) {
        test(`${name} output ${c.id}: the XML result reads back as the vector's result`, () => {
          const res = codec.serializeOutput(model, c.given, c.result ?? {}, ctx);
          assert.equal(res.status, 200);
          assert.ok(Buffer.isBuffer(res.body));
          const root = parseXml(res.body);
          assert.equal(root.localName, `${c.given.name}Response`);
          const expected = normalize(c.result ?? {});
          assert.deepEqual(readResult(model, c, root, dialect), expected);
          if (c.response?.body) assert.deepEqual(readResult(model, c, parseXml(c.response.body), dialect), expected);
          const requestId = dialect === 'query' ? firstChild(firstChild(root, 'ResponseMetadata') ?? root, 'RequestId') : firstChild(root, 'requestId');
          assert.equal(requestId?.text, 'req-1');
        });
      } else {
        test(`${name} output ${c.id}: the XML error carries code ${c.errorCode} and its members`, () => {
          const res = codec.serializeError(model, c.given, awsErrorOf(c), ctx);
          assert.equal(res.status, c.response?.status_code);
          assert.ok(Buffer.isBuffer(res.body));
          const root = parseXml(res.body);
          assert.equal(root.localName, dialect === 'query' ? 'ErrorResponse' : 'Response');
          const error = errorElement(root, dialect);
          assert.ok(error);
          assert.equal(firstChild(error, 'Code')?.text, c.errorCode);
          if (dialect === 'query') assert.equal(firstChild(error, 'Type')?.text, 'Sender');
          const info = findErrorShape(model, c.given, c.errorCode ?? '');
          assert.ok(info, 'the error shape is modeled');
          assert.deepEqual(normalize(readStructure(model, info.shape, error)), normalize(c.error ?? {}));
          assert.equal(firstChild(root, dialect === 'query' ? 'RequestId' : 'RequestID')?.text, 'req-1');
        });
      }
    }
  }
}

test('a query request without Action is MissingAction and an unknown Action does not resolve', () => {
  const model: ServiceModel = {
    metadata: { apiVersion: '2010-05-08', endpointPrefix: 'iam', serviceId: 'IAM', protocol: 'query' },
    operations: { ListUsers: { name: 'ListUsers', http: { method: 'POST', requestUri: '/' } } },
    shapes: {},
  };
  const req = (body: string) => ({ method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) });
  assert.throws(() => queryCodec.resolveOperation(model, req('Version=2010-05-08')), { code: 'MissingAction', status: 400, message: 'Missing Action' });
  assert.equal(queryCodec.resolveOperation(model, req('Action=Nope&Version=2010-05-08')), undefined);
  assert.equal(queryCodec.resolveOperation(model, { ...req(''), method: 'GET', query: 'Action=ListUsers&Version=2010-05-08' }), 'ListUsers');
});
