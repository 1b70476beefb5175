// Streams an upload body (PutObject, UploadPart) into the blob store while computing MD5, size and the S3 checksum,
// undoing announced aws-chunked framing; checks x-amz-content-sha256, Content-MD5, x-amz-checksum-*; never leaves a stray blob.
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../../store/blob-store.js';
import { createHash, type Hash } from 'node:crypto';
import { AwsChunkedDecoder, type ChunkSignatureVerifier } from './aws-chunked.js';
import { bodyFramingOf, isStreamingSha256, type BodyFraming } from './body-framing.js';
import { algorithmOfHeader, CHECKSUM_ALGORITHMS, createHasher, isChecksumAlgorithm, isWellFormedChecksum,
  type ChecksumAlgorithm } from './checksums.js';
import type { BlobRef } from '../objects/object-store.js';
import { badChecksum, badContentMd5, contentSha256Mismatch, entityTooLarge, invalidArgument, invalidChecksumHeader, invalidDigest, invalidRequest } from '../s3-errors.js';

/** Checksum members as they appear on PutObject/UploadPart inputs. */
export interface ChecksumFields {
  ChecksumAlgorithm?: string | undefined;
  ChecksumCRC32?: string | undefined;
  ChecksumCRC32C?: string | undefined;
  ChecksumCRC64NVME?: string | undefined;
  ChecksumSHA1?: string | undefined;
  ChecksumSHA256?: string | undefined;
}

export interface IngestOptions {
  contentMd5?: string | undefined;
  checksums: ChecksumFields;
  contentEncoding?: string | undefined;
  /** Largest accepted decoded size (5 GiB for a single PUT or part). */
  maxSize: number;
  /** The algorithm to compute when the client names none (S3 defaults to CRC64NVME; multipart uses the upload's). */
  defaultAlgorithm: ChecksumAlgorithm;
  verifier?: ChunkSignatureVerifier;
  /** Bytes we produced ourselves (copies): never aws-chunked, no sniffing. */
  raw?: boolean;
  /** Bodies up to this many bytes are returned in memory (`inline`) instead of written to a blob; 0 = never. */
  inlineLimit?: number;
  /** BadDigest's ExpectedDigest in hex, as PutObject reports it (test_s3 md5-error-bad-digest); UploadPart echoes the
   *  base64 header (upload-part-md5-bad-digest). */
  expectedDigestHex?: boolean;
  /** Further algorithms to compute alongside (multipart parts always carry CRC64NVME for the default full-object CRC). */
  alsoCompute?: readonly ChecksumAlgorithm[];
}

export interface Ingested {
  /** Undefined for an empty or inline body: no blob is kept. */
  blob: BlobRef | undefined;
  /** The body itself when it fit within `inlineLimit`. */
  inline: Buffer | undefined;
  size: number;
  md5: Buffer;
  algorithm: ChecksumAlgorithm;
  /** base64 checksum in `algorithm`. */
  checksum: string;
  /** Every checksum computed, by algorithm (base64). */
  digests: Partial<Record<ChecksumAlgorithm, string>>;
}

export const MAX_SINGLE_PUT = 5 * 1024 ** 3;
/** Bytes gathered before one blob-store write. */
const WRITE_BATCH = 512 * 1024;
/** Objects up to 16 KiB are kept in their SQLite row: no file per small object, and one read serves a GET. */
export const INLINE_LIMIT = 16 * 1024;

