// The metric store: series (namespace + name + sorted dimensions) and buckets of SampleCount/Sum/Min/Max plus a
// percentile sketch at the retention tiers AWS keeps (1 s for 3 h, 60 s for 15 days, 300 s for 63 days, 1 h for 455
// days; User Guide "Metrics retention"), packed 60 to a SQLite row (metric-blocks.ts). A put appends one line to the
// put log file (put-log-file.ts), or commits one log row when it creates or touches a series; buckets merge in memory
// and reach their blocks in one deferred write (before any read, or once enough piled up); a read picks one tier and
// costs the blocks that hold the buckets it returns.
import { dirname } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { StateStore } from '../../store/state-store.js';
import { Block, BLOCK_BUCKETS, blockStart, visitBlocks, type BucketVisitor } from './metric-blocks.js';
import { CLOUDWATCH_COMPONENT, CLOUDWATCH_MIGRATIONS, CLOUDWATCH_TABLES } from './migrations.js';
import { logLine, PutLogFile, toLogged, type LoggedDatum, type PutLogContents } from './put-log-file.js';
import { sameDimensions, SentSeries } from './sent-series.js';

export interface Scope {
  account: string;
  region: string;
}

export interface Dimension {
  Name: string;
  Value: string;
}

/** One datum after validation: plain values with counts, or a statistic set. */
export interface MetricDatum {
  namespace: string;
  metricName: string;
  dimensions: readonly Dimension[];
  /** Epoch milliseconds. */
  timestamp: number;
  unit: string;
  storageResolution: 1 | 60;
  values?: ReadonlyArray<readonly [value: number, count: number]> | undefined;
  statisticSet?: { sampleCount: number; sum: number; min: number; max: number };
}

export interface Tier {
  res: number;
  retainMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const TIERS: readonly Tier[] = [
  { res: 1, retainMs: 3 * HOUR },
  { res: 60, retainMs: 15 * DAY },
  { res: 300, retainMs: 63 * DAY },
  { res: 3600, retainMs: 455 * DAY },
];

/** A bucket as `read` lists it: [ts, unit, count, sum, min, max, sketch words?]. */
export type BucketRow = [ts: number, unit: string, count: number, sum: number, min: number, max: number, sketch?: Float64Array | undefined];

export interface SeriesInfo {
  id: number;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** Canonical dimension key: sorted by name (then value), as JSON. */
export function dimensionsKey(dims: readonly Dimension[]): string {
  const sorted = [...dims].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : a.Value < b.Value ? -1 : a.Value > b.Value ? 1 : 0));
  return JSON.stringify(sorted.map((d) => [d.Name, d.Value]));
}

function parseDims(key: string): Dimension[] {
  return (JSON.parse(key) as Array<[string, string]>).map(([Name, Value]) => ({ Name, Value }));
}

/** The tier for a read at `periodSec` starting `startMs`, or undefined when AWS keeps no data at that period then. */
export function chooseTier(periodSec: number, startMs: number, nowMs: number): Tier | undefined {
  const age = nowMs - startMs;
  const startSec = Math.floor(startMs / 1000);
  let best: Tier | undefined;
  for (const tier of TIERS) {
    if (age > tier.retainMs) continue; // finer data of that age is gone (GetMetricStatistics reference, StartTime)
    if (periodSec % tier.res !== 0 || startSec % tier.res !== 0) continue;
    best = tier; // later tiers are coarser: the coarsest usable one reads the fewest buckets
  }
  return best;
}

/** Decoded blocks kept for writes and reads: up to 60 buckets each, about 4–8 KB with their sketches (which stay
 *  encoded until written to), so at most ~30 MB. */
const HOT_BLOCKS = 4_000;
/** Blocks merged in memory but not yet written: past this many (or this many log rows), a put writes them at once. */
const DIRTY_BLOCKS = 1_000;
/** Past this many logged puts, or this many bytes of them, a put writes the merged blocks: each write costs its blocks
 *  whatever the number of puts behind them (a put spread over many blocks, as the cloudwatch-http bench's 1,440
 *  minutes are, wrote ~600 blocks every 2,000 puts), and what is logged is replayed at start (10,000 puts of 20 datums
 *  replay in about 0.4 s). */
