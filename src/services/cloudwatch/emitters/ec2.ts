// AWS/EC2 metrics of instances that run as processes (--run-instances): CPUUtilization (CPU time of the process group
// over wall time ÷ the type's vCPUs; every minute with detailed monitoring, every 5 with basic), the status checks
// (each minute, 0 or 1) and, in the VPC namespace world, NetworkIn/Out and NetworkPacketsIn/Out from the veth counters.
// Dimensions as the EC2 User Guide's "Amazon EC2 metric dimensions" table gives them.
import { INSTANCE_TYPES } from '../../ec2/catalogue.js';
import type { Publish, PublishedMetric } from '../publish.js';

/** The part of EC2's internal API (src/services/ec2/internal-api.ts) the emitter reads. */
export interface Ec2Source {
  processes(): Array<{ instanceId: string; account: string; region: string; state: string | undefined }>;
  instance(
    scope: { account: string; region: string },
    id: string,
  ): { instanceType: string | undefined; imageId?: string | undefined; tags: Record<string, string>; detailedMonitoring: boolean; health?: 'ok' | 'impaired' | 'not-applicable' } | undefined;
  cpuSeconds(id: string): number | undefined;
  /** Bytes and packets each instance sent and received so far (the VPC namespace world only; absent or empty else). */
  networkCounters?(): ReadonlyMap<string, NetworkCounters>;
}

export interface NetworkCounters {
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** Counters at the start of the period being summed, and when it started (runtime clock). */
interface NetSample {
  in: number;
  out: number;
  at: number;
}

type Dims = Array<{ Name: string; Value: string }>;

interface Sample {
  cpu: number;
  wallMs: number;
  at: number;
}

const VCPUS = new Map(INSTANCE_TYPES.map((t) => [t.type, t.vcpus]));
/** Below this much wall time between samples, /proc's 10 ms ticks make the ratio noise: wait for the next tick. */
const MIN_WALL_MS = 20;

/**
 * The dimension sets one instance's datum is published under. "Amazon EC2 metric dimensions" (EC2 User Guide):
 * InstanceId always; AutoScalingGroupName for instances of a group, with basic or detailed monitoring; ImageId and
 * InstanceType only with detailed monitoring, as is the aggregate across all instances (no dimension: "Aggregate
 * statistics are available for instances that have detailed monitoring enabled").
 */
export function instanceDimensions(instanceId: string, view: { instanceType?: string | undefined; imageId?: string | undefined; tags: Record<string, string>; detailedMonitoring: boolean }): Dims[] {
  const out: Dims[] = [[{ Name: 'InstanceId', Value: instanceId }]];
  const group = view.tags['aws:autoscaling:groupName'];
  if (group !== undefined) out.push([{ Name: 'AutoScalingGroupName', Value: group }]);
  if (view.detailedMonitoring) {
    if (view.imageId !== undefined) out.push([{ Name: 'ImageId', Value: view.imageId }]);
    if (view.instanceType !== undefined) out.push([{ Name: 'InstanceType', Value: view.instanceType }]);
    out.push([]);
  }
  return out;
}

function fanOut(dims: readonly Dims[], name: string, value: number, unit: string, now: number, out: PublishedMetric[]): void {
  for (const d of dims) out.push({ MetricName: name, Dimensions: d, Value: value, Unit: unit, Timestamp: now });
}

/**
 * Status checks (EC2 User Guide, "Status check metrics": 0 passed, 1 failed, each minute, Unit Count). The instance
 * check fails when the instance's process crashed (kumo's `impaired`); kumo has no host to fail, so the system and
 * attached-EBS checks always pass. StatusCheckFailed is 1 when either check fails.
 */
export function statusCheckData(dims: readonly Dims[], impaired: boolean, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  const inst = impaired ? 1 : 0;
  fanOut(dims, 'StatusCheckFailed', inst, 'Count', now, out);
  fanOut(dims, 'StatusCheckFailed_Instance', inst, 'Count', now, out);
  fanOut(dims, 'StatusCheckFailed_System', 0, 'Count', now, out);
  fanOut(dims, 'StatusCheckFailed_AttachedEBS', 0, 'Count', now, out);
  return out;
}

export function cpuData(dims: readonly Dims[], value: number, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  fanOut(dims, 'CPUUtilization', value, 'Percent', now, out);
  return out;
}

/**
 * One network datum pair when its period is over: the counters' growth since the period began (EC2 User Guide,
 * "Instance metrics": NetworkIn/NetworkOut are the bytes in the period, Unit Bytes; NetworkPacketsIn/Out the packets,
 * Unit Count, "available for basic monitoring only", i.e. 5-minute periods even with detailed monitoring). Counters
 * that went back (a veth made again: the instance stopped and started) count from 0.
 */
function networkPeriod(samples: Map<string, NetSample>, key: string, inNow: number, outNow: number, periodMs: number, now: number): [number, number] | undefined {
  const prev = samples.get(key);
  // The first sight of an instance: its veth was made with it, so everything counted so far is in this period.
  if (prev === undefined) {
    samples.set(key, { in: 0, out: 0, at: now });
    return undefined;
  }
  const base = inNow < prev.in || outNow < prev.out ? { in: 0, out: 0 } : prev;
  if (now - prev.at < periodMs - 1000) {
    if (base !== prev) samples.set(key, { ...base, at: prev.at });
    return undefined;
  }
  samples.set(key, { in: inNow, out: outNow, at: now });
  return [inNow - base.in, outNow - base.out];
}

export function networkData(dims: readonly Dims[], bytes: [number, number] | undefined, packets: [number, number] | undefined, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  if (bytes) {
    fanOut(dims, 'NetworkIn', bytes[0], 'Bytes', now, out);
    fanOut(dims, 'NetworkOut', bytes[1], 'Bytes', now, out);
  }
  if (packets) {
    fanOut(dims, 'NetworkPacketsIn', packets[0], 'Count', now, out);
    fanOut(dims, 'NetworkPacketsOut', packets[1], 'Count', now, out);
  }
  return out;
}

export class InstanceEmitter {
  private readonly last = new Map<string, Sample>();
  private readonly bytes = new Map<string, NetSample>();
  private readonly packets = new Map<string, NetSample>();

