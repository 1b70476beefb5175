// The CloudWatch service context: metric store, alarm store and engine, dashboards, on one state store and clock.
// Built once per server; operations receive it, the engine's tick runs on the runtime clock.
import type { StateStore } from '../../store/state-store.js';
import { AlarmEngine } from './alarm-engine.js';
import { AlarmStore } from './alarm-store.js';
import { Dashboards } from './dashboards-tags.js';
import { MetricStore } from './metric-store.js';

/** How often due alarms are drained: the smallest alarm period (10 s). */
export const ALARM_TICK_MS = 10_000;
/** How often expired metric buckets are deleted. */
export const EXPIRY_INTERVAL_MS = 3_600_000;

export class CloudWatch {
  readonly metrics: MetricStore;
  readonly alarms: AlarmStore;
  readonly engine: AlarmEngine;
  readonly dashboards: Dashboards;

  constructor(
    readonly store: StateStore,
    readonly now: () => number,
  ) {
    this.metrics = new MetricStore(store);
    this.alarms = new AlarmStore(store);
    this.engine = new AlarmEngine(this.alarms, this.metrics, store, now);
    this.dashboards = new Dashboards(store, now);
    this.engine.rebuild();
  }

  /** After POST /_kumo/reset wiped the tables: forget caches and indexes. */
  reset(): void {
    this.metrics.clearCache();
    this.alarms.reload();
    this.engine.rebuild();
  }
}
