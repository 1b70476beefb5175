// IAM's policy validation: each malformed document gets MalformedPolicyDocument with the message IAM answers
// (aws-recordings/iam test_iam.snapshot.json for invalid JSON; the rest as IAM words them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../core/aws-error.js';
import { parsePolicy, validatePolicy, type PolicyKind } from './policy-document.js';

const V = '2012-10-17';
const rows: Array<[name: string, doc: unknown, kind: PolicyKind, message: string]> = [
  ['invalid JSON', '{"Version": ', 'identity', 'This policy contains invalid Json'],
  ['a JSON array', '[]', 'identity', 'This policy contains invalid Json'],
  ['an unknown top-level element', { Version: V, Statement: [], Foo: 1 }, 'identity', 'Syntax errors in policy.'],
  ['no Statement', { Version: V }, 'identity', 'Syntax errors in policy.'],
  ['an empty Statement list', { Version: V, Statement: [] }, 'identity', 'Syntax errors in policy.'],
  ['an unknown statement element', { Version: V, Statement: { Effect: 'Allow', Action: '*', Resource: '*', Foo: 1 } }, 'identity', 'Syntax errors in policy.'],
  ['no Effect', { Version: V, Statement: { Action: '*', Resource: '*' } }, 'identity', 'Syntax errors in policy.'],
  ['Action and NotAction together', { Version: V, Statement: { Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' } }, 'identity', 'Syntax errors in policy.'],
  ['a non-string action', { Version: V, Statement: { Effect: 'Allow', Action: [1], Resource: '*' } }, 'identity', 'Syntax errors in policy.'],
  ['an unknown Version', { Version: '2020-01-01', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, 'identity', 'Syntax errors in policy.'],
  ['the 2008 Version', { Version: '2008-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, 'identity', 'Policy document must be version 2012-10-17 or greater.'],
  ['no Version', { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, 'identity', 'Policy document must be version 2012-10-17 or greater.'],
  ['a lower-case Effect', { Version: V, Statement: { Effect: 'allow', Action: '*', Resource: '*' } }, 'identity', 'The policy failed legacy parsing'],
  ['an unknown condition operator', { Version: V, Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'a' } } } }, 'identity', 'Invalid Condition type : StringEqualz.'],
  ['duplicate Sids', { Version: V, Statement: [{ Sid: 'a', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'a', Effect: 'Deny', Action: '*', Resource: '*' }] }, 'identity', 'Statement IDs (SID) in a single policy must be unique.'],
  ['no Action', { Version: V, Statement: { Effect: 'Allow', Resource: '*' } }, 'identity', 'Policy statement must contain actions.'],
  ['an empty Action list', { Version: V, Statement: { Effect: 'Allow', Action: [], Resource: '*' } }, 'identity', 'Policy statement must contain actions.'],
  ['no Resource', { Version: V, Statement: { Effect: 'Allow', Action: '*' } }, 'identity', 'Policy statement must contain resources.'],
  ['a Principal in an identity policy', { Version: V, Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } }, 'identity', 'Policy document should not specify a principal.'],
  ['a resource that is not an ARN', { Version: V, Statement: { Effect: 'Allow', Action: '*', Resource: 'bucket' } }, 'identity', 'Resource bucket must be in ARN format or "*".'],
  ['a wildcard in a resource vendor', { Version: V, Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s*:::b' } }, 'identity', 'Resource vendor must be fully qualified and cannot contain regexes.'],
  ['an action without a vendor', { Version: V, Statement: { Effect: 'Allow', Action: 'GetObject', Resource: '*' } }, 'identity', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['an action with two colons', { Version: V, Statement: { Effect: 'Allow', Action: 's3:Get:Object', Resource: '*' } }, 'identity', 'Actions/Condition can contain only one colon.'],
  ['an invalid vendor', { Version: V, Statement: { Effect: 'Allow', Action: 's 3:GetObject', Resource: '*' } }, 'identity', 'Vendor s 3 is not valid'],
  ['a Resource in a trust policy', { Version: V, Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' } }, 'trust', 'Has prohibited field Resource'],
  ['a trust policy without Principal', { Version: V, Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } }, 'trust', 'Missing required field Principal'],
];

for (const [name, doc, kind, message] of rows) {
  test(`a ${kind} policy with ${name} is MalformedPolicyDocument: ${message}`, () => {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
    assert.throws(
      () => validatePolicy(text, kind),
      (e: unknown) => isAwsError(e) && e.code === 'MalformedPolicyDocument' && e.status === 400 && e.message === message,
    );
  });
}

test('valid identity, trust and resource policies parse into lists', () => {
  const identity = validatePolicy(JSON.stringify({ Version: V, Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } }), 'identity');
  assert.deepEqual(identity.statements[0]?.action, ['s3:GetObject']);
  const trust = validatePolicy(JSON.stringify({ Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }] }), 'trust');
  assert.deepEqual(trust.statements[0]?.principal?.aws, ['111111111111']);
  const resource = parsePolicy({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'SQS:*', Resource: '*', Condition: { NumericLessThan: { 'k:n': 5 } } }] });
  assert.equal(resource.statements[0]?.principal?.any, true);
  assert.deepEqual(resource.statements[0]?.condition, { NumericLessThan: { 'k:n': ['5'] } });
});
