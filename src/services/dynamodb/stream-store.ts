// Repository for DynamoDB Streams: one row per stream (its sequence counter and retention mark; shards in stream-shards.ts) and
// the change records every item write appends inside its own transaction, so a record exists exactly when acknowledged.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AwsError } from '../../core/aws-error.js';
import type { Clock } from '../../core/clock.js';
import type { Scope } from '../../core/request-context.js';
import { itemSize, type AttributeMap } from './attribute-value.js';
import type { StoredItem } from './item-store.js';
import { encodeItem } from './item-codec.js';
import { mapJson } from './wire-json.js';
import type { KeySchema } from './keys.js';
import { LAST_SEQ, MAX_STREAM_ID, MAX_STREAM_SEQ, newShardId, RECORD_ID, RECORDS_AFTER, StreamShards } from './stream-shards.js';
import { isWireText, pageSlice, StreamPages } from './stream-pages.js';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** What a compiled table carries while its stream is enabled. */
export interface StreamRef {
  readonly id: number;
  readonly viewType: StreamViewType;
  /** The table's region, which every record names (awsRegion). */
  readonly region: string;
}

export interface StreamRow {
  id: number;
  account: string;
  region: string;
  arn: string;
  table_name: string;
  table_id: string;
  label: string;
  view_type: StreamViewType;
  key_schema: string;
  shard_id: string;
  created_at: number;
  disabled_at: number | null;
  first_seq: number;
  last_seq: number;
  trimmed_through: number;
}

/** The columns GetShardIterator and GetRecords need of a stream: a narrower read than StreamRow. */
export type StreamHead = Pick<StreamRow, 'id' | 'account' | 'region' | 'arn' | 'last_seq' | 'trimmed_through'>;

export interface RecordRow {
  seq: number;
  created_at: number;
  event_id: string;
  event_name: 'INSERT' | 'MODIFY' | 'REMOVE';
  size: number;
  by_ttl: number;
  keys: string;
  new_image: string | null;
  old_image: string | null;
}

/**
 * A record as GetRecords reads it: pre-rendered wire JSON, or the row to render. Records written by the first
 * pre-rendering version lack awsRegion (their text starts `"eventID"`, not `{`); GetRecords adds it.
 */
export type ReadRecord = { readonly seq: number; readonly wire: string } | { readonly seq: number; readonly row: RecordRow };

/** Records stay readable for 24 hours (DynamoDB developer guide, "Data retention limit for DynamoDB Streams"). */
export const STREAM_RETENTION_MS = 24 * 3600 * 1000;

/**
 * Sequence numbers as AWS shows them: decimal strings of 21 or more digits that grow with every record
 * (the API treats them as opaque, NumericString, 21-40 characters).
 */
const SEQ_BASE = 10n ** 20n;
export function formatSequence(seq: number): string {
  // 10^20 + seq, written without a BigInt: seq is a safe integer (< 10^16), so it is "1" and seq in 20 digits.
  return `1${String(seq).padStart(20, '0')}`;
}
/** The counter behind a sequence number, or undefined when the string is not one of ours. */
export function parseSequence(s: string): number | undefined {
  if (!/^\d{21,40}$/.test(s)) return undefined;
  const n = BigInt(s) - SEQ_BASE;
  return n >= 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
}

const SEQUENCE_KEY = '"SequenceNumber":"';

/**
 * The sequence counter of a record in the wire form `append` renders. The key appears once unescaped: attribute
 * names are followed by `{`, and quotes inside values are escaped.
 */
export function sequenceOfWire(wire: string): number | undefined {
  const at = wire.lastIndexOf(SEQUENCE_KEY);
  if (at < 0) return undefined;
  const start = at + SEQUENCE_KEY.length;
  return parseSequence(wire.slice(start, wire.indexOf('"', start)));
}

function sameItem(a: AttributeMap, b: AttributeMap): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => encodeItem({ [k]: a[k]! }) === encodeItem({ [k]: b[k]! }));
}

/** A limit of kumo's own storage, not DynamoDB's: refused before anything is written, never reached in practice. */
function kumoStreamLimit(message: string): AwsError {
  return new AwsError('LimitExceededException', message, { status: 400 });
}

const STREAM_COLUMNS = `id, account, region, arn, table_name, table_id, label, view_type, key_schema, shard_id, created_at, disabled_at, first_seq, ${LAST_SEQ} AS last_seq, trimmed_through`;

