// Route 53's routing policies as pure choices over the record sets of one (name, type) group, made per query.
// Rules from the Route 53 Developer Guide, "How Amazon Route 53 chooses records when health checking is configured".
import { distanceKm, regionDistance, type Coordinates } from './geography.js';
import type { ClientLocation } from './locator.js';
import type { DnsRecordSet } from './records.js';

export type Policy = 'simple' | 'weighted' | 'failover' | 'latency' | 'geolocation' | 'geoproximity' | 'cidr' | 'multivalue';

export function policyOf(set: DnsRecordSet): Policy {
  if (set.weight !== undefined) return 'weighted';
  if (set.failover !== undefined) return 'failover';
  if (set.region !== undefined) return 'latency';
  if (set.geo !== undefined) return 'geolocation';
  if (set.proximity !== undefined) return 'geoproximity';
  if (set.cidr !== undefined) return 'cidr';
  if (set.multiValueAnswer) return 'multivalue';
  return 'simple';
}

/** Random source in [0, 1); tests pass a seeded one. */
export type Random = () => number;

/**
 * "If no record is healthy, all records are healthy": Route 53 needs something to answer, so when every candidate
 * is unhealthy it chooses among all of them by the routing policy.
 */
function considered(healthy: readonly boolean[]): readonly boolean[] {
  return healthy.some(Boolean) ? healthy : healthy.map(() => true);
}

/**
 * Weighted: Route 53 first considers healthy records with a non-zero weight; when there are none it considers
 * healthy zero-weight records, chosen with equal probability (this also makes an all-zero group split evenly); when
 * none is healthy, all records are considered again by the same two steps.
 */
export function chooseWeighted(sets: readonly DnsRecordSet[], healthy: readonly boolean[], random: Random): number {
  const ok = considered(healthy);
  let total = 0;
  for (let i = 0; i < sets.length; i++) if (ok[i] && (sets[i]!.weight ?? 0) > 0) total += sets[i]!.weight!;
  if (total > 0) {
    let r = random() * total;
    for (let i = 0; i < sets.length; i++) {
      const w = sets[i]!.weight ?? 0;
      if (!ok[i] || w <= 0) continue;
      if (r < w) return i;
      r -= w;
    }
  }
  const zero: number[] = [];
  for (let i = 0; i < sets.length; i++) if (ok[i]) zero.push(i);
  return zero[Math.floor(random() * zero.length)] ?? 0;
}

/** Failover: the PRIMARY while it is healthy, else a healthy SECONDARY, else (both unhealthy) the PRIMARY. */
export function chooseFailover(sets: readonly DnsRecordSet[], healthy: readonly boolean[]): number {
  const primary = sets.findIndex((s) => s.failover === 'PRIMARY');
  const secondary = sets.findIndex((s) => s.failover === 'SECONDARY');
  if (primary >= 0 && healthy[primary]) return primary;
  if (secondary >= 0 && healthy[secondary]) return secondary;
  return primary >= 0 ? primary : secondary;
}

/** Latency: the healthy record whose region is nearest the client's; with none healthy, the nearest of all. */
export function chooseLatency(sets: readonly DnsRecordSet[], healthy: readonly boolean[], client: ClientLocation): number {
  const ok = considered(healthy);
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sets.length; i++) {
    if (!ok[i]) continue;
    const d = regionDistance(client.region, sets[i]!.region ?? '');
    if (best < 0 || d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** How specifically a geolocation record matches the client: 3 subdivision, 2 country, 1 continent, 0 default. */
function geoRank(set: DnsRecordSet, client: ClientLocation): number {
  const g = set.geo ?? {};
  if (g.country === '*') return 0;
  if (g.subdivision) return g.country === client.country && g.subdivision === client.subdivision ? 3 : -1;
  if (g.country) return g.country === client.country ? 2 : -1;
  if (g.continent) return g.continent === client.continent ? 1 : -1;
  return -1;
}

/**
 * Geolocation: the most specific record that covers the client (subdivision, country, continent, then the default
 * record `*`); an unhealthy one gives way to the next larger area. No covering record → -1 (an empty answer).
 */
export function chooseGeolocation(sets: readonly DnsRecordSet[], healthy: readonly boolean[], client: ClientLocation): number {
  const ranked: { i: number; rank: number }[] = [];
  for (let i = 0; i < sets.length; i++) {
    const rank = geoRank(sets[i]!, client);
    if (rank >= 0) ranked.push({ i, rank });
  }
  if (ranked.length === 0) return -1;
  ranked.sort((a, b) => b.rank - a.rank);
  for (const { i } of ranked) if (healthy[i]) return i;
  return ranked[0]!.i;
}

/**
 * Multivalue answer: up to eight healthy records, a different random eight per query when more are healthy; when
 * all are unhealthy, up to eight of the unhealthy ones.
 */
export function chooseMultivalue(count: number, healthy: readonly boolean[], random: Random): number[] {
  const ok = considered(healthy);
  const pool: number[] = [];
  for (let i = 0; i < count; i++) if (ok[i]) pool.push(i);
  if (pool.length <= 8) return pool;
  for (let i = 0; i < 8; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, 8);
}

/**
 * Geoproximity bias as the Developer Guide defines it ("Geoproximity routing", how bias works): a positive bias
 * shrinks the distance Route 53 compares, `actual × (1 − bias/100)`; a negative one stretches it,
 * `actual ÷ (1 + bias/100)`.
 */
export function biasedDistance(actualKm: number, bias: number): number {
  if (bias >= 0) return actualKm * (1 - bias / 100);
  return actualKm / (1 + bias / 100);
}

/** Geoproximity: the healthy record with the least biased distance to the client; with none healthy, of all. */
export function chooseGeoproximity(sets: readonly DnsRecordSet[], healthy: readonly boolean[], client: Coordinates | undefined): number {
  const ok = considered(healthy);
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sets.length; i++) {
    const p = sets[i]!.proximity;
    if (!ok[i] || !p) continue;
    const d = client ? biasedDistance(distanceKm(client, p), p.bias) : 0;
    if (best < 0 || d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * IP-based routing: the record of the CIDR location containing the client (longest prefix); when there is none, or
 * it is unhealthy, the default location `*`. When every record is unhealthy the same choice is made among all.
 * Neither a matching nor a default record → -1 (an empty answer).
 */
export function chooseCidr(sets: readonly DnsRecordSet[], healthy: readonly boolean[], locate: (collection: string) => string | undefined): number {
  const collection = sets.find((s) => s.cidr)?.cidr?.collection;
  const location = collection === undefined ? undefined : locate(collection);
  const ok = considered(healthy);
  const matching = location === undefined ? -1 : sets.findIndex((s, i) => ok[i] && s.cidr?.location === location);
  if (matching >= 0) return matching;
  return sets.findIndex((s, i) => ok[i] && s.cidr?.location === '*');
}
