// Country of a client address from a CIDR→country table, for GeoMatch. Helper "cloudfront" builds the shared
// src/net/geo/ (KUMO_GEO_TABLE); until it lands here WAF takes the table as input: rows "cidr,country", default US.
import { CidrSet, parseCidr, parseIp } from './ip.js';

export interface GeoLookup {
  country(address: string): string | undefined;
}

/** Loopback maps to `defaultCountry` (KUMO_GEO_DEFAULT_COUNTRY, US) unless a row says otherwise. */
export function geoLookup(rows: readonly { cidr: string; country: string }[], defaultCountry = 'US'): GeoLookup {
  const set = new CidrSet<string>();
  for (const r of rows) {
    const c = parseCidr(r.cidr, false);
    if (c) set.add(c, r.country.toUpperCase());
  }
  set.add(parseCidr('127.0.0.0/8')!, defaultCountry);
  set.add(parseCidr('::1/128')!, defaultCountry);
  return { country: (address) => set.lookup(parseIp(address)) };
}

/** CSV text "cidr,country" per line (blank lines and # comments ignored). */
export function parseGeoTable(text: string): { cidr: string; country: string }[] {
  const rows: { cidr: string; country: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const [cidr, country] = t.split(',').map((s) => s.trim());
    if (cidr && country) rows.push({ cidr, country });
  }
  return rows;
}
