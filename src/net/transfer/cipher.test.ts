// Unit tests of the per-frame AES-256-GCM and the KDF: per-transfer keys, the key check, and tamper detection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKey, deriveKey, makeParams, newSalt, openBlock, sealBlock } from './cipher.js';

test('a block sealed with a derived key opens with the same password and salt only', () => {
  const salt = newSalt();
  const k = deriveKey('password1', salt);
  const sealed = sealBlock(k, 1, Buffer.from('data'));
  assert.equal(openBlock(deriveKey('password1', salt), 1, sealed).toString(), 'data');
  assert.throws(() => openBlock(deriveKey('password2', salt), 1, sealed));
  assert.throws(() => openBlock(deriveKey('password1', newSalt()), 1, sealed));
});

test('the sequence number is bound into the nonce, so a replayed or reordered frame fails', () => {
  const k = deriveKey('a'.repeat(64), newSalt());
  const sealed = sealBlock(k, 7, Buffer.from('x'));
  assert.throws(() => openBlock(k, 8, sealed));
  sealed[0]! ^= 1;
  assert.throws(() => openBlock(k, 7, sealed));
});

test('the key check lets a receiver refuse a wrong key before any data', () => {
  const salt = newSalt();
  const params = makeParams(deriveKey('rightkey1', salt), salt);
  assert.equal(checkKey(deriveKey('rightkey1', salt), params), true);
  assert.equal(checkKey(deriveKey('wrongkey1', salt), params), false);
});

test('a 64-hex strong key and a password derive different 32-byte keys per salt', () => {
  const salt = newSalt();
  assert.equal(deriveKey('f'.repeat(64), salt).length, 32);
  assert.notDeepEqual(deriveKey('f'.repeat(64), salt), deriveKey('f'.repeat(64), newSalt()));
});
