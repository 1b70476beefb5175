// Origin access controls (OAC) and origin access identities (OAI): the identities the edge signs S3 origin
// requests with. Create/get/update (If-Match)/delete unless a distribution's origin names them, and list.
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import { checkIfMatch, newEId, newEtag, page } from './common.js';
import type { CloudFrontContext } from './context.js';
import { alreadyExists, inUse, invalidArgument, noSuchOac, noSuchOai } from './errors.js';

/** S3's canonical user id of an OAI: 64 bytes of hex, stable for the identity. */
export const oaiCanonicalUserId = (id: string): string => createHash('sha384').update(`cloudfront-oai:${id}`).digest('hex');

const distributions = (s: CloudFrontContext, account: string) => s.store.list<api.DistributionConfig>(account, 'distribution');

// Origin access controls

function checkOacConfig(c: api.OriginAccessControlConfig): void {
  if (!c.Name || c.Name.length > 64) throw invalidArgument('The parameter Name must be 1 to 64 characters long.');
  if (c.SigningProtocol !== 'sigv4') throw invalidArgument(`The parameter SigningProtocol must be sigv4, not ${c.SigningProtocol}.`);
  if (!['never', 'always', 'no-override'].includes(c.SigningBehavior)) throw invalidArgument(`The parameter SigningBehavior is not valid: ${c.SigningBehavior}`);
  if (!['s3', 'mediastore', 'mediapackagev2', 'lambda'].includes(c.OriginAccessControlOriginType)) throw invalidArgument(`The parameter OriginAccessControlOriginType is not valid: ${c.OriginAccessControlOriginType}`);
}

function requireOac(s: CloudFrontContext, account: string, id: string) {
  const r = s.store.get<api.OriginAccessControlConfig>(account, 'oac', id);
  if (!r) throw noSuchOac();
  return r;
}

export function createOriginAccessControl(s: CloudFrontContext, ctx: RequestContext, input: api.CreateOriginAccessControlRequest): api.CreateOriginAccessControlResult {
  const c = input.OriginAccessControlConfig;
  checkOacConfig(c);
  if (s.store.byName(ctx.account, 'oac', c.Name)) throw alreadyExists('OriginAccessControlAlreadyExists', 'origin access control');
  const now = s.clock.now();
  const id = newEId();
  const etag = newEtag();
  const config = { ...c, Description: c.Description ?? '' };
  s.store.transaction(() => s.store.insert({ account: ctx.account, kind: 'oac', id, callerReference: undefined, name: c.Name, etag, config, extra: {}, created: now, modified: now }));
  return { OriginAccessControl: { Id: id, OriginAccessControlConfig: config }, Location: `https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/${id}`, ETag: etag };
}

export function getOriginAccessControl(s: CloudFrontContext, ctx: RequestContext, input: api.GetOriginAccessControlRequest): api.GetOriginAccessControlResult {
  const r = requireOac(s, ctx.account, input.Id);
  return { OriginAccessControl: { Id: r.id, OriginAccessControlConfig: r.config }, ETag: r.etag };
}

export function getOriginAccessControlConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetOriginAccessControlConfigRequest): api.GetOriginAccessControlConfigResult {
  const r = requireOac(s, ctx.account, input.Id);
  return { OriginAccessControlConfig: r.config, ETag: r.etag };
}

