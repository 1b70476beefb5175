// Elastic Load Balancing v2's authorization declaration: every ALB/NLB resource is named by its whole ARN in the
// input, so the ARNs are taken as they are; creates are authorized on the name with the id unknown (`.../name/*`).
import type { ArnScope, ServiceAuthorization } from '../action-map.js';
import { str, strs } from './input-values.js';

/** The input member that names each operation's resource (Service Authorization Reference, "Elastic Load Balancing V2"). */
function namedArns(operation: string, input: Readonly<Record<string, unknown>>): string[] {
  switch (operation) {
    case 'AddTags':
    case 'RemoveTags':
      return strs(input.ResourceArns);
    case 'SetRulePriorities':
      return (Array.isArray(input.RulePriorities) ? (input.RulePriorities as Array<{ RuleArn?: unknown }>) : []).map((r) => str(r.RuleArn)).filter((a): a is string => a !== undefined);
    case 'GetResourcePolicy':
      return [str(input.ResourceArn)].filter((a): a is string => a !== undefined);
    default:
      break;
  }
  if (operation.startsWith('Describe')) return [];
  const arn = str(input.RuleArn) ?? str(input.ListenerArn) ?? str(input.TargetGroupArn) ?? str(input.TrustStoreArn) ?? str(input.LoadBalancerArn);
  return arn === undefined ? [] : [arn];
}

function created(operation: string, input: Readonly<Record<string, unknown>>, scope: ArnScope): string | undefined {
  const base = `arn:${scope.partition ?? 'aws'}:elasticloadbalancing:${scope.region}:${scope.account}`;
  const name = str(input.Name);
  if (name === undefined) return undefined;
  if (operation === 'CreateLoadBalancer') return `${base}:loadbalancer/${input.Type === 'network' ? 'net' : input.Type === 'gateway' ? 'gwy' : 'app'}/${name}/*`;
  if (operation === 'CreateTargetGroup') return `${base}:targetgroup/${name}/*`;
  if (operation === 'CreateTrustStore') return `${base}:truststore/${name}/*`;
  return undefined;
}

export const ELBV2_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'elasticloadbalancing',
  resourceArns: (operation, input, scope) => {
    const made = created(operation, input, scope);
    if (made) return [made];
    const named = namedArns(operation, input);
    return named.length > 0 ? named : undefined;
  },
  conditionValues: (operation, input) => {
    const out: Record<string, string | string[] | undefined> = {};
    if (operation === 'CreateListener' || operation === 'ModifyListener') {
      out['elasticloadbalancing:ListenerProtocol'] = str(input.Protocol);
      out['elasticloadbalancing:SecurityPolicy'] = str(input.SslPolicy);
    }
    if (operation === 'CreateLoadBalancer') out['elasticloadbalancing:Scheme'] = str(input.Scheme) ?? 'internet-facing';
    if (operation === 'CreateLoadBalancer' || operation === 'SetSecurityGroups') {
      const groups = strs(input.SecurityGroups);
      if (groups.length > 0) out['elasticloadbalancing:SecurityGroup'] = groups;
    }
    if (operation === 'CreateLoadBalancer' || operation === 'SetSubnets') {
      const subnets = [...strs(input.Subnets), ...(Array.isArray(input.SubnetMappings) ? (input.SubnetMappings as Array<{ SubnetId?: unknown }>).map((m) => str(m.SubnetId)).filter((s): s is string => s !== undefined) : [])];
      if (subnets.length > 0) out['elasticloadbalancing:Subnet'] = subnets;
    }
    return out;
  },
};
