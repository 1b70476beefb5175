// CLB's view of EC2: subnets (and the default subnet of an AZ), security groups, and instances with the loopback
// address their process serves on (EC2's internal API; --run-instances). Errors are translated into CLB's codes.
import type { RequestContext } from '../../core/request-context.js';
import { modeledError } from '../../generated/elastic-load-balancing/errors.js';
import type { Clb } from './context.js';

export interface SubnetInfo {
  SubnetId: string;
  AvailabilityZone: string;
  VpcId: string;
}

export interface InstanceInfo {
  state: string;
  availabilityZone: string;
  vpcId: string | undefined;
  bindAddress: string | undefined;
}

interface Ec2Internal {
  instance?(scope: { account: string; region: string }, instanceId: string): InstanceInfo | undefined;
}

export async function subnetsById(s: Clb, ctx: RequestContext, ids: string[]): Promise<SubnetInfo[]> {
  if (ids.length === 0) return [];
  try {
    const out = await s.deps.internal.invoke<{ Subnets?: SubnetInfo[] }>('ec2', 'DescribeSubnets', ctx, { SubnetIds: ids });
    return ids.map((id) => out.Subnets!.find((sn) => sn.SubnetId === id)!);
  } catch {
    throw modeledError('SubnetNotFoundException', `One or more subnets were not found: ${ids.join(', ')}`);
  }
}

/** The default subnet of each zone (a CLB created with AvailabilityZones lands in the default VPC). */
export async function defaultSubnets(s: Clb, ctx: RequestContext, zones: string[]): Promise<SubnetInfo[]> {
  const out = await s.deps.internal.invoke<{ Subnets?: SubnetInfo[] }>('ec2', 'DescribeSubnets', ctx, { Filters: [{ Name: 'default-for-az', Values: ['true'] }] });
  return zones.map((z) => {
    const sn = (out.Subnets ?? []).find((x) => x.AvailabilityZone === z);
    if (!sn) throw modeledError('InvalidConfigurationRequestException', `Invalid Availability Zone: ${z}`);
    return sn;
  });
}

/** Checks the groups exist in the VPC; none given means the VPC's default group (CreateLoadBalancer reference). */
export async function securityGroups(s: Clb, ctx: RequestContext, vpcId: string, ids: string[]): Promise<Array<{ GroupId: string; GroupName: string }>> {
  const input = ids.length > 0 ? { GroupIds: ids } : { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] };
  let groups: Array<{ GroupId: string; GroupName: string; VpcId?: string }>;
  try {
    groups = (await s.deps.internal.invoke<{ SecurityGroups?: Array<{ GroupId: string; GroupName: string; VpcId?: string }> }>('ec2', 'DescribeSecurityGroups', ctx, input)).SecurityGroups ?? [];
  } catch {
    throw modeledError('InvalidSecurityGroupException', 'One or more of the specified security groups do not exist.');
  }
  if (ids.length > 0 && (groups.length !== new Set(ids).size || groups.some((g) => g.VpcId !== vpcId))) {
    throw modeledError('InvalidSecurityGroupException', 'One or more of the specified security groups do not exist.');
  }
  return groups;
}

export async function ec2Internal(s: Clb): Promise<Ec2Internal | undefined> {
  // The data plane and health checks read instance addresses through the same interface, synchronously.
  s.plane.ec2 ??= await s.deps.internal.get<Ec2Internal>('ec2');
  return s.plane.ec2;
}

/** An instance by id, or InvalidInstance as AWS words it ("Could not find EC2 instance i-…"). */
export async function instanceOf(s: Clb, ctx: RequestContext, id: string): Promise<InstanceInfo> {
  const view = (await ec2Internal(s))?.instance?.({ account: ctx.account, region: ctx.region }, id);
  if (!view || view.state === 'terminated') throw modeledError('InvalidEndPointException', `Could not find EC2 instance ${id}.`);
  return view;
}
