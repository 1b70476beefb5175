// What every IAM operation shares: the repository, the clock, the compiled-policy cache, and a generation counter
// that every change bumps, so cached per-principal policy sets are rebuilt on the next request after a change.
import type { Clock } from '../../core/clock.js';
import { randomUpperAlnum } from '../../core/ids.js';
import { PolicyCache } from '../../iam/policy-cache.js';
import type { IamInternal } from './credentials.js';
import type { IamStore } from './iam-store.js';

export interface IamContext {
  store: IamStore;
  clock: Clock;
  policies: PolicyCache;
  /** Incremented by every mutation (see mutate()). */
  generation: number;
  /** The in-process interface (credentials.ts), created once. */
  internal?: IamInternal;
}

export function createIamContext(store: IamStore, clock: Clock): IamContext {
  return { store, clock, policies: new PolicyCache(), generation: 0 };
}

/** Runs a mutation in one transaction and invalidates cached authorization state. */
export function mutate<T>(iam: IamContext, fn: () => T): T {
  const result = iam.store.transaction(fn);
  iam.generation++;
  return result;
}

/** IAM unique-id prefixes (IAM User Guide, "Unique identifiers"). */
export const ID_PREFIX = { user: 'AIDA', group: 'AGPA', role: 'AROA', 'instance-profile': 'AIPA', policy: 'ANPA' } as const;

export function uniqueId(kind: keyof typeof ID_PREFIX): string {
  return ID_PREFIX[kind] + randomUpperAlnum(17);
}

/** arn:aws:iam::<account>:<type>/<path without leading slash><name>. */
export function iamArn(account: string, type: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:${type}${path}${name}`;
}

/** IAM's Marker/IsTruncated/MaxItems pagination (MaxItems defaults to 100); the marker is an opaque offset. */
export function paginate<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const start = marker ? Number.parseInt(Buffer.from(marker, 'base64url').toString('utf8'), 10) || 0 : 0;
  const size = maxItems ?? 100;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  if (end < items.length) return { page, IsTruncated: true, Marker: Buffer.from(String(end)).toString('base64url') };
  return { page, IsTruncated: false };
}
