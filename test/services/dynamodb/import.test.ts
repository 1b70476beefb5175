// ImportTable from kumo's S3 through @aws-sdk/client-dynamodb and client-s3: CSV, DYNAMODB_JSON and ION sources with
// NONE/GZIP/ZSTD compression run on the runtime clock, DescribeImport/ListImports counts, failures and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  DescribeImportCommand,
  DescribeTableCommand,
  GetItemCommand,
  ImportTableCommand,
  ListImportsCommand,
  QueryCommand,
  type ImportTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

let s3: S3Client;
const h = useDynamo(async (harness) => {
  s3 = new S3Client({ ...harness.kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
});

async function bucketWith(objects: Record<string, Buffer | string>): Promise<string> {
  const bucket = uniqueName('imports').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [Key, Body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
  return bucket;
}

function params(table: string, extra: Partial<ImportTableCommandInput['TableCreationParameters']> = {}): ImportTableCommandInput['TableCreationParameters'] {
  return {
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], ...extra,
  };
}

test('a gzip CSV import creates the table CREATING, then on the clock imports typed keys, string attributes and the GSI', async () => {
  const csv = 'pk,score,city,note\nu1,10,Oslo,"hello, world"\nu2,7,Oslo,\nu3,notanumber,Rome,x\nu4,3,Rome,x,extra\n';
  const bucket = await bucketWith({ 'in/users.csv.gz': gzipSync(csv) });
  const t = uniqueName('imp');
  const started = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: bucket, S3KeyPrefix: 'in/' }, InputFormat: 'CSV', InputCompressionType: 'GZIP',
    TableCreationParameters: params(t, {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'city', AttributeType: 'S' }, { AttributeName: 'score', AttributeType: 'N' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }, { AttributeName: 'score', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
    }),
  }));
  const d0 = started.ImportTableDescription!;
  assert.equal(d0.ImportStatus, 'IN_PROGRESS');
  assert.match(d0.ImportArn!, new RegExp(`:table/${t}/import/\\d{14}-[0-9a-f]{8}$`));
  assert.equal((await h.client.send(new DescribeTableCommand({ TableName: t }))).Table?.TableStatus, 'CREATING');

  await h.kumo.advance(2);
  const d = (await h.client.send(new DescribeImportCommand({ ImportArn: d0.ImportArn }))).ImportTableDescription!;
  assert.equal(d.ImportStatus, 'COMPLETED');
  assert.equal(d.ProcessedItemCount, 4);
  assert.equal(d.ImportedItemCount, 2);
  assert.equal(d.ErrorCount, 2, 'a non-numeric score (a GSI key typed N) and a record with an extra field');
  assert.equal(d.ProcessedSizeBytes, Buffer.byteLength(csv));
  assert.ok(d.EndTime instanceof Date);
  assert.equal((await h.client.send(new DescribeTableCommand({ TableName: t }))).Table?.TableStatus, 'ACTIVE');
  const u1 = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'u1' } } }));
  assert.deepEqual(u1.Item, { pk: { S: 'u1' }, score: { N: '10' }, city: { S: 'Oslo' }, note: { S: 'hello, world' } });
  const oslo = await h.client.send(new QueryCommand({
    TableName: t, IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': { S: 'Oslo' } },
  }));
  assert.deepEqual(oslo.Items?.map((i) => i.pk?.S), ['u2', 'u1']);
});

