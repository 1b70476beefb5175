// AWS/EC2 CPUUtilization from instances that run as processes (--run-instances): the CPU time of the instance's
// process group over the wall time between two samples, ÷ the vCPUs of its type, by InstanceId and, for instances
// of an Auto Scaling group (tag aws:autoscaling:groupName), by AutoScalingGroupName. Every minute with detailed
// monitoring, every 5 minutes with basic (EC2 User Guide, "List the available CloudWatch metrics for your instances").
import { INSTANCE_TYPES } from '../../ec2/catalogue.js';
import type { Publish, PublishedMetric } from '../publish.js';

/** The part of EC2's internal API (src/services/ec2/internal-api.ts) the emitter reads. */
export interface Ec2Source {
  processes(): Array<{ instanceId: string; account: string; region: string; state: string | undefined }>;
  instance(scope: { account: string; region: string }, id: string): { instanceType: string | undefined; tags: Record<string, string>; detailedMonitoring: boolean } | undefined;
  cpuSeconds(id: string): number | undefined;
}

interface Sample {
  cpu: number;
  wallMs: number;
  at: number;
}

const VCPUS = new Map(INSTANCE_TYPES.map((t) => [t.type, t.vcpus]));
/** Below this much wall time between samples, /proc's 10 ms ticks make the ratio noise: wait for the next tick. */
const MIN_WALL_MS = 20;

export class CpuEmitter {
  private readonly last = new Map<string, Sample>();

  constructor(private readonly wallNow: () => number = () => performance.now()) {}

  emit(src: Ec2Source, publish: Publish, now: number): void {
    const seen = new Set<string>();
    for (const p of src.processes()) {
      if (p.state !== 'running') continue;
      const cpu = src.cpuSeconds(p.instanceId);
      if (cpu === undefined) continue;
      seen.add(p.instanceId);
      const wallMs = this.wallNow();
      const prev = this.last.get(p.instanceId);
      const scope = { account: p.account, region: p.region };
      const view = src.instance(scope, p.instanceId);
      // The first sample (or a restarted process, whose counter went back) is the baseline.
      if (prev === undefined || cpu < prev.cpu || view === undefined) {
        this.last.set(p.instanceId, { cpu, wallMs, at: now });
        continue;
      }
      const periodMs = view.detailedMonitoring ? 60_000 : 300_000;
      if (now - prev.at < periodMs - 1000 || wallMs - prev.wallMs < MIN_WALL_MS) continue;
      this.last.set(p.instanceId, { cpu, wallMs, at: now });
      const vcpus = VCPUS.get(view.instanceType ?? '') ?? 1;
      const value = Math.min(100, Math.max(0, (100 * (cpu - prev.cpu)) / ((wallMs - prev.wallMs) / 1000) / vcpus));
      publish(scope, 'AWS/EC2', cpuData(p.instanceId, view.tags['aws:autoscaling:groupName'], value, now));
    }
    for (const id of this.last.keys()) if (!seen.has(id)) this.last.delete(id);
  }
}

export function cpuData(instanceId: string, group: string | undefined, value: number, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [{ MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: instanceId }], Value: value, Unit: 'Percent', Timestamp: now }];
  if (group !== undefined) out.push({ MetricName: 'CPUUtilization', Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }], Value: value, Unit: 'Percent', Timestamp: now });
  return out;
}
