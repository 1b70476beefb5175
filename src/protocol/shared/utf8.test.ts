// Unit tests for the well-formed UTF-8 checks on bodies and percent-encoded URI parts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapesAreUtf8, strictUtf8 } from './utf8.js';

test('escapes of ASCII bytes are well-formed, and runs from %80 up must decode as UTF-8', () => {
  assert.equal(escapesAreUtf8('T=2026-12-07T10%3A00%3A00Z&A=%2F'), true);
  assert.equal(escapesAreUtf8('A=caf%C3%A9&B=%E2%82%AC'), true);
  assert.equal(escapesAreUtf8('A=a%FFb'), false);
  assert.equal(escapesAreUtf8('A=%C3'), false, 'a truncated sequence');
  assert.equal(escapesAreUtf8('A=%3A%C3%A9%3A&B=%e2%82'), false, 'lower-case hex is judged too');
  assert.equal(escapesAreUtf8('A=100%&B=%zz'), true, 'malformed escapes are not judged');
});

test('strictUtf8 refuses ill-formed bytes instead of replacing them', () => {
  assert.equal(strictUtf8(Buffer.from('café')), 'café');
  assert.equal(strictUtf8(Buffer.from([0x61, 0xff])), undefined);
});
