// Streaming forms of the delivery compressions, so a 128 MiB buffer reaches S3 without being held in memory:
// gzip through zlib, snappy framed and Hadoop block formats per block, ZIP with a trailing data descriptor.
import { Readable } from 'node:stream';
import { createDeflateRaw, createGzip, crc32 } from 'node:zlib';
import { hadoopSnappy, HADOOP_BLOCK, snappyFramedChunk, SNAPPY_FRAME_BLOCK, SNAPPY_STREAM_IDENTIFIER, type CompressionFormat } from './compression.js';

/** Re-cuts a byte stream into blocks of exactly `size` bytes (the last may be shorter). */
export async function* blocks(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const chunk of source) {
    let rest = chunk;
    while (length + rest.length >= size) {
      const take = size - length;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      pending.push(rest);
      length += rest.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

async function* snappyFramedStream(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield SNAPPY_STREAM_IDENTIFIER;
  for await (const block of blocks(source, SNAPPY_FRAME_BLOCK)) yield snappyFramedChunk(block);
}

async function* hadoopSnappyStream(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const block of blocks(source, HADOOP_BLOCK)) yield hadoopSnappy(block);
}

function dosDateTime(epochMs: number): { time: number; date: number } {
  const d = new Date(epochMs);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((Math.max(d.getUTCFullYear(), 1980) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

/** A one-entry ZIP archive written in one pass: general-purpose flag bit 3, sizes and CRC in a data descriptor. */
async function* zipStream(source: AsyncIterable<Buffer>, entryName: string, epochMs: number): AsyncGenerator<Buffer> {
  const name = Buffer.from(entryName, 'utf8');
  const { time, date } = dosDateTime(epochMs);
  const flags = 0x0808; // bit 3: data descriptor follows; bit 11: UTF-8 name
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt16LE(name.length, 26);
  yield local;
  yield name;
  let crc = 0;
  let size = 0;
  const deflate = createDeflateRaw();
  const counted = (async function* () {
    for await (const chunk of source) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      yield chunk;
    }
  })();
  let compressed = 0;
  for await (const out of Readable.from(counted).pipe(deflate) as AsyncIterable<Buffer>) {
    compressed += out.length;
    yield out;
  }
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(crc >>> 0, 4);
  descriptor.writeUInt32LE(compressed, 8);
  descriptor.writeUInt32LE(size, 12);
  yield descriptor;
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(time, 12);
  central.writeUInt16LE(date, 14);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(compressed, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  yield central;
  yield name;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + compressed + descriptor.length, 16);
  yield end;
}

/** The delivered object's bytes as a stream, compressed as `format` says. */
export function compressStream(format: CompressionFormat, source: AsyncIterable<Buffer>, entryName: string, epochMs: number): AsyncIterable<Buffer> {
  switch (format) {
    case 'UNCOMPRESSED':
      return source;
    case 'GZIP':
      return Readable.from(source).pipe(createGzip()) as AsyncIterable<Buffer>;
    case 'ZIP':
      return zipStream(source, entryName, epochMs);
    case 'Snappy':
      return snappyFramedStream(source);
    case 'HADOOP_SNAPPY':
      return hadoopSnappyStream(source);
  }
}
