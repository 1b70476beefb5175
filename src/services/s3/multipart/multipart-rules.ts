// Pure multipart rules: upload ids, part-number limits, checksum type/algorithm compatibility, and the checks
// CompleteMultipartUpload makes on the part list (order, existence/ETag, minimum size), with S3's error shapes.
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../../core/aws-error.js';
import type { ChecksumAlgorithm } from '../integrity/checksums.js';
import { unquote } from '../objects/etag.js';
import type { PartRow } from './multipart-store.js';
import { badPartChecksum, invalidArgument, invalidRequest, malformedXml } from '../s3-errors.js';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export function newUploadId(): string {
  return randomBytes(48).toString('base64url');
}

export function requirePartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PART_NUMBER) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(n));
  }
}

/** CRC64NVME is FULL_OBJECT only; SHA digests COMPOSITE only; CRC32/CRC32C either, COMPOSITE by default. */
export function resolveChecksumType(alg: ChecksumAlgorithm | undefined, type: string | undefined): 'COMPOSITE' | 'FULL_OBJECT' | undefined {
  if (alg === undefined) {
    if (type !== undefined) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const resolved = type ?? (alg === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (resolved !== 'COMPOSITE' && resolved !== 'FULL_OBJECT') throw invalidArgument('Invalid checksum type', 'x-amz-checksum-type', resolved);
  const ok = resolved === 'FULL_OBJECT' ? alg === 'CRC32' || alg === 'CRC32C' || alg === 'CRC64NVME' : alg !== 'CRC64NVME';
  if (!ok) throw invalidRequest(`The ${resolved} checksum type cannot be used with the ${alg.toLowerCase()} checksum algorithm.`);
  return resolved;
}

export interface RequestedPart {
  PartNumber?: number | undefined;
  ETag?: string | undefined;
  ChecksumCRC32?: string | undefined;
  ChecksumCRC32C?: string | undefined;
  ChecksumCRC64NVME?: string | undefined;
  ChecksumSHA1?: string | undefined;
  ChecksumSHA256?: string | undefined;
}

/**
 * Part checksums named in CompleteMultipartUpload: one of another algorithm is BadDigest; a wrong one InvalidPart
 * (test_complete_multipart_parts_checksum_*); COMPOSITE uploads require one per part (complete-multipart-no-checksum).
 */
export function checkRequestedPartChecksums(uploadId: string, upload: { algorithm: ChecksumAlgorithm | undefined; type: string | undefined },
  requested: readonly RequestedPart[], parts: readonly PartRow[]): void {
  requested.forEach((r, i) => {
    const part = parts[i]!;
    for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const given = r[`Checksum${alg}`];
      if (given === undefined) continue;
      if (alg !== upload.algorithm) throw badPartChecksum(alg, part.partNumber);
      if (readPartChecksums(part).digests[alg] !== given) throw invalidPart(uploadId, r.ETag ?? '', part.partNumber);
    }
    if (upload.type === 'COMPOSITE' && upload.algorithm !== undefined && r[`Checksum${upload.algorithm}`] === undefined) {
      throw invalidRequest(`The upload was created using a ${upload.algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`);
    }
  });
}

function invalidPart(uploadId: string, etag: string, partNumber: number): AwsError {
  return new AwsError('InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    { status: 400, fields: { ETag: unquote(etag), PartNumber: String(partNumber), UploadId: uploadId } });
}

/**
 * Validates the CompleteMultipartUpload part list against stored parts and returns them in order.
 * test_s3.snapshot.json: test_complete_multipart_parts_order (InvalidPartOrder), test_multipart_complete_multipart_wrong_part
 * (InvalidPart with ETag/PartNumber/UploadId), test_multipart_complete_multipart_too_small (EntityTooSmall; no parts → InvalidRequest).
 */
export function selectParts(uploadId: string, requested: readonly RequestedPart[], stored: ReadonlyMap<number, PartRow>): PartRow[] {
  // test_s3.snapshot.json test_multipart_complete_multipart_too_small complete-exc-no-parts.
  if (requested.length === 0) throw invalidRequest('You must specify at least one part');
  const out: PartRow[] = [];
  let previous = 0;
  for (const r of requested) {
    const n = r.PartNumber;
    if (n === undefined || r.ETag === undefined) throw malformedXml();
    if (n <= previous) {
      throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', {
        status: 400, fields: { UploadId: uploadId },
      });
    }
    previous = n;
    const part = stored.get(n);
    if (!part || unquote(part.etag) !== unquote(r.ETag)) throw invalidPart(uploadId, r.ETag, n);
    out.push(part);
  }
  for (let i = 0; i < out.length - 1; i++) {
    const p = out[i]!;
    if (p.size < MIN_PART_SIZE) {
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        status: 400,
        fields: { ETag: unquote(p.etag), MinSizeAllowed: String(MIN_PART_SIZE), PartNumber: String(p.partNumber), ProposedSize: String(p.size) },
      });
    }
  }
  return out;
}

/** What a part row's checksum column holds: the algorithm the client used (if any) and every digest computed. */
export interface PartChecksums {
  client?: ChecksumAlgorithm;
  digests: Partial<Record<ChecksumAlgorithm, string>>;
}

export function readPartChecksums(part: PartRow): PartChecksums {
  return part.checksum === undefined ? { digests: {} } : (JSON.parse(part.checksum) as PartChecksums);
}
