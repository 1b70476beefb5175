// EC2's in-process interface for other services (deps.internal.get('ec2')): an instance's placement, addresses and
// process health for load balancers and Auto Scaling, CPU seconds for CloudWatch, and the reachability verdict.
import type { Ec2Context } from './context.js';
import { reach, reachMany } from './insights-operations.js';
import { presentInstance } from './instance-operations.js';
import type { InstanceRecord } from './records.js';
import type { Scope } from './resource-store.js';
import type { InstanceRunner, ProcessInfo } from './runner/instance-runner.js';
import type { Exposure } from './vpc/expose.js';
import type { NetworkCounters, VpcWorld } from './vpc/world.js';

export interface InstanceView {
  instanceId: string;
  state: string;
  availabilityZone: string;
  subnetId: string | undefined;
  vpcId: string | undefined;
  /** The VPC address (data: never a destination). */
  privateIpAddress: string | undefined;
  publicIpAddress: string | undefined;
  securityGroupIds: string[];
  imageId: string | undefined;
  instanceType: string | undefined;
  tags: Record<string, string>;
  /** The loopback address the instance's process serves on; undefined unless instances run (--run-instances). */
  bindAddress: string | undefined;
  /** Whether a process runs for it, and its pid. */
  process: { pid: number | undefined; alive: boolean } | undefined;
  /** The instance status check: ok (running, process healthy), impaired (its process crashed), not-applicable. */
  health: 'ok' | 'impaired' | 'not-applicable';
  /** Detailed monitoring (1-minute CloudWatch metrics) rather than basic (5-minute). */
  detailedMonitoring: boolean;
}

export interface Ec2Internal {
  /** Whether instances run as processes (--run-instances). */
  readonly runsInstances: boolean;
  instance(scope: Scope, instanceId: string): InstanceView | undefined;
  /** CPU seconds used so far by the instance's process group (/proc); undefined without a live process or /proc. */
  cpuSeconds(instanceId: string): number | undefined;
  processes(): ProcessInfo[];
  reach(scope: Scope, q: Parameters<typeof reach>[2]): ReturnType<typeof reach>;
  /** Many questions against one network model (built once for the batch): for callers asking hundreds at a time. */
  reachMany(scope: Scope, qs: Parameters<typeof reachMany>[2]): ReturnType<typeof reachMany>;
  /** The VPC data plane: `namespaces` (Linux, --run-instances) or `loopback`, and why; `viaIp`: namespaces whose
   * `ip` lines started an `ip` process instead of going through the netlink relay. */
  vpcDataPlane(): { mode: 'namespaces' | 'loopback'; reason: string; viaIp?: readonly string[] };
  /** argv prefix running a command in an instance's namespace ('internet': the internet namespace); undefined on loopback. */
  execCommand(target: string): string[] | undefined;
  /** Waits until the kernel matches the store (each EC2 call already does before it answers). */
  syncVpcWorld(): Promise<void>;
  /** Public IPs exposed on host loopback (instance, public IP, host address, ports); empty on loopback. */
  exposed(): readonly Exposure[];
  /** Traffic of each instance in the VPC namespaces so far (bytes and packets in and out); empty on loopback. */
  networkCounters(): ReadonlyMap<string, NetworkCounters>;
}

export function createEc2Internal(ec2: Ec2Context, runner: InstanceRunner | undefined, world?: VpcWorld): Ec2Internal {
  return {
    runsInstances: runner !== undefined,
    instance(scope, instanceId) {
      const stored = ec2.store.get<InstanceRecord>(scope, 'instance', instanceId);
      if (!stored) return undefined;
      const i = presentInstance(stored, ec2.clock.now());
      const running = i.State?.Name === 'running';
      const proc = runner?.process(instanceId);
      return {
        instanceId, state: i.State?.Name ?? 'pending', availabilityZone: i.Placement?.AvailabilityZone ?? '', subnetId: i.SubnetId, vpcId: i.VpcId,
        privateIpAddress: i.PrivateIpAddress, publicIpAddress: i.PublicIpAddress, securityGroupIds: (i.SecurityGroups ?? []).map((g) => g.GroupId!),
        imageId: i.ImageId, instanceType: i.InstanceType, tags: Object.fromEntries((i.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        bindAddress: running ? proc?.bindAddress : undefined,
        process: proc ? { pid: proc.pid, alive: proc.alive } : undefined,
        health: !running ? 'not-applicable' : i._impaired !== undefined ? 'impaired' : 'ok',
        detailedMonitoring: i.Monitoring?.State === 'enabled',
      };
    },
    cpuSeconds: (id) => runner?.cpuSeconds(id),
    processes: () => runner?.processes() ?? [],
    reach: (scope, q) => reach(ec2, scope, q),
    reachMany: (scope, qs) => reachMany(ec2, scope, qs),
    vpcDataPlane: () => ({ mode: world?.mode ?? 'loopback', reason: world ? world.reason : 'instances do not run (start kumo with --run-instances)', viaIp: [...(world?.viaIp ?? [])] }),
    execCommand: (target) => world?.command(target),
    syncVpcWorld: () => world?.sync() ?? Promise.resolve(),
    networkCounters: () => world?.networkCounters() ?? new Map(),
    exposed: () => (world?.mode === 'namespaces' ? world.exposure.exposed() : []),
  };
}