test('DYNAMODB_JSON imports every object under the prefix, NONE and ZSTD, duplicates overwriting without errors', async () => {
  const zstd = (await import('@bokuweb/zstd-wasm')) as unknown as { init(): Promise<void>; compress(b: Uint8Array, level?: number): Uint8Array };
  await zstd.init();
  const lines = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => JSON.stringify({ Item: { pk: { S: `k${i}` }, tag: { S: tag }, b: { B: 'AQI=' } } })).join('\n');
  const plain = await bucketWith({ 'data/a.json': `${lines(3, 'a')}\nnot json\n`, 'data/b.json': lines(2, 'b'), 'other/c.json': lines(1, 'c') });
  const t = uniqueName('imp');
  const r = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: plain, S3KeyPrefix: 'data/' }, InputFormat: 'DYNAMODB_JSON', TableCreationParameters: params(t), ClientToken: 'tok-1',
  }));
  // The same ClientToken with the same request answers the same import; with another request it conflicts.
  const again = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: plain, S3KeyPrefix: 'data/' }, InputFormat: 'DYNAMODB_JSON', TableCreationParameters: params(t), ClientToken: 'tok-1',
  }));
  assert.equal(again.ImportTableDescription?.ImportArn, r.ImportTableDescription?.ImportArn);
  const conflict = await errorOf(() => h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: plain }, InputFormat: 'DYNAMODB_JSON', TableCreationParameters: params(t), ClientToken: 'tok-1',
  })));
  assert.equal(conflict.name, 'ImportConflictException');
  await h.kumo.advance(2);
  const d = (await h.client.send(new DescribeImportCommand({ ImportArn: r.ImportTableDescription!.ImportArn }))).ImportTableDescription!;
  assert.deepEqual([d.ImportStatus, d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount], ['COMPLETED', 6, 3, 1]);
  const k0 = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'k0' } } }));
  assert.deepEqual(k0.Item?.b?.B, new Uint8Array([1, 2]));

  const packed = await bucketWith({ 'x.json.zst': Buffer.from(zstd.compress(Buffer.from(lines(4, 'z')), 3)) });
  const t2 = uniqueName('imp');
  const z = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: packed }, InputFormat: 'DYNAMODB_JSON', InputCompressionType: 'ZSTD', TableCreationParameters: params(t2),
  }));
  await h.kumo.advance(2);
  const dz = (await h.client.send(new DescribeImportCommand({ ImportArn: z.ImportTableDescription!.ImportArn }))).ImportTableDescription!;
  assert.deepEqual([dz.ImportStatus, dz.ImportedItemCount, dz.ErrorCount], ['COMPLETED', 4, 0]);

  const tableArn = r.ImportTableDescription!.TableArn!;
  const listed = await h.client.send(new ListImportsCommand({ TableArn: tableArn }));
  assert.deepEqual(listed.ImportSummaryList?.map((s) => [s.ImportArn, s.ImportStatus, s.InputFormat]), [[d.ImportArn, 'COMPLETED', 'DYNAMODB_JSON']]);
  const paged = await h.client.send(new ListImportsCommand({ PageSize: 1 }));
  assert.equal(paged.ImportSummaryList?.length, 1);
  assert.ok(paged.NextToken);
});

test('an ION import maps Ion types and $dynamodb_ set annotations to attribute values; a non-Item value is an error', async () => {
  const ion = [
    '$ion_1_0 {Item:{pk:"k1",n:103.,big:6d2,i:7,b:{{AQI=}},t:true,z:null,l:[1,"s"],m:{k:"v"},ss:$dynamodb_SS::["x","y"],ns:$dynamodb_NS::[1.5,2]}}',
    '{Item:{pk:"k2",bs:$dynamodb_BS::[{{AQI=}}]}}',
    '{NotItem:{pk:"k3"}}',
  ].join('\n');
  const bucket = await bucketWith({ 'ion/part.ion.gz': gzipSync(ion) });
  const t = uniqueName('imp');
  const r = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: bucket, S3KeyPrefix: 'ion/' }, InputFormat: 'ION', InputCompressionType: 'GZIP', TableCreationParameters: params(t),
  }));
  await h.kumo.advance(2);
  const d = (await h.client.send(new DescribeImportCommand({ ImportArn: r.ImportTableDescription!.ImportArn }))).ImportTableDescription!;
  assert.equal(d.ImportStatus, 'COMPLETED');
  assert.deepEqual([d.ProcessedItemCount, d.ImportedItemCount, d.ErrorCount], [3, 2, 1]);
  const k1 = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'k1' } } }));
  assert.deepEqual(k1.Item, {
    pk: { S: 'k1' }, n: { N: '103' }, big: { N: '600' }, i: { N: '7' }, b: { B: Uint8Array.of(1, 2) }, t: { BOOL: true }, z: { NULL: true },
    l: { L: [{ N: '1' }, { S: 's' }] }, m: { M: { k: { S: 'v' } } }, ss: { SS: ['x', 'y'] }, ns: { NS: ['1.5', '2'] },
  });
  const k2 = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'k2' } } }));
  assert.deepEqual(k2.Item?.['bs'], { BS: [Uint8Array.of(1, 2)] });
});

test('an import from a missing bucket fails and leaves no table; a taken name and unknown ARNs are refused', async () => {
  const t = uniqueName('imp');
  const r = await h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: uniqueName('nobucket').toLowerCase() }, InputFormat: 'CSV', TableCreationParameters: params(t),
  }));
  await h.kumo.advance(2);
  const d = (await h.client.send(new DescribeImportCommand({ ImportArn: r.ImportTableDescription!.ImportArn }))).ImportTableDescription!;
  assert.equal(d.ImportStatus, 'FAILED');
  assert.equal(d.FailureCode, 'NoSuchBucket');
  assert.equal((await errorOf(() => h.client.send(new DescribeTableCommand({ TableName: t })))).name, 'ResourceNotFoundException');

  const existing = await createTable(h.client);
  const taken = await errorOf(() => h.client.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: 'some-bucket' }, InputFormat: 'CSV', TableCreationParameters: params(existing),
  })));
  assert.equal(taken.name, 'ResourceInUseException');
  assert.equal(taken.message, `Table already exists: ${existing}`);
  const missing = await errorOf(() => h.client.send(new DescribeImportCommand({ ImportArn: `${d.TableArn}/import/01700000000000-deadbeef` })));
  assert.equal(missing.name, 'ImportNotFoundException');
});
