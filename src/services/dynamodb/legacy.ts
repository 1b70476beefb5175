// The legacy (pre-expression) parameters converted into the expression AST: Expected, QueryFilter/ScanFilter and
// KeyConditions (with ConditionalOperator), AttributesToGet and AttributeUpdates, so one evaluator serves both.
import { requestValidation } from './value-errors.js';
import { validateValue, type AttributeValue } from './attribute-value.js';
import type { Comparator, Condition, Operand, Path, UpdateAction } from './expressions/ast.js';

export interface LegacyCondition {
  Value?: unknown;
  Exists?: boolean | undefined;
  ComparisonOperator?: string | undefined;
  AttributeValueList?: unknown[] | undefined;
}

const INVALID = 'One or more parameter values were invalid: ';
const COMPARATORS: Record<string, Comparator> = { EQ: '=', NE: '<>', LE: '<=', LT: '<', GE: '>=', GT: '>' };

function value(v: unknown, i: number): Operand {
  return { kind: 'value', value: validateValue(v), placeholder: `:legacy${i}` };
}

function combine(conditions: Condition[], operator: string | undefined): Condition | undefined {
  if (conditions.length === 0) return undefined;
  const kind = operator === 'OR' ? 'or' : 'and';
  return conditions.reduce((left, right) => ({ kind, left, right }));
}

function argCount(op: string, n: number, want: number | 'any'): void {
  if ((want === 'any' && n === 0) || (want !== 'any' && n !== want)) {
    throw requestValidation(`${INVALID}Invalid number of argument(s) for the ${op} ComparisonOperator`);
  }
}

/** One attribute's comparison (ComparisonOperator + AttributeValueList). */
function comparison(name: string, op: string, list: readonly unknown[]): Condition {
  const path: Operand = { kind: 'path', path: [name] };
  const values = list.map(value);
  const cmp = COMPARATORS[op];
  if (cmp) {
    argCount(op, values.length, 1);
    return { kind: 'compare', op: cmp, left: path, right: values[0]! };
  }
  switch (op) {
    case 'NULL':
      argCount(op, values.length, 0);
      return { kind: 'function', name: 'attribute_not_exists', args: [path] };
    case 'NOT_NULL':
      argCount(op, values.length, 0);
      return { kind: 'function', name: 'attribute_exists', args: [path] };
    case 'CONTAINS':
    case 'NOT_CONTAINS': {
      argCount(op, values.length, 1);
      const c: Condition = { kind: 'function', name: 'contains', args: [path, values[0]!] };
      return op === 'CONTAINS' ? c : { kind: 'not', condition: c };
    }
    case 'BEGINS_WITH':
      argCount(op, values.length, 1);
      return { kind: 'function', name: 'begins_with', args: [path, values[0]!] };
    case 'IN':
      argCount(op, values.length, 'any');
      return { kind: 'in', operand: path, list: values };
    case 'BETWEEN':
      argCount(op, values.length, 2);
      return { kind: 'between', operand: path, low: values[0]!, high: values[1]! };
    default:
      throw requestValidation(`${INVALID}Unsupported ComparisonOperator: ${op}`);
  }
}

