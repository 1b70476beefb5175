// Unit tests for notification rules: configuration validation, event and key-filter matching, event record shape.
// Validation errors follow test_s3_api.snapshot.json TestS3BucketNotificationConfiguration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/aws-error.js';
import type { QueueConfiguration } from '../../../generated/s3/api.js';
import { eventMatches, eventRecord, keyMatches, validateNotificationConfiguration } from './notification-rules.js';

const queue = (extra: Partial<QueueConfiguration> = {}): QueueConfiguration => ({ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q', Events: ['s3:ObjectCreated:*'], ...extra });

function fails(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an error');
}

test('a filter rule other than prefix or suffix is InvalidArgument and a rule without a value is MalformedXML', () => {
  validateNotificationConfiguration({ QueueConfigurations: [queue({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'a/' }] } } })] });
  const e = fails(() => validateNotificationConfiguration({ QueueConfigurations: [queue({ Filter: { Key: { FilterRules: [{ Name: 'INVALID' as 'prefix', Value: 'x' }] } } })] }));
  assert.deepEqual(e.fields, { ArgumentName: 'FilterRule.Name', ArgumentValue: 'INVALID' });
  assert.equal(fails(() => validateNotificationConfiguration({ QueueConfigurations: [queue({ Filter: { Key: { FilterRules: [{ Name: 'prefix' }] } } })] })).code, 'MalformedXML');
});

test('unsupported destinations and events fail loudly', () => {
  assert.equal(fails(() => validateNotificationConfiguration({ TopicConfigurations: [{ TopicArn: 'arn:aws:sns:us-east-1:0:t', Events: ['s3:ObjectCreated:*'] }] })).status, 501);
  assert.equal(fails(() => validateNotificationConfiguration({ QueueConfigurations: [queue({ Events: ['s3:ObjectTagging:Put'] })] })).status, 501);
  assert.equal(fails(() => validateNotificationConfiguration({ QueueConfigurations: [queue({ Events: ['s3:Nonsense' as 's3:ObjectCreated:*'] })] })).code, 'InvalidArgument');
});

test('wildcard events and prefix/suffix filters match as S3 does', () => {
  assert.equal(eventMatches('s3:ObjectCreated:*', 'ObjectCreated:Copy'), true);
  assert.equal(eventMatches('s3:ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated'), false);
  const filtered = queue({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'img/' }, { Name: 'suffix', Value: '.png' }] } } });
  assert.equal(keyMatches(filtered, 'img/a.png'), true);
  assert.equal(keyMatches(filtered, 'img/a.jpg'), false);
});

test('event records carry the encoded key, unquoted ETag and size', () => {
  const r = eventRecord('ObjectCreated:Put', { key: 'a b/c.txt', size: 3, etag: '"abc"', versionId: 'null' }, {
    region: 'us-east-1', time: 0, requestId: 'rid', principal: 'p', bucket: 'b', bucketOwner: 'o', configurationId: 'cfg', sequencer: '01',
  });
  assert.equal(r['eventName'], 'ObjectCreated:Put');
  assert.deepEqual((r['s3'] as { object: unknown }).object, { key: 'a+b/c.txt', sequencer: '01', size: 3, eTag: 'abc' });
});
