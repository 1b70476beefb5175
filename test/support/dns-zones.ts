// Zone fixtures for the DNS engine's tests: a hosted zone with the NS and SOA records Route 53 creates for it.
import type { DnsRecordSet, DnsZone } from '../../src/net/dns/records.js';

/** Route 53's SOA for a new zone: TTL 900, negative-caching MINIMUM 86400 (so negative answers carry 900). */
export const SOA_VALUE = 'ns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400';

export function testZone(name: string, records: DnsRecordSet[], extra: Partial<DnsZone> = {}): DnsZone {
  return {
    id: extra.id ?? `Z${name.replace(/\W/g, '').toUpperCase()}`,
    name,
    order: extra.order ?? 0,
    ...(extra.privateVpcs ? { privateVpcs: extra.privateVpcs } : {}),
    records: [
      { name, type: 'SOA', ttl: 900, values: [SOA_VALUE] },
      { name, type: 'NS', ttl: 172800, values: ['ns-2048.awsdns-64.com.', 'ns-2049.awsdns-00.net.'] },
      ...records,
    ],
  };
}
