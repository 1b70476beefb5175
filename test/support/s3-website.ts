// Test helper: a public S3 static website (bucket, Block Public Access off, a GetObject-for-everyone policy, an index
// document, and the given pages), the setup the website, Route 53 and CloudFront origin tests each need.
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketPolicyCommand, PutBucketWebsiteCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Creates `bucket` as a public website with index document `index.html` and `pages` (key → HTML body). */
export async function publicWebsite(s3: S3Client, bucket: string, pages: Record<string, string>): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({
    Bucket: bucket,
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }),
  }));
  await s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
  for (const [key, body] of Object.entries(pages)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/html' }));
}
