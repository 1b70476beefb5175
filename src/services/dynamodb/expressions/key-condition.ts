// KeyConditionExpression planning: checks the parsed condition is `pk = :v [AND <sort-key condition>]` over the
// table's or index's key schema (DynamoDB's messages) and turns it into a partition key plus an encoded key range.
import { validationException } from '../../../core/aws-error.js';
import { typeOf, type AttributeValue } from '../attribute-value.js';
import { beginsWithRange, encodeKeyValue, prefixUpperBound, type KeyRange } from '../key-encoding.js';
import { encodeComponent, encodeComposite, hashAttributes, isMultiAttribute, rangeAttributes, type KeySchema } from '../keys.js';
import type { Comparator, Condition, Operand } from './ast.js';
import { expressionError } from './attributes.js';

export interface KeyConditionPlan {
  readonly partition: AttributeValue;
  /** The encoded partition key the rows are stored under (a composite of every HASH attribute's value when multi). */
  readonly partitionKey: Buffer;
  readonly range: KeyRange;
}

interface KeyTerm {
  name: string;
  op: Comparator | 'between' | 'begins_with';
  values: AttributeValue[];
  /** The operator as written, for messages (`:v >= sk` names ">="). */
  written: string;
}

const FLIP: Record<string, Comparator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

function invalidOperator(op: string): Error {
  return expressionError('KeyConditionExpression', `Invalid operator used in KeyConditionExpression: ${op}`);
}

function conjuncts(c: Condition, out: Condition[]): Condition[] {
  if (c.kind === 'and') {
    conjuncts(c.left, out);
    conjuncts(c.right, out);
  } else out.push(c);
  return out;
}

function keyName(o: Operand): string | undefined {
  return o.kind === 'path' && o.path.length === 1 ? (o.path[0] as string) : undefined;
}

function valueOf(o: Operand): AttributeValue {
  if (o.kind !== 'value') throw validationException('Query key condition not supported');
  return o.value;
}

function toTerm(c: Condition): KeyTerm {
  switch (c.kind) {
    case 'or':
      throw invalidOperator('OR');
    case 'not':
      throw invalidOperator('NOT');
    case 'in':
      throw invalidOperator('IN');
    case 'compare': {
      if (c.op === '<>') throw invalidOperator('<>');
      const left = keyName(c.left);
      if (left !== undefined) return { name: left, op: c.op, values: [valueOf(c.right)], written: c.op };
      const right = keyName(c.right);
      if (right !== undefined) return { name: right, op: FLIP[c.op]!, values: [valueOf(c.left)], written: c.op };
      throw validationException('Query key condition not supported');
    }
    case 'between': {
      const name = keyName(c.operand);
      if (name === undefined) throw validationException('Query key condition not supported');
      return { name, op: 'between', values: [valueOf(c.low), valueOf(c.high)], written: 'BETWEEN' };
    }
    case 'function': {
      if (c.name !== 'begins_with') throw invalidOperator(c.name);
      const name = c.args[0] ? keyName(c.args[0]) : undefined;
      if (name === undefined || !c.args[1]) throw validationException('Query key condition not supported');
      return { name, op: 'begins_with', values: [valueOf(c.args[1])], written: 'begins_with' };
    }
    case 'and':
      throw new Error('unreachable');
  }
}

const KEY_TYPES = new Set(['S', 'N', 'B']);

/**
 * Operand types no key could match fail as expression errors naming the operator; key types that merely differ
 * from the attribute's fail the schema check (paritysuite/dynamodb-conformance
 * tests/tier3/error-messages/queryKeyConditionOperands.test.ts, captured from AWS).
 */
function checkOperandTypes(t: KeyTerm): void {
  for (const v of t.values) {
    const type = typeOf(v);
    const ok = t.op === 'begins_with' ? type === 'S' || type === 'B' : t.op === '=' || KEY_TYPES.has(type);
    if (!ok) {
      throw expressionError('KeyConditionExpression', `Incorrect operand type for operator or function; operator or function: ${t.written}, operand type: ${type}`);
    }
  }
}

