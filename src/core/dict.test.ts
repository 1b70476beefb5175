// dict() and setOwn(): names that are Object.prototype members are ordinary keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dict, setOwn } from './dict.js';

test('__proto__, constructor and hasOwnProperty are stored, listed and serialized as keys', () => {
  const d = dict<string>();
  for (const k of ['__proto__', 'constructor', 'hasOwnProperty']) setOwn(d, k, k.toUpperCase());
  assert.deepEqual(Object.keys(d), ['__proto__', 'constructor', 'hasOwnProperty']);
  assert.equal(Object.getPrototypeOf(d), Object.prototype);
  assert.equal(JSON.stringify(d), '{"__proto__":"__PROTO__","constructor":"CONSTRUCTOR","hasOwnProperty":"HASOWNPROPERTY"}');
  assert.deepEqual(Object.keys(dict(JSON.parse('{"__proto__":"a"}') as Record<string, string>)), ['__proto__']);
});
