// Reads a request body into memory for operations whose input is not a stream, with a ceiling so a huge body
// on a non-streaming operation is refused with 413 instead of exhausting memory, and a client that goes away
// mid-body ends the request as a client error, not a server fault.
import type { Readable } from 'node:stream';
import { AwsError } from '../core/aws-error.js';

/** No buffered AWS request body is larger (DynamoDB BatchWriteItem's 16 MB is the biggest; S3 bodies stream). */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;

export function readBody(source: Buffer | Readable, limit = MAX_BUFFERED_BODY_BYTES): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return Promise.resolve(source);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        // Stop reading but leave the socket alone, so the 413 can still be written; the server closes the
        // connection afterwards instead of draining the rest.
        done();
        source.pause();
        reject(new AwsError('RequestEntityTooLarge', `Request body exceeds the maximum of ${limit} bytes.`, { status: 413 }));
        return;
      }
      chunks.push(buf);
    };
    const onEnd = (): void => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const incomplete = (): void => {
      done();
      // S3's wording for a body shorter than its Content-Length (S3 ErrorResponses: IncompleteBody).
      reject(new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', { status: 400 }));
    };
    const onError = (): void => incomplete();
    const onAborted = (): void => incomplete();
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
    source.once('aborted', onAborted);
  });
}
