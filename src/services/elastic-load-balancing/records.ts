// The Classic Load Balancer as kumo keeps it: one JSON document per load balancer (listeners, policies, instances,
// health check, attributes, tags), keyed by account, region and name, as CLB names are the API's identifiers.
import type { HealthCheck, Listener, PolicyAttributeDescription, Tag } from '../../generated/elastic-load-balancing/api.js';

export interface Scoped {
  account: string;
  region: string;
}

export interface ListenerEntry {
  listener: Listener & { InstanceProtocol: string };
  policyNames: string[];
}

export interface PolicyEntry {
  name: string;
  type: string;
  attributes: PolicyAttributeDescription[];
}

export interface InstanceEntry {
  id: string;
  /** The instance's AZ at registration (EC2 placement). */
  zone: string;
  registeredAt: number;
}

export interface ClbAttributes {
  crossZone: boolean;
  draining: { enabled: boolean; timeout: number };
  idleTimeout: number;
  accessLog: { enabled: boolean; bucket?: string; prefix?: string; interval?: number };
  desyncMode: string;
}

export interface ClbRecord extends Scoped {
  name: string;
  dnsName: string;
  hostedZoneId: string;
  createdTime: number;
  scheme: string;
  vpcId: string;
  /** Enabled AZs, in the order given; one node each. */
  zones: string[];
  /** One subnet per zone (VPC load balancers), same order as `zones`. */
  subnets: string[];
  securityGroups: string[];
  sourceSecurityGroup: { OwnerAlias: string; GroupName: string };
  listeners: ListenerEntry[];
  /** InstancePort → policy names (SetLoadBalancerPoliciesForBackendServer). */
  backendPolicies: Record<string, string[]>;
  policies: PolicyEntry[];
  instances: InstanceEntry[];
  healthCheck: HealthCheck;
  attributes: ClbAttributes;
  tags: Tag[];
}
