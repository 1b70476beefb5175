// Unit tests of the POST policy rules: document errors (InvalidPolicyDocument), conditions and their refusal text
// as recorded from S3 (TestS3PresignedPost), extra fields, and content-length-range against the received size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/aws-error.js';
import { checkFileSize, checkPolicy, parsePostPolicy } from './post-policy.js';

const b64 = (doc: unknown): string => Buffer.from(JSON.stringify(doc)).toString('base64');
const FUTURE = '2100-01-01T00:00:00Z';
const refusedWith = (code: string, message?: string) => (e: unknown): boolean =>
  e instanceof AwsError && e.code === code && (message === undefined || e.message === message);

test('parsePostPolicy refuses unreadable documents and simple conditions with two properties', () => {
  assert.throws(() => parsePostPolicy('not base64 json'), refusedWith('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.'));
  assert.throws(() => parsePostPolicy(b64({ conditions: [] })), refusedWith('InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.'));
  assert.throws(() => parsePostPolicy(b64({ expiration: FUTURE })), refusedWith('InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.'));
  assert.throws(() => parsePostPolicy(b64({ expiration: FUTURE, conditions: [{ a: '1', b: '2' }] })),
    refusedWith('InvalidPolicyDocument', 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.'));
});

test('checkPolicy matches field names case-insensitively and values case-sensitively, quoting the failed condition', () => {
  const policy = parsePostPolicy(b64({ expiration: FUTURE, conditions: [{ bucket: 'b' }, ['starts-with', '$Key', 'user/'], ['eq', '$success_action_redirect', 'http://x/ok']] }));
  const fields = new Map([['key', 'user/a'], ['success_action_redirect', 'http://x/ok']]);
  checkPolicy(policy, fields, 'b', 0);
  assert.throws(() => checkPolicy(policy, new Map([...fields, ['success_action_redirect', 'HTTP://x/ok']]), 'b', 0),
    refusedWith('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "$success_action_redirect", "http://x/ok"]'));
  assert.throws(() => checkPolicy(policy, fields, 'other', 0), refusedWith('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "b"]'));
  assert.throws(() => checkPolicy(policy, new Map([...fields, ['acl', 'public-read']]), 'b', 0), refusedWith('AccessDenied', 'Invalid according to Policy: Extra input fields: acl'));
  assert.throws(() => checkPolicy(policy, fields, 'b', Date.parse(FUTURE) + 1), refusedWith('AccessDenied', 'Invalid according to Policy: Policy expired.'));
});

test('content-length-range with a bound that is not a number fails as a condition; sizes outside are EntityTooLarge/Small', () => {
  assert.throws(() => parsePostPolicy(b64({ expiration: FUTURE, conditions: [['content-length-range', 'test', '10']] })),
    refusedWith('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["content-length-range", "test", "10"]'));
  const policy = parsePostPolicy(b64({ expiration: FUTURE, conditions: [['content-length-range', 5, 10]] }));
  checkFileSize(policy, 5);
  checkFileSize(policy, 10);
  assert.throws(() => checkFileSize(policy, 11), refusedWith('EntityTooLarge'));
  assert.throws(() => checkFileSize(policy, 4), refusedWith('EntityTooSmall'));
});
