// Reads a request body into memory for operations whose input is not a stream, with a ceiling so a huge body
// on a non-streaming operation is refused with 413 instead of exhausting memory, and a client that goes away
// mid-body ends the request as a client error, not a server fault.
import type { Readable } from 'node:stream';
import { AwsError } from '../core/aws-error.js';

/** No buffered AWS request body is larger (DynamoDB BatchWriteItem's 16 MB is the biggest; S3 bodies stream). */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The whole body when it has already arrived, else undefined: a small request's body comes in the same socket read
 * as its headers, and node:http has buffered it and marked the message complete before the pipeline asks, so it is
 * taken from the stream's buffer at once instead of through data/end listeners and several ticks.
 */
export function arrivedBody(source: Buffer | Readable, limit = MAX_BUFFERED_BODY_BYTES): Buffer | undefined {
  if (Buffer.isBuffer(source)) return source;
  const message = source as Readable & { complete?: boolean; headers?: Record<string, string | string[] | undefined> };
  // Only a paused byte stream of node:http's (a test's Readable goes the listener way).
  if (message.headers === undefined || message.readableFlowing === true || message.destroyed || message.readableObjectMode || message.readableEncoding !== null) return undefined;
  if (message.readableLength > limit) return undefined; // readBody answers 413
  if (message.complete === true) return (source.read() as Buffer | null) ?? Buffer.alloc(0); // everything buffered
  // Not marked complete yet, but all of a Content-Length body is here (node:http marks the end in the same read,
  // just after the pipeline looked; a request with neither header has no body); a chunked one is whole only at its end.
  if (message.headers['transfer-encoding'] !== undefined) return undefined;
  const length = message.headers['content-length'];
  if (length === undefined ? message.readableLength !== 0 : Number(length) !== message.readableLength) return undefined;
  const data = (source.read() as Buffer | null) ?? Buffer.alloc(0);
  // Flowing from here, the stream sees its end mark and ends as a fully read request does.
  source.resume();
  (source as Readable & { [TAKEN]?: true })[TAKEN] = true;
  return data;
}

/**
 * Marks a message whose body arrivedBody took before node:http marked it complete: a property on the message (every
 * IncomingMessage gets the same one) instead of a WeakSet, whose add costs a GC write barrier on every request.
 */
const TAKEN = Symbol('kumo.bodyTaken');

/** Whether arrivedBody took the whole body before node:http marked the message complete. */
export function bodyTaken(source: Readable): boolean {
  return (source as Readable & { [TAKEN]?: true })[TAKEN] === true;
}

export function readBody(source: Buffer | Readable, limit = MAX_BUFFERED_BODY_BYTES): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return Promise.resolve(source);
  const arrived = arrivedBody(source, limit);
  if (arrived !== undefined) return Promise.resolve(arrived);
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
