// Child process for the crash test: writes a blob and a row per step, printing "ok <n>" after each commit.
// The parent SIGKILLs it mid-stream and checks that every acknowledged row (and its blob) survived.
import { openBlobStore } from '../../src/store/blob-store.js';
import { openStateStore } from '../../src/store/state-store.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: crash-writer <dataDir>');
const blobs = openBlobStore({ dir: `${dataDir}/blobs` });
const store = openStateStore({ dataDir, blobs });
store.migrate('crash', ['CREATE TABLE crash_rows (n INTEGER PRIMARY KEY, blob TEXT NOT NULL, size INTEGER NOT NULL)']);
const insert = store.db.prepare('INSERT INTO crash_rows (n, blob, size) VALUES (?, ?, ?)');

for (let n = 1; ; n++) {
  const body = Buffer.alloc(1000 + n, n % 256);
  const { id, size } = await blobs.write([body]);
  store.transaction(() => insert.run(n, id, size));
  process.stdout.write(`ok ${n}\n`);
}
