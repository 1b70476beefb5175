// A group's target groups, through elbv2 in process: InService instances are registered as targets of every attached
// target group (and deregistered on detach, standby, termination); with HealthCheckType ELB, a target the group's
// target group reports `unhealthy` makes the instance Unhealthy once its grace period has passed (User Guide,
// "Health checks for instances in an Auto Scaling group": the ELB health check adds to the EC2 status checks).
import type { AutoScaling } from './context.js';
import type { GroupRecord, InstanceRecord, Scope } from './records.js';

const ELBV2 = 'elastic-load-balancing-v2';

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

/** Registers InService instances with attached target groups and deregisters the rest; records the registrations. */
export async function syncTargets(s: AutoScaling, scope: Scope, name: string): Promise<void> {
  const g = s.db.get<GroupRecord>(scope, 'group', name);
  if (g === undefined) return;
  const attached = new Set(g.TargetGroupARNs);
  const changes = new Map<string, string[]>();
  for (const i of g.Instances) {
    const have = i._targetGroups ?? [];
    const want = serving(i) ? [...attached] : [];
    const next = have.filter((tg) => want.includes(tg));
    for (const tg of have) if (!want.includes(tg)) await quietly(() => s.internal.invoke(ELBV2, 'DeregisterTargets', scope, { TargetGroupArn: tg, Targets: [{ Id: i.InstanceId }] }));
    for (const tg of want) {
      if (have.includes(tg)) continue;
      if (await quietly(() => s.internal.invoke(ELBV2, 'RegisterTargets', scope, { TargetGroupArn: tg, Targets: [{ Id: i.InstanceId }] }))) next.push(tg);
    }
    if (next.length !== have.length || next.some((tg) => !have.includes(tg))) changes.set(i.InstanceId, next);
  }
  if (changes.size === 0) return;
  s.mutate(scope, name, (x) => {
    for (const i of x.Instances) {
      const next = changes.get(i.InstanceId);
      if (next === undefined) continue;
      if (next.length > 0) i._targetGroups = next;
      else delete i._targetGroups;
    }
  });
}

/** Before an instance leaves the group (termination, detach): out of every target group it was registered with. */
export async function deregisterInstance(s: AutoScaling, scope: Scope, i: InstanceRecord | undefined): Promise<void> {
  for (const tg of i?._targetGroups ?? []) {
    await quietly(() => s.internal.invoke(ELBV2, 'DeregisterTargets', scope, { TargetGroupArn: tg, Targets: [{ Id: i!.InstanceId }] }));
  }
}

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
