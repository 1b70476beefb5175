// Stored GetRecords pages: every PAGE_RECORDS consecutive records of a stream, once a reader first reads them whole, are
// kept again as one row of their joined wire texts, so a 1,000-record GetRecords reads ~16 values, not 1,000 strings.
import type Database from 'better-sqlite3';
import { cachedPage, StreamPageCache, type CachedPage } from './stream-page-cache.js';
import { RECORDS_AFTER } from './stream-shards.js';

/**
 * Records per stored page. Pages cover sequence numbers (k × PAGE_RECORDS, (k + 1) × PAGE_RECORDS], so the pages a
 * read needs are found by a bounded key range. A 1,000-record read is then ~16 values of ~40 KB instead of 1,000 rows
 * (docs/performance.md, DynamoDB Streams, sixth round). Text, not BLOB: a Buffer per value is a malloc that page
 * faults and waits for the GC, where strings stay in V8's young generation.
 */
export const PAGE_RECORDS = 64;
/** A group of records larger than this (big items) is not paged: its readers read the record rows. */
const MAX_PAGE_BYTES = 1024 * 1024;

/**
 * One stored page: its records' texts joined by commas, as UTF-8 (from the page cache), and where each starts (the
 * UTF-16 offset of each record in the text, comma-separated; parsed only to cut a page short).
 */
export interface PageRow {
  readonly first: number;
  readonly last: number;
  readonly page: CachedPage;
}

/** A group's page, or undefined when it is too large to page. */
export function encodePage(texts: readonly string[]): { body: string; offsets: string } | undefined {
  const body = texts.join(',');
  if (body.length > MAX_PAGE_BYTES / 3 && Buffer.byteLength(body, 'utf8') > MAX_PAGE_BYTES) return undefined;
  const offsets: number[] = [];
  let at = 0;
  for (const t of texts) {
    offsets.push(at);
    at += t.length + 1;
  }
  return { body, offsets: offsets.join(',') };
}

/** The records `from` to `to` (indexes in the page, inclusive) as their comma-joined text, or its UTF-8 bytes. */
export function pageSlice(row: PageRow, from: number, to: number): string | Buffer {
  const { bytes, units } = row.page;
  if (from === 0 && to === row.last - row.first) return bytes;
  const offsets = row.page.offsets.split(',');
  const start = Number(offsets[from]);
  const end = to + 1 < offsets.length ? Number(offsets[to + 1]) - 1 : units;
  // An ASCII body has one byte per UTF-16 unit, so the offsets cut the bytes; any other is cut as text.
  return bytes.length === units ? bytes.subarray(start, end) : bytes.toString('utf8').slice(start, end);
}

/** Whether a record's stored text is in today's wire form (it starts `{`); older kumos stored none, or no awsRegion. */
export function isWireText(text: string | null): text is string {
  return text !== null && text.charCodeAt(0) === 0x7b;
}

/** The page caches of each connection: a second StreamStore on one database (streams loaded before DynamoDB) has its own. */
const cachesByDb = new WeakMap<Database.Database, Set<StreamPageCache>>();

/**
 * A page never changes once stored; a deleted one (retention, a dropped stream, POST /_kumo/reset wiping the table)
 * leaves every cache of the connection through a connection-local TEMP trigger, since stream ids can be used again.
 */
