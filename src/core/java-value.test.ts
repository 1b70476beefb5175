import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../core/model.js';
import { javaToString } from './java-value.js';

const model: ServiceModel = {
  metadata: { apiVersion: '2012-08-10', endpointPrefix: 'dynamodb', protocol: 'json', serviceId: 'DynamoDB' },
  operations: {},
  shapes: {
    Requests: { type: 'list', member: { shape: 'WriteRequest' } },
    WriteRequest: { type: 'structure', members: { PutRequest: { shape: 'PutRequest' }, DeleteRequest: { shape: 'PutRequest' } } },
    PutRequest: { type: 'structure', members: { Item: { shape: 'Item' } } },
    Item: { type: 'map', key: { shape: 'S' }, value: { shape: 'AttributeValue' } },
    AttributeValue: { type: 'structure', members: { S: { shape: 'S' } } },
    S: { type: 'string' },
  },
};

test('a list of structures prints as Java toString: Name(member=value), null for absent members, AttributeValue as class@hash', () => {
  const text = javaToString(model, 'Requests', [{ PutRequest: { Item: { a: { S: 'x' }, b: { S: 'x' } } } }]);
  assert.match(text, /^\[WriteRequest\(putRequest=PutRequest\(item=\{a=com\.amazonaws\.dynamodb\.v20120810\.AttributeValue@([0-9a-f]+), b=com\.amazonaws\.dynamodb\.v20120810\.AttributeValue@\1\}\), deleteRequest=null\)\]$/);
});
