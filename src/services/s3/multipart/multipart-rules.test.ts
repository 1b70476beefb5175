// Unit tests for multipart rules: part list validation errors and checksum type compatibility.
// Error fields follow test_s3.snapshot.json multipart cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRequestedPartChecksums, MIN_PART_SIZE, requirePartNumber, resolveChecksumType, selectParts } from './multipart-rules.js';
import type { PartRow } from './multipart-store.js';
import { AwsError } from '../../../core/aws-error.js';

function part(n: number, size: number): PartRow {
  return { uploadId: 'u', partNumber: n, size, etag: `"e${n}"`, lastModified: 0, blobId: undefined, checksum: undefined };
}

function err(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an error');
}

const stored = new Map([[1, part(1, MIN_PART_SIZE)], [2, part(2, 4)], [3, part(3, 1)]]);

test('complete accepts ascending known parts with matching ETags, quoted or not', () => {
  assert.deepEqual(selectParts('u', [{ PartNumber: 1, ETag: 'e1' }, { PartNumber: 2, ETag: '"e2"' }], stored).map((p) => p.partNumber), [1, 2]);
});

test('a complete request naming no parts is InvalidRequest "You must specify at least one part"', () => {
  const e = err(() => selectParts('u', [], stored));
  assert.equal(e.code, 'InvalidRequest');
  assert.equal(e.status, 400);
  assert.equal(e.message, 'You must specify at least one part');
});

test('parts out of order are InvalidPartOrder', () => {
  assert.equal(err(() => selectParts('u', [{ PartNumber: 2, ETag: 'e2' }, { PartNumber: 1, ETag: 'e1' }], stored)).code, 'InvalidPartOrder');
});

test('an unknown part or wrong ETag is InvalidPart naming the part', () => {
  const e = err(() => selectParts('u', [{ PartNumber: 1, ETag: 'nope' }], stored));
  assert.equal(e.code, 'InvalidPart');
  assert.deepEqual(e.fields, { ETag: 'nope', PartNumber: '1', UploadId: 'u' });
});

test('a non-final part under 5 MiB is EntityTooSmall', () => {
  const e = err(() => selectParts('u', [{ PartNumber: 2, ETag: 'e2' }, { PartNumber: 3, ETag: 'e3' }], stored));
  assert.equal(e.code, 'EntityTooSmall');
  assert.deepEqual(e.fields, { ETag: 'e2', MinSizeAllowed: '5242880', PartNumber: '2', ProposedSize: '4' });
});

test('checksum types default by algorithm and reject impossible pairs', () => {
  assert.equal(resolveChecksumType('CRC32', undefined), 'COMPOSITE');
  assert.equal(resolveChecksumType('CRC64NVME', undefined), 'FULL_OBJECT');
  assert.equal(resolveChecksumType(undefined, undefined), undefined);
  assert.equal(err(() => resolveChecksumType('SHA256', 'FULL_OBJECT')).code, 'InvalidRequest');
  assert.equal(err(() => resolveChecksumType('CRC64NVME', 'COMPOSITE')).code, 'InvalidRequest');
  assert.equal(err(() => requirePartNumber(10001)).code, 'InvalidArgument');
});

test('Complete checks the part checksums it names and requires them for COMPOSITE uploads', () => {
  const withSum: PartRow = { ...part(1, 10), checksum: JSON.stringify({ client: 'CRC32', digests: { CRC32: 'AAAAAA==' } }) };
  const upload = { algorithm: 'CRC32' as const, type: 'COMPOSITE' };
  checkRequestedPartChecksums('u', upload, [{ PartNumber: 1, ETag: 'e1', ChecksumCRC32: 'AAAAAA==' }], [withSum]);
  assert.equal(err(() => checkRequestedPartChecksums('u', upload, [{ PartNumber: 1, ETag: 'e1', ChecksumCRC32: 'BBBBBB==' }], [withSum])).code, 'InvalidPart');
  const other = err(() => checkRequestedPartChecksums('u', upload, [{ PartNumber: 1, ETag: 'e1', ChecksumSHA256: 'x' }], [withSum]));
  assert.equal(other.message, 'The sha256 you specified for part 1 did not match what we received.');
  const missing = err(() => checkRequestedPartChecksums('u', upload, [{ PartNumber: 1, ETag: 'e1' }], [withSum]));
  assert.equal(missing.message, 'The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.');
  checkRequestedPartChecksums('u', { algorithm: 'CRC32', type: 'FULL_OBJECT' }, [{ PartNumber: 1, ETag: 'e1' }], [withSum]);
});
