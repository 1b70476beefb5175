// PartiQL through @aws-sdk/client-dynamodb: ExecuteStatement SELECT/INSERT/UPDATE/DELETE with parameters, paging
// by NextToken, index reads, BatchExecuteStatement per-statement answers and ExecuteTransaction all-or-nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchExecuteStatementCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ExecuteStatementCommand as DocExecute } from '@aws-sdk/lib-dynamodb';
import { createTable, errorOf, useDynamo } from './dynamodb-support.js';

const h = useDynamo();
const run = (Statement: string, Parameters?: AttributeValue[], extra: Record<string, unknown> = {}) =>
  h.client.send(new ExecuteStatementCommand({ Statement, Parameters, ...extra }));

test('INSERT then SELECT by key returns the item; INSERT of an existing key is DuplicateItemException', async () => {
  const t = await createTable(h.client, 'N');
  await run(`INSERT INTO "${t}" VALUE {'pk': ?, 'sk': 1, 'name': 'Ann', 'tags': <<'a', 'b'>>}`, [{ S: 'u1' }]);
  const { Items } = await run(`SELECT * FROM "${t}" WHERE pk = ? AND sk = 1`, [{ S: 'u1' }]);
  assert.deepEqual(Items, [{ pk: { S: 'u1' }, sk: { N: '1' }, name: { S: 'Ann' }, tags: { SS: ['a', 'b'] } }]);
  const e = await errorOf(() => run(`INSERT INTO "${t}" VALUE {'pk': 'u1', 'sk': 1}`));
  assert.equal(e.name, 'DuplicateItemException');
  assert.equal(e.message, 'Duplicate primary key exists in table');
});

test('SELECT with a partition key reads in sort order (DESC with ORDER BY), filters and projects by leaf name', async () => {
  const t = await createTable(h.client, 'N');
  for (let sk = 1; sk <= 5; sk++) await run(`INSERT INTO "${t}" VALUE {'pk': 'p', 'sk': ${sk}, 'even': ${sk % 2 === 0}, 'm': {'deep': ${sk * 10}}}`);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'other', 'sk': 1}`);
  const asc = await run(`SELECT sk FROM "${t}" WHERE pk = 'p' AND sk BETWEEN 2 AND 4`);
  assert.deepEqual(asc.Items, [{ sk: { N: '2' } }, { sk: { N: '3' } }, { sk: { N: '4' } }]);
  const desc = await run(`SELECT sk, m.deep FROM "${t}" WHERE pk = 'p' AND even = true ORDER BY sk DESC`);
  assert.deepEqual(desc.Items, [{ sk: { N: '4' }, deep: { N: '40' } }, { sk: { N: '2' }, deep: { N: '20' } }]);
  const e = await errorOf(() => run(`SELECT * FROM "${t}" ORDER BY sk`));
  assert.equal(e.message, 'Must have WHERE clause in the statement when using ORDER BY clause.');
});

test('a SELECT without the partition key scans with the filter and pages by NextToken and Limit', async () => {
  const t = await createTable(h.client);
  for (let i = 0; i < 7; i++) await run(`INSERT INTO "${t}" VALUE {'pk': 'k${i}', 'n': ${i}}`);
  const seen: string[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const r = await run(`SELECT pk FROM "${t}" WHERE n >= 2`, undefined, { Limit: 3, NextToken });
    for (const i of r.Items ?? []) seen.push(i['pk']!.S!);
    NextToken = r.NextToken;
    pages++;
  } while (NextToken);
  assert.equal(pages, 3);
  assert.deepEqual(seen.sort(), ['k2', 'k3', 'k4', 'k5', 'k6']);
  const first = await run(`SELECT pk FROM "${t}"`, undefined, { Limit: 1 });
  const wrong = await errorOf(() => run(`SELECT * FROM "${t}"`, undefined, { NextToken: first.NextToken }));
  assert.equal(wrong.message, 'NextToken does not match request');
  const bad = await errorOf(() => run(`SELECT * FROM "${t}"`, undefined, { NextToken: 'not-a-token' }));
  assert.equal(bad.message, 'Invalid NextToken');
});

test('SELECT from "table"."index" queries a global secondary index', async () => {
  const t = await createTable(h.client, undefined, {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  });
  await run(`INSERT INTO "${t}" VALUE {'pk': 'a', 'status': 'open'}`);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'b', 'status': 'done'}`);
  const r = await run(`SELECT pk FROM "${t}"."byStatus" WHERE status = 'open'`);
  assert.deepEqual(r.Items, [{ pk: { S: 'a' } }]);
  const e = await errorOf(() => run(`SELECT * FROM "${t}"."byStatus" WHERE status = 'open'`, undefined, { ConsistentRead: true }));
  assert.equal(e.message, 'Consistent reads are not supported on global secondary indexes');
});

