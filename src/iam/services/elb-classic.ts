// Classic Load Balancer authorization (API 2012-06-01, prefix elasticloadbalancing): actions are the operation
// names; the loadbalancer/${LoadBalancerName} resource comes from LoadBalancerName, or each of LoadBalancerNames
// for the tag operations (Service Authorization Reference, "Elastic Load Balancing").
import type { ServiceAuthorization, VariableValue } from '../action-map.js';
import { str } from './input-values.js';

function variables(_operation: string, input: Readonly<Record<string, unknown>>): Record<string, VariableValue> {
  const names = Array.isArray(input.LoadBalancerNames) ? (input.LoadBalancerNames as unknown[]).map(str).filter((n): n is string => n !== undefined) : [];
  return { LoadBalancerName: str(input.LoadBalancerName) ?? (names.length > 0 ? names : undefined) };
}

export const ELB_CLASSIC_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'elasticloadbalancing',
  resourceVariables: variables,
};
