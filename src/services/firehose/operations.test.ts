// Operation-level tests on an in-memory store with fake time: the control plane's states, checks and errors, and
// PutRecord/PutRecordBatch committing records and signalling full buffers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { openStateStore } from '../../store/state-store.js';
import type { FirehoseContext } from './context.js';
import { FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS, FIREHOSE_TABLES } from './migrations.js';
import { MAX_BACKLOG_BYTES, MAX_BATCH_BYTES, putRecord, putRecordBatch } from './record-operations.js';
import { RecordStore } from './record-store.js';
import {
  createDeliveryStream,
  deleteDeliveryStream,
  describeDeliveryStream,
  listDeliveryStreams,
  startEncryption,
  stopEncryption,
  updateDestination,
} from './stream-operations.js';
import { StreamStore } from './stream-store.js';
import { listTagsForDeliveryStream, tagDeliveryStream, untagDeliveryStream } from './tag-operations.js';

const scope = { account: '111122223333', region: 'ap-northeast-1' };
const S3 = { RoleARN: 'arn:aws:iam::111122223333:role/firehose', BucketARN: 'arn:aws:s3:::landing' };

function setup(): FirehoseContext & { ready: number[]; clock: { t: number; now(): number } } {
  const store = openStateStore({ inMemory: true });
  store.migrate(FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS);
  store.registerTables(FIREHOSE_COMPONENT, FIREHOSE_TABLES);
  const ready: number[] = [];
  const clock = { t: 1_700_000_000_000, now(): number { return this.t; } };
  return { store, streams: new StreamStore(store), records: new RecordStore(store), clock, ready, buffered: (id, dueInMs) => {
    if (dueInMs === 0) ready.push(id);
  } };
}

function fails(code: string, message?: string | RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(isAwsError(e), String(e));
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

test('CreateDeliveryStream answers the ARN; the stream is CREATING, then ACTIVE with AWS defaults', () => {
  const c = setup();
  const out = createDeliveryStream(c, scope, { DeliveryStreamName: 'PUT-S3-UNJQf', ExtendedS3DestinationConfiguration: S3 });
  assert.equal(out.DeliveryStreamARN, 'arn:aws:firehose:ap-northeast-1:111122223333:deliverystream/PUT-S3-UNJQf');
  const d = describeDeliveryStream(c, scope, { DeliveryStreamName: 'PUT-S3-UNJQf' }).DeliveryStreamDescription;
  assert.equal(d.DeliveryStreamStatus, 'CREATING');
  assert.equal(d.DeliveryStreamType, 'DirectPut');
  assert.equal(d.VersionId, '1');
  assert.equal(d.HasMoreDestinations, false);
  assert.deepEqual(d.DeliveryStreamEncryptionConfiguration, { Status: 'DISABLED' });
  assert.equal(d.Destinations[0]?.DestinationId, 'destinationId-000000000001');
  assert.deepEqual(d.Destinations[0]?.ExtendedS3DestinationDescription?.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 300 });
  c.clock.t += 1000;
  assert.equal(describeDeliveryStream(c, scope, { DeliveryStreamName: 'PUT-S3-UNJQf' }).DeliveryStreamDescription.DeliveryStreamStatus, 'ACTIVE');
});

test('DirectPutSourceConfiguration is shown as Source.DirectPutSourceDescription', () => {
  const c = setup();
  createDeliveryStream(c, scope, { DeliveryStreamName: 'hinted', DirectPutSourceConfiguration: { ThroughputHintInMBs: 20 }, S3DestinationConfiguration: S3 });
  const d = describeDeliveryStream(c, scope, { DeliveryStreamName: 'hinted' }).DeliveryStreamDescription;
  assert.deepEqual(d.Source, { DirectPutSourceDescription: { ThroughputHintInMBs: 20 } });
  createDeliveryStream(c, scope, { DeliveryStreamName: 'plain', S3DestinationConfiguration: S3 });
  assert.equal(describeDeliveryStream(c, scope, { DeliveryStreamName: 'plain' }).DeliveryStreamDescription.Source, undefined);
});

test('names are unique per account and region; missing streams answer ResourceNotFoundException', () => {
  const c = setup();
  createDeliveryStream(c, scope, { DeliveryStreamName: 'a', S3DestinationConfiguration: S3 });
  assert.throws(() => createDeliveryStream(c, scope, { DeliveryStreamName: 'a', S3DestinationConfiguration: S3 }), fails('ResourceInUseException', 'Firehose a under accountId 111122223333 already exists'));
  assert.doesNotThrow(() => createDeliveryStream(c, { ...scope, region: 'us-east-1' }, { DeliveryStreamName: 'a', S3DestinationConfiguration: S3 }));
  assert.throws(() => describeDeliveryStream(c, scope, { DeliveryStreamName: 'nope' }), fails('ResourceNotFoundException', 'Firehose nope under account 111122223333 not found.'));
});

