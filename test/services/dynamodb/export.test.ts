// ExportTableToPointInTime into kumo's S3 through @aws-sdk/client-dynamodb and client-s3: the AWSDynamoDB/<id>/
// layout with gzip DYNAMODB_JSON data files and manifests, incremental exports of a window's net changes,
// DescribeExport/ListExports, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import {
  DeleteItemCommand,
  DescribeContinuousBackupsCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  ExportTableToPointInTimeCommand,
  GetItemCommand,
  ImportTableCommand,
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

type Line = { Metadata: { WriteTimestampMicros: { N: string } }; Keys: Record<string, { S: string }>; OldImage?: Record<string, { S?: string; N?: string }>; NewImage?: Record<string, { S?: string; N?: string }> };

test('an incremental export writes each item changed in the window once: Keys, OldImage before it and NewImage at its end', async () => {
  const bucket = uniqueName('exports').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const t = await createTable(h.client);
  const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`;
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  const put = (pk: string, v: string) => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: pk }, v: { S: v } } }));
  const del = (pk: string) => h.client.send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: pk } } }));
  await put('keep', 'k1');
  await put('mod', 'v1');
  await put('gone', 'g1');
  await h.kumo.advance(60);
  const pitr = async () => (await h.client.send(new DescribeContinuousBackupsCommand({ TableName: t }))).ContinuousBackupsDescription!.PointInTimeRecoveryDescription!;
  const from = (await pitr()).LatestRestorableDateTime!;
  await h.kumo.advance(2);
  await put('mod', 'v2');
  await put('mod', 'v3');
  await del('gone');
  await put('new', 'n1');
  await put('temp', 't1');
  await del('temp');
  await h.kumo.advance(20 * 60);
  const incremental = (view?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES') => h.client.send(new ExportTableToPointInTimeCommand({
    TableArn: tableArn, S3Bucket: bucket, S3Prefix: 'inc', ExportType: 'INCREMENTAL_EXPORT',
    IncrementalExportSpecification: { ExportFromTime: from, ...(view ? { ExportViewType: view } : {}) },
  }));
  const started = (await incremental()).ExportDescription!;
  assert.equal(started.ExportType, 'INCREMENTAL_EXPORT');
  assert.equal(started.ExportTime, undefined);
  assert.equal(started.IncrementalExportSpecification!.ExportViewType, 'NEW_AND_OLD_IMAGES');
  assert.equal(started.IncrementalExportSpecification!.ExportFromTime!.getTime(), from.getTime());
  const id = started.ExportArn!.split('/export/')[1]!;
  const d = (await h.client.send(new DescribeExportCommand({ ExportArn: started.ExportArn }))).ExportDescription!;
  assert.equal(d.ExportStatus, 'COMPLETED');
  assert.equal(d.ItemCount, 3);
  assert.equal(d.BilledSizeBytes, 10_000_000, 'billed at least 10 MB');
  const summary = JSON.parse((await text(bucket, `inc/AWSDynamoDB/${id}/manifest-summary.json`)).toString()) as Record<string, unknown>;
  assert.equal(summary['exportType'], 'INCREMENTAL_EXPORT');
  assert.equal(summary['outputView'], 'NEW_AND_OLD_IMAGES');
  assert.equal(summary['exportFromTime'], from.toISOString());
  const read = async (summaryKey: string): Promise<Map<string, Line>> => {
    const sum = JSON.parse((await text(bucket, summaryKey)).toString()) as { manifestFilesS3Key: string };
    const files = (await text(bucket, sum.manifestFilesS3Key)).toString().trim().split('\n').map((l) => JSON.parse(l) as { dataFileS3Key: string });
    const out = new Map<string, Line>();
    for (const f of files) {
      // Incremental data files live in the shared AWSDynamoDB/data/ folder, not under the export's own folder.
      assert.match(f.dataFileS3Key, /^inc\/AWSDynamoDB\/data\/[^/]+\.json\.gz$/);
      for (const l of gunzipSync(await text(bucket, f.dataFileS3Key)).toString().trim().split('\n')) {
        const line = JSON.parse(l) as Line;
        out.set(line.Keys['pk']!.S, line);
      }
    }
    return out;
  };
  const lines = await read(d.ExportManifest!);
  assert.deepEqual([...lines.keys()].sort(), ['gone', 'mod', 'new'], 'unchanged items and ones put then deleted in the window are left out');
  assert.match(lines.get('mod')!.Metadata.WriteTimestampMicros.N, /^\d{16}$/);
  assert.deepEqual(lines.get('mod')!.OldImage, { pk: { S: 'mod' }, v: { S: 'v1' } });
  assert.deepEqual(lines.get('mod')!.NewImage, { pk: { S: 'mod' }, v: { S: 'v3' } });
  assert.deepEqual([lines.get('gone')!.OldImage, lines.get('gone')!.NewImage], [{ pk: { S: 'gone' }, v: { S: 'g1' } }, undefined]);
  assert.deepEqual([lines.get('new')!.OldImage, lines.get('new')!.NewImage], [undefined, { pk: { S: 'new' }, v: { S: 'n1' } }]);
  // NEW_IMAGE: no old images; a deletion is its keys alone.
  const newOnly = (await h.client.send(new DescribeExportCommand({ ExportArn: (await incremental('NEW_IMAGE')).ExportDescription!.ExportArn }))).ExportDescription!;
  const images = await read(newOnly.ExportManifest!);
  assert.deepEqual(Object.keys(images.get('gone')!).sort(), ['Keys', 'Metadata']);
  assert.deepEqual(Object.keys(images.get('mod')!).sort(), ['Keys', 'Metadata', 'NewImage']);
  const listed = await h.client.send(new ListExportsCommand({ TableArn: tableArn }));
  assert.deepEqual(listed.ExportSummaries!.map((x) => x.ExportType), ['INCREMENTAL_EXPORT', 'INCREMENTAL_EXPORT']);
});

test('incremental export requests are checked as DynamoDB does: type/spec couplings, then the window against the PITR window', async () => {
  const t = await createTable(h.client);
  const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`;
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await h.kumo.advance(3600);
  const d = (await h.client.send(new DescribeContinuousBackupsCommand({ TableName: t }))).ContinuousBackupsDescription!.PointInTimeRecoveryDescription!;
  const earliest = d.EarliestRestorableDateTime!.getTime();
  const now = d.LatestRestorableDateTime!.getTime();
  const at = (ms: number) => new Date(ms);
  const send = (extra: Record<string, unknown>) => errorOf(() => h.client.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: 'exports-bucket', ...extra })));
  const cases: [Record<string, unknown>, string, string][] = [
    [{ IncrementalExportSpecification: { ExportFromTime: at(earliest) } }, 'ValidationException',
      'Invalid Request: Export Type expected to be Incremental Export when incremental export specification is provided'],
    [{ ExportType: 'FULL_EXPORT', IncrementalExportSpecification: { ExportFromTime: at(earliest) } }, 'ValidationException',
      'Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be provided'],
    [{ ExportType: 'INCREMENTAL_EXPORT' }, 'ValidationException', 'Invalid Request: Incremental Export Specification expected when export type is set as Incremental Export'],
    [{ ExportType: 'INCREMENTAL_EXPORT', IncrementalExportSpecification: { ExportViewType: 'NEW_IMAGE' } }, 'ValidationException',
      'Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification'],
    [{ ExportType: 'INCREMENTAL_EXPORT', IncrementalExportSpecification: { ExportFromTime: at(earliest - 60_000) } }, 'InvalidExportTimeException',
      `Incremental export period from time cannot be less than the table creation time : ${new Date(Math.floor(earliest / 1000) * 1000).toISOString().slice(0, 19)}Z`],

    [{ ExportType: 'INCREMENTAL_EXPORT', IncrementalExportSpecification: { ExportFromTime: at(now - 60_000), ExportToTime: at(now - 120_000) } }, 'InvalidExportTimeException',
      'Incremental export period from time should not be greater or equal to incremental export period to time'],
    [{ ExportType: 'INCREMENTAL_EXPORT', IncrementalExportSpecification: { ExportFromTime: at(now - 10 * 60_000) } }, 'InvalidExportTimeException',
      'Difference between export period from time and export period to time is less than 15 minutes'],
  ];
  for (const [extra, code, message] of cases) {
    const e = await send(extra);
    assert.deepEqual([e.name, e.message], [code, message], JSON.stringify(extra));
  }
  // The clock runs on between the calls, so the current time it prints is only checked for its form.
  const future = await send({ ExportType: 'INCREMENTAL_EXPORT', IncrementalExportSpecification: { ExportFromTime: at(earliest), ExportToTime: at(now + 600_000) } });
  assert.equal(future.name, 'InvalidExportTimeException');
  assert.match(future.message, /^Incremental export period to time cannot be greater than the current time : \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('a full ION export writes {Item:{…}} Ion values that ImportTable reads back to the same items', async () => {
  const bucket = uniqueName('exports').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const t = await createTable(h.client);
  const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`;
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  const item = {
    pk: { S: 'k"1\u00e9' }, n: { N: '103' }, e: { N: '1.5E3' }, b: { B: Uint8Array.of(1, 2) }, t: { BOOL: true }, z: { NULL: true },
    l: { L: [{ N: '1' }, { S: 's' }] }, m: { M: { k: { S: 'v' } } }, ss: { SS: ['x', 'y'] }, ns: { NS: ['1.5', '2'] }, bs: { BS: [Uint8Array.of(3)] },
  };
  await h.client.send(new PutItemCommand({ TableName: t, Item: item }));
  const started = await h.client.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: bucket, S3Prefix: 'ion', ExportFormat: 'ION' }));
  const d = (await h.client.send(new DescribeExportCommand({ ExportArn: started.ExportDescription!.ExportArn }))).ExportDescription!;
  assert.deepEqual([d.ExportStatus, d.ExportFormat, d.ItemCount], ['COMPLETED', 'ION', 1]);
  const summary = JSON.parse((await text(bucket, d.ExportManifest!)).toString()) as { outputFormat: string; manifestFilesS3Key: string };
  assert.equal(summary.outputFormat, 'ION');
  const file = (JSON.parse((await text(bucket, summary.manifestFilesS3Key)).toString().trim()) as { dataFileS3Key: string }).dataFileS3Key;
  assert.match(file, /\/data\/[^/]+\.ion\.gz$/);
  assert.ok(gunzipSync(await text(bucket, file)).toString().startsWith('$ion_1_0 {Item:{'));
  const copy = uniqueName('ionback');
  const id = d.ExportArn!.split('/export/')[1]!;
  const r = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: bucket, S3KeyPrefix: `ion/AWSDynamoDB/${id}/data/` }, InputFormat: 'ION', InputCompressionType: 'GZIP',
    TableCreationParameters: { TableName: copy, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' },
  }));
  await h.kumo.advance(2);
  const imported = (await h.client.send(new DescribeImportCommand({ ImportArn: r.ImportTableDescription!.ImportArn }))).ImportTableDescription!;
  assert.deepEqual([imported.ImportStatus, imported.ImportedItemCount, imported.ErrorCount], ['COMPLETED', 1, 0]);
  const back = await h.client.send(new GetItemCommand({ TableName: copy, Key: { pk: item.pk } }));
  assert.deepEqual(back.Item, { ...item, e: { N: '1500' } });
});