export function planKeyCondition(condition: Condition, schema: KeySchema): KeyConditionPlan {
  const terms = conjuncts(condition, []).map(toTerm);
  terms.forEach(checkOperandTypes);
  const names = new Set(terms.map((t) => t.name));
  if (names.size !== terms.length) {
    throw expressionError('KeyConditionExpression', 'KeyConditionExpressions must only contain one condition per key');
  }
  if (isMultiAttribute(schema)) return planMultiAttribute(terms, schema);
  const keyCount = schema.range ? 2 : 1;
  if (terms.length > keyCount) {
    throw validationException(`The number of query conditions (${terms.length}) exceeds the number of key attributes defined in the schema (${keyCount})`);
  }
  const hash = terms.find((t) => t.name === schema.hash.name);
  if (!hash) throw validationException(`Query condition missed key schema element: ${schema.hash.name}`);
  if (hash.op !== '=') throw validationException('Query key condition not supported');
  const other = terms.find((t) => t !== hash);
  if (other && (!schema.range || other.name !== schema.range.name)) {
    throw validationException(`Query condition missed key schema element: ${schema.range?.name ?? schema.hash.name}`);
  }
  const schemaMismatch = (): Error =>
    validationException('One or more parameter values were invalid: Condition parameter type does not match schema type');
  if (typeOf(hash.values[0]!) !== schema.hash.type) throw schemaMismatch();
  refuseEmptyPartition(schema.hash.name, hash.values[0]!);
  const range: KeyRange = {};
  if (other && schema.range) {
    const rangeType = schema.range.type;
    if (other.values.some((v) => typeOf(v) !== rangeType)) throw schemaMismatch();
    if (other.op === 'begins_with' && rangeType === 'N') {
      throw expressionError('KeyConditionExpression', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
    }
    Object.assign(range, termRange(other));
  }
  return { partition: hash.values[0]!, partitionKey: encodeKeyValue(hash.values[0]!), range };
}

/**
 * An empty partition value matches nothing a table can hold, and DynamoDB refuses it rather than answering no items
 * (reported from AWS for Query, getmoto/moto#7062; the index-key case uses the same words, unrecorded).
 */
function refuseEmptyPartition(name: string, v: AttributeValue): void {
  const empty = 'S' in v && v.S === '' ? 'string' : 'B' in v && v.B.length === 0 ? 'binary' : undefined;
  if (empty) {
    throw validationException(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${empty} value. Key: ${name}`);
  }
}

const schemaMismatch = (): Error => validationException('One or more parameter values were invalid: Condition parameter type does not match schema type');

/**
 * A GSI with multi-attribute keys (developer guide, "Multi-attribute keys pattern"): every partition attribute with
 * `=`, then sort attributes left to right without gaps, each `=` except the last given, which may be any sort-key
 * condition. The composite sort key is a tuple encoding (keys.ts), so each shape is one byte range.
 */
function planMultiAttribute(terms: KeyTerm[], schema: KeySchema): KeyConditionPlan {
  const hashes = hashAttributes(schema);
  const ranges = rangeAttributes(schema);
  const byName = new Map(terms.map((t) => [t.name, t]));
  const known = new Set([...hashes, ...ranges].map((a) => a.name));
  const values = hashes.map((a) => {
    const t = byName.get(a.name);
    if (!t) throw validationException(`Query condition missed key schema element: ${a.name}`);
    if (t.op !== '=') throw validationException('Query key condition not supported');
    if (typeOf(t.values[0]!) !== a.type) throw schemaMismatch();
    refuseEmptyPartition(a.name, t.values[0]!);
    return t.values[0]!;
  });
  const stray = terms.find((t) => !known.has(t.name));
  if (stray) throw validationException(`Query condition missed key schema element: ${ranges.find((a) => !byName.has(a.name))?.name ?? hashes[0]!.name}`);
  const partitionKey = schema.hashParts ? encodeComposite(values) : encodeKeyValue(values[0]!);
  const used = ranges.filter((a) => byName.has(a.name)).length;
  for (let i = 0; i < used; i++) {
    if (!byName.has(ranges[i]!.name)) throw validationException(`Query condition missed key schema element: ${ranges[i]!.name}`);
  }
  for (let i = 0; i < used; i++) {
    const t = byName.get(ranges[i]!.name)!;
    if (t.values.some((v) => typeOf(v) !== ranges[i]!.type)) throw schemaMismatch();
    if (t.op === 'begins_with' && ranges[i]!.type === 'N') {
      throw expressionError('KeyConditionExpression', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
    }
    if (t.op !== '=' && i < used - 1) throw validationException('Query key condition not supported');
  }
  if (!schema.rangeParts) {
    const only = used === 1 ? termRange(byName.get(ranges[0]!.name)!) : {};
    return { partition: values[0]!, partitionKey, range: only };
  }
  let prefix = Buffer.alloc(0);
  for (let i = 0; i < used - 1; i++) prefix = Buffer.concat([prefix, encodeComponent(encodeKeyValue(byName.get(ranges[i]!.name)!.values[0]!))]);
  const last = used > 0 ? byName.get(ranges[used - 1]!.name) : undefined;
  return { partition: values[0]!, partitionKey, range: last ? compositeRange(prefix, last) : prefixRange(prefix) };
}

/** Every sort key starting with `prefix` (unbounded when the prefix is empty). */
function prefixRange(prefix: Buffer): KeyRange {
  if (prefix.length === 0) return {};
  const upper = prefixUpperBound(prefix);
  return upper ? { lower: { bytes: prefix, inclusive: true }, upper: { bytes: upper, inclusive: false } } : { lower: { bytes: prefix, inclusive: true } };
}

function above(bytes: Buffer): KeyRange['lower'] {
  const up = prefixUpperBound(bytes);
  return up ? { bytes: up, inclusive: true } : undefined;
}

/** The last given sort attribute's condition over the composite key, after the equal `prefix` components. */
function compositeRange(prefix: Buffer, t: KeyTerm): KeyRange {
  const at = (v: AttributeValue): Buffer => Buffer.concat([prefix, encodeComponent(encodeKeyValue(v))]);
  const whole = prefixRange(prefix);
  const [a, b] = t.values as [AttributeValue, AttributeValue | undefined];
  const upTo = (bytes: Buffer): KeyRange['upper'] => {
    const up = prefixUpperBound(bytes);
    return up ? { bytes: up, inclusive: false } : undefined;
  };
  const range = (lower: KeyRange['lower'], upper: KeyRange['upper']): KeyRange => ({ ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) });
  switch (t.op) {
    case '=':
      return prefixRange(at(a));
    case '<':
      return range(whole.lower, { bytes: at(a), inclusive: false });
    case '<=':
      return range(whole.lower, upTo(at(a)));
    case '>':
      return range(above(at(a)), whole.upper);
    case '>=':
      return range({ bytes: at(a), inclusive: true }, whole.upper);
    case 'between': {
      if (Buffer.compare(encodeKeyValue(a), encodeKeyValue(b!)) > 0) {
        throw expressionError('KeyConditionExpression', 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound');
      }
      return range({ bytes: at(a), inclusive: true }, upTo(at(b!)));
    }
    case 'begins_with':
      return prefixRange(Buffer.concat([prefix, encodeComponent(encodeKeyValue(a), false)]));
    default:
      throw validationException('Query key condition not supported');
  }
}

function termRange(t: KeyTerm): KeyRange {
  const [a, b] = t.values as [AttributeValue, AttributeValue | undefined];
  const bytes = encodeKeyValue(a);
  switch (t.op) {
    case '=':
      return { lower: { bytes, inclusive: true }, upper: { bytes, inclusive: true } };
    case '<':
      return { upper: { bytes, inclusive: false } };
    case '<=':
      return { upper: { bytes, inclusive: true } };
    case '>':
      return { lower: { bytes, inclusive: false } };
    case '>=':
      return { lower: { bytes, inclusive: true } };
    case 'between': {
      const hi = encodeKeyValue(b!);
      if (Buffer.compare(bytes, hi) > 0) {
        throw expressionError('KeyConditionExpression', 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound');
      }
      return { lower: { bytes, inclusive: true }, upper: { bytes: hi, inclusive: true } };
    }
    case 'begins_with':
      return beginsWithRange(a);
    default:
      throw validationException('Query key condition not supported');
  }
}
