// EC2's error codes and messages in one place, so providers and rule modules answer exactly as EC2 does.
// Sources: AWS EC2 API "Error codes" reference and messages seen from real EC2 (quoted per function).
import { AwsError } from '../../core/aws-error.js';

export function ec2Error(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, { status });
}

/** "Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block." */
export function invalidCidrParameter(value: string, parameter = 'cidrBlock'): AwsError {
  return ec2Error('InvalidParameterValue', `Value (${value}) for parameter ${parameter} is invalid. This is not a valid CIDR block.`);
}

export function invalidParameterValue(message: string): AwsError {
  return ec2Error('InvalidParameterValue', message);
}

export function missingParameter(name: string): AwsError {
  return ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
}

/** EC2's per-resource "<kind> ID '<id>' does not exist" family (InvalidVpcID.NotFound, InvalidSubnetID.NotFound, …). */
const NOT_FOUND: Record<string, { code: string; label: string }> = {
  vpc: { code: 'InvalidVpcID.NotFound', label: 'vpc ID' },
  subnet: { code: 'InvalidSubnetID.NotFound', label: 'subnet ID' },
  sg: { code: 'InvalidGroup.NotFound', label: 'security group' },
  rtb: { code: 'InvalidRouteTableID.NotFound', label: 'routeTable ID' },
  rtbassoc: { code: 'InvalidAssociationID.NotFound', label: 'association ID' },
  igw: { code: 'InvalidInternetGatewayID.NotFound', label: 'internetGateway ID' },
  eigw: { code: 'InvalidGatewayID.NotFound', label: 'gateway ID' },
  acl: { code: 'InvalidNetworkAclID.NotFound', label: 'networkAcl ID' },
  eni: { code: 'InvalidNetworkInterfaceID.NotFound', label: 'networkInterface ID' },
  eipalloc: { code: 'InvalidAllocationID.NotFound', label: 'allocation ID' },
  eipassoc: { code: 'InvalidAssociationID.NotFound', label: 'association ID' },
  pcx: { code: 'InvalidVpcPeeringConnectionID.NotFound', label: 'vpcPeeringConnection ID' },
  i: { code: 'InvalidInstanceID.NotFound', label: 'instance ID' },
  nip: { code: 'InvalidNetworkInsightsPathId.NotFound', label: 'NetworkInsightsPath ID' },
  nia: { code: 'InvalidNetworkInsightsAnalysisId.NotFound', label: 'NetworkInsightsAnalysis ID' },
  lt: { code: 'InvalidLaunchTemplateId.NotFound', label: 'launch template ID' },
  dopt: { code: 'InvalidDhcpOptionID.NotFound', label: 'dhcpOption ID' },
  pl: { code: 'InvalidPrefixListID.NotFound', label: 'prefix list' },
  vgw: { code: 'InvalidVpnGatewayID.NotFound', label: 'vpnGateway ID' },
};

export function notFound(prefix: string, id: string): AwsError {
  // As EC2 answers an unknown prefix list: "The prefix list (pl-0721453c7ac4ec009) does not exist." (quoted from
  // GetManagedPrefixListEntries in aws/aws-application-networking-k8s #172).
  if (prefix === 'pl') return ec2Error('InvalidPrefixListID.NotFound', `The prefix list (${id}) does not exist.`);
  const entry = NOT_FOUND[prefix];
  if (!entry) return ec2Error('InvalidID', `The ID '${id}' is not valid`);
  return ec2Error(entry.code, `The ${entry.label} '${id}' does not exist`);
}

/** The id's resource prefix ("vpc" for vpc-0a1b…), used to choose the NotFound error. */
export function notFoundFor(id: string, fallbackPrefix: string): AwsError {
  const prefix = id.includes('-') ? id.slice(0, id.indexOf('-')) : fallbackPrefix;
  return notFound(NOT_FOUND[prefix] ? prefix : fallbackPrefix, id);
}

// Several instance ids at once: "The instance IDs 'i-1, i-2' do not exist".
export function instancesNotFound(ids: readonly string[]): AwsError {
  if (ids.length === 1) return notFound('i', ids[0]!);
  return ec2Error('InvalidInstanceID.NotFound', `The instance IDs '${ids.join(', ')}' do not exist`);
}

export function dependencyViolation(kind: string, id: string): AwsError {
  return ec2Error('DependencyViolation', `The ${kind} '${id}' has dependencies and cannot be deleted.`);
}

/** DryRun on a request that would succeed answers 412 DryRunOperation (EC2 API "Common query parameters"). */
export function dryRunOperation(): AwsError {
  return ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}
