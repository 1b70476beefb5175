// Presigned PUT URLs from @aws-sdk/s3-request-presigner carry x-amz-meta-* (and other x-amz-* headers) in the
// query string; S3 applies them as headers, with and without --enforce-iam verifying the URL's signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { uniqueBucket, useS3 } from './s3-support.js';

const open = useS3();
const enforced = useS3({ config: { enforceIam: true } });

for (const [label, harness] of [['without enforcement', () => open], ['under --enforce-iam', () => enforced]] as const) {
  test(`a presigned PUT applies the x-amz-meta-* and storage class hoisted into its query string (${label})`, async () => {
    const h = harness();
    const bucket = uniqueBucket('presign-meta');
    await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const url = await getSignedUrl(h.s3, new PutObjectCommand({ Bucket: bucket, Key: 'm.txt', Metadata: { owner: 'alice' }, StorageClass: 'STANDARD_IA' }), { expiresIn: 300 });
    assert.match(url, /x-amz-meta-owner=alice/);
    const res = await fetch(url, { method: 'PUT', body: 'data' });
    assert.equal(res.status, 200, await res.text());
    const head = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'm.txt' }));
    assert.deepEqual(head.Metadata, { owner: 'alice' });
    assert.equal(head.StorageClass, 'STANDARD_IA');
  });
}
