// Conformance tests for the state store, run against both the file-backed and the in-memory database.
// Covers pragmas, migrations (once, idempotent, refusing newer), format version, transactions and reset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isKumoError } from '../core/kumo-error.js';
import { openBlobStore } from './blob-store.js';
import { openStateStore, STATE_FILE_NAME, STORE_FORMAT_VERSION, type StateStore, type StateStoreOptions } from './state-store.js';

interface Impl {
  name: string;
  /** Opens a store; `reopen` opens the same storage again (file only). */
  open(extra?: Partial<StateStoreOptions>): StateStore;
  persistent: boolean;
  cleanup(): void;
}

function fileImpl(): Impl {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-state-'));
  return {
    name: 'file',
    persistent: true,
    open: (extra = {}) => openStateStore({ ...extra, dataDir: join(dir, 'data') }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function memoryImpl(): Impl {
  return { name: 'memory', persistent: false, open: (extra = {}) => openStateStore({ ...extra, inMemory: true }), cleanup: () => {} };
}

const MIGRATIONS = [
  'CREATE TABLE widgets (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (account, region, name))',
  'ALTER TABLE widgets ADD COLUMN color TEXT',
];

for (const make of [fileImpl, memoryImpl]) {
  const label = make().name;

  test(`${label}: the database uses foreign keys and a busy timeout${label === 'file' ? ', in WAL mode, read through a memory map' : ''}`, () => {
    const impl = make();
    const store = impl.open();
    try {
      assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(store.db.pragma('busy_timeout', { simple: true }), 5000);
      if (impl.persistent) {
        assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(store.db.pragma('synchronous', { simple: true }), 1); // NORMAL
        // Read through a memory map (large values' overflow pages otherwise cost a pread each: stream-pages.ts).
        assert.equal(store.db.pragma('mmap_size', { simple: true }), 256 * 1024 * 1024);
      }
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: migrations apply once and record the component's version`, () => {
    const impl = make();
    const store = impl.open();
    try {
      store.migrate('widgets', MIGRATIONS.slice(0, 1));
      store.migrate('widgets', MIGRATIONS.slice(0, 1)); // a second call changes nothing (would fail if re-run)
      store.migrate('widgets', MIGRATIONS); // applies only version 2
      const row = store.db.prepare('SELECT version FROM kumo_schema WHERE component = ?').get('widgets');
      assert.deepEqual(row, { version: 2 });
      store.db.prepare('INSERT INTO widgets VALUES (?, ?, ?, ?)').run('000000000000', 'us-east-1', 'a', 'red');
      assert.deepEqual(store.db.prepare('SELECT name, color FROM widgets').all(), [{ name: 'a', color: 'red' }]);
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: migrate refuses a schema newer than the code knows`, () => {
    const impl = make();
    const store = impl.open();
    try {
      store.migrate('widgets', MIGRATIONS);
      assert.throws(() => store.migrate('widgets', MIGRATIONS.slice(0, 1)), (e) => isKumoError(e, 'KUMO_ERR_STORE_SCHEMA_NEWER'));
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: a failing migration rolls back and records nothing`, () => {
    const impl = make();
    const store = impl.open();
    try {
      assert.throws(() => store.migrate('broken', ['CREATE TABLE t1 (x INTEGER)', 'THIS IS NOT SQL']));
      assert.equal(store.db.prepare('SELECT version FROM kumo_schema WHERE component = ?').get('broken'), undefined);
      assert.equal(store.db.prepare(`SELECT name FROM sqlite_master WHERE name = 't1'`).get(), undefined);
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: a throwing transaction rolls back, and nested transactions commit with the outer one`, () => {
    const impl = make();
    const store = impl.open();
    try {
      store.migrate('widgets', MIGRATIONS);
      const insert = store.db.prepare('INSERT INTO widgets (account, region, name) VALUES (?, ?, ?)');
      assert.throws(() =>
        store.transaction(() => {
          insert.run('1', 'r', 'gone');
          throw new Error('boom');
        }),
      );
      const result = store.transaction(() => {
        insert.run('1', 'r', 'outer');
        assert.throws(() =>
          store.transaction(() => {
            insert.run('1', 'r', 'inner-rolled-back');
            throw new Error('inner');
          }),
        );
        store.transaction(() => insert.run('1', 'r', 'inner-kept'));
        return 42;
      });
      assert.equal(result, 42);
      const names = store.db.prepare('SELECT name FROM widgets ORDER BY name').pluck().all();
      assert.deepEqual(names, ['inner-kept', 'outer']);
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: of() returns a normalised copy of the scope`, () => {
    const impl = make();
    const store = impl.open();
    try {
      const scope = { account: '123456789012', region: 'EU-West-1', extra: true };
      assert.deepEqual(store.of(scope), { account: '123456789012', region: 'eu-west-1' });
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: reset wipes registered tables in every scope, keeps others, and clears blobs`, async () => {
    const impl = make();
    const blobs = openBlobStore({ inMemory: true });
    const store = impl.open({ blobs });
    try {
      store.migrate('widgets', [
        ...MIGRATIONS,
        'CREATE TABLE parts (widget TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, FOREIGN KEY (account, region, widget) REFERENCES widgets (account, region, name))',
        'CREATE TABLE keep_me (x INTEGER)',
      ]);
      // Child table registered after its parent: reset must still succeed with foreign keys on.
      store.registerTables('widgets', ['widgets', 'parts']);
      store.transaction(() => {
        for (const [account, region] of [['111111111111', 'us-east-1'], ['222222222222', 'eu-west-1']] as const) {
          store.db.prepare('INSERT INTO widgets (account, region, name) VALUES (?, ?, ?)').run(account, region, 'w');
          store.db.prepare('INSERT INTO parts VALUES (?, ?, ?)').run('w', account, region);
        }
        store.db.prepare('INSERT INTO keep_me VALUES (1)').run();
      });
      const blob = await blobs.write([Buffer.from('x')]);
      store.reset();
      assert.equal(store.db.prepare('SELECT count(*) FROM widgets').pluck().get(), 0);
      assert.equal(store.db.prepare('SELECT count(*) FROM parts').pluck().get(), 0);
      assert.equal(store.db.prepare('SELECT count(*) FROM keep_me').pluck().get(), 1);
      assert.throws(() => blobs.size(blob.id), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_MISSING'));
    } finally {
      store.close();
      impl.cleanup();
    }
  });

  test(`${label}: registerTables rejects names that are not plain identifiers`, () => {
    const impl = make();
    const store = impl.open();
    try {
      assert.throws(() => store.registerTables('x', ['a"; DROP TABLE kumo_meta; --']), (e) => isKumoError(e, 'KUMO_ERR_STORE_TABLE_NAME'));
    } finally {
      store.close();
      impl.cleanup();
    }
  });
}

test('file: reopening a data directory keeps rows and applies only missing migrations', () => {
  const impl = fileImpl();
  try {
    const first = impl.open();
    first.migrate('widgets', MIGRATIONS.slice(0, 1));
    first.transaction(() => first.db.prepare('INSERT INTO widgets VALUES (?, ?, ?)').run('1', 'r', 'kept'));
    first.close();
    const second = impl.open();
    second.migrate('widgets', MIGRATIONS);
    assert.deepEqual(second.db.prepare('SELECT name, color FROM widgets').all(), [{ name: 'kept', color: null }]);
    second.close();
    const third = impl.open();
    third.migrate('widgets', MIGRATIONS);
    assert.equal(third.db.prepare('SELECT version FROM kumo_schema WHERE component = ?').pluck().get('widgets'), 2);
    third.close();
  } finally {
    impl.cleanup();
  }
});

test('file: a store file from a newer format version is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-state-'));
  try {
    openStateStore({ dataDir: dir }).close();
    const raw = new Database(join(dir, STATE_FILE_NAME));
    raw.prepare(`UPDATE kumo_meta SET value = ? WHERE key = 'format_version'`).run(String(STORE_FORMAT_VERSION + 1));
    raw.close();
    assert.throws(() => openStateStore({ dataDir: dir }), (e) => isKumoError(e, 'KUMO_ERR_STORE_FORMAT_NEWER'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file: a missing data directory is created, including parents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-state-'));
  try {
    const store = openStateStore({ dataDir: join(dir, 'a', 'b', 'c') });
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file: a data directory that cannot be created fails with KUMO_ERR_STORE_DATA_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-state-'));
  try {
    writeFileSync(join(dir, 'file'), 'not a directory');
    assert.throws(() => openStateStore({ dataDir: join(dir, 'file', 'sub') }), (e) => isKumoError(e, 'KUMO_ERR_STORE_DATA_DIR'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
