// WAFv2's authorization declaration: web ACLs, rule groups, IP sets and regex pattern sets by Scope/Name/Id
// (CLOUDFRONT scope is `global` in us-east-1), ARNs in the input taken whole, creates on `<name>/*`.
import type { ArnScope, ServiceAuthorization } from '../action-map.js';
import { str } from './input-values.js';

/** The entity kind an operation works on, from its name, and its ARN segment (WAF Developer Guide, ARN formats). */
const KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/WebACL$|RateBasedStatementManagedKeys$|SampledRequests$|TopPathStatisticsByTraffic$|FirewallManagerRuleGroups$/, 'webacl'],
  [/IPSet$/, 'ipset'],
  [/RegexPatternSet$/, 'regexpatternset'],
  [/RuleGroup$|PermissionPolicy$/, 'rulegroup'],
  [/ManagedRuleSet(Versions|VersionExpiryDate)?$/, 'managedruleset'],
];

function entityArn(operation: string, input: Readonly<Record<string, unknown>>, scope: ArnScope): string | undefined {
  const kind = KINDS.find(([pattern]) => pattern.test(operation))?.[1];
  const name = str(input.Name);
  if (kind === undefined || name === undefined) return undefined;
  const global = input.Scope === 'CLOUDFRONT';
  const region = global ? 'us-east-1' : scope.region;
  return `arn:${scope.partition ?? 'aws'}:wafv2:${region}:${scope.account}:${global ? 'global' : 'regional'}/${kind}/${name}/${str(input.Id) ?? '*'}`;
}

export const WAFV2_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'wafv2',
  resourceArns: (operation, input, scope) => {
    const logging = input.LoggingConfiguration as { ResourceArn?: unknown } | undefined;
    switch (operation) {
      // AssociateWebACL needs permission on the web ACL and on the resource it protects.
      case 'AssociateWebACL':
        return [str(input.WebACLArn), str(input.ResourceArn)].filter((a): a is string => a !== undefined);
      case 'DisassociateWebACL':
      case 'GetWebACLForResource':
      case 'TagResource':
      case 'UntagResource':
      case 'ListTagsForResource':
      case 'GetLoggingConfiguration':
      case 'DeleteLoggingConfiguration':
        return [str(input.ResourceARN) ?? str(input.ResourceArn)].filter((a): a is string => a !== undefined);
      case 'PutLoggingConfiguration':
        return [str(logging?.ResourceArn)].filter((a): a is string => a !== undefined);
      case 'ListResourcesForWebACL':
        return [str(input.WebACLArn)].filter((a): a is string => a !== undefined);
      case 'GetPermissionPolicy':
      case 'PutPermissionPolicy':
      case 'DeletePermissionPolicy':
        return [str(input.ResourceArn)].filter((a): a is string => a !== undefined);
      default: {
        if (operation.startsWith('List') || operation.startsWith('Describe') || operation === 'CheckCapacity') return undefined;
        const arn = entityArn(operation, input, scope);
        return arn === undefined ? undefined : [arn];
      }
    }
  },
};
