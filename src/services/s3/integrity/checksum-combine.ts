// Combines CRCs of consecutive byte runs into the CRC of their concatenation (zlib's crc32_combine method in
// GF(2)), so a multipart upload's FULL_OBJECT CRC32/CRC32C/CRC64NVME needs no second pass over the bytes.
import type { ChecksumAlgorithm } from './checksums.js';

interface CrcSpec {
  width: bigint;
  /** Reflected polynomial. */
  poly: bigint;
}

const SPECS: Partial<Record<ChecksumAlgorithm, CrcSpec>> = {
  CRC32: { width: 32n, poly: 0xedb88320n },
  CRC32C: { width: 32n, poly: 0x82f63b78n },
  CRC64NVME: { width: 64n, poly: 0x9a6c9329ac4bc9b5n },
};

const tables = new Map<ChecksumAlgorithm, bigint[]>();

/** a(x)·b(x) mod p(x) in the reflected representation. */
function multModP(spec: CrcSpec, a: bigint, b: bigint): bigint {
  let m = 1n << (spec.width - 1n);
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ spec.poly : b >> 1n;
  }
  return p;
}

function x2nTable(alg: ChecksumAlgorithm, spec: CrcSpec): bigint[] {
  let t = tables.get(alg);
  if (t) return t;
  t = [];
  let p = 1n << (spec.width - 2n); // x^1
  t.push(p);
  for (let n = 1; n < 64; n++) {
    p = multModP(spec, p, p);
    t.push(p);
  }
  tables.set(alg, t);
  return t;
}

export function isCombinable(alg: ChecksumAlgorithm): boolean {
  return SPECS[alg] !== undefined;
}

/** CRC(A‖B) from CRC(A), CRC(B) and |B| in bytes. CRCs are big-endian digests as S3 encodes them. */
export function combineCrc(alg: ChecksumAlgorithm, crcA: Buffer, crcB: Buffer, lengthB: number): Buffer {
  const spec = SPECS[alg];
  if (!spec) throw new Error(`${alg} is not a CRC`);
  if (lengthB === 0) return crcA;
  const table = x2nTable(alg, spec);
  // x^(8·lengthB) mod p, by squaring: bit k of lengthB contributes x^(2^(k+3)).
  let xp = 1n << (spec.width - 1n);
  let n = BigInt(lengthB);
  let k = 3;
  while (n > 0n) {
    if (n & 1n) xp = multModP(spec, table[k % 64]!, xp);
    n >>= 1n;
    k++;
  }
  const bytes = Number(spec.width / 8n);
  const combined = multModP(spec, xp, toBig(crcA)) ^ toBig(crcB);
  const out = Buffer.alloc(bytes);
  for (let i = bytes - 1, v = combined; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function toBig(b: Buffer): bigint {
  let v = 0n;
  for (const byte of b) v = (v << 8n) | BigInt(byte);
  return v;
}

/** Full-object CRC of parts given each part's base64 CRC and size. */
export function combineParts(alg: ChecksumAlgorithm, parts: ReadonlyArray<{ checksum: string; size: number }>): string {
  let acc: Buffer | undefined;
  for (const p of parts) {
    const crc = Buffer.from(p.checksum, 'base64');
    acc = acc === undefined ? crc : combineCrc(alg, acc, crc, p.size);
  }
  return (acc ?? Buffer.alloc(0)).toString('base64');
}
