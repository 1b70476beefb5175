// Cache, origin request and response headers policies as one kind of resource: each kind is a descriptor (its store
// kind, managed set, error codes, wire field names, validation), and one set of rules serves all three (create, get,
// get config, update with If-Match, delete unless in use, list with managed/custom Type, distributions using one).
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import { checkIfMatch, checkQuantities, newEtag, page } from './common.js';
import type { CloudFrontContext } from './context.js';
import { behaviorsOf, type StoredDistribution } from './distributions.js';
import { alreadyExists, illegalDelete, illegalUpdate, inUse, invalidArgument, invalidTtlOrder, noSuchCachePolicy, noSuchOriginRequestPolicy, noSuchResponseHeadersPolicy } from './errors.js';
import { MANAGED_CACHE_POLICIES, MANAGED_ORIGIN_REQUEST_POLICIES, MANAGED_POLICIES_MODIFIED, MANAGED_RESPONSE_HEADERS_POLICIES } from './managed-policies.js';
import type { ResourceKind } from './store.js';

type Behavior = ReturnType<typeof behaviorsOf>[number];

export interface PolicyKind {
  kind: ResourceKind;
  managed: Readonly<Record<string, { Name: string }>>;
  /** The behavior field naming a policy of this kind (also the ListDistributionsBy…Id input field). */
  behaviorField: 'CachePolicyId' | 'OriginRequestPolicyId' | 'ResponseHeadersPolicyId';
  noSuch: () => Error;
  exists: Parameters<typeof alreadyExists>[0];
  inUse: Parameters<typeof inUse>[0];
  what: string;
  /** Wire names: the config (`CachePolicyConfig`), the resource (`CachePolicy`), the list (`CachePolicyList`), and
   *  the path segment of its Location. */
  wire: { config: string; policy: string; list: string; path: string };
  validate?: (config: Record<string, unknown>) => Record<string, unknown>;
}

/** CachePolicyConfig: DefaultTTL defaults to 86400 (or MinTTL if greater), MaxTTL to 31536000 (or DefaultTTL if
 *  greater); MinTTL ≤ DefaultTTL ≤ MaxTTL or InvalidTTLOrder (CachePolicyConfig API reference). */
export function normalizeCachePolicy(config: api.CachePolicyConfig): api.CachePolicyConfig {
  const min = config.MinTTL;
  const def = config.DefaultTTL ?? Math.max(86400, min);
  const max = config.MaxTTL ?? Math.max(31536000, def);
  if (min < 0 || !(min <= def && def <= max)) throw invalidTtlOrder();
  const out: api.CachePolicyConfig = { ...config, MinTTL: min, DefaultTTL: def, MaxTTL: max };
  if (!out.ParametersInCacheKeyAndForwardedToOrigin) throw invalidArgument('ParametersInCacheKeyAndForwardedToOrigin is required.');
  return out;
}

export const POLICY_KINDS = {
  cache: {
    kind: 'cache-policy', managed: MANAGED_CACHE_POLICIES, behaviorField: 'CachePolicyId', noSuch: noSuchCachePolicy, exists: 'CachePolicyAlreadyExists', inUse: 'CachePolicyInUse', what: 'cache policy',
    wire: { config: 'CachePolicyConfig', policy: 'CachePolicy', list: 'CachePolicyList', path: 'cache-policy' },
    validate: (c) => normalizeCachePolicy(c as unknown as api.CachePolicyConfig) as unknown as Record<string, unknown>,
  },
  originRequest: {
    kind: 'origin-request-policy', managed: MANAGED_ORIGIN_REQUEST_POLICIES, behaviorField: 'OriginRequestPolicyId', noSuch: noSuchOriginRequestPolicy, exists: 'OriginRequestPolicyAlreadyExists', inUse: 'OriginRequestPolicyInUse', what: 'origin request policy',
    wire: { config: 'OriginRequestPolicyConfig', policy: 'OriginRequestPolicy', list: 'OriginRequestPolicyList', path: 'origin-request-policy' },
  },
  responseHeaders: {
    kind: 'response-headers-policy', managed: MANAGED_RESPONSE_HEADERS_POLICIES, behaviorField: 'ResponseHeadersPolicyId', noSuch: noSuchResponseHeadersPolicy, exists: 'ResponseHeadersPolicyAlreadyExists', inUse: 'ResponseHeadersPolicyInUse', what: 'response headers policy',
    wire: { config: 'ResponseHeadersPolicyConfig', policy: 'ResponseHeadersPolicy', list: 'ResponseHeadersPolicyList', path: 'response-headers-policy' },
  },
} satisfies Record<string, PolicyKind>;

