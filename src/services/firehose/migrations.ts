// Firehose schema, versioned through StateStore.migrate('firehose', …): delivery streams, buffered records and the
// one in-flight delivery per stream that makes S3 delivery exactly once across crashes. Times are epoch ms.

export const FIREHOSE_COMPONENT = 'firehose';

export const FIREHOSE_TABLES = ['firehose_streams', 'firehose_records', 'firehose_deliveries'] as const;

export const FIREHOSE_MIGRATIONS: readonly string[] = [
  `
  -- One row per delivery stream. destination holds the normalized S3 destination (JSON); buffered_* and
  -- oldest_arrival describe the records not yet planned into an object, so the flush rule reads one row.
  CREATE TABLE firehose_streams (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    stream_id INTEGER NOT NULL UNIQUE,
    type TEXT NOT NULL,
    source TEXT,
    version_id INTEGER NOT NULL,
    destination_id TEXT NOT NULL,
    destination_kind TEXT NOT NULL,
    destination TEXT NOT NULL,
    encryption TEXT,
    failure TEXT,
    tags TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    active_at INTEGER NOT NULL,
    size_limit INTEGER NOT NULL,
    interval_ms INTEGER NOT NULL,
    buffered_bytes INTEGER NOT NULL,
    buffered_records INTEGER NOT NULL,
    oldest_arrival INTEGER,
    next_seq INTEGER NOT NULL,
    PRIMARY KEY (account, region, name)
  ) STRICT;

  -- Acknowledged records, in arrival order per stream; a record leaves only when its object is in S3. A rowid table:
  -- WITHOUT ROWID keeps 1 KiB payloads inside the key B-tree and made 500-record batches 2.5 times slower to insert.
  CREATE TABLE firehose_records (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    stream_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    arrival INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (account, region, stream_id, seq)
  ) STRICT;

  -- The object being delivered: its records (first_seq..last_seq), its key chosen before the first attempt so a
  -- retry after a crash finds an object already written instead of writing it twice.
  CREATE TABLE firehose_deliveries (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    stream_id INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    bucket TEXT NOT NULL,
    object_key TEXT NOT NULL,
    entry_name TEXT NOT NULL,
    compression TEXT NOT NULL,
    oldest_arrival INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    first_attempt_at INTEGER,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    PRIMARY KEY (account, region, stream_id)
  ) STRICT;
  `,
];
