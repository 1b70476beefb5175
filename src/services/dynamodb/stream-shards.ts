// A stream's shards: ranges of its sequence counter. The open shard is closed and a child opened every 4 hours on the
// runtime clock, as DynamoDB rolls them; closed shards go when retention has removed every record they held.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * "Shards are ephemeral: They are created and deleted automatically by DynamoDB Streams"; a shard "typically" lives
 * about four hours before it is closed and a child opened (DynamoDB developer guide, "Change data capture for
 * DynamoDB Streams", and the Kinesis adapter guide on shard lineage).
 */
export const SHARD_ROLL_MS = 4 * 3600 * 1000;

export interface ShardRow {
  stream_id: number;
  ordinal: number;
  shard_id: string;
  parent_shard_id: string | null;
  first_seq: number;
  /** The last sequence number of a closed shard (first_seq - 1 when it closed empty); null while open. */
  end_seq: number | null;
  created_at: number;
  closed_at: number | null;
}

/** Shard ids as AWS prints them: shardId-<20-digit creation time>-<8 hex>. */
export function newShardId(now: number): string {
  return `shardId-${String(now).padStart(20, '0')}-${randomBytes(4).toString('hex')}`;
}

/**
 * Stream records are keyed by one integer, `(stream id << SEQ_BITS) + sequence number` (migration v10, which wrote the
 * layout out as literals): a rowid, so appends extend the B-tree's last page. SQLite computes it from the two bound
 * numbers, so JavaScript never holds a value past 2^53.
 */
const SEQ_BITS = 40;
/** A record's key, bound as (stream, seq). */
export const RECORD_ID = `((? << ${SEQ_BITS}) + ?)`;
/** A stream's records after a sequence number, bound as (stream, seq, stream). */
export const RECORDS_AFTER = `id > ${RECORD_ID} AND id < ((? + 1) << ${SEQ_BITS})`;
/** Sequence numbers a stream can issue, and stream ids the 63-bit key can hold besides them. */
export const MAX_STREAM_SEQ = 2 ** SEQ_BITS - 1;
export const MAX_STREAM_ID = 2 ** (63 - SEQ_BITS) - 1;

/**
 * The last sequence number a stream issued, read, not kept: the newest record's, or past the records trimmed, or the
 * stored counter of a stream written by an older kumo (which updated it with every record). Every issued number has a
 * record until retention trims it, so this is the counter; reading it is one seek to the end of the stream's records,
 * where updating a counter row made every streamed write dirty one more page (measured ~0.025 ms of a 0.05 ms PutItem
 * in process). It also follows a rolled-back write without any bookkeeping.
 */
export const LAST_SEQ = `MAX(s.last_seq, s.trimmed_through, COALESCE((SELECT r.seq FROM dynamodb_stream_records r
  WHERE r.id > (s.id << ${SEQ_BITS}) AND r.id < ((s.id + 1) << ${SEQ_BITS}) ORDER BY r.id DESC LIMIT 1), 0))`;

export class StreamShards {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO dynamodb_stream_shards (stream_id, ordinal, shard_id, parent_shard_id, first_seq, end_seq, created_at, closed_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, NULL)`,
      ),
      list: db.prepare<[number], ShardRow>('SELECT * FROM dynamodb_stream_shards WHERE stream_id = ? ORDER BY ordinal'),
      byOrdinal: db.prepare<[number, number], ShardRow>('SELECT * FROM dynamodb_stream_shards WHERE stream_id = ? AND ordinal = ?'),
      byShardId: db.prepare<[number, string], ShardRow>('SELECT * FROM dynamodb_stream_shards WHERE stream_id = ? AND shard_id = ?'),
      open: db.prepare<[number], ShardRow>('SELECT * FROM dynamodb_stream_shards WHERE stream_id = ? AND end_seq IS NULL ORDER BY ordinal DESC LIMIT 1'),
      close: db.prepare('UPDATE dynamodb_stream_shards SET end_seq = ?, closed_at = ? WHERE stream_id = ? AND ordinal = ? AND end_seq IS NULL'),
      due: db.prepare<[number], ShardRow & { last_seq: number }>(
        `SELECT h.*, ${LAST_SEQ} AS last_seq FROM dynamodb_stream_shards h JOIN dynamodb_streams s ON s.id = h.stream_id
         WHERE h.end_seq IS NULL AND s.disabled_at IS NULL AND h.created_at <= ?`,
      ),
      dropClosed: db.prepare('DELETE FROM dynamodb_stream_shards WHERE stream_id = ? AND closed_at IS NOT NULL AND closed_at < ?'),
      dropAll: db.prepare('DELETE FROM dynamodb_stream_shards WHERE stream_id = ?'),
    };
  }

  /** Opens a stream's first shard, or the child of `parent`, whose first sequence number is `firstSeq`. */
  open(streamId: number, shardId: string, parent: ShardRow | undefined, firstSeq: number, now: number): void {
    this.stmts.insert.run(streamId, parent ? parent.ordinal + 1 : 0, shardId, parent?.shard_id ?? null, firstSeq, now);
  }

  list(streamId: number): ShardRow[] {
    return this.stmts.list.all(streamId);
  }

  byOrdinal(streamId: number, ordinal: number): ShardRow | undefined {
    return this.stmts.byOrdinal.get(streamId, ordinal);
  }

  byShardId(streamId: number, shardId: string): ShardRow | undefined {
    return this.stmts.byShardId.get(streamId, shardId);
  }

  openShard(streamId: number): ShardRow | undefined {
    return this.stmts.open.get(streamId);
  }

  /** Closes the open shard at `lastSeq`, the last sequence number issued (the stream is disabled or rolls). */
  closeOpen(streamId: number, lastSeq: number, now: number): ShardRow | undefined {
    const open = this.openShard(streamId);
    if (!open) return undefined;
    this.stmts.close.run(Math.max(lastSeq, open.first_seq - 1), now, streamId, open.ordinal);
    return open;
  }

  /**
   * Rolls every enabled stream's open shard that is 4 hours old: closed at the last sequence number issued, and a
   * child (ParentShardId = the closed one) opened for the next. The caller holds the transaction.
   */
  roll(now: number): number {
    const due = this.stmts.due.all(now - SHARD_ROLL_MS);
    for (const shard of due) {
      this.stmts.close.run(Math.max(shard.last_seq, shard.first_seq - 1), now, shard.stream_id, shard.ordinal);
      this.open(shard.stream_id, newShardId(now), shard, shard.last_seq + 1, now);
    }
    return due.length;
  }

  /**
   * Retention: a shard closed before `cutoff` holds only records older than it, all trimmed by then, so the shard goes
   * (DescribeStream no longer lists it; a child keeps naming it as ParentShardId, as on AWS).
   */
  dropClosedBefore(streamId: number, cutoff: number): void {
    this.stmts.dropClosed.run(streamId, cutoff);
  }

  dropStream(streamId: number): void {
    this.stmts.dropAll.run(streamId);
  }
}
