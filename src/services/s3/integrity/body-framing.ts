// How a streaming request body is framed, as the rest-xml S3 quirk saw it in headers the model does not bind
// (x-amz-content-sha256, x-amz-decoded-content-length, x-amz-trailer): attached to the body stream, read by S3.
import type { ChunkSignatureVerifier } from './aws-chunked.js';

export interface BodyFraming {
  /** x-amz-content-sha256, e.g. STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD. */
  contentSha256?: string;
  /** x-amz-decoded-content-length. */
  decodedContentLength?: number;
  /** x-amz-trailer, e.g. x-amz-checksum-crc32. */
  trailer?: string;
  /** Content-Encoding, for operations whose input has no ContentEncoding member (UploadPart). */
  contentEncoding?: string;
  /** Checks chunk and trailer signatures when IAM enforcement is on (built by the auth layer from the seed signature). */
  verifier?: ChunkSignatureVerifier;
  /** A hex x-amz-content-sha256 (lower case) the body must hash to, when IAM enforcement is on. */
  expectedSha256?: string;
}

/**
 * Where a body stream carries its framing: a symbol-keyed property on the stream itself, not a WeakMap keyed by it,
 * because a WeakMap entry per request made every young-generation GC several times slower (measured on query forms).
 */
const FRAMING = Symbol('kumo.bodyFraming');

interface FramedBody {
  [FRAMING]?: BodyFraming;
}

/** Called by the protocol layer when it hands S3 a body stream. */
export function attachBodyFraming(body: object, framing: BodyFraming): void {
  (body as FramedBody)[FRAMING] = framing;
}

export function bodyFramingOf(body: object): BodyFraming | undefined {
  return (body as FramedBody)[FRAMING];
}

export function isStreamingSha256(value: string | undefined): boolean {
  return value !== undefined && value.startsWith('STREAMING-');
}
