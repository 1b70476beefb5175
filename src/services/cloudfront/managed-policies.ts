// CloudFront's managed cache, origin request and response headers policies under AWS's ids and settings
// (Developer Guide: "Use managed cache policies", "Use managed origin request policies", "Use managed response
// headers policies"). They exist in every account, cannot be changed or deleted (IllegalDelete), and list as
// Type managed.
import type * as api from '../../generated/cloudfront/api.js';

const list = (items: string[]) => ({ Quantity: items.length, Items: items });

function cachePolicy(Name: string, Comment: string, MinTTL: number, DefaultTTL: number, MaxTTL: number, p: { headers?: string[]; cookies?: 'none' | 'all'; queries?: 'none' | 'all' | string[]; gzip: boolean; br: boolean }): api.CachePolicyConfig {
  const queries = p.queries ?? 'none';
  return {
    Comment,
    Name,
    MinTTL,
    DefaultTTL,
    MaxTTL,
    ParametersInCacheKeyAndForwardedToOrigin: {
      EnableAcceptEncodingGzip: p.gzip,
      EnableAcceptEncodingBrotli: p.br,
      HeadersConfig: p.headers?.length ? { HeaderBehavior: 'whitelist', Headers: list(p.headers) } : { HeaderBehavior: 'none' },
      CookiesConfig: { CookieBehavior: p.cookies ?? 'none' },
      QueryStringsConfig: Array.isArray(queries) ? { QueryStringBehavior: 'whitelist', QueryStrings: list(queries) } : { QueryStringBehavior: queries },
    },
  };
}

