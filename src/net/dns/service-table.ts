// The DNS worker's copy of the names other services answer (load balancer and CloudFront names, S3 website endpoints
// and every bucket name below them), as groups of record sets in the zone index's compiled form, so aliases to them
// reuse the engine's alias path unchanged.
import { byFamily, type ServiceName } from './service-names.js';
import { compiledSet, type Group } from './zone-index.js';
import type { Body } from './wire.js';

export interface ServiceEntry {
  name: string;
  healthy: boolean;
  /** A (1) and AAAA (28) groups, when the name has addresses of that family. */
  groups: Map<number, Group>;
  /** Precompiled bodies of direct queries by type. */
  memo: Map<number, Body>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;

function entryOf(n: ServiceName): ServiceEntry {
  const { a, aaaa } = byFamily(n.addresses);
  const groups = new Map<number, Group>();
  const group = (type: string, code: number, values: string[]) => {
    if (values.length > 0) groups.set(code, { type: code, policy: 'simple', sets: [compiledSet({ name: n.name, type, ttl: n.ttl, values })], dynamic: false });
  };
  group('A', TYPE_A, a);
  group('AAAA', TYPE_AAAA, aaaa);
  return { name: n.name, healthy: n.healthy, groups, memo: new Map() };
}

/** The last two labels of a name (`amazonaws.com`), or the name itself when it has fewer. */
function tailOf(name: string): string {
  const last = name.lastIndexOf('.');
  if (last === -1) return name;
  const before = name.lastIndexOf('.', last - 1);
  return before === -1 ? name : name.slice(before + 1);
}

export class ServiceTable {
  private readonly bySource = new Map<string, ServiceName[]>();
  private byName = new Map<string, ServiceEntry>();
  /** Names whose every subdomain answers as they do, and the two-label tails they end in (one cheap test first). */
  private wildcards = new Map<string, ServiceEntry>();
  private wildcardTails: string[] = [];

  /** Bumped on every set(): answers kept from before may have changed. */
  version = 0;

  get size(): number {
    return this.byName.size;
  }

  /** The entry answering `name`: its own, else the nearest wildcard name above it. */
  get(name: string): ServiceEntry | undefined {
    const exact = this.byName.get(name);
    if (exact !== undefined || this.wildcards.size === 0 || !this.endsInWildcardTail(name)) return exact;
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const hit = this.wildcards.get(name.slice(dot + 1));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Whether `name` ends in a wildcard's tail (`.amazonaws.com`): no string is made, as this runs on every query. */
  private endsInWildcardTail(name: string): boolean {
    for (const tail of this.wildcardTails) if (name.endsWith(tail)) return true;
    return false;
  }

  /** Replaces every name of one source (an empty list removes the source). */
  set(source: string, names: readonly ServiceName[]): void {
    if (names.length === 0) this.bySource.delete(source);
    else this.bySource.set(source, [...names]);
    const next = new Map<string, ServiceEntry>();
    const wildcards = new Map<string, ServiceEntry>();
    for (const list of this.bySource.values()) {
      for (const n of list) {
        if (next.has(n.name)) continue;
        const entry = entryOf(n);
        next.set(n.name, entry);
        if (n.wildcard === true) wildcards.set(n.name, entry);
      }
    }
    this.byName = next;
    this.wildcards = wildcards;
    this.wildcardTails = [...new Set([...wildcards.keys()].map((n) => `.${tailOf(n)}`))];
    this.version++;
  }
}
