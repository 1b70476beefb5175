// Incremental checksums S3 computes and returns: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 (and MD5 for ETags).
// Each hasher takes bytes as they stream past and yields the big-endian digest S3 base64-encodes in x-amz-checksum-*.
import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Digest byte lengths, used to validate client-supplied base64 values. */
export const CHECKSUM_LENGTHS: Readonly<Record<ChecksumAlgorithm, number>> = {
  CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32,
};

export interface Hasher {
  update(chunk: Uint8Array): void;
  /** The raw big-endian digest; call once. */
  digest(): Buffer;
}

export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

/** `x-amz-checksum-crc64nvme` → CRC64NVME; undefined for any other header name. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const m = /^x-amz-checksum-([a-z0-9]+)$/i.exec(name);
  const upper = m?.[1]?.toUpperCase();
  return upper !== undefined && isChecksumAlgorithm(upper) ? upper : undefined;
}

export function createHasher(algorithm: ChecksumAlgorithm | 'MD5'): Hasher {
  switch (algorithm) {
    case 'CRC32': return new Crc32Hasher();
    case 'CRC32C': return new Crc32cHasher();
    case 'CRC64NVME': return new Crc64NvmeHasher();
    case 'SHA1': return new NodeHasher(createHash('sha1'));
    case 'SHA256': return new NodeHasher(createHash('sha256'));
    case 'MD5': return new NodeHasher(createHash('md5'));
  }
}

/** The base64 digest of whole bytes, as S3 returns it (e.g. CRC32 of "0123456789" is "poTHxg=="). */
export function checksumOf(algorithm: ChecksumAlgorithm | 'MD5', bytes: Uint8Array): string {
  const h = createHasher(algorithm);
  h.update(bytes);
  return h.digest().toString('base64');
}

/** True when `value` is base64 of exactly the algorithm's digest length (S3 rejects others as invalid). */
export function isWellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  return Buffer.from(value, 'base64').length === CHECKSUM_LENGTHS[algorithm];
}

/** Multipart COMPOSITE checksum: the checksum of the concatenated raw part checksums, suffixed `-<parts>`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksumsBase64: readonly string[]): string {
  const h = createHasher(algorithm);
  for (const part of partChecksumsBase64) h.update(Buffer.from(part, 'base64'));
  return `${h.digest().toString('base64')}-${partChecksumsBase64.length}`;
}

class NodeHasher implements Hasher {
  constructor(private readonly hash: Hash) {}
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  digest(): Buffer {
    return this.hash.digest();
  }
}

class Crc32Hasher implements Hasher {
  private crc = 0;
  update(chunk: Uint8Array): void {
    this.crc = zlib.crc32(chunk, this.crc);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc >>> 0);
    return out;
  }
}

/** Slicing-by-8 tables for the reflected Castagnoli polynomial 0x82F63B78. */
const CRC32C_TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const t0 = tables[0]!;
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t0[i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    let c = t0[i]!;
    for (let t = 1; t < 8; t++) {
      c = t0[c & 0xff]! ^ (c >>> 8);
      tables[t]![i] = c >>> 0;
    }
  }
  return tables;
})();

class Crc32cHasher implements Hasher {
  private crc = 0xffffffff;
  update(chunk: Uint8Array): void {
    const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC32C_TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array,
      Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    let crc = this.crc;
    let i = 0;
    const n = chunk.length;
    for (; i + 8 <= n; i += 8) {
      const a = (crc ^ (chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16) | (chunk[i + 3]! << 24))) >>> 0;
      crc = t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
        t3[chunk[i + 4]!]! ^ t2[chunk[i + 5]!]! ^ t1[chunk[i + 6]!]! ^ t0[chunk[i + 7]!]!;
    }
    for (; i < n; i++) crc = t0[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8);
    this.crc = crc >>> 0;
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return out;
  }
}

/** CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5): slicing-by-8 tables split into 32-bit halves (no BigInt).
 *  LO[k*256+i] / HI[k*256+i] hold the low / high word of table k. */
const CRC64_LO = new Uint32Array(8 * 256);
const CRC64_HI = new Uint32Array(8 * 256);
(() => {
  const polyLo = 0xac4bc9b5;
  const polyHi = 0x9a6c9329;
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ polyLo) >>> 0;
        hi = (hi ^ polyHi) >>> 0;
      }
    }
    CRC64_LO[i] = lo;
    CRC64_HI[i] = hi;
  }
  for (let t = 1; t < 8; t++) {
    for (let i = 0; i < 256; i++) {
      const lo = CRC64_LO[(t - 1) * 256 + i]!;
      const hi = CRC64_HI[(t - 1) * 256 + i]!;
      const idx = lo & 0xff;
      CRC64_LO[t * 256 + i] = (((lo >>> 8) | (hi << 24)) ^ CRC64_LO[idx]!) >>> 0;
      CRC64_HI[t * 256 + i] = ((hi >>> 8) ^ CRC64_HI[idx]!) >>> 0;
    }
  }
})();

class Crc64NvmeHasher implements Hasher {
  private lo = 0xffffffff;
  private hi = 0xffffffff;
  update(chunk: Uint8Array): void {
    const L = CRC64_LO;
    const H = CRC64_HI;
    let lo = this.lo;
    let hi = this.hi;
    let i = 0;
    const n = chunk.length;
    for (; i + 8 <= n; i += 8) {
      const a = (lo ^ (chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16) | (chunk[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (chunk[i + 4]! | (chunk[i + 5]! << 8) | (chunk[i + 6]! << 16) | (chunk[i + 7]! << 24))) >>> 0;
      const i7 = 1792 + (a & 0xff), i6 = 1536 + ((a >>> 8) & 0xff), i5 = 1280 + ((a >>> 16) & 0xff), i4 = 1024 + (a >>> 24);
      const i3 = 768 + (b & 0xff), i2 = 512 + ((b >>> 8) & 0xff), i1 = 256 + ((b >>> 16) & 0xff), i0 = b >>> 24;
      lo = L[i7]! ^ L[i6]! ^ L[i5]! ^ L[i4]! ^ L[i3]! ^ L[i2]! ^ L[i1]! ^ L[i0]!;
      hi = H[i7]! ^ H[i6]! ^ H[i5]! ^ H[i4]! ^ H[i3]! ^ H[i2]! ^ H[i1]! ^ H[i0]!;
    }
    for (; i < n; i++) {
      const idx = (lo ^ chunk[i]!) & 0xff;
      const nlo = (lo >>> 8) | (hi << 24);
      hi = (hi >>> 8) ^ H[idx]!;
      lo = (nlo ^ L[idx]!) >>> 0;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }
  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
