// Unit tests for buffering hints: AWS's defaults, the two flush triggers, and how many records an object takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flushReason, intervalDueAt, MIB, objectFull, resolveHints } from './buffering.js';

test('unset hints default to 5 MiB and 300 seconds; an update keeps what it does not name', () => {
  assert.deepEqual(resolveHints(undefined), { SizeInMBs: 5, IntervalInSeconds: 300 });
  assert.deepEqual(resolveHints({ IntervalInSeconds: 0 }), { SizeInMBs: 5, IntervalInSeconds: 0 });
  assert.deepEqual(resolveHints({ SizeInMBs: 64 }, { SizeInMBs: 1, IntervalInSeconds: 60 }), { SizeInMBs: 64, IntervalInSeconds: 60 });
});

test('the buffer flushes at SizeInMBs or when its oldest record has waited IntervalInSeconds', () => {
  const hints = { SizeInMBs: 1, IntervalInSeconds: 60 };
  assert.equal(flushReason({ bytes: 0, oldestArrivalMs: undefined }, hints, 1e9), undefined);
  assert.equal(flushReason({ bytes: 10, oldestArrivalMs: 1000 }, hints, 60_999), undefined);
  assert.equal(flushReason({ bytes: 10, oldestArrivalMs: 1000 }, hints, 61_000), 'interval');
  assert.equal(flushReason({ bytes: MIB, oldestArrivalMs: 1000 }, hints, 1000), 'size');
  assert.equal(intervalDueAt({ bytes: 10, oldestArrivalMs: 1000 }, hints), 61_000);
});

test('a zero-second interval delivers at once', () => {
  assert.equal(flushReason({ bytes: 1, oldestArrivalMs: 5 }, { SizeInMBs: 5, IntervalInSeconds: 0 }, 5), 'interval');
});

test('an object is complete once it holds SizeInMBs, whatever triggered the flush', () => {
  const hints = { SizeInMBs: 1, IntervalInSeconds: 300 };
  assert.equal(objectFull(MIB - 1, hints), false);
  assert.equal(objectFull(MIB, hints), true);
});
