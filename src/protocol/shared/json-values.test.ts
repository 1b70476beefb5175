import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../../core/model.js';
import { AwsError } from '../../core/aws-error.js';
import { readStructure } from './json-values.js';

const model: ServiceModel = {
  metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json', serviceId: 'X' },
  operations: {},
  shapes: {
    Input: { type: 'structure', members: { Limit: { shape: 'Int' }, Items: { shape: 'Items' }, Tags: { shape: 'Tags' }, Data: { shape: 'Blob' } } },
    Items: { type: 'list', member: { shape: 'Item' } },
    Item: { type: 'structure', members: { Name: { shape: 'Str' }, At: { shape: 'Time' }, Values: { shape: 'Nums' } } },
    Nums: { type: 'list', member: { shape: 'Dbl' } },
    Tags: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Item' } },
    Str: { type: 'string' },
    Int: { type: 'integer' },
    Dbl: { type: 'double' },
    Time: { type: 'timestamp' },
    Blob: { type: 'blob' },
  },
};

function failure(raw: unknown): string {
  try {
    readStructure(model, 'Input', raw, 'json');
  } catch (e) {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'SerializationException');
    return e.message;
  }
  assert.fail('expected a SerializationException');
}

test('a value of the wrong kind is named by its path: top-level members bare, list items by index, map values by key', () => {
  assert.equal(failure({ Limit: 'x' }), 'VALUE_STRING cannot be converted to Number (at Limit)');
  assert.equal(failure({ Items: [{ Name: 'a' }, { Name: 5 }] }), 'VALUE_NUMBER cannot be converted to String (at Items[1].Name)');
  assert.equal(failure({ Items: [{ Values: [1, 2, 'z'] }] }), 'VALUE_STRING cannot be converted to Number (at Items[0].Values[2])');
  assert.equal(failure({ Tags: { ok: { Name: 'a' }, bad: { At: true } } }), 'VALUE_TRUE cannot be converted to Timestamp (at Tags.bad.At)');
  assert.equal(failure({ Items: {} }), 'START_OBJECT cannot be converted to List (at Items)');
  assert.equal(failure({ Data: '***' }), 'Base64 encoded value is invalid (at Data)');
  assert.equal(failure([]), 'START_ARRAY cannot be converted to Structure');
});

test('values that read fine come back typed, nulls and unknown keys dropped', () => {
  const out = readStructure(model, 'Input', { Limit: 3.5, Items: [{ Name: 'a', At: 0, Values: [1, 'NaN'] }, null], Tags: { t: { Name: 'b' }, n: null }, Other: 1 }, 'json');
  assert.deepEqual(out, { Limit: 3, Items: [{ Name: 'a', At: new Date(0), Values: [1, Number.NaN] }, null], Tags: { t: { Name: 'b' } } });
});
