// Unit tests of RawJson splicing: pre-rendered text lands verbatim, nested and repeated, and a client string that
// looks like a marker stays a string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawJson, stringifyWithRaw } from './raw-json.js';

test('stringifyWithRaw splices RawJson text in place and leaves other values to JSON.stringify', () => {
  const body = { Records: [new RawJson('{"a":1}'), { b: '\u0000kumo-raw-x:0' }, new RawJson('[2,3]')], Next: 'n' };
  const text = stringifyWithRaw(body);
  assert.equal(text, '{"Records":[{"a":1},{"b":"\\u0000kumo-raw-x:0"},[2,3]],"Next":"n"}');
  assert.deepEqual(JSON.parse(text), { Records: [{ a: 1 }, { b: '\u0000kumo-raw-x:0' }, [2, 3]], Next: 'n' });
  assert.equal(stringifyWithRaw({ plain: [1, 'x'] }), '{"plain":[1,"x"]}');
  assert.equal(JSON.stringify({ r: new RawJson('{"z":true}') }), '{"r":{"z":true}}');
});
