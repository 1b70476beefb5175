// The DynamoDB service descriptor: migrates its tables in the shared state store, builds the shared context and the
// operation table, and runs the TTL sweeper and stream retention on the runtime clock from boot (even with no requests).
import { defineService } from '../service-definition.js';
import type { DynamodbContext } from './context.js';

/** How often expired items are looked for (DynamoDB itself takes up to days; tests advance the clock). */
export const TTL_SWEEP_INTERVAL_MS = 5_000;
/** How often stream records past their 24-hour retention are trimmed, and 4-hour-old shards rolled. */
export const STREAM_TRIM_INTERVAL_MS = 60_000;
/** How often point-in-time history older than each table's recovery period is trimmed. */
export const PITR_TRIM_INTERVAL_MS = 3_600_000;

export const dynamodbService = defineService<DynamodbContext>({
  id: 'dynamodb',
  scope: 'regional',
  validation: 'coral',
  authErrors: 'coral',
  eager: true,
  async load(deps) {
    const [{ createDynamodbContext }, { DYNAMODB_OPERATIONS }, { sweepExpired }, { trimPointInTimeHistory }, { resumeImports }] = await Promise.all([
      import('./context-factory.js'), import('./operations.js'), import('./ttl-sweeper.js'), import('./settings-operations.js'), import('./import-operations.js'),
    ]);
    const context = createDynamodbContext(deps);
    deps.tasks.every('dynamodb.ttl-sweep', TTL_SWEEP_INTERVAL_MS, () => void sweepExpired(context));
    deps.tasks.every('dynamodb.stream-trim', STREAM_TRIM_INTERVAL_MS, () => {
      context.streams.rollShards();
      context.streams.trim();
    });
    deps.tasks.every('dynamodb.pitr-trim', PITR_TRIM_INTERVAL_MS, () => trimPointInTimeHistory(context));
    // ImportTable runs on the clock's tasks; imports cut short by a stop start again.
    resumeImports(context);
    // The dynamodb-streams service reads the stream records through this.
    return { context, operations: DYNAMODB_OPERATIONS, internal: { streams: context.streams } };
  },
});
