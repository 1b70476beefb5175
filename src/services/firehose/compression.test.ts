// Unit tests for delivered-object compression: each format round-trips through a reader of that format, and the
// extensions are Firehose's (.gz, .zip, .snappy, .hsnappy) unless FileExtension overrides them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { uncompress } from 'snappyjs';
import { compressObject, fileExtension } from './compression.js';
import { crc32c } from './crc32c.js';

const DATA = Buffer.from('{"musicID":"xxxxxxxxxx","userId":1,"artistId":1}\n'.repeat(5000));
const AT = Date.UTC(2024, 0, 2, 3, 4, 6);

test('file extensions follow the compression format and FileExtension overrides them', () => {
  assert.equal(fileExtension('UNCOMPRESSED'), '');
  assert.equal(fileExtension('GZIP'), '.gz');
  assert.equal(fileExtension('ZIP'), '.zip');
  assert.equal(fileExtension('Snappy'), '.snappy');
  assert.equal(fileExtension('HADOOP_SNAPPY'), '.hsnappy');
  assert.equal(fileExtension('GZIP', '.json.gz'), '.json.gz');
  assert.equal(fileExtension('UNCOMPRESSED', ''), '');
});

test('UNCOMPRESSED delivers the bytes as they are and GZIP a gzip member', async () => {
  assert.equal(await compressObject('UNCOMPRESSED', DATA, 'x', AT), DATA);
  const gz = await compressObject('GZIP', DATA, 'x', AT);
  assert.deepEqual(gz.subarray(0, 2), Buffer.from([0x1f, 0x8b]));
  assert.deepEqual(gunzipSync(gz), DATA);
});

test('ZIP delivers an archive with one deflated entry named after the object', async () => {
  const zip = await compressObject('ZIP', DATA, 'stream-1-2024-01-02-03-04-06-id', AT);
  assert.equal(zip.readUInt32LE(0), 0x04034b50);
  const nameLength = zip.readUInt16LE(26);
  assert.equal(zip.subarray(30, 30 + nameLength).toString(), 'stream-1-2024-01-02-03-04-06-id');
  const compressedSize = zip.readUInt32LE(18);
  const body = zip.subarray(30 + nameLength, 30 + nameLength + compressedSize);
  assert.deepEqual(inflateRawSync(body), DATA);
  assert.equal(zip.readUInt32LE(14), crc32(DATA));
  const end = zip.subarray(zip.length - 22);
  assert.equal(end.readUInt32LE(0), 0x06054b50);
  assert.equal(end.readUInt16LE(10), 1);
});

function unframeSnappy(framed: Buffer): Buffer {
  assert.deepEqual(framed.subarray(0, 10), Buffer.from([0xff, 6, 0, 0, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]));
  const out: Buffer[] = [];
  let off = 10;
  while (off < framed.length) {
    const type = framed[off];
    const length = framed.readUIntLE(off + 1, 3);
    const masked = framed.readUInt32LE(off + 4);
    const body = framed.subarray(off + 8, off + 4 + length);
    const chunk = type === 0 ? Buffer.from(uncompress(body)) : body;
    const c = crc32c(chunk);
    assert.equal(masked, ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0);
    assert.ok(chunk.length <= 65_536);
    out.push(chunk);
    off += 4 + length;
  }
  return Buffer.concat(out);
}

test('Snappy delivers the snappy framing format with checksummed chunks of at most 64 KiB', async () => {
  const framed = await compressObject('Snappy', DATA, 'x', AT);
  assert.deepEqual(unframeSnappy(framed), DATA);
  assert.ok(framed.length < DATA.length);
});

test('HADOOP_SNAPPY delivers Hadoop block-compressed snappy', async () => {
  const big = Buffer.concat([DATA, DATA, DATA]);
  const h = await compressObject('HADOOP_SNAPPY', big, 'x', AT);
  const out: Buffer[] = [];
  let off = 0;
  while (off < h.length) {
    const raw = h.readUInt32BE(off);
    const len = h.readUInt32BE(off + 4);
    const block = Buffer.from(uncompress(h.subarray(off + 8, off + 8 + len)));
    assert.equal(block.length, raw);
    out.push(block);
    off += 8 + len;
  }
  assert.ok(out.length > 1);
  assert.deepEqual(Buffer.concat(out), big);
});

test('CRC-32C matches the standard check value', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});
