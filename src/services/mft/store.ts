// A node's own SQLite store: management information, send/resend queue with checkpoints, receive checkpoints and
// the send/receive/job logs. Every checkpoint and log row is committed before the peer or the caller is answered.
import Database from 'better-sqlite3';
import type { DefKind, Definition } from './definitions.js';

export interface QueueRow {
  transferId: string;
  fileId: string;
  host: string;
  priority: number;
  /** queued → running → (done, deleted) | resend (interrupted, with a checkpoint). */
  state: 'queued' | 'running' | 'resend';
  msgs: Record<string, string>;
  /** The chain's first transfer id: the receiver keys its checkpoint by it. */
  chainId: string;
  srcOffset: number;
  wireOffset: number;
  records: number;
  /** 1 when the next attempt must resume from the checkpoint. */
  resume: number;
  attempts: number;
  seq: number;
}

export interface LogRow {
  side: 'snd' | 'rcv';
  transferId: string;
  fileId: string;
  host: string;
  fileName: string;
  transType: string;
  start: number;
  end: number;
  bytes: number;
  records: number;
  statusCode: number;
  detailCode: number;
  message: string;
  codeConv: string;
  comp: string;
  cipher: string;
  startOffset: number;
  sha256: string;
  msgs: Record<string, string>;
}

export interface JobLogRow {
  fileId: string;
  host: string;
  jobId: string;
  kind: string;
  start: number;
  end: number;
  rc: number;
  /** hulsndrc's message (-m), for results reported by another host. */
  message?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS defs (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS queue (transfer_id TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rcv_checkpoints (chain_id TEXT PRIMARY KEY, wire_offset INTEGER NOT NULL, records INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS logs (id INTEGER PRIMARY KEY AUTOINCREMENT, side TEXT NOT NULL, file_id TEXT NOT NULL, host TEXT NOT NULL,
  start INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS job_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
`;

export class NodeStore {
  private readonly db: Database.Database;
  private seq = 0;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const row = this.db.prepare('SELECT MAX(seq) AS s FROM queue').get() as { s: number | null };
    this.seq = row.s ?? 0;
  }

  /** Statements are prepared once: checkpoints are written at every acknowledgement. */
  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  close(): void {
    this.db.close();
  }

  // ---- management information
  putDef(def: Definition, replace: boolean): boolean {
    const sql = replace ? 'INSERT OR REPLACE INTO defs VALUES (?, ?, ?)' : 'INSERT OR IGNORE INTO defs VALUES (?, ?, ?)';
    return this.st(sql).run(def.kind, def.id, JSON.stringify(def)).changes > 0;
  }

  getDef(kind: DefKind, id: string): Definition | undefined {
    const r = this.st('SELECT body FROM defs WHERE kind = ? AND id = ?').get(kind, id) as { body: string } | undefined;
    return r ? (JSON.parse(r.body) as Definition) : undefined;
  }

  listDefs(kind?: DefKind): Definition[] {
    const rows = (kind ? this.st('SELECT body FROM defs WHERE kind = ? ORDER BY id').all(kind) : this.st('SELECT body FROM defs ORDER BY kind, id').all()) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Definition);
  }

  deleteDef(kind: DefKind, id: string): boolean {
    return this.st('DELETE FROM defs WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
  }

  // ---- send queue and resend queue
  enqueue(row: Omit<QueueRow, 'seq'>): QueueRow {
    const full = { ...row, seq: ++this.seq };
    this.st('INSERT INTO queue VALUES (?, ?, ?)').run(full.transferId, JSON.stringify(full), full.seq);
    return full;
  }

  updateQueue(row: QueueRow): void {
    this.st('UPDATE queue SET body = ? WHERE transfer_id = ?').run(JSON.stringify(row), row.transferId);
  }

  dequeue(transferId: string): void {
    this.st('DELETE FROM queue WHERE transfer_id = ?').run(transferId);
  }

  queue(): QueueRow[] {
    return (this.st('SELECT body FROM queue ORDER BY seq').all() as { body: string }[]).map((r) => JSON.parse(r.body) as QueueRow);
  }

  // ---- receive checkpoints
  putCheckpoint(chainId: string, wireOffset: number, records: number): void {
    this.st('INSERT OR REPLACE INTO rcv_checkpoints VALUES (?, ?, ?)').run(chainId, wireOffset, records);
  }

  getCheckpoint(chainId: string): { wireOffset: number; records: number } | undefined {
    const r = this.st('SELECT wire_offset AS w, records AS r FROM rcv_checkpoints WHERE chain_id = ?').get(chainId) as { w: number; r: number } | undefined;
    return r ? { wireOffset: r.w, records: r.r } : undefined;
  }

  dropCheckpoint(chainId: string): void {
    this.st('DELETE FROM rcv_checkpoints WHERE chain_id = ?').run(chainId);
  }

  // ---- logs
  log(row: LogRow): void {
    this.st('INSERT INTO logs (side, file_id, host, start, body) VALUES (?, ?, ?, ?, ?)').run(row.side, row.fileId, row.host, row.start, JSON.stringify(row));
  }

  logs(side: 'snd' | 'rcv', filter: { fileId?: string; host?: string; from?: number; to?: number }): LogRow[] {
    const where = ['side = ?'];
    const args: (string | number)[] = [side];
    if (filter.fileId) {
      where.push('file_id = ?');
      args.push(filter.fileId);
    }
    if (filter.host) {
      where.push('host = ?');
      args.push(filter.host);
    }
    if (filter.from !== undefined) {
      where.push('start >= ?');
      args.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('start < ?');
      args.push(filter.to);
    }
    const rows = this.st(`SELECT body FROM logs WHERE ${where.join(' AND ')} ORDER BY id`).all(...args) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as LogRow);
  }

  jobLog(row: JobLogRow): void {
    this.st('INSERT INTO job_logs (body) VALUES (?)').run(JSON.stringify(row));
  }

  jobLogs(): JobLogRow[] {
    return (this.st('SELECT body FROM job_logs ORDER BY id').all() as { body: string }[]).map((r) => JSON.parse(r.body) as JobLogRow);
  }
}
