// The EC2 service context (store and clock) and helpers every operation module shares: time stamps, tags from
// TagSpecifications, DryRun, Describe paging and id lookups that fail with EC2's NotFound errors.
import type { Clock } from '../../core/clock.js';
import type * as api from '../../generated/ec2/api.js';
import { ec2Error, notFound } from './errors.js';
import { compileFilters, type Filter, type FilterFields, paginate } from './filters.js';
import type { Ec2Store, Kind, Scope, UnitOfWork } from './resource-store.js';

export interface Ec2Context {
  store: Ec2Store;
  clock: Clock;
  /** With --run-instances: runs instances as process groups; told of every lifecycle change after it commits. */
  runner?: InstanceLifecycle;
}

/** What the operations tell the instance runner (src/services/ec2/runner/instance-runner.ts). */
export interface InstanceLifecycle {
  launch(scope: Scope, ids: readonly string[]): void;
  changed(scope: Scope, changes: readonly api.InstanceStateChange[]): void;
  reboot(scope: Scope, ids: readonly string[]): void;
  consoleLog(id: string): Buffer | undefined;
}

/** EC2 answers timestamps with milliseconds ("2024-06-06T19:21:49.000Z"); stored as that text, written as is. */
export function isoNow(ec2: Ec2Context): Date {
  return new Date(ec2.clock.now()).toISOString() as unknown as Date;
}

export function scopeOf(ctx: Scope): Scope {
  return { account: ctx.account, region: ctx.region };
}

/** Tags for one resource type from TagSpecifications (EC2 ignores specifications for other resource types). */
export function tagsFor(specs: readonly api.TagSpecification[] | undefined, resourceType: string): api.Tag[] {
  const tags: api.Tag[] = [];
  for (const spec of specs ?? []) {
    if (spec.ResourceType !== undefined && spec.ResourceType !== resourceType) continue;
    for (const t of spec.Tags ?? []) tags.push({ Key: t.Key ?? '', Value: t.Value ?? '' });
  }
  return tags;
}

export function require<T>(uow: UnitOfWork, scope: Scope, kind: Kind, id: string | undefined, prefix: string): T {
  const value = id === undefined ? undefined : uow.get<T>(scope, kind, id);
  if (value === undefined) throw notFound(prefix, id ?? '');
  return value;
}

/** Shared Describe* flow: ids (each must exist), filters, then MaxResults/NextToken. */
export function describe<T extends { Tags?: api.Tag[] | undefined }>(
  items: readonly T[],
  options: { ids?: readonly string[] | undefined; idOf: (item: T) => string | undefined; notFoundPrefix: string; filters?: readonly Filter[] | undefined; fields: FilterFields<T>; maxResults?: number | undefined; nextToken?: string | undefined; limits?: [number, number] },
): { page: T[]; nextToken?: string } {
  let list: readonly T[] = items;
  if (options.ids && options.ids.length > 0) {
    const byId = new Map(items.map((i) => [options.idOf(i), i]));
    const missing = options.ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound(options.notFoundPrefix, missing.join(', '));
    list = options.ids.map((id) => byId.get(id)!);
  }
  const predicate = compileFilters(options.filters, options.fields, (i: T) => (i.Tags ?? []) as { Key: string; Value: string }[]);
  const filtered = list.filter(predicate);
  if (options.maxResults !== undefined && options.limits) {
    const [lo, hi] = options.limits;
    if (options.maxResults < lo || options.maxResults > hi) {
      throw ec2Error('InvalidParameterValue', `Value ( ${options.maxResults} ) for parameter maxResults is invalid. Expecting a value between ${lo} and ${hi}.`);
    }
  }
  return paginate(filtered, options.maxResults, options.nextToken);
}

/** The Tags member as Describe answers it: absent when empty, as EC2 omits an empty tagSet. */
export function withTags<T extends { Tags?: api.Tag[] | undefined }>(item: T): T {
  return item.Tags && item.Tags.length > 0 ? item : { ...item, Tags: undefined };
}

/** `{ NextToken }` when there is a next page, else nothing (exact optional types). */
export function next(r: { nextToken?: string }): { NextToken?: string } {
  return r.nextToken !== undefined ? { NextToken: r.nextToken } : {};
}
