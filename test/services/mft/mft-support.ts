// Test helpers for MFT: two nodes on their own loopback addresses with temp data dirs and minimal management info.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MftNode, type NodeOptions } from '../../../src/services/mft/node.js';
import { validate, type DefKind } from '../../../src/services/mft/definitions.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kumo-mft-${prefix}-`));
}

export function define(node: MftNode, kind: DefKind, id: string, fields: Record<string, string>, list: string[] = []): void {
  node.store.putDef(validate({ kind, id, fields, list }), true);
}

export interface Pair {
  a: MftNode;
  b: MftNode;
  dirs: string[];
  close(): Promise<void>;
}

/** Node A (sender, named "nodea") and node B (receiver, "nodeb"), each knowing the other as a host and group member. */
export async function startPair(addrA: string, addrB: string, optsA: Partial<NodeOptions> = {}, optsB: Partial<NodeOptions> = {}): Promise<Pair> {
  const dirs = [tempDir('a'), tempDir('b')];
  const a = new MftNode({ name: 'nodea', address: addrA, dataDir: dirs[0]!, settings: { retrycnt: 0, retrytimeMs: 50 }, ...optsA });
  const b = new MftNode({ name: 'nodeb', address: addrB, dataDir: dirs[1]!, settings: { retrycnt: 0, retrytimeMs: 50 }, ...optsB });
  await a.start();
  await b.start();
  define(a, 'hst', 'nodeb', { ADDRESS: addrB, KCODETYPE: '8' });
  define(b, 'hst', 'nodea', { ADDRESS: addrA, KCODETYPE: 'S' });
  define(a, 'tgrp', 'TOB', {}, ['nodeb']);
  define(b, 'tgrp', 'FROMA', {}, ['nodea']);
  return {
    a,
    b,
    dirs,
    async close() {
      await a.stop();
      await b.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
