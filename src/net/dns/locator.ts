// Places a DNS client on the map: source address (or EDNS Client Subnet address) → region, country, continent,
// subdivision and VPC, from a configurable table. Latency, geolocation and private-zone answers read this.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { continentOf, REGIONS } from './geography.js';

export interface ClientLocation {
  /** The AWS region latency routing treats as nearest to the client. */
  region: string;
  country: string;
  continent: string;
  subdivision?: string;
  /** A VPC the client sits in: private hosted zones associated with it answer this client. */
  vpc?: string;
}

interface Rule {
  prefix: number;
  list: BlockList;
  location: ClientLocation;
}

/** Loopback clients (and any address no rule matches) sit in us-east-1, United States, unless configured otherwise. */
export const DEFAULT_LOCATION: ClientLocation = { region: 'us-east-1', country: 'US', continent: 'NA' };

/**
 * Parses the `KUMO_DNS_CLIENT_LOCATIONS` syntax: rules separated by `;`, each `CIDR=key:value,key:value` with keys
 * region, country, continent, subdivision, vpc. A region alone implies its country and continent; a country alone
 * keeps the default region. Example: `127.0.0.2/32=region:eu-west-1;127.0.0.3=country:JP;127.0.1.0/24=vpc:vpc-1`.
 */
export function parseLocationRules(spec: string): { cidr: string; location: ClientLocation }[] {
  const out: { cidr: string; location: ClientLocation }[] = [];
  for (const part of spec.split(';')) {
    const rule = part.trim();
    if (rule === '') continue;
    const eq = rule.indexOf('=');
    if (eq < 0) throw new Error(`client location rule "${rule}" has no '='`);
    const cidr = rule.slice(0, eq).trim();
    const fields: Record<string, string> = {};
    for (const kv of rule.slice(eq + 1).split(',')) {
      const [k, v] = kv.split(':').map((s) => s.trim());
      if (!k || !v || !['region', 'country', 'continent', 'subdivision', 'vpc'].includes(k)) throw new Error(`client location rule "${rule}": bad field "${kv}"`);
      fields[k] = v;
    }
    const region = fields['region'] ?? DEFAULT_LOCATION.region;
    const country = (fields['country'] ?? REGIONS[region]?.country ?? DEFAULT_LOCATION.country).toUpperCase();
    const continent = (fields['continent'] ?? continentOf(country) ?? DEFAULT_LOCATION.continent).toUpperCase();
    const location: ClientLocation = { region, country, continent };
    if (fields['subdivision']) location.subdivision = fields['subdivision'].toUpperCase();
    if (fields['vpc']) location.vpc = fields['vpc'];
    parseCidr(cidr);
    out.push({ cidr, location });
  }
  return out;
}

function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', bits] = cidr.split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) throw new Error(`"${cidr}" is not an IP address or CIDR block`);
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${cidr}" has a bad prefix length`);
  return { address, prefix, family };
}

export class ClientLocator {
  private readonly rules: Rule[];

  constructor(rules: readonly { cidr: string; location: ClientLocation }[] = [], private readonly fallback: ClientLocation = DEFAULT_LOCATION) {
    this.rules = rules
      .map(({ cidr, location }) => {
        const { address, prefix, family } = parseCidr(cidr);
        const list = new BlockList();
        list.addSubnet(address, prefix, family);
        return { prefix, list, location };
      })
      .sort((a, b) => b.prefix - a.prefix);
  }

  static fromSpec(spec: string | undefined): ClientLocator {
    return new ClientLocator(spec ? parseLocationRules(spec) : []);
  }

  /** The most specific rule containing `address`, else the default (loopback: us-east-1 / US / NA). */
  locate(address: string): ClientLocation {
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (family) for (const rule of this.rules) if (rule.list.check(address, family)) return rule.location;
    return this.fallback;
  }
}
