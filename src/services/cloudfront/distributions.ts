// Distribution configs as CloudFront stores them: the defaults AWS fills in (so Get answers a complete config),
// the checks Create/Update make before anything is stored, and the features kumo refuses with NotImplemented.
import { notImplemented } from '../../core/aws-error.js';
import type * as api from '../../generated/cloudfront/api.js';
import { checkQuantities, itemsOf } from './common.js';
import {
  illegalOriginAccessConfiguration, invalidArgument, invalidDefaultRootObject, invalidErrorCode, invalidLocationCode, invalidRelativePath,
  invalidResponseCode, invalidTtlOrder, invalidViewerCertificate, noSuchOrigin,
} from './errors.js';
import type { StoredResource } from './store.js';

export interface DistributionExtra {
  domainName: string;
}
export type StoredDistribution = StoredResource<api.DistributionConfig, DistributionExtra>;
export type Behavior = api.DefaultCacheBehavior & { PathPattern?: string };

/** The default behavior first, then the ordered cache behaviors (their PathPattern set). */
export function behaviorsOf(config: api.DistributionConfig): Behavior[] {
  return [config.DefaultCacheBehavior, ...itemsOf(config.CacheBehaviors)];
}

const unsupported = (feature: string) => notImplemented('cloudfront', 'distribution config', feature);

