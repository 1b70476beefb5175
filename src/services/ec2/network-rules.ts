// EC2's validation rules for VPC and subnet address blocks: sizes /16–/28, containment, overlap, and the
// secondary-CIDR restrictions, each failing with EC2's own code and message. Pure: callers pass the existing blocks.
import type { AwsError } from '../../core/aws-error.js';
import { type Cidr, containsCidr, overlaps, parseCidr, parseIpv4 } from './cidr.js';
import { type Cidr6, parseCidr6 } from './cidr6.js';
import { ec2Error, invalidCidrParameter } from './errors.js';

/** VPC and subnet IPv4 blocks: between /16 and /28 (VPC User Guide, "VPC CIDR blocks"). */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;
/** A VPC holds at most 5 IPv4 CIDR blocks by default (VPC quotas: "IPv4 CIDR blocks per VPC"). */
export const MAX_VPC_CIDRS = 5;

function parseStrict(text: string, parameter: string): Cidr {
  const cidr = parseCidr(text, true);
  if (!cidr) throw invalidCidrParameter(text, parameter);
  return cidr;
}

// `aws ec2 create-vpc --cidr-block 10.0.0.0/8` → InvalidVpc.Range: The CIDR '10.0.0.0/8' is invalid.
export function validateVpcCidr(text: string): Cidr {
  const cidr = parseStrict(text, 'cidrBlock');
  if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) throw ec2Error('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
  return cidr;
}

const RESERVED_198_19 = parseCidr('198.19.0.0/16')!;
const PRIVATE_LIKE: readonly Cidr[] = [...['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!), RESERVED_198_19];

/**
 * AssociateVpcCidrBlock: a secondary block must not overlap the VPC's blocks, the VPC may hold five, and a block from
 * a different private range than the primary is restricted (VPC User Guide, "IPv4 CIDR block association
 * restrictions": e.g. primary 10.0.0.0/8 forbids 172.16.0.0/12, 192.168.0.0/16 and 198.19.0.0/16).
 */
export function validateSecondaryVpcCidr(text: string, vpcId: string, existing: readonly Cidr[]): Cidr {
  const cidr = validateVpcCidr(text);
  if (existing.length >= MAX_VPC_CIDRS) {
    throw ec2Error('CidrLimitExceeded', `This network '${vpcId}' has met its maximum number of allowed CIDRs: ${MAX_VPC_CIDRS}`);
  }
  const primary = existing[0];
  if (primary) {
    const primaryRange = PRIVATE_LIKE.find((r) => containsCidr(r, primary));
    const newRange = PRIVATE_LIKE.find((r) => overlaps(r, cidr));
    const restricted = newRange !== undefined && newRange !== primaryRange;
    if (restricted) {
      throw ec2Error(
        'InvalidVpc.Range',
        `The CIDR '${text}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR.`,
      );
    }
  }
  for (const other of existing) {
    if (overlaps(other, cidr)) throw ec2Error('InvalidVpc.Range', `The CIDR '${text}' conflicts with another subnet`);
  }
  return cidr;
}

/**
 * CreateSubnet: the block must be a valid /16–/28, lie inside one of the VPC's blocks (InvalidSubnet.Range: "The CIDR
 * '10.1.0.0/24' is invalid.") and not overlap another subnet (InvalidSubnet.Conflict: "The CIDR '10.0.1.0/24'
 * conflicts with another subnet").
 */
export function validateSubnetCidr(text: string, vpcCidrs: readonly Cidr[], siblings: readonly Cidr[]): Cidr {
  const cidr = parseStrict(text, 'cidrBlock');
  const inside = vpcCidrs.some((v) => containsCidr(v, cidr));
  if (!inside || cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
    throw ec2Error('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
  }
  if (siblings.some((s) => overlaps(s, cidr))) throw ec2Error('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
  return cidr;
}

/** Routes and rules take any valid block (host bits cleared): "0.0.0.0/0", "203.0.113.7/32". */
export function parseRuleCidr(text: string, parameter: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw invalidCidrParameter(text, parameter);
  return cidr;
}

/** An IPv6 block in a rule (NACL Ipv6CidrBlock, SG CidrIpv6), normalised; host bits are cleared as for IPv4. */
export function parseRuleCidr6(text: string, parameter: string): Cidr6 {
  const cidr = parseCidr6(text);
  if (!cidr) throw invalidCidrParameter(text, parameter);
  return cidr;
}

/** A private address picked by the caller must lie in the subnet and not be one of its five reserved addresses. */
export function validatePrivateAddress(text: string, subnet: Cidr, reserved: (a: number) => boolean): number | AwsError {
  const address = parseIpv4(text);
  if (address === undefined || address < subnet.base || address >= subnet.base + 2 ** (32 - subnet.prefix)) {
    return ec2Error('InvalidParameterValue', `Address ${text} does not fall within the subnet's address range`);
  }
  if (reserved(address)) return ec2Error('InvalidParameterValue', `Address ${text} is in subnet's reserved address range`);
  return address;
}
