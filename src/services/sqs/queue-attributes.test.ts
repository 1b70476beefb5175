// Unit tests for queue attributes: defaults per type, ranges, FIFO-only names, SSE exclusivity, RedrivePolicy and
// the attribute comparison behind QueueAlreadyExists; messages from aws-recordings/sqs/test_sqs.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { applyAttributes, defaultAttributes, firstDifference, parseRedrivePolicy, parseSettings, selectAttributeNames } from './queue-attributes.js';

function code(expected: string, message?: string): (e: unknown) => boolean {
  return (e) => isAwsError(e) && e.code === expected && (message === undefined || e.message === message);
}

test('a standard queue starts with AWS defaults', () => {
  const attrs = defaultAttributes(false);
  assert.deepEqual(attrs, {
    DelaySeconds: '0',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: '30',
    SqsManagedSseEnabled: 'true',
  });
  const fifo = defaultAttributes(true);
  assert.equal(fifo['FifoQueue'], 'true');
  assert.equal(fifo['DeduplicationScope'], 'queue');
  assert.equal(fifo['FifoThroughputLimit'], 'perQueue');
});

test('integer attributes are range-checked', () => {
  const base = defaultAttributes(false);
  assert.equal(applyAttributes(base, { DelaySeconds: '900' }, false, true)['DelaySeconds'], '900');
  assert.throws(() => applyAttributes(base, { DelaySeconds: '901' }, false, true), code('InvalidAttributeValue', 'Invalid value for the parameter DelaySeconds.'));
  assert.throws(() => applyAttributes(base, { VisibilityTimeout: 'abc' }, false, true), code('InvalidAttributeValue'));
  assert.throws(() => applyAttributes(base, { MaximumMessageSize: '1023' }, false, true), code('InvalidAttributeValue'));
  assert.throws(() => applyAttributes(base, { Bogus: '1' }, false, true), code('InvalidAttributeName', 'Unknown Attribute Bogus.'));
});

test('FIFO-only attributes are refused on standard queues with the recorded messages', () => {
  const base = defaultAttributes(false);
  assert.throws(() => applyAttributes(base, { ContentBasedDeduplication: 'true' }, false, true), code('InvalidAttributeName', 'Unknown Attribute ContentBasedDeduplication.'));
  assert.throws(
    () => applyAttributes(base, { DeduplicationScope: 'queue' }, false, true),
    code('InvalidAttributeName', 'You can specify the DeduplicationScope only when FifoQueue is set to true.'),
  );
  assert.throws(() => applyAttributes(base, { FifoQueue: 'false' }, false, true), code('InvalidAttributeName', 'Unknown Attribute FifoQueue.'));
  // test_set_unsupported_attribute_standard[sqs]: on a standard queue FifoQueue is unknown whatever its value;
  // test_set_unsupported_attribute_fifo[sqs]: a FIFO queue refuses being turned into a standard one.
  assert.throws(() => applyAttributes(base, { FifoQueue: 'true' }, false, false), code('InvalidAttributeName', 'Unknown Attribute FifoQueue.'));
  assert.throws(() => applyAttributes(defaultAttributes(true), { FifoQueue: 'true' }, true, false), code('InvalidAttributeName', 'Unknown Attribute FifoQueue.'));
  assert.throws(
    () => applyAttributes(defaultAttributes(true), { FifoQueue: 'false' }, true, false),
    code('InvalidAttributeValue', 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.'),
  );
  const fifo = applyAttributes(defaultAttributes(true), { FifoQueue: 'true', ContentBasedDeduplication: 'TRUE', FifoThroughputLimit: 'perMessageGroupId' }, true, true);
  assert.equal(fifo['ContentBasedDeduplication'], 'true');
  assert.equal(parseSettings(fifo).fifoThroughputLimit, 'perMessageGroupId');
});

test('KMS and SQS-managed SSE are mutually exclusive; KMS turns SQS SSE off', () => {
  const base = defaultAttributes(false);
  assert.throws(() => applyAttributes(base, { KmsMasterKeyId: 'k', SqsManagedSseEnabled: 'true' }, false, false), code('InvalidAttributeName'));
  const kms = applyAttributes(base, { KmsMasterKeyId: 'testKeyId', KmsDataKeyReusePeriodSeconds: '6000' }, false, false);
  assert.equal(kms['SqsManagedSseEnabled'], 'false');
  assert.equal(kms['KmsDataKeyReusePeriodSeconds'], '6000');
  const cleared = applyAttributes(kms, { KmsMasterKeyId: '' }, false, false);
  assert.equal(cleared['KmsMasterKeyId'], undefined);
});

test('RedrivePolicy needs a target and a maxReceiveCount of 1..1000; empty removes it', () => {
  assert.deepEqual(parseRedrivePolicy('{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"3"}'), {
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
    maxReceiveCount: 3,
  });
  assert.throws(() => parseRedrivePolicy('{"deadLetterTargetArn":"arn","maxReceiveCount":0}'), code('InvalidParameterValueException'));
  assert.throws(() => parseRedrivePolicy('not json'), code('InvalidParameterValueException'));
  const base = applyAttributes(defaultAttributes(false), { RedrivePolicy: '{"deadLetterTargetArn":"a","maxReceiveCount":2}' }, false, false);
  assert.equal(parseSettings(base).redrivePolicy?.maxReceiveCount, 2);
  assert.equal(applyAttributes(base, { RedrivePolicy: '' }, false, false)['RedrivePolicy'], undefined);
});

test('firstDifference names the first requested attribute that differs', () => {
  const existing = defaultAttributes(false);
  assert.equal(firstDifference(existing, { DelaySeconds: '0' }), undefined);
  assert.equal(firstDifference(existing, { VisibilityTimeout: '30', DelaySeconds: '5' }), 'DelaySeconds');
});

test('GetQueueAttributes rejects unknown names and expands All', () => {
  assert.equal(selectAttributeNames(['All']), 'all');
  assert.deepEqual(selectAttributeNames(['QueueArn']), new Set(['QueueArn']));
  assert.throws(() => selectAttributeNames(['Nope']), code('InvalidAttributeName', 'Unknown Attribute Nope.'));
});
