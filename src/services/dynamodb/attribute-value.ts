// DynamoDB attribute values: validation with DynamoDB's messages, number normalisation, equality, and item size.
// Everything entering storage passes validateItem/validateValue once, so later code trusts the shapes.
import { setOwn } from '../../core/dict.js';
import { validationException } from '../../core/aws-error.js';
import { ValueError } from './value-errors.js';
import { parseDecimal, formatDecimal, compareDecimal, decimalSize, requireDecimal } from './number.js';

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: AttributeMap }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Uint8Array[] };
export type AttributeMap = Record<string, AttributeValue>;
export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M' | 'SS' | 'NS' | 'BS';

const TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS'];
export const MAX_ITEM_BYTES = 400 * 1024;
const INVALID = 'One or more parameter values were invalid: ';

export function typeOf(v: AttributeValue): AttributeType {
  for (const k in v) return k as AttributeType;
  throw new Error('empty attribute value');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function toBytes(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return undefined;
}

/** Documents nest at most 32 levels, the attribute itself being level 1 (paritysuite/dynamodb-conformance
 *  tests/tier3/limits/nestingDepth.test.ts, captured from AWS). */
const MAX_NESTING = 32;

/** Validates one wire attribute value and returns it normalised (numbers canonical, binaries as Uint8Array). */
export function validateValue(raw: unknown, depth = 1): AttributeValue {
  if (depth > MAX_NESTING) {
    throw validationException('Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit');
  }
  if (!isRecord(raw)) throw validationException('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  let found: AttributeType | undefined;
  for (const t of TYPES) {
    if (raw[t] === undefined || raw[t] === null) continue;
    if (found !== undefined) {
      throw validationException('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
    }
    found = t;
  }
  if (found === undefined) {
    throw validationException('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  const v = raw[found];
  switch (found) {
    case 'S':
      if (typeof v !== 'string') break;
      return { S: v };
    case 'N':
      if (typeof v !== 'string') break;
      return { N: formatDecimal(requireDecimal(v)) };
    case 'B': {
      const b = toBytes(v);
      if (!b) break;
      return { B: b };
    }
    case 'BOOL':
      if (typeof v !== 'boolean') break;
      return { BOOL: v };
    case 'NULL':
      if (v !== true) throw validationException(`${INVALID}Null attribute value types must have the value of true`);
      return { NULL: true };
    case 'L':
      if (!Array.isArray(v)) break;
      return { L: v.map((e) => validateValue(e, depth + 1)) };
    case 'M':
      if (!isRecord(v)) break;
      return { M: validateMap(v, depth + 1) };
    case 'SS':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) break;
      if (v.length === 0) throw validationException(`${INVALID}An string set  may not be empty`);
      checkDuplicates('SS', v, (x) => x);
      return { SS: v };
    case 'NS': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) break;
      if (v.length === 0) throw validationException(`${INVALID}An number set  may not be empty`);
      const normalised = (v).map((x) => formatDecimal(requireDecimal(x)));
      checkDuplicates('NS', v, (_x, i) => normalised[i]!);
      return { NS: normalised };
    }
    case 'BS': {
      if (!Array.isArray(v)) break;
      const bytes = v.map(toBytes);
      if (!bytes.every((x): x is Uint8Array => x !== undefined)) break;
      if (bytes.length === 0) throw validationException(`${INVALID}Binary sets should not be empty`);
      checkDuplicates('BS', bytes, (x) => Buffer.from(x).toString('base64'));
      return { BS: bytes };
    }
  }
  throw validationException(`Supplied AttributeValue has an invalid value for ${found}`);
}

function checkDuplicates<T>(type: 'SS' | 'NS' | 'BS', items: readonly T[], key: (x: T, i: number) => string): void {
  const seen = new Set<string>();
  items.forEach((x, i) => {
    const k = key(x, i);
    if (seen.has(k)) {
      const members = items.map((y) => (y instanceof Uint8Array ? Buffer.from(y).toString('base64') : String(y)));
      throw new ValueError({ kind: 'duplicates', type, members });
    }
    seen.add(k);
  });
}

/** A map for attribute names; set names with setOwn, so that `__proto__` is an ordinary name (DynamoDB allows any). */
export function emptyMap(): AttributeMap {
  return {};
}

export function validateMap(raw: unknown, depth = 1): AttributeMap {
  if (!isRecord(raw)) return {};
  const out: AttributeMap = emptyMap();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    setOwn(out, k, validateValue(v, depth));
  }
  return out;
}

/** Validates an item; enforces the 400 KB size rule. */
export function validateItem(raw: unknown): AttributeMap {
  const item = validateMap(raw);
  if (itemSize(item) > MAX_ITEM_BYTES) throw validationException('Item size has exceeded the maximum allowed size');
  return item;
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** DynamoDB's value size rule (bytes of strings and binaries, numbers by significant digits, 3 + 1/element for L and M). */
export function valueSize(v: AttributeValue): number {
  if ('S' in v) return utf8Length(v.S);
  if ('N' in v) return decimalSize(requireDecimal(v.N));
  if ('B' in v) return v.B.length;
  if ('BOOL' in v || 'NULL' in v) return 1;
  if ('L' in v) return v.L.reduce((n, e) => n + 1 + valueSize(e), 3);
  if ('M' in v) return Object.entries(v.M).reduce((n, [k, e]) => n + 1 + utf8Length(k) + valueSize(e), 3);
  if ('SS' in v) return v.SS.reduce((n, e) => n + utf8Length(e), 0);
  if ('NS' in v) return v.NS.reduce((n, e) => n + decimalSize(requireDecimal(e)), 0);
  return v.BS.reduce((n, e) => n + e.length, 0);
}

export function itemSize(item: AttributeMap): number {
  let n = 0;
  for (const k in item) n += utf8Length(k) + valueSize(item[k]!);
  return n;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** Deep equality as DynamoDB compares values (numbers numerically, sets ignoring order). */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  switch (t) {
    case 'S':
      return (a as { S: string }).S === (b as { S: string }).S;
    case 'N':
      return compareNumbers((a as { N: string }).N, (b as { N: string }).N) === 0;
    case 'B':
      return compareBytes((a as { B: Uint8Array }).B, (b as { B: Uint8Array }).B) === 0;
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'L': {
      const x = (a as { L: AttributeValue[] }).L;
      const y = (b as { L: AttributeValue[] }).L;
      return x.length === y.length && x.every((e, i) => valuesEqual(e, y[i]!));
    }
    case 'M': {
      const x = (a as { M: AttributeMap }).M;
      const y = (b as { M: AttributeMap }).M;
      const kx = Object.keys(x);
      return kx.length === Object.keys(y).length && kx.every((k) => y[k] !== undefined && valuesEqual(x[k]!, y[k]));
    }
    default: {
      const x = setMembers(a);
      const y = setMembers(b);
      return x.size === y.size && [...x].every((e) => y.has(e));
    }
  }
}

/** Set members as comparable strings (numbers canonical, binaries base64). */
export function setMembers(v: AttributeValue): Set<string> {
  if ('SS' in v) return new Set(v.SS);
  if ('NS' in v) return new Set(v.NS.map((n) => formatDecimal(requireDecimal(n))));
  if ('BS' in v) return new Set(v.BS.map((b) => Buffer.from(b).toString('base64')));
  return new Set();
}

export function compareNumbers(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!('digits' in x) || !('digits' in y)) return a < b ? -1 : a > b ? 1 : 0;
  return compareDecimal(x, y);
}

/** Orders two scalars of the same type S/N/B; undefined when the types differ or are not ordered. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('S' in a && 'S' in b) return compareBytes(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'));
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBytes(a.B, b.B);
  return undefined;
}

export function cloneValue(v: AttributeValue): AttributeValue {
  if ('L' in v) return { L: v.L.map(cloneValue) };
  if ('M' in v) return { M: cloneMap(v.M) };
  if ('SS' in v) return { SS: [...v.SS] };
  if ('NS' in v) return { NS: [...v.NS] };
  if ('BS' in v) return { BS: [...v.BS] };
  return v;
}

export function cloneMap(m: AttributeMap): AttributeMap {
  const out: AttributeMap = emptyMap();
  for (const k in m) setOwn(out, k, cloneValue(m[k]!));
  return out;
}
