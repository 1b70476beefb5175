// The DynamoDB service descriptor: migrates its tables in the shared state store, builds the shared context and the
// operation table, and runs the TTL sweeper on the runtime clock from boot (expired items go even if no request comes).
import { defineService } from '../service-definition.js';
import type { DynamodbContext } from './context.js';

/** How often expired items are looked for (DynamoDB itself takes up to days; tests advance the clock). */
export const TTL_SWEEP_INTERVAL_MS = 5_000;

export const dynamodbService = defineService<DynamodbContext>({
  id: 'dynamodb',
  scope: 'regional',
  validation: 'coral',
  authErrors: 'coral',
  eager: true,
  async load(deps) {
    const [{ createDynamodbContext }, { DYNAMODB_OPERATIONS }, { sweepExpired }] = await Promise.all([
      import('./context-factory.js'), import('./operations.js'), import('./ttl-sweeper.js'),
    ]);
    const context = createDynamodbContext(deps);
    deps.tasks.every('dynamodb.ttl-sweep', TTL_SWEEP_INTERVAL_MS, () => void sweepExpired(context));
    return { context, operations: DYNAMODB_OPERATIONS };
  },
});
