// EC2 resource ids: a type prefix, a dash and 17 lower-case hex digits (vpc-0a1b2c3d4e5f60718), as EC2 issues
// since the 2018 switch to long ids. Also `isEc2Id` to tell an id from a name where EC2 accepts either.
import { randomBytes } from 'node:crypto';

export function ec2Id(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

export function isEc2Id(value: string, prefix: string): boolean {
  return value.startsWith(`${prefix}-`) && /^[0-9a-f]{8}([0-9a-f]{9})?$/.test(value.slice(prefix.length + 1));
}
