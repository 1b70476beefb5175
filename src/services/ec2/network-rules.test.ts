// Unit tests for EC2's VPC and subnet block rules: each refusal carries EC2's code and message.
// Messages as real EC2 answers them (e.g. "InvalidSubnet.Range: The CIDR '10.1.0.0/24' is invalid.").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { parseCidr } from './cidr.js';
import { validateSecondaryVpcCidr, validateSubnetCidr, validateVpcCidr } from './network-rules.js';

const c = (text: string) => parseCidr(text)!;
function fails(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (e) => isAwsError(e) && e.code === code && e.message === message && e.status === 400);
}

test('CreateVpc accepts /16 to /28 and refuses other sizes with InvalidVpc.Range', () => {
  assert.equal(validateVpcCidr('10.0.0.0/16').text, '10.0.0.0/16');
  assert.equal(validateVpcCidr('10.0.0.0/28').prefix, 28);
  fails(() => validateVpcCidr('10.0.0.0/8'), 'InvalidVpc.Range', "The CIDR '10.0.0.0/8' is invalid.");
  fails(() => validateVpcCidr('10.0.0.0/29'), 'InvalidVpc.Range', "The CIDR '10.0.0.0/29' is invalid.");
});

test('a malformed block or one with host bits is InvalidParameterValue', () => {
  fails(() => validateVpcCidr('10.0.0.0/33'), 'InvalidParameterValue', 'Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.');
  fails(() => validateVpcCidr('10.0.0.1/16'), 'InvalidParameterValue', 'Value (10.0.0.1/16) for parameter cidrBlock is invalid. This is not a valid CIDR block.');
  fails(() => validateSubnetCidr('banana', [c('10.0.0.0/16')], []), 'InvalidParameterValue', 'Value (banana) for parameter cidrBlock is invalid. This is not a valid CIDR block.');
});

test('CreateSubnet: outside the VPC or wrong size is InvalidSubnet.Range, overlap is InvalidSubnet.Conflict', () => {
  const vpc = [c('10.0.0.0/16'), c('10.1.0.0/16')];
  assert.equal(validateSubnetCidr('10.0.1.0/24', vpc, [c('10.0.0.0/24')]).text, '10.0.1.0/24');
  assert.equal(validateSubnetCidr('10.1.0.0/24', vpc, []).text, '10.1.0.0/24', 'a secondary block hosts subnets too');
  fails(() => validateSubnetCidr('10.2.0.0/24', vpc, []), 'InvalidSubnet.Range', "The CIDR '10.2.0.0/24' is invalid.");
  fails(() => validateSubnetCidr('10.0.0.0/29', vpc, []), 'InvalidSubnet.Range', "The CIDR '10.0.0.0/29' is invalid.");
  fails(() => validateSubnetCidr('10.0.0.0/16', [c('10.0.0.0/16')], [c('10.0.5.0/24')]), 'InvalidSubnet.Conflict', "The CIDR '10.0.0.0/16' conflicts with another subnet");
  fails(() => validateSubnetCidr('10.0.0.128/25', vpc, [c('10.0.0.0/24')]), 'InvalidSubnet.Conflict', "The CIDR '10.0.0.128/25' conflicts with another subnet");
});

test('AssociateVpcCidrBlock refuses another private range, overlap, and a sixth block', () => {
  assert.equal(validateSecondaryVpcCidr('10.1.0.0/16', 'vpc-1', [c('10.0.0.0/16')]).text, '10.1.0.0/16');
  assert.equal(validateSecondaryVpcCidr('100.64.0.0/16', 'vpc-1', [c('10.0.0.0/16')]).text, '100.64.0.0/16');
  assert.throws(() => validateSecondaryVpcCidr('192.168.0.0/16', 'vpc-1', [c('10.0.0.0/16')]), (e) => isAwsError(e) && e.code === 'InvalidVpc.Range' && e.message.includes('is restricted'));
  assert.throws(() => validateSecondaryVpcCidr('10.0.0.0/24', 'vpc-1', [c('10.0.0.0/16')]), (e) => isAwsError(e) && e.code === 'InvalidVpc.Range');
  const five = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16'].map(c);
  fails(() => validateSecondaryVpcCidr('10.5.0.0/16', 'vpc-1', five), 'CidrLimitExceeded', "This network 'vpc-1' has met its maximum number of allowed CIDRs: 5");
});
