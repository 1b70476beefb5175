// Unit tests for streamed compression: every format streamed from small pieces decodes to the same bytes as the
// whole-buffer form, and the streamed ZIP is a valid archive (central directory, data descriptor, CRC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { blocks, compressStream } from './compression-stream.js';
import { compressObject, COMPRESSION_FORMATS } from './compression.js';

const DATA = Buffer.from(Array.from({ length: 20_000 }, (_v, i) => `{"i":${i},"pad":"${'p'.repeat(i % 40)}"}\n`).join(''));
const AT = Date.UTC(2024, 0, 2, 3, 4, 6);

async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let off = 0; off < data.length; off += size) yield data.subarray(off, off + size);
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of source) out.push(b);
  return Buffer.concat(out);
}

test('blocks re-cuts a stream into fixed-size blocks', async () => {
  const sizes = [];
  for await (const b of blocks(pieces(Buffer.alloc(1000), 7), 256)) sizes.push(b.length);
  assert.deepEqual(sizes, [256, 256, 256, 232]);
});

test('UNCOMPRESSED, GZIP, Snappy and HADOOP_SNAPPY stream exactly what the whole-buffer forms produce', async () => {
  for (const format of COMPRESSION_FORMATS) {
    if (format === 'ZIP') continue;
    const streamed = await collect(compressStream(format, pieces(DATA, 1000), 'x', AT));
    const whole = await compressObject(format, DATA, 'x', AT);
    if (format === 'GZIP') assert.deepEqual(gunzipSync(streamed), DATA);
    else assert.deepEqual(streamed, whole, format);
  }
});

test('a streamed ZIP is a valid one-entry archive with its sizes in a data descriptor', async () => {
  const zip = await collect(compressStream('ZIP', pieces(DATA, 3000), 'entry-name', AT));
  const end = zip.subarray(zip.length - 22);
  assert.equal(end.readUInt32LE(0), 0x06054b50);
  const central = zip.subarray(end.readUInt32LE(16));
  assert.equal(central.readUInt32LE(0), 0x02014b50);
  const compressedSize = central.readUInt32LE(20);
  assert.equal(central.readUInt32LE(24), DATA.length);
  assert.equal(central.readUInt32LE(16), crc32(DATA));
  const nameLength = zip.readUInt16LE(26);
  assert.equal(zip.subarray(30, 30 + nameLength).toString(), 'entry-name');
  assert.equal(zip.readUInt16LE(6) & 0x08, 0x08);
  const body = zip.subarray(30 + nameLength, 30 + nameLength + compressedSize);
  assert.deepEqual(inflateRawSync(body), DATA);
  assert.equal(zip.readUInt32LE(30 + nameLength + compressedSize), 0x08074b50);
});
