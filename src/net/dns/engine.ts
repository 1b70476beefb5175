// Answers one DNS query from the zone index: finds the zone, walks delegations, names, wildcards and CNAME chains,
// applies the routing policy and health, and assembles the reply from precompiled bytes (static answers kept in a
// flat table keyed by the question's wire bytes, answer-table.ts).
import { canonicalName } from './records.js';
import { ClientLocator, type ClientLocation } from './locator.js';
import { chooseCidr, chooseFailover, chooseGeolocation, chooseGeoproximity, chooseLatency, chooseMultivalue, chooseWeighted, type Random } from './routing.js';
import { CidrTable } from './cidr-table.js';
import { ServiceTable, type ServiceEntry } from './service-table.js';
import { REGIONS } from './geography.js';
import { fullForm, parentName, type CompiledSet, type DnsIndex, type Group, type NameNode, type ZoneEntry } from './zone-index.js';
import { AnswerTable } from './answer-table.js';
import { assemble, errorResponse, queryOf, question, readQuestion, CLASS_IN, EDNS_UDP_SIZE, RCODE, TYPE_ANY, TYPE_CNAME, TYPE_DS, type Body, type Query } from './wire.js';

/** Health check status as the checker last saw it; ids it does not know are healthy. */
export interface HealthView {
  isHealthy(healthCheckId: string): boolean;
}

export const ALL_HEALTHY: HealthView = { isHealthy: () => true };

export interface EngineOptions {
  health?: HealthView;
  locator?: ClientLocator;
  /** CIDR collections for IP-based records. */
  cidr?: CidrTable;
  /** Names other services answer (load balancers, CloudFront distributions), and alias targets outside zones. */
  services?: ServiceTable;
  /** An upstream resolver exists: names outside every zone are forwarded instead of REFUSED. */
  forwardOutside?: boolean;
  random?: Random;
}

/** respond()'s word for "send this query to the upstream resolver". */
export const FORWARD: unique symbol = Symbol('forward');

/** Longest CNAME chain followed inside a zone (loops end here too). */
const MAX_CHAIN = 8;

const REFUSED: Body = { rcode: RCODE.REFUSED, aa: false, an: 0, ns: 0, bytes: Buffer.alloc(0), located: false };

/** Collects the answer of one query while the resolution walks names. */
class Answer {
  parts: Buffer[] = [];
  an = 0;
  ns: Buffer | undefined;
  nsCount = 0;
  rcode: number = RCODE.NOERROR;
  aa = true;
  dynamic = false;
  located = false;
  private location: ClientLocation | undefined;

  constructor(
    readonly address: string,
    readonly query: Query,
    private readonly locator: ClientLocator,
  ) {}

  locate(): ClientLocation {
    this.located = true;
    return (this.location ??= this.locator.locate(this.query.clientSubnet?.address ?? this.address));
  }

  body(): Body {
    const bytes = this.ns ? Buffer.concat([...this.parts, this.ns]) : this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    return { rcode: this.rcode, aa: this.aa, an: this.an, ns: this.nsCount, bytes, located: this.located };
  }
}

export class DnsEngine {
  private readonly health: HealthView;
  private readonly locator: ClientLocator;
  private readonly cidr: CidrTable;
  private readonly random: Random;
  private readonly forwardOutside: boolean;
  private readonly services: ServiceTable;
  private readonly publicTable = new AnswerTable();
  private readonly vpcTables = new Map<string, AnswerTable>();
  private tableVersion = -1;
  private servicesVersion = -1;
  /** Set by resolve(): the answer it returned is static and may be kept in the answer table. */
  private cacheable = false;

  constructor(
    private readonly index: DnsIndex,
    options: EngineOptions = {},
  ) {
    this.health = options.health ?? ALL_HEALTHY;
    this.locator = options.locator ?? new ClientLocator();
    this.cidr = options.cidr ?? new CidrTable();
    this.forwardOutside = options.forwardOutside ?? false;
    this.random = options.random ?? Math.random;
    this.services = options.services ?? new ServiceTable();
  }

  /**
   * The reply to `message` from `address`, or undefined when it must be dropped (not a query). Over UDP it fits the
   * client's limit (512 bytes without EDNS0, else its payload size up to ours) or is truncated; over TCP up to 64 KiB.
   */
  answer(message: Buffer, address: string, transport: 'udp' | 'tcp'): Buffer | undefined {
    const r = this.respond(message, address, transport);
    return r === FORWARD ? undefined : r;
  }

