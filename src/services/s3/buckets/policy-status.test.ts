// Unit tests for the public-policy judgement behind GetBucketPolicyStatus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicPolicy } from './policy-status.js';

const doc = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

test('an unconditioned Allow to everyone is public; a named principal, a Deny or a condition is not', () => {
  assert.equal(isPublicPolicy(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })), true);
  assert.equal(isPublicPolicy(doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })), true);
  assert.equal(isPublicPolicy(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: '*' })), false);
  assert.equal(isPublicPolicy(doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })), false);
  assert.equal(isPublicPolicy(doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), false);
});
