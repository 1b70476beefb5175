// Associations of web ACLs with regional resources (ALBs), logging configurations (stored, not delivered), tags,
// and the managed rule group catalog. CloudFront distributions attach through CloudFront, never AssociateWebACL.
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/wafv2/api.js';
import { MANAGED_GROUPS, managedGroup, UNRUN_AWS_GROUPS } from '../../net/waf/managed/catalog.js';
import type { Wafv2Context } from './context.js';
import { invalidParameter, limitsExceeded, nonexistent, REASON } from './errors.js';
import { checkScope, parseEntityArn, resourceKind } from './scope.js';

const MAX_TAGS = 50;

function webAclByArn(c: Wafv2Context, ctx: RequestContext, arn: string): { arn: string; scope: string } {
  const p = parseEntityArn(arn);
  if (!p || p.kind !== 'webacl') throw invalidParameter('RESOURCE_ARN', arn, REASON.arn);
  const e = c.entities.byArn(arn);
  if (!e || e.account !== ctx.account || e.region !== ctx.region) throw nonexistent();
  return { arn: e.arn, scope: e.scope };
}

function checkResource(ctx: RequestContext, webAclArn: string | undefined, resourceArn: string): void {
  const kind = resourceKind(resourceArn);
  // A CloudFront ARN (or any global resource) is refused as AWS does: "The ARN isn't valid", naming the web ACL
  // when it is a global one (terraform-provider-aws #28753), else the resource.
  if (kind === 'cloudfront') throw invalidParameter('RESOURCE_ARN', webAclArn?.includes(':global/') ? webAclArn : resourceArn, REASON.arn);
  if (kind === 'invalid') throw invalidParameter('RESOURCE_ARN', resourceArn, REASON.arn);
  if (kind === 'other') throw notImplemented('wafv2', ctx.operation, 'association with API Gateway, AppSync, Cognito, App Runner or Verified Access resources');
  const region = resourceArn.split(':')[3];
  if (region !== ctx.region) throw nonexistent();
}

export function associateWebACL(c: Wafv2Context, ctx: RequestContext, input: api.AssociateWebACLRequest): void {
  const acl = webAclByArn(c, ctx, input.WebACLArn);
  checkResource(ctx, input.WebACLArn, input.ResourceArn);
  if (acl.scope !== 'REGIONAL') throw invalidParameter('RESOURCE_ARN', input.WebACLArn, REASON.arn);
  c.store.transaction(() => c.entities.associate(ctx.account, ctx.region, input.ResourceArn, acl.arn));
}

export function disassociateWebACL(c: Wafv2Context, ctx: RequestContext, input: api.DisassociateWebACLRequest): void {
  checkResource(ctx, undefined, input.ResourceArn);
  // Disassociating a resource without a web ACL succeeds (DisassociateWebACL is idempotent).
  c.store.transaction(() => c.entities.disassociate(input.ResourceArn));
}

export function getWebACLForResource(c: Wafv2Context, ctx: RequestContext, input: api.GetWebACLForResourceRequest): api.GetWebACLForResourceResponse {
  checkResource(ctx, undefined, input.ResourceArn);
  const arn = c.entities.association(input.ResourceArn);
  if (arn === undefined) return {};
  const e = c.entities.byArn<api.WebACL>(arn);
  return e ? { WebACL: e.body } : {};
}

export function listResourcesForWebACL(c: Wafv2Context, ctx: RequestContext, input: api.ListResourcesForWebACLRequest): api.ListResourcesForWebACLResponse {
  const acl = webAclByArn(c, ctx, input.WebACLArn);
  const type = input.ResourceType ?? 'APPLICATION_LOAD_BALANCER';
  if (type !== 'APPLICATION_LOAD_BALANCER') return { ResourceArns: [] };
  return { ResourceArns: c.entities.resourcesOf(acl.arn) };
}

export function putLoggingConfiguration(c: Wafv2Context, ctx: RequestContext, input: api.PutLoggingConfigurationRequest): api.PutLoggingConfigurationResponse {
  const cfg = input.LoggingConfiguration;
  webAclByArn(c, ctx, cfg.ResourceArn);
  if (cfg.LogDestinationConfigs.length !== 1) throw invalidParameter('LOG_DESTINATION', cfg.LogDestinationConfigs.join(','), REASON.exactlyOne);
  const dest = cfg.LogDestinationConfigs[0]!;
  // Destinations: a log group, bucket or Firehose stream whose name starts with aws-waf-logs- ("Logging destinations").
  if (!/^arn:aws[a-z-]*:(?:logs:[^:]+:\d{12}:log-group:aws-waf-logs-|s3:::aws-waf-logs-|firehose:[^:]+:\d{12}:deliverystream\/aws-waf-logs-)/.test(dest)) {
    throw invalidParameter('LOG_DESTINATION', dest, 'The log destination must be a CloudWatch Logs log group, S3 bucket or Firehose stream whose name starts with aws-waf-logs-.');
  }
  const stored: api.LoggingConfiguration = { ...cfg, ManagedByFirewallManager: false, LogType: cfg.LogType ?? 'WAF_LOGS', LogScope: cfg.LogScope ?? 'CUSTOMER' };
  c.store.transaction(() => c.entities.putLogging(ctx.account, ctx.region, cfg.ResourceArn, stored));
  return { LoggingConfiguration: stored };
}