export const MANAGED_CACHE_POLICIES: Readonly<Record<string, api.CachePolicyConfig>> = {
  '2e54312d-136d-493c-8eb9-b001f22f67d2': cachePolicy('Amplify', 'Policy for Amplify Origin', 2, 2, 600, { headers: ['Authorization', 'CloudFront-Viewer-Country', 'Host'], cookies: 'all', queries: 'all', gzip: true, br: true }),
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': cachePolicy('Managed-CachingDisabled', 'Policy with caching disabled', 0, 0, 0, { gzip: false, br: false }),
  '658327ea-f89d-4fab-a63d-7e88639e58f6': cachePolicy('Managed-CachingOptimized', 'Policy with caching enabled. Supports Gzip and Brotli compression.', 1, 86400, 31536000, { gzip: true, br: true }),
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': cachePolicy('Managed-CachingOptimizedForUncompressedObjects', 'Default policy when compression is disabled', 1, 86400, 31536000, { gzip: false, br: false }),
  '08627262-05a9-4f76-9ded-b50ca2e3a84f': cachePolicy('Managed-Elemental-MediaPackage', 'Policy for Elemental MediaPackage Origin', 0, 86400, 31536000, { headers: ['origin'], queries: ['aws.manifestfilter', 'start', 'end', 'm'], gzip: true, br: false }),
  '83da9c7e-98b4-4e11-a168-04f0df8e2c65': cachePolicy('Managed-UseOriginCacheControlHeaders', 'Policy for origins that return Cache-Control headers. Query strings are not included in the cache key.', 0, 0, 31536000, { headers: ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'], cookies: 'all', gzip: true, br: true }),
  '4cc15a8a-d715-48a4-82b8-cc0b614638fe': cachePolicy('Managed-UseOriginCacheControlHeaders-QueryStrings', 'Policy for origins that return Cache-Control headers and serve different content based on values present in the query string.', 0, 0, 31536000, { headers: ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'], cookies: 'all', queries: 'all', gzip: true, br: true }),
};

function originRequestPolicy(Name: string, Comment: string, headers: api.OriginRequestPolicyHeaderBehavior, headerNames: string[], cookies: api.OriginRequestPolicyCookieBehavior, queries: api.OriginRequestPolicyQueryStringBehavior, queryNames: string[] = []): api.OriginRequestPolicyConfig {
  const HeadersConfig: api.OriginRequestPolicyHeadersConfig = { HeaderBehavior: headers };
  if (headerNames.length) HeadersConfig.Headers = list(headerNames);
  const QueryStringsConfig: api.OriginRequestPolicyQueryStringsConfig = { QueryStringBehavior: queries };
  if (queryNames.length) QueryStringsConfig.QueryStrings = list(queryNames);
  return { Comment, Name, HeadersConfig, CookiesConfig: { CookieBehavior: cookies }, QueryStringsConfig };
}

const CLOUDFRONT_HEADERS = [
  'CloudFront-Viewer-Address', 'CloudFront-Viewer-ASN', 'CloudFront-Viewer-City', 'CloudFront-Viewer-Country', 'CloudFront-Viewer-Country-Name',
  'CloudFront-Viewer-Country-Region', 'CloudFront-Viewer-Country-Region-Name', 'CloudFront-Viewer-Http-Version', 'CloudFront-Viewer-Latitude',
  'CloudFront-Viewer-Longitude', 'CloudFront-Viewer-Metro-Code', 'CloudFront-Viewer-Postal-Code', 'CloudFront-Viewer-Time-Zone',
  'CloudFront-Viewer-TLS', 'CloudFront-Forwarded-Proto', 'CloudFront-Is-Android-Viewer', 'CloudFront-Is-Desktop-Viewer',
  'CloudFront-Is-IOS-Viewer', 'CloudFront-Is-Mobile-Viewer', 'CloudFront-Is-SmartTV-Viewer', 'CloudFront-Is-Tablet-Viewer',
];

export const MANAGED_ORIGIN_REQUEST_POLICIES: Readonly<Record<string, api.OriginRequestPolicyConfig>> = {
  '216adef6-5c7f-47e4-b989-5492eafa07d3': originRequestPolicy('Managed-AllViewer', 'Policy to forward all parameters in viewer requests', 'allViewer', [], 'all', 'all'),
  '33f36d7e-f396-46d9-90e0-52428a34d9dc': originRequestPolicy('Managed-AllViewerAndCloudFrontHeaders-2022-06', 'Policy to forward all parameters in viewer requests and all CloudFront headers', 'allViewerAndWhitelistCloudFront', CLOUDFRONT_HEADERS, 'all', 'all'),
  'b689b0a8-53d0-40ab-baf2-68738e2966ac': originRequestPolicy('Managed-AllViewerExceptHostHeader', 'Policy to forward all parameters in viewer requests except for the Host header', 'allExcept', ['host'], 'all', 'all'),
  '59781a5b-3903-41f3-afcb-af62929ccde1': originRequestPolicy('Managed-CORS-CustomOrigin', 'Policy for allowing CORS requests on custom origin', 'whitelist', ['origin'], 'none', 'none'),
  '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': originRequestPolicy('Managed-CORS-S3Origin', 'Policy for S3 origin with CORS', 'whitelist', ['origin', 'access-control-request-headers', 'access-control-request-method'], 'none', 'none'),
  '775133bc-15f2-49f9-abea-afb2e0bf67d2': originRequestPolicy('Managed-Elemental-MediaTailor-PersonalizedManifests', 'Policy for Elemental MediaTailor Personalized Manifests', 'whitelist', ['origin', 'access-control-request-headers', 'x-forwarded-for', 'access-control-request-method', 'user-agent'], 'none', 'all'),
  'acba4595-bd28-49b8-b9fe-13317c0390fa': originRequestPolicy('Managed-UserAgentRefererHeaders', 'Policy for forwarding user-agent and referer headers', 'whitelist', ['user-agent', 'referer'], 'none', 'all'),
};

const SECURITY_HEADERS: api.ResponseHeadersPolicySecurityHeadersConfig = {
  XSSProtection: { Override: false, Protection: true, ModeBlock: true },
  FrameOptions: { Override: false, FrameOption: 'SAMEORIGIN' },
  ReferrerPolicy: { Override: false, ReferrerPolicy: 'strict-origin-when-cross-origin' },
  ContentTypeOptions: { Override: true },
  StrictTransportSecurity: { Override: false, IncludeSubdomains: false, Preload: false, AccessControlMaxAgeSec: 31536000 },
};

function cors(preflight: boolean): api.ResponseHeadersPolicyCorsConfig {
  const config: api.ResponseHeadersPolicyCorsConfig = {
    AccessControlAllowOrigins: list(['*']),
    AccessControlAllowHeaders: list(['*']),
    AccessControlAllowMethods: list(preflight ? ['ALL'] : ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']) as api.ResponseHeadersPolicyAccessControlAllowMethods,
    AccessControlAllowCredentials: false,
    AccessControlExposeHeaders: list(['*']),
    OriginOverride: false,
  };
  if (preflight) config.AccessControlMaxAgeSec = 600;
  return config;
}

function responseHeadersPolicy(Name: string, Comment: string, corsConfig: api.ResponseHeadersPolicyCorsConfig | undefined, security: boolean): api.ResponseHeadersPolicyConfig {
  const config: api.ResponseHeadersPolicyConfig = { Comment, Name };
  if (corsConfig) config.CorsConfig = corsConfig;
  if (security) config.SecurityHeadersConfig = SECURITY_HEADERS;
  return config;
}

export const MANAGED_RESPONSE_HEADERS_POLICIES: Readonly<Record<string, api.ResponseHeadersPolicyConfig>> = {
  'e61eb60c-9c35-4d20-a928-2b84e02af89c': responseHeadersPolicy('Managed-CORS-and-SecurityHeadersPolicy', 'Allows all origins for simple CORS requests, including security headers', cors(false), true),
  '5cc3b908-e619-4b99-88e5-2cf7f45965bd': responseHeadersPolicy('Managed-CORS-With-Preflight', 'Allows all origins for CORS requests, including preflight requests', cors(true), false),
  'eaab4381-ed33-4a86-88ca-d9558dc6cd63': responseHeadersPolicy('Managed-CORS-with-preflight-and-SecurityHeadersPolicy', 'Allows all origins for CORS requests, including preflight requests and security headers', cors(true), true),
  '67f7725c-6f97-4210-82d7-5512b31e9d03': responseHeadersPolicy('Managed-SecurityHeadersPolicy', 'Adds a set of security headers to every response', undefined, true),
  '60669652-455b-4ae9-85a4-c4c02393f86c': responseHeadersPolicy('Managed-SimpleCORS', 'Allows all origins for simple CORS requests', cors(false), false),
};

/** When AWS last changed the managed policies' definitions, as their LastModifiedTime. */
export const MANAGED_POLICIES_MODIFIED = Date.UTC(2023, 6, 14);