test('UPDATE SET/REMOVE with RETURNING; a missing item or a false condition fails the conditional check', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'c', 'n': 1, 'old': 'x', 'l': [1]}`);
  const r = await run(`UPDATE "${t}" SET n = n + 5 SET l = list_append(l, [2]) REMOVE old WHERE pk = 'c' RETURNING ALL NEW *`);
  assert.deepEqual(r.Items, [{ pk: { S: 'c' }, n: { N: '6' }, l: { L: [{ N: '1' }, { N: '2' }] } }]);
  const missing = await errorOf(() => run(`UPDATE "${t}" SET n = 1 WHERE pk = 'nobody'`));
  assert.equal(missing.name, 'ConditionalCheckFailedException');
  const cond = await errorOf(() => run(`UPDATE "${t}" SET n = 1 WHERE pk = 'c' AND n = 99`, undefined, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
  assert.equal(cond.name, 'ConditionalCheckFailedException');
  assert.deepEqual((cond as unknown as { Item: unknown }).Item, { pk: { S: 'c' }, n: { N: '6' }, l: { L: [{ N: '1' }, { N: '2' }] } });
  const key = await errorOf(() => run(`UPDATE "${t}" SET n = 1 WHERE n = 6`));
  assert.equal(key.message, 'Where clause does not contain a mandatory equality on all key attributes');
  const keyAttr = await errorOf(() => run(`UPDATE "${t}" SET pk = 'z' WHERE pk = 'c'`));
  assert.equal(keyAttr.message, 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key');
});

test('DELETE by key removes the item, and a missing item is no error', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'd', 'v': 1}`);
  const r = await run(`DELETE FROM "${t}" WHERE pk = 'd' RETURNING ALL OLD *`);
  assert.deepEqual(r.Items, [{ pk: { S: 'd' }, v: { N: '1' } }]);
  const { Item } = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'd' } } }));
  assert.equal(Item, undefined);
  assert.deepEqual((await run(`DELETE FROM "${t}" WHERE pk = 'd'`)).Items, []);
});

test('bad statements, parameter counts and missing tables answer DynamoDB\'s errors', async () => {
  const t = await createTable(h.client);
  const syntax = await errorOf(() => run(`UPDATE "${t}" SET WHERE pk = 'a'`));
  assert.equal(syntax.name, 'ValidationException');
  assert.ok(syntax.message.startsWith("Statement wasn't well formed, can't be processed: "));
  const dml = await errorOf(() => run(`CREATE TABLE x`));
  assert.equal(dml.message, "Statement wasn't well formed, can't be processed: Expected data manipulation");
  const params = await errorOf(() => run(`SELECT * FROM "${t}" WHERE pk = ?`));
  assert.equal(params.message, "Number of parameters in request and statement don't match.");
  // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_dynamodb_execute_statement_empy_parameter
  const empty = await errorOf(() => run(`SELECT * FROM "${t}" WHERE pk = ?`, []));
  assert.equal(empty.message, "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1");
  const missing = await errorOf(() => run(`SELECT * FROM "nope-${t}"`));
  assert.equal(missing.name, 'ResourceNotFoundException');
});

