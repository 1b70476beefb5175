// A SigV4 Authorization header with a dummy signature, for raw-HTTP tests that use S3 as their target: without
// --enforce-iam kumo trusts a signed request without checking the signature, while an unsigned S3 request is anonymous.

/** Headers that make a raw S3 request signed (by `accessKeyId`, the default account's root for `test`). */
export function trustedS3Headers(region = 'us-east-1', accessKeyId = 'test'): Record<string, string> {
  return {
    'x-amz-date': '20260101T000000Z',
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

/** The same headers as raw HTTP/1.1 header lines, each ending in CRLF. */
export function trustedS3HeaderLines(region = 'us-east-1', accessKeyId = 'test'): string {
  return Object.entries(trustedS3Headers(region, accessKeyId)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
}
