// SDK v3 tests for S3 error parity over a loopback socket: part numbers beyond the part count, storage classes,
// CompleteMultipartUpload without parts, CopyObject's directives and delete-marker sources, and encryption/website
// configuration checks, as AWS recorded them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, PutObjectAclCommand, PutObjectTaggingCommand, PutBucketVersioningCommand, PutBucketWebsiteCommand, PutObjectCommand, S3ServiceException, UploadPartCommand,
  type MetadataDirective, type ServerSideEncryption, type StorageClass, type TaggingDirective,
} from '@aws-sdk/client-s3';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3({ bucket: 'bucket' });
const MIB = 1024 * 1024;


interface Failure {
  status: number | undefined;
  code: string;
  message: string;
  fields: Record<string, unknown>;
}

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof S3ServiceException)) throw e;
    const fields: Record<string, unknown> = { ...e };
    return { status: e.$metadata.httpStatusCode, code: e.name, message: e.message, fields };
  }
  assert.fail('expected the request to fail');
}

test('GetObject with PartNumber 2 on a single-part object is 416 InvalidPartNumber naming the part count', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'single', Body: 'abc' }));
  const f = await failure(h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'single', PartNumber: 2 })));
  assert.equal(f.status, 416);
  assert.equal(f.code, 'InvalidPartNumber');
  assert.equal(f.message, 'The requested partnumber is not satisfiable');
  assert.equal(f.fields['PartNumberRequested'], '2');
  assert.equal(f.fields['ActualPartCount'], '1');
  assert.equal((await failure(h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'single', PartNumber: 2 })))).status, 416);
  const part1 = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'single', PartNumber: 1 }));
  assert.equal(await part1.Body?.transformToString(), 'abc');
});

test('GetObject with a PartNumber beyond a multipart object\'s parts is 416 InvalidPartNumber with ActualPartCount', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'two-parts' }));
  const p1 = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'two-parts', UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MIB, 'a') }));
  const p2 = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'two-parts', UploadId, PartNumber: 2, Body: 'tail' }));
  await h.s3.send(new CompleteMultipartUploadCommand({
    Bucket: h.bucket, Key: 'two-parts', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
  }));
  const f = await failure(h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'two-parts', PartNumber: 10 })));
  assert.equal(f.status, 416);
  assert.equal(f.code, 'InvalidPartNumber');
  assert.equal(f.fields['PartNumberRequested'], '10');
  assert.equal(f.fields['ActualPartCount'], '2');
  const part2 = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'two-parts', PartNumber: 2 }));
  assert.equal(await part2.Body?.transformToString(), 'tail');
});

test('PutObject, CreateMultipartUpload and CopyObject refuse OUTPOSTS and unknown storage classes with InvalidStorageClass', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'plain', Body: 'x' }));
  for (const sc of ['OUTPOSTS', 'FOO'] as StorageClass[]) {
    const attempts = [
      () => h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'sc', Body: 'x', StorageClass: sc })),
      () => h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'sc', StorageClass: sc })),
      () => h.s3.send(new CopyObjectCommand({ Bucket: h.bucket, Key: 'sc', CopySource: `${h.bucket}/plain`, StorageClass: sc })),
    ];
    for (const attempt of attempts) {
      const f = await failure(attempt());
      assert.equal(f.status, 400);
      assert.equal(f.code, 'InvalidStorageClass');
      assert.equal(f.message, 'The storage class you specified is not valid');
      assert.equal(f.fields['StorageClassRequested'], sc);
    }
  }
});

test('GetObject of a GLACIER or DEEP_ARCHIVE object is 403 InvalidObjectState while HeadObject still answers', async () => {
  for (const sc of ['GLACIER', 'DEEP_ARCHIVE'] as const) {
    await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: `archived-${sc}`, Body: 'cold', StorageClass: sc }));
    const f = await failure(h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: `archived-${sc}` })));
    assert.equal(f.status, 403);
    assert.equal(f.code, 'InvalidObjectState');
    assert.equal(f.message, "The operation is not valid for the object's storage class");
    assert.equal(f.fields['StorageClass'], sc);
    const head = await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: `archived-${sc}` }));
    assert.equal(head.StorageClass, sc);
  }
});

