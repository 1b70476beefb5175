// Repository tests on an in-memory SQLite database: item round trips, index maintenance (sparse, projected),
// counts, Query range scans with paging in both directions, and parallel Scan segments covering every item once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import type { AttributeMap } from './attribute-value.js';
import { encodeKeyValue } from './key-encoding.js';
import { compileTable, ItemStore, type Position } from './item-store.js';
import { keyOfItem } from './keys.js';
import { MIGRATIONS } from './migrations.js';
import { validateCreateTable } from './table-schema.js';
import { TableStore } from './table-store.js';

const scope = { account: '000000000000', region: 'us-east-1' };

function setup() {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS) db.exec(m);
  const schema = validateCreateTable({
    TableName: 'items',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'g', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
  });
  const tables = new TableStore(db);
  tables.insert(scope, { id: 't1', name: 'items', status: 'ACTIVE', createdAt: 0, meta: { schema, settings: { arn: 'arn', deletionProtection: false, tags: [] } } });
  const t = compileTable('t1', schema);
  return { db, items: new ItemStore(db), tables, t };
}

function put(s: ReturnType<typeof setup>, item: AttributeMap): void {
  const key = keyOfItem(s.t.schema.key, item);
  s.db.transaction(() => s.items.put(scope, s.t, key, item, s.items.get(scope, s.t, key)))();
}

test('items round-trip and counts follow puts, overwrites and deletes', () => {
  const s = setup();
  const item = { pk: { S: 'a' }, sk: { N: '1' }, data: { B: Buffer.from([1, 2, 3]) }, l: { L: [{ NULL: true as const }] } };
  put(s, item);
  const key = keyOfItem(s.t.schema.key, item);
  assert.deepEqual(s.items.get(scope, s.t, key)?.item, item);
  put(s, { ...item, extra: { S: 'xyz' } });
  assert.equal(s.tables.stats(scope, 'items').itemCount, 1);
  assert.equal(s.tables.stats(scope, 'items').sizeBytes, s.items.get(scope, s.t, key)!.size);
  s.items.delete(scope, s.t, key, s.items.get(scope, s.t, key)!);
  assert.equal(s.items.get(scope, s.t, key), undefined);
  assert.deepEqual(s.tables.stats(scope, 'items'), { itemCount: 0, sizeBytes: 0 });
});

test('index rows are sparse, projected and follow updates', () => {
  const s = setup();
  put(s, { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' }, other: { S: 'not projected' } });
  put(s, { pk: { S: 'a' }, sk: { N: '2' } });
  const index = s.t.schema.indexes[0]!;
  const rows = [...s.items.query(scope, s.t, index, encodeKeyValue({ S: 'x' }), {}, true, undefined)];
  assert.deepEqual(rows.map((r) => r.item), [{ pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' } }]);
  put(s, { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'y' } });
  assert.equal([...s.items.query(scope, s.t, index, encodeKeyValue({ S: 'x' }), {}, true, undefined)].length, 0);
  assert.equal(s.items.indexStats(scope, 't1').get('byG')?.itemCount, 1);
});

test('Query scans one partition in sort-key order, both directions, resuming after a position', () => {
  const s = setup();
  for (const n of ['10', '-1', '2.5', '3', '100']) put(s, { pk: { S: 'p' }, sk: { N: n } });
  put(s, { pk: { S: 'other' }, sk: { N: '5' } });
  const pk = encodeKeyValue({ S: 'p' });
  const order = (forward: boolean, start?: Position) =>
    [...s.items.query(scope, s.t, undefined, pk, {}, forward, start)].map((r) => (r.item.sk as { N: string }).N);
  assert.deepEqual(order(true), ['-1', '2.5', '3', '10', '100']);
  assert.deepEqual(order(false), ['100', '10', '3', '2.5', '-1']);
  const three = { pk, sk: encodeKeyValue({ N: '3' }) };
  assert.deepEqual(order(true, three), ['10', '100']);
  assert.deepEqual(order(false, three), ['2.5', '-1']);
  const ranged = [...s.items.query(scope, s.t, undefined, pk, { lower: { bytes: encodeKeyValue({ N: '2.5' }), inclusive: false }, upper: { bytes: encodeKeyValue({ N: '10' }), inclusive: true } }, true, undefined)];
  assert.deepEqual(ranged.map((r) => (r.item.sk as { N: string }).N), ['3', '10']);
});

test('parallel Scan segments partition the table and resume after a position', () => {
  const s = setup();
  for (let i = 0; i < 50; i++) put(s, { pk: { S: `k${i}` }, sk: { N: String(i) } });
  const seen: string[] = [];
  for (let seg = 0; seg < 4; seg++) for (const r of s.items.scan(scope, s.t, undefined, seg, 4, undefined)) seen.push((r.item.pk as { S: string }).S);
  assert.equal(seen.length, 50);
  assert.equal(new Set(seen).size, 50);
  const all = [...s.items.scan(scope, s.t, undefined, 0, 1, undefined)];
  const rest = [...s.items.scan(scope, s.t, undefined, 0, 1, all[9]!.pos)];
  assert.deepEqual(rest.map((r) => r.item), all.slice(10).map((r) => r.item));
});

test('the table metadata cache forgets rows deleted underneath it and uncommitted rows', () => {
  const s = setup();
  assert.ok(s.tables.get(scope, 'items'));
  s.db.exec('DELETE FROM dynamodb_tables');
  assert.equal(s.tables.get(scope, 'items'), undefined);
  try {
    s.db.transaction(() => {
      s.tables.insert(scope, { id: 't2', name: 'ghost', status: 'ACTIVE', createdAt: 0, meta: { schema: s.t.schema, settings: { arn: 'a', deletionProtection: false, tags: [] } } });
      assert.ok(s.tables.get(scope, 'ghost'));
      throw new Error('roll back');
    })();
  } catch {
    // expected
  }
  assert.equal(s.tables.get(scope, 'ghost'), undefined);
});

test('index queries resume inside a run of equal index keys by table key, in both directions', () => {
  const s = setup();
  for (const n of ['1', '2', '3', '4', '5']) put(s, { pk: { S: `p${n}` }, sk: { N: n }, g: { S: 'same' } });
  const index = s.t.schema.indexes[0]!;
  const ipk = encodeKeyValue({ S: 'same' });
  const page = (forward: boolean, start?: Position) =>
    [...s.items.query(scope, s.t, index, ipk, {}, forward, start)].map((r) => (r.item.pk as { S: string }).S);
  const all = page(true);
  assert.deepEqual(all, ['p1', 'p2', 'p3', 'p4', 'p5']);
  const at = (pk: string, sk: string): Position => ({ pk: encodeKeyValue({ S: pk }), sk: encodeKeyValue({ N: sk }), ipk, isk: Buffer.alloc(0) });
  assert.deepEqual(page(true, at('p2', '2')), ['p3', 'p4', 'p5']);
  assert.deepEqual(page(false, at('p4', '4')), ['p3', 'p2', 'p1']);
});
