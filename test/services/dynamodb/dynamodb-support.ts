// Shared setup for the DynamoDB SDK v3 service tests: one in-memory kumo over a loopback socket, a client, unique
// table names, and table helpers.
import { uniqueName as sharedUniqueName } from '../../support/names.js';
import { after, before } from 'node:test';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

export interface DynamoHarness {
  kumo: TestKumo;
  client: DynamoDBClient;
}

/**
 * Starts kumo before the file's tests (then runs `setup`) and stops it after; read `harness.client` inside tests.
 * One hook only: node 20 runs top-level before() hooks without waiting for earlier ones.
 */
export function useDynamo(setup?: (h: DynamoHarness) => Promise<void>): DynamoHarness {
  const harness = {} as DynamoHarness;
  before(async () => {
    harness.kumo = await startTestKumo();
    harness.client = new DynamoDBClient({ ...harness.kumo.clientConfig(), maxAttempts: 1 });
    await setup?.(harness);
  });
  after(async () => {
    harness.client.destroy();
    await harness.kumo.stop();
  });
  return harness;
}

export function uniqueName(prefix = 't'): string {
  return sharedUniqueName(prefix);
}

/** Creates an on-demand table with a string partition key `pk` and, optionally, a sort key `sk` of the given type. */
export async function createTable(client: DynamoDBClient, sortKey?: 'S' | 'N' | 'B', extra: Partial<CreateTableCommandInput> = {}): Promise<string> {
  const name = uniqueName();
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(sortKey ? [{ AttributeName: 'sk', AttributeType: sortKey }] : [])],
      ...extra,
    }),
  );
  return name;
}

/** Runs fn and returns the error it throws (failing when it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number }; [k: string]: unknown }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { name: string; [k: string]: unknown };
  }
  throw new Error('expected an error');
}
