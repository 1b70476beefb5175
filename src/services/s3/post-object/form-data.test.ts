// Unit tests of the streaming form reader: fields before the file, the file split across chunks at any point,
// fields after the file ignored, malformed bodies and oversized pre-file fields refused as S3 refuses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { AwsError } from '../../../core/aws-error.js';
import { boundaryOf, MAX_PRE_DATA_BYTES, readForm } from './form-data.js';

const B = 'XyZbOuNdArY';

function body(parts: Array<[string, string, string?]>, tail = `--${B}--\r\n`): Buffer {
  let s = 'preamble ignored\r\n';
  for (const [name, value, filename] of parts) {
    s += `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
  }
  return Buffer.from(s + tail);
}

async function read(buf: Buffer, chunk: number): Promise<{ fields: Map<string, string>; file: string; filename: string | undefined }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) chunks.push(buf.subarray(i, i + chunk));
  const got: Buffer[] = [];
  const form = await readForm(Readable.from(chunks), B, async () => ({ write: async (c) => void got.push(c) }));
  return { fields: form.fields, file: Buffer.concat(got).toString(), filename: form.file?.filename };
}

test('boundaryOf reads quoted and bare boundaries', () => {
  assert.equal(boundaryOf('multipart/form-data; boundary=abc'), 'abc');
  assert.equal(boundaryOf('multipart/form-data; boundary="a b"'), 'a b');
  assert.equal(boundaryOf('multipart/form-data'), undefined);
});

test('readForm keeps fields by lower-cased name and streams the file whole whatever the chunk size', async () => {
  const file = `line one\r\n--${B.slice(0, 5)} not a delimiter\r\n`.repeat(50);
  const buf = body([['Key', 'a/${filename}'], ['Content-Type', 'text/plain'], ['file', file, 'x.txt'], ['after', 'ignored']]);
  for (const size of [1, 2, 7, 13, 64, 4096]) {
    const got = await read(buf, size);
    assert.equal(got.file, file, `chunk ${size}`);
    assert.equal(got.filename, 'x.txt');
    assert.equal(got.fields.get('key'), 'a/${filename}');
    assert.equal(got.fields.get('content-type'), 'text/plain');
    assert.equal(got.fields.has('after'), false);
  }
});

test('readForm refuses a body cut short and fields before the file over S3 limit', async () => {
  await assert.rejects(read(body([['key', 'k']], ''), 16), (e: unknown) => e instanceof AwsError && e.code === 'MalformedPOSTRequest');
  const huge = body([['key', 'k'], ['x-amz-meta-big', 'v'.repeat(MAX_PRE_DATA_BYTES + 1)], ['file', 'f', 'f']]);
  await assert.rejects(read(huge, 1024), (e: unknown) => e instanceof AwsError && e.code === 'MaxPostPreDataLengthExceededError');
});
