// Turns the difference between the applied facts and the planned ones into helper steps: undo what went away
// (deepest layer first, skipping what a removed namespace takes with it), then add what is new (namespaces first).
// Nothing unchanged is touched, so an API change costs only the commands it implies.
import type { Fact } from './plan.js';
import type { Step } from './world-helper.js';

export function diffFacts(applied: ReadonlyMap<string, Fact>, planned: readonly Fact[]): { steps: Step[]; next: Map<string, Fact> } {
  const next = new Map(planned.map((f) => [f.key, f]));
  const removedNs = new Set<string>();
  for (const [key, f] of applied) if (!next.has(key) && f.ip?.startsWith('netns add ')) removedNs.add(f.ip.slice(10));
  const undo: Fact[] = [];
  for (const [key, f] of applied) {
    if (next.has(key) || f.owners.some((o) => removedNs.has(o))) continue;
    if (f.ip !== undefined && f.ipDel !== undefined) undo.push(f);
  }
  const todo = planned.filter((f) => {
    const before = applied.get(f.key);
    return before === undefined || before.nft !== f.nft || before.sh !== f.sh;
  });
  const steps: Step[] = [];
  const push = (f: Fact, line: string | undefined, tolerant: boolean) => {
    if (line !== undefined) {
      const last = steps[steps.length - 1];
      if (last?.ip && last.ns === f.ns && last.tolerant === tolerant) last.ip.push(line);
      else steps.push({ ns: f.ns, ip: [line], ...(tolerant ? { tolerant } : {}) });
    } else if (f.nft !== undefined) steps.push({ ns: f.ns, nft: f.nft });
    else if (f.sh !== undefined) steps.push({ ns: f.ns, sh: f.sh });
  };
  const order = (a: Fact, b: Fact) => a.layer - b.layer || (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0);
  for (const f of undo.sort(order).reverse()) push(f, f.ipDel, true);
  for (const f of todo.sort(order)) push(f, f.ip, false);
  return { steps, next };
}
