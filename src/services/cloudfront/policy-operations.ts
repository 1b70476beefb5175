// Cache, origin request and response headers policies: one set of rules for the three kinds (create, get, get
// config, update with If-Match, delete unless in use, list with managed/custom Type), plus the managed ones.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import { checkIfMatch, checkQuantities, newEtag, page } from './common.js';
import type { CloudFrontContext } from './context.js';
import type { StoredDistribution } from './distributions.js';
import { behaviorsOf } from './distributions.js';
import { alreadyExists, illegalDelete, illegalUpdate, inUse, invalidArgument, invalidTtlOrder, noSuchCachePolicy, noSuchOriginRequestPolicy, noSuchResponseHeadersPolicy } from './errors.js';
import { MANAGED_CACHE_POLICIES, MANAGED_ORIGIN_REQUEST_POLICIES, MANAGED_POLICIES_MODIFIED, MANAGED_RESPONSE_HEADERS_POLICIES } from './managed-policies.js';
import type { ResourceKind } from './store.js';

interface PolicyKind {
  kind: ResourceKind;
  managed: Readonly<Record<string, { Name: string }>>;
  /** The behavior field naming a policy of this kind. */
  behaviorField: 'CachePolicyId' | 'OriginRequestPolicyId' | 'ResponseHeadersPolicyId';
  noSuch: () => Error;
  exists: Parameters<typeof alreadyExists>[0];
  inUse: Parameters<typeof inUse>[0];
  what: string;
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

const KINDS = {
  cache: { kind: 'cache-policy', managed: MANAGED_CACHE_POLICIES, behaviorField: 'CachePolicyId', noSuch: noSuchCachePolicy, exists: 'CachePolicyAlreadyExists', inUse: 'CachePolicyInUse', what: 'cache policy', validate: (c) => normalizeCachePolicy(c as unknown as api.CachePolicyConfig) as unknown as Record<string, unknown> },
  originRequest: { kind: 'origin-request-policy', managed: MANAGED_ORIGIN_REQUEST_POLICIES, behaviorField: 'OriginRequestPolicyId', noSuch: noSuchOriginRequestPolicy, exists: 'OriginRequestPolicyAlreadyExists', inUse: 'OriginRequestPolicyInUse', what: 'origin request policy' },
  responseHeaders: { kind: 'response-headers-policy', managed: MANAGED_RESPONSE_HEADERS_POLICIES, behaviorField: 'ResponseHeadersPolicyId', noSuch: noSuchResponseHeadersPolicy, exists: 'ResponseHeadersPolicyAlreadyExists', inUse: 'ResponseHeadersPolicyInUse', what: 'response headers policy' },
} satisfies Record<string, PolicyKind>;

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
export function findPolicy(s: CloudFrontContext, account: string, k: PolicyKind, id: string): PolicyView | undefined {
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

function usedBy(s: CloudFrontContext, account: string, k: PolicyKind, id: string): boolean {
  return s.store.list<StoredDistribution['config']>(account, 'distribution').some((d) => behaviorsOf(d.config).some((b) => b[k.behaviorField] === id));
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
  for (const d of s.store.list<StoredDistribution['config'], StoredDistribution['extra']>(ctx.account, 'distribution')) {
    if (behaviorsOf(d.config).some((b) => b[k.behaviorField] === id)) s.edge.publish(d);
  }
  return { id, etag: next.etag, modified: next.modified, config, managed: false };
}

function remove(s: CloudFrontContext, ctx: RequestContext, k: PolicyKind, id: string, ifMatch: string | undefined): void {
  const current = requirePolicy(s, ctx.account, k, id);
  if (current.managed) throw illegalDelete();
  checkIfMatch(current.etag, ifMatch);
  if (usedBy(s, ctx.account, k, id)) throw inUse(k.inUse, k.what);
  s.store.transaction(() => s.store.delete(k.kind, id));
}

function listAll(s: CloudFrontContext, account: string, k: PolicyKind, type: string | undefined): PolicyView[] {
  const managed = Object.keys(k.managed).map((id) => findPolicy(s, account, k, id)!);
  const custom = s.store.list<Record<string, unknown>>(account, k.kind).map((r) => ({ id: r.id, etag: r.etag, modified: r.modified, config: r.config, managed: false }));
  if (type === 'managed') return managed;
  if (type === 'custom') return custom;
  return [...managed, ...custom];
}

// Cache policies

const cachePolicyOf = (v: PolicyView): api.CachePolicy => ({ Id: v.id, LastModifiedTime: new Date(v.modified), CachePolicyConfig: v.config as unknown as api.CachePolicyConfig });
const locationOf = (path: string, id: string) => `https://cloudfront.amazonaws.com/2020-05-31/${path}/${id}`;

export function createCachePolicy(s: CloudFrontContext, ctx: RequestContext, input: api.CreateCachePolicyRequest): api.CreateCachePolicyResult {
  const v = create(s, ctx, KINDS.cache, input.CachePolicyConfig as unknown as Record<string, unknown>);
  return { CachePolicy: cachePolicyOf(v), Location: locationOf('cache-policy', v.id), ETag: v.etag };
}
export function getCachePolicy(s: CloudFrontContext, ctx: RequestContext, input: api.GetCachePolicyRequest): api.GetCachePolicyResult {
  const v = requirePolicy(s, ctx.account, KINDS.cache, input.Id);
  return { CachePolicy: cachePolicyOf(v), ETag: v.etag };
}
export function getCachePolicyConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetCachePolicyConfigRequest): api.GetCachePolicyConfigResult {
  const v = requirePolicy(s, ctx.account, KINDS.cache, input.Id);
  return { CachePolicyConfig: v.config as unknown as api.CachePolicyConfig, ETag: v.etag };
}
export function updateCachePolicy(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateCachePolicyRequest): api.UpdateCachePolicyResult {
  const v = update(s, ctx, KINDS.cache, input.Id, input.IfMatch, input.CachePolicyConfig as unknown as Record<string, unknown>);
  return { CachePolicy: cachePolicyOf(v), ETag: v.etag };
}
export function deleteCachePolicy(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteCachePolicyRequest): void {
  remove(s, ctx, KINDS.cache, input.Id, input.IfMatch);
}
export function listCachePolicies(s: CloudFrontContext, ctx: RequestContext, input: api.ListCachePoliciesRequest): api.ListCachePoliciesResult {
  const p = page(listAll(s, ctx.account, KINDS.cache, input.Type), (v) => v.id, input.Marker, input.MaxItems);
  const list: api.CachePolicyList = { MaxItems: p.maxItems, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map((v) => ({ Type: v.managed ? 'managed' : 'custom', CachePolicy: cachePolicyOf(v) }));
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { CachePolicyList: list };
}

// Origin request policies

const orpOf = (v: PolicyView): api.OriginRequestPolicy => ({ Id: v.id, LastModifiedTime: new Date(v.modified), OriginRequestPolicyConfig: v.config as unknown as api.OriginRequestPolicyConfig });

export function createOriginRequestPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.CreateOriginRequestPolicyRequest): api.CreateOriginRequestPolicyResult {
  const v = create(s, ctx, KINDS.originRequest, input.OriginRequestPolicyConfig as unknown as Record<string, unknown>);
  return { OriginRequestPolicy: orpOf(v), Location: locationOf('origin-request-policy', v.id), ETag: v.etag };
}
export function getOriginRequestPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.GetOriginRequestPolicyRequest): api.GetOriginRequestPolicyResult {
  const v = requirePolicy(s, ctx.account, KINDS.originRequest, input.Id);
  return { OriginRequestPolicy: orpOf(v), ETag: v.etag };
}
export function getOriginRequestPolicyConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetOriginRequestPolicyConfigRequest): api.GetOriginRequestPolicyConfigResult {
  const v = requirePolicy(s, ctx.account, KINDS.originRequest, input.Id);
  return { OriginRequestPolicyConfig: v.config as unknown as api.OriginRequestPolicyConfig, ETag: v.etag };
}
export function updateOriginRequestPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateOriginRequestPolicyRequest): api.UpdateOriginRequestPolicyResult {
  const v = update(s, ctx, KINDS.originRequest, input.Id, input.IfMatch, input.OriginRequestPolicyConfig as unknown as Record<string, unknown>);
  return { OriginRequestPolicy: orpOf(v), ETag: v.etag };
}
export function deleteOriginRequestPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteOriginRequestPolicyRequest): void {
  remove(s, ctx, KINDS.originRequest, input.Id, input.IfMatch);
}
export function listOriginRequestPolicies(s: CloudFrontContext, ctx: RequestContext, input: api.ListOriginRequestPoliciesRequest): api.ListOriginRequestPoliciesResult {
  const p = page(listAll(s, ctx.account, KINDS.originRequest, input.Type), (v) => v.id, input.Marker, input.MaxItems);
  const list: api.OriginRequestPolicyList = { MaxItems: p.maxItems, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map((v) => ({ Type: v.managed ? 'managed' : 'custom', OriginRequestPolicy: orpOf(v) }));
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { OriginRequestPolicyList: list };
}

// Response headers policies

const rhpOf = (v: PolicyView): api.ResponseHeadersPolicy => ({ Id: v.id, LastModifiedTime: new Date(v.modified), ResponseHeadersPolicyConfig: v.config as unknown as api.ResponseHeadersPolicyConfig });

export function createResponseHeadersPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.CreateResponseHeadersPolicyRequest): api.CreateResponseHeadersPolicyResult {
  const v = create(s, ctx, KINDS.responseHeaders, input.ResponseHeadersPolicyConfig as unknown as Record<string, unknown>);
  return { ResponseHeadersPolicy: rhpOf(v), Location: locationOf('response-headers-policy', v.id), ETag: v.etag };
}
export function getResponseHeadersPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.GetResponseHeadersPolicyRequest): api.GetResponseHeadersPolicyResult {
  const v = requirePolicy(s, ctx.account, KINDS.responseHeaders, input.Id);
  return { ResponseHeadersPolicy: rhpOf(v), ETag: v.etag };
}
export function getResponseHeadersPolicyConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetResponseHeadersPolicyConfigRequest): api.GetResponseHeadersPolicyConfigResult {
  const v = requirePolicy(s, ctx.account, KINDS.responseHeaders, input.Id);
  return { ResponseHeadersPolicyConfig: v.config as unknown as api.ResponseHeadersPolicyConfig, ETag: v.etag };
}
export function updateResponseHeadersPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateResponseHeadersPolicyRequest): api.UpdateResponseHeadersPolicyResult {
  const v = update(s, ctx, KINDS.responseHeaders, input.Id, input.IfMatch, input.ResponseHeadersPolicyConfig as unknown as Record<string, unknown>);
  return { ResponseHeadersPolicy: rhpOf(v), ETag: v.etag };
}
export function deleteResponseHeadersPolicy(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteResponseHeadersPolicyRequest): void {
  remove(s, ctx, KINDS.responseHeaders, input.Id, input.IfMatch);
}
export function listResponseHeadersPolicies(s: CloudFrontContext, ctx: RequestContext, input: api.ListResponseHeadersPoliciesRequest): api.ListResponseHeadersPoliciesResult {
  const p = page(listAll(s, ctx.account, KINDS.responseHeaders, input.Type), (v) => v.id, input.Marker, input.MaxItems);
  const list: api.ResponseHeadersPolicyList = { MaxItems: p.maxItems, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map((v) => ({ Type: v.managed ? 'managed' : 'custom', ResponseHeadersPolicy: rhpOf(v) }));
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { ResponseHeadersPolicyList: list };
}

/** The edge's view of a policy by id (managed or the account's own), for cache keys and forwarding. */
export function policyConfig<T>(s: CloudFrontContext, account: string, which: keyof typeof KINDS, id: string): T | undefined {
  return findPolicy(s, account, KINDS[which], id)?.config as T | undefined;
}
