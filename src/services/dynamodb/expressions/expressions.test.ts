// Table-driven tests for the expression language: parsing, DynamoDB's error messages, condition evaluation,
// projections and update application.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeMap } from '../attribute-value.js';
import { throwsMessage } from '../../../../test/services/dynamodb/testing.js';
import { ExpressionAttributes } from './attributes.js';
import { parseCondition } from './condition-parser.js';
import { evaluateCondition } from './evaluate.js';
import { parseProjection, projectItem } from './projection.js';
import { parseUpdate } from './update-parser.js';
import { applyUpdate } from './update.js';

const VALUES = {
  ':s': { S: 'abc' }, ':a': { S: 'a' }, ':n1': { N: '1' }, ':n5': { N: '5' }, ':n10': { N: '10' },
  ':t': { S: 'N' }, ':l': { L: [{ S: 'z' }] }, ':ss': { SS: ['x'] }, ':ns': { NS: ['2'] }, ':bool': { BOOL: true },
};
const NAMES = { '#st': 'status', '#dot': 'a.b' };

function attrs(): ExpressionAttributes {
  return new ExpressionAttributes(NAMES, VALUES);
}

const ITEM: AttributeMap = {
  id: { S: 'abc' }, n: { N: '5' }, status: { S: 'active' }, 'a.b': { S: 'dotted' },
  m: { M: { x: { N: '1' }, nest: { M: { deep: { S: 'y' } } } } },
  l: { L: [{ S: 'first' }, { N: '2' }, { M: { k: { S: 'v' } } }] },
  tags: { SS: ['x', 'y'] }, nums: { NS: ['1', '2'] }, blank: { S: '' }, flag: { BOOL: false },
};

test('conditions evaluate with DynamoDB semantics', () => {
  const cases: [string, boolean][] = [
    ['id = :s', true], ['id <> :s', false], ['absent <> :s', true], ['absent = :s', false],
    ['n > :n1', true], ['n >= :n5', true], ['n < :n5', false], ['n <= :n10', true], ['n > :s', false],
    ['n BETWEEN :n1 AND :n10', true], ['n between :n10 and :n10', false], ['id IN (:a, :s)', true], ['n IN (:n1)', false],
    ['attribute_exists(id)', true], ['attribute_not_exists(nope)', true], ['attribute_exists(m.nest.deep)', true],
    ['attribute_exists(l[2].k)', true], ['attribute_exists(l[3])', false], ['attribute_type(n, :t)', true],
    ['begins_with(id, :a)', true], ['contains(id, :a)', true], ['contains(tags, :s)', false], ['contains(l, :n5)', false],
    ['contains(nums, :n1)', true], ['size(tags) = :n1', false], ['size(l) > :n1', true], ['size(id) = :n5', false],
    ['#st = :s OR n = :n5', true], ['(id = :s)', true], ['((id = :s) AND (n = :n5))', true], ['NOT n = :n5', false], ['NOT n = :n5 OR id = :s', true],
    ['n = :n1 AND n = :n5 OR id = :s', true], ['n = :n1 AND (n = :n5 OR id = :s)', false],
    ['#dot = :s OR attribute_exists(#dot)', true], ['m.x = :n1', true], ['l[0] = :s', false], ['blank = :s', false],
  ];
  for (const [expr, want] of cases) {
    assert.equal(evaluateCondition(ITEM, parseCondition('ConditionExpression', expr, attrs())), want, expr);
  }
});

test('conditions against a missing item: only attribute_not_exists and <> hold', () => {
  assert.equal(evaluateCondition(undefined, parseCondition('ConditionExpression', 'attribute_not_exists(id)', attrs())), true);
  assert.equal(evaluateCondition(undefined, parseCondition('ConditionExpression', 'id = :s', attrs())), false);
});

test('malformed conditions fail with DynamoDB messages', () => {
  const P = 'Invalid ConditionExpression: ';
  const cases: [string, string][] = [
    ['', `${P}The expression can not be empty;`],
    [Array.from({ length: 300 }, () => 'attribute_exists(id)').join(' AND '), `${P}Expression size has exceeded the maximum allowed size; expression size: 7495`],
    ['id = ', `${P}Syntax error; token: "<EOF>", near: "="`],
    ['attribute_not_exists(', `${P}Syntax error; token: "<EOF>", near: "("`],
    ['id == :s', `${P}Syntax error; token: "=", near: "== :s"`],
    ['id = :s AND', `${P}Syntax error; token: "<EOF>", near: "AND"`],
    ['status = :s', `${P}Attribute name is a reserved keyword; reserved keyword: status`],
    ['#nope = :s', `${P}An expression attribute name used in the document path is not defined; attribute name: #nope`],
    ['id = :nope', `${P}An expression attribute value used in expression is not defined; attribute value: :nope`],
    ['foo(id)', `${P}Invalid function name; function: foo`],
    ['attribute_exists(id, n)', `${P}Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2`],
    ['begins_with(id, :n1)', `${P}Incorrect operand type for operator or function; operator or function: begins_with, operand type: N`],
    ['attribute_type(id, :s)', `${P}Invalid attribute type name found; type: abc, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`],
    ['n BETWEEN :n10 AND :n1', `${P}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}`],
    ['size(id)', `${P}The function is not allowed to be used this way in an expression; function: size`],
    ['id = 5', `${P}Syntax error; token: "5", near: "= 5"`],
    ['id = :s $', `${P}Syntax error; token: "$", near: ":s $"`],
    ['((attribute_exists(id)))', `${P}The expression has redundant parentheses;`],
    ['contains(#dot, #dot)', `${P}The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a.b]`],
    ['n = n', `${P}The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]`],
  ];
  for (const [expr, want] of cases) throwsMessage(() => parseCondition('ConditionExpression', expr, attrs()), want);
});

