// What a PartiQL WHERE clause pins: the key equalities among its top-level AND terms (for UPDATE/DELETE the whole
// key, for SELECT the partition and a sort-key range) and the rest, which becomes the write's condition.
import { setOwn } from '../../../core/dict.js';
import { validationException } from '../../../core/aws-error.js';
import { typeOf, type AttributeValue } from '../attribute-value.js';
import type { Condition } from '../expressions/ast.js';
import { hashAttributes, rangeAttributes, type KeySchema } from '../keys.js';

/** DynamoDB's answer to an UPDATE, DELETE or key read whose WHERE lacks an equality on a key attribute. */
export const MISSING_KEY_EQUALITY = 'Where clause does not contain a mandatory equality on all key attributes';

export function conjunctsOf(c: Condition | undefined): Condition[] {
  if (!c) return [];
  if (c.kind === 'and') return [...conjunctsOf(c.left), ...conjunctsOf(c.right)];
  return [c];
}

export function andAll(terms: readonly Condition[]): Condition | undefined {
  return terms.reduce<Condition | undefined>((acc, t) => (acc ? { kind: 'and', left: acc, right: t } : t), undefined);
}

/** `name = value` or `value = name` on a top-level attribute: the name and the value. */
function equality(c: Condition): { name: string; value: AttributeValue } | undefined {
  if (c.kind !== 'compare' || c.op !== '=') return undefined;
  const { left, right } = c;
  if (left.kind === 'path' && left.path.length === 1 && right.kind === 'value') return { name: left.path[0] as string, value: right.value };
  if (right.kind === 'path' && right.path.length === 1 && left.kind === 'value') return { name: right.path[0] as string, value: left.value };
  return undefined;
}

export interface KeyTerms {
  readonly hash?: AttributeValue | undefined;
  readonly range?: AttributeValue | undefined;
  /** The terms that are not the chosen key equalities (AND-ed). */
  readonly rest: Condition | undefined;
  /** The terms on the sort key other than its equality, for a Query's key range. */
  readonly rangeTerms: readonly Condition[];
}

/** Splits a WHERE clause into the key equalities of `schema` and the remaining terms. */
export function keyTerms(where: Condition | undefined, schema: KeySchema): KeyTerms {
  let hash: AttributeValue | undefined;
  let range: AttributeValue | undefined;
  const rest: Condition[] = [];
  const rangeTerms: Condition[] = [];
  for (const term of conjunctsOf(where)) {
    const eq = equality(term);
    if (eq && eq.name === schema.hash.name && hash === undefined) hash = eq.value;
    else if (eq && schema.range && eq.name === schema.range.name && range === undefined) range = eq.value;
    else {
      rest.push(term);
      if (schema.range && mentionsOnly(term, schema.range.name)) rangeTerms.push(term);
    }
  }
  return { hash, range, rest: andAll(rest), rangeTerms };
}

/**
 * The key conditions a SELECT's WHERE gives a Query, longest first, for any key (one attribute each, or a GSI's
 * multi-attribute key): every partition attribute by equality (none missing, else undefined: a Scan), then sort
 * attributes left to right by equality, then at most one range term (`<`, `BETWEEN`, `begins_with`, …) on the next
 * sort attribute; the same rules Query applies (key-condition.ts). Each candidate drops one more trailing sort
 * condition, so a caller can fall back when a value's type does not match the schema. The whole WHERE stays the
 * filter, so the space only has to contain every match (developer guide, "PartiQL select statements": a WHERE
 * without the full partition key is a scan).
 */
export function queryKeyConditions(where: Condition | undefined, schema: KeySchema): Condition[][] | undefined {
  const terms = conjunctsOf(where);
  const equalities = new Map<string, AttributeValue>();
  for (const term of terms) {
    const eq = equality(term);
    if (eq && !equalities.has(eq.name)) equalities.set(eq.name, eq.value);
  }
  const eqTerm = (name: string, value: AttributeValue): Condition =>
    ({ kind: 'compare', op: '=', left: { kind: 'path', path: [name] }, right: { kind: 'value', value, placeholder: '?' } });
  const partition: Condition[] = [];
  for (const h of hashAttributes(schema)) {
    const v = equalities.get(h.name);
    if (v === undefined) return undefined;
    partition.push(eqTerm(h.name, v));
  }
  const sort: Condition[] = [];
  for (const r of rangeAttributes(schema)) {
    const v = equalities.get(r.name);
    if (v !== undefined) {
      sort.push(eqTerm(r.name, v));
      continue;
    }
    const bound = terms.find((t) => mentionsOnly(t, r.name));
    if (bound) sort.push(bound);
    break;
  }
  const out: Condition[][] = [];
  for (let n = sort.length; n >= 0; n--) out.push([...partition, ...sort.slice(0, n)]);
  return out;
}

function mentionsOnly(c: Condition, name: string): boolean {
  const isName = (o: { kind: string; path?: readonly unknown[] }): boolean => o.kind === 'path' && o.path!.length === 1 && o.path![0] === name;
  switch (c.kind) {
    case 'compare':
      return (isName(c.left) && c.right.kind === 'value') || (isName(c.right) && c.left.kind === 'value');
    case 'between':
      return isName(c.operand) && c.low.kind === 'value' && c.high.kind === 'value';
    case 'function':
      return c.name === 'begins_with' && c.args[0] !== undefined && isName(c.args[0]) && c.args[1]?.kind === 'value';
    default:
      return false;
  }
}

/**
 * The full key an UPDATE, DELETE or single-item read names, as a Key map; key values of the wrong type get the
 * schema message DynamoDB Local gives for PartiQL.
 */
export function requireFullKey(terms: KeyTerms, schema: KeySchema): Record<string, AttributeValue> {
  if (terms.hash === undefined || (schema.range && terms.range === undefined)) throw validationException(MISSING_KEY_EQUALITY);
  const key: Record<string, AttributeValue> = {};
  setOwn(key, schema.hash.name, terms.hash);
  if (schema.range && terms.range) setOwn(key, schema.range.name, terms.range);
  for (const attr of schema.range ? [schema.hash, schema.range] : [schema.hash]) {
    if (typeOf(key[attr.name]!) !== attr.type) throw validationException("Key attribute's data type should match its data type in table's schema");
  }
  return key;
}
