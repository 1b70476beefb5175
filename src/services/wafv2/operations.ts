// WAFv2's operation table: each AWS operation mapped to its module over the shared Wafv2Context. API keys,
// Firewall Manager, managed rule set publishing, permission policies and mobile SDKs are absent (501).
import type * as api from '../../generated/wafv2/api.js';
import { compact } from '../../net/waf/compact.js';
import { operationTable } from '../service-definition.js';
import * as acls from './acl-operations.js';
import type { Wafv2Context } from './context.js';
import * as res from './resource-operations.js';
import * as sets from './set-operations.js';
import * as traffic from './traffic-operations.js';

export const WAFV2_OPERATIONS = operationTable<api.Wafv2Api, Wafv2Context>()({
  CreateWebACL: acls.createWebACL,
  GetWebACL: acls.getWebACL,
  UpdateWebACL: acls.updateWebACL,
  DeleteWebACL: (c, ctx, input) => sets.deleteEntity(c, ctx, 'webacl', input),
  ListWebACLs: acls.listWebACLs,
  CreateRuleGroup: acls.createRuleGroup,
  GetRuleGroup: acls.getRuleGroup,
  UpdateRuleGroup: acls.updateRuleGroup,
  DeleteRuleGroup: (c, ctx, input) => sets.deleteEntity(c, ctx, 'rulegroup', input),
  ListRuleGroups: acls.listRuleGroups,
  CheckCapacity: acls.checkCapacity,
  CreateIPSet: sets.createIPSet,
  GetIPSet: sets.getIPSet,
  UpdateIPSet: sets.updateIPSet,
  DeleteIPSet: (c, ctx, input) => sets.deleteEntity(c, ctx, 'ipset', input),
  ListIPSets: (c, ctx, input) => {
    const r = sets.listEntities(c, ctx, 'ipset', input);
    return compact({ IPSets: r.summaries, NextMarker: r.next });
  },
  CreateRegexPatternSet: sets.createRegexPatternSet,
  GetRegexPatternSet: sets.getRegexPatternSet,
  UpdateRegexPatternSet: sets.updateRegexPatternSet,
  DeleteRegexPatternSet: (c, ctx, input) => sets.deleteEntity(c, ctx, 'regexset', input),
  ListRegexPatternSets: (c, ctx, input) => {
    const r = sets.listEntities(c, ctx, 'regexset', input);
    return compact({ RegexPatternSets: r.summaries, NextMarker: r.next });
  },
  AssociateWebACL: res.associateWebACL,
  DisassociateWebACL: res.disassociateWebACL,
  GetWebACLForResource: res.getWebACLForResource,
  ListResourcesForWebACL: res.listResourcesForWebACL,
  PutLoggingConfiguration: res.putLoggingConfiguration,
  GetLoggingConfiguration: res.getLoggingConfiguration,
  DeleteLoggingConfiguration: res.deleteLoggingConfiguration,
  ListLoggingConfigurations: res.listLoggingConfigurations,
  TagResource: res.tagResource,
  UntagResource: res.untagResource,
  ListTagsForResource: res.listTagsForResource,
  ListAvailableManagedRuleGroups: res.listAvailableManagedRuleGroups,
  DescribeManagedRuleGroup: res.describeManagedRuleGroup,
  ListAvailableManagedRuleGroupVersions: res.listAvailableManagedRuleGroupVersions,
  GetSampledRequests: traffic.getSampledRequests,
  GetRateBasedStatementManagedKeys: traffic.getRateBasedStatementManagedKeys,
});
