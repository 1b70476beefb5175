// Crash test: a child process commits rows and blobs and is SIGKILLed; every row it acknowledged must survive.
// Proves principle 4 ("nothing acknowledged is lost") for WAL + synchronous=NORMAL and temp-then-rename blobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBlobStore } from '../../src/store/blob-store.js';
import { openStateStore } from '../../src/store/state-store.js';

const WRITER = fileURLToPath(new URL('./crash-writer.js', import.meta.url));
const KILL_AFTER_ACKS = 200;

test('rows acknowledged before a SIGKILL are all there after reopening, each with its blob', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-crash-'));
  try {
    const child = spawn(process.execPath, [WRITER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if ((output.match(/^ok \d+$/gm) ?? []).length >= KILL_AFTER_ACKS) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    const signal = await exited;
    assert.equal(signal, 'SIGKILL', `writer died on its own: ${stderr}`);
    const acked = (output.match(/^ok \d+$/gm) ?? []).map((line) => Number(line.slice(3)));
    assert.ok(acked.length >= KILL_AFTER_ACKS);

    const blobs = openBlobStore({ dir: join(dataDir, 'blobs') });
    const store = openStateStore({ dataDir, blobs });
    try {
      const rows = new Map(
        (store.db.prepare('SELECT n, blob, size FROM crash_rows').all() as { n: number; blob: string; size: number }[]).map((r) => [r.n, r]),
      );
      for (const n of acked) {
        const row = rows.get(n);
        assert.ok(row, `acknowledged row ${n} is missing`);
        assert.equal(row.size, 1000 + n);
        assert.equal(blobs.size(row.blob), row.size);
      }
      // The sweeper keeps every referenced blob and removes at most the one written but never committed.
      const referenced = new Set([...rows.values()].map((r) => r.blob));
      assert.ok(blobs.sweep((id) => referenced.has(id)) <= 1);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
