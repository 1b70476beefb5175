// The encoded authorization failure message round-trips to AWS's decoded layout; anything else is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAuthorizationMessage, encodeAuthorizationMessage } from './authorization-message.js';

test('an encoded message decodes to allowed/explicitDeny/context with conditions as items', () => {
  const encoded = encodeAuthorizationMessage({
    explicitDeny: true,
    principal: { id: 'AIDAEXAMPLE', name: 'bob', arn: 'arn:aws:iam::111111111111:user/bob' },
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:111111111111:instance/*',
    conditions: { 'ec2:Region': 'us-east-1', 'aws:TagKeys': ['a', 'b'] },
  });
  assert.match(encoded, /^[\w-]+$/);
  const decoded = JSON.parse(decodeAuthorizationMessage(encoded)!) as Record<string, unknown>;
  assert.deepEqual(decoded, {
    allowed: false,
    explicitDeny: true,
    matchedStatements: { items: [] },
    failures: { items: [] },
    context: {
      principal: { id: 'AIDAEXAMPLE', name: 'bob', arn: 'arn:aws:iam::111111111111:user/bob' },
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:111111111111:instance/*',
      conditions: {
        items: [
          { key: 'ec2:Region', values: { items: [{ value: 'us-east-1' }] } },
          { key: 'aws:TagKeys', values: { items: [{ value: 'a' }, { value: 'b' }] } },
        ],
      },
    },
  });
});

test('text that is not an encoded message does not decode', () => {
  for (const bad of ['', 'hello', 'k1!!', 'k1AAAA', `k1${Buffer.from('{}').toString('base64url')}`]) assert.equal(decodeAuthorizationMessage(bad), undefined, bad);
});
