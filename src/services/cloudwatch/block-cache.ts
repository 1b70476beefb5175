// The cache of decoded metric blocks over cw_blocks: blocks found (memory, else SQLite, else new) for the merge and for
// reads, the dirty ones written in one go by the store's flush, least recently used clean ones evicted, expiry.
import type { Database, Statement } from 'better-sqlite3';
import { Block, BLOCK_BUCKETS, blockStart } from './metric-blocks.js';
import { TIERS } from './metric-model.js';

/** Decoded blocks kept for writes and reads: up to 60 buckets each, about 4–8 KB with their sketches (which stay
 *  encoded until written to), so at most ~30 MB. */
const HOT_BLOCKS = 4_000;

export class BlockCache {
  /** Recently written or read blocks, decoded (key series|res|block start|unit). kumo is the database's only writer,
   *  so these equal the stored rows; a write merges here and stores the result, never reading the row back, and a read
   *  of a cached block touches no BLOB. Bounded, least recently used out. */
  private readonly hot = new Map<string, Block>();
  /** `hot` blocks ahead of their rows (merged from logged puts, not yet written). Never evicted while dirty. The
   *  store's merge adds to it directly. */
  readonly dirty = new Set<Block>();
  /** Per series, the block each tier's last write went to (puts of one series mostly land in the same blocks): found
   *  without building a key or reordering `hot`. Only ever holds blocks that are in `hot` (eviction clears them). The
   *  store's merge reads and fills it directly. */
  readonly recent = new Map<number, Array<Block | undefined>>();
  private readonly stmts: {
    upsert: Statement<[number, number, number, string, Buffer, Buffer]>;
    block: Statement<[number, number, number, string], { stats: Buffer; sketches: Buffer }>;
    blocks: Statement<[number, number, number, number]>;
    blocksOfUnit: Statement<[number, number, number, number, string]>;
    expire: Statement<[number, number]>;
  };

  constructor(db: Database) {
    const where = 'series_id = ? AND res = ? AND block >= ? AND block < ?';
    this.stmts = {
      // Writes the block's full new value: the merge happened in memory (see `hot`), so no read precedes a write.
      upsert: db.prepare(
        `INSERT INTO cw_blocks (series_id, res, block, unit, stats, sketches) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, res, block, unit) DO UPDATE SET stats = excluded.stats, sketches = excluded.sketches`,
      ),
      block: db.prepare('SELECT stats, sketches FROM cw_blocks WHERE series_id = ? AND res = ? AND block = ? AND unit = ?'),
      // Which blocks a read needs: answered from the unique index alone; their contents come from the cache (`hot`).
      blocks: db.prepare(`SELECT block, unit FROM cw_blocks WHERE ${where} ORDER BY block, unit`).raw(true),
      blocksOfUnit: db.prepare(`SELECT block, unit FROM cw_blocks WHERE ${where} AND unit = ? ORDER BY block`).raw(true),
      // A block goes once its last bucket is past retention (reads never ask for older buckets: see chooseTier).
      expire: db.prepare('DELETE FROM cw_blocks WHERE res = ? AND block <= ? AND series_id IN (SELECT id FROM cw_series)'),
    };
  }

  /** The block for `key` (from memory, else SQLite, else empty), kept as the most recently used. */
  get(key: string, seriesId: number, res: number, start: number, unit: string): Block {
    let b = this.hot.get(key);
    if (b !== undefined) {
      this.hot.delete(key);
    } else {
      const row = this.stmts.block.get(seriesId, res, start, unit);
      b = row === undefined ? new Block(seriesId, res, start, unit) : Block.decode(seriesId, res, start, unit, row.stats, row.sketches);
      if (this.hot.size >= HOT_BLOCKS) {
        // Evict the oldest clean block; a dirty one stays until the next flush writes it.
        for (const [k, old] of this.hot) {
          if (old.dirty) continue;
          this.evict(k, old);
          break;
        }
      }
    }
    this.hot.set(key, b);
    return b;
  }

  /** The stored blocks of one series and tier that hold buckets in [startSec, endSec), in time order (then unit). */
  blocksIn(seriesId: number, res: number, startSec: number, endSec: number, unit: string | undefined): Block[] {
    const from = blockStart(startSec, res);
    const rows = (
      unit === undefined ? this.stmts.blocks.all(seriesId, res, from, endSec) : this.stmts.blocksOfUnit.all(seriesId, res, from, endSec, unit)
    ) as Array<[block: number, unit: string]>;
    return rows.map(([start, u]) => this.get(`${seriesId}|${res}|${start}|${u}`, seriesId, res, start, u));
  }

  /** Writes every dirty block's row; call inside the flush transaction, then `written` once it committed. */
  writeDirty(): void {
    for (const b of this.dirty) {
      this.writeRow(b);
      b.dirty = false;
    }
  }

  /** Writes a block's row (inserted, or replaced whole). */
  writeRow(b: Block): void {
    this.stmts.upsert.run(b.seriesId, b.res, b.start, b.unit, b.encodeStats(), b.encodeSketches());
  }

  /** After the dirty blocks were written: none is dirty, and the oldest clean ones go once the cache is over its size. */
  written(): void {
    this.dirty.clear();
    for (const [key, b] of this.hot) {
      if (this.hot.size <= HOT_BLOCKS) break;
      this.evict(key, b);
    }
  }

  /** Deletes the rows of blocks past each tier's retention (call inside a transaction, with nothing dirty), and
   *  forgets the cache, which may hold some of them. Returns the number of rows deleted. */
  expire(nowMs: number): number {
    let removed = 0;
    for (const tier of TIERS) {
      const span = tier.res * BLOCK_BUCKETS;
      removed += this.stmts.expire.run(tier.res, Math.floor((nowMs - tier.retainMs) / 1000) - span).changes;
    }
    return removed;
  }

  /** Forgets every cached block (after a reset, or an expiry). */
  clear(): void {
    this.hot.clear();
    this.recent.clear();
    this.dirty.clear();
  }

  /** Drops a clean block from the cache, and from `recent`, so that no write reaches a block the cache forgot. */
  private evict(key: string, b: Block): void {
    this.hot.delete(key);
    const recent = this.recent.get(b.seriesId);
    if (recent === undefined) return;
    for (let t = 0; t < recent.length; t++) if (recent[t] === b) recent[t] = undefined;
  }
}
