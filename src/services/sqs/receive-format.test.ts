// Unit tests for shaping received messages: MessageAttributeNames filters (All, .*, prefix.*, names) with the MD5 of
// the returned subset, and system attribute selection; expected values from test_sqs.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeAttributes } from './attribute-codec.js';
import type { StoredMessage } from './message-store.js';
import { attributeSelection, formatMessage } from './receive-format.js';

const message: StoredMessage = {
  seq: 7,
  messageId: 'id-1',
  body: 'msg',
  md5Body: '6e2baaf3b97dbeef01c0043275f9a0e7',
  attributesJson: serializeAttributes({
    General: { DataType: 'String', StringValue: 'Kenobi' },
    Hello: { DataType: 'String', StringValue: 'There' },
    'Help.Me': { DataType: 'String', StringValue: 'Me' },
  }),
  systemAttributesJson: serializeAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } }),
  senderId: '000000000000',
  sentAt: 1000,
  receiveCount: 1,
  firstReceiveAt: 2000,
  groupId: null,
  dedupId: null,
  dlqSourceArn: null,
};

function md5For(names: string[]): string | undefined {
  return formatMessage(message, 'h', false, attributeSelection({ QueueUrl: 'q', MessageAttributeNames: names })).MD5OfMessageAttributes;
}

// test_sqs.snapshot.json test_receive_message_message_attribute_names_filters[sqs].
test('MessageAttributeNames filters pick attributes and the MD5 covers only those returned', () => {
  assert.equal(md5For(['All']), '4c360f3fdafd970e05fae2f149d997f5');
  assert.equal(md5For(['.*']), '4c360f3fdafd970e05fae2f149d997f5');
  assert.equal(md5For(['General', 'Hello']), 'fca026605781cb4126a1e9044df24232');
  assert.equal(md5For(['Hello', 'Missing']), 'a311262e065454b75da111d535b8dacd');
  assert.equal(md5For(['He.*']), '83fee93c1bcd8b9a5a923ffacdc636c7');
  assert.equal(md5For(['Missing']), undefined);
  assert.equal(md5For([]), undefined);
});

test('system attributes are returned only when asked for, AWSTraceHeader included', () => {
  const none = formatMessage(message, 'h', false, attributeSelection({ QueueUrl: 'q' }));
  assert.equal(none.Attributes, undefined);
  const some = formatMessage(message, 'h', false, attributeSelection({ QueueUrl: 'q', MessageSystemAttributeNames: ['SenderId', 'AWSTraceHeader'] }));
  assert.deepEqual(some.Attributes, { SenderId: '000000000000', AWSTraceHeader: 'Root=1-abc' });
  const all = formatMessage(message, 'h', false, attributeSelection({ QueueUrl: 'q', AttributeNames: ['All'] }));
  assert.deepEqual(all.Attributes, {
    SenderId: '000000000000',
    SentTimestamp: '1000',
    ApproximateReceiveCount: '1',
    ApproximateFirstReceiveTimestamp: '2000',
    AWSTraceHeader: 'Root=1-abc',
  });
});

test('FIFO messages carry SequenceNumber, MessageDeduplicationId and MessageGroupId', () => {
  const fifo = { ...message, groupId: 'g', dedupId: 'd' };
  const out = formatMessage(fifo, 'h', true, attributeSelection({ QueueUrl: 'q', MessageSystemAttributeNames: ['All'] }));
  assert.equal(out.Attributes?.['SequenceNumber'], '00000000000000000007');
  assert.equal(out.Attributes?.['MessageDeduplicationId'], 'd');
  assert.equal(out.Attributes?.['MessageGroupId'], 'g');
});
