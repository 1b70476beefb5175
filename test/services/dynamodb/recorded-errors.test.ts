// The message audit: every error response recorded from real DynamoDB in aws-recordings/dynamodb/
// test_dynamodb.snapshot.json is replayed (the request rebuilt from the recording's test) and kumo's code, status,
// message and extra members must equal the recording. The recordings only hold responses, so each case names the
// request that produced it; when the shared folder is present the cases are also checked against the file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeKinesisStreamingDestinationCommand,
  DisableKinesisStreamingDestinationCommand,
  EnableKinesisStreamingDestinationCommand,
  ExecuteStatementCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateKinesisStreamingDestinationCommand,
} from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, uniqueName, useDynamo, type DynamoHarness } from './dynamodb-support.js';

const h = useDynamo();

interface RecordedError {
  /** `<test name>/<label>` in the snapshot file. */
  key: string;
  code: string;
  /** The recorded message; `<table>` stands for the normalised table name. */
  message: string;
  extra?: Record<string, unknown>;
  /** Sends the request the recording's test sent, against a fresh table name; returns the table name used. */
  send(h: DynamoHarness): Promise<{ table: string; error: Error & { name: string; $metadata?: { httpStatusCode?: number }; [k: string]: unknown } }>;
}

const KEY_ID = { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }] };

/** The recordings' Kinesis stream, in the account and region the recording normalised away. */
const BAD_STREAM = 'arn:aws:kinesis:us-east-1:111111111111:stream/bad-stream';