export type PolicyKindName = keyof typeof POLICY_KINDS;

interface PolicyView {
  id: string;
  etag: string;
  modified: number;
  config: Record<string, unknown>;
  managed: boolean;
}

function validName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw invalidArgument('The name must contain only letters, digits, hyphens and underscores, and be 1 to 128 characters long.');
  return name;
}

/** A policy by id: a managed one (fixed ETag from its id, so If-Match checks still apply) or the account's own. */
function findPolicy(s: CloudFrontContext, account: string, k: PolicyKind, id: string): PolicyView | undefined {
  const managed = k.managed[id];
  if (managed) return { id, etag: `E${id.replaceAll('-', '').slice(0, 13).toUpperCase()}`, modified: MANAGED_POLICIES_MODIFIED, config: managed as unknown as Record<string, unknown>, managed: true };
  const r = s.store.get<Record<string, unknown>>(account, k.kind, id);
  return r ? { id: r.id, etag: r.etag, modified: r.modified, config: r.config, managed: false } : undefined;
}

function requirePolicy(s: CloudFrontContext, account: string, k: PolicyKind, id: string): PolicyView {
  const p = findPolicy(s, account, k, id);
  if (!p) throw k.noSuch();
  return p;
}

function nameTaken(s: CloudFrontContext, account: string, k: PolicyKind, name: string, except?: string): boolean {
  if (Object.values(k.managed).some((m) => m.Name === name)) return true;
  const other = s.store.byName(account, k.kind, name);
  return other !== undefined && other.id !== except;
}

/** The account's distributions with a behavior naming the policy, in list order. */
function distributionsUsing(s: CloudFrontContext, account: string, k: PolicyKind, id: string): StoredDistribution[] {
  return s.store.list<StoredDistribution['config'], StoredDistribution['extra']>(account, 'distribution').filter((d) => behaviorsOf(d.config).some((b) => b[k.behaviorField] === id));
}

function create(s: CloudFrontContext, ctx: RequestContext, k: PolicyKind, input: Record<string, unknown>): PolicyView {
  checkQuantities(input);
  const name = validName(input['Name']);
  const config = k.validate ? k.validate(input) : input;
  if (nameTaken(s, ctx.account, k, name)) throw alreadyExists(k.exists, k.what);
  const now = s.clock.now();
  const view: PolicyView = { id: randomUUID(), etag: newEtag(), modified: now, config, managed: false };
  s.store.transaction(() => s.store.insert({ account: ctx.account, kind: k.kind, id: view.id, callerReference: undefined, name, etag: view.etag, config, extra: {}, created: now, modified: now }));
  return view;
}

