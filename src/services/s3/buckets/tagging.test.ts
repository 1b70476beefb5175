// Unit tests for tag-set validation and the x-amz-tagging header, per test_s3_api.snapshot.json tagging cases.
// Each rejected input names the field S3 reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTaggingHeader, validateTagSet } from './tagging.js';
import { AwsError } from '../../../core/aws-error.js';

function fails(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an AwsError');
}

test('tag sets reject duplicates, bad characters and aws: keys with InvalidTag', () => {
  assert.deepEqual(validateTagSet([{ Key: 'a', Value: 'b c' }], 'bucket'), [{ Key: 'a', Value: 'b c' }]);
  assert.deepEqual(fails(() => validateTagSet([{ Key: 'Key1', Value: '1' }, { Key: 'Key1', Value: '2' }], 'bucket')).fields, { TagKey: 'Key1' });
  assert.equal(fails(() => validateTagSet([{ Key: 'Key1,Key2', Value: '' }], 'bucket')).message, 'The TagKey you have provided is invalid');
  assert.equal(fails(() => validateTagSet([{ Key: 'Key1', Value: 'Val1,Val2' }], 'bucket')).message, 'The TagValue you have provided is invalid');
  assert.equal(fails(() => validateTagSet([{ Key: 'aws:prefixed', Value: '' }], 'bucket')).message, 'System tags cannot be added/updated by requester');
  const objectTag = fails(() => validateTagSet([{ Key: 'aws:prefixed', Value: '' }], 'object'));
  assert.equal(objectTag.message, 'Your TagKey cannot be prefixed with aws:');
  assert.deepEqual(objectTag.fields, { TagKey: 'aws:prefixed' });
});

test('objects carry at most 10 tags', () => {
  const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  assert.equal(fails(() => validateTagSet(eleven, 'object')).code, 'BadRequest');
});

test('the x-amz-tagging header is URL-query encoded without duplicates', () => {
  assert.deepEqual(parseTaggingHeader('key1=val1&key2=val%202'), [{ Key: 'key1', Value: 'val1' }, { Key: 'key2', Value: 'val 2' }]);
  assert.equal(fails(() => parseTaggingHeader('key1=val1&key1=val2')).fields['ArgumentName'], 'x-amz-tagging');
  assert.equal(fails(() => parseTaggingHeader('key1=val1,key2=val2')).code, 'InvalidArgument');
});
