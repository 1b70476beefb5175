// DynamoDB wiring: migrates its tables in the shared state store, registers them for reset, builds the provider,
// and runs the TTL sweeper on the injected scheduler while the service is started.
import { defineService } from '../service-definition.js';
import { LagLog } from './eventual-lag.js';
import { ItemStore } from './item-store.js';
import { COMPONENT, MIGRATIONS, TABLES } from './migrations.js';
import { DynamodbProvider } from './provider.js';
import { TableStore } from './table-store.js';
import { sweepExpired } from './ttl-sweeper.js';
import { TxTokenStore } from './tx-token-store.js';

/** How often expired items are looked for (DynamoDB itself takes up to days; tests advance a FakeClock). */
export const TTL_SWEEP_INTERVAL_MS = 5_000;

export const dynamodbService = defineService({
  id: 'dynamodb',
  scope: 'regional',
  create(deps) {
    deps.store.migrate(COMPONENT, MIGRATIONS);
    deps.store.registerTables(COMPONENT, TABLES);
    const db = deps.store.db;
    const items = new ItemStore(db);
    const lagMs = deps.config.dynamodbEventualLagMs;
    const lag = lagMs > 0 ? new LagLog(lagMs, deps.clock) : undefined;
    if (lag) items.observer = (tableId, key, before) => lag.record(tableId, key, before);
    const shared = { store: deps.store, tables: new TableStore(db), items, clock: deps.clock, lag };
    const provider = new DynamodbProvider({ ...shared, tokens: new TxTokenStore(db) });
    let cancel: (() => void) | undefined;
    return {
      provider,
      start() {
        cancel = deps.scheduler.every(TTL_SWEEP_INTERVAL_MS, () => {
          sweepExpired(shared);
        });
      },
      stop() {
        cancel?.();
        cancel = undefined;
      },
    };
  },
});