export class StreamStore {
  private readonly stmts;
  /** The streams' shards (stream-shards.ts): the first opened with the stream, rolled every 4 hours. */
  readonly shards: StreamShards;
  /** Groups of records stored again as one value each, for GetRecords (stream-pages.ts). */
  private readonly pages: StreamPages;

  constructor(private readonly db: Database.Database, private readonly clock: Clock) {
    this.shards = new StreamShards(db);
    this.pages = new StreamPages(db);
    // `LIMIT +?`, not `LIMIT +?`: SQLite (3.51) lets a bare bound LIMIT shape the plan, so rebinding it expires the
    // statement and every call re-prepares it (measured ~5x the cost of a one-row read); the unary plus keeps the
    // value out of planning.
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO dynamodb_streams (account, region, arn, table_name, table_id, label, view_type, key_schema, shard_id, created_at, first_seq, last_seq, trimmed_through)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 0) RETURNING id`,
      ),
      byArn: db.prepare<[string], StreamRow>(`SELECT ${STREAM_COLUMNS} FROM dynamodb_streams s WHERE arn = ?`),
      byId: db.prepare<[number], StreamRow>(`SELECT ${STREAM_COLUMNS} FROM dynamodb_streams s WHERE id = ?`),
      headByArn: db.prepare<[string], StreamHead>(`SELECT id, account, region, arn, ${LAST_SEQ} AS last_seq, trimmed_through FROM dynamodb_streams s WHERE arn = ?`),
      headById: db.prepare<[number], StreamHead>(`SELECT id, account, region, arn, ${LAST_SEQ} AS last_seq, trimmed_through FROM dynamodb_streams s WHERE id = ?`),
      disable: db.prepare('UPDATE dynamodb_streams SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL'),
      next: db.prepare<[number], number>(`SELECT ${LAST_SEQ} + 1 FROM dynamodb_streams s WHERE id = ?`).pluck(true),
      append: db.prepare(
        `INSERT INTO dynamodb_stream_records (id, created_at, wire) VALUES (${RECORD_ID}, ?, ?)`,
      ),
      list: db.prepare<[string, string, number], StreamRow>(`SELECT ${STREAM_COLUMNS} FROM dynamodb_streams s WHERE account = ? AND region = ? AND id > ? ORDER BY id`),
      listTable: db.prepare<[string, string, string, number], StreamRow>(
        `SELECT ${STREAM_COLUMNS} FROM dynamodb_streams s WHERE account = ? AND region = ? AND table_name = ? AND id > ? ORDER BY id`,
      ),
      records: db.prepare<[number, number, number, number], RecordRow>(
        `SELECT seq, created_at, event_id, event_name, size, by_ttl, keys, new_image, old_image FROM dynamodb_stream_records
         WHERE ${RECORDS_AFTER} ORDER BY id LIMIT +?`,
      ),
      wire: db.prepare<[number, number, number, number], [number, string | null]>(
        `SELECT seq, wire FROM dynamodb_stream_records WHERE ${RECORDS_AFTER} ORDER BY id LIMIT +?`,
      ).raw(true),
      all: db.prepare<[], StreamRow>(`SELECT ${STREAM_COLUMNS} FROM dynamodb_streams s`),
      oldest: db.prepare<[number, number, number, number], { seq: number; created_at: number }>(
        `SELECT seq, created_at FROM dynamodb_stream_records WHERE ${RECORDS_AFTER} ORDER BY id LIMIT +?`,
      ),
      trim: db.prepare(`DELETE FROM dynamodb_stream_records WHERE id > ${RECORD_ID} AND id <= ${RECORD_ID}`),
      markTrimmed: db.prepare('UPDATE dynamodb_streams SET trimmed_through = MAX(trimmed_through, ?) WHERE id = ?'),
      dropStream: db.prepare('DELETE FROM dynamodb_streams WHERE id = ?'),
      dropRecords: db.prepare(`DELETE FROM dynamodb_stream_records WHERE ${RECORDS_AFTER}`),
    };
  }

  /** Opens a stream for a table (CreateTable or UpdateTable enabling one); the caller holds the transaction. */
  create(scope: Scope, table: { name: string; id: string; arn: string; key: KeySchema }, label: string, viewType: StreamViewType): StreamRef {
    const arn = `${table.arn}/stream/${label}`;
    const shardId = newShardId(this.clock.now());
    const keySchema = [{ AttributeName: table.key.hash.name, KeyType: 'HASH' }];
    if (table.key.range) keySchema.push({ AttributeName: table.key.range.name, KeyType: 'RANGE' });
    const row = this.stmts.insert.get(scope.account, scope.region, arn, table.name, table.id, label, viewType, JSON.stringify(keySchema), shardId, this.clock.now()) as { id: number };
    // Records are keyed by stream id and sequence number in one integer (stream-shards.ts); the caller's transaction
    // rolls this stream back.
    if (row.id > MAX_STREAM_ID) throw kumoStreamLimit(`kumo has created ${MAX_STREAM_ID} streams in this data directory, the most its record keys hold`);
    this.shards.open(row.id, shardId, undefined, 1, this.clock.now());
    return { id: row.id, viewType, region: scope.region };
  }

  /** Closes a stream (disabled, or its table deleted): its shard ends at the last sequence number issued. */
  disable(id: number): void {
    const s = this.byId(id);
    if (!s || s.disabled_at !== null) return;
    this.stmts.disable.run(this.clock.now(), id);
    this.shards.closeOpen(id, s.last_seq, this.clock.now());
  }

  /** Closes every enabled stream's 4-hour-old shard and opens its child (the periodic stream task). */
  rollShards(): number {
    return this.db.transaction(() => this.shards.roll(this.clock.now()))();
  }

  byArn(arn: string): StreamRow | undefined {
    return this.stmts.byArn.get(arn);
  }

  byId(id: number): StreamRow | undefined {
    return this.stmts.byId.get(id);
  }

  headByArn(arn: string): StreamHead | undefined {
    return this.stmts.headByArn.get(arn);
  }

  headById(id: number): StreamHead | undefined {
    return this.stmts.headById.get(id);
  }

  /**
   * Appends the record of one committed item change (inside the writer's transaction). A put that changes nothing
   * writes no record, as DynamoDB documents ("Change data capture for DynamoDB Streams").
   */
  append(stream: StreamRef, key: KeySchema, next: StoredItem | undefined, previous: StoredItem | undefined, byTtl: boolean): void {
    const item = next?.item;
    const old = previous?.item;
    if (item && old && sameItem(item, old)) return;
    const source = (item ?? old)!;
    const keys: AttributeMap = { [key.hash.name]: source[key.hash.name]! };
    if (key.range) keys[key.range.name] = source[key.range.name]!;
    const v = stream.viewType;
    const newImage = item && (v === 'NEW_IMAGE' || v === 'NEW_AND_OLD_IMAGES') ? item : undefined;
    const oldImage = old && (v === 'OLD_IMAGE' || v === 'NEW_AND_OLD_IMAGES') ? old : undefined;
    // The images' sizes as the item store computed them when it wrote them.
    const size = itemSize(keys) + (newImage ? next!.size : 0) + (oldImage ? previous!.size : 0);
    const seq = this.stmts.next.get(stream.id)!;
    if (seq > MAX_STREAM_SEQ) throw kumoStreamLimit(`the stream has issued ${MAX_STREAM_SEQ} sequence numbers, the most kumo's record keys hold; disable and enable it to start a new stream`);
    const eventName = !item ? 'REMOVE' : old ? 'MODIFY' : 'INSERT';
    const now = this.clock.now();
    const eventId = randomUUID().replaceAll('-', '');
    // The record as GetRecords answers it, rendered once here.
    let d = `"dynamodb":{"ApproximateCreationDateTime":${Math.floor(now / 1000)},"Keys":${mapJson(keys)}`;
    if (newImage) d += `,"NewImage":${mapJson(newImage)}`;
    if (oldImage) d += `,"OldImage":${mapJson(oldImage)}`;
    d += `,"SequenceNumber":"${formatSequence(seq)}","SizeBytes":${size},"StreamViewType":"${v}"}`;
    // TTL deletions carry the DynamoDB service as their identity ("Time to Live and DynamoDB Streams").
    const identity = byTtl ? ',"userIdentity":{"Type":"Service","PrincipalId":"dynamodb.amazonaws.com"}' : '';
    const wire = `{"awsRegion":${JSON.stringify(stream.region)},"eventID":"${eventId}","eventName":"${eventName}","eventVersion":"1.1","eventSource":"aws:dynamodb",${d}${identity}}`;
    // The wire text holds the event, its size and identity: the columns rows from before v6 are rendered from stay NULL.
    this.stmts.append.run(stream.id, seq, now, wire);
  }

  /**
   * Up to `limit` records after `afterSeq`: pre-rendered ones as their wire text, older rows (written before
   * records were pre-rendered) as rows to render.
   */
  readRecords(id: number, afterSeq: number, limit: number): ReadRecord[] {
    return this.stmts.wire.all(id, afterSeq, id, limit).map(([seq, wire]) =>
      wire !== null ? { seq, wire } : { seq, row: this.stmts.records.get(id, seq - 1, id, 1)! });
  }

  /**
   * Up to `limit` records after `afterSeq` as texts whose comma-joined concatenation is their wire texts in order
   * (a run of records from a stored page is one text, given as UTF-8 bytes), their count, and the last sequence number among them: stored
   * pages where they exist, record rows elsewhere. Undefined when a record is not stored in today's wire form
   * (readRecords renders those).
   */
  readPage(id: number, afterSeq: number, limit: number, lastSeq: number): { texts: Array<string | Buffer>; count: number; last: number } | undefined {
    const through = afterSeq + limit;
    let pages = limit > 0 ? this.pages.range(id, afterSeq, through) : [];
    // The first reader of a complete group stores its page (stream-pages.ts).
    if (limit > 0 && this.pages.fill(id, afterSeq, through, lastSeq, pages)) pages = this.pages.range(id, afterSeq, through);
    const texts: Array<string | Buffer> = [];
    // Sequence numbers of a stream are consecutive: `at` is the last one placed so far.
    let at = afterSeq;
    const rows = (n: number): boolean => {
      const read = this.pages.texts(id, at, n);
      for (const t of read) {
        if (!isWireText(t)) return false;
        texts.push(t);
      }
      if (read.length > 0) {
        const last = sequenceOfWire(read[read.length - 1]!);
        if (last === undefined) return false;
        at = last;
      }
      return true;
    };
    let count = 0;
    for (const page of pages) {
      // Records between pages (a group not paged) are read as rows, and must all be there.
      if (page.first > at + 1) {
        const before = texts.length;
        if (!rows(page.first - 1 - at) || at !== page.first - 1) return undefined;
        count += texts.length - before;
      }
      const to = Math.min(page.last, through);
      texts.push(pageSlice(page, at + 1 - page.first, to - page.first));
      count += to - at;
      at = to;
    }
    const before = texts.length;
    if (at < through && !rows(through - at)) return undefined;
    count += texts.length - before;
    return { texts, count, last: at };
  }

  /** Streams of a scope (optionally of one table) after the stream with id `afterId`, oldest first. */
  list(scope: Scope, tableName: string | undefined, afterId: number): IterableIterator<StreamRow> {
    return tableName === undefined
      ? this.stmts.list.iterate(scope.account, scope.region, afterId)
      : this.stmts.listTable.iterate(scope.account, scope.region, tableName, afterId);
  }

  records(id: number, afterSeq: number, limit: number): RecordRow[] {
    return this.stmts.records.all(id, afterSeq, id, limit);
  }

  /** Retention: drops records older than 24 hours, shards closed more than 24 hours ago, and streams disabled then. */
  trim(): number {
    const cutoff = this.clock.now() - STREAM_RETENTION_MS;
    let removed = 0;
    for (const s of this.stmts.all.all()) {
      this.db.transaction(() => {
        if (s.disabled_at !== null && s.disabled_at < cutoff) {
          this.stmts.dropRecords.run(s.id, 0, s.id);
          this.pages.dropStream(s.id);
          this.stmts.dropStream.run(s.id);
          this.shards.dropStream(s.id);
          return;
        }
        this.shards.dropClosedBefore(s.id, cutoff);
        // Records are in creation order: read from the oldest a page at a time, never the whole stream.
        for (;;) {
          const page = this.stmts.oldest.all(s.id, 0, s.id, 500);
          let through = 0;
          for (const r of page) if (r.created_at < cutoff) through = r.seq;
          if (through === 0) return;
          removed += this.stmts.trim.run(s.id, 0, s.id, through).changes;
          this.pages.dropThrough(s.id, through);
          this.stmts.markTrimmed.run(through, s.id);
          if (through !== page[page.length - 1]!.seq) return;
        }
      })();
    }
    return removed;
  }
}