const LOG_ROWS = 10_000;
const LOG_BYTES = 16 * 1024 * 1024;
/** Datums committed but not merged yet: merged in one pass once this many are waiting, or before a flush. Merging a
 *  put's datums as it is answered ran the same few hundred lines cold on every request (a server sleeps between
 *  requests); a pass over many puts runs them warm, at a fraction of the cost per datum. */
const PENDING_DATUMS = 1_000;


export class MetricStore {
  private readonly seriesIds = new Map<string, number>();
  /** The same ids keyed by the series as a put spelled it (sent-series.ts). Bounded. */
  private readonly seriesAsSent = new SentSeries();
  /** Series looked up and not found (alarms on metrics nobody has put yet are evaluated every period): kumo is the
   *  only writer, so ensureSeries is the one place that ends an absence. Bounded: cleared when it grows past a cap. */
  private readonly missing = new Set<string>();
  /** Recently written or read blocks, decoded (key series|res|block start|unit). kumo is the database's only writer,
   *  so these equal the stored rows; a write merges here and stores the result, never reading the row back, and a read
   *  of a cached block touches no BLOB. Bounded, least recently used out. */
  private readonly hot = new Map<string, Block>();
  /** `hot` blocks ahead of their rows (merged from logged puts, not yet written). Never evicted while dirty. */
  private readonly dirty = new Set<Block>();
  /** Per series, the block each tier's last write went to (puts of one series mostly land in the same blocks): found
   *  without building a key or reordering `hot`. Only ever holds blocks that are in `hot` (eviction clears them). */
  private readonly recent = new Map<number, Array<Block | undefined>>();
  /** Puts logged (SQLite rows and file lines) since the last flush. */
  private loggedRows = 0;
  private logBytes = 0;
  /** The put log file (a store on disk), its generation, and its lines since it was last restarted. Undefined in
   *  memory, or once restarting it failed: then every put logs a SQLite row, as all did before the file. */
  private log: PutLogFile | undefined;
  private logGen = 0;
  private fileLines = 0;
  /** Committed puts not yet merged into `hot` (see PENDING_DATUMS); `flush` merges them first. */
  private pending: LoggedDatum[][] = [];
  private pendingDatums = 0;
  /** Last recorded last_put per series: the row is rewritten at most once a minute (ListMetrics needs only that). */
  private readonly touchedAt = new Map<number, number>();
  private readonly stmts: {
    seriesId: Statement<[string, string, string, string, string], { id: number }>;
    insertSeries: Statement<[string, string, string, string, string, number], { id: number }>;
    touchSeries: Statement<[number, number]>;
    upsert: Statement<[number, number, number, string, Buffer, Buffer]>;
    block: Statement<[number, number, number, string], { stats: Buffer; sketches: Buffer }>;
    blocks: Statement<[number, number, number, number]>;
    blocksOfUnit: Statement<[number, number, number, number, string]>;
    list: Statement<[string, string, number]>;
    listNs: Statement<[string, string, string, number]>;
    listNsName: Statement<[string, string, string, string, number]>;
    expire: Statement<[number, number]>;
    log: Statement<[string]>;
    logRows: Statement<[]>;
    clearLog: Statement<[]>;
    logGen: Statement<[], { gen: number }>;
    clearLogGen: Statement<[]>;
    setLogGen: Statement<[number]>;
  };

