// EC2's authorization declaration: the input members that name each resource type of the reference's ARN templates
// (GroupId → security-group, NetworkAclId → network-acl, ids in CreateTags' Resources by their prefix), every
// resource type authorized as EC2 does, and the ec2:Region condition key.
import type { ServiceAuthorization, VariableValue } from '../action-map.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : []);

/** Resource-id prefixes to the reference's ARN variable for that type (EC2 User Guide, "Resource IDs"). */
const ID_PREFIX: ReadonlyArray<readonly [string, string]> = [
  ['vpc-', 'VpcId'],
  ['subnet-', 'SubnetId'],
  ['sg-', 'SecurityGroupId'],
  ['rtb-', 'RouteTableId'],
  ['igw-', 'InternetGatewayId'],
  ['nat-', 'NatGatewayId'],
  ['eipalloc-', 'AllocationId'],
  ['acl-', 'NaclId'],
  ['pcx-', 'VpcPeeringConnectionId'],
  ['eni-', 'NetworkInterfaceId'],
  ['i-', 'InstanceId'],
  ['ami-', 'ImageId'],
  ['key-', 'KeyPairId'],
  ['nip-', 'NetworkInsightsPathId'],
  ['nia-', 'NetworkInsightsAnalysisId'],
];

function merge(into: Record<string, string[]>, key: string, values: string[]): void {
  if (values.length > 0) into[key] = [...(into[key] ?? []), ...values];
}

function variables(operation: string, input: Readonly<Record<string, unknown>>): Record<string, VariableValue> {
  const out: Record<string, string[]> = {};
  merge(out, 'InstanceId', [...list(input.InstanceId), ...list(input.InstanceIds)]);
  merge(out, 'SecurityGroupId', [...list(input.GroupId), ...list(input.GroupIds), ...list(input.SecurityGroupIds), ...list(input.Groups)]);
  merge(out, 'NaclId', list(input.NetworkAclId));
  merge(out, 'KeyPairName', list(input.KeyName));
  // CreateVpcPeeringConnection names both VPCs; the peer's is in PeerOwnerId's account, which kumo keeps as data.
  merge(out, 'VpcId', [...list(input.VpcId), ...(operation === 'CreateVpcPeeringConnection' ? [] : list(input.PeerVpcId))]);
  if (operation === 'CreateTags' || operation === 'DeleteTags') {
    for (const id of list(input.Resources)) {
      const variable = ID_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1];
      if (variable) merge(out, variable, [id]);
    }
  }
  return out;
}

export const EC2_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'ec2',
  allResourceTypes: true,
  resourceVariables: variables,
  // "ec2:Region: Filters access by the name of the Region" (Service Authorization Reference, Amazon EC2 condition keys).
  conditionValues: (_op, _input, scope) => ({ 'ec2:Region': scope.region }),
};
