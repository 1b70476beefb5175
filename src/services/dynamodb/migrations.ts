// SQLite schema for DynamoDB state: table metadata with incremental counts, items keyed by the order-preserving key
// encoding (hash bucket first, so Scan segments are ranges and Query is a range scan), secondary index rows and
// a TTL expiry index.
export const COMPONENT = 'dynamodb';

export const TABLES = ['dynamodb_tables', 'dynamodb_items', 'dynamodb_index_items', 'dynamodb_index_stats', 'dynamodb_tx_tokens', 'dynamodb_ttl', 'dynamodb_streams', 'dynamodb_stream_shards', 'dynamodb_stream_records', 'dynamodb_stream_pages', 'dynamodb_imports',
  'dynamodb_backups', 'dynamodb_backup_items', 'dynamodb_item_history', 'dynamodb_exports'];

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE dynamodb_tables (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT NOT NULL,
     table_id TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     meta TEXT NOT NULL,
     item_count INTEGER NOT NULL DEFAULT 0,
     size_bytes INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (account, region, name)
   ) STRICT;
   CREATE TABLE dynamodb_items (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     table_id TEXT NOT NULL,
     hash INTEGER NOT NULL,
     pk BLOB NOT NULL,
     sk BLOB NOT NULL,
     size INTEGER NOT NULL,
     item TEXT NOT NULL,
     PRIMARY KEY (account, region, table_id, hash, pk, sk)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE dynamodb_index_items (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     table_id TEXT NOT NULL,
     index_name TEXT NOT NULL,
     ihash INTEGER NOT NULL,
     ipk BLOB NOT NULL,
     isk BLOB NOT NULL,
     pk BLOB NOT NULL,
     sk BLOB NOT NULL,
     size INTEGER NOT NULL,
     item TEXT NOT NULL,
     PRIMARY KEY (account, region, table_id, index_name, ihash, ipk, isk, pk, sk)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE dynamodb_index_stats (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     table_id TEXT NOT NULL,
     index_name TEXT NOT NULL,
     item_count INTEGER NOT NULL DEFAULT 0,
     size_bytes INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (account, region, table_id, index_name)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE dynamodb_tx_tokens (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     token TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (account, region, token)
   ) STRICT;
   CREATE INDEX dynamodb_tx_tokens_created ON dynamodb_tx_tokens (created_at);`,
  // v2: expiry index for tables with TTL enabled, so the sweeper reads only due items, never the whole table.
  `CREATE TABLE dynamodb_ttl (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     table_id TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     pk BLOB NOT NULL,
     sk BLOB NOT NULL,
     PRIMARY KEY (account, region, table_id, expires_at, pk, sk)
   ) STRICT, WITHOUT ROWID;`,
  // v3: DynamoDB Streams. One row per stream (one shard each, last_seq the sequence counter, trimmed_through the
  // highest sequence number retention removed) and its change records, appended in the writing transaction.
  `CREATE TABLE dynamodb_streams (
     id INTEGER PRIMARY KEY,
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     arn TEXT NOT NULL UNIQUE,
     table_name TEXT NOT NULL,
     table_id TEXT NOT NULL,
     label TEXT NOT NULL,
     view_type TEXT NOT NULL,
     key_schema TEXT NOT NULL,
     shard_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     disabled_at INTEGER,
     first_seq INTEGER NOT NULL,
     last_seq INTEGER NOT NULL,
     trimmed_through INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX dynamodb_streams_by_table ON dynamodb_streams (account, region, table_name, id);
   CREATE TABLE dynamodb_stream_records (
     stream_id INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     event_id TEXT NOT NULL,
     event_name TEXT NOT NULL,
     size INTEGER NOT NULL,
     by_ttl INTEGER NOT NULL,
     keys TEXT NOT NULL,
     new_image TEXT,
     old_image TEXT,
     PRIMARY KEY (stream_id, seq)
   ) STRICT, WITHOUT ROWID;`,
  // v4: on-demand backups (metadata plus a copy of the table's rows at the backup moment) and, for tables with
  // point-in-time recovery, an item history: every version written since PITR was enabled (item NULL = deleted),
  // so storage grows with changes, not with table size × time.
  `CREATE TABLE dynamodb_backups (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     arn TEXT NOT NULL,
     name TEXT NOT NULL,
     table_name TEXT NOT NULL,
     table_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     item_count INTEGER NOT NULL,
     size_bytes INTEGER NOT NULL,
     meta TEXT NOT NULL,
     PRIMARY KEY (account, region, arn)
   ) STRICT;
   CREATE INDEX dynamodb_backups_by_time ON dynamodb_backups (account, region, created_at, arn);
   CREATE TABLE dynamodb_backup_items (
     backup_arn TEXT NOT NULL,
     pk BLOB NOT NULL,
     sk BLOB NOT NULL,
     size INTEGER NOT NULL,
     item TEXT NOT NULL,
     PRIMARY KEY (backup_arn, pk, sk)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE dynamodb_item_history (
     id INTEGER PRIMARY KEY,
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     table_id TEXT NOT NULL,
     changed_at INTEGER NOT NULL,
     pk BLOB NOT NULL,
     sk BLOB NOT NULL,
     size INTEGER NOT NULL,
     item TEXT
   ) STRICT;
   CREATE INDEX dynamodb_item_history_by_key ON dynamodb_item_history (account, region, table_id, pk, sk, id);
   CREATE INDEX dynamodb_item_history_by_time ON dynamodb_item_history (account, region, table_id, changed_at);`,
  // v5: table exports to S3 (ExportTableToPointInTime): the export's description as DescribeExport answers it.
  `CREATE TABLE dynamodb_exports (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     arn TEXT NOT NULL,
     table_arn TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     description TEXT NOT NULL,
     PRIMARY KEY (account, region, arn)
   ) STRICT;`,
  // v6: stream records pre-rendered in wire JSON at write time (GetRecords splices them in without decoding);
  // rows written before keep their keys/images columns and are rendered on read.
  `ALTER TABLE dynamodb_stream_records ADD COLUMN wire TEXT;`,
  // v7: ImportTable from S3: the import's description as DescribeImport answers it (status, counts), and the client
  // token's request hash for ImportConflictException.
  `CREATE TABLE dynamodb_imports (
     account TEXT NOT NULL,
     region TEXT NOT NULL,
     arn TEXT NOT NULL,
     table_arn TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     status TEXT NOT NULL,
     client_token TEXT,
     request_hash TEXT NOT NULL,
     description TEXT NOT NULL,
     PRIMARY KEY (account, region, arn)
   ) STRICT;`,
  // v8: a stream's shards (ranges of its sequence counter), rolled every 4 hours; each existing stream's one shard
  // becomes its first row, closed at its last record when the stream is disabled.
  `CREATE TABLE dynamodb_stream_shards (
     stream_id INTEGER NOT NULL,
     ordinal INTEGER NOT NULL,
     shard_id TEXT NOT NULL,
     parent_shard_id TEXT,
     first_seq INTEGER NOT NULL,
     end_seq INTEGER,
     created_at INTEGER NOT NULL,
     closed_at INTEGER,
     PRIMARY KEY (stream_id, ordinal)
   ) STRICT;
   CREATE INDEX dynamodb_stream_shards_open ON dynamodb_stream_shards (created_at) WHERE end_seq IS NULL;
   INSERT INTO dynamodb_stream_shards (stream_id, ordinal, shard_id, parent_shard_id, first_seq, end_seq, created_at, closed_at)
     SELECT id, 0, shard_id, NULL, first_seq, CASE WHEN disabled_at IS NULL THEN NULL ELSE MAX(last_seq, first_seq - 1) END, created_at, disabled_at
     FROM dynamodb_streams;`,
  // v9: stored GetRecords pages (stream-pages.ts): every 64 consecutive records' wire texts again as one value, written
  // by the append that completes them (since round 10, by the first reader of a complete group); groups holding records
  // from before stay unpaged and are read as rows.
  `CREATE TABLE dynamodb_stream_pages (
     stream_id INTEGER NOT NULL,
     last_seq INTEGER NOT NULL,
     first_seq INTEGER NOT NULL,
     body TEXT NOT NULL,
     offsets TEXT NOT NULL,
     PRIMARY KEY (stream_id, last_seq)
   ) STRICT, WITHOUT ROWID;`,
  // v10: stream records keyed by one integer, (stream id << 40) + sequence number (RECORD_ID in stream-shards.ts),
  // as a rowid table. Appends then go to the end of a rowid B-tree, which SQLite extends with a fresh page; the
  // (stream_id, seq) WITHOUT ROWID key rebalanced sibling pages every few records (2.8 WAL pages per record, now 1.3).
  // stream_id and seq stay readable as virtual columns. A record with wire text needs nothing else but its time; the
  // event, size, TTL and keys columns are kept for the rows written before v6, which are rendered from them.
  `CREATE TABLE dynamodb_stream_records_by_id (
     id INTEGER PRIMARY KEY,
     stream_id INTEGER GENERATED ALWAYS AS (id >> 40) VIRTUAL,
     seq INTEGER GENERATED ALWAYS AS (id & 1099511627775) VIRTUAL,
     created_at INTEGER NOT NULL,
     event_id TEXT,
     event_name TEXT,
     size INTEGER,
     by_ttl INTEGER,
     keys TEXT,
     new_image TEXT,
     old_image TEXT,
     wire TEXT
   ) STRICT;
   INSERT INTO dynamodb_stream_records_by_id (id, created_at, event_id, event_name, size, by_ttl, keys, new_image, old_image, wire)
     SELECT (stream_id << 40) + seq, created_at, event_id, event_name, size, by_ttl, keys, new_image, old_image, wire
     FROM dynamodb_stream_records ORDER BY stream_id, seq;
   DROP TABLE dynamodb_stream_records;
   ALTER TABLE dynamodb_stream_records_by_id RENAME TO dynamodb_stream_records;`,
];
