// Sampled requests in SQLite, so GetSampledRequests answers the same after a restart: the evaluator records samples
// in memory (a judged request writes nothing), and they are written behind once a second and at shutdown.
import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../core/clock.js';
import type { StateStore } from '../../store/state-store.js';
import { SAMPLE_RETENTION_MS, type Sample, type TrafficState } from '../../net/waf/traffic.js';

/** Samples kept per web ACL and metric name (GetSampledRequests reads from the first 5,000 of a window). */
const KEEP_PER_METRIC = 5000;

export class SampleStore {
  private readonly s: {
    insert: Statement<[string, string, number, string]>;
    expire: Statement<[number]>;
    trim: Statement<[string, string, string, string, number]>;
    load: Statement<[number], { acl_arn: string; metric: string; body: string }>;
  };

  constructor(private readonly store: StateStore, private readonly traffic: TrafficState, private readonly clock: Clock) {
    const db = store.db;
    this.s = {
      insert: db.prepare('INSERT INTO waf_samples (acl_arn, metric, at, body) VALUES (?, ?, ?, ?)'),
      expire: db.prepare('DELETE FROM waf_samples WHERE at < ?'),
      trim: db.prepare(
        'DELETE FROM waf_samples WHERE acl_arn = ? AND metric = ? AND rowid NOT IN (SELECT rowid FROM waf_samples WHERE acl_arn = ? AND metric = ? ORDER BY at DESC LIMIT +?)',
      ),
      load: db.prepare('SELECT acl_arn, metric, body FROM waf_samples WHERE at >= ? ORDER BY at, rowid'),
    };
  }

  /** Reads the last 3 hours' samples back into the traffic state (at service load). */
  load(): void {
    for (const r of this.s.load.all(this.clock.now() - SAMPLE_RETENTION_MS)) this.traffic.restoreSample(r.acl_arn, r.metric, JSON.parse(r.body) as Sample);
  }

  /** Writes the samples recorded since the last flush and drops what GetSampledRequests can no longer return. */
  flush(): void {
    const pending = this.traffic.takePending();
    if (pending.length === 0) return;
    const keys = new Map<string, [string, string]>();
    this.store.transaction(() => {
      for (const p of pending) {
        this.s.insert.run(p.aclArn, p.metric, p.sample.at, JSON.stringify(p.sample));
        keys.set(`${p.aclArn}|${p.metric}`, [p.aclArn, p.metric]);
      }
      this.s.expire.run(this.clock.now() - SAMPLE_RETENTION_MS);
      for (const [acl, metric] of keys.values()) this.s.trim.run(acl, metric, acl, metric, KEEP_PER_METRIC);
    });
  }
}