/** Expected (PutItem/UpdateItem/DeleteItem). */
export function legacyCondition(expected: Record<string, LegacyCondition> | undefined, operator: string | undefined): Condition | undefined {
  if (!expected) {
    if (operator !== undefined) throw requestValidation('ConditionalOperator can only be used when Filter or Expected has two or more elements');
    return undefined;
  }
  const conditions: Condition[] = [];
  for (const [name, e] of Object.entries(expected)) {
    if (e.ComparisonOperator !== undefined) {
      if (e.Value !== undefined && e.AttributeValueList !== undefined) {
        throw requestValidation(`${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${name}`);
      }
      const list = e.AttributeValueList ?? (e.Value !== undefined ? [e.Value] : undefined);
      if (list === undefined && e.ComparisonOperator !== 'NULL' && e.ComparisonOperator !== 'NOT_NULL') {
        throw requestValidation(`${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${e.ComparisonOperator} for Attribute: ${name}`);
      }
      conditions.push(comparison(name, e.ComparisonOperator, list ?? []));
    } else if (e.Exists === false) {
      if (e.Value !== undefined) throw requestValidation(`${INVALID}Value cannot be used when Exists is false for Attribute: ${name}`);
      conditions.push({ kind: 'function', name: 'attribute_not_exists', args: [{ kind: 'path', path: [name] }] });
    } else {
      if (e.Value === undefined) throw requestValidation(`${INVALID}Value must be provided when Exists is ${e.Exists === true ? 'true' : 'null'} for Attribute: ${name}`);
      conditions.push({ kind: 'compare', op: '=', left: { kind: 'path', path: [name] }, right: value(e.Value, 0) });
    }
  }
  return combine(conditions, operator);
}

/** QueryFilter / ScanFilter / KeyConditions: attribute → Condition (ComparisonOperator required). */
export function legacyFilter(filter: Record<string, LegacyCondition> | undefined, operator: string | undefined): Condition | undefined {
  if (!filter) return undefined;
  const conditions = Object.entries(filter).map(([name, c]) => comparison(name, c.ComparisonOperator ?? 'EQ', c.AttributeValueList ?? []));
  return combine(conditions, operator);
}

export function legacyProjection(attributesToGet: readonly string[] | undefined): Path[] | undefined {
  if (!attributesToGet) return undefined;
  const seen = new Set<string>();
  for (const a of attributesToGet) {
    if (seen.has(a)) throw requestValidation(`${INVALID}Duplicate value in attribute name: ${a}`);
    seen.add(a);
  }
  return attributesToGet.map((a) => [a]);
}

export interface LegacyUpdate {
  Value?: unknown;
  Action?: string | undefined;
}

/** AttributeUpdates: PUT → SET, DELETE → REMOVE or set DELETE, ADD → ADD (lists append). */
export function legacyUpdate(updates: Record<string, LegacyUpdate> | undefined): UpdateAction[] | undefined {
  if (!updates) return undefined;
  const actions: UpdateAction[] = [];
  for (const [name, u] of Object.entries(updates)) {
    const action = u.Action ?? 'PUT';
    const path: Path = [name];
    const v: AttributeValue | undefined = u.Value === undefined ? undefined : validateValue(u.Value);
    if (action === 'PUT') {
      if (!v) throw requestValidation(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
      actions.push({ kind: 'SET', path, value: { kind: 'operand', operand: { kind: 'value', value: v, placeholder: ':legacy' } } });
    } else if (action === 'DELETE') {
      if (!v) actions.push({ kind: 'REMOVE', path });
      else if ('SS' in v || 'NS' in v || 'BS' in v) actions.push({ kind: 'DELETE', path, value: v });
      else throw requestValidation(`${INVALID}DELETE action with value is not supported for the type ${Object.keys(v)[0]}`);
    } else if (action === 'ADD') {
      if (!v) throw requestValidation(`${INVALID}ADD action requires a value`);
      if ('L' in v) {
        const empty = { kind: 'operand' as const, operand: { kind: 'value' as const, value: { L: [] }, placeholder: ':legacy' } };
        const add = { kind: 'operand' as const, operand: { kind: 'value' as const, value: v, placeholder: ':legacy' } };
        actions.push({ kind: 'SET', path, value: { kind: 'list_append', first: { kind: 'if_not_exists', path, fallback: empty }, second: add } });
      } else if ('N' in v || 'SS' in v || 'NS' in v || 'BS' in v) actions.push({ kind: 'ADD', path, value: v });
      else throw requestValidation(`${INVALID}ADD action is not supported for the type ${Object.keys(v)[0]}`);
    }
  }
  return actions;
}
