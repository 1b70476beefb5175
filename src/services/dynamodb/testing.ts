// DynamoDB for unit tests and benchmarks without the runtime: the context over the given store and clock and the
// operation table, callable by the generated DynamodbApi's method names; startSweeper runs the TTL sweep on the clock.
import { DEFAULT_CONFIG, type KumoConfig } from '../../config.js';
import type { Clock, Scheduler } from '../../core/clock.js';
import type { DynamodbApi } from '../../generated/dynamodb/api.js';
import type { StateStore } from '../../store/state-store.js';
import { apiOf } from '../service-harness.js';
import type { DynamodbContext } from './context.js';
import { createDynamodbContext } from './context-factory.js';
import { TTL_SWEEP_INTERVAL_MS } from './index.js';
import { DYNAMODB_OPERATIONS } from './operations.js';
import { sweepExpired } from './ttl-sweeper.js';

export type DynamodbTestApi = DynamodbApi & { context: DynamodbContext; startSweeper(): () => void };

export function dynamodbApi(deps: { store: StateStore; clock: Clock & Scheduler; config?: Partial<KumoConfig> }): DynamodbTestApi {
  const context = createDynamodbContext({ ...deps, config: { ...DEFAULT_CONFIG, ...deps.config } });
  return apiOf<DynamodbApi, { context: DynamodbContext; startSweeper(): () => void }>({ context, operations: DYNAMODB_OPERATIONS }, 'dynamodb', {
    context,
    startSweeper: () => deps.clock.every(TTL_SWEEP_INTERVAL_MS, () => void sweepExpired(context)),
  });
}
