// Evaluates condition ASTs against an item (or no item) with DynamoDB's semantics: comparisons between different
// types are false, missing attributes compare false except `<>`, sets compare as sets, size() of scalars is undefined.
import {
  compareScalars,
  setMembers,
  typeOf,
  valuesEqual,
  type AttributeMap,
  type AttributeValue,
} from '../attribute-value.js';
import type { Condition, Operand, Path } from './ast.js';

export function resolvePath(item: AttributeMap | undefined, path: Path): AttributeValue | undefined {
  if (!item) return undefined;
  let current: AttributeValue | undefined = item[path[0] as string];
  for (let i = 1; i < path.length && current !== undefined; i++) {
    const e = path[i]!;
    if (typeof e === 'number') current = 'L' in current ? current.L[e] : undefined;
    else current = 'M' in current ? current.M[e] : undefined;
  }
  return current;
}

export function evaluateOperand(item: AttributeMap | undefined, o: Operand): AttributeValue | undefined {
  switch (o.kind) {
    case 'value':
      return o.value;
    case 'path':
      return resolvePath(item, o.path);
    case 'size': {
      const v = resolvePath(item, o.path);
      const n = v === undefined ? undefined : sizeOf(v);
      return n === undefined ? undefined : { N: String(n) };
    }
  }
}

/** size(): characters of a String (the docs: "Brand is less than or equal to 20 characters"), bytes of a Binary. */
function sizeOf(v: AttributeValue): number | undefined {
  if ('S' in v) return v.S.length;
  if ('B' in v) return v.B.length;
  if ('L' in v) return v.L.length;
  if ('M' in v) return Object.keys(v.M).length;
  if ('SS' in v) return v.SS.length;
  if ('NS' in v) return v.NS.length;
  if ('BS' in v) return v.BS.length;
  return undefined;
}

export function evaluateCondition(item: AttributeMap | undefined, c: Condition): boolean {
  switch (c.kind) {
    case 'and':
      return evaluateCondition(item, c.left) && evaluateCondition(item, c.right);
    case 'or':
      return evaluateCondition(item, c.left) || evaluateCondition(item, c.right);
    case 'not':
      return !evaluateCondition(item, c.condition);
    case 'compare': {
      const a = evaluateOperand(item, c.left);
      const b = evaluateOperand(item, c.right);
      if (c.op === '<>') return a === undefined || b === undefined || !valuesEqual(a, b);
      if (a === undefined || b === undefined) return false;
      if (c.op === '=') return valuesEqual(a, b);
      const cmp = compareScalars(a, b);
      if (cmp === undefined) return false;
      return c.op === '<' ? cmp < 0 : c.op === '<=' ? cmp <= 0 : c.op === '>' ? cmp > 0 : cmp >= 0;
    }
    case 'between': {
      const v = evaluateOperand(item, c.operand);
      const lo = evaluateOperand(item, c.low);
      const hi = evaluateOperand(item, c.high);
      if (!v || !lo || !hi) return false;
      const a = compareScalars(v, lo);
      const b = compareScalars(v, hi);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case 'in': {
      const v = evaluateOperand(item, c.operand);
      if (!v) return false;
      return c.list.some((o) => {
        const w = evaluateOperand(item, o);
        return w !== undefined && valuesEqual(v, w);
      });
    }
    case 'function':
      return evaluateFunction(item, c);
  }
}

function evaluateFunction(item: AttributeMap | undefined, c: Condition & { kind: 'function' }): boolean {
  const [first, second] = c.args;
  const a = first ? evaluateOperand(item, first) : undefined;
  switch (c.name) {
    case 'attribute_exists':
      return a !== undefined;
    case 'attribute_not_exists':
      return a === undefined;
    case 'attribute_type': {
      const t = second ? evaluateOperand(item, second) : undefined;
      return a !== undefined && t !== undefined && 'S' in t && typeOf(a) === t.S;
    }
    case 'begins_with': {
      const p = second ? evaluateOperand(item, second) : undefined;
      if (!a || !p) return false;
      if ('S' in a && 'S' in p) return a.S.startsWith(p.S);
      if ('B' in a && 'B' in p) return Buffer.from(a.B).subarray(0, p.B.length).equals(p.B);
      return false;
    }
    case 'contains': {
      const p = second ? evaluateOperand(item, second) : undefined;
      if (!a || !p) return false;
      if ('S' in a) return 'S' in p && a.S.includes(p.S);
      if ('B' in a) return 'B' in p && Buffer.from(a.B).includes(Buffer.from(p.B));
      if ('L' in a) return a.L.some((e) => valuesEqual(e, p));
      const elementType = 'SS' in a ? 'S' : 'NS' in a ? 'N' : 'BS' in a ? 'B' : undefined;
      if (elementType === undefined || typeOf(p) !== elementType) return false;
      const member = [...setMembers(elementType === 'S' ? { SS: [(p as { S: string }).S] } : elementType === 'N' ? { NS: [(p as { N: string }).N] } : { BS: [(p as { B: Uint8Array }).B] })][0]!;
      return setMembers(a).has(member);
    }
  }
}