test('CompleteMultipartUpload with an empty part list is 400 InvalidRequest "You must specify at least one part"', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'no-parts' }));
  const f = await failure(h.s3.send(new CompleteMultipartUploadCommand({ Bucket: h.bucket, Key: 'no-parts', UploadId, MultipartUpload: { Parts: [] } })));
  assert.equal(f.status, 400);
  assert.equal(f.code, 'InvalidRequest');
  assert.equal(f.message, 'You must specify at least one part');
});

test('CopyObject with a metadata or tagging directive other than COPY or REPLACE is InvalidArgument', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'directive-src', Body: 'x' }));
  const meta = await failure(h.s3.send(new CopyObjectCommand({
    Bucket: h.bucket, Key: 'directive-dst', CopySource: `${h.bucket}/directive-src`, MetadataDirective: 'MERGE' as MetadataDirective,
  })));
  assert.deepEqual([meta.status, meta.code, meta.message], [400, 'InvalidArgument', 'Unknown metadata directive.']);
  assert.equal(meta.fields['ArgumentName'], 'x-amz-metadata-directive');
  const tagging = await failure(h.s3.send(new CopyObjectCommand({
    Bucket: h.bucket, Key: 'directive-dst', CopySource: `${h.bucket}/directive-src`, TaggingDirective: 'MERGE' as TaggingDirective,
  })));
  assert.deepEqual([tagging.status, tagging.code, tagging.message], [400, 'InvalidArgument', 'Unknown tagging directive.']);
  assert.equal(tagging.fields['ArgumentName'], 'x-amz-tagging-directive');
});

test('CopyObject naming a delete marker as its source version is 400 InvalidRequest', async () => {
  const versioned = uniqueBucket('versioned');
  await h.s3.send(new CreateBucketCommand({ Bucket: versioned }));
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }));
  const put = await h.s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'src', Body: '' }));
  const del = await h.s3.send(new DeleteObjectCommand({ Bucket: versioned, Key: 'src' }));
  const f = await failure(h.s3.send(new CopyObjectCommand({ Bucket: versioned, Key: 'dst', CopySource: `${versioned}/src?versionId=${del.VersionId}` })));
  assert.equal(f.status, 400);
  assert.equal(f.code, 'InvalidRequest');
  assert.equal(f.message, 'The source of a copy request may not specifically refer to a delete marker by version id.');
  const current = await failure(h.s3.send(new CopyObjectCommand({ Bucket: versioned, Key: 'dst', CopySource: `${versioned}/src` })));
  assert.equal(current.code, 'NoSuchKey');
  const copied = await h.s3.send(new CopyObjectCommand({ Bucket: versioned, Key: 'dst', CopySource: `${versioned}/src?versionId=${put.VersionId}` }));
  assert.equal(copied.CopySourceVersionId, put.VersionId);
});

test('PutBucketEncryption with AES256 and a KMSMasterKeyID is InvalidArgument naming ApplyServerSideEncryptionByDefault', async () => {
  const encrypted = uniqueBucket('encryption');
  await h.s3.send(new CreateBucketCommand({ Bucket: encrypted }));
  const f = await failure(h.s3.send(new PutBucketEncryptionCommand({
    Bucket: encrypted,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'key-id' } }] },
  })));
  assert.equal(f.status, 400);
  assert.equal(f.code, 'InvalidArgument');
  assert.equal(f.message, 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse');
  assert.equal(f.fields['ArgumentName'], 'ApplyServerSideEncryptionByDefault');
  const two = await failure(h.s3.send(new PutBucketEncryptionCommand({
    Bucket: encrypted,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }, { BucketKeyEnabled: true }] },
  })));
  assert.equal(two.code, 'MalformedXML');
  await h.s3.send(new PutBucketEncryptionCommand({
    Bucket: encrypted,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-id' } }] },
  }));
});

