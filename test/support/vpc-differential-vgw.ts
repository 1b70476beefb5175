// The differential's virtual private gateway and secondary-address cases (issue 23), kept beside the main generator:
// a VGW on VPC B with routes to on-premises prefixes in both of B's tables, an on-premises probe agent in the VGW's
// namespace, and secondary private IPs on two instances asked of as destinations.
import * as ec2 from '@aws-sdk/client-ec2';

/** On-premises hosts: the first is routed to the VGW by both of B's tables, the second only by B's main table. */
export const ONPREM = ['192.168.10.10', '192.168.20.20'];
/** Ports asked of the extra pairs (a subset of PORTS, to keep the suite's round near its time). */
const EXTRA_PORTS = [22, 80, 443];

/** Creates a VGW, attaches it to B (attached once the caller advances the clock) and routes on-premises to it. */
export async function buildVgw(c: ec2.EC2Client, vpcB: string, mainB: string, altB: string): Promise<string> {
  const vgw = (await c.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
  await c.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcB }));
  await Promise.all([
    c.send(new ec2.CreateRouteCommand({ RouteTableId: mainB, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw })),
    c.send(new ec2.CreateRouteCommand({ RouteTableId: altB, DestinationCidrBlock: '192.168.10.0/24', GatewayId: vgw })),
  ]);
  return vgw;
}

/** Gives each listed ENI one secondary private address (AssignPrivateIpAddresses); returns them in order. */
export async function assignSecondaries(c: ec2.EC2Client, enis: readonly string[]): Promise<string[]> {
  return Promise.all(enis.map(async (eni) => (await c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, SecondaryPrivateIpAddressCount: 1 }))).AssignedPrivateIpAddresses![0]!.PrivateIpAddress!));
}

export type ExtraKind = 'onprem-out' | 'onprem-in' | 'secondary';
type Add = (agent: string, from: string, to: string, host: string, port: number, family: 4 | 6, localAddress?: string, kind?: ExtraKind) => void;
interface ExtraVm { id: string; ip: string; vpc: string; secondary?: string | undefined }

/**
 * Instances of B and C to on-premises (C has no route there; A's tables send it to the internet, where the verdict
 * and the world differ on purpose: see docs/designs/ec2-reachability.md), on-premises to B's instances by their
 * private address from either on-premises host, and every instance to the secondary addresses.
 */
export function extraPairs(vms: readonly ExtraVm[], vgw: string, vpcB: string, vpcC: string, add: Add): void {
  for (const port of EXTRA_PORTS) {
    for (const src of vms) {
      if (src.vpc === vpcB || src.vpc === vpcC) for (const host of ONPREM) add(src.id, src.id, host, host, port, 4, undefined, 'onprem-out');
      for (const dst of vms) if (dst.secondary && dst !== src) add(src.id, src.id, dst.secondary, dst.secondary, port, 4, undefined, 'secondary');
    }
    for (const dst of vms) if (dst.vpc === vpcB) for (const host of ONPREM) add(vgw, host, dst.id, dst.ip, port, 4, host, 'onprem-in');
  }
}
