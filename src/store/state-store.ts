// The state store: one SQLite database (better-sqlite3) holding every service's metadata, on disk or in memory.
// One code path for both modes; components version their own schema, and a whole-file format version guards upgrades.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KumoError } from '../core/kumo-error.js';
import type { BlobStore } from './blob-store.js';
import { makeDirectories } from './make-directories.js';
import { ensurePrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tighten } from './private-files.js';

/** Version of the file layout itself (kumo_meta, kumo_schema); bump when those tables change shape. */
export const STORE_FORMAT_VERSION = 1;
/** The database file name under the data directory. */
export const STATE_FILE_NAME = 'kumo.sqlite';
const BUSY_TIMEOUT_MS = 5000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface StateStore {
  readonly db: Database.Database;
  /** Applies a component's schema migrations (index i = version i+1) inside a transaction, recording the version
   *  in kumo_schema(component, version). Throws KumoError KUMO_ERR_STORE_SCHEMA_NEWER if the file has a newer version. */
  migrate(component: string, migrations: readonly string[]): void;
  /** Tables wiped by POST /_kumo/reset. */
  registerTables(component: string, tables: readonly string[]): void;
  /**
   * A prepared statement for `sql`, prepared once and reused (preparing costs tens of µs, too much for code that runs
   * on every clock tick). Shared: callers must not switch it to pluck/raw/expand mode or iterate it reentrantly.
   */
  statement(sql: string): Database.Statement;
  /** One IMMEDIATE SQLite transaction; nested calls become savepoints (better-sqlite3's nesting rule). */
  transaction<T>(fn: () => T): T;
  /** The normalised scope: a fresh plain object, so callers can key maps and SQL parameters by it. */
  of(scope: { account: string; region: string }): { account: string; region: string };
  /** Deletes every row of every registered table (all accounts/regions) and clears the attached blob store. */
  reset(): void;
  close(): void;
}

export type StateStoreOptions = ({ dataDir: string } | { inMemory: true }) & {
  /** Cleared by reset(), after the rows that referenced its blobs are gone. */
  blobs?: BlobStore;
};

