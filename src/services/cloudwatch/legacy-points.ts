// The one-time conversion of buckets an earlier kumo stored one per row (cw_points) into 60-bucket blocks
// (cw_blocks, metric-blocks.ts), run when the metric store opens a database that still has such rows.
import type { StateStore } from '../../store/state-store.js';
import { Block, blockStart } from './metric-blocks.js';

/** Packs buckets stored one per row by an earlier kumo (cw_points) into blocks, once; `write` stores a block's row. */
export function convertLegacyPoints(store: StateStore, write: (b: Block) => void): void {
  const db = store.db;
  if (db.prepare('SELECT 1 FROM cw_points LIMIT 1').get() === undefined) return;
  type Row = { series_id: number; res: number; ts: number; unit: string; count: number; sum: number; min: number; max: number; sketch: Buffer };
  const rows = db.prepare('SELECT series_id, res, ts, unit, count, sum, min, max, sketch FROM cw_points ORDER BY series_id, res, ts, unit').all() as Row[];
  const blocks = new Map<string, Block>();
  for (const r of rows) {
    const start = blockStart(r.ts, r.res);
    const key = `${r.series_id}|${r.res}|${start}|${r.unit}`;
    let b = blocks.get(key);
    if (b === undefined) blocks.set(key, (b = new Block(r.series_id, r.res, start, r.unit)));
    const i = b.bucket(r.ts);
    b.count[i] = r.count;
    b.sum[i] = r.sum;
    b.min[i] = r.min;
    b.max[i] = r.max;
    b.setSketchWords(i, new Float64Array(new Uint8Array(r.sketch).buffer));
  }
  store.transaction(() => {
    for (const b of blocks.values()) write(b);
    db.prepare('DELETE FROM cw_points').run();
  });
}
