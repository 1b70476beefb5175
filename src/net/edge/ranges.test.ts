// Range choices for cached objects: single ranges, suffixes, open ends, unsatisfiable starts, If-Range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRange } from './ranges.js';

test('a single byte range is clamped to the object; a start past the end is unsatisfiable', () => {
  assert.deepEqual(chooseRange('bytes=0-9', 100), { kind: 'part', start: 0, end: 9 });
  assert.deepEqual(chooseRange('bytes=90-200', 100), { kind: 'part', start: 90, end: 99 });
  assert.deepEqual(chooseRange('bytes=95-', 100), { kind: 'part', start: 95, end: 99 });
  assert.deepEqual(chooseRange('bytes=-10', 100), { kind: 'part', start: 90, end: 99 });
  assert.deepEqual(chooseRange('bytes=-500', 100), { kind: 'part', start: 0, end: 99 });
  assert.deepEqual(chooseRange('bytes=100-', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(chooseRange('bytes=-0', 100), { kind: 'unsatisfiable' });
});

test('ranges the edge does not serve get the whole object', () => {
  assert.deepEqual(chooseRange(undefined, 100), { kind: 'whole' });
  assert.deepEqual(chooseRange('bytes=0-1,5-6', 100), { kind: 'whole' });
  assert.deepEqual(chooseRange('bytes=9-3', 100), { kind: 'whole' });
  assert.deepEqual(chooseRange('items=0-3', 100), { kind: 'whole' });
  assert.deepEqual(chooseRange('bytes=0-3', 100, '"old"', '"new"'), { kind: 'whole' });
  assert.deepEqual(chooseRange('bytes=0-3', 100, '"new"', '"new"'), { kind: 'part', start: 0, end: 3 });
});
