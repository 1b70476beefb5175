// Unit tests for the Object Lock rules: new-version locks from headers or default retention, delete and retention
// change checks, and lock configuration validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDeletable, checkRetentionChange, lockForNewVersion, parseRetention, validateLockConfiguration } from './object-lock.js';

const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'ok';
};

test('lockForNewVersion applies default retention in Days or Years from now, headers winning', () => {
  const days = { ObjectLockEnabled: 'Enabled' as const, Rule: { DefaultRetention: { Mode: 'GOVERNANCE' as const, Days: 2 } } };
  assert.deepEqual(lockForNewVersion({}, true, days, NOW), { lockMode: 'GOVERNANCE', lockUntil: NOW + 2 * DAY });
  const years = { ObjectLockEnabled: 'Enabled' as const, Rule: { DefaultRetention: { Mode: 'COMPLIANCE' as const, Years: 1 } } };
  assert.deepEqual(lockForNewVersion({}, true, years, NOW), { lockMode: 'COMPLIANCE', lockUntil: NOW + 365 * DAY });
  const until = new Date(NOW + DAY);
  assert.deepEqual(lockForNewVersion({ ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until }, true, days, NOW),
    { lockMode: 'COMPLIANCE', lockUntil: NOW + DAY });
  assert.deepEqual(lockForNewVersion({}, false, undefined, NOW), {});
});

test('lockForNewVersion refuses half-given, unknown or past locks and locks on a bucket without Object Lock', () => {
  assert.equal(code(() => lockForNewVersion({ ObjectLockMode: 'GOVERNANCE' }, true, undefined, NOW)), 'InvalidArgument');
  assert.equal(code(() => lockForNewVersion({ ObjectLockMode: 'X', ObjectLockRetainUntilDate: new Date(NOW + DAY) }, true, undefined, NOW)), 'InvalidArgument');
  assert.equal(code(() => lockForNewVersion({ ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date(NOW - 1) }, true, undefined, NOW)), 'InvalidArgument');
  assert.equal(code(() => lockForNewVersion({ ObjectLockLegalHoldStatus: 'ON' }, false, undefined, NOW)), 'InvalidRequest');
});

test('checkDeletable: legal hold always, COMPLIANCE until its date, GOVERNANCE unless bypassed', () => {
  assert.equal(code(() => checkDeletable({ legalHold: 'ON' }, true, NOW)), 'AccessDenied');
  assert.equal(code(() => checkDeletable({ lockMode: 'COMPLIANCE', lockUntil: NOW + 1 }, true, NOW)), 'AccessDenied');
  assert.equal(code(() => checkDeletable({ lockMode: 'COMPLIANCE', lockUntil: NOW }, false, NOW)), 'ok');
  assert.equal(code(() => checkDeletable({ lockMode: 'GOVERNANCE', lockUntil: NOW + 1 }, false, NOW)), 'AccessDenied');
  assert.equal(code(() => checkDeletable({ lockMode: 'GOVERNANCE', lockUntil: NOW + 1 }, true, NOW)), 'ok');
});

test('checkRetentionChange: extending is allowed, shortening needs bypass under GOVERNANCE and never under COMPLIANCE', () => {
  const gov = { lockMode: 'GOVERNANCE' as const, lockUntil: NOW + DAY };
  assert.equal(code(() => checkRetentionChange(gov, { mode: 'GOVERNANCE', until: NOW + 2 * DAY }, false, NOW)), 'ok');
  assert.equal(code(() => checkRetentionChange(gov, { mode: 'COMPLIANCE', until: NOW + 2 * DAY }, false, NOW)), 'ok');
  assert.equal(code(() => checkRetentionChange(gov, { mode: 'GOVERNANCE', until: NOW + 1 }, false, NOW)), 'AccessDenied');
  assert.equal(code(() => checkRetentionChange(gov, {}, true, NOW)), 'ok');
  const comp = { lockMode: 'COMPLIANCE' as const, lockUntil: NOW + DAY };
  assert.equal(code(() => checkRetentionChange(comp, { mode: 'GOVERNANCE', until: NOW + 2 * DAY }, true, NOW)), 'AccessDenied');
  assert.equal(code(() => checkRetentionChange(comp, { mode: 'COMPLIANCE', until: NOW + 1 }, true, NOW)), 'AccessDenied');
  assert.equal(code(() => checkRetentionChange(comp, { mode: 'COMPLIANCE', until: NOW + 1 }, true, NOW + DAY)), 'ok');
});

test('parseRetention and validateLockConfiguration answer MalformedXML for incomplete documents', () => {
  assert.deepEqual(parseRetention({}, NOW), {});
  assert.equal(code(() => parseRetention({ Mode: 'GOVERNANCE' }, NOW)), 'MalformedXML');
  assert.equal(code(() => validateLockConfiguration({})), 'MalformedXML');
  assert.equal(code(() => validateLockConfiguration({ ObjectLockEnabled: 'Enabled', Rule: {} })), 'MalformedXML');
  assert.equal(code(() => validateLockConfiguration({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1, Years: 1 } } })), 'MalformedXML');
  assert.equal(code(() => validateLockConfiguration({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 0 } } })), 'InvalidArgument');
  assert.equal(code(() => validateLockConfiguration({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3 } } })), 'ok');
});
