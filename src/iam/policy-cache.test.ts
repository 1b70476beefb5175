// The compiled-policy cache hands back one compiled form per document and ARN, and an edited document is compiled
// anew, so IAM changes apply to the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyCache } from './policy-cache.js';

const doc = (action: string): string => JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: action, Resource: '*' } });

test('the same text compiles once; another ARN or text compiles again', () => {
  const cache = new PolicyCache();
  const a = cache.get(doc('s3:*'));
  assert.equal(cache.get(doc('s3:*')), a);
  const managed = cache.get(doc('s3:*'), 'arn:aws:iam::111111111111:policy/P');
  assert.notEqual(managed, a);
  assert.equal(managed.arn, 'arn:aws:iam::111111111111:policy/P');
  const edited = cache.get(doc('sqs:*'));
  assert.notEqual(edited, a);
  assert.equal(edited.statements[0]?.matchesAction('sqs:SendMessage'), true);
});

test('the cache evicts the oldest document past its capacity', () => {
  const cache = new PolicyCache(2);
  cache.get(doc('a:*'));
  cache.get(doc('b:*'));
  cache.get(doc('c:*'));
  assert.equal(cache.size, 2);
});