function update(s: CloudFrontContext, ctx: RequestContext, k: PolicyKind, id: string, ifMatch: string | undefined, input: Record<string, unknown>): PolicyView {
  const current = requirePolicy(s, ctx.account, k, id);
  if (current.managed) throw illegalUpdate();
  checkIfMatch(current.etag, ifMatch);
  checkQuantities(input);
  const name = validName(input['Name']);
  const config = k.validate ? k.validate(input) : input;
  if (nameTaken(s, ctx.account, k, name, id)) throw alreadyExists(k.exists, k.what);
  const stored = s.store.get(ctx.account, k.kind, id)!;
  const next = { ...stored, name, config, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  // Distributions using the policy now cache and forward by its new settings.
  for (const d of distributionsUsing(s, ctx.account, k, id)) s.edge.publish(d);
  return { id, etag: next.etag, modified: next.modified, config, managed: false };
}

function remove(s: CloudFrontContext, ctx: RequestContext, k: PolicyKind, id: string, ifMatch: string | undefined): void {
  const current = requirePolicy(s, ctx.account, k, id);
  if (current.managed) throw illegalDelete();
  checkIfMatch(current.etag, ifMatch);
  if (distributionsUsing(s, ctx.account, k, id).length > 0) throw inUse(k.inUse, k.what);
  s.store.transaction(() => s.store.delete(k.kind, id));
}

function listAll(s: CloudFrontContext, account: string, k: PolicyKind, type: string | undefined): PolicyView[] {
  const managed = Object.keys(k.managed).map((id) => findPolicy(s, account, k, id)!);
  const custom = s.store.list<Record<string, unknown>>(account, k.kind).map((r) => ({ id: r.id, etag: r.etag, modified: r.modified, config: r.config, managed: false }));
  if (type === 'managed') return managed;
  if (type === 'custom') return custom;
  return [...managed, ...custom];
}

/** A DistributionIdList page (ListDistributionsBy…). */
export function idList(ids: string[], marker: string | undefined, maxItems: string | undefined): api.DistributionIdList {
  const p = page(ids, (id) => id, marker, maxItems);
  const list: api.DistributionIdList = { Marker: marker ?? '', MaxItems: p.maxItems, IsTruncated: p.nextMarker !== undefined, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items;
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return list;
}

type In = Record<string, unknown> & { Id: string; IfMatch?: string; Type?: string; Marker?: string; MaxItems?: string };
/** An operation handler over wire shapes; policy-operations.ts gives each its generated request/result types. */
export type PolicyHandler = (s: CloudFrontContext, ctx: RequestContext, input: In) => Record<string, unknown> | undefined;

/** The seven operations of a policy kind: Create, Get, GetConfig, Update, Delete, List, ListDistributionsBy…Id. */
export function policyHandlers(k: PolicyKind): Record<'create' | 'get' | 'getConfig' | 'update' | 'delete' | 'list' | 'distributions', PolicyHandler> {
  const { config, policy, list, path } = k.wire;
  const resource = (v: PolicyView) => ({ Id: v.id, LastModifiedTime: new Date(v.modified), [config]: v.config });
  return {
    create: (s, ctx, input) => {
      const v = create(s, ctx, k, input[config] as Record<string, unknown>);
      return { [policy]: resource(v), Location: `https://cloudfront.amazonaws.com/2020-05-31/${path}/${v.id}`, ETag: v.etag };
    },
    get: (s, ctx, input) => {
      const v = requirePolicy(s, ctx.account, k, input.Id);
      return { [policy]: resource(v), ETag: v.etag };
    },
    getConfig: (s, ctx, input) => {
      const v = requirePolicy(s, ctx.account, k, input.Id);
      return { [config]: v.config, ETag: v.etag };
    },
    update: (s, ctx, input) => {
      const v = update(s, ctx, k, input.Id, input.IfMatch, input[config] as Record<string, unknown>);
      return { [policy]: resource(v), ETag: v.etag };
    },
    delete: (s, ctx, input) => {
      remove(s, ctx, k, input.Id, input.IfMatch);
      return undefined;
    },
    list: (s, ctx, input) => {
      const p = page(listAll(s, ctx.account, k, input.Type), (v) => v.id, input.Marker, input.MaxItems);
      const out: Record<string, unknown> = { MaxItems: p.maxItems, Quantity: p.items.length };
      if (p.items.length) out['Items'] = p.items.map((v) => ({ Type: v.managed ? 'managed' : 'custom', [policy]: resource(v) }));
      if (p.nextMarker) out['NextMarker'] = p.nextMarker;
      return { [list]: out };
    },
    distributions: (s, ctx, input) => {
      const id = input[k.behaviorField] as string;
      if (!findPolicy(s, ctx.account, k, id)) throw k.noSuch();
      return { DistributionIdList: idList(distributionsUsing(s, ctx.account, k, id).map((d) => d.id), input.Marker, input.MaxItems) };
    },
  };
}

/** The edge's view of a policy by id (managed or the account's own), for cache keys and forwarding. */
export function policyConfig<T>(s: CloudFrontContext, account: string, which: PolicyKindName, id: string): T | undefined {
  return findPolicy(s, account, POLICY_KINDS[which], id)?.config as T | undefined;
}

/** A behavior's policy ids name existing policies (NoSuchCachePolicy and the like otherwise). */
export function checkBehaviorPolicies(s: CloudFrontContext, account: string, b: Behavior): void {
  for (const k of Object.values(POLICY_KINDS) as PolicyKind[]) {
    const id = b[k.behaviorField];
    if (id && !findPolicy(s, account, k, id)) throw k.noSuch();
  }
}
