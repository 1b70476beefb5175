// ProjectionExpression: parsing a list of document paths, DynamoDB's overlap/conflict checks on path sets (shared
// with UpdateExpression), and projecting items onto paths (nested maps kept, list elements compacted in index order).
import { setOwn } from '../../../core/dict.js';
import type { AttributeMap, AttributeValue } from '../attribute-value.js';
import { emptyMap } from '../attribute-value.js';
import { formatPath, type Path } from './ast.js';
import type { ExpressionAttributes, ExpressionKind } from './attributes.js';
import { expressionError } from './attributes.js';
import { TokenStream } from './token-stream.js';

export function parseProjection(source: string, attrs: ExpressionAttributes): Path[] {
  const s = new TokenStream('ProjectionExpression', source, attrs);
  const paths = [s.parsePath()];
  while (s.isPunct(',')) {
    s.next();
    paths.push(s.parsePath());
  }
  s.finish();
  checkPathsDisjoint('ProjectionExpression', paths);
  return paths;
}

/** DynamoDB refuses two paths where one contains the other (overlap) or one indexes what the other keys (conflict). */
export function checkPathsDisjoint(kind: ExpressionKind, paths: readonly Path[]): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = paths[j]!;
      const b = paths[i]!;
      const n = Math.min(a.length, b.length);
      let k = 0;
      while (k < n && a[k] === b[k]) k++;
      if (k === n) {
        throw expressionError(kind, `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(a)}, path two: ${formatPath(b)}`);
      }
      if (typeof a[k] !== typeof b[k]) {
        throw expressionError(kind, `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${formatPath(a)}, path two: ${formatPath(b)}`);
      }
    }
  }
}

/** The item reduced to the given paths; attributes that do not exist are simply absent. */
export function projectItem(item: AttributeMap, paths: readonly Path[]): AttributeMap {
  const byTop = new Map<string, Path[]>();
  for (const p of paths) {
    const top = p[0] as string;
    const list = byTop.get(top) ?? [];
    list.push(p.slice(1));
    byTop.set(top, list);
  }
  const out: AttributeMap = emptyMap();
  for (const [name, rests] of byTop) {
    const v = item[name];
    if (v === undefined) continue;
    const projected = projectValue(v, rests);
    if (projected !== undefined) setOwn(out, name, projected);
  }
  return out;
}

function projectValue(v: AttributeValue, rests: readonly Path[]): AttributeValue | undefined {
  if (rests.some((r) => r.length === 0)) return v;
  const groups = new Map<string | number, Path[]>();
  for (const r of rests) {
    const list = groups.get(r[0]!) ?? [];
    list.push(r.slice(1));
    groups.set(r[0]!, list);
  }
  if ('M' in v) {
    const m: AttributeMap = emptyMap();
    for (const [key, sub] of groups) {
      if (typeof key !== 'string') continue;
      const child = v.M[key];
      const p = child === undefined ? undefined : projectValue(child, sub);
      if (p !== undefined) setOwn(m, key, p);
    }
    return Object.keys(m).length > 0 ? { M: m } : undefined;
  }
  if ('L' in v) {
    const indexes = [...groups.keys()].filter((k): k is number => typeof k === 'number').sort((a, b) => a - b);
    const l: AttributeValue[] = [];
    for (const idx of indexes) {
      const child = v.L[idx];
      const p = child === undefined ? undefined : projectValue(child, groups.get(idx)!);
      if (p !== undefined) l.push(p);
    }
    return l.length > 0 ? { L: l } : undefined;
  }
  return undefined;
}
