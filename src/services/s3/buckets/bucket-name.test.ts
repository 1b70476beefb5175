// Unit tests for bucket naming and LocationConstraint rules.
// Expected codes and messages come from test_s3.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidBucketName, requireValidBucketName, resolveBucketRegion, locationConstraintOf } from './bucket-name.js';
import { AwsError } from '../../../core/aws-error.js';

test('bucket names follow the general-purpose naming rules', () => {
  for (const ok of ['abc', 'my-bucket.example', 'a1b', 'x'.repeat(63), 'bucket-1.2']) assert.equal(isValidBucketName(ok), true, ok);
  for (const bad of ['ab', 'x'.repeat(64), 'MyBucket', 'under_score', '-start', 'end-', 'a..b', 'a.-b', '192.168.1.1',
    'xn--bucket', 'bucket-s3alias', 'bucket--ol-s3', 'bucket.mrap', 'sthree-bucket', 'with space'])
    assert.equal(isValidBucketName(bad), false, bad);
});

test('an invalid bucket name throws InvalidBucketName with the BucketName field', () => {
  assert.throws(() => requireValidBucketName('Upper'), (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'InvalidBucketName');
    assert.equal(e.message, 'The specified bucket is not valid.');
    assert.equal(e.status, 400);
    assert.deepEqual(e.fields, { BucketName: 'Upper' });
    return true;
  });
});

test('us-east-1 accepts no constraint and other regions but rejects us-east-1 itself', () => {
  assert.equal(resolveBucketRegion('us-east-1', undefined), 'us-east-1');
  assert.equal(resolveBucketRegion('us-east-1', ''), 'us-east-1');
  assert.equal(resolveBucketRegion('us-east-1', 'eu-central-1'), 'eu-central-1');
  assert.equal(resolveBucketRegion('us-east-1', 'EU'), 'eu-west-1');
  for (const bad of ['us-east-1', 'foo', 'aws-global']) {
    assert.throws(() => resolveBucketRegion('us-east-1', bad), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'InvalidLocationConstraint');
      assert.equal(e.message, 'The specified location-constraint is not valid');
      assert.deepEqual(e.fields, { LocationConstraint: bad });
      return true;
    });
  }
});

test('other regions require the constraint to name them', () => {
  assert.equal(resolveBucketRegion('eu-west-1', 'eu-west-1'), 'eu-west-1');
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'],
    ['us-west-1', 'The us-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.'],
    ['EU', 'The EU location constraint is incompatible for the region specific endpoint this request was sent to.'],
  ];
  for (const [constraint, message] of cases) {
    assert.throws(() => resolveBucketRegion('us-east-2', constraint), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'IllegalLocationConstraintException');
      assert.equal(e.message, message);
      return true;
    });
  }
});

test('GetBucketLocation answers nothing for us-east-1 and EU for the EU alias', () => {
  assert.equal(locationConstraintOf('us-east-1', undefined), undefined);
  assert.equal(locationConstraintOf('eu-west-1', 'EU'), 'EU');
  assert.equal(locationConstraintOf('ap-south-1', 'ap-south-1'), 'ap-south-1');
});
