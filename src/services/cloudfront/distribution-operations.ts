// Distribution operations: create (idempotent per CallerReference), get, get config, update and delete with
// If-Match, list, and the lookups by policy, key group and web ACL. A committed config reaches the edge at once.
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import { checkIfMatch, distributionArn, itemsOf, newDomainName, newEId, newEtag, page } from './common.js';
import type { CloudFrontContext } from './context.js';
import { behaviorsOf, validateDistributionConfig, withDefaults, type StoredDistribution } from './distributions.js';
import {
  cnameAlreadyExists, distributionAlreadyExists, distributionNotDisabled, illegalUpdate, invalidOriginAccessIdentity, invalidWebAclId,
  noSuchDistribution, noSuchKeyGroupForBehavior, noSuchOac,
} from './errors.js';
import { checkBehaviorPolicies, idList } from './policies.js';
import { applyTags } from './tag-operations.js';

export function requireDistribution(s: CloudFrontContext, account: string, id: string): StoredDistribution {
  const d = s.store.get<api.DistributionConfig, { domainName: string }>(account, 'distribution', id);
  if (!d) throw noSuchDistribution();
  return d;
}

/** Checks against other resources: policies, OACs, OAIs, key groups, aliases held elsewhere, the web ACL. */
async function checkReferences(s: CloudFrontContext, account: string, config: api.DistributionConfig, self?: string): Promise<void> {
  for (const o of itemsOf(config.Origins)) {
    if (o.OriginAccessControlId && !s.store.get(account, 'oac', o.OriginAccessControlId)) throw noSuchOac();
    const oai = o.S3OriginConfig?.OriginAccessIdentity;
    if (oai) {
      const m = /^origin-access-identity\/cloudfront\/([A-Z0-9]+)$/.exec(oai);
      if (!m || !s.store.get(account, 'oai', m[1]!)) throw invalidOriginAccessIdentity();
    }
  }
  for (const b of behaviorsOf(config)) {
    checkBehaviorPolicies(s, account, b);
    for (const kg of itemsOf(b.TrustedKeyGroups)) if (!s.store.get(account, 'key-group', kg)) throw noSuchKeyGroupForBehavior();
  }
  // An alternate domain name belongs to one distribution across all accounts ("CNAMEAlreadyExists").
  const aliases = new Set(itemsOf(config.Aliases).map((a) => a.toLowerCase()));
  if (aliases.size) {
    for (const other of s.store.all<api.DistributionConfig>('distribution')) {
      if (other.id === self) continue;
      const taken = itemsOf(other.config.Aliases).find((a) => aliases.has(a.toLowerCase()));
      if (taken) throw cnameAlreadyExists(taken);
    }
  }
  if (config.WebACLId) {
    const exists = await s.webAclExists();
    if (!exists) throw notImplemented('cloudfront', 'distribution config', 'WebACLId (WAFv2 is not available in this kumo)');
    if (!exists(account, config.WebACLId)) throw invalidWebAclId(config.WebACLId);
  }
}

export function distributionOf(d: StoredDistribution, status: 'InProgress' | 'Deployed', s: CloudFrontContext): api.Distribution {
  const keyGroups = [...new Set(behaviorsOf(d.config).flatMap((b) => itemsOf(b.TrustedKeyGroups)))];
  const active = keyGroups.map((id) => {
    const kg = s.store.get<api.KeyGroupConfig>(d.account, 'key-group', id);
    const keys = kg?.config.Items ?? [];
    return { KeyGroupId: id, KeyPairIds: keys.length ? { Quantity: keys.length, Items: keys } : { Quantity: 0 } };
  });
  return {
    Id: d.id,
    ARN: distributionArn(d.account, d.id),
    Status: status,
    LastModifiedTime: new Date(d.modified),
    InProgressInvalidationBatches: 0,
    DomainName: d.extra.domainName,
    ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
    ActiveTrustedKeyGroups: active.length ? { Enabled: true, Quantity: active.length, Items: active } : { Enabled: false, Quantity: 0 },
    DistributionConfig: d.config,
  };
}

