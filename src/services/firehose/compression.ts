// Compresses a delivered object as Firehose's CompressionFormat says: gzip, a one-entry ZIP archive, framed Snappy
// (the snappy "framing format", .snappy) or Hadoop-compatible block Snappy (.hsnappy), with Firehose's extensions.
import { promisify } from 'node:util';
import { crc32, deflateRaw as deflateRawCb, gzip as gzipCb } from 'node:zlib';
import { compress as snappyCompress } from 'snappyjs';
import { crc32c } from './crc32c.js';

const gzip = promisify(gzipCb);
const deflateRaw = promisify(deflateRawCb);

export const COMPRESSION_FORMATS = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] as const;
export type CompressionFormat = (typeof COMPRESSION_FORMATS)[number];

const EXTENSIONS: Record<CompressionFormat, string> = {
  UNCOMPRESSED: '',
  GZIP: '.gz',
  ZIP: '.zip',
  Snappy: '.snappy',
  HADOOP_SNAPPY: '.hsnappy',
};

export function isCompressionFormat(value: string): value is CompressionFormat {
  return (COMPRESSION_FORMATS as readonly string[]).includes(value);
}

/** The extension Firehose gives an object: FileExtension when set (even ''), else the compression's. */
export function fileExtension(format: CompressionFormat, configured?: string): string {
  return configured !== undefined && configured !== '' ? configured : EXTENSIONS[format];
}

// Snappy framing format (github.com/google/snappy framing_format.txt): stream identifier, then chunks of at most
// 65,536 uncompressed bytes, each with a masked CRC-32C of its uncompressed data.
export const SNAPPY_FRAME_BLOCK = 65_536;
export const SNAPPY_STREAM_IDENTIFIER = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

function maskedCrc(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One framed chunk for a block of at most 64 KiB. */
export function snappyFramedChunk(block: Buffer): Buffer {
  const compressed = Buffer.from(snappyCompress(block));
  // Incompressible blocks are stored raw (chunk type 0x01), as the reference implementation does.
  const useRaw = compressed.length >= block.length;
  const body = useRaw ? block : compressed;
  const header = Buffer.alloc(8);
  header[0] = useRaw ? 0x01 : 0x00;
  header.writeUIntLE(body.length + 4, 1, 3);
  header.writeUInt32LE(maskedCrc(block), 4);
  return Buffer.concat([header, body]);
}

export function snappyFramed(data: Buffer): Buffer {
  const chunks: Buffer[] = [SNAPPY_STREAM_IDENTIFIER];
  for (let off = 0; off < data.length; off += SNAPPY_FRAME_BLOCK) {
    chunks.push(snappyFramedChunk(data.subarray(off, Math.min(off + SNAPPY_FRAME_BLOCK, data.length))));
  }
  return Buffer.concat(chunks);
}

// Hadoop's BlockCompressorStream with SnappyCodec: per block a 4-byte big-endian uncompressed length, then one
// compressed chunk as a 4-byte big-endian length and raw snappy bytes (io.compression.codec.snappy.buffersize 256 KiB).
export const HADOOP_BLOCK = 256 * 1024;

export function hadoopSnappy(data: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let off = 0; off < data.length; off += HADOOP_BLOCK) {
    const block = data.subarray(off, Math.min(off + HADOOP_BLOCK, data.length));
    const compressed = Buffer.from(snappyCompress(block));
    const header = Buffer.alloc(8);
    header.writeUInt32BE(block.length, 0);
    header.writeUInt32BE(compressed.length, 4);
    chunks.push(header, compressed);
  }
  return Buffer.concat(chunks);
}

function dosDateTime(epochMs: number): { time: number; date: number } {
  const d = new Date(epochMs);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((Math.max(d.getUTCFullYear(), 1980) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

/** A ZIP archive (PKWARE APPNOTE 4.3) holding one deflated entry named `entryName`. */
export async function zipSingle(entryName: string, data: Buffer, epochMs: number): Promise<Buffer> {
  const deflated = await deflateRaw(data);
  const name = Buffer.from(entryName, 'utf8');
  const crc = crc32(data);
  const { time, date } = dosDateTime(epochMs);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(time, 12);
  central.writeUInt16LE(date, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, deflated, central, name, end]);
}

/** The bytes Firehose writes for a buffer; `entryName` names the single ZIP entry (the key without extension). */
export async function compressObject(format: CompressionFormat, data: Buffer, entryName: string, epochMs: number): Promise<Buffer> {
  switch (format) {
    case 'UNCOMPRESSED':
      return data;
    case 'GZIP':
      return gzip(data);
    case 'ZIP':
      return zipSingle(entryName, data, epochMs);
    case 'Snappy':
      return snappyFramed(data);
    case 'HADOOP_SNAPPY':
      return hadoopSnappy(data);
  }
}
