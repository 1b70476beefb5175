// What WAFv2's operations and its internal API share: the entity repository, the clock, and the traffic state the
// evaluator keeps (rate counters, sampled requests, per-minute counts) that GetSampledRequests and
// GetRateBasedStatementManagedKeys read.
import type { StateStore } from '../../store/state-store.js';
import type { TrafficState } from '../../net/waf/traffic.js';
import type { EntityStore } from './entity-store.js';

export interface Wafv2Context {
  store: StateStore;
  entities: EntityStore;
  clock: { now(): number };
  traffic: TrafficState;
}
