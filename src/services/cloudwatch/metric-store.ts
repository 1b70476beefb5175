// The metric store: datums put into buckets of SampleCount/Sum/Min/Max plus a percentile sketch at each retention tier
// (metric-model.ts), packed 60 to a SQLite row (metric-blocks.ts, cached decoded by block-cache.ts) for series kept in
// series-catalog.ts. A put appends one line to the put log file (put-log-file.ts), or commits one log row when it
// creates or touches a series; buckets merge in memory and reach their blocks in one deferred write (before any read,
// or once enough piled up), the log replayed at start; a read picks one tier and costs the blocks holding its buckets.
import { dirname } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { StateStore } from '../../store/state-store.js';
import { BlockCache } from './block-cache.js';
import { convertLegacyPoints } from './legacy-points.js';
import { blockStart, visitBlocks, type Block, type BucketVisitor } from './metric-blocks.js';
import { TIERS, type BucketRow, type Dimension, type MetricDatum, type Scope, type SeriesInfo, type Tier } from './metric-model.js';
import { CLOUDWATCH_COMPONENT, CLOUDWATCH_MIGRATIONS, CLOUDWATCH_TABLES } from './migrations.js';
import { logLine, PutLogFile, toLogged, type LoggedDatum, type PutLogContents } from './put-log-file.js';
import { sameDimensions, type SentSeries } from './sent-series.js';
import { SeriesCatalog } from './series-catalog.js';

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
  private readonly series: SeriesCatalog;
  /** The catalogue's ids keyed by the series as a put spelled it, held here too: the put path reads it directly. */
  private readonly seriesAsSent: SentSeries;
  /** Decoded blocks (block-cache.ts); its `dirty` and `recent` are held here too: the merge loop uses them directly. */
  private readonly blocks: BlockCache;
  private readonly dirty: Set<Block>;
  private readonly recent: Map<number, Array<Block | undefined>>;
  /** Puts logged (SQLite rows and file lines) since the last flush. */
  private loggedRows = 0;
  private logBytes = 0;
  /** The put log file (a store on disk), its generation, and its lines since it was last restarted. Undefined in
   *  memory, or once restarting it failed: then every put logs a SQLite row, as all did before the file. */
  private log: PutLogFile | undefined;
  private logGen = 0;
  private fileLines = 0;
  /** Committed puts not yet merged into the cached blocks (see PENDING_DATUMS); `flush` merges them first. */
  private pending: LoggedDatum[][] = [];
  private pendingDatums = 0;
  /** Last recorded last_put per series: the row is rewritten at most once a minute (ListMetrics needs only that). */
  private readonly touchedAt = new Map<number, number>();
  private readonly stmts: {
    touchSeries: Statement<[number, number]>;
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
    this.series = new SeriesCatalog(db);
    this.seriesAsSent = this.series.asSent;
    this.blocks = new BlockCache(db);
    this.dirty = this.blocks.dirty;
    this.recent = this.blocks.recent;
    this.stmts = {
      touchSeries: db.prepare('UPDATE cw_series SET last_put = max(last_put, ?) WHERE id = ?'),
      log: db.prepare('INSERT INTO cw_put_log (datums) VALUES (?)'),
      logRows: db.prepare('SELECT datums FROM cw_put_log ORDER BY seq'),
      clearLog: db.prepare('DELETE FROM cw_put_log'),
      logGen: db.prepare('SELECT gen FROM cw_put_log_gen'),
      clearLogGen: db.prepare('DELETE FROM cw_put_log_gen'),
      setLogGen: db.prepare('INSERT INTO cw_put_log_gen (gen) VALUES (?)'),
    };
    convertLegacyPoints(store, (b) => this.blocks.writeRow(b));
    let contents: PutLogContents | undefined;
    if (!db.memory) {
      const opened = PutLogFile.open(dirname(db.name));
      this.log = opened.file;
      contents = opened.contents;
    }
    this.replay(contents);
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
      this.blocks.writeDirty();
      this.stmts.clearLog.run();
      if (nextGen !== undefined) this.recordLogGen(nextGen);
    });
    this.blocks.written();
    this.loggedRows = 0;
    this.logBytes = 0;
    if (nextGen !== undefined) this.restartLog(nextGen);
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
    this.series.clear();
    this.touchedAt.clear();
    this.blocks.clear();
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
          const id = this.series.ensure(scope, d.namespace, d.metricName, d.dimensions, nowMs);
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
      this.series.clear();
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
          b = this.blocks.get(`${id}|${tier.res}|${start}|${unit}`, id, tier.res, start, unit);
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

  /** The id of an existing series, or undefined (series-catalog.ts). */
  seriesId(scope: Scope, namespace: string, name: string, dims: readonly Dimension[]): number | undefined {
    return this.series.seriesId(scope, namespace, name, dims);
  }

  /** seriesId for a caller that keeps the series key and its dimensionsKey (series-catalog.ts). */
  seriesIdByKey(key: string, scope: Scope, namespace: string, name: string, dimsKey: string): number | undefined {
    return this.series.seriesIdByKey(key, scope, namespace, name, dimsKey);
  }

  /** Visits the buckets of one tier with start in [startSec, endSec), in time order (one cached block, or one SQLite
   *  row, per 60 buckets); with sketches only when asked. */
  scan(seriesId: number, res: number, startSec: number, endSec: number, unit: string | undefined, withSketch: boolean, visit: BucketVisitor): void {
    this.flush();
    visitBlocks(this.blocks.blocksIn(seriesId, res, startSec, endSec, unit), startSec, endSec, withSketch, visit);
  }

  /** The buckets `scan` visits, as a list. */
  read(seriesId: number, res: number, startSec: number, endSec: number, unit: string | undefined, withSketch: boolean): BucketRow[] {
    const out: BucketRow[] = [];
    this.scan(seriesId, res, startSec, endSec, unit, withSketch, (...row) => {
      out.push(withSketch ? row : [row[0], row[1], row[2], row[3], row[4], row[5]]);
    });
    return out;
  }

  /** Series active since `sinceMs`, narrowed by namespace and name, in a stable order (series-catalog.ts). */
  listSeries(scope: Scope, sinceMs: number, namespace?: string, metricName?: string): SeriesInfo[] {
    return this.series.list(scope, sinceMs, namespace, metricName);
  }

  /** Drops buckets older than each tier keeps. Runs on the clock; reads also ignore them by choosing tiers by age. */
  expire(nowMs: number): number {
    this.flush();
    const removed = this.store.transaction(() => this.blocks.expire(nowMs));
    // Cached blocks may be among those just deleted; the cache holds only clean ones after the flush above.
    this.blocks.clear();
    return removed;
  }
}
