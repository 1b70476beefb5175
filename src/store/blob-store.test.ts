// Conformance tests for the blob store, run against both the file-backed and the in-memory implementation.
// Covers write/read/range/size/delete/clear/sweep and that a failing source leaves neither blob nor temp file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKumoError } from '../core/kumo-error.js';
import { openBlobStore, type BlobStore } from './blob-store.js';

interface Impl {
  name: string;
  store: BlobStore;
  /** Every file under the blob directory (file implementation), for leak checks. */
  files(): string[];
  cleanup(): void;
}

function fileImpl(): Impl {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-blobs-'));
  return {
    name: 'file',
    store: openBlobStore({ dir }),
    files: () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function memoryImpl(): Impl {
  return { name: 'memory', store: openBlobStore({ inMemory: true }), files: () => [], cleanup: () => {} };
}

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(out).toString('utf8');
}

for (const make of [fileImpl, memoryImpl]) {
  const label = make().name;

  test(`${label}: a written blob reads back whole, with its size`, async () => {
    const impl = make();
    try {
      const { id, size } = await impl.store.write(chunks('hello ', 'blob ', 'world'));
      assert.equal(size, 16);
      assert.equal(impl.store.size(id), 16);
      assert.equal(await readAll(impl.store.read(id)), 'hello blob world');
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: an empty source makes an empty blob`, async () => {
    const impl = make();
    try {
      const { id, size } = await impl.store.write(chunks());
      assert.equal(size, 0);
      assert.equal(await readAll(impl.store.read(id)), '');
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: ranges are inclusive and clamp the end to the last byte`, async () => {
    const impl = make();
    try {
      const { id } = await impl.store.write(chunks('0123456789'));
      assert.equal(await readAll(impl.store.read(id, { start: 2, end: 4 })), '234');
      assert.equal(await readAll(impl.store.read(id, { start: 9, end: 9 })), '9');
      assert.equal(await readAll(impl.store.read(id, { start: 7, end: 100 })), '789');
      assert.throws(() => impl.store.read(id, { start: 10, end: 12 }), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_RANGE'));
      assert.throws(() => impl.store.read(id, { start: 5, end: 4 }), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_RANGE'));
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: large multi-chunk blobs keep every byte`, async () => {
    const impl = make();
    try {
      const part = Buffer.alloc(256 * 1024, 'abcdefgh');
      const { id, size } = await impl.store.write(
        (async function* () {
          for (let i = 0; i < 8; i++) yield part;
        })(),
      );
      assert.equal(size, 8 * part.length);
      const text = await readAll(impl.store.read(id));
      assert.equal(text.length, size);
      assert.equal(text, part.toString().repeat(8));
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: a deleted blob is gone, and deleting twice is harmless`, async () => {
    const impl = make();
    try {
      const { id } = await impl.store.write(chunks('x'));
      impl.store.delete(id);
      impl.store.delete(id);
      assert.throws(() => impl.store.size(id), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_MISSING'));
      assert.throws(() => impl.store.read(id), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_MISSING'));
      assert.deepEqual(impl.files(), []);
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: a source that errors rejects and leaves no blob and no temp file`, async () => {
    const impl = make();
    try {
      const failing = (async function* () {
        yield Buffer.from('partial bytes');
        throw new Error('client went away');
      })();
      await assert.rejects(impl.store.write(failing), /client went away/);
      assert.deepEqual(impl.files(), []);
      assert.equal(impl.store.sweep(() => false), 0);
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: sweep removes only unreferenced blobs and reports how many`, async () => {
    const impl = make();
    try {
      const keep = await impl.store.write(chunks('keep'));
      const drop1 = await impl.store.write(chunks('drop1'));
      const drop2 = await impl.store.write(chunks('drop2'));
      const asked: string[] = [];
      const removed = impl.store.sweep((id) => {
        asked.push(id);
        return id === keep.id;
      });
      assert.equal(removed, 2);
      assert.deepEqual(asked.sort(), [keep.id, drop1.id, drop2.id].sort());
      assert.equal(await readAll(impl.store.read(keep.id)), 'keep');
      assert.throws(() => impl.store.size(drop1.id), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_MISSING'));
    } finally {
      impl.cleanup();
    }
  });

  test(`${label}: clear removes every blob`, async () => {
    const impl = make();
    try {
      const a = await impl.store.write(chunks('a'));
      const b = await impl.store.write(chunks('b'));
      impl.store.clear();
      assert.throws(() => impl.store.size(a.id), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_MISSING'));
      assert.throws(() => impl.store.size(b.id), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_MISSING'));
      assert.deepEqual(impl.files(), []);
    } finally {
      impl.cleanup();
    }
  });
}

test('file: sweep removes stale temp files but not one a write is still filling', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-blobs-'));
  try {
    const store = openBlobStore({ dir });
    writeFileSync(join(dir, 'tmp', 'leftover-from-a-crash.tmp'), 'junk');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pending = store.write(
      (async function* () {
        yield Buffer.from('first half ');
        await gate;
        yield Buffer.from('second half');
      })(),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    store.sweep(() => false);
    assert.equal(readdirSync(join(dir, 'tmp')).length, 1); // only the in-flight temp file remains
    release();
    const { id } = await pending;
    assert.equal(await readAll(store.read(id)), 'first half second half');
    assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file: ids that are not blob ids are refused instead of naming other paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-blobs-'));
  try {
    const store = openBlobStore({ dir });
    assert.throws(() => store.size('../../etc/passwd'), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_ID'));
    assert.throws(() => store.delete('..'), (e) => isKumoError(e, 'KUMO_ERR_STORE_BLOB_ID'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file: a blob directory that cannot be created fails with KUMO_ERR_STORE_DATA_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-blobs-'));
  try {
    writeFileSync(join(dir, 'file'), 'x');
    assert.throws(() => openBlobStore({ dir: join(dir, 'file', 'blobs') }), (e) => isKumoError(e, 'KUMO_ERR_STORE_DATA_DIR'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