export function getLoggingConfiguration(c: Wafv2Context, ctx: RequestContext, input: api.GetLoggingConfigurationRequest): api.GetLoggingConfigurationResponse {
  webAclByArn(c, ctx, input.ResourceArn);
  const cfg = c.entities.getLogging<api.LoggingConfiguration>(input.ResourceArn);
  if (!cfg) throw nonexistent();
  return { LoggingConfiguration: cfg };
}

export function deleteLoggingConfiguration(c: Wafv2Context, ctx: RequestContext, input: api.DeleteLoggingConfigurationRequest): void {
  webAclByArn(c, ctx, input.ResourceArn);
  c.store.transaction(() => c.entities.deleteLogging(input.ResourceArn));
}

export function listLoggingConfigurations(c: Wafv2Context, ctx: RequestContext, input: api.ListLoggingConfigurationsRequest): api.ListLoggingConfigurationsResponse {
  const scope = checkScope(ctx, input.Scope);
  const all = c.entities.listLogging<api.LoggingConfiguration>(ctx.account, ctx.region).filter((l) => c.entities.byArn(l.ResourceArn)?.scope === scope);
  return { LoggingConfigurations: all.slice(0, input.Limit ?? 100) };
}

function tagged(c: Wafv2Context, ctx: RequestContext, arn: string) {
  const p = parseEntityArn(arn);
  if (!p) throw invalidParameter('RESOURCE_ARN', arn, REASON.arn);
  const e = c.entities.byArn(arn);
  if (!e || e.account !== ctx.account || e.region !== ctx.region) throw nonexistent();
  return e;
}

export function tagResource(c: Wafv2Context, ctx: RequestContext, input: api.TagResourceRequest): void {
  c.store.transaction(() => {
    const e = tagged(c, ctx, input.ResourceARN);
    const tags = [...e.tags];
    for (const t of input.Tags) {
      const at = tags.findIndex((x) => x.Key === t.Key);
      if (at >= 0) tags[at] = t;
      else tags.push(t);
    }
    if (tags.length > MAX_TAGS) throw limitsExceeded(`A resource holds at most ${MAX_TAGS} tags.`);
    c.entities.setTags(e.arn, tags);
  });
}

export function untagResource(c: Wafv2Context, ctx: RequestContext, input: api.UntagResourceRequest): void {
  c.store.transaction(() => {
    const e = tagged(c, ctx, input.ResourceARN);
    const drop = new Set(input.TagKeys);
    c.entities.setTags(e.arn, e.tags.filter((t) => !drop.has(t.Key)));
  });
}

export function listTagsForResource(c: Wafv2Context, ctx: RequestContext, input: api.ListTagsForResourceRequest): api.ListTagsForResourceResponse {
  const e = tagged(c, ctx, input.ResourceARN);
  return { TagInfoForResource: { ResourceARN: e.arn, TagList: e.tags } };
}

export function listAvailableManagedRuleGroups(_c: Wafv2Context, ctx: RequestContext, input: api.ListAvailableManagedRuleGroupsRequest): api.ListAvailableManagedRuleGroupsResponse {
  checkScope(ctx, input.Scope);
  return { ManagedRuleGroups: MANAGED_GROUPS.map((g) => ({ VendorName: 'AWS', Name: g.Name, VersioningSupported: true, Description: g.Description })) };
}

export function describeManagedRuleGroup(_c: Wafv2Context, ctx: RequestContext, input: api.DescribeManagedRuleGroupRequest): api.DescribeManagedRuleGroupResponse {
  checkScope(ctx, input.Scope);
  if (input.VendorName === 'AWS' && UNRUN_AWS_GROUPS.includes(input.Name)) throw notImplemented('wafv2', 'DescribeManagedRuleGroup', `managed rule group ${input.Name}`);
  const g = managedGroup(input.VendorName, input.Name);
  if (!g || (input.VersionName !== undefined && input.VersionName !== g.VersionName)) throw nonexistent();
  return {
    VersionName: g.VersionName,
    SnsTopicArn: `arn:aws:sns:us-east-1:248400274283:aws-managed-waf-rule-notifications`,
    Capacity: g.Capacity,
    Rules: g.rules.map((r) => ({ Name: r.Name, Action: { Block: {} } })),
    LabelNamespace: g.LabelNamespace,
    AvailableLabels: g.rules.map((r) => ({ Name: `${g.LabelNamespace}${r.label}` })),
    ConsumedLabels: [],
  };
}

export function listAvailableManagedRuleGroupVersions(_c: Wafv2Context, ctx: RequestContext, input: api.ListAvailableManagedRuleGroupVersionsRequest): api.ListAvailableManagedRuleGroupVersionsResponse {
  checkScope(ctx, input.Scope);
  const g = managedGroup(input.VendorName, input.Name);
  if (!g) throw nonexistent();
  return { Versions: [{ Name: g.VersionName }], CurrentDefaultVersion: g.VersionName };
}
