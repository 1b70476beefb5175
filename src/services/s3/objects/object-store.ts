// Object versions and delete markers in SQLite, keyed (bucket, key as UTF-8 BLOB, seq): the latest version per key is
// flagged so current listings are a range scan of a partial index; versions list newest first within a key.
import type Database from 'better-sqlite3';
import type { ChecksumAlgorithm } from '../integrity/checksums.js';
import { prefixSuccessor, type Scan, type ScanStart } from './listing.js';
import type { Grant } from '../../../generated/s3/api.js';

export interface BlobRef {
  id: string;
  size: number;
}

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** base64, with `-N` for composite multipart checksums. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface Tag {
  Key: string;
  Value: string;
}

/** Everything about a version besides identity, size, ETag and bytes; stored as JSON. */
export interface ObjectMeta {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  /** ISO date. */
  expires?: string;
  websiteRedirectLocation?: string;
  metadata?: Record<string, string>;
  storageClass?: string;
  checksum?: StoredChecksum;
  tags?: Tag[];
  /** Multipart objects: each part's size (and checksum), for PartNumber reads and GetObjectAttributes. */
  parts?: Array<{ size: number; checksum?: string }>;
  serverSideEncryption?: string;
  sseKmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  owner?: string;
  /** Object Lock (objects/object-lock.ts): retention mode, retain-until (epoch ms) and legal hold. */
  lockMode?: 'GOVERNANCE' | 'COMPLIANCE';
  lockUntil?: number;
  legalHold?: 'ON' | 'OFF';
  /** The version's ACL when it is not the owner's private one (x-amz-grant-* on PutObject, PutObjectAcl). */
  grants?: Grant[];
  /** Archive restore of a GLACIER / DEEP_ARCHIVE version (objects/restore.ts). */
  restore?: { readyAt: number; expiresAt: number };
  /** The multipart upload this version completed, so a repeated CompleteMultipartUpload answers the same. */
  uploadId?: string;
}

export interface ObjectRow {
  bucket: string;
  key: string;
  seq: number;
  versionId: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
  lastModified: number;
  size: number;
  etag: string;
  blobs: BlobRef[];
  /** The whole body, for small objects kept in the row instead of the blob store. */
  inline: Buffer | undefined;
  meta: ObjectMeta;
}

export type NewVersion = Omit<ObjectRow, 'seq' | 'isLatest'>;

interface RawObject {
  bucket: string;
  key: Buffer;
  seq: number;
  version_id: string;
  is_latest: number;
  is_delete_marker: number;
  last_modified: number;
  size: number;
  etag: string;
  blobs: string;
  inline: Buffer | null;
  meta: string;
}

const COLUMNS = 'bucket, key, seq, version_id, is_latest, is_delete_marker, last_modified, size, etag, blobs, inline, meta';
/** Listings read only what they print, from plain columns (no JSON, no bodies): see toListed. */
const SCAN_COLUMNS = 'key, version_id, is_latest, is_delete_marker, last_modified, size, etag, storage_class, checksum_algorithm, checksum_type, owner';
const INSERT_COLUMNS = `${COLUMNS}, storage_class, checksum_algorithm, checksum_type, owner`;

/** A scan row in raw (array) mode, which skips building a keyed object per row: SCAN_COLUMNS in order. */
type RawListed = [key: Buffer, versionId: string, isLatest: number, isDeleteMarker: number, lastModified: number, size: number,
  etag: string, storageClass: string | null, checksumAlgorithm: string | null, checksumType: string | null, owner: string | null];
const SCANS = ['currentFrom', 'currentAfter', 'versionsFrom', 'versionsAfter', 'versionsWithin'];