test('PutBucketWebsite with an IndexDocument Suffix that is empty or contains a slash is InvalidArgument', async () => {
  for (const suffix of ['/index.html', 'a/index.html', '']) {
    const f = await failure(h.s3.send(new PutBucketWebsiteCommand({ Bucket: h.bucket, WebsiteConfiguration: { IndexDocument: { Suffix: suffix } } })));
    assert.equal(f.status, 400, suffix);
    assert.equal(f.code, 'InvalidArgument');
    assert.equal(f.message, 'The IndexDocument Suffix is not well formed');
    assert.equal(f.fields['ArgumentName'], 'IndexDocument');
  }
  await h.s3.send(new PutBucketWebsiteCommand({ Bucket: h.bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
});

test('PutObject with an x-amz-server-side-encryption value outside the model enum is InvalidArgument naming the header', async () => {
  const f = await failure(h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'sse', Body: 'x', ServerSideEncryption: 'AES512' as ServerSideEncryption })));
  assert.equal(f.status, 400);
  assert.equal(f.code, 'InvalidArgument');
  assert.equal(f.message, 'The encryption method specified is not supported');
  assert.equal(f.fields['ArgumentName'], 'x-amz-server-side-encryption');
  assert.equal(f.fields['ArgumentValue'], 'AES512');
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'sse', Body: 'x', ServerSideEncryption: 'AES256' }));
});

test('PutObjectAcl on a key whose current version is a delete marker is 405 MethodNotAllowed for PUT on a DeleteMarker', async () => {
  const versioned = uniqueBucket('acl');
  await h.s3.send(new CreateBucketCommand({ Bucket: versioned }));
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }));
  await h.s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'x' }));
  await h.s3.send(new DeleteObjectCommand({ Bucket: versioned, Key: 'k' }));
  const f = await failure(h.s3.send(new PutObjectAclCommand({ Bucket: versioned, Key: 'k', ACL: 'private' })));
  assert.equal(f.status, 405);
  assert.equal(f.code, 'MethodNotAllowed');
  assert.equal(f.fields['Method'], 'PUT');
  assert.equal(f.fields['ResourceType'], 'DeleteMarker');
});

test('PutObjectTagging with an aws: prefixed key is InvalidTag "Your TagKey cannot be prefixed with aws:"', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'tagged', Body: 'x' }));
  const f = await failure(h.s3.send(new PutObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'aws:prefixed', Value: 'v' }] } })));
  assert.equal(f.status, 400);
  assert.equal(f.code, 'InvalidTag');
  assert.equal(f.message, 'Your TagKey cannot be prefixed with aws:');
  assert.equal(f.fields['TagKey'], 'aws:prefixed');
});

test('PutObject with a wrong Content-MD5 is BadDigest with ExpectedDigest in hex', async () => {
  const f = await failure(h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'md5', Body: 'body', ContentMD5: 'CYketZBSTjX8czcs3cXVlg==' })));
  assert.equal(f.status, 400);
  assert.equal(f.code, 'BadDigest');
  assert.equal(f.fields['ExpectedDigest'], '09891eb590524e35fc73372cddc5d596');
});

test('DeleteObjects with a wrong Content-MD5 is BadDigest and deletes nothing', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'md5-guarded', Body: 'keep me' }));
  const body = `<Delete><Object><Key>md5-guarded</Key></Object></Delete>`;
  const res = await fetch(`${h.kumo.url}/${h.bucket}?delete`, {
    method: 'POST',
    headers: { 'content-md5': Buffer.alloc(16, 7).toString('base64'), 'content-type': 'application/xml' },
    body,
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /<Code>BadDigest<\/Code>/);
  const kept = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'md5-guarded' }));
  assert.equal(await kept.Body?.transformToString(), 'keep me');
});
