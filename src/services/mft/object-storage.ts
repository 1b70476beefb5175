// `s3://bucket/key` as a FILENAME (HULFT Cloud Storage Option, research §7): reads and writes objects in kumo's own
// S3 in process (internal.invoke), never over HTTP, as the node's IAM identity. S3 errors become status 601 [D];
// refused access (AccessDenied, a bad key) becomes 301 "unable to open file" with detail 13 (EACCES).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteSource } from '../../net/transfer/sender.js';
import { Status, TransferError } from '../../net/transfer/status.js';
import type { InternalCaller } from '../service-definition.js';

export interface ObjectStorage {
  source(bucket: string, key: string): ByteSource;
  /** Whether the object exists, by listing its key (HULFT documents ListBucket for New Creation, not GetObject). */
  exists(bucket: string, key: string): Promise<boolean>;
  /** Refuses early (at admission, before any data) when the node may not put the object. */
  checkPut(bucket: string, key: string): Promise<void>;
  /** Uploads a local file as the object (the receive commit). */
  put(bucket: string, key: string, path: string): Promise<void>;
}

type Scope = { account: string; region: string };
type Invoke = <O = Record<string, unknown>>(service: string, operation: string, scope: Scope, input: Record<string, unknown>, caller?: InternalCaller) => Promise<O>;

/** kumo's S3 as one node sees it: the calls, and who the node acts as (resolved before each call, so a changed
 *  identity or trust policy applies to the next one; `as` is absent when IAM is not enforced). */
export interface S3Access {
  invoke: Invoke;
  authorize(service: string, operation: string, scope: Scope, input: Record<string, unknown>, caller: InternalCaller): Promise<void>;
  caller(): Promise<{ scope: Scope; as?: InternalCaller }>;
}

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/;

/** Splits `s3://bucket/key`; undefined for a local path. */
export function parseS3Uri(name: string): { bucket: string; key: string } | undefined {
  const m = S3_URI.exec(name);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** Refusals of the node's identity: HULFT's 301 "unable to open file", detail EACCES (research §4.2: the detail code
 *  is usually the OS errno). */
const ACCESS_ERRORS = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'AllAccessDisabled']);
const EACCES = 13;

function cloudError(e: unknown, what: string): TransferError {
  if (e instanceof TransferError) return e;
  const err = e as { code?: string; message?: string };
  if (err.code && ACCESS_ERRORS.has(err.code)) return new TransferError(Status.FILE_OPEN, EACCES, `${what}: ${err.code}: ${err.message ?? ''}`);
  return new TransferError(Status.CLOUD, 0, `${what}: ${err.code ?? 'S3Error'}: ${err.message ?? String(e)}`);
}

/** Files above this go up as a multipart upload (S3 PutObject stops at 5 GiB); each part is one ranged read. */
export const DEFAULT_PART_SIZE = 64 * 1024 * 1024;

export function s3Storage(access: S3Access, partSize = DEFAULT_PART_SIZE): ObjectStorage {
  type Who = Awaited<ReturnType<S3Access['caller']>>;
  /** One S3 call as `who` (by default the node's identity now). */
  const call = async <O = Record<string, unknown>>(operation: string, input: Record<string, unknown>, who?: Who): Promise<O> => {
    const w = who ?? (await access.caller());
    return access.invoke<O>('s3', operation, w.scope, input, w.as);
  };

  /** Uploads `path` in parts of partSize; any failure aborts the upload, so no object and no parts remain (unless
   *  the identity may not s3:AbortMultipartUpload, which HULFT documents as needed to cancel). */
  async function multipart(bucket: string, key: string, path: string, size: number, who: Who): Promise<void> {
    const { UploadId } = await call<{ UploadId?: string }>('CreateMultipartUpload', { Bucket: bucket, Key: key }, who);
    try {
      const parts: Array<{ PartNumber: number; ETag: string }> = [];
      for (let start = 0, n = 1; start < size; start += partSize, n++) {
        const end = Math.min(size, start + partSize) - 1;
        // A refused call never reads its body: close the file either way.
        const body = createReadStream(path, { start, end });
        const out = await call<{ ETag?: string }>('UploadPart', { Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: body, ContentLength: end - start + 1 }, who).finally(() => body.destroy());
        parts.push({ PartNumber: n, ETag: out.ETag ?? '' });
      }
      await call('CompleteMultipartUpload', { Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }, who);
    } catch (e) {
      await call('AbortMultipartUpload', { Bucket: bucket, Key: key, UploadId }, who).catch(() => undefined);
      throw e;
    }
  }

  return {
    source(bucket, key) {
      return {
        async size() {
          try {
            const head = await call<{ ContentLength?: number }>('HeadObject', { Bucket: bucket, Key: key });
            return head.ContentLength ?? 0;
          } catch (e) {
            throw cloudError(e, `s3://${bucket}/${key}`);
          }
        },
        async *open(start, end) {
          if (end !== undefined && end < start) return;
          let body: unknown;
          try {
            const out = await call<{ Body?: unknown; ContentLength?: number }>('GetObject', { Bucket: bucket, Key: key, Range: `bytes=${start}-${end ?? ''}` });
            body = out.Body;
          } catch (e) {
            // Reading from the very end of an object: S3 answers InvalidRange, which for us is simply no bytes.
            if ((e as { code?: string }).code === 'InvalidRange') return;
            throw cloudError(e, `s3://${bucket}/${key}`);
          }
          if (Buffer.isBuffer(body) || body instanceof Uint8Array) yield Buffer.from(body);
          else if (body) for await (const chunk of body as AsyncIterable<Buffer>) yield chunk;
        },
      };
    },
    async exists(bucket, key) {
      try {
        // The key itself sorts first among the keys it prefixes, so one key answers.
        const out = await call<{ Contents?: Array<{ Key?: string }> }>('ListObjectsV2', { Bucket: bucket, Prefix: key, MaxKeys: 1 });
        return out.Contents?.[0]?.Key === key;
      } catch (e) {
        throw cloudError(e, `s3://${bucket}/${key}`);
      }
    },
    async checkPut(bucket, key) {
      try {
        const who = await access.caller();
        if (who.as) await access.authorize('s3', 'PutObject', who.scope, { Bucket: bucket, Key: key }, who.as);
      } catch (e) {
        throw cloudError(e, `s3://${bucket}/${key}`);
      }
    },
    async put(bucket, key, path) {
      try {
        const who = await access.caller();
        const size = (await stat(path)).size;
        if (size > partSize) return await multipart(bucket, key, path, size, who);
        const body: Readable = createReadStream(path);
        await call('PutObject', { Bucket: bucket, Key: key, Body: body, ContentLength: size }, who).finally(() => body.destroy());
      } catch (e) {
        throw cloudError(e, `s3://${bucket}/${key}`);
      }
    },
  };
}
