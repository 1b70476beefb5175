// Test harness for in-process DynamoDB tests on fake time: an in-memory state store, the service built as the
// gateway builds it (FakeClock as clock and scheduler), and a request context.
import { FakeClock } from '../../../src/core/clock.js';
import type { RequestContext } from '../../../src/core/request-context.js';
import { DEFAULT_CONFIG, type KumoConfig } from '../../../src/config.js';
import { openStateStore, type StateStore } from '../../../src/store/state-store.js';
import { dynamodbApi, type DynamodbTestApi } from '../../../src/services/dynamodb/testing.js';

export const TEST_CTX: RequestContext = {
  requestId: 'r', service: 'dynamodb', operation: 'x', account: '000000000000', region: 'us-east-1',
  accessKeyId: undefined, host: '127.0.0.1', protocol: undefined, startedAt: 0,
};

export interface ServiceHarness {
  clock: FakeClock;
  store: StateStore;
  p: DynamodbTestApi;
  close(): Promise<void>;
}

export function startService(config: Partial<KumoConfig> = {}): ServiceHarness {
  const clock = new FakeClock();
  const store = openStateStore({ inMemory: true });
  const p = dynamodbApi({ store, clock, config: { ...DEFAULT_CONFIG, ...config } });
  const stopSweeper = p.startSweeper();
  return {
    clock, store, p,
    async close() {
      stopSweeper();
      store.close();
    },
  };
}

/** A service with table 'lagged' (pk S, sk N, GSI byG on g), optionally with eventual-consistency lag. */
export async function setupTable(lag = 0) {
  const { clock, store, p } = startService({ dynamodbEventualLagMs: lag });
  await p.createTable(TEST_CTX, {
    TableName: 'lagged', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  });
  return { clock, store, p };
}

export const key = { pk: { S: 'a' }, sk: { N: '1' } };