test('unsupported sources and destinations answer NotImplemented naming the feature; two destinations are refused', () => {
  const c = setup();
  assert.throws(
    () => createDeliveryStream(c, scope, { DeliveryStreamName: 'k', DeliveryStreamType: 'KinesisStreamAsSource', ExtendedS3DestinationConfiguration: S3 }),
    (e: unknown) => isAwsError(e) && e.status === 501 && e.message.includes('Kinesis Data Streams as source'),
  );
  assert.throws(
    () => createDeliveryStream(c, scope, { DeliveryStreamName: 'h', HttpEndpointDestinationConfiguration: {} as never }),
    (e: unknown) => isAwsError(e) && e.status === 501 && e.message.includes('HTTP endpoint destination'),
  );
  assert.throws(() => createDeliveryStream(c, scope, { DeliveryStreamName: 'two', S3DestinationConfiguration: S3, ExtendedS3DestinationConfiguration: S3 }), fails('InvalidArgumentException'));
  assert.throws(() => createDeliveryStream(c, scope, { DeliveryStreamName: 'none' }), fails('InvalidArgumentException'));
  assert.equal(c.streams.count(scope), 0, 'nothing was created by a rejected call');
});

test('ListDeliveryStreams pages in name order and filters by type', () => {
  const c = setup();
  for (const n of ['c', 'a', 'b', 'd']) createDeliveryStream(c, scope, { DeliveryStreamName: n, S3DestinationConfiguration: S3 });
  assert.deepEqual(listDeliveryStreams(c, scope, { Limit: 3 }), { DeliveryStreamNames: ['a', 'b', 'c'], HasMoreDeliveryStreams: true });
  assert.deepEqual(listDeliveryStreams(c, scope, { Limit: 3, ExclusiveStartDeliveryStreamName: 'c' }), { DeliveryStreamNames: ['d'], HasMoreDeliveryStreams: false });
  assert.deepEqual(listDeliveryStreams(c, scope, { DeliveryStreamType: 'KinesisStreamAsSource' }), { DeliveryStreamNames: [], HasMoreDeliveryStreams: false });
  assert.deepEqual(listDeliveryStreams(c, scope, { DeliveryStreamType: 'DirectPut' }).DeliveryStreamNames, ['a', 'b', 'c', 'd']);
});