test('BatchExecuteStatement answers each statement on its own: TableName, Item, or Error with its code', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'user01'}`);
  // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_dynamodb_batch_execute_statement
  const writes = await h.client.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'user02', 'Age': 20}` },
      { Statement: `UPDATE "${t}" SET Age = 30 WHERE pk = 'user01'` },
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'user02'}` },
    ],
  }));
  assert.deepEqual(writes.Responses, [
    { TableName: t },
    { TableName: t },
    { TableName: t, Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } },
  ]);
  const reads = await h.client.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `SELECT * FROM "${t}" WHERE pk = ?`, Parameters: [{ S: 'user02' }] },
      { Statement: `SELECT * FROM "${t}" WHERE pk = 'ghost'` },
      { Statement: `SELECT * FROM "${t}" WHERE Age = 20` },
    ],
  }));
  assert.deepEqual(reads.Responses?.[0], { TableName: t, Item: { pk: { S: 'user02' }, Age: { N: '20' } } });
  assert.deepEqual(reads.Responses?.[1], { TableName: t });
  assert.equal(reads.Responses?.[2]?.Error?.Code, 'ValidationError');
});

test('BatchExecuteStatement mixing reads and writes is refused whole and writes nothing', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'a'}`);
  // The API reference: "The entire batch must consist of either read statements or write statements"; the words are
  // DynamoDB Local's (BatchExecuteStatementFunction).
  const mixed = await errorOf(() => h.client.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'b'}` },
      { Statement: `SELECT * FROM "${t}" WHERE pk = 'a'` },
    ],
  })));
  assert.equal(mixed.name, 'ValidationException');
  assert.equal(mixed.message, 'Read and write requests together in the same batch is not supported.');
  assert.deepEqual((await run(`SELECT * FROM "${t}" WHERE pk = 'b'`)).Items, []);
  const readsFirst = await errorOf(() => h.client.send(new BatchExecuteStatementCommand({
    Statements: [{ Statement: `SELECT * FROM "${t}" WHERE pk = 'a'` }, { Statement: `DELETE FROM "${t}" WHERE pk = 'a'` }],
  })));
  assert.equal(readsFirst.message, 'Read and write requests together in the same batch is not supported.');
  assert.equal((await run(`SELECT * FROM "${t}" WHERE pk = 'a'`)).Items?.length, 1);
});

test('BatchExecuteStatement gives unparsable statements, EXISTS and failed conditions their own error entries', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'a', 'n': 1}`);
  const out = await h.client.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `UPDATE "${t}" SET WHERE pk = 'a'` },
      { Statement: `EXISTS(SELECT * FROM "${t}" WHERE pk = 'a')` },
      { Statement: `UPDATE "${t}" SET n = 2 WHERE pk = 'a' AND n = 5`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
      { Statement: `DELETE FROM "nope-${t}" WHERE pk = 'a'` },
      { Statement: `UPDATE "${t}" SET n = 3 WHERE pk = 'a'` },
    ],
  }));
  const r = out.Responses ?? [];
  assert.equal(r.length, 5);
  assert.equal(r[0]?.Error?.Code, 'ValidationError');
  assert.ok(r[0]?.Error?.Message?.startsWith("Statement wasn't well formed, can't be processed: "));
  assert.equal(r[0]?.TableName, undefined);
  assert.deepEqual(r[1], { Error: { Code: 'ValidationError', Message: 'EXISTS can only be used in ExecuteTransaction write requests.' } });
  assert.deepEqual(r[2], { TableName: t, Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'a' }, n: { N: '1' } } } });
  assert.equal(r[3]?.Error?.Code, 'ResourceNotFound');
  assert.deepEqual(r[4], { TableName: t });
  assert.deepEqual((await run(`SELECT n FROM "${t}" WHERE pk = 'a'`)).Items, [{ n: { N: '3' } }]);
});

