// Unit tests for lifecycle rules: validation errors, filters, expiry times rounded to midnight UTC, and the header.
// Errors follow test_s3.snapshot.json TestS3BucketLifecycle::test_put_bucket_lifecycle_conf_exc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/aws-error.js';
import type { LifecycleRule } from '../../../generated/s3/api.js';
import { afterDays, currentExpiry, expirationHeader, noncurrentExpiry, removesLoneDeleteMarker, ruleApplies, uploadAbortAt,
  validateLifecycleRules } from './lifecycle.js';

const T0 = Date.UTC(2026, 0, 10, 15, 30);

function code(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e.code;
  }
}

test('lifecycle configurations are validated as S3 does', () => {
  assert.equal(code(() => validateLifecycleRules([{ ID: 'a', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }])), 'ok');
  assert.equal(code(() => validateLifecycleRules([{ ID: 'a', Status: 'Enabled', Expiration: { Days: 1 } }])), 'MalformedXML');
  assert.equal(code(() => validateLifecycleRules([{ ID: 'a', Status: 'Enabled', Filter: {}, Expiration: { Date: new Date(T0) } }])), 'InvalidArgument');
  assert.equal(code(() => validateLifecycleRules([{ ID: 'a', Status: 'Enabled', Filter: { And: { Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] } } }])), 'InvalidRequest');
  assert.equal(code(() => validateLifecycleRules([{ ID: 'a', Status: 'Enabled', Filter: {}, Expiration: { Days: 1, ExpiredObjectDeleteMarker: true } }])), 'MalformedXML');
  assert.equal(code(() => validateLifecycleRules([{ ID: 'a', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: {} }])), 'MalformedXML');
});

test('filters match prefix, tags and size; disabled rules never apply', () => {
  const rule: LifecycleRule = { Status: 'Enabled', Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 't', Value: '1' }], ObjectSizeGreaterThan: 10 } } };
  assert.equal(ruleApplies(rule, { key: 'logs/a', size: 11, tags: [{ Key: 't', Value: '1' }] }), true);
  assert.equal(ruleApplies(rule, { key: 'logs/a', size: 10, tags: [{ Key: 't', Value: '1' }] }), false);
  assert.equal(ruleApplies(rule, { key: 'other', size: 11, tags: [{ Key: 't', Value: '1' }] }), false);
  assert.equal(ruleApplies({ Status: 'Disabled', Filter: {} }, { key: 'x', size: 1, tags: [] }), false);
});

test('expiry days round up to the next midnight UTC and the earliest rule wins', () => {
  assert.equal(afterDays(T0, 1), Date.UTC(2026, 0, 12));
  const rules: LifecycleRule[] = [
    { ID: 'late', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } },
    { ID: 'soon', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 2 } },
  ];
  const e = currentExpiry(rules, { key: 'tmp/x', size: 1, tags: [], lastModified: T0 });
  assert.deepEqual(e, { at: Date.UTC(2026, 0, 13), ruleId: 'soon' });
  assert.equal(expirationHeader(e), 'expiry-date="Tue, 13 Jan 2026 00:00:00 GMT", rule-id="soon"');
  assert.equal(currentExpiry(rules.slice(1), { key: 'keep', size: 1, tags: [], lastModified: T0 }), undefined);
});

test('noncurrent versions, lone delete markers and stale uploads have their own clocks', () => {
  const rules: LifecycleRule[] = [{ ID: 'r', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } }];
  assert.equal(noncurrentExpiry(rules, { key: 'k', size: 1, tags: [] }, T0, 0), undefined);
  assert.equal(noncurrentExpiry(rules, { key: 'k', size: 1, tags: [] }, T0, 1), Date.UTC(2026, 0, 12));
  assert.equal(uploadAbortAt(rules, 'k', T0), Date.UTC(2026, 0, 14));
  assert.equal(removesLoneDeleteMarker([{ Status: 'Enabled', Filter: {}, Expiration: { ExpiredObjectDeleteMarker: true } }], 'k'), true);
  assert.equal(removesLoneDeleteMarker(rules, 'k'), false);
});
