// Stored GetRecords pages: every PAGE_RECORDS consecutive records of a stream, once the last of them is appended, are
// kept again as one row of their UTF-8 wire texts, so a 1,000-record GetRecords reads ~16 byte values, not 1,000 strings.
import type Database from 'better-sqlite3';

/**
 * Records per stored page. Pages cover sequence numbers (k × PAGE_RECORDS, (k + 1) × PAGE_RECORDS], so the pages a
 * read needs are found by a bounded key range. Reading a 0.78 MB page as 1,000 text rows and encoding them costs
 * ~0.55 ms of CPU; as 16 byte values written out uncopied ~0.17 ms (docs/performance.md, DynamoDB Streams).
 */
export const PAGE_RECORDS = 64;
/** A group of records larger than this (big items) is not paged: its readers read the record rows. */
const MAX_PAGE_BYTES = 1024 * 1024;

/** One stored page: its records' texts joined by commas, after a header of their offsets. */
export interface PageRow {
  readonly first: number;
  readonly last: number;
  readonly body: Buffer;
}

/**
 * A page's bytes: u32 count n, then n + 1 u32 offsets into the texts that follow (record i spans offset[i] to
 * offset[i + 1] - 1, the comma between records excluded; offset[n] is one past the end).
 */
export function encodePage(texts: readonly string[]): Buffer | undefined {
  const n = texts.length;
  const data = Buffer.from(texts.join(','), 'utf8');
  if (data.length > MAX_PAGE_BYTES) return undefined;
  const page = Buffer.allocUnsafe(4 * (n + 2) + data.length);
  page.writeUInt32LE(n, 0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    page.writeUInt32LE(at, 4 * (i + 1));
    at += Buffer.byteLength(texts[i]!, 'utf8') + 1;
  }
  page.writeUInt32LE(at, 4 * (n + 1));
  data.copy(page, 4 * (n + 2));
  return page;
}

/** The records `from` to `to` (indexes in the page, inclusive) as their comma-joined bytes, uncopied. */
export function pageSlice(page: Buffer, from: number, to: number): Buffer {
  const n = page.readUInt32LE(0);
  const data = 4 * (n + 2);
  return page.subarray(data + page.readUInt32LE(4 * (from + 1)), data + page.readUInt32LE(4 * (to + 2)) - 1);
}

export class StreamPages {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare('INSERT OR REPLACE INTO dynamodb_stream_pages (stream_id, last_seq, first_seq, body) VALUES (?, ?, ?, ?)'),
      // The group's texts, read back inside the appending transaction.
      texts: db.prepare<[number, number, number], string | null>(
        'SELECT wire FROM dynamodb_stream_records WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT +?',
      ).pluck(true),
      range: db.prepare<[number, number, number], [number, number, Buffer]>(
        'SELECT first_seq, last_seq, body FROM dynamodb_stream_pages WHERE stream_id = ? AND last_seq > ? AND last_seq <= ? ORDER BY last_seq',
      ).raw(true),
      dropThrough: db.prepare('DELETE FROM dynamodb_stream_pages WHERE stream_id = ? AND last_seq <= ?'),
      dropStream: db.prepare('DELETE FROM dynamodb_stream_pages WHERE stream_id = ?'),
    };
  }

  /**
   * Called after record `seq` is appended, inside its transaction: when it completes a group, the group's texts are
   * stored as one page. A group holding a record without today's wire form (written by an older kumo) stays unpaged.
   */
  appended(streamId: number, seq: number): void {
    if (seq % PAGE_RECORDS !== 0) return;
    const texts = this.stmts.texts.all(streamId, seq - PAGE_RECORDS, PAGE_RECORDS);
    if (texts.length !== PAGE_RECORDS) return;
    for (const t of texts) if (t === null || t.charCodeAt(0) !== 0x7b) return;
    const page = encodePage(texts as string[]);
    if (page) this.stmts.insert.run(streamId, seq, seq - PAGE_RECORDS + 1, page);
  }

  /** The pages holding any record in (after, through], in order. */
  range(streamId: number, after: number, through: number): PageRow[] {
    return this.stmts.range.all(streamId, after, through + PAGE_RECORDS - 1).map(([first, last, body]) => ({ first, last, body }));
  }

  /** Retention: pages whose every record is trimmed. */
  dropThrough(streamId: number, seq: number): void {
    this.stmts.dropThrough.run(streamId, seq);
  }

  dropStream(streamId: number): void {
    this.stmts.dropStream.run(streamId);
  }
}
