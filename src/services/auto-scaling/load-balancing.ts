// A group's target groups (elbv2) and Classic Load Balancers (CLB), in process: InService instances are registered with
// every attached one (and deregistered on detach, standby, termination); with HealthCheckType ELB, an instance its
// target group reports `unhealthy` or its CLB `OutOfService` becomes Unhealthy once its grace period has passed (User
// Guide, "Health checks for instances in an Auto Scaling group": the ELB health check adds to the EC2 status checks).
import type { AutoScaling } from './context.js';
import type { GroupRecord, InstanceRecord, Scope } from './records.js';

const ELBV2 = 'elastic-load-balancing-v2';
const CLB = 'elastic-load-balancing';

/** One kind of attachment: where the group lists them, where an instance records its registrations, and the calls. */
interface Kind {
  attached(g: GroupRecord): readonly string[];
  field: '_targetGroups' | '_loadBalancers';
  register(s: AutoScaling, scope: Scope, to: string, id: string): Promise<unknown>;
  deregister(s: AutoScaling, scope: Scope, from: string, id: string): Promise<unknown>;
}

const TARGET_GROUPS: Kind = {
  attached: (g) => g.TargetGroupARNs,
  field: '_targetGroups',
  register: (s, scope, tg, id) => s.internal.invoke(ELBV2, 'RegisterTargets', scope, { TargetGroupArn: tg, Targets: [{ Id: id }] }),
  deregister: (s, scope, tg, id) => s.internal.invoke(ELBV2, 'DeregisterTargets', scope, { TargetGroupArn: tg, Targets: [{ Id: id }] }),
};

const CLASSIC: Kind = {
  attached: (g) => g.LoadBalancerNames ?? [],
  field: '_loadBalancers',
  register: (s, scope, lb, id) => s.internal.invoke(CLB, 'RegisterInstancesWithLoadBalancer', scope, { LoadBalancerName: lb, Instances: [{ InstanceId: id }] }),
  deregister: (s, scope, lb, id) => s.internal.invoke(CLB, 'DeregisterInstancesFromLoadBalancer', scope, { LoadBalancerName: lb, Instances: [{ InstanceId: id }] }),
};

const KINDS = [TARGET_GROUPS, CLASSIC];

/** Registered with the target groups while in these states (Standby and leaving instances are deregistered). */
function serving(i: InstanceRecord): boolean {
  return i.LifecycleState === 'InService';
}

async function quietly(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch {
    // The target group is gone or the instance has no process yet (kumo without --run-instances cannot register
    // instance targets): retried on the next controller pass.
    return false;
  }
}

/** Registers InService instances with attached target groups and CLBs, deregisters the rest; records the registrations. */
export async function syncTargets(s: AutoScaling, scope: Scope, name: string): Promise<void> {
  for (const kind of KINDS) await syncKind(s, scope, name, kind);
}

async function syncKind(s: AutoScaling, scope: Scope, name: string, kind: Kind): Promise<void> {
  const g = s.db.get<GroupRecord>(scope, 'group', name);
  if (g === undefined) return;
  const attached = new Set(kind.attached(g));
  const changes = new Map<string, string[]>();
  for (const i of g.Instances) {
    const have = i[kind.field] ?? [];
    const want = serving(i) ? [...attached] : [];
    const next = have.filter((tg) => want.includes(tg));
    for (const tg of have) if (!want.includes(tg)) await quietly(() => kind.deregister(s, scope, tg, i.InstanceId));
    for (const tg of want) {
      if (have.includes(tg)) continue;
      if (await quietly(() => kind.register(s, scope, tg, i.InstanceId))) next.push(tg);
    }
    if (next.length !== have.length || next.some((tg) => !have.includes(tg))) changes.set(i.InstanceId, next);
  }
  if (changes.size === 0) return;
  s.mutate(scope, name, (x) => {
    for (const i of x.Instances) {
      const next = changes.get(i.InstanceId);
      if (next === undefined) continue;
      if (next.length > 0) i[kind.field] = next;
      else delete i[kind.field];
    }
  });
}

