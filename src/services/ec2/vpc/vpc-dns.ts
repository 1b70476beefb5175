// The EC2 part of a VPC's Amazon resolver (base + 2, 169.254.169.253): the IP-based private DNS names of the VPC's
// interfaces (ip-10-0-1-15.ec2.internal in us-east-1, ip-10-0-1-15.<region>.compute.internal elsewhere; EC2 User
// Guide, "Amazon EC2 instance hostname types") and their reverse (PTR) names, and public ec2-… hostnames (resolved by
// the caller's rule: private inside the VPC and across a peering that allows it). Everything else goes to Route 53. Pure.
import { assemble, encodeRecordTail, parseQuery, POINTER_TO_QUESTION, RCODE, TYPE_ANY, EDNS_UDP_SIZE, type Body, type Query } from '../../../net/dns/wire.js';

const TYPE_A = 1;
const TYPE_PTR = 12;
/** TTL of the resolver's EC2 names (kumo's choice; the names do not change while the address is assigned). */
const TTL = 60;

export const ec2Domain = (region: string): string => (region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`);
export const ipName = (ip: string, region: string): string => `ip-${ip.replaceAll('.', '-')}.${ec2Domain(region)}`;

function limitOf(q: Query, transport: 'udp' | 'tcp'): number {
  return transport === 'tcp' ? 65535 : Math.min(EDNS_UDP_SIZE, q.udpSize > 0 ? q.udpSize : 512);
}

function body(rcode: number, records: Buffer[]): Body {
  return { rcode, aa: false, an: records.length, ns: 0, bytes: Buffer.concat(records), located: false };
}

/**
 * The answer when `query` asks an EC2 name (forward or reverse) of this region, else undefined (Route 53's turn).
 * `known(ip)`: the address belongs to an interface in this VPC; other addresses' names are NXDOMAIN.
 */
export function ec2NameAnswer(query: Buffer, region: string, known: (ip: string) => boolean, transport: 'udp' | 'tcp'): Buffer | undefined {
  const q = parseQuery(query);
  if (!q || !q.ok) return undefined;
  const domain = ec2Domain(region);
  let m = q.name.endsWith(`.${domain}`) ? /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(q.name.slice(0, -domain.length - 1)) : null;
  if (m) {
    const ip = m.slice(1, 5).join('.');
    if (!known(ip)) return assemble(query, q, body(RCODE.NXDOMAIN, []), limitOf(q, transport));
    const records = q.qtype === TYPE_A || q.qtype === TYPE_ANY ? [Buffer.concat([POINTER_TO_QUESTION, encodeRecordTail('A', TTL, ip)])] : [];
    return assemble(query, q, body(RCODE.NOERROR, records), limitOf(q, transport));
  }
  m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/.exec(q.name);
  if (m) {
    const ip = [m[4], m[3], m[2], m[1]].join('.');
    if (!known(ip)) return undefined;
    const records = q.qtype === TYPE_PTR || q.qtype === TYPE_ANY ? [Buffer.concat([POINTER_TO_QUESTION, encodeRecordTail('PTR', TTL, ipName(ip, region))])] : [];
    return assemble(query, q, body(RCODE.NOERROR, records), limitOf(q, transport));
  }
  return undefined;
}

/**
 * The public IPv4 DNS hostname of an address: ec2-203-0-113-25.compute-1.amazonaws.com in us-east-1,
 * ec2-203-0-113-25.<region>.compute.amazonaws.com elsewhere (EC2 User Guide, "Amazon EC2 instance hostname types").
 * kumo's DescribeInstances writes the compute-1 form in every Region, so both forms are read.
 */
export function publicNameIp(name: string, region: string): string | undefined {
  const m = /^ec2-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.(.+)$/.exec(name);
  if (!m || (m[5] !== 'compute-1.amazonaws.com' && m[5] !== `${region}.compute.amazonaws.com`)) return undefined;
  return m.slice(1, 5).join('.');
}

/**
 * The answer when `query` asks a public IPv4 DNS hostname kumo knows, else undefined (Route 53's turn).
 * `resolve(publicIp)`: the address it resolves to for this asker (the private IP from inside the instance's own VPC,
 * or from a peer VPC the peering's DNS option allows; else the public IP), undefined for an address no interface has.
 */
export function publicNameAnswer(query: Buffer, region: string, resolve: (publicIp: string) => string | undefined, transport: 'udp' | 'tcp'): Buffer | undefined {
  const q = parseQuery(query);
  if (!q || !q.ok) return undefined;
  const publicIp = publicNameIp(q.name, region);
  const ip = publicIp === undefined ? undefined : resolve(publicIp);
  if (ip === undefined) return undefined;
  const records = q.qtype === TYPE_A || q.qtype === TYPE_ANY ? [Buffer.concat([POINTER_TO_QUESTION, encodeRecordTail('A', TTL, ip)])] : [];
  return assemble(query, q, body(RCODE.NOERROR, records), limitOf(q, transport));
}

/** REFUSED, for a name no one in kumo answers (no Route 53 DNS server running). */
export function refused(query: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
  const q = parseQuery(query);
  if (!q) return undefined;
  if (!q.ok) return undefined;
  return assemble(query, q, body(RCODE.REFUSED, []), limitOf(q, transport));
}
