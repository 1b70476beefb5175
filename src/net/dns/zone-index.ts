// The lookup index the DNS server answers from: hosted zones compiled into per-name groups of record sets whose
// records are already in wire form. The Route 53 provider replaces a zone's entry after each committed change batch.
import { canonicalName, negativeTtl, recordData, ANSWERABLE_TYPES, type DnsRecordSet, type DnsZone } from './records.js';
import { policyOf, type Policy } from './routing.js';
import { encodeName, encodeRecordTail, POINTER_TO_QUESTION, type Body } from './wire.js';
import dnsPacket from 'dns-packet';

/** One record set with each of its records encoded up to (not including) the owner name. */
export interface CompiledSet {
  spec: DnsRecordSet;
  tails: Buffer[];
  /** The records with the owner written as a pointer to the question name. */
  ptrForm: Buffer;
}

/** All record sets of one (name, type): one set for simple routing, several for the other policies. */
export interface Group {
  type: number;
  policy: Policy;
  sets: CompiledSet[];
  /** True when an answer can change per query (a policy choice, health, an alias): never memoised. */
  dynamic: boolean;
}

export interface NameNode {
  name: string;
  groups: Map<number, Group>;
  /** Precompiled bodies of static answers, by query type; dropped with the zone entry when a change commits. */
  memo: Map<number, Body>;
}

export interface ZoneEntry {
  id: string;
  name: string;
  order: number;
  privateVpcs: readonly string[];
  nodes: Map<string, NameNode>;
  /** Every name that exists: owners of records and their ancestors down to the apex (empty non-terminals). */
  existing: Set<string>;
  /** Delegation points: names below the apex that hold NS records. */
  cuts: Set<string>;
  /** The apex SOA with the negative-caching TTL, owner written in full, for NXDOMAIN/NODATA authority sections. */
  negativeSoa: Buffer | undefined;
  nxdomain: Body;
  /** Referral bodies by cut name. */
  referrals: Map<string, Body>;
}

export function typeCode(type: string): number {
  return dnsPacket.encode({ questions: [{ name: '.', type: type as 'A' }] }).readUInt16BE(13);
}

const TYPE_CODES = new Map<string, number>();
function codeOf(type: string): number {
  let c = TYPE_CODES.get(type);
  if (c === undefined) TYPE_CODES.set(type, (c = typeCode(type)));
  return c;
}

function compileSet(spec: DnsRecordSet): CompiledSet {
  const tails: Buffer[] = [];
  if (!spec.alias) {
    for (const value of spec.values) {
      try {
        tails.push(encodeRecordTail(spec.type, spec.ttl, recordData(spec.type, value)));
      } catch {
        // The control plane validates values; one it let through that cannot be encoded is left out of answers.
      }
    }
  }
  const ptrForm = Buffer.concat(tails.flatMap((t) => [POINTER_TO_QUESTION, t]));
  return { spec, tails, ptrForm };
}

/** The records of `set` with `owner` written in full (for CNAME-chain targets and authority sections). */
export function fullForm(set: CompiledSet, owner: string): Buffer {
  const name = encodeName(owner);
  return Buffer.concat(set.tails.flatMap((t) => [name, t]));
}

