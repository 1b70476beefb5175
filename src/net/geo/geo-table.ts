// Viewer address → country for geo restriction (CloudFront), WAF GeoMatch and Route 53 geolocation: a CIDR table
// (KUMO_GEO_TABLE, CSV `cidr,country`) read over the default mapping of loopback (127.0.0.0/8, ::1) to
// KUMO_GEO_DEFAULT_COUNTRY. The longest matching prefix wins; an address no row covers has no country.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

interface Row {
  bits: bigint;
  prefix: number;
  width: number;
  country: string;
}

function toBits(address: string): { bits: bigint; width: number } | undefined {
  const v4 = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(v4) === 4) return { bits: v4.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n), width: 32 };
  if (isIP(address) !== 6) return undefined;
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n), width: 128 };
}

export class GeoTable {
  private readonly rows: Row[] = [];

  /** `rows` are [cidr, country] pairs; later rows with the same prefix length win over earlier ones. */
  constructor(rows: readonly (readonly [string, string])[]) {
    for (const [cidr, country] of rows) {
      const [addr = '', len] = cidr.trim().split('/');
      const parsed = toBits(addr);
      if (!parsed) throw new Error(`not a CIDR block: ${cidr}`);
      const prefix = len === undefined ? parsed.width : Number(len);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > parsed.width) throw new Error(`not a CIDR block: ${cidr}`);
      if (!/^[A-Z]{2}$/.test(country.trim())) throw new Error(`not a two-letter country code: ${country}`);
      const shift = BigInt(parsed.width - prefix);
      this.rows.push({ bits: (parsed.bits >> shift) << shift, prefix, width: parsed.width, country: country.trim() });
    }
  }

  /** The country of an address, or undefined. */
  countryOf(address: string): string | undefined {
    const parsed = toBits(address);
    if (!parsed) return undefined;
    let best: Row | undefined;
    for (const r of this.rows) {
      if (r.width !== parsed.width || (best && r.prefix < best.prefix)) continue;
      const shift = BigInt(r.width - r.prefix);
      if ((parsed.bits >> shift) << shift === r.bits) best = r;
    }
    return best?.country;
  }
}

/** Parses CSV text: `cidr,country` per line, `#` comments and blank lines ignored. */
export function parseGeoCsv(text: string): [string, string][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [cidr = '', country = ''] = l.split(',');
      return [cidr.trim(), country.trim().toUpperCase()] as [string, string];
    });
}

/** The table a kumo configuration describes: loopback → the default country, then KUMO_GEO_TABLE's rows. */
export function geoTableFor(config: { geoTable: string | undefined; geoDefaultCountry: string }): GeoTable {
  const rows: [string, string][] = [['127.0.0.0/8', config.geoDefaultCountry], ['::1/128', config.geoDefaultCountry]];
  if (config.geoTable) rows.push(...parseGeoCsv(readFileSync(config.geoTable, 'utf8')));
  return new GeoTable(rows);
}