export function openStateStore(options: StateStoreOptions): StateStore {
  const db = 'dataDir' in options ? openFile(options.dataDir) : new Database(':memory:');
  try {
    configure(db);
    checkFormat(db);
  } catch (e) {
    db.close();
    if (e instanceof KumoError) throw e;
    // better-sqlite3 opens lazily: a file that is not a database fails on its first statement.
    throw new KumoError('KUMO_ERR_STORE_OPEN', `Cannot open the state file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return new SqliteStateStore(db, options.blobs);
}

/** Creates the data directory private to the user (0700), or tightens an existing one that others could read. */
export function openDataDir(dataDir: string): void {
  try {
    makeDirectories(dataDir, PRIVATE_DIR_MODE);
    tighten(dataDir, PRIVATE_DIR_MODE);
  } catch (e) {
    throw new KumoError('KUMO_ERR_STORE_DATA_DIR', `Cannot create the data directory ${dataDir}: ${String(e)}`, { cause: e });
  }
}

function openFile(dataDir: string): Database.Database {
  openDataDir(dataDir);
  const file = join(dataDir, STATE_FILE_NAME);
  try {
    // SQLite gives the WAL and SHM files the database file's mode: a 0600 database keeps all three private.
    ensurePrivateFile(file);
    for (const suffix of ['-wal', '-shm']) tighten(`${file}${suffix}`, PRIVATE_FILE_MODE);
    return new Database(file);
  } catch (e) {
    throw new KumoError('KUMO_ERR_STORE_OPEN', `Cannot open the state file ${file}: ${String(e)}`, { cause: e });
  }
}

function configure(db: Database.Database): void {
  // WAL + synchronous=NORMAL: a commit survives a process crash (the WAL is written before COMMIT returns);
  // only an OS crash or power loss can roll back the last transactions (https://www.sqlite.org/pragma.html#pragma_synchronous).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Reads through a memory map: without one, SQLite reads every overflow page of a large value (a stored GetRecords
  // page, stream-pages.ts) with its own pread that bypasses the page cache (its direct overflow read), ~160 syscalls
  // for 0.65 MB. Writes still go through pwrite and the WAL (https://www.sqlite.org/mmap.html).
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
}

/** The part of the state file read through the memory map; a larger file reads the rest as before. */
const MMAP_BYTES = 256 * 1024 * 1024;

function checkFormat(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS kumo_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
             CREATE TABLE IF NOT EXISTS kumo_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT;`);
    const row = db.prepare(`SELECT value FROM kumo_meta WHERE key = 'format_version'`).get() as { value: string } | undefined;
    const found = row === undefined ? undefined : Number(row.value);
    if (found !== undefined && !(found <= STORE_FORMAT_VERSION)) {
      throw new KumoError(
        'KUMO_ERR_STORE_FORMAT_NEWER',
        `The state file has store format version ${row?.value}, but this kumo understands up to ${STORE_FORMAT_VERSION}. ` +
          'Upgrade kumo or point it at another data directory.',
      );
    }
    if (found !== STORE_FORMAT_VERSION) {
      db.prepare(`INSERT INTO kumo_meta (key, value) VALUES ('format_version', ?)
                  ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(STORE_FORMAT_VERSION));
    }
  }).immediate();
}

export class SqliteStateStore implements StateStore {
  private readonly tables = new Map<string, Set<string>>();
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();
  /** One better-sqlite3 transaction wrapper for every call, instead of a new wrapper per mutation (a hot path). */
  private readonly runInTransaction: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(
    readonly db: Database.Database,
    private readonly blobs: BlobStore | undefined,
  ) {
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
  }

  statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  migrate(component: string, migrations: readonly string[]): void {
    this.transaction(() => {
      const row = this.db.prepare('SELECT version FROM kumo_schema WHERE component = ?').get(component) as
        | { version: number }
        | undefined;
      const current = row?.version ?? 0;
      if (current > migrations.length) {
        throw new KumoError(
          'KUMO_ERR_STORE_SCHEMA_NEWER',
          `The state file has schema version ${current} for ${component}, but this kumo knows only ${migrations.length}. ` +
            'Upgrade kumo or point it at another data directory.',
        );
      }
      if (current === migrations.length) return;
      for (const sql of migrations.slice(current)) this.db.exec(sql);
      this.db
        .prepare(`INSERT INTO kumo_schema (component, version) VALUES (?, ?)
                  ON CONFLICT (component) DO UPDATE SET version = excluded.version`)
        .run(component, migrations.length);
    });
  }

  registerTables(component: string, tables: readonly string[]): void {
    const set = this.tables.get(component) ?? new Set<string>();
    for (const table of tables) {
      if (!IDENTIFIER.test(table)) {
        throw new KumoError('KUMO_ERR_STORE_TABLE_NAME', `${component} registered an invalid table name: ${JSON.stringify(table)}`);
      }
      set.add(table);
    }
    this.tables.set(component, set);
  }

  transaction<T>(fn: () => T): T {
    // better-sqlite3 turns a nested call into a SAVEPOINT, so this is nesting-safe; it also refuses async functions.
    return this.runInTransaction.immediate(fn) as T;
  }

  of(scope: { account: string; region: string }): { account: string; region: string } {
    return { account: scope.account.trim(), region: scope.region.trim().toLowerCase() };
  }

  reset(): void {
    this.transaction(() => {
      // Child tables may be registered before their parents: check foreign keys only at COMMIT, when all are empty.
      this.db.pragma('defer_foreign_keys = ON');
      for (const set of this.tables.values()) {
        for (const table of set) this.db.exec(`DELETE FROM "${table}"`);
      }
    });
    this.blobs?.clear();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
