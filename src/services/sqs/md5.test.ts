// Checks the MD5 algorithms against values real SQS returned (aws-recordings/sqs/test_sqs.snapshot.json), so the
// SDK's body check and clients that verify attribute checksums accept what kumo sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { md5OfAttributes, md5OfBody } from './md5.js';

test('MD5OfMessageBody is the hex MD5 of the UTF-8 body', () => {
  // test_dead_letter_queue_message_attributes "rec-pre-dlq": Body "message-1".
  assert.equal(md5OfBody('message-1'), '3d6b824fd8c1520e9a047d21fee6fb1f');
  assert.equal(md5OfBody('msg'), '6e2baaf3b97dbeef01c0043275f9a0e7');
});

test('MD5OfMessageAttributes matches AWS for a String attribute', () => {
  // test_dead_letter_queue_message_attributes "rec-pre-dlq": MyAttribute=foobar.
  assert.equal(md5OfAttributes({ MyAttribute: { DataType: 'String', StringValue: 'foobar' } }), 'adb59cd4678ea5a855436b949cd07ab6');
  // test_receive_message_attribute_names_filters[sqs] "all_system_and_message_attributes": Foo=Bar.
  assert.equal(md5OfAttributes({ Foo: { DataType: 'String', StringValue: 'Bar' } }), 'ae7155c6026991b6d54b11589678bf9c');
});

test('MD5OfMessageAttributes matches AWS for a Binary attribute', () => {
  // test_send_message_with_binary_attributes[sqs] "binary-attrs-msg".
  const value = Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1');
  assert.equal(md5OfAttributes({ attr1: { DataType: 'Binary', BinaryValue: value } }), '8cbe4db156db8a94db8b801b7addb984');
});

test('MD5OfMessageAttributes does not depend on the order attributes were given', () => {
  const a = md5OfAttributes({ b: { DataType: 'Number', StringValue: '1' }, a: { DataType: 'String', StringValue: 'x' } });
  const b = md5OfAttributes({ a: { DataType: 'String', StringValue: 'x' }, b: { DataType: 'Number', StringValue: '1' } });
  assert.equal(a, b);
});
