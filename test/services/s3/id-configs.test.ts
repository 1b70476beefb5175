// SDK v3 tests for bucket configurations kept by Id: inventory, analytics, metrics and Intelligent-Tiering are stored,
// read back, listed 100 to a page and deleted, with NoSuchConfiguration for an unknown Id and S3's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketAnalyticsConfigurationCommand, DeleteBucketIntelligentTieringConfigurationCommand,
  DeleteBucketInventoryConfigurationCommand, DeleteBucketMetricsConfigurationCommand, GetBucketAnalyticsConfigurationCommand,
  GetBucketIntelligentTieringConfigurationCommand, GetBucketInventoryConfigurationCommand, GetBucketMetricsConfigurationCommand,
  ListBucketAnalyticsConfigurationsCommand, ListBucketIntelligentTieringConfigurationsCommand, ListBucketInventoryConfigurationsCommand,
  ListBucketMetricsConfigurationsCommand, PutBucketAnalyticsConfigurationCommand, PutBucketIntelligentTieringConfigurationCommand,
  PutBucketInventoryConfigurationCommand, PutBucketMetricsConfigurationCommand, type InventoryConfiguration,
} from '@aws-sdk/client-s3';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3();

const NO_SUCH = { code: 'NoSuchConfiguration', status: 404, message: 'The specified configuration does not exist.' };

function inventory(id: string, format: 'CSV' | 'ORC' | 'Parquet' = 'CSV'): InventoryConfiguration {
  return {
    Id: id, IsEnabled: true, IncludedObjectVersions: 'Current', Schedule: { Frequency: 'Daily' },
    Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::reports', Format: format, Prefix: 'inv/' } },
    OptionalFields: ['Size', 'LastModifiedDate'], Filter: { Prefix: 'data/' },
  };
}

test('inventory configurations round-trip, list by Id in pages of 100 and delete', async () => {
  const bucket = uniqueBucket('inventory');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await assertAwsError(h.s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'none' })), NO_SUCH);
  assert.deepEqual((await h.s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: bucket }))).InventoryConfigurationList, undefined);
  await h.s3.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'daily', InventoryConfiguration: inventory('daily') }));
  const got = await h.s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'daily' }));
  assert.deepEqual(got.InventoryConfiguration, inventory('daily'));
  for (let i = 0; i < 104; i++) {
    const id = `inv-${String(i).padStart(3, '0')}`;
    await h.s3.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: id, InventoryConfiguration: inventory(id, 'Parquet') }));
  }
  const first = await h.s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: bucket }));
  assert.equal(first.InventoryConfigurationList?.length, 100);
  assert.equal(first.IsTruncated, true);
  assert.equal(first.InventoryConfigurationList?.[0]?.Id, 'daily');
  const second = await h.s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: bucket, ContinuationToken: first.NextContinuationToken }));
  assert.deepEqual(second.InventoryConfigurationList?.map((c) => c.Id), ['inv-099', 'inv-100', 'inv-101', 'inv-102', 'inv-103'].slice(0, 5));
  assert.equal(second.IsTruncated, false);
  await h.s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'daily' }));
  await assertAwsError(h.s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'daily' })), NO_SUCH);
  await assertAwsError(h.s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'daily' })), NO_SUCH);
  const bad = { ...inventory('bad'), Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::reports', Format: 'XML' as 'CSV' } } };
  await assertAwsError(h.s3.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'bad', InventoryConfiguration: bad })), { code: 'MalformedXML', status: 400 });
  await assertAwsError(h.s3.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: 'other', InventoryConfiguration: inventory('daily') })),
    { code: 'MalformedXML', status: 400 });
  await assertAwsError(h.s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: uniqueBucket('missing'), Id: 'x' })), { code: 'NoSuchBucket', status: 404 });
});

test('analytics, metrics and Intelligent-Tiering configurations round-trip and delete', async () => {
  const bucket = uniqueBucket('idconf');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const analytics = { Id: 'a1', Filter: { Prefix: 'p/' }, StorageClassAnalysis: { DataExport: { OutputSchemaVersion: 'V_1' as const,
    Destination: { S3BucketDestination: { Format: 'CSV' as const, Bucket: 'arn:aws:s3:::reports' } } } } };
  await h.s3.send(new PutBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: 'a1', AnalyticsConfiguration: analytics }));
  assert.deepEqual((await h.s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: 'a1' }))).AnalyticsConfiguration, analytics);
  assert.deepEqual((await h.s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket: bucket }))).AnalyticsConfigurationList?.map((c) => c.Id), ['a1']);
  await h.s3.send(new DeleteBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: 'a1' }));
  await assertAwsError(h.s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: 'a1' })), NO_SUCH);

  const metrics = { Id: 'EntireBucket' };
  await h.s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: 'EntireBucket', MetricsConfiguration: metrics }));
  assert.deepEqual((await h.s3.send(new GetBucketMetricsConfigurationCommand({ Bucket: bucket, Id: 'EntireBucket' }))).MetricsConfiguration, metrics);
  assert.equal((await h.s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket: bucket }))).MetricsConfigurationList?.length, 1);
  await h.s3.send(new DeleteBucketMetricsConfigurationCommand({ Bucket: bucket, Id: 'EntireBucket' }));

  const tiering = { Id: 'archive', Status: 'Enabled' as const, Tierings: [{ Days: 90, AccessTier: 'ARCHIVE_ACCESS' as const }] };
  await h.s3.send(new PutBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: 'archive', IntelligentTieringConfiguration: tiering }));
  assert.deepEqual((await h.s3.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: 'archive' }))).IntelligentTieringConfiguration, tiering);
  assert.equal((await h.s3.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: bucket }))).IntelligentTieringConfigurationList?.length, 1);
  await assertAwsError(h.s3.send(new PutBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: 'soon',
    IntelligentTieringConfiguration: { Id: 'soon', Status: 'Enabled', Tierings: [{ Days: 30, AccessTier: 'ARCHIVE_ACCESS' }] } })), { code: 'InvalidArgument', status: 400 });
  await h.s3.send(new DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: 'archive' }));
  await assertAwsError(h.s3.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: 'archive' })), NO_SUCH);
});