test('ExecuteTransaction writes all or nothing and reads by key; mixing reads and writes is refused', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'acct', 'balance': 10}`);
  const cancelled = await errorOf(() => h.client.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'new'}` },
      { Statement: `UPDATE "${t}" SET balance = balance - 20 WHERE pk = 'acct' AND balance >= 20` },
    ],
  })));
  assert.equal(cancelled.name, 'TransactionCanceledException');
  assert.deepEqual((cancelled as unknown as { CancellationReasons: unknown }).CancellationReasons, [
    { Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
  ]);
  assert.deepEqual((await run(`SELECT * FROM "${t}" WHERE pk = 'new'`)).Items, []);
  await h.client.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'new'}` },
      { Statement: `UPDATE "${t}" SET balance = balance - 5 WHERE pk = 'acct'` },
    ],
  }));
  const reads = await h.client.send(new ExecuteTransactionCommand({
    TransactStatements: [{ Statement: `SELECT balance FROM "${t}" WHERE pk = 'acct'` }, { Statement: `SELECT * FROM "${t}" WHERE pk = 'ghost'` }],
  }));
  assert.deepEqual(reads.Responses, [{ Item: { balance: { N: '5' } } }, {}]);
  const dup = await errorOf(() => h.client.send(new ExecuteTransactionCommand({
    TransactStatements: [{ Statement: `INSERT INTO "${t}" VALUE {'pk': 'new'}` }],
  })));
  assert.deepEqual((dup as unknown as { CancellationReasons: unknown }).CancellationReasons, [{ Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' }]);
  const mixed = await errorOf(() => h.client.send(new ExecuteTransactionCommand({
    TransactStatements: [{ Statement: `SELECT * FROM "${t}" WHERE pk = 'acct'` }, { Statement: `DELETE FROM "${t}" WHERE pk = 'new'` }],
  })));
  assert.equal(mixed.message, 'ExecuteTransaction API does not support both read and write operations in the same request.');
});

test('EXISTS in a transaction is a condition check on the item', async () => {
  const t = await createTable(h.client);
  await run(`INSERT INTO "${t}" VALUE {'pk': 'gate', 'open': true}`);
  const ok = new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `EXISTS(SELECT * FROM "${t}" WHERE pk = 'gate' AND open = true)` },
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'passed'}` },
    ],
  });
  await h.client.send(ok);
  assert.equal((await run(`SELECT * FROM "${t}" WHERE pk = 'passed'`)).Items?.length, 1);
  const closed = await errorOf(() => h.client.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `EXISTS(SELECT * FROM "${t}" WHERE pk = 'nowhere')` },
      { Statement: `INSERT INTO "${t}" VALUE {'pk': 'blocked'}` },
    ],
  })));
  assert.equal(closed.name, 'TransactionCanceledException');
});

test('lib-dynamodb ExecuteStatementCommand marshals native parameters and results', async () => {
  const t = await createTable(h.client, 'N');
  const doc = DynamoDBDocumentClient.from(h.client);
  await doc.send(new DocExecute({ Statement: `INSERT INTO "${t}" VALUE {'pk': ?, 'sk': ?, 'm': ?}`, Parameters: ['x', 7, { a: [1, 'b'] }] }));
  const r = await doc.send(new DocExecute({ Statement: `SELECT * FROM "${t}" WHERE pk = ? AND sk = ?`, Parameters: ['x', 7] }));
  assert.deepEqual(r.Items, [{ pk: 'x', sk: 7, m: { a: [1, 'b'] } }]);
});

test('NextToken pages over binary sort keys', async () => {
  const t = await createTable(h.client, 'B');
  for (let i = 0; i < 3; i++) await run(`INSERT INTO "${t}" VALUE {'pk': 'bin', 'sk': ?}`, [{ B: new Uint8Array([i, 255]) }]);
  const seen: number[] = [];
  let NextToken: string | undefined;
  do {
    const r = await run(`SELECT sk FROM "${t}" WHERE pk = 'bin'`, undefined, { Limit: 1, NextToken });
    for (const i of r.Items ?? []) seen.push(i['sk']!.B![0]!);
    NextToken = r.NextToken;
  } while (NextToken);
  assert.deepEqual(seen, [0, 1, 2]);
});
