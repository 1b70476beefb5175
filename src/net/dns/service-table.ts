// The DNS worker's copy of the names other services answer (load balancer and CloudFront names), as groups of
// record sets in the zone index's compiled form, so aliases to them reuse the engine's alias path unchanged.
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

export class ServiceTable {
  private readonly bySource = new Map<string, ServiceName[]>();
  private byName = new Map<string, ServiceEntry>();

  get size(): number {
    return this.byName.size;
  }

  get(name: string): ServiceEntry | undefined {
    return this.byName.get(name);
  }

  /** Replaces every name of one source (an empty list removes the source). */
  set(source: string, names: readonly ServiceName[]): void {
    if (names.length === 0) this.bySource.delete(source);
    else this.bySource.set(source, [...names]);
    const next = new Map<string, ServiceEntry>();
    for (const list of this.bySource.values()) for (const n of list) if (!next.has(n.name)) next.set(n.name, entryOf(n));
    this.byName = next;
  }
}
