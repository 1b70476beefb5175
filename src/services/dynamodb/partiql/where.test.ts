// Unit tests of the key conditions a PartiQL SELECT's WHERE gives a Query on a multi-attribute GSI key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePartiql } from './parser.js';
import { queryKeyConditions } from './where.js';
import type { Condition } from '../expressions/ast.js';
import type { KeySchema } from '../keys.js';

const schema: KeySchema = {
  hash: { name: 't', type: 'S' }, range: { name: 'r', type: 'N' },
  hashParts: [{ name: 't', type: 'S' }, { name: 'a', type: 'S' }],
  rangeParts: [{ name: 'r', type: 'N' }, { name: 'b', type: 'S' }, { name: 'c', type: 'S' }],
};

function whereOf(sql: string): Condition | undefined {
  const s = parsePartiql(sql);
  return s.kind === 'select' ? s.where : undefined;
}

/** Each candidate as the names its conditions constrain, in order. */
function shapes(sql: string): string[][] | undefined {
  const named = (c: Condition): string => {
    if (c.kind === 'compare') return `${c.left.kind === 'path' ? String(c.left.path[0]) : '?'}${c.op}`;
    if (c.kind === 'between') return `${c.operand.kind === 'path' ? String(c.operand.path[0]) : '?'} between`;
    if (c.kind === 'function') return `${c.name}(${c.args[0]?.kind === 'path' ? String(c.args[0].path[0]) : '?'})`;
    return c.kind;
  };
  return queryKeyConditions(whereOf(sql), schema)?.map((cs) => cs.map(named));
}

test('every partition attribute by equality pins the partition; sort attributes follow left to right, one range term last', () => {
  assert.deepEqual(shapes(`SELECT * FROM "T"."g" WHERE a = 'x' AND t = 'y'`), [['t=', 'a=']]);
  assert.deepEqual(shapes(`SELECT * FROM "T"."g" WHERE t = 'y' AND a = 'x' AND r = 2 AND b > 'k' AND c = 'z' AND v = 1`),
    [['t=', 'a=', 'r=', 'b>'], ['t=', 'a=', 'r='], ['t=', 'a=']]);
  assert.deepEqual(shapes(`SELECT * FROM "T"."g" WHERE t = 'y' AND a = 'x' AND r BETWEEN 1 AND 3`), [['t=', 'a=', 'r between'], ['t=', 'a=']]);
  assert.deepEqual(shapes(`SELECT * FROM "T"."g" WHERE t = 'y' AND a = 'x' AND r = 1 AND begins_with(b, 'u')`),
    [['t=', 'a=', 'r=', 'begins_with(b)'], ['t=', 'a=', 'r='], ['t=', 'a=']]);
  // A gap (b skipped) stops the sort conditions at r; c is left to the filter.
  assert.deepEqual(shapes(`SELECT * FROM "T"."g" WHERE t = 'y' AND a = 'x' AND r = 1 AND c = 'z'`), [['t=', 'a=', 'r='], ['t=', 'a=']]);
});

test('a WHERE missing any partition attribute, or pinning one only through OR, reads by Scan', () => {
  assert.equal(shapes(`SELECT * FROM "T"."g" WHERE t = 'y' AND r = 1`), undefined);
  assert.equal(shapes(`SELECT * FROM "T"."g" WHERE t = 'y' AND (a = 'x' OR a = 'w')`), undefined);
  assert.equal(shapes(`SELECT * FROM "T"."g"`), undefined);
});
