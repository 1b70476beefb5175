// The group controller, run on the runtime clock: refreshes each instance from EC2 (Pending → InService once
// running), marks unhealthy ones (EC2 type: not running, at once; impaired status checks, after the grace period)
// and replaces them, then launches through EC2 RunInstances (balanced across AZs) or terminates by the group's
// termination policies until the group matches its desired capacity. Every change is an activity.
import { isAwsError } from '../../core/aws-error.js';
import { activity, causes, sentences } from './activities.js';
import type { AutoScaling } from './context.js';
import { launchRequest, launchSourceKey } from './launch.js';
import { deregisterInstance, elbUnhealthy, syncTargets } from './load-balancing.js';
import type { GroupRecord, InstanceRecord, LaunchConfigurationRecord, Scope } from './records.js';
import { pickForTermination, zoneForLaunch } from './termination.js';

/** How often every group is reconciled. */
export const CONTROLLER_INTERVAL_MS = 10_000;

type Ec2View = { state: string; impaired: boolean };
type Unhealthy = InstanceRecord & { _unhealthyBy?: string };

function suspended(g: GroupRecord, process: string): boolean {
  return g.SuspendedProcesses.some((p) => p.ProcessName === process);
}

/** Instances that count toward capacity: not in Standby, not leaving. */
export function counted(g: GroupRecord): InstanceRecord[] {
  return g.Instances.filter((i) => i.LifecycleState === 'Pending' || i.LifecycleState === 'InService' || i.LifecycleState === 'Pending:Wait' || i.LifecycleState === 'Pending:Proceed');
}

export class GroupController {
  constructor(private readonly s: AutoScaling) {}

  async reconcileAll(): Promise<void> {
    for (const { scope, value } of this.s.db.all<GroupRecord>('group')) await this.reconcile(scope, value.AutoScalingGroupName);
  }

  async reconcile(scope: Scope, name: string): Promise<void> {
    await this.refresh(scope, name);
    await this.replaceUnhealthy(scope, name);
    await this.converge(scope, name);
    await syncTargets(this.s, scope, name);
  }

  private async ec2View(scope: Scope, ids: string[]): Promise<Map<string, Ec2View>> {
    const view = new Map<string, Ec2View>();
    if (ids.length === 0) return view;
    type Described = { Reservations?: Array<{ Instances?: Array<{ InstanceId: string; State?: { Name?: string } }> }> };
    const res = await this.s.ec2<Described>(scope, 'DescribeInstances', { Filters: [{ Name: 'instance-id', Values: ids }] });
    for (const i of (res.Reservations ?? []).flatMap((r) => r.Instances ?? [])) view.set(i.InstanceId, { state: i.State?.Name ?? 'pending', impaired: false });
    const running = ids.filter((id) => view.get(id)?.state === 'running');
    if (running.length > 0) {
      type Status = { InstanceStatuses?: Array<{ InstanceId: string; InstanceStatus?: { Status?: string }; SystemStatus?: { Status?: string } }> };
      const st = await this.s.ec2<Status>(scope, 'DescribeInstanceStatus', { InstanceIds: running });
      for (const x of st.InstanceStatuses ?? []) {
        const v = view.get(x.InstanceId);
        if (v !== undefined) v.impaired = x.InstanceStatus?.Status === 'impaired' || x.SystemStatus?.Status === 'impaired';
      }
    }
    return view;
  }

