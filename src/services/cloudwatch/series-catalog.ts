// The metric series catalogue: ids of series (scope + namespace + name + sorted dimensions) in cw_series, found or
// created for puts, looked up for reads and alarms, and listed for ListMetrics; cached, since kumo is the only writer.
import type { Database, Statement } from 'better-sqlite3';
import { dimensionsKey, parseDims, type Dimension, type Scope, type SeriesInfo } from './metric-model.js';
import { SentSeries } from './sent-series.js';

export class SeriesCatalog {
  private readonly ids = new Map<string, number>();
  /** The same ids keyed by the series as a put spelled it (sent-series.ts): the put path reads it directly. Bounded. */
  readonly asSent = new SentSeries();
  /** Series looked up and not found (alarms on metrics nobody has put yet are evaluated every period): kumo is the
   *  only writer, so `ensure` is the one place that ends an absence. Bounded: cleared when it grows past a cap. */
  private readonly missing = new Set<string>();
  private readonly stmts: {
    seriesId: Statement<[string, string, string, string, string], { id: number }>;
    insertSeries: Statement<[string, string, string, string, string, number], { id: number }>;
    list: Statement<[string, string, number]>;
    listNs: Statement<[string, string, string, number]>;
    listNsName: Statement<[string, string, string, string, number]>;
  };

  constructor(db: Database) {
    this.stmts = {
      seriesId: db.prepare('SELECT id FROM cw_series WHERE account = ? AND region = ? AND namespace = ? AND metric_name = ? AND dims = ?'),
      insertSeries: db.prepare(
        'INSERT INTO cw_series (account, region, namespace, metric_name, dims, last_put) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      ),
      list: db.prepare('SELECT id, namespace, metric_name, dims FROM cw_series WHERE account = ? AND region = ? AND last_put >= ? ORDER BY namespace, metric_name, dims'),
      listNs: db.prepare(
        'SELECT id, namespace, metric_name, dims FROM cw_series WHERE account = ? AND region = ? AND namespace = ? AND last_put >= ? ORDER BY metric_name, dims',
      ),
      listNsName: db.prepare(
        'SELECT id, namespace, metric_name, dims FROM cw_series WHERE account = ? AND region = ? AND namespace = ? AND metric_name = ? AND last_put >= ? ORDER BY dims',
      ),
    };
  }

  /** Forgets every cached id and absence (after a reset, or a rolled-back transaction that may have inserted some). */
  clear(): void {
    this.ids.clear();
    this.asSent.clear();
    this.missing.clear();
  }

  /** The id of the series, inserted (with last_put `nowMs`) when it does not exist; call inside a transaction. */
  ensure(scope: Scope, namespace: string, name: string, dims: readonly Dimension[], nowMs: number): number {
    const known = this.asSent.get(scope, namespace, name, dims);
    if (known !== undefined) return known;
    const id = this.ensureSorted(scope, namespace, name, dims, nowMs);
    this.asSent.set(scope, namespace, name, dims, id);
    return id;
  }

  private ensureSorted(scope: Scope, namespace: string, name: string, dims: readonly Dimension[], nowMs: number): number {
    const dimsKey = dimensionsKey(dims);
    const key = `${scope.account}\u0000${scope.region}\u0000${namespace}\u0000${name}\u0000${dimsKey}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id =
        this.stmts.seriesId.get(scope.account, scope.region, namespace, name, dimsKey)?.id ??
        (this.stmts.insertSeries.get(scope.account, scope.region, namespace, name, dimsKey, nowMs) as { id: number }).id;
      this.ids.set(key, id);
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
    const cached = this.ids.get(key);
    if (cached !== undefined) return cached;
    if (this.missing.has(key)) return undefined;
    const id = this.stmts.seriesId.get(scope.account, scope.region, namespace, name, dimsKey)?.id;
    if (id !== undefined) this.ids.set(key, id);
    else {
      if (this.missing.size >= 100_000) this.missing.clear();
      this.missing.add(key);
    }
    return id;
  }

  /** Series active since `sinceMs`, narrowed by namespace and name through the index, in a stable order. */
  list(scope: Scope, sinceMs: number, namespace?: string, metricName?: string): SeriesInfo[] {
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
}
