// Builds DynamoDB's shared context from the runtime's dependencies: migrates and registers its tables, and creates
// the repositories, the transaction-token store and (with KUMO_DYNAMODB_EVENTUAL_LAG_MS) the eventual-lag log.
import type { Clock } from '../../core/clock.js';
import type { StateStore } from '../../store/state-store.js';
import { BackupStore } from './backup-store.js';
import { LagLog } from './eventual-lag.js';
import { ItemStore } from './item-store.js';
import { COMPONENT, MIGRATIONS, TABLES } from './migrations.js';
import type { DynamodbContext } from './context.js';
import { StreamStore } from './stream-store.js';
import { TableStore } from './table-store.js';
import { TxTokenStore } from './tx-token-store.js';

export function createDynamodbContext(deps: {
  store: StateStore;
  clock: Clock;
  config: { dynamodbEventualLagMs: number };
  tasks?: { after(name: string, delayMs: number, run: () => Promise<void>): unknown } | undefined;
  internal?: { invoke<T = unknown>(service: string, operation: string, scope: { account: string; region: string }, input: Record<string, unknown>): Promise<T> } | undefined;
}): DynamodbContext {
  deps.store.migrate(COMPONENT, MIGRATIONS);
  deps.store.registerTables(COMPONENT, TABLES);
  const db = deps.store.db;
  const items = new ItemStore(db);
  const streams = new StreamStore(db, deps.clock);
  items.streams = streams;
  const backups = new BackupStore(db, deps.clock);
  items.history = backups;
  const lagMs = deps.config.dynamodbEventualLagMs;
  const lag = lagMs > 0 ? new LagLog(lagMs, deps.clock) : undefined;
  if (lag) items.observer = (tableId, key, before) => lag.record(tableId, key, before);
  return { store: deps.store, tables: new TableStore(db), items, streams, backups, clock: deps.clock, lag, tokens: new TxTokenStore(db),
    invoke: deps.internal ? (service, operation, scope, input) => deps.internal!.invoke(service, operation, scope, input) : undefined,
    schedule: deps.tasks ? (name, delayMs, run) => void deps.tasks!.after(name, delayMs, run) : undefined };
}
