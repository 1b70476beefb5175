// Smoke tests of DynamoDB with the installed aws-cli and boto3 against a started server: table and item commands,
// expressions, transactions and a failed condition answer as on AWS; boto3's resource API round-trips Decimals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor, CLI_ENV } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
});
after(async () => {
  await kumo.stop();
});

const RUN = `smoke${process.pid}`;
const { aws, awsJson } = awsCliFor(() => kumo.url);

type Item = Record<string, Record<string, unknown>>;

test('aws dynamodb create-table, put/get/update-item, query, scan, transact-write-items, describe-table and delete-table', () => {
  const table = `${RUN}-orders`;
  const created = awsJson([
    'dynamodb', 'create-table', '--table-name', table, '--billing-mode', 'PAY_PER_REQUEST',
    '--attribute-definitions', 'AttributeName=pk,AttributeType=S', 'AttributeName=sk,AttributeType=N', 'AttributeName=status,AttributeType=S',
    '--key-schema', 'AttributeName=pk,KeyType=HASH', 'AttributeName=sk,KeyType=RANGE',
    '--global-secondary-indexes', JSON.stringify([
      { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
    ]),
  ])['TableDescription'] as Record<string, unknown>;
  assert.equal(created['TableName'], table);
  assert.equal(created['TableArn'], `arn:aws:dynamodb:us-east-1:000000000000:table/${table}`);
  assert.equal((created['GlobalSecondaryIndexes'] as { IndexName: string }[])[0]!.IndexName, 'byStatus');

  for (const [sk, status] of [[1, 'open'], [2, 'shipped'], [3, 'open']] as const) {
    awsJson(['dynamodb', 'put-item', '--table-name', table, '--item', JSON.stringify({ pk: { S: 'c1' }, sk: { N: String(sk) }, status: { S: status }, amount: { N: '10' } })]);
  }
  const got = awsJson(['dynamodb', 'get-item', '--table-name', table, '--key', JSON.stringify({ pk: { S: 'c1' }, sk: { N: '2' } })])['Item'] as Item;
  assert.deepEqual(got, { pk: { S: 'c1' }, sk: { N: '2' }, status: { S: 'shipped' }, amount: { N: '10' } });

  const queried = awsJson([
    'dynamodb', 'query', '--table-name', table, '--key-condition-expression', 'pk = :p AND sk >= :s',
    '--expression-attribute-values', JSON.stringify({ ':p': { S: 'c1' }, ':s': { N: '2' } }), '--no-scan-index-forward',
  ]);
  assert.deepEqual((queried['Items'] as Item[]).map((i) => i['sk']), [{ N: '3' }, { N: '2' }]);
  const byStatus = awsJson([
    'dynamodb', 'query', '--table-name', table, '--index-name', 'byStatus', '--key-condition-expression', '#s = :open',
    '--expression-attribute-names', JSON.stringify({ '#s': 'status' }), '--expression-attribute-values', JSON.stringify({ ':open': { S: 'open' } }),
  ]);
  assert.deepEqual((byStatus['Items'] as Item[]).map((i) => i['sk']), [{ N: '1' }, { N: '3' }]);

  const updated = awsJson([
    'dynamodb', 'update-item', '--table-name', table, '--key', JSON.stringify({ pk: { S: 'c1' }, sk: { N: '1' } }),
    '--update-expression', 'SET amount = amount + :d, note = :n REMOVE #s', '--expression-attribute-names', JSON.stringify({ '#s': 'status' }),
    '--expression-attribute-values', JSON.stringify({ ':d': { N: '5' }, ':n': { S: 'gift' } }), '--return-values', 'UPDATED_NEW',
  ]);
  assert.deepEqual(updated['Attributes'], { amount: { N: '15' }, note: { S: 'gift' } });

  awsJson([
    'dynamodb', 'transact-write-items', '--transact-items', JSON.stringify([
      { Put: { TableName: table, Item: { pk: { S: 'c2' }, sk: { N: '1' }, status: { S: 'open' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Update: { TableName: table, Key: { pk: { S: 'c1' }, sk: { N: '2' } }, UpdateExpression: 'SET amount = :t', ExpressionAttributeValues: { ':t': { N: '0' } } } },
      { Delete: { TableName: table, Key: { pk: { S: 'c1' }, sk: { N: '3' } } } },
    ]),
  ]);
  const scanned = awsJson(['dynamodb', 'scan', '--table-name', table]);
  assert.equal(scanned['Count'], 3);
  const keys = (scanned['Items'] as Item[]).map((i) => `${String(i['pk']!['S'])}/${String(i['sk']!['N'])}`).sort();
  assert.deepEqual(keys, ['c1/1', 'c1/2', 'c2/1']);
  const filtered = awsJson(['dynamodb', 'scan', '--table-name', table, '--filter-expression', 'amount = :z', '--expression-attribute-values', JSON.stringify({ ':z': { N: '0' } })]);
  assert.deepEqual(filtered['Count'], 1);

  const described = awsJson(['dynamodb', 'describe-table', '--table-name', table])['Table'] as Record<string, unknown>;
  assert.equal(described['TableStatus'], 'ACTIVE');
  assert.equal(described['ItemCount'], 3);
  assert.deepEqual(described['KeySchema'], [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);

  const deleted = awsJson(['dynamodb', 'delete-table', '--table-name', table])['TableDescription'] as Record<string, unknown>;
  assert.equal(deleted['TableName'], table);
  const gone = aws(['dynamodb', 'describe-table', '--table-name', table]);
  assert.notEqual(gone.status, 0);
  assert.match(gone.stderr, /An error occurred \(ResourceNotFoundException\) when calling the DescribeTable operation/);
});

test('aws dynamodb put-item with a failed condition prints the ConditionalCheckFailedException line', () => {
  const table = `${RUN}-cond`;
  awsJson([
    'dynamodb', 'create-table', '--table-name', table, '--billing-mode', 'PAY_PER_REQUEST',
    '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH',
  ]);
  const item = JSON.stringify({ id: { S: 'x' } });
  awsJson(['dynamodb', 'put-item', '--table-name', table, '--item', item, '--condition-expression', 'attribute_not_exists(id)']);
  const result = aws(['dynamodb', 'put-item', '--table-name', table, '--item', item, '--condition-expression', 'attribute_not_exists(id)']);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /An error occurred \(ConditionalCheckFailedException\) when calling the PutItem operation: The conditional request failed/);
  assert.doesNotMatch(result.stderr, /Traceback/);
  const cancelled = aws([
    'dynamodb', 'transact-write-items', '--transact-items',
    JSON.stringify([{ Put: { TableName: table, Item: { id: { S: 'x' } }, ConditionExpression: 'attribute_not_exists(id)' } }]),
  ]);
  assert.notEqual(cancelled.status, 0);
  assert.match(cancelled.stderr, /\(TransactionCanceledException\) when calling the TransactWriteItems operation: Transaction cancelled, please refer cancellation reasons for specific reasons \[ConditionalCheckFailed\]/);
});

const BOTO3_SCRIPT = `
import json, sys
from decimal import Decimal
import boto3
from boto3.dynamodb.conditions import Key, Attr
from botocore.exceptions import ClientError
name = sys.argv[1]
ddb = boto3.resource('dynamodb')
table = ddb.create_table(
    TableName=name, BillingMode='PAY_PER_REQUEST',
    KeySchema=[{'AttributeName': 'user', 'KeyType': 'HASH'}, {'AttributeName': 'ts', 'KeyType': 'RANGE'}],
    AttributeDefinitions=[{'AttributeName': 'user', 'AttributeType': 'S'}, {'AttributeName': 'ts', 'AttributeType': 'N'}])
table.wait_until_exists()
out = {}
table.put_item(Item={'user': 'ann', 'ts': 1, 'score': Decimal('1.5'), 'tags': {'a', 'b'}, 'profile': {'age': 30, 'langs': ['en', 'fr']}, 'blob': b'\\x00\\x01'})
item = table.get_item(Key={'user': 'ann', 'ts': 1})['Item']
out['score'] = str(item['score'])
out['tags'] = sorted(item['tags'])
out['age'] = int(item['profile']['age'])
out['langs'] = item['profile']['langs']
out['blob'] = list(bytes(item['blob'].value))
with table.batch_writer() as batch:
    for i in range(2, 32):
        batch.put_item(Item={'user': 'ann' if i % 2 == 0 else 'bob', 'ts': i, 'score': Decimal(i)})
page = table.query(KeyConditionExpression=Key('user').eq('ann') & Key('ts').between(2, 10), ScanIndexForward=False)
out['query'] = [int(i['ts']) for i in page['Items']]
out['filtered'] = table.query(KeyConditionExpression=Key('user').eq('bob'), FilterExpression=Attr('score').gt(20))['Count']
new = table.update_item(Key={'user': 'ann', 'ts': 1}, UpdateExpression='SET score = score + :d ADD tags :t',
    ExpressionAttributeValues={':d': Decimal('0.25'), ':t': {'c'}}, ReturnValues='ALL_NEW')['Attributes']
out['updated'] = [str(new['score']), sorted(new['tags'])]
try:
    table.update_item(Key={'user': 'ann', 'ts': 1}, UpdateExpression='SET score = :z', ConditionExpression=Attr('score').lt(0),
        ExpressionAttributeValues={':z': 0})
except ClientError as e:
    out['error'] = e.response['Error']['Code']
out['count'] = table.scan(Select='COUNT')['Count']
table.delete()
print(json.dumps(out))
`;

test('boto3 resource API: Table put_item, get_item, query with Key conditions, batch_writer and update_item', () => {
  const result = spawnSync('python3', ['-c', BOTO3_SCRIPT, `${RUN}-boto3`], {
    encoding: 'utf8',
    env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: kumo.url },
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(out['score'], '1.5');
  assert.deepEqual(out['tags'], ['a', 'b']);
  assert.equal(out['age'], 30);
  assert.deepEqual(out['langs'], ['en', 'fr']);
  assert.deepEqual(out['blob'], [0, 1]);
  assert.deepEqual(out['query'], [10, 8, 6, 4, 2]);
  assert.equal(out['filtered'], 6, 'bob has 21, 23, 25, 27, 29 and 31 above 20');
  assert.deepEqual(out['updated'], ['1.75', ['a', 'b', 'c']]);
  assert.equal(out['error'], 'ConditionalCheckFailedException');
  assert.equal(out['count'], 31);
});

test('aws dynamodb execute-statement, batch-execute-statement and execute-transaction run PartiQL', () => {
  const table = `${RUN}-partiql`;
  awsJson([
    'dynamodb', 'create-table', '--table-name', table, '--billing-mode', 'PAY_PER_REQUEST',
    '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH',
  ]);
  awsJson(['dynamodb', 'execute-statement', '--statement', `INSERT INTO "${table}" VALUE {'id': ?, 'n': 1}`, '--parameters', JSON.stringify([{ S: 'a' }])]);
  const dup = aws(['dynamodb', 'execute-statement', '--statement', `INSERT INTO "${table}" VALUE {'id': 'a'}`]);
  assert.match(dup.stderr, /An error occurred \(DuplicateItemException\) when calling the ExecuteStatement operation: Duplicate primary key exists in table/);
  const batch = awsJson(['dynamodb', 'batch-execute-statement', '--statements', JSON.stringify([
    { Statement: `INSERT INTO "${table}" VALUE {'id': 'b', 'n': 2}` },
    { Statement: `UPDATE "${table}" SET n = n + 10 WHERE id = 'a'` },
  ])]);
  assert.deepEqual(batch['Responses'], [{ TableName: table }, { TableName: table }]);
  awsJson(['dynamodb', 'execute-transaction', '--transact-statements', JSON.stringify([{ Statement: `DELETE FROM "${table}" WHERE id = 'b'` }])]);
  const selected = awsJson(['dynamodb', 'execute-statement', '--statement', `SELECT * FROM "${table}"`]);
  assert.deepEqual(selected['Items'], [{ id: { S: 'a' }, n: { N: '11' } }]);
  // Over 100 actions: the model-constraint message with the actions printed as AWS's Java front end prints them.
  const tooMany = aws(['dynamodb', 'transact-get-items', '--transact-items', JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ Get: { TableName: table, Key: { id: { S: `k${i}` } } } })))]);
  assert.match(tooMany.stderr, /An error occurred \(ValidationException\) when calling the TransactGetItems operation: 1 validation error detected: Value '\[TransactGetItem\(get=Get\(key=\{id=com\.amazonaws\.dynamodb\.v20120810\.AttributeValue@[0-9a-f]+\}/);
  assert.match(tooMany.stderr, /' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100/);
});

test('aws dynamodb create-backup, restore-table-from-backup, update-continuous-backups and restore-table-to-point-in-time', () => {
  const table = `${RUN}-backup`;
  awsJson([
    'dynamodb', 'create-table', '--table-name', table, '--billing-mode', 'PAY_PER_REQUEST',
    '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH',
  ]);
  awsJson(['dynamodb', 'put-item', '--table-name', table, '--item', JSON.stringify({ id: { S: 'one' } })]);
  const backup = awsJson(['dynamodb', 'create-backup', '--table-name', table, '--backup-name', 'smoke-backup'])['BackupDetails'] as Record<string, string>;
  const restored = awsJson(['dynamodb', 'restore-table-from-backup', '--target-table-name', `${table}-copy`, '--backup-arn', backup['BackupArn']!]);
  assert.equal((restored['TableDescription'] as Record<string, unknown>)['TableStatus'], 'CREATING');
  assert.equal(awsJson(['dynamodb', 'scan', '--table-name', `${table}-copy`])['Count'], 1);
  const listed = awsJson(['dynamodb', 'list-backups', '--table-name', table])['BackupSummaries'] as Record<string, string>[];
  assert.deepEqual(listed.map((b) => b['BackupName']), ['smoke-backup']);
  awsJson(['dynamodb', 'update-continuous-backups', '--table-name', table, '--point-in-time-recovery-specification', 'PointInTimeRecoveryEnabled=true']);
  awsJson(['dynamodb', 'restore-table-to-point-in-time', '--source-table-name', table, '--target-table-name', `${table}-pitr`, '--use-latest-restorable-time']);
  assert.equal(awsJson(['dynamodb', 'scan', '--table-name', `${table}-pitr`])['Count'], 1);
});
