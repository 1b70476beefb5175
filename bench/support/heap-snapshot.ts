// Reads a V8 heap snapshot (node --heapsnapshot-signal) into retained self size and count per constructor name, and
// diffs two of them, so the soak benchmark can name what grows instead of only showing that RSS moved.
import { readFileSync } from 'node:fs';

export interface HeapSummary {
  /** name → [count, self bytes] */
  byName: Map<string, [number, number]>;
  total: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export function summarizeHeap(path: string): HeapSummary {
  const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const byName = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt]!]!;
    // Strings and code are grouped by type; objects and closures by constructor name.
    const name = type === 'object' || type === 'closure' ? `${type}:${s.strings[s.nodes[i + nameAt]!]}` : type;
    const size = s.nodes[i + sizeAt]!;
    total += size;
    const e = byName.get(name) ?? [0, 0];
    e[0]++;
    e[1] += size;
    byName.set(name, e);
  }
  return { byName, total };
}

/** The `top` entries that grew most in self size from `before` to `after`. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top = 8): string[] {
  const rows = [...after.byName].map(([name, [count, size]]) => {
    const [c0, s0] = before.byName.get(name) ?? [0, 0];
    return { name, dCount: count - c0, dSize: size - s0 };
  });
  return rows.sort((a, b) => b.dSize - a.dSize).slice(0, top).map((r) => `${r.name} ${r.dSize >= 0 ? '+' : ''}${(r.dSize / 1024).toFixed(0)} KiB (${r.dCount >= 0 ? '+' : ''}${r.dCount})`);
}
