// Series ids by the series as a put spelled it: scope, namespace and dimensions in the order sent, then the metric
// name. A client sends a metric the same way every time, so no sort or JSON per datum, and the datums of one put that
// share their dimensions (the usual shape) share one lookup of that group; each datum then looks up its name alone.
import type { Dimension, Scope } from './metric-model.js';

/** Entries kept before everything is forgotten (the ids stay in SQLite and the sorted-key cache). */
const CAP = 100_000;

export class SentSeries {
  private readonly groups = new Map<string, Map<string, number>>();
  private size = 0;

  /** The names → ids of one scope, namespace and dimension list as sent, or undefined when none is known. */
  group(scope: Scope, namespace: string, dims: readonly Dimension[]): Map<string, number> | undefined {
    return this.groups.get(groupKey(scope, namespace, dims));
  }

  get(scope: Scope, namespace: string, name: string, dims: readonly Dimension[]): number | undefined {
    return this.group(scope, namespace, dims)?.get(name);
  }

  set(scope: Scope, namespace: string, name: string, dims: readonly Dimension[], id: number): void {
    if (this.size >= CAP) this.clear();
    const key = groupKey(scope, namespace, dims);
    let names = this.groups.get(key);
    if (names === undefined) this.groups.set(key, (names = new Map()));
    if (!names.has(name)) this.size++;
    names.set(name, id);
  }

  clear(): void {
    this.groups.clear();
    this.size = 0;
  }
}

function groupKey(scope: Scope, namespace: string, dims: readonly Dimension[]): string {
  let key = `${scope.account}\u0000${scope.region}\u0000${namespace}`;
  for (let i = 0; i < dims.length; i++) key += `\u0000${(dims[i] as Dimension).Name}\u0001${(dims[i] as Dimension).Value}`;
  return key;
}

/** Whether two dimension lists are the same as sent (same order). */
export function sameDimensions(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Dimension;
    const y = b[i] as Dimension;
    if (x.Name !== y.Name || x.Value !== y.Value) return false;
  }
  return true;
}
