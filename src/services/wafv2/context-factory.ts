// Builds WAFv2's context from the runtime: migrates its tables, the traffic state on the configured rate check
// interval, the geo table and KUMO_WAF_IP_LISTS (`ListName=cidr,cidr;ListName=…`) for the managed IP lists.
import { geoTableFor } from '../../net/geo/geo-table.js';
import { CidrSet, parseCidr } from '../../net/waf/ip.js';
import { TrafficState } from '../../net/waf/traffic.js';
import type { ServiceDeps } from '../service-definition.js';
import type { Wafv2Context } from './context.js';
import { EntityStore } from './entity-store.js';
import { createWafInternal, type WafInternal } from './internal.js';
import { WAFV2_COMPONENT, WAFV2_MIGRATIONS, WAFV2_TABLES } from './migrations.js';
import { SampleStore } from './sample-store.js';

export function parseIpLists(spec: string): Map<string, CidrSet> {
  const lists = new Map<string, CidrSet>();
  for (const part of spec.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const set = lists.get(name) ?? new CidrSet();
    for (const a of part.slice(eq + 1).split(',')) {
      const c = parseCidr(a.trim(), false);
      if (c) set.add(c, true);
    }
    lists.set(name, set);
  }
  return lists;
}

export function createWafv2(deps: Pick<ServiceDeps, 'store' | 'clock' | 'config'>): { context: Wafv2Context; internal: WafInternal; samples: SampleStore } {
  deps.store.migrate(WAFV2_COMPONENT, WAFV2_MIGRATIONS);
  deps.store.registerTables(WAFV2_COMPONENT, WAFV2_TABLES);
  const context: Wafv2Context = { store: deps.store, entities: new EntityStore(deps.store), clock: deps.clock, traffic: new TrafficState(deps.config.wafRateCheckMs) };
  // KUMO_GEO_TABLE / KUMO_GEO_DEFAULT_COUNTRY through kumo's config, as CloudFront's geo restriction reads them.
  const geo = geoTableFor(deps.config);
  const samples = new SampleStore(deps.store, context.traffic, deps.clock);
  samples.load();
  return { context, internal: createWafInternal(context, geo, parseIpLists(deps.config.wafIpLists)), samples };
}