const CASES: RecordedError[] = [
  {
    key: 'test_create_duplicate_table/Error', code: 'ResourceInUseException', message: 'Table already exists: <table>',
    async send(h) {
      const table = uniqueName('rec');
      const create = new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', ...KEY_ID });
      await h.client.send(create);
      return { table, error: await errorOf(() => h.client.send(create)) };
    },
  },
  {
    key: 'test_transaction_write_canceled/Error', code: 'TransactionCanceledException',
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
    async send(h) {
      const table = await createTable(h.client);
      return {
        table,
        error: await errorOf(() => h.client.send(new TransactWriteItemsCommand({
          TransactItems: [
            { ConditionCheck: { TableName: table, Key: { pk: { S: 'ghost' } }, ConditionExpression: 'attribute_exists(pk)' } },
            { Put: { TableName: table, Item: { pk: { S: 'new' } } } },
          ],
        }))),
      };
    },
  },
  {
    key: 'test_dynamodb_pay_per_request/Error', code: 'ValidationException',
    message: 'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    async send(h) {
      const table = uniqueName('rec');
      return {
        table,
        error: await errorOf(() => h.client.send(new CreateTableCommand({
          TableName: table, BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 }, ...KEY_ID,
        }))),
      };
    },
  },
  {
    key: 'test_batch_write_not_matching_schema/ValidationException', code: 'ValidationException', message: 'The provided key element does not match the schema',
    async send(h) {
      const table = await createTable(h.client, 'S');
      return {
        table,
        error: await errorOf(() => h.client.send(new BatchWriteItemCommand({
          RequestItems: { [table]: [{ DeleteRequest: { Key: { pk: { S: 'a' } } } }] },
        }))),
      };
    },
  },
  {
    key: 'test_batch_write_not_existing_table/exc-not-found-transact-write-items', code: 'ResourceNotFoundException', message: 'Requested resource not found',
    async send(h) {
      const table = uniqueName('missing');
      return { table, error: await errorOf(() => h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: { id: { S: '1' } } } }] }))) };
    },
  },
  {
    key: 'test_return_values_on_conditions_check_failure/items', code: 'ConditionalCheckFailedException', message: 'The conditional request failed',
    extra: { Item: { id: { S: '456' }, price: { N: '650' }, product: { S: 'sporting goods' } } },
    async send(h) {
      const table = uniqueName('rec');
      await h.client.send(new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', ...KEY_ID }));
      const item = { id: { S: '456' }, price: { N: '650' }, product: { S: 'sporting goods' } };
      await h.client.send(new PutItemCommand({ TableName: table, Item: item }));
      return {
        table,
        error: await errorOf(() => h.client.send(new PutItemCommand({
          TableName: table, Item: { ...item, price: { N: '500' } }, ConditionExpression: 'price < :p',
          ExpressionAttributeValues: { ':p': { N: '600' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }))),
      };
    },
  },
  {
    key: 'test_dynamodb_execute_statement_empy_parameter/invalid-param-error', code: 'ValidationException',
    message: "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1",
    async send(h) {
      const table = await createTable(h.client);
      return { table, error: await errorOf(() => h.client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${table}" WHERE pk = ?`, Parameters: [] }))) };
    },
  },
  {
    key: 'test_table_crud/delete-non-existent-table', code: 'ResourceNotFoundException', message: 'Requested resource not found: Table: <table> not found',
    async send(h) {
      const table = uniqueName('non-existent');
      return { table, error: await errorOf(() => h.client.send(new DeleteTableCommand({ TableName: table }))) };
    },
  },
  {
    key: 'test_kinesis_streaming_destination_crud/enable-bad-table', code: 'ResourceNotFoundException', message: 'Requested resource not found: Table: <table> not found',
    async send(h) {
      const table = uniqueName('bad-table');
      return { table, error: await errorOf(() => h.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: table, StreamArn: BAD_STREAM }))) };
    },
  },
  {
    key: 'test_kinesis_streaming_destination_crud/disable-bad-table', code: 'ResourceNotFoundException', message: 'Requested resource not found: Table: <table> not found',
    async send(h) {
      const table = uniqueName('bad-table');
      return { table, error: await errorOf(() => h.client.send(new DisableKinesisStreamingDestinationCommand({ TableName: table, StreamArn: BAD_STREAM }))) };
    },
  },
  {
    key: 'test_kinesis_streaming_destination_crud/update-missing-params', code: 'ValidationException',
    message: 'Streaming destination cannot be updated with given parameters: UpdateKinesisStreamingConfiguration cannot be null or contain only null values',
    async send(h) {
      const table = await createTable(h.client);
      return { table, error: await errorOf(() => h.client.send(new UpdateKinesisStreamingDestinationCommand({ TableName: table, StreamArn: BAD_STREAM }))) };
    },
  },
  {
    key: 'test_kinesis_streaming_destination_crud/update-bad-precision', code: 'ValidationException',
    message: "1 validation error detected: Value 'SECOND' at 'updateKinesisStreamingConfiguration.approximateCreationDateTimePrecision' failed to satisfy constraint: Member must satisfy enum value set: [MILLISECOND, MICROSECOND]",
    async send(h) {
      const table = await createTable(h.client);
      const config = { ApproximateCreationDateTimePrecision: 'SECOND' as 'MILLISECOND' };
      return { table, error: await errorOf(() => h.client.send(new UpdateKinesisStreamingDestinationCommand({ TableName: table, StreamArn: BAD_STREAM, UpdateKinesisStreamingConfiguration: config }))) };
    },
  },
  {
    key: 'test_kinesis_streaming_destination_crud/update-bad-stream-arn', code: 'ValidationException',
    message: 'Table is not in a valid state to enable Kinesis Streaming Destination: No streaming destination with streamArn: arn:aws:kinesis:us-east-1:111111111111:stream/bad-stream found for table with tableName: <table>',
    async send(h) {
      const table = await createTable(h.client);
      const config = { ApproximateCreationDateTimePrecision: 'MICROSECOND' as const };
      return { table, error: await errorOf(() => h.client.send(new UpdateKinesisStreamingDestinationCommand({ TableName: table, StreamArn: BAD_STREAM, UpdateKinesisStreamingConfiguration: config }))) };
    },
  },
];

/** The recording's own text for a case, normalised as the cases write it; undefined when the shared folder is absent. */
function recorded(key: string): { code: string; message: string; extra: Record<string, unknown> } | undefined {
  // shared/ lies beside the repository (CI, main) or two levels up from a helper's worktree.
  const file = ['../../../../../shared/', '../../../../../../shared/']
    .map((up) => fileURLToPath(new URL(`${up}aws-recordings/dynamodb/test_dynamodb.snapshot.json`, import.meta.url))).find(existsSync);
  if (file === undefined) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { 'recorded-content': Record<string, unknown> }>;
  const [name, label] = key.split('/') as [string, string];
  const entry = Object.entries(snapshot).find(([k]) => k.endsWith(`::${name}`))?.[1]['recorded-content'][label];
  if (typeof entry === 'string') {
    // botocore's printed form: "An error occurred (Code) when calling the Op operation: message".
    const m = /^An error occurred \(([^)]+)\) when calling the \w+ operation: (.*)$/s.exec(entry);
    return m ? { code: m[1]!, message: m[2]!.replace(/<test-table>/g, '<table>'), extra: {} } : undefined;
  }
  const e = entry as { Error: { Code: string; Message: string }; Item?: unknown };
  const message = e.Error.Message.replace(/non-existent|bad-table|<table-name:1>/g, '<table>').replace('arn:<partition>:kinesis:<region>:', 'arn:aws:kinesis:us-east-1:');
  return { code: e.Error.Code, message, extra: e.Item ? { Item: e.Item } : {} };
}

for (const c of CASES) {
  test(`recorded error ${c.key} is answered with DynamoDB's code, status and message`, async () => {
    const fromFile = recorded(c.key);
    if (fromFile) {
      assert.equal(fromFile.code, c.code, 'the case matches the recording file');
      assert.equal(fromFile.message, c.message, 'the case matches the recording file');
      assert.deepEqual(fromFile.extra, c.extra ?? {}, 'the case matches the recording file');
    }
    const { table, error } = await c.send(h);
    assert.equal(error.name, c.code);
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.equal(error.message, c.message.replace('<table>', table));
    for (const [k, v] of Object.entries(c.extra ?? {})) assert.deepEqual(error[k], v);
  });
}

test('a table has no Kinesis streaming destination: Describe lists none and Enable answers 501 naming the feature', async () => {
  const table = await createTable(h.client);
  const out = await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: table }));
  assert.equal(out.TableName, table);
  assert.deepEqual(out.KinesisDataStreamDestinations, []);
  const error = await errorOf(() => h.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: table, StreamArn: BAD_STREAM })));
  assert.equal(error.$metadata?.httpStatusCode, 501);
  assert.match(error.message, /EnableKinesisStreamingDestination: Kinesis Data Streams as a streaming destination/);
});
