// Applies parsed update actions to an item: every right-hand side reads the item as it was before the update,
// then SETs, REMOVEs (list indexes highest first), ADDs and DELETEs are applied with DynamoDB's runtime errors.
import { setOwn } from '../../../core/dict.js';
import { validationException } from '../../../core/aws-error.js';
import {
  cloneMap,
  cloneValue,
  setMembers,
  typeOf,
  type AttributeMap,
  type AttributeValue,
} from '../attribute-value.js';
import { addDecimal, formatDecimal, negateDecimal, requireDecimal } from '../number.js';
import type { Path, SetValue, UpdateAction } from './ast.js';
import { resolvePath } from './evaluate.js';

const BAD_TYPE = 'An operand in the update expression has an incorrect data type';
const MISSING = 'The provided expression refers to an attribute that does not exist in the item';
const BAD_PATH = 'The document path provided in the update expression is invalid for update';

/** Returns the updated copy of `old` (which may be undefined for a new item holding only `key`). */
export function applyUpdate(old: AttributeMap | undefined, key: AttributeMap, actions: readonly UpdateAction[]): AttributeMap {
  const item = old ? cloneMap(old) : cloneMap(key);
  const sets: { path: Path; value: AttributeValue }[] = [];
  for (const a of actions) if (a.kind === 'SET') sets.push({ path: a.path, value: evaluateSetValue(old, a.value) });
  for (const s of sets) setPath(item, s.path, cloneValue(s.value));
  const removes = actions
    .filter((a) => a.kind === 'REMOVE')
    .sort((a, b) => {
      const x = a.path[a.path.length - 1];
      const y = b.path[b.path.length - 1];
      return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
    });
  for (const r of removes) removePath(item, r.path);
  for (const a of actions) {
    if (a.kind === 'ADD') setPath(item, a.path, addValue(resolvePath(old, a.path), a.value));
    if (a.kind === 'DELETE') {
      const current = resolvePath(old, a.path);
      if (current === undefined) continue;
      const rest = deleteFromSet(current, a.value);
      if (rest === undefined) removePath(item, a.path);
      else setPath(item, a.path, rest);
    }
  }
  return item;
}

function evaluateSetValue(item: AttributeMap | undefined, v: SetValue): AttributeValue {
  switch (v.kind) {
    case 'operand': {
      const o = v.operand;
      if (o.kind === 'value') return o.value;
      if (o.kind === 'size') throw validationException(BAD_TYPE);
      const found = resolvePath(item, o.path);
      if (found === undefined) throw validationException(MISSING);
      return found;
    }
    case 'if_not_exists':
      return resolvePath(item, v.path) ?? evaluateSetValue(item, v.fallback);
    case 'list_append': {
      const a = evaluateSetValue(item, v.first);
      const b = evaluateSetValue(item, v.second);
      if (!('L' in a) || !('L' in b)) throw validationException(BAD_TYPE);
      return { L: [...a.L, ...b.L] };
    }
    case 'arith': {
      const a = evaluateSetValue(item, v.left);
      const b = evaluateSetValue(item, v.right);
      if (!('N' in a) || !('N' in b)) throw validationException(BAD_TYPE);
      const y = requireDecimal(b.N);
      return { N: formatDecimal(addDecimal(requireDecimal(a.N), v.op === '+' ? y : negateDecimal(y))) };
    }
  }
}

function addValue(current: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  if (current === undefined) return value;
  if ('N' in current && 'N' in value) {
    return { N: formatDecimal(addDecimal(requireDecimal(current.N), requireDecimal(value.N))) };
  }
  const t = typeOf(current);
  if (t !== typeOf(value) || !['SS', 'NS', 'BS'].includes(t)) throw validationException(BAD_TYPE);
  const have = setMembers(current);
  if ('SS' in current && 'SS' in value) return { SS: [...current.SS, ...value.SS.filter((x) => !have.has(x))] };
  if ('NS' in current && 'NS' in value) {
    return { NS: [...current.NS, ...value.NS.filter((x) => !have.has(formatDecimal(requireDecimal(x))))] };
  }
  if ('BS' in current && 'BS' in value) {
    return { BS: [...current.BS, ...value.BS.filter((x) => !have.has(Buffer.from(x).toString('base64')))] };
  }
  throw validationException(BAD_TYPE);
}

function deleteFromSet(current: AttributeValue, value: AttributeValue): AttributeValue | undefined {
  if (typeOf(current) !== typeOf(value)) throw validationException(BAD_TYPE);
  const drop = setMembers(value);
  let rest: AttributeValue;
  if ('SS' in current) rest = { SS: current.SS.filter((x) => !drop.has(x)) };
  else if ('NS' in current) rest = { NS: current.NS.filter((x) => !drop.has(formatDecimal(requireDecimal(x)))) };
  else if ('BS' in current) rest = { BS: current.BS.filter((x) => !drop.has(Buffer.from(x).toString('base64'))) };
  else throw validationException(BAD_TYPE);
  return setMembers(rest).size === 0 ? undefined : rest;
}

/** The container holding the last path element, or undefined when an intermediate element is missing. */
function parentOf(item: AttributeMap, path: Path, forWrite: boolean): AttributeValue | undefined {
  let current: AttributeValue | undefined = item[path[0] as string];
  for (let i = 1; i < path.length - 1 && current !== undefined; i++) {
    const e = path[i]!;
    if (typeof e === 'number' && 'L' in current) current = current.L[e];
    else if (typeof e === 'string' && 'M' in current) current = current.M[e];
    else if (forWrite) throw validationException(BAD_PATH);
    else return undefined;
  }
  if (current === undefined && forWrite) throw validationException(BAD_PATH);
  return current;
}

function setPath(item: AttributeMap, path: Path, value: AttributeValue): void {
  if (path.length === 1) {
    setOwn(item, path[0] as string, value);
    return;
  }
  const parent = parentOf(item, path, true)!;
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    if (!('L' in parent)) throw validationException(BAD_PATH);
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else {
    if (!('M' in parent)) throw validationException(BAD_PATH);
    setOwn(parent.M, last, value);
  }
}

function removePath(item: AttributeMap, path: Path): void {
  if (path.length === 1) {
    delete item[path[0] as string];
    return;
  }
  const parent = parentOf(item, path, false);
  if (parent === undefined) return;
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    if (!('L' in parent)) throw validationException(BAD_PATH);
    if (last < parent.L.length) parent.L.splice(last, 1);
  } else {
    if (!('M' in parent)) throw validationException(BAD_PATH);
    delete parent.M[last];
  }
}

/** The paths an update touched, for ReturnValues UPDATED_OLD / UPDATED_NEW. */
export function updatedPaths(actions: readonly UpdateAction[]): Path[] {
  return actions.map((a) => a.path);
}
