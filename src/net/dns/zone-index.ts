// The lookup index the DNS server answers from: hosted zones compiled into per-name groups of record sets whose
// records are already in wire form. The Route 53 provider replaces a zone's entry after each committed change batch.
import { canonicalName, negativeTtl, recordData, ANSWERABLE_TYPES, type DnsRecordSet, type DnsZone } from './records.js';
import { policyOf, type Policy } from './routing.js';
import { encodeName, encodeRecordTail, POINTER_TO_QUESTION, RDATA_TYPES, type Body } from './wire.js';
import dnsPacket from 'dns-packet';

/** One record set with each of its records encoded up to (not including) the owner name. */
export interface CompiledSet {
  readonly spec: DnsRecordSet;
  readonly tails: Buffer[];
  /** The records with the owner written as a pointer to the question name. */
  readonly ptrForm: Buffer;
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
}

export interface ZoneEntry {
  id: string;
  name: string;
  order: number;
  privateVpcs: readonly string[];
  nodes: Map<string, NameNode>;
  /** Every name that exists, with a count of record sets at or below it (ancestors are empty non-terminals). */
  existing: Map<string, number>;
  /** Delegation points: names below the apex that hold NS records. */
  cuts: Set<string>;
  /** The apex SOA with the negative-caching TTL, owner written in full, for NXDOMAIN/NODATA authority sections. */
  negativeSoa: Buffer | undefined;
  nxdomain: Body;
  /** Referral bodies by cut name. */
  referrals: Map<string, Body>;
  /** Bumped on every change. */
  generation: number;
}

export function typeCode(type: string): number {
  return dnsPacket.encode({ questions: [{ name: '.', type: (RDATA_TYPES[type] ?? type) as 'A' }] }).readUInt16BE(13);
}

const TYPE_CODES = new Map<string, number>();
function codeOf(type: string): number {
  let c = TYPE_CODES.get(type);
  if (c === undefined) TYPE_CODES.set(type, (c = typeCode(type)));
  return c;
}

/**
 * A record set whose wire form is built on first use: compiling a 100,000-record zone eagerly would cost seconds
 * per change batch, while a query needs only the sets of the name it asks for.
 */
class LazySet implements CompiledSet {
  private compiled: { tails: Buffer[]; ptrForm: Buffer } | undefined;

  constructor(readonly spec: DnsRecordSet) {}

  private compile(): { tails: Buffer[]; ptrForm: Buffer } {
    if (this.compiled) return this.compiled;
    const tails: Buffer[] = [];
    if (!this.spec.alias) {
      for (const value of this.spec.values) {
        try {
          tails.push(encodeRecordTail(this.spec.type, this.spec.ttl, recordData(this.spec.type, value)));
        } catch {
          // The control plane validates values; one it let through that cannot be encoded is left out of answers.
        }
      }
    }
    return (this.compiled = { tails, ptrForm: Buffer.concat(tails.flatMap((t) => [POINTER_TO_QUESTION, t])) });
  }

  get tails(): Buffer[] {
    return this.compile().tails;
  }

  get ptrForm(): Buffer {
    return this.compile().ptrForm;
  }
}

/** A record set outside any hosted zone (a service's name), compiled on first use like a zone's. */
export function compiledSet(spec: DnsRecordSet): CompiledSet {
  return new LazySet(spec);
}

/** The records of `set` with `owner` written in full (for CNAME-chain targets and authority sections). */
export function fullForm(set: CompiledSet, owner: string): Buffer {
  const name = encodeName(owner);
  return Buffer.concat(set.tails.flatMap((t) => [name, t]));
}

/** Identity of a record set inside its zone: name, type and set identifier. */
function setKey(spec: DnsRecordSet): string {
  return `${canonicalName(spec.name)}|${spec.type}|${spec.setIdentifier ?? ''}`;
}

