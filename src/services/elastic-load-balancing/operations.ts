// The Classic Load Balancer operation table, typed against the generated ElasticLoadBalancingApi. Every operation is
// here; DescribeAccountLimits reports AWS's default quotas (kumo enforces none).
import type { ElasticLoadBalancingApi } from '../../generated/elastic-load-balancing/api.js';
import { operationTable } from '../service-definition.js';
import * as attrs from './attribute-operations.js';
import type { Clb } from './context.js';
import * as instances from './instance-operations.js';
import * as lbs from './lb-operations.js';
import * as policies from './policy-operations.js';
import { describeClbAccountLimits } from '../elastic-load-balancing-v2/account-limits.js';

export const CLB_OPERATIONS = operationTable<ElasticLoadBalancingApi, Clb>()({
  CreateLoadBalancer: lbs.createLoadBalancer,
  DescribeLoadBalancers: lbs.describeLoadBalancers,
  DeleteLoadBalancer: lbs.deleteLoadBalancer,
  CreateLoadBalancerListeners: lbs.createLoadBalancerListeners,
  DeleteLoadBalancerListeners: lbs.deleteLoadBalancerListeners,
  SetLoadBalancerListenerSSLCertificate: lbs.setLoadBalancerListenerSSLCertificate,
  AttachLoadBalancerToSubnets: lbs.attachLoadBalancerToSubnets,
  DetachLoadBalancerFromSubnets: lbs.detachLoadBalancerFromSubnets,
  EnableAvailabilityZonesForLoadBalancer: lbs.enableAvailabilityZonesForLoadBalancer,
  DisableAvailabilityZonesForLoadBalancer: lbs.disableAvailabilityZonesForLoadBalancer,
  ApplySecurityGroupsToLoadBalancer: lbs.applySecurityGroupsToLoadBalancer,
  RegisterInstancesWithLoadBalancer: instances.registerInstancesWithLoadBalancer,
  DeregisterInstancesFromLoadBalancer: instances.deregisterInstancesFromLoadBalancer,
  DescribeInstanceHealth: instances.describeInstanceHealth,
  ConfigureHealthCheck: instances.configureHealthCheck,
  DescribeLoadBalancerAttributes: attrs.describeLoadBalancerAttributes,
  ModifyLoadBalancerAttributes: attrs.modifyLoadBalancerAttributes,
  AddTags: attrs.addTags,
  RemoveTags: attrs.removeTags,
  DescribeTags: attrs.describeTags,
  CreateLoadBalancerPolicy: policies.createLoadBalancerPolicy,
  CreateLBCookieStickinessPolicy: policies.createLBCookieStickinessPolicy,
  CreateAppCookieStickinessPolicy: policies.createAppCookieStickinessPolicy,
  DeleteLoadBalancerPolicy: policies.deleteLoadBalancerPolicy,
  DescribeLoadBalancerPolicies: policies.describeLoadBalancerPolicies,
  DescribeLoadBalancerPolicyTypes: policies.describeLoadBalancerPolicyTypes,
  SetLoadBalancerPoliciesOfListener: policies.setLoadBalancerPoliciesOfListener,
  SetLoadBalancerPoliciesForBackendServer: policies.setLoadBalancerPoliciesForBackendServer,
  DescribeAccountLimits: (_s, _ctx, input) => describeClbAccountLimits(input),
});