  constructor(private readonly store: StateStore) {
    store.migrate(CLOUDWATCH_COMPONENT, CLOUDWATCH_MIGRATIONS);
    store.registerTables(CLOUDWATCH_COMPONENT, CLOUDWATCH_TABLES);
    const db = store.db;
    const where = 'series_id = ? AND res = ? AND block >= ? AND block < ?';
    this.stmts = {
      seriesId: db.prepare('SELECT id FROM cw_series WHERE account = ? AND region = ? AND namespace = ? AND metric_name = ? AND dims = ?'),
      insertSeries: db.prepare(
        'INSERT INTO cw_series (account, region, namespace, metric_name, dims, last_put) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      ),
      touchSeries: db.prepare('UPDATE cw_series SET last_put = max(last_put, ?) WHERE id = ?'),
      // Writes the block's full new value: the merge happened in memory (see `hot`), so no read precedes a write.
      upsert: db.prepare(
        `INSERT INTO cw_blocks (series_id, res, block, unit, stats, sketches) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, res, block, unit) DO UPDATE SET stats = excluded.stats, sketches = excluded.sketches`,
      ),
      block: db.prepare('SELECT stats, sketches FROM cw_blocks WHERE series_id = ? AND res = ? AND block = ? AND unit = ?'),
      // Which blocks a read needs: answered from the unique index alone; their contents come from the cache (`hot`).
      blocks: db.prepare(`SELECT block, unit FROM cw_blocks WHERE ${where} ORDER BY block, unit`).raw(true),
      blocksOfUnit: db.prepare(`SELECT block, unit FROM cw_blocks WHERE ${where} AND unit = ? ORDER BY block`).raw(true),
      list: db.prepare('SELECT id, namespace, metric_name, dims FROM cw_series WHERE account = ? AND region = ? AND last_put >= ? ORDER BY namespace, metric_name, dims'),
      listNs: db.prepare(
        'SELECT id, namespace, metric_name, dims FROM cw_series WHERE account = ? AND region = ? AND namespace = ? AND last_put >= ? ORDER BY metric_name, dims',
      ),
      listNsName: db.prepare(
        'SELECT id, namespace, metric_name, dims FROM cw_series WHERE account = ? AND region = ? AND namespace = ? AND metric_name = ? AND last_put >= ? ORDER BY dims',
      ),
      // A block goes once its last bucket is past retention (reads never ask for older buckets: see chooseTier).
      expire: db.prepare('DELETE FROM cw_blocks WHERE res = ? AND block <= ? AND series_id IN (SELECT id FROM cw_series)'),
      log: db.prepare('INSERT INTO cw_put_log (datums) VALUES (?)'),
      logRows: db.prepare('SELECT datums FROM cw_put_log ORDER BY seq'),
      clearLog: db.prepare('DELETE FROM cw_put_log'),
      logGen: db.prepare('SELECT gen FROM cw_put_log_gen'),
      clearLogGen: db.prepare('DELETE FROM cw_put_log_gen'),
      setLogGen: db.prepare('INSERT INTO cw_put_log_gen (gen) VALUES (?)'),
    };
    this.convertLegacyPoints();
    let contents: PutLogContents | undefined;
    if (!db.memory) {
      const opened = PutLogFile.open(dirname(db.name));
      this.log = opened.file;
      contents = opened.contents;
    }
    this.replay(contents);
  }

  /** Packs buckets stored one per row by an earlier kumo (cw_points) into blocks, once. */
  private convertLegacyPoints(): void {
    const db = this.store.db;
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
    this.store.transaction(() => {
      for (const b of blocks.values()) this.stmts.upsert.run(b.seriesId, b.res, b.start, b.unit, b.encodeStats(), b.encodeSketches());
      db.prepare('DELETE FROM cw_points').run();
    });
  }

  /** Merges puts acknowledged before a crash or restart (their log rows, and the file's lines when its generation is
   *  the one recorded as unmerged) into the buckets and writes them; then the file starts a new generation. */
  private replay(file: PutLogContents | undefined): void {
    const rows = this.stmts.logRows.all() as Array<{ datums: string }>;
    for (const r of rows) this.merge(JSON.parse(r.datums) as LoggedDatum[]);
    this.loggedRows = rows.length;
    if (file !== undefined) {
      const recorded = this.stmts.logGen.get()?.gen;
      if (recorded !== undefined && file.gen === recorded) {
        for (const line of file.lines) this.merge(JSON.parse(line) as LoggedDatum[]);
        this.fileLines = file.lines.length;
        this.loggedRows += file.lines.length;
      }
      this.logGen = Math.max(recorded ?? 0, file.gen ?? 0);
      // Always a fresh generation: a flush with nothing to write would leave a stale file (or none) in place.
      this.fileLines++;
      this.loggedRows++;
    }
    this.flush();
  }

  /** Writes every bucket merged in memory since the last flush, and drops the log rows and file lines they came from,
   *  atomically (the file's generation advances in the same transaction; the file is emptied after it commits). */
  flush(): void {
    this.mergePending();
    if (this.dirty.size === 0 && this.loggedRows === 0) return;
    const nextGen = this.fileLines > 0 ? this.logGen + 1 : undefined;
    this.store.transaction(() => {
      for (const b of this.dirty) {
        this.stmts.upsert.run(b.seriesId, b.res, b.start, b.unit, b.encodeStats(), b.encodeSketches());
        b.dirty = false;
      }
      this.stmts.clearLog.run();
      if (nextGen !== undefined) this.recordLogGen(nextGen);
    });
    this.dirty.clear();
    this.loggedRows = 0;
    this.logBytes = 0;
    if (nextGen !== undefined) this.restartLog(nextGen);
    // Evict the oldest clean blocks once the cache is over its size (dirty ones were written just now).
    for (const [key, b] of this.hot) {
      if (this.hot.size <= HOT_BLOCKS) break;
      this.evict(key, b);
    }
  }

  private recordLogGen(gen: number): void {
    this.stmts.clearLogGen.run();
    this.stmts.setLogGen.run(gen);
  }

  /** Empties the file under generation `gen` (already committed). If that fails the file is left for good: its header
   *  no longer matches, so it is never replayed, and puts log SQLite rows instead. */
  private restartLog(gen: number): void {
    this.fileLines = 0;
    this.logGen = gen;
    try {
      this.log?.restart(gen);
    } catch {
      this.log?.close();
      this.log = undefined;
    }
  }

  /** Forgets cached series ids (after a reset wiped the tables, the log's generation row among them). */
  clearCache(): void {
    this.seriesIds.clear();
    this.seriesAsSent.clear();
    this.missing.clear();
    this.touchedAt.clear();
    this.hot.clear();
    this.recent.clear();
    this.dirty.clear();
    this.loggedRows = 0;
    this.logBytes = 0;
    this.pending = [];
    this.pendingDatums = 0;
    if (this.log !== undefined) {
      const gen = this.logGen + 1;
      this.store.transaction(() => this.recordLogGen(gen));
      this.restartLog(gen);
    }
  }

  /** Stores datums, durable before PutMetricData answers: when every series is known and none is due a last_put
   *  update, as one line appended to the put log file; else in one transaction that creates the new series and logs
   *  the datums as a row. Then they merge into the in-memory buckets. Returns the ids of the series written. */
  put(scope: Scope, datums: readonly MetricDatum[], nowMs: number): Set<number> {
    if (this.log !== undefined) {
      const done = this.putToFile(this.log, scope, datums, nowMs);
      if (done !== undefined) return done;
    }
    const touched = new Set<number>();
    const logged: LoggedDatum[] = [];
    let line = '';
    try {
      this.store.transaction(() => {
        for (const d of datums) {
          const id = this.ensureSeries(scope, d.namespace, d.metricName, d.dimensions, nowMs);
          touched.add(id);
          const entry = toLogged(id, d);
          if (entry !== undefined) logged.push(entry);
        }
        if (logged.length > 0) {
          line = JSON.stringify(logged);
          this.stmts.log.run(line);
        }
        for (const id of touched) {
          if ((this.touchedAt.get(id) ?? -Infinity) > nowMs - 60_000) continue;
          this.stmts.touchSeries.run(nowMs, id);
          this.touchedAt.set(id, nowMs);
        }
      });
    } catch (e) {
      // The transaction rolled back: series ids just inserted may be cached. Buckets were not touched yet.
      this.seriesIds.clear();
      this.seriesAsSent.clear();
      this.missing.clear();
      this.touchedAt.clear();
      throw e;
    }
    if (logged.length > 0) this.accept(logged, line.length);
    return touched;
  }

  /** The file path of `put`: undefined (nothing written) when a series is new to this process or due a touch. */
  private putToFile(log: PutLogFile, scope: Scope, datums: readonly MetricDatum[], nowMs: number): Set<number> | undefined {
    const touched = new Set<number>();
    const logged: LoggedDatum[] = [];
    let names: Map<string, number> | undefined;
    let namespace = '';
    let dims: readonly Dimension[] | undefined;
    for (let k = 0; k < datums.length; k++) {
      const d = datums[k] as MetricDatum;
      if (dims === undefined || d.namespace !== namespace || !sameDimensions(d.dimensions, dims)) {
        namespace = d.namespace;
        dims = d.dimensions;
        names = this.seriesAsSent.group(scope, namespace, dims);
      }
      const id = names?.get(d.metricName);
      if (id === undefined) return undefined;
      if (!touched.has(id)) {
        if ((this.touchedAt.get(id) ?? -Infinity) <= nowMs - 60_000) return undefined;
        touched.add(id);
      }
      const entry = toLogged(id, d);
      if (entry !== undefined) logged.push(entry);
    }
    if (logged.length > 0) {
      const line = logLine(logged);
      log.append(line);
      this.fileLines++;
      this.accept(logged, line.length);
    }
    return touched;
  }

  /** Takes datums just logged: they wait in `pending`, merged and written in batches. */
  private accept(logged: LoggedDatum[], bytes: number): void {
    this.loggedRows++;
    this.logBytes += bytes;
    this.pending.push(logged);
    this.pendingDatums += logged.length;
    if (this.pendingDatums >= PENDING_DATUMS) this.mergePending();
    if (this.dirty.size >= DIRTY_BLOCKS || this.loggedRows >= LOG_ROWS || this.logBytes >= LOG_BYTES) this.flush();
  }

  /** Merges the committed puts waiting in `pending`, in the order they were committed. */
  private mergePending(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    this.pendingDatums = 0;
    for (const logged of pending) this.merge(logged);
  }

  /** Adds logged datums to the buckets of every tier at or above each datum's resolution, in memory. */
  private merge(logged: readonly LoggedDatum[]): void {
    // Indexed loops, no destructuring: this runs for every datum put (iterators here cost more than the arithmetic).
    for (let k = 0; k < logged.length; k++) {
      const d = logged[k] as LoggedDatum;
      const id = d[0];
      const res = d[1];
      const sec = d[2];
      const unit = d[3];
      const values = d[4];
      const set = d[5];
      let count = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      if (set !== null) {
        count = set[0];
        sum = set[1];
        min = set[2];
        max = set[3];
      } else if (values !== null) {
        for (let j = 0; j < values.length; j++) {
          const pair = values[j] as [number, number];
          const v = pair[0];
          const c = pair[1];
          if (!(c > 0)) continue; // a count of 0 records nothing
          count += c;
          sum += v * c;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      if (count === 0) continue;
      let recent = this.recent.get(id);
      if (recent === undefined) {
        if (this.recent.size >= 100_000) this.recent.clear();
        this.recent.set(id, (recent = []));
      }
      for (let t = 0; t < TIERS.length; t++) {
        const tier = TIERS[t] as Tier;
        if (tier.res < res) continue;
        const ts = sec - (sec % tier.res);
        const start = blockStart(ts, tier.res);
        let b = recent[t];
        if (b === undefined || b.start !== start || b.unit !== unit) {
          b = this.blockFor(`${id}|${tier.res}|${start}|${unit}`, id, tier.res, start, unit);
          recent[t] = b;
        }
        const i = b.bucket(ts);
        b.count[i] = (b.count[i] as number) + count;
        b.sum[i] = (b.sum[i] as number) + sum;
        if (min < (b.min[i] as number)) b.min[i] = min;
        if (max > (b.max[i] as number)) b.max[i] = max;
        const sketch = b.sketchAt(i);
        if (set !== null) sketch.addStatisticSet(set[0], set[2], set[3]);
        else if (values !== null) {
          for (let j = 0; j < values.length; j++) {
            const pair = values[j] as [number, number];
            sketch.add(pair[0], pair[1]);
          }
        }
        if (!b.dirty) {
          b.dirty = true;
          this.dirty.add(b);
        }
      }
    }
  }

  /** The block for `key` (from memory, else SQLite, else empty), kept as the most recently used. */
  private blockFor(key: string, seriesId: number, res: number, start: number, unit: string): Block {
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

  /** Drops a clean block from the cache, and from `recent`, so that no write reaches a block the cache forgot. */
  private evict(key: string, b: Block): void {
    this.hot.delete(key);
    const recent = this.recent.get(b.seriesId);
    if (recent === undefined) return;
    for (let t = 0; t < recent.length; t++) if (recent[t] === b) recent[t] = undefined;
  }

  private ensureSeries(scope: Scope, namespace: string, name: string, dims: readonly Dimension[], nowMs: number): number {
    const known = this.seriesAsSent.get(scope, namespace, name, dims);
    if (known !== undefined) return known;
    const id = this.ensureSeriesSorted(scope, namespace, name, dims, nowMs);
    this.seriesAsSent.set(scope, namespace, name, dims, id);
    return id;
  }

  private ensureSeriesSorted(scope: Scope, namespace: string, name: string, dims: readonly Dimension[], nowMs: number): number {
    const dimsKey = dimensionsKey(dims);
    const key = `${scope.account}\u0000${scope.region}\u0000${namespace}\u0000${name}\u0000${dimsKey}`;
    let id = this.seriesIds.get(key);
    if (id === undefined) {
      id =
        this.stmts.seriesId.get(scope.account, scope.region, namespace, name, dimsKey)?.id ??
        (this.stmts.insertSeries.get(scope.account, scope.region, namespace, name, dimsKey, nowMs) as { id: number }).id;
      this.seriesIds.set(key, id);
      this.missing.delete(key);
    }
    return id;
  }

  /** The id of an existing series, or undefined. */
  seriesId(scope: Scope, namespace: string, name: string, dims: readonly Dimension[]): number | undefined {
    const dimsKey = dimensionsKey(dims);
    return this.seriesIdByKey(`${scope.account}\u0000${scope.region}\u0000${namespace}\u0000${name}\u0000${dimsKey}`, scope, namespace, name, dimsKey);
  }

  /** seriesId for a caller that keeps the series key (account, region, namespace, name and dimensionsKey joined by
   *  NUL, as alarm-engine's seriesKey builds it) and its dimensionsKey: no sorting or JSON per call. */
  seriesIdByKey(key: string, scope: Scope, namespace: string, name: string, dimsKey: string): number | undefined {
    const cached = this.seriesIds.get(key);
    if (cached !== undefined) return cached;
    if (this.missing.has(key)) return undefined;
    const id = this.stmts.seriesId.get(scope.account, scope.region, namespace, name, dimsKey)?.id;
    if (id !== undefined) this.seriesIds.set(key, id);
    else {
      if (this.missing.size >= 100_000) this.missing.clear();
      this.missing.add(key);
    }
    return id;
  }

  /** Visits the buckets of one tier with start in [startSec, endSec), in time order (one cached block, or one SQLite
   *  row, per 60 buckets); with sketches only when asked. */
  scan(seriesId: number, res: number, startSec: number, endSec: number, unit: string | undefined, withSketch: boolean, visit: BucketVisitor): void {
    this.flush();
    const from = blockStart(startSec, res);
    const rows = (
      unit === undefined ? this.stmts.blocks.all(seriesId, res, from, endSec) : this.stmts.blocksOfUnit.all(seriesId, res, from, endSec, unit)
    ) as Array<[block: number, unit: string]>;
    const blocks = rows.map(([start, u]) => this.blockFor(`${seriesId}|${res}|${start}|${u}`, seriesId, res, start, u));
    visitBlocks(blocks, startSec, endSec, withSketch, visit);
  }

  /** The buckets `scan` visits, as a list. */
  read(seriesId: number, res: number, startSec: number, endSec: number, unit: string | undefined, withSketch: boolean): BucketRow[] {
    const out: BucketRow[] = [];
    this.scan(seriesId, res, startSec, endSec, unit, withSketch, (...row) => {
      out.push(withSketch ? row : [row[0], row[1], row[2], row[3], row[4], row[5]]);
    });
    return out;
  }

  /** Series active since `sinceMs`, narrowed by namespace and name through the index, in a stable order. */
  listSeries(scope: Scope, sinceMs: number, namespace?: string, metricName?: string): SeriesInfo[] {
    type Row = { id: number; namespace: string; metric_name: string; dims: string };
    const rows = (
      namespace === undefined
        ? this.stmts.list.all(scope.account, scope.region, sinceMs)
        : metricName === undefined
          ? this.stmts.listNs.all(scope.account, scope.region, namespace, sinceMs)
          : this.stmts.listNsName.all(scope.account, scope.region, namespace, metricName, sinceMs)
    ) as Row[];
    const out = rows.map((r) => ({ id: r.id, namespace: r.namespace, metricName: r.metric_name, dimensions: parseDims(r.dims) }));
    if (namespace === undefined && metricName !== undefined) return out.filter((s) => s.metricName === metricName);
    return out;
  }

  /** Drops buckets older than each tier keeps. Runs on the clock; reads also ignore them by choosing tiers by age. */
  expire(nowMs: number): number {
    this.flush();
    let removed = 0;
    this.store.transaction(() => {
      for (const tier of TIERS) {
        const span = tier.res * BLOCK_BUCKETS;
        removed += this.stmts.expire.run(tier.res, Math.floor((nowMs - tier.retainMs) / 1000) - span).changes;
      }
    });
    // Cached blocks may be among those just deleted; the cache holds only clean ones after the flush above.
    this.hot.clear();
    this.recent.clear();
    return removed;
  }
}