  /** Pending → InService when EC2 says running; health of InService instances (EC2 type). */
  private async refresh(scope: Scope, name: string): Promise<void> {
    const g = this.s.db.get<GroupRecord>(scope, 'group', name);
    if (g === undefined || g.Instances.length === 0) return;
    const view = await this.ec2View(scope, g.Instances.map((i) => i.InstanceId));
    const elb = await elbUnhealthy(this.s, scope, g);
    const now = this.s.now();
    this.s.mutate(scope, name, (x) => {
      for (const i of x.Instances as Unhealthy[]) {
        const v = view.get(i.InstanceId);
        if (i.LifecycleState === 'Pending' && v?.state === 'running') {
          i.LifecycleState = 'InService';
          i._inServiceAt = now;
        }
        if (suspended(x, 'HealthCheck') || i.LifecycleState === 'Standby' || i.HealthStatus === 'Unhealthy') continue;
        // Not running (stopped, terminated, gone) is an immediate failure; a failed status check waits for the grace period.
        if (v === undefined || !['pending', 'running'].includes(v.state)) {
          i.HealthStatus = 'Unhealthy';
          i._unhealthyBy = 'stopped';
        } else if (v.impaired && i.LifecycleState === 'InService' && (i._inServiceAt ?? now) + x.HealthCheckGracePeriod * 1000 <= now) {
          i.HealthStatus = 'Unhealthy';
          i._unhealthyBy = 'status';
        } else if (elb.has(i.InstanceId) && i.LifecycleState === 'InService' && (i._inServiceAt ?? now) + x.HealthCheckGracePeriod * 1000 <= now) {
          // HealthCheckType ELB: the target group's verdict counts once the grace period has passed.
          i.HealthStatus = 'Unhealthy';
          i._unhealthyBy = 'elb';
        }
      }
    });
  }

  /** Each unhealthy instance: one activity terminates it; the launch that follows replaces it. */
  private async replaceUnhealthy(scope: Scope, name: string): Promise<void> {
    const g = this.s.db.get<GroupRecord>(scope, 'group', name);
    if (g === undefined || suspended(g, 'ReplaceUnhealthy')) return;
    for (const i of g.Instances as Unhealthy[]) {
      if (i.HealthStatus !== 'Unhealthy' || i.LifecycleState === 'Standby') continue;
      const now = this.s.now();
      const cause = i._unhealthyBy === 'status' ? causes.statusCheck(now) : i._unhealthyBy === 'user' ? causes.userHealth(now) : i._unhealthyBy === 'elb' ? causes.elbHealth(now) : causes.stopped(now);
      await this.terminate(scope, name, i.InstanceId, cause);
    }
  }

  private async terminate(scope: Scope, name: string, id: string, cause: string): Promise<void> {
    let failure: string | undefined;
    await deregisterInstance(this.s, scope, this.s.db.get<GroupRecord>(scope, 'group', name)?.Instances.find((i) => i.InstanceId === id));
    try {
      await this.s.ec2(scope, 'TerminateInstances', { InstanceIds: [id] });
    } catch (e) {
      // Already gone from EC2: nothing to terminate, the instance still leaves the group.
      if (!(isAwsError(e) && e.code === 'InvalidInstanceID.NotFound')) failure = e instanceof Error ? e.message : String(e);
    }
    const now = this.s.now();
    this.s.state.transaction(() => {
      const g = this.s.mutate(scope, name, (x) => {
        if (failure === undefined) x.Instances = x.Instances.filter((i) => i.InstanceId !== id);
      });
      if (g === undefined) return;
      const a = failure === undefined
        ? activity(g, now, `Terminating EC2 instance: ${id}`, cause)
        : activity(g, now, `Terminating EC2 instance: ${id}`, cause, 'Failed', failure);
      this.s.db.putActivity(scope, a);
    });
  }