  /**
   * As answer(), or FORWARD when the name is outside every zone this client may see and an upstream exists. `inVpc`:
   * the client is inside that VPC (a query to a VPC's Amazon resolver), whatever its address says.
   */
  respond(message: Buffer, address: string, transport: 'udp' | 'tcp', inVpc?: string): Buffer | typeof FORWARD | undefined {
    const status = readQuestion(message);
    if (status < 0) return undefined;
    const head = question;
    if (status > 0) return errorResponse(head.id, head.flags, status);
    const limit = transport === 'tcp' ? 65535 : Math.min(EDNS_UDP_SIZE, head.udpSize > 0 ? head.udpSize : 512);
    if (head.qclass !== CLASS_IN && head.qclass !== TYPE_ANY) return assemble(message, head, REFUSED, limit);
    // Which zones a client sees depends on its VPC; each view keeps its own table of static answers.
    const vpc = inVpc ?? (this.index.hasPrivateZones ? this.locator.locate(head.clientSubnet?.address ?? address).vpc : undefined);
    const table = this.tableFor(vpc);
    const hit = table.find(head);
    if (hit >= 0) return table.reply(message, head, hit, limit);
    const q = queryOf(head);
    if (this.services.size > 0) {
      const service = this.services.get(q.name);
      if (service) return assemble(message, q, serviceAnswer(service, q.qtype), limit);
    }
    const zone = this.index.findZone(q.name, vpc);
    if (!zone) return this.forwardOutside ? FORWARD : assemble(message, q, REFUSED, limit);
    this.cacheable = false;
    const body = this.resolve(zone, q, address);
    // `question` still holds this query: resolution reads no other message.
    if (this.cacheable) table.insert(head, body);
    return assemble(message, q, body, limit);
  }

  /**
   * The answer table of a view (undefined: the public one); every table starts over when the zone index or the
   * service names change (each change batch bumps the index's version), so no answer outlives the records it came from.
   */
  private tableFor(vpc: string | undefined): AnswerTable {
    if (this.tableVersion !== this.index.version || this.servicesVersion !== this.services.version) {
      this.tableVersion = this.index.version;
      this.servicesVersion = this.services.version;
      this.publicTable.clear();
      this.vpcTables.clear();
    }
    if (vpc === undefined) return this.publicTable;
    let t = this.vpcTables.get(vpc);
    if (!t) this.vpcTables.set(vpc, (t = new AnswerTable()));
    return t;
  }

  private resolve(zone: ZoneEntry, q: Query, address: string): Body {
    const cut = findCut(zone, q.name);
    if (cut !== undefined && !(cut === q.name && q.qtype === TYPE_DS)) return zone.referrals.get(cut)!;
    let node = zone.nodes.get(q.name);
    if (!node && !zone.existing.has(q.name)) node = wildcardFor(zone, q.name);
    if (!node) return zone.existing.has(q.name) ? this.noData(zone, new Answer(address, q, this.locator)) : zone.nxdomain;
    const acc = new Answer(address, q, this.locator);
    this.answerNode(zone, node, q.qtype, undefined, acc, 0);
    // Only names that exist are kept: a wildcard's answers would grow the table by every name a client makes up.
    this.cacheable = !acc.dynamic && node.name === q.name;
    return acc.body();
  }

  private noData(zone: ZoneEntry, acc: Answer): Body {
    acc.ns = zone.negativeSoa;
    acc.nsCount = zone.negativeSoa ? 1 : 0;
    return acc.body();
  }

  /** Resolves a name met along a CNAME chain; its records carry their owner in full. */
  private resolveName(zone: ZoneEntry, name: string, qtype: number, acc: Answer, depth: number): void {
    let node = zone.nodes.get(name);
    if (!node && !zone.existing.has(name)) node = wildcardFor(zone, name);
    if (node) return this.answerNode(zone, node, qtype, name, acc, depth);
    // RFC 6604: the RCODE of a chain is the one of its last name.
    if (!zone.existing.has(name)) acc.rcode = RCODE.NXDOMAIN;
    this.setNegative(zone, acc);
  }

  private setNegative(zone: ZoneEntry, acc: Answer): void {
    acc.ns = zone.negativeSoa;
    acc.nsCount = zone.negativeSoa ? 1 : 0;
  }

  private answerNode(zone: ZoneEntry, node: NameNode, qtype: number, owner: string | undefined, acc: Answer, depth: number): void {
    if (qtype === TYPE_ANY) {
      // Route 53 answers ANY with the record sets at the name, each group chosen by its routing policy.
      for (const group of node.groups.values()) this.emitGroup(zone, group, owner, acc, depth);
      if (acc.an === 0) this.setNegative(zone, acc);
      return;
    }
    const group = node.groups.get(qtype);
    if (group) {
      const before = acc.an;
      this.emitGroup(zone, group, owner, acc, depth);
      if (acc.an === before) this.setNegative(zone, acc);
      return;
    }
    const cname = node.groups.get(TYPE_CNAME);
    if (cname && qtype !== TYPE_CNAME) {
      const chosen = this.emitGroup(zone, cname, owner, acc, depth);
      const value = chosen?.spec.values[0];
      if (value === undefined) return;
      const target = canonicalName(value);
      if (depth + 1 < MAX_CHAIN && (target === zone.name || target.endsWith('.' + zone.name)) && findCut(zone, target) === undefined) {
        this.resolveName(zone, target, qtype, acc, depth + 1);
      }
      return;
    }
    this.setNegative(zone, acc);
  }