/** The one checksum a request declares (header value, or algorithm only); more than one is InvalidRequest. */
export function declaredChecksum(fields: ChecksumFields): { algorithm: ChecksumAlgorithm | undefined; value: string | undefined } {
  let found: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  for (const alg of CHECKSUM_ALGORITHMS) {
    const value = fields[`Checksum${alg}`];
    if (value === undefined) continue;
    // test_s3.snapshot.json test_s3_checksum_no_algorithm put-2-checksums: InvalidRequest without argument fields.
    if (found) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    if (!isWellFormedChecksum(alg, value)) throw invalidChecksumHeader(alg);
    found = { algorithm: alg, value };
  }
  if (found) return found;
  const named = fields.ChecksumAlgorithm?.toUpperCase();
  if (named !== undefined && !isChecksumAlgorithm(named)) {
    // test_s3.snapshot.json TestS3MultipartUploadChecksum::test_multipart_parts_checksum_exceptions_composite create-mpu-wrong-checksum-algo
    throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  }
  return { algorithm: named, value: undefined };
}

function checkContentMd5(value: string): Buffer {
  const raw = /^[A-Za-z0-9+/]{22}==$/.test(value) ? Buffer.from(value, 'base64') : undefined;
  if (raw === undefined || raw.length !== 16) throw invalidDigest(value);
  return raw;
}

/** What unframe learned while reading: the aws-chunked decoder, and the SHA-256 of the bytes as sent when checked. */
interface Unframed {
  decoder?: AwsChunkedDecoder;
  sha256?: Hash;
}

/**
 * Decodes aws-chunked framing only when the request says so (Content-Encoding: aws-chunked, or an x-amz-content-sha256
 * of the STREAMING-… kind): a plain body that happens to start like a chunk header is stored as sent.
 */
async function* unframe(body: Readable, o: IngestOptions, out: Unframed): AsyncGenerator<Buffer> {
  if (o.raw === true) {
    yield* body as AsyncIterable<Buffer>;
    return;
  }
  const framing = bodyFramingOf(body);
  const encodings = (o.contentEncoding ?? framing?.contentEncoding ?? '').split(',').map((s) => s.trim().toLowerCase());
  const chunked = isStreamingSha256(framing?.contentSha256) || encodings.includes('aws-chunked');
  let source = body as AsyncIterable<Buffer>;
  if (framing?.expectedSha256 !== undefined) {
    // A hex x-amz-content-sha256 under --enforce-iam: hash the bytes as they stream past, compared once all arrived.
    const hash = (out.sha256 = createHash('sha256'));
    source = (async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        hash.update(chunk);
        yield chunk;
      }
    })();
  }
  if (!chunked) {
    yield* source;
    return;
  }
  const verifier = o.verifier ?? framing?.verifier;
  const decoder = new AwsChunkedDecoder({
    ...(framing?.decodedContentLength !== undefined ? { decodedContentLength: framing.decodedContentLength } : {}),
    ...(verifier ? { verifier } : {}),
  });
  out.decoder = decoder;
  yield* decoder.decode(source);
}

/** S3 compares a hex x-amz-content-sha256 with the body it received (400 XAmzContentSHA256Mismatch). */
function checkPayloadSha256(framing: BodyFraming | undefined, hash: Hash | undefined): void {
  if (framing?.expectedSha256 === undefined || hash === undefined) return;
  const computed = hash.digest('hex');
  if (computed !== framing.expectedSha256) throw contentSha256Mismatch(framing.expectedSha256, computed);
}