/** Adds one record set to a zone entry (its derived parts are refreshed by `refreshDerived`). */
function addSet(z: ZoneEntry, spec: DnsRecordSet): void {
  if (!ANSWERABLE_TYPES.has(spec.type)) return;
  const name = canonicalName(spec.name);
  const apex = z.name;
  if (name !== apex && !name.endsWith('.' + apex) && apex !== '') return;
  let node = z.nodes.get(name);
  if (!node) z.nodes.set(name, (node = { name, groups: new Map() }));
  const code = codeOf(spec.type);
  let group = node.groups.get(code);
  if (!group) node.groups.set(code, (group = { type: code, policy: policyOf(spec), sets: [], dynamic: false }));
  group.sets.push(new LazySet(spec));
  group.dynamic ||= group.policy !== 'simple' || spec.healthCheckId !== undefined || spec.alias !== undefined;
  if (spec.type === 'NS' && name !== apex) z.cuts.add(name);
  for (let n = name; n !== apex && n.length > apex.length; n = parentName(n)) z.existing.set(n, (z.existing.get(n) ?? 0) + 1);
}

function removeSet(z: ZoneEntry, spec: DnsRecordSet): void {
  const name = canonicalName(spec.name);
  const node = z.nodes.get(name);
  const code = codeOf(spec.type);
  const group = node?.groups.get(code);
  if (!node || !group) return;
  const key = setKey(spec);
  const i = group.sets.findIndex((s) => setKey(s.spec) === key);
  if (i < 0) return;
  group.sets.splice(i, 1);
  if (group.sets.length === 0) node.groups.delete(code);
  else group.dynamic = group.policy !== 'simple' || group.sets.some((s) => s.spec.healthCheckId !== undefined || s.spec.alias !== undefined);
  if (node.groups.size === 0) z.nodes.delete(name);
  if (spec.type === 'NS' && !node.groups.has(code)) z.cuts.delete(name);
  for (let n = name; n !== z.name && n.length > z.name.length; n = parentName(n)) {
    const c = (z.existing.get(n) ?? 1) - 1;
    if (c <= 0) z.existing.delete(n);
    else z.existing.set(n, c);
  }
}

/** Recomputes what depends on the whole zone (negative SOA, referrals); the engine's answer tables start over on the
 *  index's next version. */
function refreshDerived(z: ZoneEntry): void {
  const soa = z.nodes.get(z.name)?.groups.get(codeOf('SOA'))?.sets[0];
  z.negativeSoa = undefined;
  if (soa && soa.spec.values[0]) {
    const ttl = negativeTtl(soa.spec.ttl, soa.spec.values[0]);
    z.negativeSoa = Buffer.concat([encodeName(z.name), encodeRecordTail('SOA', ttl, recordData('SOA', soa.spec.values[0]))]);
  }
  z.referrals.clear();
  for (const cut of z.cuts) {
    const ns = z.nodes.get(cut)!.groups.get(codeOf('NS'))!;
    const bytes = Buffer.concat(ns.sets.map((s) => fullForm(s, cut)));
    z.referrals.set(cut, { rcode: 0, aa: false, an: 0, ns: ns.sets.reduce((n, s) => n + s.tails.length, 0), bytes, located: false });
  }
  z.nxdomain = { rcode: 3, aa: true, an: 0, ns: z.negativeSoa ? 1 : 0, bytes: z.negativeSoa ?? Buffer.alloc(0), located: false };
  z.generation++;
}

export function compileZone(zone: DnsZone): ZoneEntry {
  const apex = canonicalName(zone.name);
  const z: ZoneEntry = {
    id: zone.id,
    name: apex,
    order: zone.order,
    privateVpcs: zone.privateVpcs ?? [],
    nodes: new Map(),
    existing: new Map([[apex, 1]]),
    cuts: new Set(),
    negativeSoa: undefined,
    nxdomain: { rcode: 3, aa: true, an: 0, ns: 0, bytes: Buffer.alloc(0), located: false },
    referrals: new Map(),
    generation: 0,
  };
  for (const spec of zone.records) addSet(z, spec);
  refreshDerived(z);
  return z;
}

/** Applies a change batch's difference to a compiled zone in place: cost follows the change, not the zone. */
export function patchZone(z: ZoneEntry, removed: readonly DnsRecordSet[], added: readonly DnsRecordSet[]): void {
  for (const spec of removed) removeSet(z, spec);
  for (const spec of added) addSet(z, spec);
  refreshDerived(z);
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

  /** Applies one committed change batch to a zone already in the index. */
  patchZone(id: string, removed: readonly DnsRecordSet[], added: readonly DnsRecordSet[]): void {
    const z = this.byId.get(id);
    if (!z) throw new Error(`zone ${id} is not in the DNS index`);
    patchZone(z, removed, added);
    this.version++;
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
