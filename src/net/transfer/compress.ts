// Per-block compression for the MFT chain: N none, 1 horizontal RLE, 2 vertical RLE, 3 DEFLATE, Z Zstandard.
// Each DATA block is compressed on its own so a checkpoint resend can restart at any acknowledged block.
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { rleDecode, rleEncode, verticalDecode, verticalEncode } from './rle.js';

export type CompMethod = 'N' | '1' | '2' | '3' | 'Z';
export const COMP_METHODS: readonly CompMethod[] = ['N', '1', '2', '3', 'Z'];

interface Zstd {
  init(): Promise<void>;
  compress(buf: Uint8Array, level?: number): Uint8Array;
  decompress(buf: Uint8Array): Uint8Array;
}
let zstd: Zstd | undefined;

/** Loads the Zstandard wasm module once; call before using method Z. */
export async function loadZstd(): Promise<void> {
  if (zstd) return;
  const mod = (await import('@bokuweb/zstd-wasm')) as unknown as Zstd & { default?: Zstd };
  const z = typeof mod.init === 'function' ? mod : mod.default!;
  await z.init();
  zstd = z;
}

/** DEFLATELEVEL S/D/C → zlib level (speed / default / ratio) [I]. */
function deflateLevel(level: string): number {
  if (level === 'S') return constants.Z_BEST_SPEED;
  if (level === 'C') return constants.Z_BEST_COMPRESSION;
  return constants.Z_DEFAULT_COMPRESSION;
}

export interface CompOptions {
  method: CompMethod;
  /** COMPSIZE: the record length for vertical compression (0 = 128 [D]). */
  compSize: number;
  deflateLevel: string;
}

export function compressBlock(block: Buffer, o: CompOptions): Buffer {
  switch (o.method) {
    case 'N':
      return block;
    case '1':
      return rleEncode(block);
    case '2':
      return verticalEncode(block, o.compSize || 128);
    case '3':
      return deflateRawSync(block, { level: deflateLevel(o.deflateLevel) });
    case 'Z': {
      if (!zstd) throw new Error('zstd not loaded');
      const out = zstd.compress(block, 3);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
  }
}

/** Reverses compressBlock; `limit` bounds the output (a block never exceeds it), guarding against bombs. */
export function decompressBlock(data: Buffer, o: CompOptions, limit: number): Buffer {
  switch (o.method) {
    case 'N':
      return data;
    case '1':
      return rleDecode(data, limit);
    case '2':
      return verticalDecode(data, o.compSize || 128, limit);
    case '3':
      return inflateRawSync(data, { maxOutputLength: limit });
    case 'Z': {
      if (!zstd) throw new Error('zstd not loaded');
      const out = zstd.decompress(data);
      if (out.byteLength > limit) throw new RangeError('zstd block exceeds the block limit');
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
  }
}

/** Negotiation [D]: the sender's preference if the receiver supports it, else no compression. */
export function negotiateComp(preferred: CompMethod, receiverSupports: readonly string[]): CompMethod {
  return receiverSupports.includes(preferred) ? preferred : 'N';
}
