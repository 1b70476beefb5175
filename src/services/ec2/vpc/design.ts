// Reads the world's design from EC2's store: per account and region the reachability model (subnets, route tables,
// NACLs, SGs, peerings, NAT gateways, interfaces), the VPC and subnet blocks, and the instances that are up.
import type { Ec2Context } from '../context.js';
import { buildNetworkModel } from '../network-model.js';
import { NAT_PENDING_MS } from '../gateway-operations.js';
import type { InstanceRecord, NatGatewayRecord, SubnetRecord, VpcRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import type { DesignInstance, WorldDesign } from './plan.js';

/** Instances in these states have their namespace; stopping, stopped and terminated ones do not (no network). */
const UP = new Set(['pending', 'running']);

export function designOf(ec2: Ec2Context, scope: Scope): WorldDesign {
  const s = ec2.store;
  const vpcCidrs = new Map(s.list<VpcRecord>(scope, 'vpc').map((v) => [v.VpcId!, (v.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => a.CidrBlock!)]));
  const subnetCidrs = new Map(s.list<SubnetRecord>(scope, 'subnet').map((x) => [x.SubnetId!, x.CidrBlock!]));
  const instances: DesignInstance[] = [];
  for (const i of s.list<InstanceRecord>(scope, 'instance')) {
    if (!UP.has(i.State?.Name ?? '')) continue;
    const interfaces = (i.NetworkInterfaces ?? []).filter((n) => n.NetworkInterfaceId && n.Attachment?.DeviceIndex !== undefined && n.Attachment.DeviceIndex < 10).map((n) => ({
      interfaceId: n.NetworkInterfaceId!, deviceIndex: n.Attachment!.DeviceIndex!,
      privateIps: (n.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress!).filter(Boolean),
    })).sort((a, b) => a.deviceIndex - b.deviceIndex);
    instances.push({ id: i.InstanceId!, interfaces });
  }
  return { model: buildNetworkModel(ec2, scope), vpcCidrs, subnetCidrs, instances };
}

/** Every account and region that has a VPC. */
export function scopesWithVpcs(ec2: Ec2Context): Scope[] {
  const seen = new Map<string, Scope>();
  for (const { scope } of ec2.store.locate('vpc')) seen.set(`${scope.account}/${scope.region}`, scope);
  return [...seen.values()];
}

/** The runtime-clock time of the next change that time alone brings to the design (a NAT gateway turning available). */
export function nextClockChange(ec2: Ec2Context, scopes: readonly Scope[]): number | undefined {
  let next: number | undefined;
  for (const scope of scopes) {
    for (const n of ec2.store.list<NatGatewayRecord>(scope, 'nat')) {
      if (n.State !== 'pending') continue;
      const at = Date.parse(n.CreateTime as unknown as string) + NAT_PENDING_MS;
      if (next === undefined || at < next) next = at;
    }
  }
  return next;
}