export function compileZone(zone: DnsZone): ZoneEntry {
  const apex = canonicalName(zone.name);
  const nodes = new Map<string, NameNode>();
  const existing = new Set<string>([apex]);
  const cuts = new Set<string>();
  let soa: CompiledSet | undefined;
  for (const spec of zone.records) {
    if (!ANSWERABLE_TYPES.has(spec.type)) continue;
    const name = canonicalName(spec.name);
    if (name !== apex && !name.endsWith('.' + apex) && apex !== '') continue;
    let node = nodes.get(name);
    if (!node) nodes.set(name, (node = { name, groups: new Map(), memo: new Map() }));
    const code = codeOf(spec.type);
    let group = node.groups.get(code);
    const set = compileSet(spec);
    if (!group) node.groups.set(code, (group = { type: code, policy: policyOf(spec), sets: [], dynamic: false }));
    group.sets.push(set);
    group.dynamic ||= group.policy !== 'simple' || spec.healthCheckId !== undefined || spec.alias !== undefined;
    if (spec.type === 'NS' && name !== apex) cuts.add(name);
    if (spec.type === 'SOA' && name === apex) soa = set;
    for (let n = name; n !== apex && n.length > apex.length; n = parentName(n)) existing.add(n);
  }
  let negativeSoa: Buffer | undefined;
  if (soa && soa.spec.values[0]) {
    const ttl = negativeTtl(soa.spec.ttl, soa.spec.values[0]);
    negativeSoa = Buffer.concat([encodeName(apex), encodeRecordTail('SOA', ttl, recordData('SOA', soa.spec.values[0]))]);
  }
  const referrals = new Map<string, Body>();
  for (const cut of cuts) {
    const ns = nodes.get(cut)!.groups.get(codeOf('NS'))!;
    const bytes = Buffer.concat(ns.sets.map((s) => fullForm(s, cut)));
    referrals.set(cut, { rcode: 0, aa: false, an: 0, ns: ns.sets.reduce((n, s) => n + s.tails.length, 0), bytes, located: false });
  }
  const nxdomain: Body = { rcode: 3, aa: true, an: 0, ns: negativeSoa ? 1 : 0, bytes: negativeSoa ?? Buffer.alloc(0), located: false };
  return { id: zone.id, name: apex, order: zone.order, privateVpcs: zone.privateVpcs ?? [], nodes, existing, cuts, negativeSoa, nxdomain, referrals };
}

/** The name one label up ('' above a single label). */
export function parentName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}

/**
 * Every hosted zone kumo answers for. Public zones answer everyone; private zones answer clients placed in one of
 * their VPCs, and win over a public zone of the same name for those clients. Among zones of one name (Route 53
 * allows several) the one created first answers.
 */
export class DnsIndex {
  private readonly byId = new Map<string, ZoneEntry>();
  private publicZones = new Map<string, ZoneEntry>();
  private privateZones = new Map<string, Map<string, ZoneEntry>>();
  /** Incremented on each change; GetChange reports INSYNC once the server answers from a version at least this. */
  version = 0;

  get hasPrivateZones(): boolean {
    return this.privateZones.size > 0;
  }

  /** Compiles `zone` and puts it in place of its previous version (same id). */
  setZone(zone: DnsZone): void {
    this.byId.set(zone.id, compileZone(zone));
    this.rebuildNames();
  }

  removeZone(id: string): void {
    if (this.byId.delete(id)) this.rebuildNames();
  }

  replaceAll(zones: readonly DnsZone[]): void {
    this.byId.clear();
    for (const z of zones) this.byId.set(z.id, compileZone(z));
    this.rebuildNames();
  }

  zoneCount(): number {
    return this.byId.size;
  }

  private rebuildNames(): void {
    const pub = new Map<string, ZoneEntry>();
    const priv = new Map<string, Map<string, ZoneEntry>>();
    const put = (m: Map<string, ZoneEntry>, z: ZoneEntry) => {
      const cur = m.get(z.name);
      if (!cur || z.order < cur.order) m.set(z.name, z);
    };
    for (const z of this.byId.values()) {
      if (z.privateVpcs.length === 0) put(pub, z);
      for (const vpc of z.privateVpcs) {
        let m = priv.get(vpc);
        if (!m) priv.set(vpc, (m = new Map()));
        put(m, z);
      }
    }
    this.publicZones = pub;
    this.privateZones = priv;
    this.version++;
  }

  /** The most specific zone containing `name` for a client in `vpc` (private zones first at each level). */
  findZone(name: string, vpc: string | undefined): ZoneEntry | undefined {
    const priv = vpc === undefined ? undefined : this.privateZones.get(vpc);
    let n = name;
    for (;;) {
      const z = priv?.get(n) ?? this.publicZones.get(n);
      if (z) return z;
      if (n === '') return undefined;
      n = parentName(n);
    }
  }
}
