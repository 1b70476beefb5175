// Where AWS regions are and which continent each country is on: the data behind latency routing (nearest region by
// great-circle distance, standing in for measured latency) and geolocation routing (country → continent fallback).

/** Approximate location of each region's metro area, with the country and continent Route 53 would place it in. */
export const REGIONS: Readonly<Record<string, { lat: number; lon: number; country: string }>> = {
  'us-east-1': { lat: 38.9, lon: -77.4, country: 'US' },
  'us-east-2': { lat: 40.0, lon: -83.0, country: 'US' },
  'us-west-1': { lat: 37.4, lon: -121.9, country: 'US' },
  'us-west-2': { lat: 45.8, lon: -119.7, country: 'US' },
  'ca-central-1': { lat: 45.5, lon: -73.6, country: 'CA' },
  'ca-west-1': { lat: 51.0, lon: -114.1, country: 'CA' },
  'mx-central-1': { lat: 20.6, lon: -100.4, country: 'MX' },
  'sa-east-1': { lat: -23.5, lon: -46.6, country: 'BR' },
  'eu-west-1': { lat: 53.3, lon: -6.3, country: 'IE' },
  'eu-west-2': { lat: 51.5, lon: -0.1, country: 'GB' },
  'eu-west-3': { lat: 48.9, lon: 2.4, country: 'FR' },
  'eu-central-1': { lat: 50.1, lon: 8.7, country: 'DE' },
  'eu-central-2': { lat: 47.4, lon: 8.5, country: 'CH' },
  'eu-north-1': { lat: 59.3, lon: 18.1, country: 'SE' },
  'eu-south-1': { lat: 45.5, lon: 9.2, country: 'IT' },
  'eu-south-2': { lat: 41.6, lon: -0.9, country: 'ES' },
  'il-central-1': { lat: 32.1, lon: 34.8, country: 'IL' },
  'me-south-1': { lat: 26.1, lon: 50.6, country: 'BH' },
  'me-central-1': { lat: 25.2, lon: 55.3, country: 'AE' },
  'af-south-1': { lat: -33.9, lon: 18.4, country: 'ZA' },
  'ap-south-1': { lat: 19.1, lon: 72.9, country: 'IN' },
  'ap-south-2': { lat: 17.4, lon: 78.5, country: 'IN' },
  'ap-east-1': { lat: 22.3, lon: 114.2, country: 'HK' },
  'ap-southeast-1': { lat: 1.35, lon: 103.8, country: 'SG' },
  'ap-southeast-2': { lat: -33.9, lon: 151.2, country: 'AU' },
  'ap-southeast-3': { lat: -6.2, lon: 106.8, country: 'ID' },
  'ap-southeast-4': { lat: -37.8, lon: 145.0, country: 'AU' },
  'ap-southeast-5': { lat: 3.1, lon: 101.7, country: 'MY' },
  'ap-southeast-7': { lat: 13.8, lon: 100.5, country: 'TH' },
  'ap-northeast-1': { lat: 35.7, lon: 139.7, country: 'JP' },
  'ap-northeast-2': { lat: 37.6, lon: 127.0, country: 'KR' },
  'ap-northeast-3': { lat: 34.7, lon: 135.5, country: 'JP' },
  'cn-north-1': { lat: 39.9, lon: 116.4, country: 'CN' },
  'cn-northwest-1': { lat: 38.5, lon: 106.3, country: 'CN' },
  'us-gov-west-1': { lat: 45.8, lon: -119.7, country: 'US' },
  'us-gov-east-1': { lat: 40.0, lon: -83.0, country: 'US' },
};

export interface Coordinates {
  lat: number;
  lon: number;
}

/** Great-circle distance in km between two points (haversine on a 6,371 km sphere). */
export function distanceKm(p: Coordinates, q: Coordinates): number {
  const rad = Math.PI / 180;
  const dLat = (q.lat - p.lat) * rad;
  const dLon = (q.lon - p.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p.lat * rad) * Math.cos(q.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in km between two regions; unknown regions are infinitely far. */
export function regionDistance(a: string, b: string): number {
  const p = REGIONS[a];
  const q = REGIONS[b];
  if (!p || !q) return a === b ? 0 : Number.POSITIVE_INFINITY;
  return distanceKm(p, q);
}

// ISO 3166-1 alpha-2 codes by the continent codes Route 53's geolocation uses (AF, AN, AS, EU, NA, OC, SA).
const CONTINENT_COUNTRIES: Record<string, string> = {
  AF: 'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW',
  AN: 'AQ BV GS HM TF',
  AS: 'AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  EU: 'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK',
  NA: 'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI',
  OC: 'AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
  SA: 'AR BO BR CL CO EC FK GF GY PE PY SR UY VE',
};

const COUNTRY_CONTINENT = new Map<string, string>();
for (const [continent, list] of Object.entries(CONTINENT_COUNTRIES)) for (const c of list.split(' ')) COUNTRY_CONTINENT.set(c, continent);

/** The continent code of an ISO country code, or undefined for a code this table does not know. */
export function continentOf(country: string): string | undefined {
  return COUNTRY_CONTINENT.get(country.toUpperCase());
}