export class ObjectStore {
  private readonly s: Record<string, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string): Database.Statement => db.prepare(sql);
    this.s = {
      latest: p(`SELECT ${COLUMNS} FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1`),
      version: p(`SELECT ${COLUMNS} FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?`),
      maxSeq: p('SELECT max(seq) AS seq FROM s3_objects WHERE bucket = ? AND key = ?'),
      unsetLatest: p('UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1'),
      insert: p(`INSERT INTO s3_objects (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      deleteVersion: p('DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?'),
      promote: p(`UPDATE s3_objects SET is_latest = 1 WHERE bucket = ? AND key = ? AND seq =
                  (SELECT max(seq) FROM s3_objects WHERE bucket = ? AND key = ?)`),
      updateMeta: p('UPDATE s3_objects SET meta = ? WHERE bucket = ? AND key = ? AND version_id = ?'),
      any: p('SELECT 1 AS one FROM s3_objects WHERE bucket = ? LIMIT 1'),
      anyCurrent: p('SELECT 1 AS one FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND is_delete_marker = 0 LIMIT 1'),
      currentFrom: p(`SELECT ${SCAN_COLUMNS} FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND is_delete_marker = 0 AND key >= ?
                      ORDER BY key LIMIT +?`),
      currentAfter: p(`SELECT ${SCAN_COLUMNS} FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND is_delete_marker = 0 AND key > ?
                       ORDER BY key LIMIT +?`),
      versionsFrom: p(`SELECT ${SCAN_COLUMNS} FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key, seq DESC LIMIT +?`),
      versionsAfter: p(`SELECT ${SCAN_COLUMNS} FROM s3_objects WHERE bucket = ? AND key > ? ORDER BY key, seq DESC LIMIT +?`),
      versionsWithin: p(`SELECT ${SCAN_COLUMNS} FROM s3_objects WHERE bucket = ? AND key = ? AND seq < ? ORDER BY seq DESC LIMIT +?`),
      blobsAll: p('SELECT blobs FROM s3_objects WHERE blobs != \'[]\''),
    };
    for (const name of SCANS) this.s[name]!.raw(true);
  }

  latest(bucket: string, key: string): ObjectRow | undefined {
    return this.one('latest', bucket, Buffer.from(key));
  }

  version(bucket: string, key: string, versionId: string): ObjectRow | undefined {
    return this.one('version', bucket, Buffer.from(key), versionId);
  }

  /**
   * Inserts a new latest version (or delete marker). When `replaceNull`, an existing "null" version is removed first
   * (unversioned and suspended buckets). Returns the rows removed, whose blobs the caller deletes after commit.
   * `unversioned`: the bucket never had versioning, so the null version is the key's only row and, once replaced,
   * there is no sequence to continue and no latest flag to clear (two statements saved on every plain PUT).
   */
  putVersion(v: NewVersion, replaceNull: boolean, unversioned = false): ObjectRow[] {
    const key = Buffer.from(v.key);
    const removed: ObjectRow[] = [];
    if (replaceNull) {
      const old = this.one('version', v.bucket, key, 'null');
      if (old) {
        this.s['deleteVersion']!.run(v.bucket, key, 'null');
        removed.push(old);
      }
    }
    let max = 0;
    if (!(unversioned && replaceNull)) {
      max = (this.s['maxSeq']!.get(v.bucket, key) as { seq: number | null }).seq ?? 0;
      this.s['unsetLatest']!.run(v.bucket, key);
    }
    this.s['insert']!.run(v.bucket, key, max + 1, v.versionId, v.isDeleteMarker ? 1 : 0, v.lastModified, v.size, v.etag,
      JSON.stringify(v.blobs), v.inline ?? null, JSON.stringify(v.meta), v.meta.storageClass ?? null,
      v.meta.checksum?.algorithm ?? null, v.meta.checksum?.type ?? null, v.meta.owner ?? null);
    return removed;
  }

  /** Permanently removes one version; when it was the latest, the next newest becomes latest. */
  deleteVersion(bucket: string, key: string, versionId: string): ObjectRow | undefined {
    const k = Buffer.from(key);
    const row = this.one('version', bucket, k, versionId);
    if (!row) return undefined;
    this.s['deleteVersion']!.run(bucket, k, versionId);
    if (row.isLatest) this.s['promote']!.run(bucket, k, bucket, k);
    return row;
  }

  updateMeta(bucket: string, key: string, versionId: string, meta: ObjectMeta): void {
    this.s['updateMeta']!.run(JSON.stringify(meta), bucket, Buffer.from(key), versionId);
  }

  /** Any version or delete marker at all (DeleteBucket's BucketNotEmpty). */
  hasAnyVersion(bucket: string): boolean {
    return this.s['any']!.get(bucket) !== undefined;
  }

  hasCurrentObjects(bucket: string): boolean {
    return this.s['anyCurrent']!.get(bucket) !== undefined;
  }

  /** Current, non-deleted objects in key order: ListObjects(V2). */
  scanCurrent(bucket: string): Scan<ObjectRow> {
    return (start: ScanStart, limit: number) => {
      if ('afterPrefix' in start) return this.listed(bucket, 'currentFrom', prefixSuccessor(Buffer.from(start.afterPrefix)), limit);
      return this.listed(bucket, start.inclusive ? 'currentFrom' : 'currentAfter', Buffer.from(start.key), limit);
    };
  }

  /** Every version and delete marker, key order then newest first: ListObjectVersions. `afterSub` is a version id. */
  scanVersions(bucket: string): Scan<ObjectRow> {
    return (start: ScanStart, limit: number) => {
      if ('afterPrefix' in start) return this.listed(bucket, 'versionsFrom', prefixSuccessor(Buffer.from(start.afterPrefix)), limit);
      const key = Buffer.from(start.key);
      if (start.afterSub !== undefined) {
        const marker = this.one('version', bucket, key, start.afterSub);
        const within = marker ? this.listed(bucket, 'versionsWithin', key, marker.seq, limit) : [];
        if (within.length >= limit) return within;
        return within.concat(this.listed(bucket, 'versionsAfter', key, limit - within.length));
      }
      return this.listed(bucket, start.inclusive ? 'versionsFrom' : 'versionsAfter', key, limit);
    };
  }

  /** Every blob id an object version references, for the blob sweeper. */
  referencedBlobs(into: Set<string>): void {
    for (const row of this.s['blobsAll']!.iterate() as IterableIterator<{ blobs: string }>) {
      for (const b of JSON.parse(row.blobs) as BlobRef[]) into.add(b.id);
    }
  }

  private one(stmt: string, ...args: unknown[]): ObjectRow | undefined {
    const raw = this.s[stmt]!.get(...args) as RawObject | undefined;
    return raw === undefined ? undefined : toObject(raw);
  }

  /** Scan rows: listing fields only (blobs empty, no inline body, checksum without its value). */
  private listed(bucket: string, stmt: string, ...args: unknown[]): ObjectRow[] {
    return (this.s[stmt]!.all(bucket, ...args) as RawListed[]).map((raw) => toListed(bucket, raw));
  }
}

function toListed(bucket: string, raw: RawListed): ObjectRow {
  const [key, versionId, isLatest, isDeleteMarker, lastModified, size, etag, storageClass, checksumAlgorithm, checksumType, owner] = raw;
  const meta: ObjectMeta = {};
  if (storageClass !== null) meta.storageClass = storageClass;
  if (owner !== null) meta.owner = owner;
  if (checksumAlgorithm !== null) {
    meta.checksum = { algorithm: checksumAlgorithm as ChecksumAlgorithm, value: '', type: checksumType === 'COMPOSITE' ? 'COMPOSITE' : 'FULL_OBJECT' };
  }
  return {
    bucket, key: key.toString('utf8'), seq: 0, versionId, isLatest: isLatest === 1, isDeleteMarker: isDeleteMarker === 1,
    lastModified, size, etag, blobs: [], inline: undefined, meta,
  };
}

function toObject(raw: RawObject): ObjectRow {
  return {
    bucket: raw.bucket,
    key: raw.key.toString('utf8'),
    seq: raw.seq,
    versionId: raw.version_id,
    isLatest: raw.is_latest === 1,
    isDeleteMarker: raw.is_delete_marker === 1,
    lastModified: raw.last_modified,
    size: raw.size,
    etag: raw.etag,
    blobs: JSON.parse(raw.blobs) as BlobRef[],
    inline: raw.inline ?? undefined,
    meta: JSON.parse(raw.meta) as ObjectMeta,
  };
}
