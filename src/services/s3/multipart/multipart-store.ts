// Multipart uploads and their parts in SQLite; part bytes live in the blob store, one blob per part.
// Uploads list by key then initiation time so ListMultipartUploads is a range scan like object listings.
import type Database from 'better-sqlite3';
import { prefixSuccessor, type Scan, type ScanStart } from '../objects/listing.js';
import type { ObjectMeta, StoredChecksum } from '../objects/object-store.js';

/** What CreateMultipartUpload fixed for the object the upload will become. */
export interface UploadMeta extends ObjectMeta {
  checksumAlgorithm?: StoredChecksum['algorithm'];
  checksumType?: StoredChecksum['type'];
  initiator?: string;
}

export interface UploadRow {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  meta: UploadMeta;
}

export interface PartRow {
  uploadId: string;
  partNumber: number;
  size: number;
  etag: string;
  lastModified: number;
  blobId: string | undefined;
  /** base64 checksum in the upload's algorithm, if any. */
  checksum: string | undefined;
}

interface RawUpload { upload_id: string; bucket: string; key: Buffer; initiated: number; meta: string }
interface RawPart { upload_id: string; part_number: number; size: number; etag: string; last_modified: number; blob_id: string | null; checksum: string | null }

export class MultipartStore {
  private readonly s: Record<string, Database.Statement>;

  constructor(db: Database.Database) {
    const p = (sql: string): Database.Statement => db.prepare(sql);
    this.s = {
      insertUpload: p('INSERT INTO s3_uploads (upload_id, bucket, key, initiated, meta) VALUES (?, ?, ?, ?, ?)'),
      getUpload: p('SELECT * FROM s3_uploads WHERE upload_id = ?'),
      deleteUpload: p('DELETE FROM s3_uploads WHERE upload_id = ?'),
      deleteParts: p('DELETE FROM s3_parts WHERE upload_id = ?'),
      getPart: p('SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?'),
      putPart: p(`INSERT INTO s3_parts (upload_id, part_number, size, etag, last_modified, blob_id, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
                  last_modified = excluded.last_modified, blob_id = excluded.blob_id, checksum = excluded.checksum`),
      partsAfter: p('SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT +?'),
      allParts: p('SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number'),
      anyUpload: p('SELECT 1 AS one FROM s3_uploads WHERE bucket = ? LIMIT 1'),
      uploadsOfBucket: p('SELECT upload_id FROM s3_uploads WHERE bucket = ?'),
      from: p('SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? ORDER BY key, initiated, upload_id LIMIT +?'),
      after: p('SELECT * FROM s3_uploads WHERE bucket = ? AND key > ? ORDER BY key, initiated, upload_id LIMIT +?'),
      within: p(`SELECT * FROM s3_uploads WHERE bucket = ? AND key = ? AND (initiated > ? OR (initiated = ? AND upload_id > ?))
                 ORDER BY initiated, upload_id LIMIT +?`),
      blobsAll: p('SELECT blob_id FROM s3_parts WHERE blob_id IS NOT NULL'),
    };
  }

  createUpload(row: UploadRow): void {
    this.s['insertUpload']!.run(row.uploadId, row.bucket, Buffer.from(row.key), row.initiated, JSON.stringify(row.meta));
  }

  upload(uploadId: string): UploadRow | undefined {
    const raw = this.s['getUpload']!.get(uploadId) as RawUpload | undefined;
    return raw === undefined ? undefined : toUpload(raw);
  }

  /** Removes the upload and its part rows; returns the parts so the caller can delete blobs it does not keep. */
  deleteUpload(uploadId: string): PartRow[] {
    const parts = this.parts(uploadId);
    this.s['deleteParts']!.run(uploadId);
    this.s['deleteUpload']!.run(uploadId);
    return parts;
  }

  part(uploadId: string, partNumber: number): PartRow | undefined {
    const raw = this.s['getPart']!.get(uploadId, partNumber) as RawPart | undefined;
    return raw === undefined ? undefined : toPart(raw);
  }

  /** Stores a part, replacing one with the same number; returns the replaced part (its blob is the caller's to delete). */
  putPart(part: PartRow): PartRow | undefined {
    const old = this.part(part.uploadId, part.partNumber);
    this.s['putPart']!.run(part.uploadId, part.partNumber, part.size, part.etag, part.lastModified, part.blobId ?? null, part.checksum ?? null);
    return old;
  }

  parts(uploadId: string): PartRow[] {
    return (this.s['allParts']!.all(uploadId) as RawPart[]).map(toPart);
  }

  /** Parts with numbers above `marker`, up to `limit`. */
  partsAfter(uploadId: string, marker: number, limit: number): PartRow[] {
    return (this.s['partsAfter']!.all(uploadId, marker, limit) as RawPart[]).map(toPart);
  }

  hasUploads(bucket: string): boolean {
    return this.s['anyUpload']!.get(bucket) !== undefined;
  }

  uploadIdsOf(bucket: string): string[] {
    return (this.s['uploadsOfBucket']!.all(bucket) as Array<{ upload_id: string }>).map((r) => r.upload_id);
  }

  /** Uploads in key order, then by initiation; `afterSub` is an upload id of the start key. */
  scanUploads(bucket: string): Scan<UploadRow> {
    return (start: ScanStart, limit: number) => {
      if ('afterPrefix' in start) return this.rows('from', bucket, prefixSuccessor(Buffer.from(start.afterPrefix)), limit);
      const key = Buffer.from(start.key);
      if (start.afterSub !== undefined) {
        const marker = this.upload(start.afterSub);
        const within = marker ? this.rows('within', bucket, key, marker.initiated, marker.initiated, marker.uploadId, limit) : [];
        if (within.length >= limit) return within;
        return within.concat(this.rows('after', bucket, key, limit - within.length));
      }
      return this.rows(start.inclusive ? 'from' : 'after', bucket, key, limit);
    };
  }

  referencedBlobs(into: Set<string>): void {
    for (const row of this.s['blobsAll']!.iterate() as IterableIterator<{ blob_id: string }>) into.add(row.blob_id);
  }

  private rows(stmt: string, ...args: unknown[]): UploadRow[] {
    return (this.s[stmt]!.all(...args) as RawUpload[]).map(toUpload);
  }
}

function toUpload(raw: RawUpload): UploadRow {
  return { uploadId: raw.upload_id, bucket: raw.bucket, key: raw.key.toString('utf8'), initiated: raw.initiated, meta: JSON.parse(raw.meta) as UploadMeta };
}

function toPart(raw: RawPart): PartRow {
  return {
    uploadId: raw.upload_id,
    partNumber: raw.part_number,
    size: raw.size,
    etag: raw.etag,
    lastModified: raw.last_modified,
    blobId: raw.blob_id ?? undefined,
    checksum: raw.checksum ?? undefined,
  };
}
