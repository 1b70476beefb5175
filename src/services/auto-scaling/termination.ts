// Which instances leave a group first: the termination policies in order (Default = AZ with the most instances →
// oldest launch template/configuration → closest to the next billing hour → random), instances protected from
// scale in never chosen. Pure. Source: EC2 Auto Scaling User Guide, "Configure termination policies".
export interface Candidate {
  InstanceId: string;
  AvailabilityZone: string;
  ProtectedFromScaleIn: boolean;
  /** The launch configuration or template version the instance came from ("lc:<name>" / "lt:<id>:<version>"). */
  launchSource: string;
  launchedAt: number;
}

export interface TerminationContext {
  /** The group's current launch source: instances on another one count as older. */
  currentSource: string;
  /** Creation time of each launch source known, for OldestLaunchConfiguration among several old ones. */
  sourceCreated: (source: string) => number;
  now: number;
  random: () => number;
}

const HOUR = 3_600_000;

/** Minutes of the running billing hour still to go (smaller = closer to the next instance hour). */
function toNextHour(c: Candidate, now: number): number {
  const used = (now - c.launchedAt) % HOUR;
  return HOUR - used;
}

function keepMin(list: Candidate[], key: (c: Candidate) => number): Candidate[] {
  const min = Math.min(...list.map(key));
  return list.filter((c) => key(c) === min);
}

function oldestSource(list: Candidate[], ctx: TerminationContext): Candidate[] {
  const old = list.filter((c) => c.launchSource !== ctx.currentSource);
  return old.length === 0 ? list : keepMin(old, (c) => ctx.sourceCreated(c.launchSource));
}

/** Narrows the candidates by one named policy (unknown names leave them as they are). */
function applyPolicy(policy: string, list: Candidate[], ctx: TerminationContext): Candidate[] {
  switch (policy) {
    case 'OldestInstance':
      return keepMin(list, (c) => c.launchedAt);
    case 'NewestInstance':
      return keepMin(list, (c) => -c.launchedAt);
    case 'OldestLaunchConfiguration':
    case 'OldestLaunchTemplate':
      return oldestSource(list, ctx);
    case 'ClosestToNextInstanceHour':
      return keepMin(list, (c) => toNextHour(c, ctx.now));
    default:
      return list;
  }
}

/** The AZs with the most instances (protected ones count toward balance), keeping those with a candidate. */
function busiestZone(all: readonly Candidate[], unprotected: Candidate[]): Candidate[] {
  const counts = new Map<string, number>();
  for (const c of all) counts.set(c.AvailabilityZone, (counts.get(c.AvailabilityZone) ?? 0) + 1);
  const zones = [...new Set(unprotected.map((c) => c.AvailabilityZone))];
  const most = Math.max(...zones.map((z) => counts.get(z) ?? 0));
  const chosen = zones.filter((z) => counts.get(z) === most).sort()[0];
  return unprotected.filter((c) => c.AvailabilityZone === chosen);
}

/** The next instance to terminate, or undefined when every instance is protected. */
export function pickForTermination(all: readonly Candidate[], policies: readonly string[], ctx: TerminationContext): Candidate | undefined {
  const unprotected = all.filter((c) => !c.ProtectedFromScaleIn);
  if (unprotected.length === 0) return undefined;
  let list = busiestZone(all, unprotected);
  const order = policies.length === 0 ? ['Default'] : policies;
  for (const policy of order) {
    if (list.length <= 1) break;
    if (policy === 'Default') {
      for (const step of ['OldestLaunchConfiguration', 'ClosestToNextInstanceHour']) list = applyPolicy(step, list, ctx);
      break;
    }
    list = applyPolicy(policy, list, ctx);
  }
  return list[Math.floor(ctx.random() * list.length)] ?? list[0];
}

/** The AZ that should receive the next instance: the one with the fewest, first in the group's order on a tie. */
export function zoneForLaunch(zones: readonly string[], instances: ReadonlyArray<{ AvailabilityZone: string }>): string | undefined {
  let best: string | undefined;
  let bestCount = Infinity;
  for (const z of zones) {
    const n = instances.filter((i) => i.AvailabilityZone === z).length;
    if (n < bestCount) {
      best = z;
      bestCount = n;
    }
  }
  return best;
}
