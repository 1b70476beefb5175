// elbv2's operation table, typed against the generated ElasticLoadBalancingV2Api. Absent operations (trust stores,
// capacity reservations, IP pools, resource policies, listener certificates, SSL policies) answer NotImplemented.
import type { ElasticLoadBalancingV2Api } from '../../generated/elastic-load-balancing-v2/api.js';
import { operationTable } from '../service-definition.js';
import type { Elbv2 } from './context.js';
import * as lbs from './lb-operations.js';
import { describeAccountLimits } from './account-limits.js';
import * as listeners from './listener-operations.js';
import * as tags from './tag-operations.js';
import * as targets from './target-operations.js';
import * as tgs from './tg-operations.js';

export const ELBV2_OPERATIONS = operationTable<ElasticLoadBalancingV2Api, Elbv2>()({
  CreateLoadBalancer: lbs.createLoadBalancer,
  DescribeLoadBalancers: lbs.describeLoadBalancers,
  DeleteLoadBalancer: lbs.deleteLoadBalancer,
  DescribeLoadBalancerAttributes: lbs.describeLoadBalancerAttributes,
  ModifyLoadBalancerAttributes: lbs.modifyLoadBalancerAttributes,
  CreateTargetGroup: tgs.createTargetGroup,
  DescribeTargetGroups: tgs.describeTargetGroups,
  ModifyTargetGroup: tgs.modifyTargetGroup,
  DeleteTargetGroup: tgs.deleteTargetGroup,
  DescribeTargetGroupAttributes: tgs.describeTargetGroupAttributes,
  ModifyTargetGroupAttributes: tgs.modifyTargetGroupAttributes,
  RegisterTargets: targets.registerTargets,
  DeregisterTargets: targets.deregisterTargets,
  DescribeTargetHealth: targets.describeTargetHealth,
  CreateListener: listeners.createListener,
  DescribeListeners: listeners.describeListeners,
  ModifyListener: listeners.modifyListener,
  DeleteListener: listeners.deleteListener,
  CreateRule: listeners.createRule,
  DescribeRules: listeners.describeRules,
  ModifyRule: listeners.modifyRule,
  DeleteRule: listeners.deleteRule,
  SetRulePriorities: listeners.setRulePriorities,
  AddTags: tags.addTags,
  RemoveTags: tags.removeTags,
  DescribeTags: tags.describeTags,
  DescribeAccountLimits: describeAccountLimits,
});
