// Unit tests for message, FIFO, batch and receipt-handle rules: each rejects with AWS's code, query code and wording
// from the recordings, and accepts the edge values AWS accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { validateBatchEntries } from './batch.js';
import { deduplicationId, deduplicationScopeKey, sequenceNumber, validateDeduplicationId, validateGroupId } from './fifo.js';
import { checkMessageSize, messageSize, validateBody, validateMessageAttributes, validateSystemAttributes } from './message-validation.js';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt-handle.js';

function fails(code: string, queryCode: string, message?: string): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(isAwsError(e), String(e));
    const err = e;
    assert.equal(err.code, code);
    assert.equal(err.queryCode, queryCode);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  };
}

test('SendMessage rejects an empty body with MissingParameter', () => {
  assert.throws(() => validateBody(''), fails('MissingRequiredParameterException', 'MissingParameter', 'The request must contain the parameter MessageBody.'));
});

test('SendMessage rejects characters outside the SQS set and accepts the allowed ranges', () => {
  assert.equal(validateBody('tab\there\n\r ok \u{1F600} \uE000'), 'tab\there\n\r ok \u{1F600} \uE000');
  assert.throws(() => validateBody('bad\u0000'), fails('InvalidMessageContents', 'InvalidMessageContents'));
  assert.throws(() => validateBody('lone \uD800 surrogate'), fails('InvalidMessageContents', 'InvalidMessageContents'));
  assert.throws(() => validateBody('\uFFFF'), fails('InvalidMessageContents', 'InvalidMessageContents'));
});

test('message size counts body and attribute names, types and values against the limit', () => {
  const attrs = validateMessageAttributes({ ab: { DataType: 'String', StringValue: 'xyz' } });
  assert.equal(messageSize('1234', attrs), 4 + 2 + 6 + 3);
  checkMessageSize(1024, 1024);
  assert.throws(
    () => checkMessageSize(1025, 1024),
    fails('InvalidParameterValueException', 'InvalidParameterValue', 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.'),
  );
});

test('message attributes need a non-empty value of their type', () => {
  assert.throws(
    () => validateMessageAttributes({ ErrorDetails: { DataType: 'String', StringValue: '' } }),
    fails('InvalidParameterValueException', 'InvalidParameterValue', "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."),
  );
  assert.throws(() => validateMessageAttributes({ n: { DataType: 'Number', StringValue: 'abc' } }), fails('InvalidParameterValueException', 'InvalidParameterValue'));
  assert.throws(() => validateMessageAttributes({ t: { DataType: 'Text', StringValue: 'a' } }), fails('InvalidParameterValueException', 'InvalidParameterValue'));
  const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]));
  assert.throws(() => validateMessageAttributes(many), fails('InvalidParameterValueException', 'InvalidParameterValue'));
  assert.deepEqual(validateMessageAttributes({ n: { DataType: 'Number.int', StringValue: '-1.5e3' } }), { n: { DataType: 'Number.int', StringValue: '-1.5e3' } });
});

test('only AWSTraceHeader is accepted as a system attribute', () => {
  assert.ok(validateSystemAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } }));
  assert.throws(() => validateSystemAttributes({ Other: { DataType: 'String', StringValue: 'x' } }), fails('InvalidParameterValueException', 'InvalidParameterValue'));
});

test('FIFO ids allow 1..128 printable ASCII characters without spaces', () => {
  validateGroupId('a'.repeat(128));
  validateDeduplicationId('!~');
  assert.throws(
    () => validateGroupId('group 123'),
    fails(
      'InvalidParameterValueException',
      'InvalidParameterValue',
      'Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    ),
  );
  assert.throws(() => validateDeduplicationId('a'.repeat(129)), fails('InvalidParameterValueException', 'InvalidParameterValue'));
  assert.throws(() => validateDeduplicationId(''), fails('InvalidParameterValueException', 'InvalidParameterValue'));
});

test('content-based deduplication uses the SHA-256 of the body; without it an explicit id is required', () => {
  assert.equal(deduplicationId(undefined, 'abc', true), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(deduplicationId('mine', 'abc', true), 'mine');
  assert.throws(() => deduplicationId(undefined, 'abc', false), fails('InvalidParameterValueException', 'InvalidParameterValue'));
  assert.equal(deduplicationScopeKey('queue', 'g'), '');
  assert.equal(deduplicationScopeKey('messageGroup', 'g'), 'g');
  assert.equal(sequenceNumber(42), '00000000000000000042');
});

test('batches need 1..10 distinct, well-formed entry ids', () => {
  validateBatchEntries([{ Id: 'a-1_B' }], 'SendMessageBatchRequestEntry');
  assert.throws(() => validateBatchEntries([], 'SendMessageBatchRequestEntry'), fails('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest'));
  const twenty = Array.from({ length: 20 }, (_, i) => ({ Id: `m${i}` }));
  assert.throws(
    () => validateBatchEntries(twenty, 'x'),
    fails('TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10. You have sent 20.'),
  );
  assert.throws(() => validateBatchEntries([{ Id: 'invalid:id' }], 'x'), fails('InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId'));
  assert.throws(() => validateBatchEntries([{ Id: 'x'.repeat(81) }], 'x'), fails('InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId'));
  assert.throws(() => validateBatchEntries([{ Id: 'a' }, { Id: 'a' }], 'x'), fails('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct'));
});

test('receipt handles round-trip and differ per receive; foreign tokens are ReceiptHandleIsInvalid', () => {
  const handle = { queueId: 3, seq: 99, receiveCount: 2, messageId: 'c0ffee00-0000-4000-8000-000000000000', receivedAt: 1767225600000 };
  const a = encodeReceiptHandle(handle);
  assert.deepEqual(decodeReceiptHandle(a), handle);
  assert.notEqual(encodeReceiptHandle(handle), a);
  assert.throws(() => decodeReceiptHandle('garbage'), fails('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 'The input receipt handle "garbage" is not a valid receipt handle.'));
  assert.throws(() => decodeReceiptHandle(''), fails('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid'));
});
