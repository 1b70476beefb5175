// Parser for UpdateExpression: SET (with + / -, if_not_exists, list_append), REMOVE, ADD and DELETE clauses, each
// at most once, with DynamoDB's operand-type and path-overlap checks done before anything touches the item.
import { typeOf, type AttributeValue } from '../attribute-value.js';
import type { Path, SetValue, UpdateAction } from './ast.js';
import type { ExpressionAttributes } from './attributes.js';
import { checkPathsDisjoint } from './projection.js';
import { CONDITION_FUNCTIONS, TokenStream } from './token-stream.js';

const CLAUSES = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;
type Clause = (typeof CLAUSES)[number];

const TYPE_NAMES: Record<string, string> = {
  S: 'STRING', N: 'NUMBER', B: 'BINARY', BOOL: 'BOOLEAN', NULL: 'NULL', L: 'LIST', M: 'MAP',
  SS: 'STRING_SET', NS: 'NUMBER_SET', BS: 'BINARY_SET',
};

export function parseUpdate(source: string, attrs: ExpressionAttributes): UpdateAction[] {
  const s = new TokenStream('UpdateExpression', source, attrs);
  const seen = new Set<Clause>();
  const actions: UpdateAction[] = [];
  while (!s.atEnd()) {
    const t = s.peek();
    const clause = CLAUSES.find((c) => s.isKeyword(c));
    if (!clause) throw s.syntaxError(t);
    if (seen.has(clause)) throw s.error(`The "${clause}" section can only be used once in an update expression;`);
    seen.add(clause);
    s.next();
    for (;;) {
      actions.push(parseAction(s, clause));
      if (!s.isPunct(',')) break;
      s.next();
    }
  }
  s.finish();
  checkPathsDisjoint('UpdateExpression', actions.map((a) => a.path));
  return actions;
}

function parseAction(s: TokenStream, clause: Clause): UpdateAction {
  const path = s.parsePath();
  if (clause === 'SET') {
    s.expectPunct('=');
    return { kind: 'SET', path, value: parseSetValue(s) };
  }
  if (clause === 'REMOVE') return { kind: 'REMOVE', path };
  const t = s.peek();
  if (t.kind !== 'value') throw s.syntaxError();
  s.next();
  const value = s.value(t.text);
  const type = typeOf(value);
  if (clause === 'ADD' && !['N', 'SS', 'NS', 'BS'].includes(type)) {
    throw s.error(`Incorrect operand type for operator or function; operator: ADD, operand type: ${TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_ADD_OPERAND`);
  }
  if (clause === 'DELETE' && !['SS', 'NS', 'BS'].includes(type)) {
    throw s.error(`Incorrect operand type for operator or function; operator: DELETE, operand type: ${TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_DELETE_OPERAND`);
  }
  return { kind: clause, path, value };
}

function parseSetValue(s: TokenStream): SetValue {
  const left = parseSetOperand(s);
  if (s.isPunct('+') || s.isPunct('-')) {
    const op = s.next().text as '+' | '-';
    const right = parseSetOperand(s);
    for (const side of [left, right]) checkLiteralType(s, side, op, ['N']);
    return { kind: 'arith', op, left, right };
  }
  return left;
}

function literal(v: SetValue): AttributeValue | undefined {
  return v.kind === 'operand' && v.operand.kind === 'value' ? v.operand.value : undefined;
}

function checkLiteralType(s: TokenStream, v: SetValue, fn: string, allowed: string[]): void {
  const lit = literal(v);
  if (lit && !allowed.includes(typeOf(lit))) {
    throw s.error(`Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${typeOf(lit)}`);
  }
}

function parseSetOperand(s: TokenStream): SetValue {
  const t = s.peek();
  if (s.isFunctionCall()) {
    const fn = t.text;
    if (fn === 'if_not_exists' || fn === 'list_append') {
      const { args } = s.parseCallArgs(() => parseSetValue(s));
      if (args.length !== 2) {
        throw s.error(`Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${args.length}`);
      }
      const [a, b] = args as [SetValue, SetValue];
      if (fn === 'if_not_exists') {
        if (a.kind !== 'operand' || a.operand.kind !== 'path') {
          throw s.error('Operator or function requires a document path; operator or function: if_not_exists');
        }
        return { kind: 'if_not_exists', path: a.operand.path, fallback: b };
      }
      checkLiteralType(s, a, fn, ['L']);
      checkLiteralType(s, b, fn, ['L']);
      return { kind: 'list_append', first: a, second: b };
    }
    if (fn === 'size' || CONDITION_FUNCTIONS.has(fn)) {
      throw s.error(`The function is not allowed in a update expression; function: ${fn}`);
    }
    throw s.error(`Invalid function name; function: ${fn}`);
  }
  if (t.kind === 'value') {
    s.next();
    return { kind: 'operand', operand: { kind: 'value', value: s.value(t.text), placeholder: t.text } };
  }
  if (t.kind === 'ident' || t.kind === 'name') {
    const path: Path = s.parsePath();
    return { kind: 'operand', operand: { kind: 'path', path } };
  }
  throw s.syntaxError();
}
