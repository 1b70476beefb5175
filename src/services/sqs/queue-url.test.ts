// Unit tests for queue names, URLs and ARNs: every URL form a client may send resolves to the same queue.
// Invalid names and addresses fail with AWS's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { buildQueueArn, buildQueueUrl, parseQueueArn, parseQueueUrl, validateQueueName } from './queue-url.js';

test('buildQueueUrl uses the Host the client used', () => {
  assert.equal(buildQueueUrl('127.0.0.1:4566', '000000000000', 'q1'), 'http://127.0.0.1:4566/000000000000/q1');
});

test('parseQueueUrl accepts AWS, localhost, path-only and trailing-slash forms', () => {
  const expected = { account: '123456789012', name: 'jobs.fifo' };
  assert.deepEqual(parseQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo'), expected);
  assert.deepEqual(parseQueueUrl('http://localhost:4566/123456789012/jobs.fifo'), expected);
  assert.deepEqual(parseQueueUrl('http://sqs.us-east-1.localhost.localstack.cloud:4566/123456789012/jobs.fifo/'), expected);
  assert.deepEqual(parseQueueUrl('/123456789012/jobs.fifo'), expected);
});

test('parseQueueUrl reads a bare name in the caller account, and rejects it without one', () => {
  assert.deepEqual(parseQueueUrl('jobs.fifo', '111122223333'), { account: '111122223333', name: 'jobs.fifo' });
  assert.throws(() => parseQueueUrl('jobs'), (e) => isAwsError(e) && e.code === 'InvalidAddress');
  assert.throws(() => parseQueueUrl('not a queue', '111122223333'), (e) => isAwsError(e) && e.code === 'InvalidAddress');
});

test('validateQueueName enforces charset, length and the .fifo suffix', () => {
  validateQueueName('a'.repeat(80), false);
  validateQueueName('a'.repeat(75) + '.fifo', true);
  const invalid = (e: unknown) => isAwsError(e) && e.code === 'InvalidParameterValueException' && e.queryCode === 'InvalidParameterValue';
  assert.throws(() => validateQueueName('a'.repeat(81), false), invalid);
  assert.throws(() => validateQueueName('bad name', false), invalid);
  assert.throws(() => validateQueueName('', false), invalid);
  assert.throws(() => validateQueueName('jobs', true), invalid);
  assert.throws(() => validateQueueName('jobs.fifo', false), invalid);
});

test('queue ARNs round-trip', () => {
  const arn = buildQueueArn('us-east-1', '000000000000', 'q');
  assert.equal(arn, 'arn:aws:sqs:us-east-1:000000000000:q');
  assert.deepEqual(parseQueueArn(arn), { partition: 'aws', region: 'us-east-1', account: '000000000000', name: 'q' });
  assert.equal(parseQueueArn('arn:aws:sns:us-east-1:000000000000:q'), undefined);
});