async function create(s: CloudFrontContext, ctx: RequestContext, input: api.DistributionConfig, tags: api.Tags | undefined): Promise<api.CreateDistributionResult> {
  validateDistributionConfig(input);
  const existing = s.store.byCallerReference<api.DistributionConfig, { domainName: string }>(ctx.account, 'distribution', input.CallerReference);
  if (existing) throw distributionAlreadyExists(existing.id);
  await checkReferences(s, ctx.account, input);
  const now = s.clock.now();
  const d: StoredDistribution = { account: ctx.account, kind: 'distribution', id: newEId(), callerReference: input.CallerReference, name: undefined, etag: newEtag(), config: withDefaults(input), extra: { domainName: newDomainName() }, created: now, modified: now };
  s.store.transaction(() => {
    s.store.insert(d);
    if (tags) applyTags(s, ctx.account, distributionArn(ctx.account, d.id), tags);
  });
  s.edge.publish(d);
  return { Distribution: distributionOf(d, 'InProgress', s), Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${d.id}`, ETag: d.etag };
}

export function createDistribution(s: CloudFrontContext, ctx: RequestContext, input: api.CreateDistributionRequest): Promise<api.CreateDistributionResult> {
  return create(s, ctx, input.DistributionConfig, undefined);
}

export function createDistributionWithTags(s: CloudFrontContext, ctx: RequestContext, input: api.CreateDistributionWithTagsRequest): Promise<api.CreateDistributionWithTagsResult> {
  return create(s, ctx, input.DistributionConfigWithTags.DistributionConfig, input.DistributionConfigWithTags.Tags);
}

/** Status is InProgress in the Create/Update answer and Deployed from the next read on: kumo's edge serves a
 *  config as soon as it is committed, so `aws cloudfront wait distribution-deployed` ends at once. */
export function getDistribution(s: CloudFrontContext, ctx: RequestContext, input: api.GetDistributionRequest): api.GetDistributionResult {
  const d = requireDistribution(s, ctx.account, input.Id);
  return { Distribution: distributionOf(d, 'Deployed', s), ETag: d.etag };
}

export function getDistributionConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetDistributionConfigRequest): api.GetDistributionConfigResult {
  const d = requireDistribution(s, ctx.account, input.Id);
  return { DistributionConfig: d.config, ETag: d.etag };
}

export async function updateDistribution(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateDistributionRequest): Promise<api.UpdateDistributionResult> {
  const d = requireDistribution(s, ctx.account, input.Id);
  checkIfMatch(d.etag, input.IfMatch);
  validateDistributionConfig(input.DistributionConfig);
  if (input.DistributionConfig.CallerReference !== d.callerReference) throw illegalUpdate();
  await checkReferences(s, ctx.account, input.DistributionConfig, d.id);
  const next: StoredDistribution = { ...d, config: withDefaults(input.DistributionConfig), etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  s.edge.publish(next);
  return { Distribution: distributionOf(next, 'InProgress', s), ETag: next.etag };
}

export function deleteDistribution(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteDistributionRequest): void {
  const d = requireDistribution(s, ctx.account, input.Id);
  checkIfMatch(d.etag, input.IfMatch);
  if (d.config.Enabled) throw distributionNotDisabled();
  s.store.transaction(() => {
    s.store.delete('distribution', d.id);
    s.store.deleteInvalidations(d.id);
    s.store.deleteTags(distributionArn(d.account, d.id));
  });
  s.edge.remove(d.id);
}

function summaryOf(d: StoredDistribution): api.DistributionSummary {
  const c = d.config;
  return {
    Id: d.id,
    ARN: distributionArn(d.account, d.id),
    ETag: d.etag,
    Status: 'Deployed',
    LastModifiedTime: new Date(d.modified),
    DomainName: d.extra.domainName,
    Aliases: c.Aliases!,
    Origins: c.Origins,
    OriginGroups: c.OriginGroups!,
    DefaultCacheBehavior: c.DefaultCacheBehavior,
    CacheBehaviors: c.CacheBehaviors!,
    CustomErrorResponses: c.CustomErrorResponses!,
    Comment: c.Comment,
    PriceClass: c.PriceClass!,
    Enabled: c.Enabled,
    ViewerCertificate: c.ViewerCertificate!,
    Restrictions: c.Restrictions!,
    WebACLId: c.WebACLId ?? '',
    HttpVersion: c.HttpVersion!,
    IsIPV6Enabled: c.IsIPV6Enabled ?? false,
    Staging: c.Staging ?? false,
  };
}

function distributionList(all: StoredDistribution[], marker: string | undefined, maxItems: string | undefined): api.DistributionList {
  const p = page(all, (d) => d.id, marker, maxItems);
  const list: api.DistributionList = { Marker: marker ?? '', MaxItems: p.maxItems, IsTruncated: p.nextMarker !== undefined, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map(summaryOf);
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return list;
}

const accountDistributions = (s: CloudFrontContext, account: string) => s.store.list<api.DistributionConfig, { domainName: string }>(account, 'distribution');

export function listDistributions(s: CloudFrontContext, ctx: RequestContext, input: api.ListDistributionsRequest): api.ListDistributionsResult {
  return { DistributionList: distributionList(accountDistributions(s, ctx.account), input.Marker, input.MaxItems) };
}

export function listDistributionsByWebACLId(s: CloudFrontContext, ctx: RequestContext, input: api.ListDistributionsByWebACLIdRequest): api.ListDistributionsByWebACLIdResult {
  const all = accountDistributions(s, ctx.account).filter((d) => (d.config.WebACLId ?? '') === input.WebACLId || (input.WebACLId === 'null' && !d.config.WebACLId));
  return { DistributionList: distributionList(all, input.Marker, input.MaxItems) };
}

function idsWhere(s: CloudFrontContext, account: string, test: (b: ReturnType<typeof behaviorsOf>[number]) => boolean): string[] {
  return accountDistributions(s, account).filter((d) => behaviorsOf(d.config).some(test)).map((d) => d.id);
}

export function listDistributionsByKeyGroup(s: CloudFrontContext, ctx: RequestContext, input: api.ListDistributionsByKeyGroupRequest): api.ListDistributionsByKeyGroupResult {
  return { DistributionIdList: idList(idsWhere(s, ctx.account, (b) => itemsOf(b.TrustedKeyGroups).includes(input.KeyGroupId)), input.Marker, input.MaxItems) };
}

/** Sets a distribution's WebACLId (AssociateDistributionWebACL): the same checks as a WebACLId in an update. */
export async function associateDistributionWebACL(s: CloudFrontContext, ctx: RequestContext, input: api.AssociateDistributionWebACLRequest): Promise<api.AssociateDistributionWebACLResult> {
  const d = requireDistribution(s, ctx.account, input.Id);
  if (input.IfMatch !== undefined) checkIfMatch(d.etag, input.IfMatch);
  const config = { ...d.config, WebACLId: input.WebACLArn };
  await checkReferences(s, ctx.account, config, d.id);
  const next: StoredDistribution = { ...d, config, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  s.edge.publish(next);
  return { Id: d.id, WebACLArn: input.WebACLArn, ETag: next.etag };
}

export function disassociateDistributionWebACL(s: CloudFrontContext, ctx: RequestContext, input: api.DisassociateDistributionWebACLRequest): api.DisassociateDistributionWebACLResult {
  const d = requireDistribution(s, ctx.account, input.Id);
  if (input.IfMatch !== undefined) checkIfMatch(d.etag, input.IfMatch);
  const next: StoredDistribution = { ...d, config: { ...d.config, WebACLId: '' }, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  s.edge.publish(next);
  return { Id: d.id, ETag: next.etag };
}
