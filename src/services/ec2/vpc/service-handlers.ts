// Who answers inside a VPC namespace: the instance behind a source address (its IMDS on its loopback address, with
// its hop limit) and the VPC's Amazon resolver (off with enableDnsSupport false; EC2 names, then Route 53's private
// zones associated with the VPC, then REFUSED where kumo runs no DNS server). Reads the store at each call.
import type { InternalServices } from '../../service-definition.js';
import type { Ec2Context } from '../context.js';
import type { InstanceRecord, NetworkInterfaceRecord, VpcRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import type { InstanceRunner } from '../runner/instance-runner.js';
import type { InstanceServiceHandlers } from './instance-services.js';
import { ec2NameAnswer, refused } from './vpc-dns.js';

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
  const addressesOf = (e: NetworkInterfaceRecord) => [e.PrivateIpAddress, ...(e.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress)];
  return {
    imds(vpcId, ip) {
      const scope = scopeOf(vpcId);
      if (!scope) return undefined;
      const instanceId = interfaces(scope, vpcId).find((e) => addressesOf(e).includes(ip))?.Attachment?.InstanceId;
      const endpoint = instanceId ? runner.metadataAddress(instanceId) : undefined;
      if (!instanceId || !endpoint) return undefined;
      const i = ec2.store.get<InstanceRecord>(scope, 'instance', instanceId);
      return { ...endpoint, hopLimit: i?.MetadataOptions?.HttpPutResponseHopLimit ?? 1 };
    },
    async dns(vpcId, ip, query, transport) {
      const scope = scopeOf(vpcId);
      const vpc = scope && ec2.store.get<VpcRecord>(scope, 'vpc', vpcId);
      // enableDnsSupport false: "the Amazon provided DNS server" is off for the VPC; queries go unanswered.
      if (!scope || !vpc || vpc._dnsSupport === false) return undefined;
      const known = new Set(interfaces(scope, vpcId).flatMap(addressesOf));
      // Only the VPC's own interfaces ask its resolver (a peer or the internet cannot reach base + 2 in AWS).
      if (!known.has(ip)) return undefined;
      const own = ec2NameAnswer(query, scope.region, (a) => known.has(a), transport);
      if (own) return own;
      const route53 = await internal?.get<Route53Resolver>('route-53');
      const answer = route53?.resolveInVpc ? await route53.resolveInVpc(query, ip, transport, vpcId) : undefined;
      return answer ?? refused(query, transport);
    },
  };
}
