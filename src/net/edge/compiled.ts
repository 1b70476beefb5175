// A distribution compiled for the edge: behaviors with their cache-key and forwarding rules resolved from cache
// and origin request policies (or legacy ForwardedValues), origins, error responses and geo restriction, so that
// serving a request reads plain fields and never the API's shapes.
import type * as api from '../../generated/cloudfront/api.js';
import { compilePathPattern } from './rules.js';

export type Selection = { mode: 'none' | 'all' } | { mode: 'whitelist' | 'allExcept'; names: Set<string> };

export interface EdgeBehavior {
  pattern: string | undefined;
  originId: string;
  viewerProtocolPolicy: api.ViewerProtocolPolicy;
  allowedMethods: Set<string>;
  cachedMethods: Set<string>;
  ttl: { minTtl: number; defaultTtl: number; maxTtl: number };
  keyHeaders: string[];
  keyCookies: Selection;
  keyQuery: Selection;
  gzip: boolean;
  br: boolean;
  /** The behavior's Compress: the edge compresses eligible answers itself (compress.ts). */
  compress: boolean;
  /** Viewer headers forwarded beyond the key's: all, all but some, or a list (lower case). */
  forwardHeaders: Selection;
  forwardCookies: Selection;
  forwardQuery: Selection;
  /** TrustedKeyGroups: key group ids whose public keys sign URLs and cookies for it; empty when unrestricted. */
  trustedKeyGroups: string[];
}

export interface EdgeOrigin {
  id: string;
  domainName: string;
  originPath: string;
  customHeaders: [string, string][];
  s3Bucket: string | undefined;
  custom: { httpPort: number; httpsPort: number; protocolPolicy: api.OriginProtocolPolicy; readTimeoutMs: number } | undefined;
  connectTimeoutMs: number;
  connectionAttempts: number;
  oac: { signingBehavior: string } | undefined;
  oaiId: string | undefined;
}

export interface EdgeDistribution {
  id: string;
  account: string;
  arn: string;
  domainName: string;
  aliases: string[];
  enabled: boolean;
  /** The WAFv2 web ACL (WebACLId) judging its requests, or undefined. */
  webAclArn: string | undefined;
  defaultRootObject: string;
  behaviors: EdgeBehavior[];
  /** The behaviors' PathPatterns compiled, in order. */
  patterns: RegExp[];
  defaultBehavior: EdgeBehavior;
  origins: Map<string, EdgeOrigin>;
  /** Origin group id → its members in failover order and the statuses that fail over. */
  originGroups: Map<string, { members: string[]; statuses: Set<number> }>;
  errorResponses: Map<number, { pagePath: string | undefined; responseCode: number | undefined; cachingMinTtl: number }>;
  geo: { type: api.GeoRestrictionType; countries: Set<string> };
  /** Whether serving needs the viewer's country (geo restriction or a behavior naming CloudFront-Viewer-Country). */
  needsCountry: boolean;
}

export interface PolicyLookup {
  cache(id: string): api.CachePolicyConfig | undefined;
  originRequest(id: string): api.OriginRequestPolicyConfig | undefined;
  oac(id: string): api.OriginAccessControlConfig | undefined;
}

const lower = (items: readonly string[] | undefined) => new Set((items ?? []).map((s) => s.toLowerCase()));
const exact = (items: readonly string[] | undefined) => new Set(items ?? []);

function selection(behavior: string, items: readonly string[] | undefined, caseInsensitive: boolean): Selection {
  if (behavior === 'whitelist' || behavior === 'allExcept') return { mode: behavior, names: caseInsensitive ? lower(items) : exact(items) };
  return { mode: behavior === 'all' || behavior === 'allViewer' ? 'all' : 'none' };
}

function compileBehavior(b: api.DefaultCacheBehavior & { PathPattern?: string }, lookup: PolicyLookup): EdgeBehavior {
  const allowed = b.AllowedMethods?.Items ?? ['GET', 'HEAD'];
  const cached = b.AllowedMethods?.CachedMethods?.Items ?? ['GET', 'HEAD'];
  const trustedKeyGroups = b.TrustedKeyGroups?.Enabled ? [...(b.TrustedKeyGroups.Items ?? [])] : [];
  const base = { trustedKeyGroups, compress: b.Compress ?? false, pattern: b.PathPattern, originId: b.TargetOriginId, viewerProtocolPolicy: b.ViewerProtocolPolicy, allowedMethods: new Set<string>(allowed), cachedMethods: new Set<string>(cached) };
  if (b.CachePolicyId) {
    const cp = lookup.cache(b.CachePolicyId);
    const p = cp?.ParametersInCacheKeyAndForwardedToOrigin;
    const orp = b.OriginRequestPolicyId ? lookup.originRequest(b.OriginRequestPolicyId) : undefined;
    const keyHeaders = p?.HeadersConfig.HeaderBehavior === 'whitelist' ? [...lower(p.HeadersConfig.Headers?.Items)].sort() : [];
    return {
      ...base,
      ttl: { minTtl: cp?.MinTTL ?? 0, defaultTtl: cp?.DefaultTTL ?? 86400, maxTtl: cp?.MaxTTL ?? 31536000 },
      keyHeaders,
      keyCookies: selection(p?.CookiesConfig.CookieBehavior ?? 'none', p?.CookiesConfig.Cookies?.Items, false),
      keyQuery: selection(p?.QueryStringsConfig.QueryStringBehavior ?? 'none', p?.QueryStringsConfig.QueryStrings?.Items, false),
      gzip: p?.EnableAcceptEncodingGzip ?? false,
      br: p?.EnableAcceptEncodingBrotli ?? false,
      forwardHeaders: orp ? selection(orp.HeadersConfig.HeaderBehavior, orp.HeadersConfig.Headers?.Items, true) : { mode: 'none' },
      forwardCookies: orp ? selection(orp.CookiesConfig.CookieBehavior, orp.CookiesConfig.Cookies?.Items, false) : { mode: 'none' },
      forwardQuery: orp ? selection(orp.QueryStringsConfig.QueryStringBehavior, orp.QueryStringsConfig.QueryStrings?.Items, false) : { mode: 'none' },
    };
  }
  // Legacy cache settings: ForwardedValues names what is both keyed and forwarded; `*` headers = all.
  const fv = b.ForwardedValues;
  const headers = fv?.Headers?.Items ?? [];
  const allHeaders = headers.includes('*');
  const keyQuery: Selection = !fv?.QueryString ? { mode: 'none' } : fv.QueryStringCacheKeys?.Quantity ? { mode: 'whitelist', names: exact(fv.QueryStringCacheKeys.Items) } : { mode: 'all' };
  return {
    ...base,
    ttl: { minTtl: b.MinTTL ?? 0, defaultTtl: b.DefaultTTL ?? 86400, maxTtl: b.MaxTTL ?? 31536000 },
    keyHeaders: allHeaders ? [] : [...lower(headers)].sort(),
    keyCookies: selection(fv?.Cookies.Forward ?? 'none', fv?.Cookies.WhitelistedNames?.Items, false),
    keyQuery,
    gzip: b.Compress ?? false,
    br: b.Compress ?? false,
    forwardHeaders: allHeaders ? { mode: 'all' } : { mode: 'none' },
    forwardCookies: { mode: 'none' },
    forwardQuery: fv?.QueryString ? { mode: 'all' } : { mode: 'none' },
  };
}