export function updateOriginAccessControl(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateOriginAccessControlRequest): api.UpdateOriginAccessControlResult {
  const r = requireOac(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  const c = input.OriginAccessControlConfig;
  checkOacConfig(c);
  const other = s.store.byName(ctx.account, 'oac', c.Name);
  if (other && other.id !== r.id) throw alreadyExists('OriginAccessControlAlreadyExists', 'origin access control');
  const next = { ...r, name: c.Name, config: { ...c, Description: c.Description ?? '' }, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  return { OriginAccessControl: { Id: r.id, OriginAccessControlConfig: next.config }, ETag: next.etag };
}

export function deleteOriginAccessControl(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteOriginAccessControlRequest): void {
  const r = requireOac(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  if (distributions(s, ctx.account).some((d) => (d.config.Origins.Items ?? []).some((o) => o.OriginAccessControlId === r.id))) throw inUse('OriginAccessControlInUse', 'origin access control');
  s.store.transaction(() => s.store.delete('oac', r.id));
}

export function listOriginAccessControls(s: CloudFrontContext, ctx: RequestContext, input: api.ListOriginAccessControlsRequest): api.ListOriginAccessControlsResult {
  const p = page(s.store.list<api.OriginAccessControlConfig>(ctx.account, 'oac'), (r) => r.id, input.Marker, input.MaxItems);
  const list: api.OriginAccessControlList = { Marker: input.Marker ?? '', MaxItems: p.maxItems, IsTruncated: p.nextMarker !== undefined, Quantity: p.items.length };
  if (p.items.length) {
    list.Items = p.items.map((r) => ({
      Id: r.id,
      Description: r.config.Description ?? '',
      Name: r.config.Name,
      SigningProtocol: r.config.SigningProtocol,
      SigningBehavior: r.config.SigningBehavior,
      OriginAccessControlOriginType: r.config.OriginAccessControlOriginType,
    }));
  }
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { OriginAccessControlList: list };
}

// Origin access identities (legacy)

function requireOai(s: CloudFrontContext, account: string, id: string) {
  const r = s.store.get<api.CloudFrontOriginAccessIdentityConfig>(account, 'oai', id);
  if (!r) throw noSuchOai();
  return r;
}

const oaiOf = (id: string, config: api.CloudFrontOriginAccessIdentityConfig): api.CloudFrontOriginAccessIdentity => ({ Id: id, S3CanonicalUserId: oaiCanonicalUserId(id), CloudFrontOriginAccessIdentityConfig: config });

/** The same CallerReference with the same config answers the identity made then; with another config,
 *  CloudFrontOriginAccessIdentityAlreadyExists (CreateCloudFrontOriginAccessIdentity reference). */
export function createCloudFrontOriginAccessIdentity(s: CloudFrontContext, ctx: RequestContext, input: api.CreateCloudFrontOriginAccessIdentityRequest): api.CreateCloudFrontOriginAccessIdentityResult {
  const c = input.CloudFrontOriginAccessIdentityConfig;
  const location = (id: string) => `https://cloudfront.amazonaws.com/2020-05-31/origin-access-identity/cloudfront/${id}`;
  const existing = s.store.byCallerReference<api.CloudFrontOriginAccessIdentityConfig>(ctx.account, 'oai', c.CallerReference);
  if (existing) {
    if (existing.config.Comment !== c.Comment) throw alreadyExists('CloudFrontOriginAccessIdentityAlreadyExists', 'origin access identity');
    return { CloudFrontOriginAccessIdentity: oaiOf(existing.id, existing.config), Location: location(existing.id), ETag: existing.etag };
  }
  const now = s.clock.now();
  const id = newEId();
  const etag = newEtag();
  s.store.transaction(() => s.store.insert({ account: ctx.account, kind: 'oai', id, callerReference: c.CallerReference, name: undefined, etag, config: c, extra: {}, created: now, modified: now }));
  return { CloudFrontOriginAccessIdentity: oaiOf(id, c), Location: location(id), ETag: etag };
}

export function getCloudFrontOriginAccessIdentity(s: CloudFrontContext, ctx: RequestContext, input: api.GetCloudFrontOriginAccessIdentityRequest): api.GetCloudFrontOriginAccessIdentityResult {
  const r = requireOai(s, ctx.account, input.Id);
  return { CloudFrontOriginAccessIdentity: oaiOf(r.id, r.config), ETag: r.etag };
}

export function getCloudFrontOriginAccessIdentityConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetCloudFrontOriginAccessIdentityConfigRequest): api.GetCloudFrontOriginAccessIdentityConfigResult {
  const r = requireOai(s, ctx.account, input.Id);
  return { CloudFrontOriginAccessIdentityConfig: r.config, ETag: r.etag };
}

export function updateCloudFrontOriginAccessIdentity(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateCloudFrontOriginAccessIdentityRequest): api.UpdateCloudFrontOriginAccessIdentityResult {
  const r = requireOai(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  const c = input.CloudFrontOriginAccessIdentityConfig;
  if (c.CallerReference !== r.callerReference) throw invalidArgument('The CallerReference of an origin access identity cannot be changed.');
  const next = { ...r, config: c, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  return { CloudFrontOriginAccessIdentity: oaiOf(r.id, c), ETag: next.etag };
}

export function deleteCloudFrontOriginAccessIdentity(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteCloudFrontOriginAccessIdentityRequest): void {
  const r = requireOai(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  const ref = `origin-access-identity/cloudfront/${r.id}`;
  if (distributions(s, ctx.account).some((d) => (d.config.Origins.Items ?? []).some((o) => o.S3OriginConfig?.OriginAccessIdentity === ref))) throw inUse('CloudFrontOriginAccessIdentityInUse', 'origin access identity');
  s.store.transaction(() => s.store.delete('oai', r.id));
}

export function listCloudFrontOriginAccessIdentities(s: CloudFrontContext, ctx: RequestContext, input: api.ListCloudFrontOriginAccessIdentitiesRequest): api.ListCloudFrontOriginAccessIdentitiesResult {
  const p = page(s.store.list<api.CloudFrontOriginAccessIdentityConfig>(ctx.account, 'oai'), (r) => r.id, input.Marker, input.MaxItems);
  const list: api.CloudFrontOriginAccessIdentityList = { Marker: input.Marker ?? '', MaxItems: p.maxItems, IsTruncated: p.nextMarker !== undefined, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map((r) => ({ Id: r.id, S3CanonicalUserId: oaiCanonicalUserId(r.id), Comment: r.config.Comment }));
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { CloudFrontOriginAccessIdentityList: list };
}
