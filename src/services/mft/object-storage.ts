// `s3://bucket/key` as a FILENAME (HULFT Cloud Storage Option, research §7): reads and writes objects in kumo's own
// S3 in process (internal.invoke), never over HTTP. S3 errors become status 601 [D] naming S3's error code.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteSource } from '../../net/transfer/sender.js';
import { Status, TransferError } from '../../net/transfer/status.js';

export interface ObjectStorage {
  source(bucket: string, key: string): ByteSource;
  exists(bucket: string, key: string): Promise<boolean>;
  /** Uploads a local file as the object (the receive commit). */
  put(bucket: string, key: string, path: string): Promise<void>;
}

type Invoke = <O = Record<string, unknown>>(service: string, operation: string, scope: { account: string; region: string }, input: Record<string, unknown>) => Promise<O>;

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/;

/** Splits `s3://bucket/key`; undefined for a local path. */
export function parseS3Uri(name: string): { bucket: string; key: string } | undefined {
  const m = S3_URI.exec(name);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

function cloudError(e: unknown, what: string): TransferError {
  const err = e as { code?: string; message?: string };
  return new TransferError(Status.CLOUD, 0, `${what}: ${err.code ?? 'S3Error'}: ${err.message ?? String(e)}`);
}

/** Files above this go up as a multipart upload (S3 PutObject stops at 5 GiB); each part is one ranged read. */
export const DEFAULT_PART_SIZE = 64 * 1024 * 1024;

export function s3Storage(invoke: Invoke, scope: { account: string; region: string }, partSize = DEFAULT_PART_SIZE): ObjectStorage {
  /** Uploads `path` in parts of partSize; any failure aborts the upload, so no object and no parts remain. */
  async function multipart(bucket: string, key: string, path: string, size: number): Promise<void> {
    const { UploadId } = await invoke<{ UploadId?: string }>('s3', 'CreateMultipartUpload', scope, { Bucket: bucket, Key: key });
    try {
      const parts: Array<{ PartNumber: number; ETag: string }> = [];
      for (let start = 0, n = 1; start < size; start += partSize, n++) {
        const end = Math.min(size, start + partSize) - 1;
        const out = await invoke<{ ETag?: string }>('s3', 'UploadPart', scope, {
          Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: createReadStream(path, { start, end }), ContentLength: end - start + 1,
        });
        parts.push({ PartNumber: n, ETag: out.ETag ?? '' });
      }
      await invoke('s3', 'CompleteMultipartUpload', scope, { Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } });
    } catch (e) {
      await invoke('s3', 'AbortMultipartUpload', scope, { Bucket: bucket, Key: key, UploadId }).catch(() => undefined);
      throw e;
    }
  }

  return {
    source(bucket, key) {
      return {
        async size() {
          try {
            const head = await invoke<{ ContentLength?: number }>('s3', 'HeadObject', scope, { Bucket: bucket, Key: key });
            return head.ContentLength ?? 0;
          } catch (e) {
            throw cloudError(e, `s3://${bucket}/${key}`);
          }
        },
        async *open(start, end) {
          if (end !== undefined && end < start) return;
          let body: unknown;
          try {
            const out = await invoke<{ Body?: unknown; ContentLength?: number }>('s3', 'GetObject', scope, { Bucket: bucket, Key: key, Range: `bytes=${start}-${end ?? ''}` });
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
        await invoke('s3', 'HeadObject', scope, { Bucket: bucket, Key: key });
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey') return false;
        throw cloudError(e, `s3://${bucket}/${key}`);
      }
    },
    async put(bucket, key, path) {
      try {
        const size = (await stat(path)).size;
        if (size > partSize) return await multipart(bucket, key, path, size);
        const body: Readable = createReadStream(path);
        await invoke('s3', 'PutObject', scope, { Bucket: bucket, Key: key, Body: body, ContentLength: size });
      } catch (e) {
        throw cloudError(e, `s3://${bucket}/${key}`);
      }
    },
  };
}
