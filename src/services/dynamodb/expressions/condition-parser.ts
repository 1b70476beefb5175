// Recursive-descent parser for condition-style expressions (ConditionExpression, FilterExpression,
// KeyConditionExpression) with DynamoDB's precedence: comparisons/IN/BETWEEN/functions > NOT > AND > OR.
import { compareScalars, typeOf } from '../attribute-value.js';
import { formatPath, type Comparator, type Condition, type ConditionFunction, type Operand } from './ast.js';
import type { ExpressionAttributes, ExpressionKind } from './attributes.js';
import { CONDITION_FUNCTIONS, TokenStream, UPDATE_FUNCTIONS, operandTypeName } from './token-stream.js';

const COMPARATORS = new Set<string>(['=', '<>', '<', '<=', '>', '>=']);
const MAX_IN_OPERANDS = 100;
const ATTRIBUTE_TYPES = ['B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'N', 'NS', 'S', 'M'];

export function parseCondition(kind: ExpressionKind, source: string, attrs: ExpressionAttributes): Condition {
  const s = new TokenStream(kind, source, attrs);
  const c = parseOr(s);
  s.finish();
  return c;
}

function parseOr(s: TokenStream): Condition {
  let left = parseAnd(s);
  while (s.isKeyword('OR')) {
    s.next();
    left = { kind: 'or', left, right: parseAnd(s) };
  }
  return left;
}

function parseAnd(s: TokenStream): Condition {
  let left = parseNot(s);
  while (s.isKeyword('AND')) {
    s.next();
    left = { kind: 'and', left, right: parseNot(s) };
  }
  return left;
}

function parseNot(s: TokenStream): Condition {
  if (s.isKeyword('NOT')) {
    s.next();
    return { kind: 'not', condition: parseNot(s) };
  }
  return parsePrimary(s);
}

/** Conditions that came straight out of a parenthesis pair: wrapping one again is "redundant parentheses". */
const parenthesized = new WeakSet<Condition>();

function parsePrimary(s: TokenStream): Condition {
  if (s.isPunct('(')) {
    s.next();
    const c = parseOr(s);
    s.expectPunct(')');
    // paritysuite/dynamodb-conformance tests/tier3/error-messages/putItem.test.ts: '((attribute_not_exists(pk)))'
    if (parenthesized.has(c)) throw s.error('The expression has redundant parentheses;');
    parenthesized.add(c);
    return c;
  }
  if (s.isFunctionCall()) {
    const name = s.peek().text;
    if (CONDITION_FUNCTIONS.has(name)) return parseConditionFunction(s);
    if (name !== 'size') {
      if (UPDATE_FUNCTIONS.has(name)) {
        throw s.error(`The function is not allowed to be used this way in an expression; function: ${name}`);
      }
      throw s.error(`Invalid function name; function: ${name}`);
    }
  }
  const operand = s.parseOperand();
  const t = s.peek();
  if (t.kind === 'op' && COMPARATORS.has(t.text)) {
    s.next();
    const right = s.parseOperand();
    checkDistinct(s, t.text, operand, [right]);
    return { kind: 'compare', op: t.text as Comparator, left: operand, right };
  }
  if (s.isKeyword('BETWEEN')) {
    s.next();
    const low = s.parseOperand();
    if (!s.isKeyword('AND')) throw s.syntaxError();
    s.next();
    const high = s.parseOperand();
    checkDistinct(s, 'BETWEEN', operand, [low, high]);
    checkBetweenBounds(s, low, high);
    return { kind: 'between', operand, low, high };
  }
  if (s.isKeyword('IN')) {
    s.next();
    s.expectPunct('(');
    const list = [s.parseOperand()];
    while (s.isPunct(',')) {
      s.next();
      list.push(s.parseOperand());
    }
    s.expectPunct(')');
    if (list.length > MAX_IN_OPERANDS) {
      throw s.error(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
    }
    checkDistinct(s, 'IN', operand, list);
    return { kind: 'in', operand, list };
  }
  if (operand.kind === 'size' && (t.kind === 'eof' || s.isKeyword('AND') || s.isKeyword('OR') || s.isPunct(')'))) {
    throw s.error('The function is not allowed to be used this way in an expression; function: size');
  }
  throw s.syntaxError();
}

function samePath(a: Operand, b: Operand): boolean {
  return a.kind === 'path' && b.kind === 'path' && a.path.length === b.path.length && a.path.every((e, i) => e === b.path[i]);
}

/** DynamoDB refuses an operator or function whose first operand repeats among the others (`a = a`, `contains(#a, #a)`). */
function checkDistinct(s: TokenStream, operator: string, first: Operand, rest: readonly Operand[]): void {
  if (first.kind !== 'path' || !rest.some((o) => samePath(first, o))) return;
  throw s.error(`The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${formatPath(first.path)}`);
}

function checkBetweenBounds(s: TokenStream, low: Operand, high: Operand): void {
  if (low.kind !== 'value' || high.kind !== 'value') return;
  const cmp = compareScalars(low.value, high.value);
  if (cmp !== undefined && cmp > 0) {
    throw s.error(
      `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {${showValue(low)}}, upper bound operand: AttributeValue: {${showValue(high)}}`,
    );
  }
}

function showValue(o: Operand & { kind: 'value' }): string {
  const t = typeOf(o.value);
  const v = (o.value as Record<string, unknown>)[t];
  return `${t}:${v instanceof Uint8Array ? Buffer.from(v).toString('base64') : String(v)}`;
}

const ARITY: Record<ConditionFunction, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
};

function parseConditionFunction(s: TokenStream): Condition {
  const { name, args } = s.parseCallArgs(() => s.parseOperand());
  const fn = name as ConditionFunction;
  if (args.length !== ARITY[fn]) {
    throw s.error(`Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${args.length}`);
  }
  const first = args[0]!;
  const badType = (o: Operand): Error =>
    s.error(`Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${operandTypeName(o)}`);
  if (fn === 'attribute_exists' || fn === 'attribute_not_exists' || fn === 'attribute_type') {
    if (first.kind !== 'path') throw s.error(`Operator or function requires a document path; operator or function: ${fn}`);
  }
  if (fn === 'attribute_type') {
    const t = args[1]!;
    if (t.kind !== 'value' || !('S' in t.value)) throw badType(t);
    if (!ATTRIBUTE_TYPES.includes(t.value.S)) {
      throw s.error(`Invalid attribute type name found; type: ${t.value.S}, valid types: {${ATTRIBUTE_TYPES.join(',')}}`);
    }
  }
  if (fn === 'begins_with' || fn === 'contains') checkDistinct(s, fn, first, args.slice(1));
  if (fn === 'begins_with') {
    for (const a of args) if (a.kind === 'value' && !('S' in a.value) && !('B' in a.value)) throw badType(a);
  }
  return { kind: 'function', name: fn, args };
}