test('UpdateDestination checks CurrentDeliveryStreamVersionId and the destination id, then bumps the version', () => {
  const c = setup();
  createDeliveryStream(c, scope, { DeliveryStreamName: 's', ExtendedS3DestinationConfiguration: S3 });
  const base = { DeliveryStreamName: 's', DestinationId: 'destinationId-000000000001' };
  assert.throws(() => updateDestination(c, scope, { ...base, CurrentDeliveryStreamVersionId: '2', ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP' } }), fails('ConcurrentModificationException'));
  assert.throws(() => updateDestination(c, scope, { ...base, DestinationId: 'destinationId-000000000009', CurrentDeliveryStreamVersionId: '1', ExtendedS3DestinationUpdate: {} }), fails('InvalidArgumentException'));
  c.clock.t += 5000;
  updateDestination(c, scope, { ...base, CurrentDeliveryStreamVersionId: '1', ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP', Prefix: 'logs/' } });
  const d = describeDeliveryStream(c, scope, { DeliveryStreamName: 's' }).DeliveryStreamDescription;
  assert.equal(d.VersionId, '2');
  assert.equal(d.Destinations[0]?.ExtendedS3DestinationDescription?.CompressionFormat, 'GZIP');
  assert.equal(d.Destinations[0]?.ExtendedS3DestinationDescription?.Prefix, 'logs/');
  assert.equal(d.LastUpdateTimestamp?.getTime(), c.clock.t);
  assert.throws(() => updateDestination(c, scope, { ...base, CurrentDeliveryStreamVersionId: '1', ExtendedS3DestinationUpdate: {} }), fails('ConcurrentModificationException'));
});

test('tags merge by key, list in pages and untag by key; encryption settings are stored', () => {
  const c = setup();
  createDeliveryStream(c, scope, { DeliveryStreamName: 's', S3DestinationConfiguration: S3, Tags: [{ Key: 'subject', Value: 'taboo' }] });
  // test_firehose.snapshot.json test_resource_tagging: list-tags-1, remove-tags, add-tags, list-tags-3.
  assert.deepEqual(listTagsForDeliveryStream(c, scope, { DeliveryStreamName: 's' }), { Tags: [{ Key: 'subject', Value: 'taboo' }], HasMoreTags: false });
  untagDeliveryStream(c, scope, { DeliveryStreamName: 's', TagKeys: ['subject'] });
  assert.deepEqual(listTagsForDeliveryStream(c, scope, { DeliveryStreamName: 's' }), { Tags: [], HasMoreTags: false });
  tagDeliveryStream(c, scope, { DeliveryStreamName: 's', Tags: [{ Key: 'feeling', Value: 'uncomfortable' }, { Key: 'b', Value: '1' }] });
  tagDeliveryStream(c, scope, { DeliveryStreamName: 's', Tags: [{ Key: 'b', Value: '2' }] });
  assert.deepEqual(listTagsForDeliveryStream(c, scope, { DeliveryStreamName: 's', Limit: 1 }), { Tags: [{ Key: 'feeling', Value: 'uncomfortable' }], HasMoreTags: true });
  assert.deepEqual(listTagsForDeliveryStream(c, scope, { DeliveryStreamName: 's', ExclusiveStartTagKey: 'feeling' }), { Tags: [{ Key: 'b', Value: '2' }], HasMoreTags: false });
  const many = Array.from({ length: 49 }, (_v, i) => ({ Key: `k${i}`, Value: 'v' }));
  assert.throws(() => tagDeliveryStream(c, scope, { DeliveryStreamName: 's', Tags: many }), fails('LimitExceededException'));
  startEncryption(c, scope, { DeliveryStreamName: 's' });
  assert.deepEqual(describeDeliveryStream(c, scope, { DeliveryStreamName: 's' }).DeliveryStreamDescription.DeliveryStreamEncryptionConfiguration, { KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' });
  assert.equal(putRecord(c, scope, { DeliveryStreamName: 's', Record: { Data: Buffer.from('x') } }).Encrypted, true);
  assert.throws(() => startEncryption(c, scope, { DeliveryStreamName: 's', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' } }), fails('InvalidArgumentException'));
  stopEncryption(c, scope, { DeliveryStreamName: 's' });
  assert.equal(describeDeliveryStream(c, scope, { DeliveryStreamName: 's' }).DeliveryStreamDescription.DeliveryStreamEncryptionConfiguration?.Status, 'DISABLED');
});

test('PutRecordBatch commits every record with its own RecordId and refuses more than 4 MiB per call', () => {
  const c = setup();
  createDeliveryStream(c, scope, { DeliveryStreamName: 's', S3DestinationConfiguration: { ...S3, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } } });
  const out = putRecordBatch(c, scope, { DeliveryStreamName: 's', Records: Array.from({ length: 500 }, () => ({ Data: Buffer.alloc(1024, 97) })) });
  assert.equal(out.FailedPutCount, 0);
  assert.equal(out.RequestResponses.length, 500);
  assert.equal(new Set(out.RequestResponses.map((r) => r.RecordId)).size, 500);
  assert.equal(c.streams.get(scope, 's')?.bufferedRecords, 500);
  assert.deepEqual(c.ready, [], 'half a MiB does not fill a 1 MiB buffer');
  putRecordBatch(c, scope, { DeliveryStreamName: 's', Records: Array.from({ length: 524 }, () => ({ Data: Buffer.alloc(1024, 98) })) });
  assert.equal(c.ready.length, 1, 'a full buffer is signalled for delivery');
  const tooBig = Array.from({ length: 5 }, () => ({ Data: Buffer.alloc(MAX_BATCH_BYTES / 4) }));
  assert.throws(() => putRecordBatch(c, scope, { DeliveryStreamName: 's', Records: tooBig }), fails('InvalidArgumentException'));
  assert.equal(c.streams.get(scope, 's')?.bufferedRecords, 1024, 'a refused batch stores nothing');
  deleteDeliveryStream(c, scope, { DeliveryStreamName: 's' });
  assert.throws(() => putRecord(c, scope, { DeliveryStreamName: 's', Record: { Data: Buffer.from('x') } }), fails('ResourceNotFoundException'));
});

test('records beyond the stream backlog limit fail one by one with ServiceUnavailableException "Slow down."', () => {
  const c = setup();
  createDeliveryStream(c, scope, { DeliveryStreamName: 's', S3DestinationConfiguration: S3 });
  // As if a failing destination had left the backlog 1.5 KiB short of the limit.
  c.store.db.prepare('UPDATE firehose_streams SET buffered_bytes = ?').run(MAX_BACKLOG_BYTES - 1536);
  const out = putRecordBatch(c, scope, { DeliveryStreamName: 's', Records: [{ Data: Buffer.alloc(1024) }, { Data: Buffer.alloc(1024) }, { Data: Buffer.alloc(512) }] });
  assert.equal(out.FailedPutCount, 1);
  assert.ok(out.RequestResponses[0]?.RecordId);
  assert.deepEqual(out.RequestResponses[1], { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' });
  assert.ok(out.RequestResponses[2]?.RecordId);
  assert.equal(c.streams.get(scope, 's')?.bufferedRecords, 2);
  assert.throws(() => putRecord(c, scope, { DeliveryStreamName: 's', Record: { Data: Buffer.alloc(10) } }), (e: unknown) => isAwsError(e) && e.code === 'ServiceUnavailableException' && e.message === 'Slow down.');
});