  constructor(private readonly wallNow: () => number = () => performance.now()) {}

  emit(src: Ec2Source, publish: Publish, now: number): void {
    const seen = new Set<string>();
    const counters = src.networkCounters?.();
    const netSeen = new Set<string>();
    for (const p of src.processes()) {
      if (p.state !== 'running') continue;
      const scope = { account: p.account, region: p.region };
      const view = src.instance(scope, p.instanceId);
      if (view === undefined) continue;
      const dims = instanceDimensions(p.instanceId, view);
      publish(scope, 'AWS/EC2', statusCheckData(dims, view.health === 'impaired', now));
      const net = counters?.get(p.instanceId);
      if (net !== undefined) {
        netSeen.add(p.instanceId);
        const bytes = networkPeriod(this.bytes, p.instanceId, net.bytesIn, net.bytesOut, view.detailedMonitoring ? 60_000 : 300_000, now);
        const packets = networkPeriod(this.packets, p.instanceId, net.packetsIn, net.packetsOut, 300_000, now);
        if (bytes || packets) publish(scope, 'AWS/EC2', networkData(dims, bytes, packets, now));
      }
      const cpu = src.cpuSeconds(p.instanceId);
      if (cpu === undefined) continue; // no live process: no CPU to report (the status check says why)
      seen.add(p.instanceId);
      const wallMs = this.wallNow();
      const prev = this.last.get(p.instanceId);
      // The first sample (or a restarted process, whose counter went back) is the baseline.
      if (prev === undefined || cpu < prev.cpu) {
        this.last.set(p.instanceId, { cpu, wallMs, at: now });
        continue;
      }
      const periodMs = view.detailedMonitoring ? 60_000 : 300_000;
      if (now - prev.at < periodMs - 1000 || wallMs - prev.wallMs < MIN_WALL_MS) continue;
      this.last.set(p.instanceId, { cpu, wallMs, at: now });
      const vcpus = VCPUS.get(view.instanceType ?? '') ?? 1;
      const value = Math.min(100, Math.max(0, (100 * (cpu - prev.cpu)) / ((wallMs - prev.wallMs) / 1000) / vcpus));
      publish(scope, 'AWS/EC2', cpuData(dims, value, now));
    }
    for (const id of this.last.keys()) if (!seen.has(id)) this.last.delete(id);
    for (const map of [this.bytes, this.packets]) for (const id of map.keys()) if (!netSeen.has(id)) map.delete(id);
  }
}
