// What each DynamoDB operation is authorized as: transactions and PartiQL item by item (each item's action on its
// table, with dynamodb:EnclosingOperation), batches on every table, index reads on the index's ARN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuthorization } from '../../src/iam/action-map.js';
import { SERVICE_AUTHORIZATION } from '../../src/iam/service-actions.js';

const scope = { region: 'eu-west-1', account: '111122223333' };
const dynamodb = SERVICE_AUTHORIZATION.dynamodb!;
const table = (name: string) => `arn:aws:dynamodb:eu-west-1:111122223333:table/${name}`;

/** Every (action, resource, EnclosingOperation) the operation needs. */
async function parts(operation: string, input: Record<string, unknown>): Promise<string[]> {
  const subs = dynamodb.subRequests?.(operation, input) ?? [{ operation, input }];
  const out: string[] = [];
  for (const sub of subs) {
    const r = await resolveAuthorization(dynamodb, sub.operation, sub.input, scope);
    for (const arn of r.resources) out.push(`${r.action} ${arn}${sub.conditionValues ? ` ${String(sub.conditionValues['dynamodb:EnclosingOperation'])}` : ''}`);
  }
  return out;
}

test('TransactWriteItems needs PutItem/UpdateItem/DeleteItem/ConditionCheckItem on each item table; TransactGetItems GetItem', async () => {
  const write = await parts('TransactWriteItems', {
    TransactItems: [
      { Put: { TableName: 'orders', Item: {} } },
      { Update: { TableName: 'stock', Key: {}, UpdateExpression: 'SET a = :a' } },
      { Delete: { TableName: 'carts', Key: {} } },
      { ConditionCheck: { TableName: 'users', Key: {}, ConditionExpression: 'attribute_exists(k)' } },
    ],
  });
  assert.deepEqual(write, [
    `dynamodb:PutItem ${table('orders')} TransactWriteItems`,
    `dynamodb:UpdateItem ${table('stock')} TransactWriteItems`,
    `dynamodb:DeleteItem ${table('carts')} TransactWriteItems`,
    `dynamodb:ConditionCheckItem ${table('users')} TransactWriteItems`,
  ]);
  assert.deepEqual(await parts('TransactGetItems', { TransactItems: [{ Get: { TableName: 'orders', Key: {} } }] }), [`dynamodb:GetItem ${table('orders')} TransactGetItems`]);
});

test('PartiQL statements need PartiQLSelect/Insert/Update/Delete on their table or index; a statement that does not parse needs nothing', async () => {
  assert.deepEqual(await parts('ExecuteStatement', { Statement: 'SELECT * FROM "orders"."by-day" WHERE day = ?', Parameters: [{ S: 'mon' }] }), [
    `dynamodb:PartiQLSelect ${table('orders')}/index/by-day ExecuteStatement`,
  ]);
  assert.deepEqual(await parts('BatchExecuteStatement', { Statements: [{ Statement: `INSERT INTO "a" VALUE {'k': 'x'}` }, { Statement: `DELETE FROM "b" WHERE k = 'x'` }] }), [
    `dynamodb:PartiQLInsert ${table('a')} BatchExecuteStatement`,
    `dynamodb:PartiQLDelete ${table('b')} BatchExecuteStatement`,
  ]);
  assert.deepEqual(await parts('ExecuteTransaction', { TransactStatements: [{ Statement: `UPDATE "a" SET v = 1 WHERE k = 'x'` }, { Statement: `EXISTS(SELECT * FROM "b" WHERE k = 'y')` }] }), [
    `dynamodb:PartiQLUpdate ${table('a')} ExecuteTransaction`,
    `dynamodb:PartiQLSelect ${table('b')} ExecuteTransaction`,
  ]);
  assert.deepEqual(dynamodb.subRequests?.('ExecuteStatement', { Statement: 'SELEKT nonsense' }), []);
});

test('BatchGetItem and BatchWriteItem name every table; Query through an index is authorized on the index; a table ARN is used as given', async () => {
  assert.deepEqual(await parts('BatchWriteItem', { RequestItems: { a: [], b: [] } }), [`dynamodb:BatchWriteItem ${table('a')}`, `dynamodb:BatchWriteItem ${table('b')}`]);
  assert.deepEqual(await parts('BatchGetItem', { RequestItems: { a: {} } }), [`dynamodb:BatchGetItem ${table('a')}`]);
  assert.deepEqual(await parts('Query', { TableName: 'a', IndexName: 'gsi1' }), [`dynamodb:Query ${table('a')}/index/gsi1`]);
  assert.deepEqual(await parts('Query', { TableName: 'a' }), [`dynamodb:Query ${table('a')}`]);
  const arn = 'arn:aws:dynamodb:eu-west-1:444455556666:table/shared';
  assert.deepEqual(await parts('GetItem', { TableName: arn, Key: {} }), [`dynamodb:GetItem ${arn}`]);
});
