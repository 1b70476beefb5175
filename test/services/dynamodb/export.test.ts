// ExportTableToPointInTime into kumo's S3 through @aws-sdk/client-dynamodb and client-s3: the AWSDynamoDB/<id>/
// layout with gzip DYNAMODB_JSON data files and manifests, DescribeExport/ListExports, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import {
  DescribeExportCommand,
  ExportTableToPointInTimeCommand,
  ListExportsCommand,
  PutItemCommand,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

let s3: S3Client;
const h = useDynamo(async (harness) => {
  s3 = new S3Client({ ...harness.kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
});

async function text(Bucket: string, Key: string): Promise<Buffer> {
  const r = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

test('a full export writes gzip DYNAMODB_JSON data files and manifests under AWSDynamoDB/<export-id>/', async () => {
  const bucket = uniqueName('exports').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const t = await createTable(h.client);
  const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`;
  const off = await errorOf(() => h.client.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: bucket })));
  assert.equal(off.name, 'PointInTimeRecoveryUnavailableException');
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  for (let i = 0; i < 3; i++) {
    await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: `k${i}` }, n: { N: String(i) }, b: { B: new Uint8Array([i]) } } }));
  }
  const started = await h.client.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: bucket, S3Prefix: 'snap' }));
  const d0 = started.ExportDescription!;
  assert.equal(d0.ExportStatus, 'IN_PROGRESS');
  assert.match(d0.ExportArn!, new RegExp(`^${tableArn}/export/\\d{14}-[0-9a-f]{8}$`));
  const id = d0.ExportArn!.split('/export/')[1]!;

  const d = (await h.client.send(new DescribeExportCommand({ ExportArn: d0.ExportArn }))).ExportDescription!;
  assert.equal(d.ExportStatus, 'COMPLETED');
  assert.equal(d.ItemCount, 3);
  assert.equal(d.ExportManifest, `snap/AWSDynamoDB/${id}/manifest-summary.json`);
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!);
  for (const name of ['_started', 'manifest-files.json', 'manifest-files.md5', 'manifest-summary.json', 'manifest-summary.md5']) {
    assert.ok(keys.includes(`snap/AWSDynamoDB/${id}/${name}`), name);
  }
  const summary = JSON.parse((await text(bucket, d.ExportManifest)).toString()) as Record<string, unknown>;
  assert.equal(summary['itemCount'], 3);
  assert.equal(summary['outputFormat'], 'DYNAMODB_JSON');
  const manifest = (await text(bucket, summary['manifestFilesS3Key'] as string)).toString().trim().split('\n').map((l) => JSON.parse(l) as { dataFileS3Key: string; itemCount: number });
  assert.equal(manifest.length, 1);
  const lines = gunzipSync(await text(bucket, manifest[0]!.dataFileS3Key)).toString().trim().split('\n').map((l) => JSON.parse(l) as { Item: Record<string, Record<string, string>> });
  assert.deepEqual(lines.map((l) => l.Item['pk']!['S']).sort(), ['k0', 'k1', 'k2']);
  assert.equal(lines.find((l) => l.Item['pk']!['S'] === 'k2')!.Item['b']!['B'], Buffer.from([2]).toString('base64'));

  const listed = await h.client.send(new ListExportsCommand({ TableArn: tableArn }));
  assert.deepEqual(listed.ExportSummaries, [{ ExportArn: d0.ExportArn, ExportStatus: 'COMPLETED', ExportType: 'FULL_EXPORT' }]);
});

test('an export to a missing bucket is a FAILED export; an unknown export ARN is ExportNotFoundException', async () => {
  const t = await createTable(h.client);
  const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`;
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  const started = await h.client.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: uniqueName('nobucket').toLowerCase() }));
  const d = (await h.client.send(new DescribeExportCommand({ ExportArn: started.ExportDescription!.ExportArn }))).ExportDescription!;
  assert.equal(d.ExportStatus, 'FAILED');
  assert.equal(d.FailureCode, 'NoSuchBucket');
  const missing = await errorOf(() => h.client.send(new DescribeExportCommand({ ExportArn: `${tableArn}/export/01234567890123-abcdef01` })));
  assert.equal(missing.name, 'ExportNotFoundException');
});
