// Reads a request body into memory for operations whose input is not a stream, with a ceiling so a huge body
// on a non-streaming operation is refused with 413 instead of exhausting memory.
import type { Readable } from 'node:stream';
import { AwsError } from '../core/aws-error.js';

/** No buffered AWS request body is larger (DynamoDB BatchWriteItem's 16 MB is the biggest; S3 bodies stream). */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;

export async function readBody(source: Buffer | Readable, limit = MAX_BUFFERED_BODY_BYTES): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) {
      source.destroy();
      throw new AwsError('RequestEntityTooLarge', `Request body exceeds the maximum of ${limit} bytes.`, { status: 413 });
    }
    chunks.push(buf);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
