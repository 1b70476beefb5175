// Unit tests of the resolv.conf an instance in a VPC namespace gets: EC2's DHCP defaults (the Amazon DNS server at
// the VPC's base + 2, the region's internal domain as the search list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvConf } from './instance-placement.js';

test('an instance resolv.conf names the VPC base + 2 and the region\'s internal domain, as EC2\'s default DHCP options do', () => {
  assert.equal(resolvConf('10.0.0.0/16', 'us-east-1'), 'search ec2.internal\nnameserver 10.0.0.2\n');
  assert.equal(resolvConf('172.31.0.0/16', 'eu-west-1'), 'search eu-west-1.compute.internal\nnameserver 172.31.0.2\n');
  assert.equal(resolvConf(undefined, 'us-east-1'), 'search ec2.internal\nnameserver 169.254.169.253\n', 'no VPC block known: the link-local resolver');
});
