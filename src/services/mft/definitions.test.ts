// Unit tests of management-information validation: HULFT's defaults and limits per parameter-card tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from './definitions.js';

test('send information gets HULFT defaults and an upper-case file ID', () => {
  const d = validate({ kind: 'snd', id: 'file01', fields: { filename: '/x', GRPID: 'G' }, list: [] });
  assert.equal(d.id, 'FILE01');
  assert.equal(d.fields.TRANSTYPE, 'T');
  assert.equal(d.fields.TRANSPRTY, '50');
  assert.equal(d.fields.KJCHNGE, 'S');
  assert.equal(d.fields.COMP, 'N');
});

test('limits: 50-byte IDs, priority 1–256, block length × count ≤ 65520, passwords 8–20 or 64 hex', () => {
  const snd = (fields: Record<string, string>, id = 'F'): unknown => validate({ kind: 'snd', id, fields: { FILENAME: '/x', GRPID: 'G', ...fields }, list: [] });
  assert.throws(() => snd({}, 'X'.repeat(51)), /1–50/);
  assert.throws(() => snd({ TRANSPRTY: '257' }), /1–256/);
  assert.throws(() => snd({ BLOCKLEN: '65520', BLOCKCNT: '2' }), /65520/);
  assert.throws(() => snd({ BLOCKLEN: '100' }), /128–65520/);
  assert.throws(() => snd({ PASSWORD: 'short' }), /PASSWORD/);
  assert.doesNotThrow(() => snd({ PASSWORD: 'b'.repeat(64), BLOCKLEN: '32760', BLOCKCNT: '2' }));
  assert.throws(() => snd({ NOPE: '1' }), /not a field/);
  assert.throws(() => validate({ kind: 'hst', id: 'h'.repeat(69), fields: {}, list: [] }), /1–68/);
});

test('groups need unique hosts and jobs hold 1–13 commands', () => {
  assert.throws(() => validate({ kind: 'tgrp', id: 'G', fields: {}, list: ['a', 'a'] }), /twice/);
  assert.throws(() => validate({ kind: 'job', id: 'J', fields: {}, list: Array.from({ length: 14 }, () => 'true') }), /13/);
  assert.deepEqual(validate({ kind: 'tgrp', id: 'G', fields: {}, list: [' a ', 'b'] }).list, ['a', 'b']);
});
