// The Auto Scaling service context: the repository, the clock, and in-process access to EC2 (instances, subnets)
// and CloudWatch (target-tracking alarms, emitted metrics). Operations and the group controller share it.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type { InternalServices } from '../service-definition.js';
import type { StateStore } from '../../store/state-store.js';
import { groupNotFound } from './errors.js';
import type { GroupRecord, Scope } from './records.js';
import { AsgStore } from './store.js';

export class AutoScaling {
  readonly db: AsgStore;

  constructor(
    readonly state: StateStore,
    readonly now: () => number,
    readonly internal: InternalServices,
    readonly random: () => number = Math.random,
  ) {
    this.db = new AsgStore(state);
  }

  ec2<O = Record<string, unknown>>(scope: Scope, operation: string, input: Record<string, unknown>): Promise<O> {
    return this.internal.invoke<O>('ec2', operation, scope, input);
  }

  cloudwatch<O = Record<string, unknown>>(scope: Scope, operation: string, input: Record<string, unknown>): Promise<O> {
    return this.internal.invoke<O>('cloudwatch', operation, scope, input);
  }

  group(scope: Scope, name: string, notFound: (name: string) => Error = groupNotFound): GroupRecord {
    const g = this.db.get<GroupRecord>(scope, 'group', name);
    if (g === undefined) throw notFound(name);
    return g;
  }

  saveGroup(scope: Scope, g: GroupRecord): void {
    this.db.put(scope, 'group', g.AutoScalingGroupName, g);
  }

  /** Re-reads a group and applies a change to it (after an await, the stored record may have moved on). */
  mutate(scope: Scope, name: string, change: (g: GroupRecord) => void): GroupRecord | undefined {
    return this.state.transaction(() => {
      const g = this.db.get<GroupRecord>(scope, 'group', name);
      if (g === undefined) return undefined;
      change(g);
      this.saveGroup(scope, g);
      return g;
    });
  }
}

export function scopeOf(ctx: RequestContext): Scope {
  return { account: ctx.account, region: ctx.region };
}

export function arn(scope: Scope, resource: string): string {
  return `arn:aws:autoscaling:${scope.region}:${scope.account}:${resource}`;
}

export function groupArn(scope: Scope, name: string): string {
  return arn(scope, `autoScalingGroup:${randomUUID()}:autoScalingGroupName/${name}`);
}

/** "2026-12-06T22:54:35Z": how activity causes write times. */
export function stamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
