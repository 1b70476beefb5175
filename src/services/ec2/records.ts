// The stored forms of EC2 resources: the AWS output shape itself (Describe answers it directly) plus a few
// `_`-prefixed internal fields that no output shape has, so the codec never writes them.
import type * as api from '../../generated/ec2/api.js';
import type { Scope } from './resource-store.js';

export type VpcRecord = api.Vpc & { _dnsSupport: boolean; _dnsHostnames: boolean };
export type SubnetRecord = api.Subnet;
export type RouteTableRecord = api.RouteTable;
export type NetworkAclRecord = api.NetworkAcl;
export type InternetGatewayRecord = api.InternetGateway;
export type NatGatewayRecord = api.NatGateway;
export type AddressRecord = api.Address;
export type KeyPairRecord = api.KeyPairInfo;
export type NetworkInterfaceRecord = api.NetworkInterface;

export interface StoredSgRule {
  ruleId: string;
  egress: boolean;
  protocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  cidr?: string | undefined;
  cidrIpv6?: string | undefined;
  groupId?: string | undefined;
  prefixListId?: string | undefined;
  description?: string | undefined;
}
export type SecurityGroupRecord = Omit<api.SecurityGroup, 'IpPermissions' | 'IpPermissionsEgress'> & { _rules: StoredSgRule[] };

export type PeeringRecord = api.VpcPeeringConnection & { _requester: Scope; _accepter: Scope };

export type InstanceRecord = api.Instance & {
  _reservationId: string;
  _ownerId: string;
  _requesterId?: string;
  _userData?: string;
  _terminatedAt?: number;
  _disableApiTermination?: boolean;
  _disableApiStop?: boolean;
  _shutdownBehavior?: string;
  /** Runs as a process group (--run-instances): its state follows the process, not the clock. */
  _managed?: boolean;
  /** Its process crashed: the instance status check fails until it is started again. */
  _impaired?: number;
};

export type InsightsPathRecord = api.NetworkInsightsPath;
export type InsightsAnalysisRecord = api.NetworkInsightsAnalysis;