/** Before an instance leaves the group (termination, detach): out of every target group and CLB it was registered with. */
export async function deregisterInstance(s: AutoScaling, scope: Scope, i: InstanceRecord | undefined): Promise<void> {
  if (i === undefined) return;
  for (const kind of KINDS) for (const to of i[kind.field] ?? []) await quietly(() => kind.deregister(s, scope, to, i.InstanceId));
}

type ClbHealth = { InstanceStates?: Array<{ InstanceId?: string; State?: string }> };

/** Instances of an ELB-checked group that one of their target groups reports `unhealthy`. */
export async function elbUnhealthy(s: AutoScaling, scope: Scope, g: GroupRecord): Promise<Set<string>> {
  const out = new Set<string>();
  if (g.HealthCheckType !== 'ELB') return out;
  const registered = new Set(g.Instances.flatMap((i) => i._targetGroups ?? []));
  for (const tg of registered) {
    type Health = { TargetHealthDescriptions?: Array<{ Target?: { Id?: string }; TargetHealth?: { State?: string } }> };
    let res: Health;
    try {
      res = await s.internal.invoke<Health>(ELBV2, 'DescribeTargetHealth', scope, { TargetGroupArn: tg });
    } catch {
      continue;
    }
    for (const d of res.TargetHealthDescriptions ?? []) if (d.TargetHealth?.State === 'unhealthy' && d.Target?.Id !== undefined) out.add(d.Target.Id);
  }
  for (const lb of new Set(g.Instances.flatMap((i) => i._loadBalancers ?? []))) {
    let res: ClbHealth;
    try {
      res = await s.internal.invoke<ClbHealth>(CLB, 'DescribeInstanceHealth', scope, { LoadBalancerName: lb });
    } catch {
      continue;
    }
    const mine = new Set(g.Instances.filter((i) => (i._loadBalancers ?? []).includes(lb)).map((i) => i.InstanceId));
    for (const d of res.InstanceStates ?? []) if (d.State === 'OutOfService' && d.InstanceId !== undefined && mine.has(d.InstanceId)) out.add(d.InstanceId);
  }
  return out;
}

/** DescribeLoadBalancers' State for each CLB: Adding until every InService instance is registered, Added once they
 *  are, InService once one is InService behind it (API reference, LoadBalancerState). */
export async function classicStates(s: AutoScaling, scope: Scope, g: GroupRecord): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const inService = g.Instances.filter(serving);
  for (const lb of g.LoadBalancerNames ?? []) {
    if (inService.some((i) => !(i._loadBalancers ?? []).includes(lb))) {
      out.set(lb, 'Adding');
      continue;
    }
    let healthy = false;
    try {
      const res = await s.internal.invoke<ClbHealth>(CLB, 'DescribeInstanceHealth', scope, { LoadBalancerName: lb });
      const ids = new Set(inService.map((i) => i.InstanceId));
      healthy = (res.InstanceStates ?? []).some((d) => ids.has(d.InstanceId ?? '') && d.State === 'InService');
    } catch {
      // A load balancer deleted after it was attached: still listed, without health.
    }
    out.set(lb, healthy ? 'InService' : 'Added');
  }
  return out;
}

/** DescribeLoadBalancerTargetGroups' State: Adding until every InService instance is registered, Added once they
 *  are, InService once one passes the ELB health check (API reference, LoadBalancerTargetGroupState). */
export async function attachmentStates(s: AutoScaling, scope: Scope, g: GroupRecord): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const tg of g.TargetGroupARNs) {
    const inService = g.Instances.filter(serving);
    if (inService.some((i) => !(i._targetGroups ?? []).includes(tg))) {
      out.set(tg, 'Adding');
      continue;
    }
    let healthy = false;
    try {
      type Health = { TargetHealthDescriptions?: Array<{ Target?: { Id?: string }; TargetHealth?: { State?: string } }> };
      const res = await s.internal.invoke<Health>(ELBV2, 'DescribeTargetHealth', scope, { TargetGroupArn: tg });
      const ids = new Set(inService.map((i) => i.InstanceId));
      healthy = (res.TargetHealthDescriptions ?? []).some((d) => ids.has(d.Target?.Id ?? '') && d.TargetHealth?.State === 'healthy');
    } catch {
      // A target group deleted after it was attached: still listed, as AWS lists it, without health.
    }
    out.set(tg, healthy ? 'InService' : 'Added');
  }
  return out;
}
