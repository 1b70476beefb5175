// Unit tests of the PartiQL parser: each statement form, literals of every type, `?` binding, WHERE shapes, and
// DynamoDB's malformed-statement and parameter-count errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePartiql } from './parser.js';
import { keyTerms, requireFullKey } from './where.js';
import type { Condition } from '../expressions/ast.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

test('SELECT with projection, quoted table and index, WHERE and ORDER BY parses', () => {
  const s = parsePartiql('select a, "b".c, l[2] FROM "Orders"."byStatus" WHERE pk = ? AND sk >= 3 ORDER BY sk DESC', [{ S: 'x' }]);
  assert.equal(s.kind, 'select');
  if (s.kind !== 'select') return;
  assert.equal(s.table, 'Orders');
  assert.equal(s.index, 'byStatus');
  assert.deepEqual(s.projection, [['a'], ['b', 'c'], ['l', 2]]);
  assert.deepEqual(s.orderBy, { name: 'sk', descending: true });
  const where = s.where as Condition & { kind: 'and' };
  assert.equal(where.kind, 'and');
  assert.deepEqual(where.left, { kind: 'compare', op: '=', left: { kind: 'path', path: ['pk'] }, right: { kind: 'value', value: { S: 'x' }, placeholder: '?' } });
});

test('INSERT VALUE reads literals of every type', () => {
  const s = parsePartiql(
    "INSERT INTO t VALUE {'pk': 'a''b', 'n': -1.50, 'b': true, 'z': null, 'l': [1, 'x'], 'm': {'k': 2}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'p': ?}",
    [{ B: new Uint8Array([1]) }],
  );
  assert.equal(s.kind, 'insert');
  if (s.kind !== 'insert') return;
  assert.deepEqual(s.item, {
    pk: { S: "a'b" }, n: { N: '-1.5' }, b: { BOOL: true }, z: { NULL: true }, l: { L: [{ N: '1' }, { S: 'x' }] },
    m: { M: { k: { N: '2' } } }, ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2'] }, p: { B: new Uint8Array([1]) },
  });
});

test('UPDATE takes SET and REMOVE clauses, arithmetic, list_append, set_add and RETURNING', () => {
  const s = parsePartiql("UPDATE t SET a = a + 1, l = list_append(l, [3]) SET tags = set_add(tags, <<'x'>>) REMOVE old WHERE pk = 'k' RETURNING ALL NEW *");
  assert.equal(s.kind, 'update');
  if (s.kind !== 'update') return;
  assert.deepEqual(s.actions.map((a) => a.kind), ['SET', 'SET', 'ADD', 'REMOVE']);
  assert.equal(s.returning, 'ALL_NEW');
});

test('DELETE, EXISTS, IS MISSING, IN, BETWEEN and functions parse to the shared condition AST', () => {
  const d = parsePartiql("DELETE FROM t WHERE pk = 'a' AND x IS NOT MISSING AND y IN [1, 2] AND z BETWEEN 1 AND 3 AND begins_with(s, 'p')");
  assert.equal(d.kind, 'delete');
  const e = parsePartiql("EXISTS(SELECT * FROM t WHERE pk = 'a' AND size(l) > 2)");
  assert.equal(e.kind, 'exists');
  const n = parsePartiql("SELECT * FROM t WHERE a IS NULL -- trailing comment\n;");
  assert.equal(n.kind, 'select');
});

test('malformed statements answer DynamoDB\'s "Statement wasn\'t well formed" message', () => {
  const prefix = "Statement wasn't well formed, can't be processed: ";
  assert.equal(messageOf(() => parsePartiql("UPSERT INTO t VALUE {'a': 1}")), `${prefix}Expected data manipulation`);
  assert.equal(messageOf(() => parsePartiql('SELECT * FROM t WHERE select = 1')), `${prefix}Unexpected keyword`);
  assert.ok(messageOf(() => parsePartiql('SELECT * FROM t WHERE a = ')).startsWith(prefix));
  assert.ok(messageOf(() => parsePartiql('SELECT * FROM t; SELECT * FROM t')).startsWith(prefix));
  assert.ok(messageOf(() => parsePartiql("SELECT * FROM t WHERE a = 'open")).startsWith(prefix));
  assert.equal(messageOf(() => parsePartiql('SELECT * FROM t LIMIT 1')), `${prefix}Unsupported clause: LIMIT`);
});

test('too few parameters fail; a ? inside a bag and an empty or mixed bag are refused', () => {
  assert.equal(messageOf(() => parsePartiql('SELECT * FROM t WHERE a = ? AND b = ?', [{ S: 'x' }])), "Number of parameters in request and statement don't match.");
  assert.equal(messageOf(() => parsePartiql("INSERT INTO t VALUE {'a': <<?>>}", [{ S: 'x' }])), 'Unsupported data type in Bag');
  assert.equal(messageOf(() => parsePartiql("INSERT INTO t VALUE {'a': <<1, 'x'>>}")), 'DynamoDB only supports either numbers or strings in bags');
  assert.equal(messageOf(() => parsePartiql("INSERT INTO t VALUE {'a': <<'x', 'x'>>}")), 'Input collection contains duplicates');
});

test('keyTerms splits the key equalities from the rest; requireFullKey insists on every key attribute', () => {
  const schema = { hash: { name: 'pk', type: 'S' as const }, range: { name: 'sk', type: 'N' as const } };
  const s = parsePartiql("SELECT * FROM t WHERE 'a' = pk AND sk = 2 AND other > 1");
  if (s.kind !== 'select') throw new Error('select');
  const terms = keyTerms(s.where, schema);
  assert.deepEqual(terms.hash, { S: 'a' });
  assert.deepEqual(terms.range, { N: '2' });
  assert.equal(terms.rest?.kind, 'compare');
  assert.deepEqual(requireFullKey(terms, schema), { pk: { S: 'a' }, sk: { N: '2' } });
  const partial = keyTerms(parsePartiql("DELETE FROM t WHERE pk = 'a'").kind === 'delete' ? (parsePartiql("DELETE FROM t WHERE pk = 'a'") as { where: Condition }).where : undefined, schema);
  assert.equal(messageOf(() => requireFullKey(partial, schema)), 'Where clause does not contain a mandatory equality on all key attributes');
});