  /** Launches or terminates one instance at a time until the counted instances match the desired capacity; every
   *  activity of the pass names the change that caused it and the whole difference, as AWS writes them. */
  private async converge(scope: Scope, name: string): Promise<void> {
    const start = this.s.db.get<GroupRecord>(scope, 'group', name);
    if (start === undefined) return;
    const pass = { cause: start._cause, byPolicy: start._causeByPolicy === true, from: counted(start).length, to: start.DesiredCapacity };
    for (;;) {
      const g = this.s.db.get<GroupRecord>(scope, 'group', name);
      if (g === undefined) return;
      const have = counted(g).length;
      if (have < g.DesiredCapacity && !suspended(g, 'Launch')) {
        if (!(await this.launch(scope, g, pass))) break;
      } else if (have > g.DesiredCapacity && !suspended(g, 'Terminate')) {
        const now = this.s.now();
        const lcCreated = (key: string): number => (key.startsWith('lc:') ? (this.s.db.get<LaunchConfigurationRecord>(scope, 'lc', key.slice(3))?.CreatedTime ?? 0) : 0);
        const pick = pickForTermination(counted(g).map((i) => ({ ...i, launchSource: launchSourceKey(i), launchedAt: i._launchedAt })), g.TerminationPolicies, {
          currentSource: launchSourceKey(g), sourceCreated: lcCreated, now, random: this.s.random,
        });
        if (pick === undefined) break;
        await this.terminate(scope, name, pick.InstanceId, sentences(pass.cause, causes.shrink(now, pass.from, pass.to, pick.InstanceId)));
      } else break;
    }
    this.s.mutate(scope, name, (x) => {
      if (x._cause === pass.cause) {
        delete x._cause;
        delete x._causeByPolicy;
      }
    });
  }

  /** One RunInstances; false (after a Failed activity) when EC2 refused, so the next tick retries. */
  private async launch(scope: Scope, g: GroupRecord, pass: { cause: string | undefined; byPolicy: boolean; from: number; to: number }): Promise<boolean> {
    const zone = zoneForLaunch(g.AvailabilityZones, counted(g));
    if (zone === undefined) return false;
    let launched: { InstanceId: string; InstanceType?: string } | undefined;
    let failure: string | undefined;
    try {
      const request = launchRequest(this.s, scope, g, zone);
      const res = await this.s.ec2<{ Instances?: Array<{ InstanceId: string; InstanceType?: string }> }>(scope, 'RunInstances', request);
      launched = res.Instances?.[0];
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    const now = this.s.now();
    if (launched !== undefined && this.s.db.get<GroupRecord>(scope, 'group', g.AutoScalingGroupName) === undefined) {
      // The group was deleted while EC2 launched: the instance has no group to join.
      await this.s.ec2(scope, 'TerminateInstances', { InstanceIds: [launched.InstanceId] });
      return false;
    }
    return this.s.state.transaction(() => {
      const current = this.s.db.get<GroupRecord>(scope, 'group', g.AutoScalingGroupName);
      if (current === undefined) return false;
      if (launched === undefined) {
        const message = failure ?? 'RunInstances returned no instance.';
        this.s.db.putActivity(scope, activity(current, now, `Launching a new EC2 instance.  Status Reason: ${message}. Launching EC2 instance failed.`, sentences(pass.cause, causes.started(now, pass.from, pass.to)), 'Failed', `${message}. Launching EC2 instance failed.`));
        return false;
      }
      const id = launched.InstanceId;
      const record: InstanceRecord = {
        InstanceId: id, AvailabilityZone: zone, LifecycleState: 'Pending', HealthStatus: 'Healthy',
        ProtectedFromScaleIn: current.NewInstancesProtectedFromScaleIn, _launchedAt: now,
      };
      if (launched.InstanceType !== undefined) record.InstanceType = launched.InstanceType;
      if (g.LaunchConfigurationName !== undefined) record.LaunchConfigurationName = g.LaunchConfigurationName;
      if (g.LaunchTemplate !== undefined) record.LaunchTemplate = g.LaunchTemplate;
      if (pass.byPolicy) record._scaledOut = true;
      const after = this.s.mutate(scope, g.AutoScalingGroupName, (x) => x.Instances.push(record));
      this.s.db.putActivity(scope, activity(after ?? current, now, `Launching a new EC2 instance: ${id}`, sentences(pass.cause, causes.started(now, pass.from, pass.to))));
      return true;
    });
  }
}
