// Shared CloudFront rules: id and domain-name formats, ETags and If-Match, Marker/MaxItems paging, and the
// {Quantity, Items} pairs every CloudFront list is written as (Items omitted when empty, as AWS answers).
import { randomBytes } from 'node:crypto';
import { randomUpperAlnum } from '../../core/ids.js';
import { inconsistentQuantities, invalidArgument, invalidIfMatchVersion, preconditionFailed } from './errors.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Distribution, OAC, OAI ids and ETags: `E` + 13 upper-case alphanumerics (E2QWRUHAPOMQZL). */
export const newEId = (): string => `E${randomUpperAlnum(13)}`;
export const newEtag = newEId;
/** Public key ids: `K` + 13; invalidation ids: `I` + 13. */
export const newKeyId = (): string => `K${randomUpperAlnum(13)}`;
export const newInvalidationId = (): string => `I${randomUpperAlnum(13)}`;

/** `d` + 13 lower-case alphanumerics + `.cloudfront.net` (d111111abcdef8.cloudfront.net). */
export function newDomainName(): string {
  const bytes = randomBytes(13);
  let out = 'd';
  for (const b of bytes) out += LOWER_ALNUM[b % LOWER_ALNUM.length];
  return `${out}.cloudfront.net`;
}

export const distributionArn = (account: string, id: string): string => `arn:aws:cloudfront::${account}:distribution/${id}`;

/** Updates and deletes need the current ETag in If-Match: missing → InvalidIfMatchVersion, stale → PreconditionFailed. */
export function checkIfMatch(current: string, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '') throw invalidIfMatchVersion();
  if (ifMatch !== current) throw preconditionFailed();
}

/** A {Quantity, Items} list as AWS writes it: Items present only when non-empty. */
export function quantity<T>(items: readonly T[] | undefined): { Quantity: number; Items?: T[] } {
  return items && items.length > 0 ? { Quantity: items.length, Items: [...items] } : { Quantity: 0 };
}

/** Items of a {Quantity, Items} pair (none when absent). */
export const itemsOf = <T>(list: { Items?: T[] | undefined } | undefined): T[] => list?.Items ?? [];

/**
 * Every {Quantity, Items} pair in a config must agree, at any depth (InconsistentQuantities). A pair whose Items
 * is absent must say 0.
 */
export function checkQuantities(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) checkQuantities(v);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o['Quantity'] === 'number') {
    const items = o['Items'];
    const n = Array.isArray(items) ? items.length : 0;
    if (n !== o['Quantity']) throw inconsistentQuantities();
  }
  for (const v of Object.values(o)) checkQuantities(v);
}

export interface Page<T> {
  items: T[];
  nextMarker: string | undefined;
  maxItems: number;
}

/** Marker/MaxItems paging over items in listing order: the marker names the first item of the next page. */
export function page<T>(all: readonly T[], keyOf: (t: T) => string, marker: string | undefined, maxItemsText: string | undefined, fallback = 100): Page<T> {
  let maxItems = fallback;
  if (maxItemsText !== undefined && maxItemsText !== '') {
    const n = Number(maxItemsText);
    if (!Number.isInteger(n) || n < 0) throw invalidArgument(`MaxItems must be a non-negative integer: ${maxItemsText}`);
    maxItems = Math.min(n, fallback);
  }
  let start = 0;
  if (marker) {
    start = all.findIndex((t) => keyOf(t) === marker);
    if (start < 0) start = all.length;
  }
  const rest = all.slice(start);
  return { items: rest.slice(0, maxItems), nextMarker: rest.length > maxItems ? keyOf(rest[maxItems]!) : undefined, maxItems };
}
