// The chunk-signature chain of signed aws-chunked uploads, checked against AWS's own streaming example
// (S3 API reference, sigv4-streaming.html: 64 KiB + 1 KiB of 'a', seed 4f232c43…): right chains pass, any change fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';
import { streamSignatureVerifier } from './chunk-signatures.js';
import type { SigV4Auth } from './sigv4-parse.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AUTH = {
  version: 4, presigned: false, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', date: '20130524', region: 'us-east-1', service: 's3',
  amzDate: '20130524T000000Z', signedHeaders: [], signature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
} as unknown as SigV4Auth;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const CHUNKS: Array<[Buffer, string]> = [
  [Buffer.alloc(65536, 'a'), 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
  [Buffer.alloc(1024, 'a'), '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
  [Buffer.alloc(0), 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
];

function rejects(run: () => void): void {
  assert.throws(run, (e: unknown) => e instanceof AwsError && e.code === 'SignatureDoesNotMatch' && e.status === 403);
}

test("AWS's streaming example verifies chunk by chunk", () => {
  const verifier = streamSignatureVerifier(AUTH, SECRET);
  for (const [data, signature] of CHUNKS) verifier.chunk(signature, sha(data));
});

test('a chunk whose data changed, a reordered chunk or a missing signature fails', () => {
  rejects(() => streamSignatureVerifier(AUTH, SECRET).chunk(CHUNKS[0]![1], sha(Buffer.alloc(65536, 'b'))));
  const v = streamSignatureVerifier(AUTH, SECRET);
  rejects(() => v.chunk(CHUNKS[1]![1], sha(CHUNKS[1]![0])));
  rejects(() => streamSignatureVerifier(AUTH, SECRET).chunk(undefined, sha(CHUNKS[0]![0])));
  rejects(() => streamSignatureVerifier(AUTH, 'other-secret').chunk(CHUNKS[0]![1], sha(CHUNKS[0]![0])));
});

test('a trailer must carry the signature chained from the final chunk', () => {
  const v = streamSignatureVerifier(AUTH, SECRET);
  for (const [data, signature] of CHUNKS) v.chunk(signature, sha(data));
  rejects(() => v.trailer(undefined, 'x-amz-checksum-crc32:AAAAAA==\n'));
  rejects(() => v.trailer('0'.repeat(64), 'x-amz-checksum-crc32:AAAAAA==\n'));
});
