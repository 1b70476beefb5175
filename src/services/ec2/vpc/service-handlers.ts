// Who answers inside a VPC namespace: the instance behind a source address (its IMDS on its loopback address, with
// its hop limit) and the VPC's Amazon resolver (off with enableDnsSupport false; EC2 names, then Route 53's private
// zones associated with the VPC, then REFUSED where kumo runs no DNS server). Reads the store at each call.
import type { InternalServices } from '../../service-definition.js';
import type { Ec2Context } from '../context.js';
import type { InstanceRecord, NetworkInterfaceRecord, PeeringRecord, VpcRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import type { InstanceRunner } from '../runner/instance-runner.js';
import type { InstanceServiceHandlers } from './instance-services.js';
import { formatIpv6, parseIpv6 } from '../cidr6.js';
import { ec2NameAnswer, publicNameAnswer, refused } from './vpc-dns.js';

interface Route53Resolver {
  resolveInVpc?(message: Buffer, address: string, transport: 'udp' | 'tcp', vpc: string): Promise<Buffer | undefined>;
}

export function instanceServiceHandlers(ec2: Ec2Context, runner: InstanceRunner, internal: InternalServices | undefined): InstanceServiceHandlers {
  const scopes = new Map<string, Scope>();
  const scopeOf = (vpcId: string): Scope | undefined => {
    let s = scopes.get(vpcId);
    if (!s) {
      s = ec2.store.locate('vpc').find((v) => v.id === vpcId)?.scope;
      if (s) scopes.set(vpcId, s);
    }
    return s;
  };
  /** The interfaces of this VPC (ENIs carry their VPC), and the addresses each holds. */
  const interfaces = (scope: Scope, vpcId: string) => ec2.store.list<NetworkInterfaceRecord>(scope, 'eni').filter((e) => e.VpcId === vpcId);
  /** IPv6 text in one form (the forwarder's inet_ntop and the store may write one address differently). */
  const canonical = (ip: string): string => {
    if (!ip.includes(':')) return ip;
    const v = parseIpv6(ip);
    return v === undefined ? ip : formatIpv6(v);
  };
  const addressesOf = (e: NetworkInterfaceRecord) => [e.PrivateIpAddress, ...(e.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress), ...(e.Ipv6Addresses ?? []).map((a) => canonical(a.Ipv6Address ?? ''))];
  /**
   * What a public IPv4 hostname resolves to when asked from `asker`: the interface's private IP from inside its own
   * VPC, and from a peer VPC when the peering is active, the option AllowDnsResolutionFromRemoteVpc is on for the
   * interface's side, and both VPCs have DNS hostnames and DNS resolution enabled (VPC Peering Guide, "Enable DNS
   * resolution for a VPC peering connection"); else the public IP. Undefined: no interface has that public IP.
   */
  const publicTarget = (scope: Scope, asker: VpcRecord, publicIp: string): string | undefined => {
    const eni = ec2.store.list<NetworkInterfaceRecord>(scope, 'eni').find((e) => e.Association?.PublicIp === publicIp);
    if (!eni) return undefined;
    const privateIp = eni.PrivateIpAddress ?? publicIp;
    if (eni.VpcId === asker.VpcId) return privateIp;
    const owner = ec2.store.get<VpcRecord>(scope, 'vpc', eni.VpcId ?? '');
    const dnsOn = (v: VpcRecord | undefined) => v !== undefined && v._dnsSupport !== false && v._dnsHostnames === true;
    if (!dnsOn(owner) || !dnsOn(asker)) return publicIp;
    const allowed = ec2.store.list<PeeringRecord>(scope, 'pcx').some((p) => {
      if (p.Status?.Code !== 'active') return false;
      const [r, a] = [p.RequesterVpcInfo, p.AccepterVpcInfo];
      if (r?.VpcId === eni.VpcId && a?.VpcId === asker.VpcId) return r?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc === true;
      if (a?.VpcId === eni.VpcId && r?.VpcId === asker.VpcId) return a?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc === true;
      return false;
    });
    return allowed ? privateIp : publicIp;
  };
  return {
    imds(vpcId, source) {
      const scope = scopeOf(vpcId);
      if (!scope) return undefined;
      const ip = canonical(source);
      const instanceId = interfaces(scope, vpcId).find((e) => addressesOf(e).includes(ip))?.Attachment?.InstanceId;
      const endpoint = instanceId ? runner.metadataAddress(instanceId) : undefined;
      if (!instanceId || !endpoint) return undefined;
      const i = ec2.store.get<InstanceRecord>(scope, 'instance', instanceId);
      // fd00:ec2::254 answers only with HttpProtocolIpv6 enabled (default disabled; EC2 API Reference,
      // InstanceMetadataOptionsRequest). Disabled: the connection is closed unanswered.
      if (ip.includes(':') && i?.MetadataOptions?.HttpProtocolIpv6 !== 'enabled') return undefined;
      return { ...endpoint, hopLimit: i?.MetadataOptions?.HttpPutResponseHopLimit ?? 1 };
    },
    async dns(vpcId, source, query, transport) {
      const ip = canonical(source);
      const scope = scopeOf(vpcId);
      const vpc = scope && ec2.store.get<VpcRecord>(scope, 'vpc', vpcId);
      // enableDnsSupport false: "the Amazon provided DNS server" is off for the VPC; queries go unanswered.
      if (!scope || !vpc || vpc._dnsSupport === false) return undefined;
      const known = new Set(interfaces(scope, vpcId).flatMap(addressesOf));
      // Only the VPC's own interfaces ask its resolver (a peer or the internet cannot reach base + 2 in AWS).
      if (!known.has(ip)) return undefined;
      const own = ec2NameAnswer(query, scope.region, (a) => known.has(a), transport) ?? publicNameAnswer(query, scope.region, (p) => publicTarget(scope, vpc, p), transport);
      if (own) return own;
      const route53 = await internal?.get<Route53Resolver>('route-53');
      const answer = route53?.resolveInVpc ? await route53.resolveInVpc(query, ip, transport, vpcId) : undefined;
      return answer ?? refused(query, transport);
    },
  };
}
