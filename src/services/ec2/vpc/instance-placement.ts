// Where an instance's user data runs when the VPC world is up: inside the instance's own network namespace (on its
// VPC private IP, behind its SGs, NACLs and routes), with kumo's API and IMDS at 169.254.169.254 and its listening
// ports mirrored on its host loopback address. The runner asks; on loopback (no world) it answers undefined.
import type { Ec2Context } from '../context.js';
import { formatIpv4, parseCidr } from '../cidr.js';
import type { InstanceRecord, VpcRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import type { InstancePlacement } from '../runner/instance-runner.js';
import { InstancePorts } from './instance-ports.js';
import { DNS_LINK_LOCAL, IMDS_ADDRESS, KUMO_API_PORT } from './plan.js';
import { ec2Domain } from './vpc-dns.js';
import type { VpcWorld } from './world.js';

/**
 * Runs before the user data, inside the mount namespace `ip netns exec` makes for it: writes the instance's
 * resolv.conf to the helper's private /run and binds it over /etc/resolv.conf there (only this process tree sees it),
 * then execs the user data in place (same pid). A failed bind (e.g. /etc/resolv.conf a symlink into the host's /run)
 * leaves the host's file, as before.
 */
const RESOLV_SH = 'f=/run/kumo/resolv.$$; printf "%s" "$1" > "$f" && mount --bind "$f" /etc/resolv.conf 2>/dev/null; rm -f "$f"; shift; exec "$@"';

/**
 * An instance's /etc/resolv.conf as EC2 writes it through DHCP: the Amazon DNS server at the VPC's base + 2 and the
 * region's internal domain as the search list (VPC User Guide, "Amazon DNS server"; "DHCP option sets").
 */
export function resolvConf(vpcCidr: string | undefined, region: string): string {
  const c = parseCidr(vpcCidr ?? '');
  return `search ${ec2Domain(region)}\nnameserver ${c ? formatIpv4(c.base + 2) : DNS_LINK_LOCAL}\n`;
}

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
      const vpc = i.VpcId ? ec2.store.get<VpcRecord>(scope, 'vpc', i.VpcId) : undefined;
      return {
        // Entering the mount namespace resets the working directory to its root (setns(2)): nsenter sets it back.
        prefix: [prefix[0]!, `--wd=${dir}`, ...prefix.slice(1), '/bin/sh', '-c', RESOLV_SH, 'kumo-resolv', resolvConf(vpc?.CidrBlock, scope.region)],
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
