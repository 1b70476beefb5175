// Custom origin names the edge resolves through kumo's own DNS before the system's: a load balancer's DNSName or a
// name in a Route 53 hosted zone is answered by Route 53's engine in process (no UDP), and reached as any client
// reaches kumo's listeners (an AWS port below 1024 + KUMO_LOW_PORT_OFFSET). Other names (REFUSED, or forwarded
// upstream) are left to the system resolver. Answers are kept for their TTL on the runtime clock.
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';

/** Asks kumo's DNS engine one query message; undefined when it does not answer (down, or outside its zones). */
export type DnsQuery = (message: Buffer) => Promise<Buffer | undefined>;

/** An origin name's address: `kumo` when kumo's DNS answered it (its listeners' ports then apply). */
export type OriginAddress = { kumo: true; address: string } | { kumo: false };

/** A name kumo's DNS does not answer is asked again after this long (ms), so a zone created later is seen. */
const NEGATIVE_MS = 5_000;
/** Cached names at most (oldest dropped first). */
const MAX_NAMES = 4_096;

interface Cached {
  addresses: readonly string[];
  expiresAt: number;
  next: number;
}

export class OriginNames {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<OriginAddress>>();
  private id = 0;

  constructor(
    private readonly o: {
      /** kumo's DNS engine, when Route 53 is part of this kumo. */
      query: () => Promise<DnsQuery | undefined>;
      now: () => number;
    },
  ) {}

  /** The cached answer for a name, synchronously: undefined when unknown or expired (then call resolve). IP
   *  literals are never kumo's names. */
  peek(name: string): OriginAddress | undefined {
    if (isIP(name)) return { kumo: false };
    const c = this.cache.get(name.toLowerCase());
    if (!c || c.expiresAt <= this.o.now()) return undefined;
    return this.pick(c);
  }

  async resolve(name: string): Promise<OriginAddress> {
    const cached = this.peek(name);
    if (cached) return cached;
    const key = name.toLowerCase();
    let p = this.pending.get(key);
    if (!p) {
      p = this.ask(key).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  /** Round robin over a name's addresses (a load balancer's nodes). */
  private pick(c: Cached): OriginAddress {
    if (c.addresses.length === 0) return { kumo: false };
    const address = c.addresses[c.next % c.addresses.length]!;
    c.next++;
    return { kumo: true, address };
  }

  private async ask(name: string): Promise<OriginAddress> {
    const now = this.o.now();
    let addresses: string[] = [];
    let ttl = NEGATIVE_MS / 1000;
    try {
      const query = await this.o.query();
      const reply = query ? await query(dnsPacket.encode({ id: (this.id = (this.id + 1) & 0xffff), type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: 'A', class: 'IN' }] })) : undefined;
      if (reply) ({ addresses, ttl } = addressesOf(reply, name) ?? { addresses, ttl });
    } catch {
      // kumo's DNS failed to answer (stopping, worker gone): the system resolver decides.
    }
    if (this.cache.size >= MAX_NAMES) this.cache.delete(this.cache.keys().next().value!);
    const entry: Cached = { addresses, expiresAt: now + Math.max(1, ttl) * 1000, next: 0 };
    this.cache.set(name, entry);
    return this.pick(entry);
  }
}

/** The A records an answer gives for `name` (following a CNAME chain the answer carries) with their smallest TTL;
 *  undefined unless the answer is an authoritative NOERROR with addresses. */
export function addressesOf(reply: Buffer, name: string): { addresses: string[]; ttl: number } | undefined {
  const p = dnsPacket.decode(reply) as unknown as { rcode?: string; answers?: Array<{ name: string; type: string; ttl?: number; data?: unknown }> };
  if (p.rcode !== 'NOERROR' || !p.answers) return undefined;
  let owner = name;
  const addresses: string[] = [];
  let ttl = Infinity;
  for (let hops = 0; hops < 8; hops++) {
    const here = p.answers.filter((a) => a.name.toLowerCase() === owner);
    const a = here.filter((x) => x.type === 'A');
    if (a.length > 0) {
      for (const x of a) {
        addresses.push(x.data as string);
        ttl = Math.min(ttl, x.ttl ?? 60);
      }
      break;
    }
    const cname = here.find((x) => x.type === 'CNAME');
    if (!cname) break;
    ttl = Math.min(ttl, cname.ttl ?? 60);
    owner = String(cname.data).toLowerCase();
  }
  return addresses.length > 0 ? { addresses, ttl: Number.isFinite(ttl) ? ttl : 60 } : undefined;
}
