// DescribeAccountLimits for elbv2 and Classic Load Balancers: AWS's default quotas, named and ordered as the AWS CLI
// reference's example output shows them (`aws elbv2 describe-account-limits`, `aws elb describe-account-limits`).
// kumo enforces none of them; they are what a fresh AWS account reports, for tools that read them.
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import type * as ClbApi from '../../generated/elastic-load-balancing/api.js';
import type { Elbv2 } from './context.js';
import { page } from './lb-operations.js';

const ELBV2_LIMITS: ReadonlyArray<readonly [string, number]> = [
  ['target-groups', 3000],
  ['targets-per-application-load-balancer', 1000],
  ['listeners-per-application-load-balancer', 50],
  ['rules-per-application-load-balancer', 100],
  ['network-load-balancers', 50],
  ['targets-per-network-load-balancer', 3000],
  ['targets-per-availability-zone-per-network-load-balancer', 500],
  ['listeners-per-network-load-balancer', 50],
  ['condition-values-per-alb-rule', 5],
  ['condition-wildcards-per-alb-rule', 5],
  ['target-groups-per-application-load-balancer', 100],
  ['target-groups-per-action-on-application-load-balancer', 5],
  ['target-groups-per-action-on-network-load-balancer', 1],
  ['certificates-per-application-load-balancer', 25],
  ['certificates-per-network-load-balancer', 25],
  ['targets-per-target-group', 1000],
  ['target-id-registrations-per-application-load-balancer', 1000],
  ['network-load-balancer-enis-per-vpc', 1200],
  ['application-load-balancers', 50],
  ['gateway-load-balancers', 100],
  ['gateway-load-balancers-per-vpc', 100],
  ['geneve-target-groups', 100],
  ['targets-per-availability-zone-per-gateway-load-balancer', 300],
];

/** Classic Load Balancer quotas (CLB guide, "Quotas": 20 load balancers per Region, 100 listeners, 1,000 instances). */
export const CLB_LIMITS: ReadonlyArray<readonly [string, number]> = [
  ['classic-load-balancers', 20],
  ['classic-listeners', 100],
  ['classic-registered-instances', 1000],
];

export function describeAccountLimits(_s: Elbv2, _ctx: RequestContext, input: Api.DescribeAccountLimitsInput): Api.DescribeAccountLimitsOutput {
  const limits = ELBV2_LIMITS.map(([Name, max]) => ({ Name, Max: String(max) }));
  return page(limits, input.Marker, input.PageSize, (Limits, NextMarker) => ({ Limits, ...(NextMarker ? { NextMarker } : {}) }));
}

/** The Classic API's answer, paged the same way (Marker, PageSize 1–400). */
export function describeClbAccountLimits(input: ClbApi.DescribeAccountLimitsInput): ClbApi.DescribeAccountLimitsOutput {
  const limits = CLB_LIMITS.map(([Name, max]) => ({ Name, Max: String(max) }));
  return page(limits, input.Marker, input.PageSize, (Limits, NextMarker) => ({ Limits, ...(NextMarker ? { NextMarker } : {}) }));
}
