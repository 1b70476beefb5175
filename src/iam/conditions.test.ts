// Condition operators one row each: the operator, the policy values, the request context and whether AWS's
// documented semantics make the condition true (IAM JSON reference, "Condition operators" and "Multivalued keys").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, parseOperator } from './conditions.js';
import { RequestContextKeys } from './context.js';

type Ctx = Record<string, string | string[]>;
const rows: Array<[operator: string, key: string, values: string[], context: Ctx, expected: boolean]> = [
  ['StringEquals', 'aws:username', ['alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', ['alice'], { 'aws:username': 'Alice' }, false],
  ['StringEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', ['alice'], {}, false],
  ['StringEquals', 'AWS:UserName', ['alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', ['a*'], { 'aws:username': 'alice' }, false],
  ['StringNotEquals', 'aws:username', ['alice'], { 'aws:username': 'bob' }, true],
  ['StringNotEquals', 'aws:username', ['alice', 'bob'], { 'aws:username': 'bob' }, false],
  ['StringNotEquals', 'aws:username', ['alice'], {}, true],
  ['StringEqualsIgnoreCase', 'aws:username', ['ALICE'], { 'aws:username': 'alice' }, true],
  ['StringNotEqualsIgnoreCase', 'aws:username', ['ALICE'], { 'aws:username': 'alice' }, false],
  ['StringLike', 's3:prefix', ['home/*'], { 's3:prefix': 'home/alice/' }, true],
  ['StringLike', 's3:prefix', ['home/?'], { 's3:prefix': 'home/ab' }, false],
  ['StringLike', 's3:prefix', ['home/${aws:username}/*'], { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }, true],
  ['StringLike', 's3:prefix', ['home/${aws:username}/*'], { 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }, false],
  ['StringLike', 's3:prefix', ['a${*}b'], { 's3:prefix': 'a*b' }, true],
  ['StringLike', 's3:prefix', ['a${*}b'], { 's3:prefix': 'axb' }, false],
  ['StringNotLike', 's3:prefix', ['home/*'], { 's3:prefix': 'tmp/x' }, true],
  ['StringEqualsIfExists', 'ec2:InstanceType', ['t3.micro'], {}, true],
  ['StringEqualsIfExists', 'ec2:InstanceType', ['t3.micro'], { 'ec2:InstanceType': 'm5.large' }, false],
  ['NumericLessThan', 's3:max-keys', ['10'], { 's3:max-keys': '5' }, true],
  ['NumericLessThan', 's3:max-keys', ['10'], { 's3:max-keys': '10' }, false],
  ['NumericLessThanEquals', 's3:max-keys', ['10'], { 's3:max-keys': '10' }, true],
  ['NumericGreaterThan', 's3:max-keys', ['10'], { 's3:max-keys': 'abc' }, false],
  ['NumericEquals', 's3:max-keys', ['10'], { 's3:max-keys': '10.0' }, true],
  ['NumericNotEquals', 's3:max-keys', ['10'], { 's3:max-keys': '11' }, true],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['3600'], {}, false],
  ['DateLessThan', 'aws:CurrentTime', ['2026-12-31T00:00:00Z'], { 'aws:CurrentTime': '2026-06-01T12:00:00Z' }, true],
  ['DateGreaterThan', 'aws:CurrentTime', ['2026-12-31T00:00:00Z'], { 'aws:CurrentTime': '2026-06-01T12:00:00Z' }, false],
  ['DateLessThan', 'aws:CurrentTime', ['1798675200'], { 'aws:CurrentTime': '2026-06-01T12:00:00Z' }, true],
  ['DateEquals', 'aws:TokenIssueTime', ['2026-01-01T00:00:00Z'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00.000Z' }, true],
  ['DateNotEquals', 'aws:TokenIssueTime', ['2026-01-01T00:00:00Z'], { 'aws:TokenIssueTime': '2026-01-02T00:00:00Z' }, true],
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'true' }, false],
  ['Bool', 'aws:SecureTransport', ['false'], {}, false],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {}, true],
  ['BinaryEquals', 'k:bin', ['QmluYXJ5'], { 'k:bin': 'QmluYXJ5' }, true],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.114.7' }, false],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.9'], { 'aws:SourceIp': '203.0.113.9' }, true],
  ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '2001:db8::1' }, true],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' }, true],
  ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.1' }, false],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:111111111111:topic-*'], { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:topic-a' }, true],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:111111111111:*'], { 'aws:SourceArn': 'arn:aws:sns:us-east-1:222222222222:t' }, false],
  ['ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::111111111111:role/app'], { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' }, true],
  ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/admin*'], { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' }, true],
  ['ArnNotEquals', 'aws:PrincipalArn', ['arn:aws:iam::111111111111:role/app'], {}, true],
  ['Null', 'aws:TokenIssueTime', ['true'], {}, true],
  ['Null', 'aws:TokenIssueTime', ['true'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, false],
  ['Null', 'aws:TokenIssueTime', ['false'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['owner', 'team'] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['owner'] }, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {}, false],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'team'] }, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'owner'] }, false],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['t-*'], { 'aws:TagKeys': ['t-a', 't-b'] }, true],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'x'] }, true],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'x'] }, false],
  ['StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['owner', 'env'] }, true],
];

for (const [operator, key, values, context, expected] of rows) {
  test(`condition ${operator} ${key} ${JSON.stringify(values)} with ${JSON.stringify(context)} is ${expected}`, () => {
    assert.equal(compileCondition(operator, key, values).test(new RequestContextKeys(context)), expected);
  });
}

test('operators parse with their set qualifier and IfExists suffix, case-insensitively', () => {
  assert.deepEqual(parseOperator('ForAllValues:StringLikeIfExists'), { set: 'ForAllValues', base: 'stringlike', ifExists: true });
  assert.deepEqual(parseOperator('stringequals'), { set: undefined, base: 'stringequals', ifExists: false });
  assert.equal(parseOperator('StringEqualz'), undefined);
  assert.equal(parseOperator('Sometimes:StringEquals'), undefined);
  assert.equal(parseOperator('NullIfExists'), undefined);
});