test('unused and undefined placeholders are reported across the request', () => {
  const a = new ExpressionAttributes({ '#a': 'a', '#b': 'b' }, { ':x': { S: '1' }, ':y': { S: '2' } });
  parseCondition('ConditionExpression', '#a = :x', a);
  throwsMessage(() => a.checkAllUsed(), 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}');
  const b = new ExpressionAttributes(undefined, { ':x': { S: '1' }, ':y': { S: '2' } });
  parseCondition('ConditionExpression', 'a = :x', b);
  throwsMessage(() => b.checkAllUsed(), 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:y}');
  throwsMessage(() => new ExpressionAttributes({}, undefined), 'ExpressionAttributeNames must not be empty');
  throwsMessage(() => new ExpressionAttributes({ a: 'x' }, undefined), 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"');
  throwsMessage(() => new ExpressionAttributes(undefined, { ':v': { SS: [] } }),
    'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v');
});

test('projections keep nested paths and compact list elements', () => {
  const paths = parseProjection('id, m.nest.deep, l[2].k, l[0], #dot, nothing', attrs());
  assert.deepEqual(projectItem(ITEM, paths), {
    id: { S: 'abc' }, 'a.b': { S: 'dotted' },
    m: { M: { nest: { M: { deep: { S: 'y' } } } } },
    l: { L: [{ S: 'first' }, { M: { k: { S: 'v' } } }] },
  });
});

test('overlapping or conflicting paths are rejected', () => {
  throwsMessage(() => parseProjection('a, a.b', attrs()),
    'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]');
  throwsMessage(() => parseProjection('a.b, a[1]', attrs()),
    'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]');
  throwsMessage(() => parseUpdate('SET a = :s REMOVE a', attrs()),
    'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]');
});

function update(expr: string, item: AttributeMap | undefined = ITEM): AttributeMap {
  return applyUpdate(item, { id: { S: 'abc' } }, parseUpdate(expr, attrs()));
}

test('update actions apply with DynamoDB semantics', () => {
  assert.deepEqual(update('SET n = n + :n10').n, { N: '15' });
  assert.deepEqual(update('SET n = :n1 - n').n, { N: '-4' });
  assert.deepEqual(update('SET x = if_not_exists(x, :n1), n = if_not_exists(n, :n1)').x, { N: '1' });
  assert.deepEqual(update('SET n = if_not_exists(n, :n1)').n, { N: '5' });
  assert.deepEqual(update('SET l = list_append(l, :l)').l, { L: [...(ITEM.l as { L: [] }).L, { S: 'z' }] });
  assert.deepEqual(update('SET m.nest.deep = :s').m, { M: { x: { N: '1' }, nest: { M: { deep: { S: 'abc' } } } } });
  assert.deepEqual(update('SET l[10] = :s').l, { L: [...(ITEM.l as { L: [] }).L, { S: 'abc' }] });
  assert.deepEqual(update('REMOVE l[0], l[1]').l, { L: [{ M: { k: { S: 'v' } } }] });
  assert.equal(update('REMOVE #st, nothing').status, undefined);
  assert.deepEqual(update('ADD n :n5, tags :ss, newset :ns').n, { N: '10' });
  assert.deepEqual(update('ADD tags :ss').tags, { SS: ['x', 'y'] });
  assert.deepEqual(update('ADD newset :ns').newset, { NS: ['2'] });
  assert.deepEqual(update('DELETE nums :ns').nums, { NS: ['1'] });
  assert.equal(update('DELETE tags :ss, nums :ns', { id: { S: 'abc' }, tags: { SS: ['x'] } }).tags, undefined);
  assert.deepEqual(applyUpdate(undefined, { id: { S: 'abc' } }, parseUpdate('SET a = :s', attrs())), { id: { S: 'abc' }, a: { S: 'abc' } });
  assert.deepEqual(ITEM.n, { N: '5' }, 'the original item is untouched');
});

test('update errors use DynamoDB messages', () => {
  const P = 'Invalid UpdateExpression: ';
  const parseCases: [string, string][] = [
    ['SET a = :s SET b = :s', `${P}The "SET" section can only be used once in an update expression;`],
    ['ADD a :s', `${P}Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND`],
    ['DELETE a :n1', `${P}Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND`],
    ['SET a = size(b)', `${P}The function is not allowed in a update expression; function: size`],
    ['SET a = if_not_exists(:s, :s)', `${P}Operator or function requires a document path; operator or function: if_not_exists`],
    ['ADD hits : incr', `${P}Syntax error; token: ":", near: "hits : incr"`],
    ['INVALID SYNTAX HERE', `${P}Syntax error; token: "INVALID", near: "INVALID SYNTAX"`],
    ['SET a = :s, REMOVE b', `${P}Syntax error; token: "b", near: "REMOVE b"`],
    ['SET #nope = :s, status = :x', `${P}Attribute name is a reserved keyword; reserved keyword: status`],
    ['SET status = :s, = :x', `${P}Syntax error; token: "=", near: ", = :x"`],
  ];
  for (const [expr, want] of parseCases) throwsMessage(() => parseUpdate(expr, attrs()), want);
  throwsMessage(() => update('SET id2 = nothing'), 'The provided expression refers to an attribute that does not exist in the item');
  throwsMessage(() => update('SET n = id + :n1'), 'An operand in the update expression has an incorrect data type');
  throwsMessage(() => update('ADD id :n1'), 'An operand in the update expression has an incorrect data type');
  throwsMessage(() => update('SET nothing.x = :s'), 'The document path provided in the update expression is invalid for update');
});