export async function ingestBody(blobs: BlobStore, body: Readable | undefined, o: IngestOptions): Promise<Ingested> {
  const expectedMd5 = o.contentMd5 !== undefined ? checkContentMd5(o.contentMd5) : undefined;
  const declared = declaredChecksum(o.checksums);
  let algorithm = declared.algorithm ?? o.defaultAlgorithm;
  const framing = body ? bodyFramingOf(body) : undefined;
  const trailerAlg = framing?.trailer ? algorithmOfHeader(framing.trailer) : undefined;
  if (declared.value === undefined && trailerAlg !== undefined) algorithm = trailerAlg;
  const md5 = createHasher('MD5');
  // Compute every algorithm a trailer might name lazily: only the chosen one plus a trailer's if it differs.
  const hashers = new Map<ChecksumAlgorithm, ReturnType<typeof createHasher>>([[algorithm, createHasher(algorithm)]]);
  // Without framing details a trailer may still name CRC32 (the SDKs' default): compute it too, natively and cheaply.
  if (framing === undefined && declared.algorithm === undefined && !hashers.has('CRC32')) hashers.set('CRC32', createHasher('CRC32'));
  for (const alg of o.alsoCompute ?? []) if (!hashers.has(alg)) hashers.set(alg, createHasher(alg));
  let size = 0;
  const holder: Unframed = {};
  async function* tap(): AsyncGenerator<Buffer> {
    if (!body) return;
    for await (const chunk of unframe(body, o, holder)) {
      size += chunk.length;
      if (size > o.maxSize) throw entityTooLarge(size, o.maxSize);
      md5.update(chunk);
      for (const h of hashers.values()) h.update(chunk);
      yield chunk;
    }
  }
  // Read up to the inline limit first: a small body never touches the blob store.
  const source = tap()[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headSize = 0;
  let ended = false;
  for (;;) {
    const n = await source.next();
    if (n.done) {
      ended = true;
      break;
    }
    head.push(n.value);
    headSize += n.value.length;
    if (headSize > (o.inlineLimit ?? 0)) break;
  }
  let written: { id: string; size: number } | undefined;
  if (!ended) {
    try {
      written = await blobs.write((async function* (): AsyncGenerator<Buffer> {
        // Socket chunks are 16-64 KiB: writing them in WRITE_BATCH runs costs far fewer file writes (thread-pool hops).
        let pending = head;
        let pendingSize = headSize;
        for (;;) {
          const n = await source.next();
          if (n.done) break;
          pending.push(n.value);
          pendingSize += n.value.length;
          if (pendingSize >= WRITE_BATCH) {
            yield Buffer.concat(pending, pendingSize);
            pending = [];
            pendingSize = 0;
          }
        }
        if (pendingSize > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingSize);
      })());
    } catch (e) {
      // A store failure leaves the body half-read: close it so the request stream is released.
      await source.return?.(undefined).catch(() => undefined);
      throw e;
    }
  }
  try {
    checkPayloadSha256(framing, holder.sha256);
    const digest = md5.digest();
    if (expectedMd5 !== undefined && !digest.equals(expectedMd5)) {
      throw badContentMd5(o.expectedDigestHex === true ? expectedMd5.toString('hex') : o.contentMd5 ?? '', digest.toString('base64'));
    }
    const digests = new Map([...hashers].map(([alg, h]) => [alg, h.digest().toString('base64')]));
    let computed = digests.get(algorithm)!;
    if (declared.value !== undefined && declared.value !== computed) throw badChecksum(algorithm);
    const trailer = holder.decoder?.trailerChecksum();
    if (trailer !== undefined) {
      const alg = algorithmOfHeader(trailer.header);
      if (alg === undefined || !isWellFormedChecksum(alg, trailer.value)) throw invalidChecksumHeader(alg ?? trailer.header.slice(15));
      const mine = digests.get(alg);
      if (mine === undefined) throw invalidArgument(`The x-amz-trailer ${trailer.header} was not announced.`, 'x-amz-trailer', trailer.header);
      if (trailer.value !== mine) throw badChecksum(alg);
      algorithm = alg;
      computed = mine;
    }
    const common = { md5: digest, algorithm, checksum: computed, digests: Object.fromEntries(digests) };
    if (written === undefined) {
      return { ...common, blob: undefined, inline: size > 0 ? Buffer.concat(head, size) : undefined, size };
    }
    if (written.size === 0) {
      blobs.delete(written.id);
      return { ...common, blob: undefined, inline: undefined, size: 0 };
    }
    return { ...common, blob: { id: written.id, size: written.size }, inline: undefined, size: written.size };
  } catch (e) {
    if (written !== undefined) blobs.delete(written.id);
    throw e;
  }
}
