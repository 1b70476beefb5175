// Turns the difference between the applied facts and the planned ones into helper steps in four waves: undo inside
// namespaces, undo in the world (namespaces deleted, skipping what they take with them), add in the world
// (namespaces, veths), then add inside each namespace: one ip batch and at most one sysctl script and one nft ruleset
// per namespace. Steps of one wave in different namespaces are independent, so the helper runs them side by side.
import type { Fact } from './plan.js';
import type { Step } from './world-helper.js';

export function diffFacts(applied: ReadonlyMap<string, Fact>, planned: readonly Fact[]): { waves: Step[][]; next: Map<string, Fact> } {
  const next = new Map(planned.map((f) => [f.key, f]));
  const removedNs = new Set<string>();
  for (const [key, f] of applied) if (!next.has(key) && f.ip?.startsWith('netns add ')) removedNs.add(f.ip.slice(10));
  const order = (a: Fact, b: Fact) => a.layer - b.layer || (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0);
  const undo: Fact[] = [];
  for (const [key, f] of applied) {
    if (next.has(key) || f.owners.some((o) => removedNs.has(o))) continue;
    if (f.ip !== undefined && f.ipDel !== undefined) undo.push(f);
  }
  const todo = planned.filter((f) => {
    const before = applied.get(f.key);
    return before === undefined || before.nft !== f.nft || before.sh !== f.sh;
  });
  const undoInside = new Map<string, string[]>();
  const undoWorld: string[] = [];
  for (const f of undo.sort(order).reverse()) {
    const ns = f.delNs ?? f.ns;
    if (ns === '') undoWorld.push(f.ipDel!);
    else undoInside.set(ns, [...(undoInside.get(ns) ?? []), f.ipDel!]);
  }
  const addWorld: string[] = [];
  const inside = new Map<string, { sh?: string; ip: string[]; nft?: string; serve: string[] }>();
  for (const f of todo.sort(order)) {
    if (f.ns === '') {
      if (f.ip !== undefined) addWorld.push(f.ip);
      continue;
    }
    const group = inside.get(f.ns) ?? { ip: [], serve: [] };
    inside.set(f.ns, group);
    if (f.ip !== undefined) group.ip.push(f.ip);
    else if (f.nft !== undefined) group.nft = f.nft;
    else if (f.sh !== undefined) group.sh = f.sh;
    else if (f.serve !== undefined) group.serve.push(f.serve);
  }
  const waves: Step[][] = [
    [...undoInside].map(([ns, ip]) => ({ ns, ip, tolerant: true })),
    undoWorld.length > 0 ? [{ ns: '', ip: undoWorld, tolerant: true }] : [],
    addWorld.length > 0 ? [{ ns: '', ip: addWorld }] : [],
    [...inside].flatMap(([ns, g]) => [
      ...(g.sh !== undefined ? [{ ns, sh: g.sh }] : []),
      ...(g.ip.length > 0 ? [{ ns, ip: g.ip }] : []),
      ...(g.nft !== undefined ? [{ ns, nft: g.nft }] : []),
      ...(g.serve.length > 0 ? [{ ns, serve: g.serve }] : []),
    ]),
  ].filter((w) => w.length > 0);
  return { waves, next };
}