function watchPages(db: Database.Database, cache: StreamPageCache): void {
  let caches = cachesByDb.get(db);
  if (caches === undefined) {
    const watched = new Set<StreamPageCache>();
    caches = watched;
    cachesByDb.set(db, watched);
    db.function('kumo_dynamodb_stream_page_gone', { deterministic: false }, (streamId, lastSeq) => {
      for (const c of watched) c.delete(Number(streamId), Number(lastSeq));
      return null;
    });
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS kumo_dynamodb_stream_page_deleted AFTER DELETE ON main.dynamodb_stream_pages
             BEGIN SELECT kumo_dynamodb_stream_page_gone(OLD.stream_id, OLD.last_seq); END;
             CREATE TEMP TRIGGER IF NOT EXISTS kumo_dynamodb_stream_page_updated AFTER UPDATE ON main.dynamodb_stream_pages
             BEGIN SELECT kumo_dynamodb_stream_page_gone(OLD.stream_id, OLD.last_seq); END`);
  }
  caches.add(cache);
}

export class StreamPages {
  private readonly stmts;
  private readonly cache: StreamPageCache;

  constructor(private readonly db: Database.Database, cache = new StreamPageCache()) {
    this.cache = cache;
    watchPages(db, cache);
    this.stmts = {
      insert: db.prepare('INSERT OR REPLACE INTO dynamodb_stream_pages (stream_id, last_seq, first_seq, body, offsets) VALUES (?, ?, ?, ?, ?)'),
      // Records' wire texts in sequence order: to build a group's page, and for the records GetRecords reads as rows.
      // The texts alone (pluck): cheaper than [seq, wire] rows (no array per row), and far cheaper than one
      // group_concat string, which measured slower than reading the rows.
      texts: db.prepare<[number, number, number, number], string | null>(
        `SELECT wire FROM dynamodb_stream_records WHERE ${RECORDS_AFTER} ORDER BY id LIMIT +?`,
      ).pluck(true),
      // The keys alone: SQLite reads a body's overflow pages only when the body is asked for.
      range: db.prepare<[number, number, number], [number, number]>(
        'SELECT first_seq, last_seq FROM dynamodb_stream_pages WHERE stream_id = ? AND last_seq > ? AND last_seq <= ? ORDER BY last_seq',
      ).raw(true),
      body: db.prepare<[number, number], [string, string]>('SELECT body, offsets FROM dynamodb_stream_pages WHERE stream_id = ? AND last_seq = ?').raw(true),
      dropThrough: db.prepare('DELETE FROM dynamodb_stream_pages WHERE stream_id = ? AND last_seq <= ?'),
      dropStream: db.prepare('DELETE FROM dynamodb_stream_pages WHERE stream_id = ?'),
    };
  }

  /**
   * Stores the page of every complete group among records (after, through] that has none, `lastSeq` being the stream's
   * last issued number; returns whether it stored any. Built by the first reader, not by the writer: a write with a
   * stream then costs one record row (building pages as records were appended was ~8 µs of every streamed PutItem,
   * and a stream nobody reads never pays it). A group holding a record without today's wire form (written by an older
   * kumo) stays unpaged.
   */
  fill(streamId: number, after: number, through: number, lastSeq: number, existing: readonly PageRow[]): boolean {
    const have = new Set(existing.map((p) => p.last));
    const missing: number[] = [];
    for (let end = (Math.floor(after / PAGE_RECORDS) + 1) * PAGE_RECORDS; end <= Math.min(lastSeq, through + PAGE_RECORDS - 1); end += PAGE_RECORDS) {
      if (!have.has(end)) missing.push(end);
    }
    // Most reads find their pages stored (or read only the stream's incomplete last group): no transaction then.
    if (missing.length === 0) return false;
    return this.storeGroups(streamId, missing);
  }

  private storeGroups(streamId: number, ends: readonly number[]): boolean {
    let stored = false;
    this.db.transaction(() => {
      for (const end of ends) {
        const texts = this.stmts.texts.all(streamId, end - PAGE_RECORDS, streamId, PAGE_RECORDS);
        if (texts.length !== PAGE_RECORDS || !texts.every(isWireText)) continue;
        const page = encodePage(texts);
        if (page === undefined) continue;
        this.stmts.insert.run(streamId, end, end - PAGE_RECORDS + 1, page.body, page.offsets);
        stored = true;
      }
    })();
    return stored;
  }

  /** Up to `limit` records' stored texts after `after`, in sequence order (null for a record stored without one). */
  texts(streamId: number, after: number, limit: number): Array<string | null> {
    return this.stmts.texts.all(streamId, after, streamId, limit);
  }

  /** The pages holding any record in (after, through], in order: from the page cache, or read and then cached. */
  range(streamId: number, after: number, through: number): PageRow[] {
    const rows: PageRow[] = [];
    for (const [first, last] of this.stmts.range.all(streamId, after, through + PAGE_RECORDS - 1)) {
      let page = this.cache.get(streamId, last);
      if (page === undefined) {
        const [body, offsets] = this.stmts.body.get(streamId, last)!;
        // Inside a transaction the page may still roll back: serve it, but cache only committed pages.
        page = this.db.inTransaction ? cachedPage(body, offsets) : this.cache.set(streamId, last, body, offsets);
      }
      rows.push({ first, last, page });
    }
    return rows;
  }

  /** Retention: pages whose every record is trimmed. */
  dropThrough(streamId: number, seq: number): void {
    this.stmts.dropThrough.run(streamId, seq);
  }

  dropStream(streamId: number): void {
    this.stmts.dropStream.run(streamId);
  }
}
