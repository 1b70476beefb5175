// S3's SQLite schema, versioned for StateStore.migrate('s3', …): buckets (names global across accounts), bucket
// configurations, object versions keyed (bucket, key, seq) with keys as UTF-8 BLOBs so listing is a byte-ordered range scan;
// bodies up to INLINE_LIMIT live in the row itself (no file per small object).
import type { StateStore } from '../../store/state-store.js';

export const S3_COMPONENT = 's3';

export const S3_MIGRATIONS: readonly string[] = [
  `CREATE TABLE s3_buckets (
     name TEXT PRIMARY KEY,
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     location_constraint TEXT,
     created_at INTEGER NOT NULL,
     versioning TEXT NOT NULL DEFAULT '',
     object_lock INTEGER NOT NULL DEFAULT 0
   ) STRICT;
   CREATE INDEX s3_buckets_by_account ON s3_buckets (account, name);
   CREATE TABLE s3_bucket_configs (
     bucket TEXT NOT NULL,
     kind TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (bucket, kind)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE s3_objects (
     bucket TEXT NOT NULL,
     key BLOB NOT NULL,
     seq INTEGER NOT NULL,
     version_id TEXT NOT NULL,
     is_latest INTEGER NOT NULL,
     is_delete_marker INTEGER NOT NULL,
     last_modified INTEGER NOT NULL,
     size INTEGER NOT NULL,
     etag TEXT NOT NULL,
     blobs TEXT NOT NULL,
     inline BLOB,
     meta TEXT NOT NULL,
     storage_class TEXT,
     checksum_algorithm TEXT,
     checksum_type TEXT,
     owner TEXT,
     PRIMARY KEY (bucket, key, seq DESC)
   ) STRICT;
   CREATE UNIQUE INDEX s3_objects_by_version ON s3_objects (bucket, key, version_id);
   -- Covering index for current listings: every column a ListObjects entry prints, so a page is one index range read.
   CREATE INDEX s3_objects_current ON s3_objects (bucket, key, version_id, is_latest, is_delete_marker, last_modified, size, etag,
     storage_class, checksum_algorithm, checksum_type, owner) WHERE is_latest = 1 AND is_delete_marker = 0;
   CREATE TABLE s3_uploads (
     upload_id TEXT PRIMARY KEY,
     bucket TEXT NOT NULL,
     key BLOB NOT NULL,
     initiated INTEGER NOT NULL,
     meta TEXT NOT NULL
   ) STRICT;
   CREATE INDEX s3_uploads_by_key ON s3_uploads (bucket, key, initiated, upload_id);
   CREATE TABLE s3_parts (
     upload_id TEXT NOT NULL,
     part_number INTEGER NOT NULL,
     size INTEGER NOT NULL,
     etag TEXT NOT NULL,
     last_modified INTEGER NOT NULL,
     blob_id TEXT,
     checksum TEXT,
     PRIMARY KEY (upload_id, part_number)
   ) STRICT, WITHOUT ROWID;`,
];

export const S3_TABLES = ['s3_buckets', 's3_bucket_configs', 's3_objects', 's3_uploads', 's3_parts'] as const;

export function migrateS3(store: StateStore): void {
  store.migrate(S3_COMPONENT, S3_MIGRATIONS);
  store.registerTables(S3_COMPONENT, S3_TABLES);
}
