// Where an instance's user data runs when the VPC world is up: inside the instance's own network namespace (on its
// VPC private IP, behind its SGs, NACLs and routes), with kumo's API and IMDS at 169.254.169.254 and its listening
// ports mirrored on its host loopback address. The runner asks; on loopback (no world) it answers undefined.
import type { Ec2Context } from '../context.js';
import type { InstanceRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import type { InstancePlacement } from '../runner/instance-runner.js';
import { InstancePorts } from './instance-ports.js';
import { IMDS_ADDRESS, KUMO_API_PORT } from './plan.js';
import type { VpcWorld } from './world.js';

export function namespacePlacement(ec2: Ec2Context, world: VpcWorld, portFor: (port: number) => number): InstancePlacement & { ports: InstancePorts } {
  const ports = new InstancePorts(() => world.dialPath, portFor);
  const record = (scope: Scope, id: string) => ec2.store.get<InstanceRecord>(scope, 'instance', id);
  const privateIps = (i: InstanceRecord): string[] => {
    const primary = (i.NetworkInterfaces ?? []).slice().sort((a, b) => (a.Attachment?.DeviceIndex ?? 0) - (b.Attachment?.DeviceIndex ?? 0));
    const ips = primary.flatMap((n) => [n.PrivateIpAddress, ...(n.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress)]).filter((a): a is string => !!a);
    return [...new Set([i.PrivateIpAddress, ...ips].filter((a): a is string => !!a))];
  };
  return {
    ports,
    get inNamespaces() {
      return world.mode === 'namespaces' && world.dialPath !== undefined;
    },
    async enter(scope, id, dir) {
      if (world.mode !== 'namespaces' || world.dialPath === undefined) return undefined;
      // RunInstances syncs before it answers, but the runner may get here first: the namespace must exist.
      await world.sync();
      const prefix = world.command(id);
      const i = record(scope, id);
      const ip = i && privateIps(i)[0];
      if (!prefix || !ip) return undefined;
      return {
        // Entering the mount namespace resets the working directory to its root (setns(2)): nsenter sets it back.
        prefix: [prefix[0]!, `--wd=${dir}`, ...prefix.slice(1)],
        env: {
          KUMO_INSTANCE_ADDRESS: ip,
          AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://${IMDS_ADDRESS}:80/`,
          AWS_ENDPOINT_URL: `http://${IMDS_ADDRESS}:${KUMO_API_PORT}`,
        },
      };
    },
    started(scope, id, pid, bindAddress) {
      const i = record(scope, id);
      if (!i?.VpcId) return;
      ports.watch(id, pid, i.VpcId, privateIps(i), bindAddress);
    },
    ended: (id) => ports.unwatch(id),
    refresh: (id) => ports.refresh(id),
    stop: () => ports.stop(),
  };
}
