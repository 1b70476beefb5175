// Unit tests for shard iterators: round trip, malformed input refused, expiry after 15 minutes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeIterator, encodeIterator, ITERATOR_LIFETIME_MS } from './shard-iterator.js';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000';

test('an iterator decodes to the stream, position and issue time it was made with', () => {
  const text = encodeIterator(ARN, { streamId: 3, after: 41, issuedAt: 1000, shard: 2 });
  assert.ok(text.startsWith(`${ARN}|1|`));
  assert.deepEqual(decodeIterator(text, 1000 + ITERATOR_LIFETIME_MS), { streamArn: ARN, streamId: 3, after: 41, issuedAt: 1000, shard: 2 });
  // Iterators issued before shards rolled (three fields) name the first shard.
  const old = `${ARN}|1|${Buffer.from('[3,41,1000]').toString('base64url')}`;
  assert.equal(decodeIterator(old, 1000).shard, 0);
});

test('an iterator older than 15 minutes is ExpiredIteratorException', () => {
  const text = encodeIterator(ARN, { streamId: 3, after: 41, issuedAt: 1000, shard: 0 });
  assert.throws(() => decodeIterator(text, 1001 + ITERATOR_LIFETIME_MS), { code: 'ExpiredIteratorException' });
});

test('a malformed iterator is a ValidationException', () => {
  for (const bad of ['x', `${ARN}|1|!!`, `${ARN}|2|${Buffer.from('[1,2,3]').toString('base64url')}`, `${ARN}|1|${Buffer.from('[1,"a",3]').toString('base64url')}`]) {
    assert.throws(() => decodeIterator(bad, 0), { code: 'ValidationException' });
  }
});