/** An S3 REST endpoint domain → its bucket (`<bucket>.s3.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com`). */
export function s3BucketOf(domainName: string): string | undefined {
  return /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(domainName.toLowerCase())?.[1];
}

export function compileDistribution(d: { id: string; account: string; arn: string; domainName: string; config: api.DistributionConfig }, lookup: PolicyLookup): EdgeDistribution {
  const c = d.config;
  const origins = new Map<string, EdgeOrigin>();
  for (const o of c.Origins.Items ?? []) {
    const custom = o.CustomOriginConfig;
    const oac = o.OriginAccessControlId ? lookup.oac(o.OriginAccessControlId) : undefined;
    origins.set(o.Id, {
      id: o.Id,
      domainName: o.DomainName,
      originPath: o.OriginPath ?? '',
      customHeaders: (o.CustomHeaders?.Items ?? []).map((h) => [h.HeaderName, h.HeaderValue]),
      s3Bucket: o.S3OriginConfig ? s3BucketOf(o.DomainName) : undefined,
      custom: custom ? { httpPort: custom.HTTPPort, httpsPort: custom.HTTPSPort, protocolPolicy: custom.OriginProtocolPolicy, readTimeoutMs: (custom.OriginReadTimeout ?? 30) * 1000 } : undefined,
      connectTimeoutMs: (o.ConnectionTimeout ?? 10) * 1000,
      connectionAttempts: o.ConnectionAttempts ?? 3,
      oac: oac ? { signingBehavior: oac.SigningBehavior } : undefined,
      oaiId: /cloudfront\/([A-Z0-9]+)$/.exec(o.S3OriginConfig?.OriginAccessIdentity ?? '')?.[1],
    });
  }
  const originGroups = new Map<string, { members: string[]; statuses: Set<number> }>();
  for (const g of c.OriginGroups?.Items ?? []) originGroups.set(g.Id, { members: g.Members.Items.map((m) => m.OriginId), statuses: new Set(g.FailoverCriteria.StatusCodes.Items) });
  const errorResponses = new Map<number, { pagePath: string | undefined; responseCode: number | undefined; cachingMinTtl: number }>();
  for (const e of c.CustomErrorResponses?.Items ?? []) {
    errorResponses.set(e.ErrorCode, { pagePath: e.ResponsePagePath || undefined, responseCode: e.ResponseCode ? Number(e.ResponseCode) : undefined, cachingMinTtl: e.ErrorCachingMinTTL ?? 10 });
  }
  const geo = c.Restrictions?.GeoRestriction;
  const behaviors = (c.CacheBehaviors?.Items ?? []).map((b) => compileBehavior(b, lookup));
  const defaultBehavior = compileBehavior(c.DefaultCacheBehavior, lookup);
  const namesCountry = (b: EdgeBehavior) => b.keyHeaders.includes('cloudfront-viewer-country') || (b.forwardHeaders.mode === 'whitelist' && b.forwardHeaders.names.has('cloudfront-viewer-country'));
  return {
    id: d.id,
    account: d.account,
    arn: d.arn,
    domainName: d.domainName,
    aliases: (c.Aliases?.Items ?? []).map((a) => a.toLowerCase()),
    enabled: c.Enabled,
    webAclArn: c.WebACLId || undefined,
    defaultRootObject: c.DefaultRootObject ?? '',
    behaviors,
    patterns: (c.CacheBehaviors?.Items ?? []).map((b) => compilePathPattern(b.PathPattern)),
    defaultBehavior,
    origins,
    originGroups,
    errorResponses,
    geo: { type: geo?.RestrictionType ?? 'none', countries: new Set(geo?.Items ?? []) },
    needsCountry: (geo?.RestrictionType ?? 'none') !== 'none' || [defaultBehavior, ...behaviors].some(namesCountry),
  };
}
