// HTTP Range handling for GetObject/HeadObject/UploadPartCopy as S3 does it: one byte range → 206, anything else ignored.
// Behaviour per test_s3_api.snapshot.json TestS3ObjectCRUD::test_get_object_range (bytes=1-0, -1-, multiple → 200).
import { AwsError } from '../../../core/aws-error.js';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * The range to serve, or undefined to serve the whole object with 200. S3 ignores multiple ranges, reversed ranges and
 * anything it cannot parse; it answers InvalidRange 416 when the first byte lies beyond the object or a suffix is 0.
 */
export function resolveRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  const end = last === '' ? size - 1 : Number(last);
  return { start, end: Math.min(end, size - 1) };
}

/** `bytes 0-8/10` */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

/** test_s3.snapshot.json TestS3::test_invalid_range_error: fields ActualObjectSize and RangeRequested. */
export function invalidRange(requested: string, size: number): AwsError {
  return new AwsError('InvalidRange', 'The requested range is not satisfiable', {
    status: 416,
    fields: { ActualObjectSize: String(size), RangeRequested: requested },
  });
}

/**
 * UploadPartCopy's x-amz-copy-source-range must be a plain `bytes=first-last` with first ≤ last (else InvalidArgument);
 * a first byte past the source is InvalidRequest, a last byte past it InvalidArgument naming the size.
 * test_s3_api.snapshot.json TestS3Multipart::test_upload_part_copy_range upload-part-copy-range-exc-*.
 */
export function resolveCopySourceRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const fields = { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header };
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || end < start) {
    throw new AwsError('InvalidArgument', 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', {
      status: 400, fields,
    });
  }
  if (start >= size) throw new AwsError('InvalidRequest', 'The specified copy range is invalid for the source object size', { status: 400 });
  if (end >= size) throw new AwsError('InvalidArgument', `Range specified is not valid for source object of size: ${size}`, { status: 400, fields });
  return { start, end };
}
