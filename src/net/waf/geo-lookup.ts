// Country of a client address for GeoMatch and the geo labels: kumo's shared table (src/net/geo, KUMO_GEO_TABLE over
// loopback → KUMO_GEO_DEFAULT_COUNTRY), the same one CloudFront's geo restriction and Route 53 geolocation read.
import { GeoTable } from '../geo/geo-table.js';

/** What the evaluator needs of a geo table (GeoTable satisfies it). */
export interface GeoLookup {
  countryOf(address: string): string | undefined;
}

/** A table from rows, loopback mapped to `defaultCountry` unless a row says otherwise (tests and benchmarks). */
export function geoLookup(rows: readonly { cidr: string; country: string }[], defaultCountry = 'US'): GeoLookup {
  return new GeoTable([['127.0.0.0/8', defaultCountry], ['::1/128', defaultCountry], ...rows.map((r) => [r.cidr, r.country.toUpperCase()] as const)]);
}
