// What the DNS engine reads: hosted zones and their record sets as the Route 53 control plane hands them over, and
// the conversion of Route 53's value strings ("10 mail.example.com", "\"v=spf1\"") into dns-packet record data.
import { encodeSvcb, parseSvcb } from './svcb.js';

/** Record data in the shape dns-packet's encoders take for the record's type. */
export type RecordData = unknown;

/** Routing fields of one record set; a set with none of them is a simple record. */
export interface DnsRecordSet {
  /** Owner name, any case, with or without the trailing dot; `*` as the leftmost label makes it a wildcard. */
  name: string;
  type: string;
  ttl: number;
  /** Route 53's value strings (ResourceRecords[].Value); empty for an alias. */
  values: readonly string[];
  setIdentifier?: string;
  weight?: number;
  failover?: 'PRIMARY' | 'SECONDARY';
  /** Latency records: the AWS region of the resource. */
  region?: string;
  /** Geolocation records; `country: '*'` is the default record. */
  geo?: { continent?: string; country?: string; subdivision?: string };
  multiValueAnswer?: boolean;
  /** IP-based records: a location of a CIDR collection; `location: '*'` is the default record. */
  cidr?: { collection: string; location: string };
  /** Geoproximity records: where the resource is, and its bias (-99..99). */
  proximity?: { lat: number; lon: number; bias: number };
  healthCheckId?: string;
  /** Alias to another record set in the same hosted zone (same type). */
  alias?: { name: string; evaluateTargetHealth: boolean };
}

export interface DnsZone {
  /** Hosted zone id; ties between zones of the same name go to the lowest `order`. */
  id: string;
  name: string;
  order: number;
  /** Private zones answer only clients placed in one of these VPCs (see locator.ts). */
  privateVpcs?: readonly string[];
  records: readonly DnsRecordSet[];
}

/** Lower-case, no trailing dot; the root is ''. */
export function canonicalName(name: string): string {
  let n = name.toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  // Route 53 stores '*' as \052 in names it returns; both mean the wildcard label.
  return n.replace(/\\052/g, '*');
}

/** Types answered from record data: every type Route 53 accepts (its RRType list). */
export const ANSWERABLE_TYPES = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT']);

/** Splits a value into whitespace-separated fields, keeping "quoted strings" (with \" \\ and \ddd escapes) whole. */
export function splitFields(value: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) {
          const digits = /^\d{3}/.exec(value.slice(i + 1, i + 4));
          if (digits) {
            text += String.fromCharCode(Number(digits[0]));
            i += 4;
          } else {
            text += value[i + 1];
            i += 2;
          }
        } else text += value[i++];
      }
      i++;
      out.push({ text, quoted: true });
    } else {
      let j = i;
      while (j < value.length && value[j] !== ' ' && value[j] !== '\t') j++;
      out.push({ text: value.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

function fqdn(name: string): string {
  const n = canonicalName(name);
  return n === '' ? '.' : n;
}

function int(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 0) throw new Error(`bad ${what}: ${String(text)}`);
  return n;
}

/** Converts one Route 53 value string into the rdata dns-packet encodes for `type`. Throws on malformed values. */
export function recordData(type: string, value: string): RecordData {
  const f = splitFields(value);
  const t = (i: number) => f[i]?.text;
  switch (type) {
    case 'A':
    case 'AAAA':
      return value.trim();
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return fqdn(value.trim());
    case 'MX':
      return { preference: int(t(0), 'MX preference'), exchange: fqdn(t(1) ?? '') };
    case 'TXT':
    case 'SPF':
      return f.map((x) => Buffer.from(x.text, 'latin1'));
    case 'SRV':
      return { priority: int(t(0), 'SRV priority'), weight: int(t(1), 'SRV weight'), port: int(t(2), 'SRV port'), target: fqdn(t(3) ?? '') };
    case 'CAA':
      return { flags: int(t(0), 'CAA flags'), tag: t(1) ?? '', value: t(2) ?? '' };
    case 'NAPTR':
      return { order: int(t(0), 'NAPTR order'), preference: int(t(1), 'NAPTR preference'), flags: t(2) ?? '', services: t(3) ?? '', regexp: t(4) ?? '', replacement: fqdn(t(5) ?? '') };
    case 'SOA':
      return {
        mname: fqdn(t(0) ?? ''),
        rname: fqdn(t(1) ?? ''),
        serial: int(t(2), 'SOA serial'),
        refresh: int(t(3), 'SOA refresh'),
        retry: int(t(4), 'SOA retry'),
        expire: int(t(5), 'SOA expire'),
        minimum: int(t(6), 'SOA minimum'),
      };
    case 'DS':
      return { keyTag: int(t(0), 'DS key tag'), algorithm: int(t(1), 'DS algorithm'), digestType: int(t(2), 'DS digest type'), digest: Buffer.from(t(3) ?? '', 'hex') };
    case 'SSHFP':
      return { algorithm: int(t(0), 'SSHFP algorithm'), hash: int(t(1), 'SSHFP type'), fingerprint: t(2) ?? '' };
    case 'TLSA':
      return { usage: int(t(0), 'TLSA usage'), selector: int(t(1), 'TLSA selector'), matchingType: int(t(2), 'TLSA matching type'), certificate: Buffer.from(t(3) ?? '', 'hex') };
    case 'SVCB':
    case 'HTTPS':
      // RDATA bytes: dns-packet has no SVCB codec, so svcb.ts writes it and dns-packet carries it as an unknown type.
      return encodeSvcb(parseSvcb(value));
    default:
      throw new Error(`record type ${type} is not answered`);
  }
}

/** The negative-caching TTL RFC 2308 §5 prescribes: the lesser of the SOA's own TTL and its MINIMUM field. */
export function negativeTtl(soaTtl: number, soaValue: string): number {
  const minimum = Number(splitFields(soaValue)[6]?.text);
  return Number.isFinite(minimum) ? Math.min(soaTtl, minimum) : soaTtl;
}