  /** Chooses from a group by its routing policy and health, appends the records; returns the last set chosen. */
  private emitGroup(zone: ZoneEntry, group: Group, owner: string | undefined, acc: Answer, depth: number): CompiledSet | undefined {
    const chosen = this.choose(zone, group, acc, depth);
    let last: CompiledSet | undefined;
    for (const set of chosen) {
      last = set;
      if (set.spec.alias) {
        const target = this.aliasTarget(zone, set, group.type);
        if (target && depth + 1 < MAX_CHAIN) {
          acc.dynamic = true;
          this.emitGroup(zone, target, owner, acc, depth + 1);
        }
        continue;
      }
      acc.parts.push(owner === undefined ? set.ptrForm : fullForm(set, owner));
      acc.an += set.tails.length;
    }
    return last;
  }

  /** An alias's target group: a record set of the same zone, or a service's name (a load balancer, CloudFront). */
  private aliasTarget(zone: ZoneEntry, set: CompiledSet, type: number): Group | undefined {
    const name = canonicalName(set.spec.alias!.name);
    if (inZone(name, zone)) return zone.nodes.get(name)?.groups.get(type);
    return this.services.get(name)?.groups.get(type);
  }

  private healthy(zone: ZoneEntry, set: CompiledSet, type: number, depth: number): boolean {
    const id = set.spec.healthCheckId;
    if (id !== undefined && !this.health.isHealthy(id)) return false;
    if (set.spec.alias?.evaluateTargetHealth) {
      const name = canonicalName(set.spec.alias.name);
      // A service's health is its own (a load balancer's target groups), whatever the record type.
      if (!inZone(name, zone)) return this.services.get(name)?.healthy ?? false;
      const target = this.aliasTarget(zone, set, type);
      if (!target || depth + 1 >= MAX_CHAIN) return false;
      return target.sets.some((s) => this.healthy(zone, s, type, depth + 1));
    }
    return true;
  }

  private choose(zone: ZoneEntry, group: Group, acc: Answer, depth: number): CompiledSet[] {
    const sets = group.sets;
    if (group.policy === 'simple' && !group.dynamic) return sets;
    acc.dynamic = true;
    const healthy = sets.map((s) => this.healthy(zone, s, group.type, depth));
    const specs = sets.map((s) => s.spec);
    const one = (i: number) => (i >= 0 ? [sets[i]!] : []);
    switch (group.policy) {
      case 'simple':
        return sets;
      case 'weighted':
        return one(chooseWeighted(specs, healthy, this.random));
      case 'failover':
        return one(chooseFailover(specs, healthy));
      case 'latency':
        return one(chooseLatency(specs, healthy, acc.locate()));
      case 'geolocation':
        return one(chooseGeolocation(specs, healthy, acc.locate()));
      case 'geoproximity':
        // The client stands at its region's coordinates (locator.ts places each source address in a region).
        return one(chooseGeoproximity(specs, healthy, REGIONS[acc.locate().region]));
      case 'cidr': {
        acc.located = true;
        const subnet = acc.query.clientSubnet;
        const address = subnet?.address ?? acc.address;
        return one(chooseCidr(specs, healthy, (collection) => this.cidr.locate(collection, address, subnet?.sourcePrefix)));
      }
      case 'multivalue':
        return chooseMultivalue(sets.length, healthy, this.random).map((i) => sets[i]!);
    }
  }
}

function inZone(name: string, zone: ZoneEntry): boolean {
  return name === zone.name || name.endsWith('.' + zone.name) || zone.name === '';
}

/**
 * A direct query for a service's name: its A or AAAA records (ANY: both), authoritative; another type, or a family
 * it has no address of, is NODATA (no SOA: the name belongs to no hosted zone).
 */
function serviceAnswer(service: ServiceEntry, qtype: number): Body {
  const memo = service.memo.get(qtype);
  if (memo) return memo;
  const groups = qtype === TYPE_ANY ? [...service.groups.values()] : [service.groups.get(qtype)].filter((g): g is Group => g !== undefined);
  const sets = groups.flatMap((g) => g.sets);
  const body: Body = { rcode: RCODE.NOERROR, aa: true, an: sets.reduce((n, s) => n + s.tails.length, 0), ns: 0, bytes: Buffer.concat(sets.map((s) => s.ptrForm)), located: false };
  service.memo.set(qtype, body);
  return body;
}

/** The delegation point at or above `name` inside the zone, if any. */
function findCut(zone: ZoneEntry, name: string): string | undefined {
  if (zone.cuts.size === 0) return undefined;
  for (let n = name; n.length > zone.name.length; n = parentName(n)) if (zone.cuts.has(n)) return n;
  return undefined;
}

/** RFC 4592: the wildcard at the closest encloser of a name that does not exist. */
function wildcardFor(zone: ZoneEntry, name: string): NameNode | undefined {
  let encloser = parentName(name);
  while (encloser.length > zone.name.length && !zone.existing.has(encloser)) encloser = parentName(encloser);
  return zone.nodes.get(encloser === '' ? '*' : '*.' + encloser);
}