/** Error codes a custom error response may name, and codes it may answer with (CustomErrorResponse reference). */
const ERROR_CODES = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
const RESPONSE_CODES = new Set(['200', '400', '403', '404', '405', '414', '416', '500', '501', '502', '503', '504']);
const METHOD_SETS = ['GET,HEAD', 'GET,HEAD,OPTIONS', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'];
const CACHED_SETS = ['GET,HEAD', 'GET,HEAD,OPTIONS'];

/** An S3 REST endpoint: `<bucket>.s3.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com` (or s3-<region>). */
export function s3BucketOf(domainName: string): string | undefined {
  const m = /^(.+)\.s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/.exec(domainName.toLowerCase());
  return m ? m[1] : undefined;
}

function checkFeatures(b: Behavior): void {
  if ((b.FunctionAssociations?.Quantity ?? 0) > 0) throw unsupported('CloudFront Functions (FunctionAssociations)');
  if ((b.LambdaFunctionAssociations?.Quantity ?? 0) > 0) throw unsupported('Lambda@Edge (LambdaFunctionAssociations)');
  if (b.FieldLevelEncryptionId) throw unsupported('field-level encryption (FieldLevelEncryptionId)');
  if (b.RealtimeLogConfigArn) throw unsupported('real-time logs (RealtimeLogConfigArn)');
  if (b.SmoothStreaming) throw unsupported('Smooth Streaming');
  if (b.GrpcConfig?.Enabled) throw unsupported('gRPC (GrpcConfig)');
  if (b.TrustedSigners?.Enabled) throw unsupported('trusted signers (CloudFront key pairs of the root user); use TrustedKeyGroups');
}

function checkMethods(b: Behavior): void {
  const allowed = b.AllowedMethods;
  if (!allowed) return;
  const key = [...allowed.Items].sort().join(',');
  if (!METHOD_SETS.includes(key)) throw invalidArgument(`The parameter AllowedMethods must be GET and HEAD; GET, HEAD and OPTIONS; or all seven methods, not ${allowed.Items.join(', ')}.`);
  const cached = allowed.CachedMethods ? [...allowed.CachedMethods.Items].sort().join(',') : 'GET,HEAD';
  if (!CACHED_SETS.includes(cached)) throw invalidArgument('The parameter CachedMethods must be GET and HEAD, or GET, HEAD and OPTIONS.');
}

function checkLegacyTtls(b: Behavior): void {
  if (b.CachePolicyId) return;
  if (!b.ForwardedValues) throw invalidArgument('The parameter ForwardedValues is required when no CachePolicyId is given.');
  const min = b.MinTTL ?? 0;
  const def = b.DefaultTTL ?? 86400;
  const max = b.MaxTTL ?? 31536000;
  if (min < 0 || min > def || def > max) throw invalidTtlOrder();
}

/** Checks that need no other resource: quantities, origins, behaviors, errors, geo codes, unsupported features. */
export function validateDistributionConfig(config: api.DistributionConfig): void {
  checkQuantities(config);
  if (!config.CallerReference) throw invalidArgument('The parameter CallerReference is required.');
  if (config.ContinuousDeploymentPolicyId || config.Staging) throw unsupported('continuous deployment (staging distributions)');
  if (config.AnycastIpListId) throw unsupported('Anycast static IP lists');
  if (config.TenantConfig || config.ConnectionMode === 'tenant-only') throw unsupported('multi-tenant distributions');
  if (config.ViewerMtlsConfig || config.ConnectionFunctionAssociation) throw unsupported('viewer mTLS and connection functions');
  if (config.Logging?.Enabled) throw unsupported('standard logging (Logging.Enabled)');
  const origins = itemsOf(config.Origins);
  if (origins.length === 0) throw invalidArgument('The parameter Origins must contain at least one origin.');
  const ids = new Set<string>();
  for (const o of origins) {
    if (ids.has(o.Id)) throw invalidArgument(`The parameter Origin Id must be unique: ${o.Id}`);
    ids.add(o.Id);
    if (o.VpcOriginConfig) throw unsupported('VPC origins (VpcOriginConfig)');
    if (o.S3OriginConfig && o.CustomOriginConfig) throw invalidArgument(`Origin ${o.Id} cannot have both S3OriginConfig and CustomOriginConfig.`);
    if (!o.S3OriginConfig && !o.CustomOriginConfig) throw invalidArgument(`Origin ${o.Id} must have S3OriginConfig or CustomOriginConfig.`);
    if (o.S3OriginConfig?.OriginAccessIdentity && o.OriginAccessControlId) throw illegalOriginAccessConfiguration();
    if (o.OriginPath && (!o.OriginPath.startsWith('/') || o.OriginPath.endsWith('/'))) throw invalidArgument(`The parameter OriginPath must begin with a slash and must not end with one: ${o.OriginPath}`);
    if (!/^[a-z0-9.-]+$/i.test(o.DomainName)) throw invalidArgument(`The parameter origin name is not a valid domain name: ${o.DomainName}`);
  }
  for (const g of itemsOf(config.OriginGroups)) {
    if (ids.has(g.Id)) throw invalidArgument(`The parameter Origin Id must be unique: ${g.Id}`);
    for (const m of g.Members.Items) if (!ids.has(m.OriginId)) throw noSuchOrigin(m.OriginId);
    ids.add(g.Id);
  }
  const patterns = new Set<string>();
  for (const b of behaviorsOf(config)) {
    if (!ids.has(b.TargetOriginId)) throw noSuchOrigin(b.TargetOriginId);
    if (b.PathPattern !== undefined) {
      if (patterns.has(b.PathPattern)) throw invalidArgument(`The parameter PathPattern must be unique: ${b.PathPattern}`);
      patterns.add(b.PathPattern);
    }
    checkFeatures(b);
    checkMethods(b);
    checkLegacyTtls(b);
  }
  for (const e of itemsOf(config.CustomErrorResponses)) {
    if (!ERROR_CODES.has(e.ErrorCode)) throw invalidErrorCode(e.ErrorCode);
    if (e.ResponsePagePath && !e.ResponsePagePath.startsWith('/')) throw invalidRelativePath(e.ResponsePagePath);
    if (e.ResponseCode && !RESPONSE_CODES.has(e.ResponseCode)) throw invalidResponseCode(e.ResponseCode);
    if ((e.ResponsePagePath ? 1 : 0) !== (e.ResponseCode ? 1 : 0)) throw invalidArgument('ResponsePagePath and ResponseCode must be given together.');
  }
  if (config.DefaultRootObject?.startsWith('/')) throw invalidDefaultRootObject();
  const geo = config.Restrictions?.GeoRestriction;
  if (geo) {
    if (geo.RestrictionType === 'none' && geo.Quantity > 0) throw invalidArgument('Location codes must not be given when RestrictionType is none.');
    if (geo.RestrictionType !== 'none' && geo.Quantity === 0) throw invalidArgument('At least one location code is required when RestrictionType is whitelist or blacklist.');
    for (const code of geo.Items ?? []) if (!/^[A-Z]{2}$/.test(code)) throw invalidLocationCode(code);
  }
  const cert = config.ViewerCertificate;
  const aliases = itemsOf(config.Aliases);
  if (cert?.IAMCertificateId) throw unsupported('IAM server certificates (IAMCertificateId); use ACMCertificateArn');
  if (aliases.length > 0 && (!cert || cert.CloudFrontDefaultCertificate)) {
    throw invalidViewerCertificate('To add an alternate domain name (CNAME) to a CloudFront distribution, you must attach a trusted certificate that validates your authorization to use the domain name.');
  }
  for (const a of aliases) if (!/^(\*\.)?([a-z0-9-]+\.)+[a-z0-9-]+$/i.test(a)) throw invalidArgument(`The parameter CNAME contains an invalid domain name: ${a}`);
}

const none = { Quantity: 0 };

/** The config as CloudFront answers it: every optional list and setting filled with its default. */
export function withDefaults(config: api.DistributionConfig): api.DistributionConfig {
  const behavior = <B extends Behavior>(b: B): B => {
    const out: B = {
      ...b,
      TrustedSigners: b.TrustedSigners ?? { Enabled: false, Quantity: 0 },
      TrustedKeyGroups: b.TrustedKeyGroups ?? { Enabled: false, Quantity: 0 },
      AllowedMethods: b.AllowedMethods ?? { Quantity: 2, Items: ['HEAD', 'GET'], CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } },
      SmoothStreaming: b.SmoothStreaming ?? false,
      Compress: b.Compress ?? false,
      LambdaFunctionAssociations: b.LambdaFunctionAssociations ?? none,
      FunctionAssociations: b.FunctionAssociations ?? none,
      FieldLevelEncryptionId: b.FieldLevelEncryptionId ?? '',
    };
    if (out.AllowedMethods && !out.AllowedMethods.CachedMethods) out.AllowedMethods = { ...out.AllowedMethods, CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } };
    if (!b.CachePolicyId) Object.assign(out, { MinTTL: b.MinTTL ?? 0, DefaultTTL: b.DefaultTTL ?? 86400, MaxTTL: b.MaxTTL ?? 31536000 });
    return out;
  };
  const origins = itemsOf(config.Origins).map((o) => {
    const out: api.Origin = { ...o, OriginPath: o.OriginPath ?? '', CustomHeaders: o.CustomHeaders ?? none, ConnectionAttempts: o.ConnectionAttempts ?? 3, ConnectionTimeout: o.ConnectionTimeout ?? 10, OriginShield: o.OriginShield ?? { Enabled: false }, OriginAccessControlId: o.OriginAccessControlId ?? '' };
    if (o.S3OriginConfig) out.S3OriginConfig = { ...o.S3OriginConfig, OriginReadTimeout: o.S3OriginConfig.OriginReadTimeout ?? 30 };
    if (o.CustomOriginConfig) {
      out.CustomOriginConfig = {
        ...o.CustomOriginConfig,
        OriginSslProtocols: o.CustomOriginConfig.OriginSslProtocols ?? { Quantity: 1, Items: ['TLSv1.2'] },
        OriginReadTimeout: o.CustomOriginConfig.OriginReadTimeout ?? 30,
        OriginKeepaliveTimeout: o.CustomOriginConfig.OriginKeepaliveTimeout ?? 5,
      };
    }
    return out;
  });
  const cacheBehaviors = itemsOf(config.CacheBehaviors).map(behavior);
  return {
    ...config,
    Aliases: config.Aliases ?? none,
    DefaultRootObject: config.DefaultRootObject ?? '',
    Origins: { Quantity: origins.length, Items: origins },
    OriginGroups: config.OriginGroups ?? none,
    DefaultCacheBehavior: behavior(config.DefaultCacheBehavior),
    CacheBehaviors: cacheBehaviors.length ? { Quantity: cacheBehaviors.length, Items: cacheBehaviors } : none,
    CustomErrorResponses: config.CustomErrorResponses ?? none,
    Logging: config.Logging ?? { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    PriceClass: config.PriceClass ?? 'PriceClass_All',
    ViewerCertificate: config.ViewerCertificate ?? { CloudFrontDefaultCertificate: true, SSLSupportMethod: 'vip', MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront' },
    Restrictions: config.Restrictions ?? { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    WebACLId: config.WebACLId ?? '',
    HttpVersion: config.HttpVersion ?? 'http2',
    IsIPV6Enabled: config.IsIPV6Enabled ?? false,
    Staging: config.Staging ?? false,
  };
}
