// Unit tests for the aws-chunked decoder: signed and unsigned-trailer framing, split reads, length and framing errors.
// Body layouts follow the SigV4 streaming documentation (sigv4-streaming.html, sigv4-streaming-trailers.html).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsChunkedDecoder } from './aws-chunked.js';
import { AwsError } from '../../../core/aws-error.js';

const SIG = 'a'.repeat(64);

async function decodeAll(decoder: AwsChunkedDecoder, parts: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  async function* src(): AsyncGenerator<Buffer> {
    for (const p of parts) yield p;
  }
  for await (const c of decoder.decode(src())) out.push(c);
  return Buffer.concat(out);
}

function signedBody(chunks: string[]): Buffer {
  let s = '';
  for (const c of chunks) s += `${Buffer.byteLength(c).toString(16)};chunk-signature=${SIG}\r\n${c}\r\n`;
  s += `0;chunk-signature=${SIG}\r\n\r\n`;
  return Buffer.from(s);
}

test('a signed aws-chunked body decodes to its payload even when split at every byte', async () => {
  const body = signedBody(['hello ', 'world']);
  const whole = await decodeAll(new AwsChunkedDecoder({ decodedContentLength: 11 }), [body]);
  assert.equal(whole.toString(), 'hello world');
  const bytes = [...body].map((b) => Buffer.from([b]));
  assert.equal((await decodeAll(new AwsChunkedDecoder(), bytes)).toString(), 'hello world');
});

test('an unsigned trailer body exposes the trailing checksum', async () => {
  const body = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n');
  const decoder = new AwsChunkedDecoder({ decodedContentLength: 5 });
  assert.equal((await decodeAll(decoder, [body.subarray(0, 7), body.subarray(7)])).toString(), 'hello');
  assert.deepEqual(decoder.trailerChecksum(), { header: 'x-amz-checksum-crc32', value: 'NhCmhg==' });
});

test('a signed trailer body passes chunk and trailer signatures to the verifier', async () => {
  const calls: string[] = [];
  const body = Buffer.from(`3;chunk-signature=${SIG}\r\nabc\r\n0;chunk-signature=${SIG}\r\nx-amz-checksum-sha256:xyz\r\nx-amz-trailer-signature:${'b'.repeat(64)}\r\n\r\n`);
  const decoder = new AwsChunkedDecoder({
    verifier: {
      chunk: (sig, hash) => calls.push(`chunk ${sig?.length} ${hash}`),
      trailer: (sig, text) => calls.push(`trailer ${sig?.[0]} ${JSON.stringify(text)}`),
    },
  });
  assert.equal((await decodeAll(decoder, [body])).toString(), 'abc');
  assert.deepEqual(calls, [
    `chunk 64 ${createHash('sha256').update('abc').digest('hex')}`,
    `chunk 64 ${createHash('sha256').update('').digest('hex')}`,
    'trailer b "x-amz-checksum-sha256:xyz\\n"',
  ]);
});

test('a verifier that throws rejects the body', async () => {
  const decoder = new AwsChunkedDecoder({ verifier: { chunk: () => { throw new AwsError('SignatureDoesNotMatch', 'bad', { status: 403 }); } } });
  await assert.rejects(decodeAll(decoder, [signedBody(['x'])]), (e: unknown) => e instanceof AwsError && e.code === 'SignatureDoesNotMatch');
});

test('a decoded length different from x-amz-decoded-content-length is rejected', async () => {
  await assert.rejects(decodeAll(new AwsChunkedDecoder({ decodedContentLength: 4 }), [signedBody(['abc'])]),
    (e: unknown) => e instanceof AwsError && e.code === 'IncompleteBody');
});

test('a truncated or malformed body is rejected with IncompleteBody', async () => {
  await assert.rejects(decodeAll(new AwsChunkedDecoder(), [Buffer.from('5\r\nhel')]), (e: unknown) => e instanceof AwsError && e.code === 'IncompleteBody');
  await assert.rejects(decodeAll(new AwsChunkedDecoder(), [Buffer.from('zz\r\nhello\r\n')]), (e: unknown) => e instanceof AwsError && e.code === 'IncompleteBody');
  await assert.rejects(decodeAll(new AwsChunkedDecoder(), [Buffer.from('2\r\nabXX0\r\n\r\n')]), (e: unknown) => e instanceof AwsError && e.code === 'IncompleteBody');
});

test('a signed body missing a chunk signature is handed to the verifier as unsigned', async () => {
  const seen: Array<string | undefined> = [];
  const decoder = new AwsChunkedDecoder({ verifier: { chunk: (sig) => seen.push(sig) } });
  await decodeAll(decoder, [Buffer.from('3\r\nabc\r\n0\r\n\r\n')]);
  assert.deepEqual(seen, [undefined, undefined]);
});
