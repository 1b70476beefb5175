// Table-driven checks of the evaluation logic: each row is a policy set, a request and the decision AWS documents
// for it ("Policy evaluation logic", "Cross-account policy evaluation logic"), with the AccessDenied message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessDeniedMessage } from './access-denied.js';
import { compilePolicy } from './compile.js';
import { RequestContextKeys } from './context.js';
import { evaluate, type PolicySet } from './evaluate.js';
import type { Principal } from './principal.js';

const A = '111111111111';
const B = '222222222222';
const user: Principal = { type: 'user', arn: `arn:aws:iam::${A}:user/kinesis`, account: A, userId: 'AIDAEXAMPLE' };
const otherUser: Principal = { type: 'user', arn: `arn:aws:iam::${B}:user/bob`, account: B };
const root: Principal = { type: 'root', arn: `arn:aws:iam::${A}:root`, account: A };
const otherRoot: Principal = { type: 'root', arn: `arn:aws:iam::${B}:root`, account: B };
const session: Principal = {
  type: 'assumed-role',
  arn: `arn:aws:sts::${A}:assumed-role/app/s1`,
  account: A,
  roleArn: `arn:aws:iam::${A}:role/app`,
};
const STREAM = `arn:aws:firehose:us-east-1:${A}:deliverystream/orders`;
const BUCKET_OBJ = 'arn:aws:s3:::bucket-a/reports/2026.csv';

type Doc = Record<string, unknown>;
const doc = (...Statement: Doc[]): Doc => ({ Version: '2012-10-17', Statement });
const allow = (Action: unknown, Resource: unknown = '*', extra: Doc = {}): Doc => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = '*', extra: Doc = {}): Doc => ({ Effect: 'Deny', Action, Resource, ...extra });

interface Row {
  name: string;
  principal?: Principal;
  action?: string;
  resource?: string;
  resourceAccount?: string;
  context?: Record<string, string | string[]>;
  identity?: Doc[];
  managed?: Record<string, Doc>;
  resourcePolicy?: Doc;
  boundary?: Doc;
  session?: Doc[];
  /** 'Allow' or the expected message's reason clause. */
  expect: string;
}

const rows: Row[] = [
  { name: 'an identity policy allowing the action allows', identity: [doc(allow('firehose:PutRecord'))], expect: 'Allow' },
  { name: 'no policy is an implicit deny naming identity-based policies', expect: 'because no identity-based policy allows the firehose:PutRecord action' },
  { name: 'a policy for another action does not allow', identity: [doc(allow('firehose:PutRecordBatch'))], expect: 'because no identity-based policy allows the firehose:PutRecord action' },
  { name: 'action wildcards are case-insensitive', identity: [doc(allow('FIREHOSE:put*'))], expect: 'Allow' },
  { name: '? matches one character', identity: [doc(allow('firehose:PutRec?rd'))], expect: 'Allow' },
  { name: 'an explicit deny beats an allow', identity: [doc(allow('*'), deny('firehose:*'))], expect: 'with an explicit deny in an identity-based policy' },
  {
    name: 'an explicit deny in a managed policy names its ARN',
    identity: [doc(allow('*'))],
    managed: { [`arn:aws:iam::${A}:policy/NoFirehose`]: doc(deny('firehose:PutRecord')) },
    expect: `with an explicit deny in an identity-based policy: arn:aws:iam::${A}:policy/NoFirehose`,
  },
  { name: 'NotAction allows everything else', identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], expect: 'Allow' },
  { name: 'NotAction excludes the listed action', identity: [doc({ Effect: 'Allow', NotAction: ['firehose:Put*'], Resource: '*' })], expect: 'because no identity-based policy allows the firehose:PutRecord action' },
  { name: 'a resource ARN with a wildcard in its name matches', identity: [doc(allow('firehose:PutRecord', `arn:aws:firehose:*:${A}:deliverystream/ord*`))], expect: 'Allow' },
  { name: 'a resource in another region does not match', identity: [doc(allow('firehose:PutRecord', `arn:aws:firehose:eu-west-1:${A}:deliverystream/*`))], expect: 'because no identity-based policy allows the firehose:PutRecord action' },
  { name: 'a wildcard does not span ARN segments', identity: [doc(allow('firehose:PutRecord', 'arn:aws:firehose:us-east-1*'))], expect: 'because no identity-based policy allows the firehose:PutRecord action' },
  { name: 'NotResource allows resources outside it', identity: [doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::*' })], expect: 'Allow' },
  { name: 'NotResource excludes the listed resource', identity: [doc({ Effect: 'Allow', Action: '*', NotResource: `arn:aws:firehose:*:*:deliverystream/*` })], expect: 'because no identity-based policy allows the firehose:PutRecord action' },
  {
    name: '${aws:username} in a resource is the caller',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::home/kinesis/notes.txt',
    context: { 'aws:username': 'kinesis' },
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
    expect: 'Allow',
  },
  {
    name: '${aws:username} does not match another user\'s folder',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::home/alice/notes.txt',
    context: { 'aws:username': 'kinesis' },
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
    expect: 'because no identity-based policy allows the s3:GetObject action',
  },
  {
    name: 'a variable without a value makes the resource not match',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::home//notes.txt',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
    expect: 'because no identity-based policy allows the s3:GetObject action',
  },
  {
    name: 'a variable default applies when the key is absent',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::home/anyone/notes.txt',
    identity: [doc(allow('s3:GetObject', "arn:aws:s3:::home/${aws:username, 'anyone'}/*"))],
    expect: 'Allow',
  },
  {
    name: 'a resource policy naming the user allows without an identity policy (same account)',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::bucket-a/*', { Principal: { AWS: user.arn } })),
    expect: 'Allow',
  },
  {
    name: 'a resource policy with Principal * allows a same-account user',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::bucket-a/*', { Principal: '*' })),
    expect: 'Allow',
  },
  {
    name: 'a resource policy naming only the account needs an identity policy too',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::bucket-a/*', { Principal: { AWS: `arn:aws:iam::${A}:root` } })),
    expect: 'because no identity-based policy allows the s3:GetObject action',
  },
  {
    name: 'an explicit deny in a resource policy beats the identity allow',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    identity: [doc(allow('s3:*'))],
    resourcePolicy: doc(deny('s3:*', 'arn:aws:s3:::bucket-a/*', { Principal: '*' })),
    expect: 'with an explicit deny in a resource-based policy',
  },
  {
    name: 'NotPrincipal denies everyone but the named principal',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    identity: [doc(allow('s3:*'))],
    resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:user/admin' }, Action: 's3:*', Resource: '*' }),
    expect: 'with an explicit deny in a resource-based policy',
  },
  {
    name: 'NotPrincipal spares the named principal',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    identity: [doc(allow('s3:*'))],
    resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: user.arn }, Action: 's3:*', Resource: '*' }),
    expect: 'Allow',
  },
  { name: 'the root user is allowed without policies', principal: root, expect: 'Allow' },
  {
    name: 'the root user is stopped by an explicit deny in a resource policy',
    principal: root,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourcePolicy: doc(deny('s3:GetObject', '*', { Principal: '*' })),
    expect: 'with an explicit deny in a resource-based policy',
  },
  {
    name: 'cross-account: an identity allow without a resource policy is denied by the resource side',
    principal: otherUser,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourceAccount: A,
    identity: [doc(allow('s3:*'))],
    expect: 'because no resource-based policy allows the s3:GetObject action',
  },
  {
    name: 'cross-account: a resource policy naming the account without an identity allow is denied',
    principal: otherUser,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourceAccount: A,
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: B } })),
    expect: 'because no identity-based policy allows the s3:GetObject action',
  },
  {
    name: 'cross-account: both sides allowing allows',
    principal: otherUser,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourceAccount: A,
    identity: [doc(allow('s3:GetObject'))],
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: `arn:aws:iam::${B}:root` } })),
    expect: 'Allow',
  },
  {
    name: 'cross-account: the other account\'s root needs only the resource policy',
    principal: otherRoot,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourceAccount: A,
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: B } })),
    expect: 'Allow',
  },
  {
    name: 'a permissions boundary without the action denies what the identity policy allows',
    identity: [doc(allow('*'))],
    boundary: doc(allow('s3:*')),
    expect: 'because no permissions boundary allows the firehose:PutRecord action',
  },
  {
    name: 'a permissions boundary that allows lets the identity policy through',
    identity: [doc(allow('firehose:PutRecord'))],
    boundary: doc(allow('firehose:*')),
    expect: 'Allow',
  },
  {
    name: 'a boundary alone grants nothing',
    boundary: doc(allow('*')),
    expect: 'because no identity-based policy allows the firehose:PutRecord action',
  },
  {
    name: 'an explicit deny in a boundary is reported as such',
    identity: [doc(allow('*'))],
    boundary: doc(allow('*'), deny('firehose:PutRecord')),
    expect: 'with an explicit deny in a permissions boundary',
  },
  {
    name: 'a boundary does not limit a resource policy naming the user',
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    boundary: doc(allow('sqs:*')),
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: user.arn } })),
    expect: 'Allow',
  },
  {
    name: 'a session policy caps the role\'s permissions',
    principal: session,
    identity: [doc(allow('*'))],
    session: [doc(allow('s3:GetObject'))],
    expect: 'because no session policy allows the firehose:PutRecord action',
  },
  { name: 'a session policy that allows lets the role policy through', principal: session, identity: [doc(allow('firehose:*'))], session: [doc(allow('firehose:PutRecord'))], expect: 'Allow' },
  { name: 'an explicit deny in a session policy', principal: session, identity: [doc(allow('*'))], session: [doc(allow('*'), deny('firehose:*'))], expect: 'with an explicit deny in a session policy' },
  {
    name: 'a resource policy naming the session ARN is not capped by the session policy',
    principal: session,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    session: [doc(allow('sqs:*'))],
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: session.arn } })),
    expect: 'Allow',
  },
  {
    name: 'a resource policy naming the role is capped by the session policy',
    principal: session,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    session: [doc(allow('sqs:*'))],
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: session.roleArn } })),
    expect: 'because no session policy allows the s3:GetObject action',
  },
  {
    name: 'a resource policy naming the role allows its sessions',
    principal: session,
    action: 's3:GetObject',
    resource: BUCKET_OBJ,
    resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: session.roleArn } })),
    expect: 'Allow',
  },
  {
    name: 'a condition that holds lets the statement apply',
    context: { 'aws:SourceIp': '10.1.2.3' },
    identity: [doc(allow('firehose:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
    expect: 'Allow',
  },
  {
    name: 'a condition that fails keeps the statement out',
    context: { 'aws:SourceIp': '192.168.1.1' },
    identity: [doc(allow('firehose:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
    expect: 'because no identity-based policy allows the firehose:PutRecord action',
  },
  {
    name: 'a deny conditioned on a missing key with a negated operator applies',
    identity: [doc(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))],
    expect: 'with an explicit deny in an identity-based policy',
  },
];

for (const row of rows) {
  test(`evaluation: ${row.name}`, () => {
    const principal = row.principal ?? user;
    const action = row.action ?? 'firehose:PutRecord';
    const resource = row.resource ?? STREAM;
    const policies: PolicySet = {
      identity: [
        ...(row.identity ?? []).map((d) => compilePolicy(d)),
        ...Object.entries(row.managed ?? {}).map(([arn, d]) => compilePolicy(d, arn)),
      ],
      resource: row.resourcePolicy ? compilePolicy(row.resourcePolicy) : undefined,
      permissionsBoundary: row.boundary ? compilePolicy(row.boundary) : undefined,
      session: row.session?.map((d) => compilePolicy(d)),
    };
    const request = { principal, action, resource, context: new RequestContextKeys(row.context ?? {}), ...(row.resourceAccount ? { resourceAccount: row.resourceAccount } : {}) };
    const decision = evaluate(request, policies);
    if (row.expect === 'Allow') {
      assert.equal(decision.decision, 'Allow', JSON.stringify(decision));
      return;
    }
    assert.equal(decision.decision, 'Deny');
    if (decision.decision !== 'Deny') return;
    const message = accessDeniedMessage({ principalArn: principal.arn, action, resource }, decision);
    assert.equal(message, `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} ${row.expect}`);
  });
}

test('the seed 004 message is word for word AWS\'s', () => {
  const decision = evaluate({ principal: user, action: 'firehose:PutRecord', resource: STREAM, context: new RequestContextKeys() }, { identity: [] });
  assert.equal(decision.decision, 'Deny');
  if (decision.decision !== 'Deny') return;
  assert.equal(
    accessDeniedMessage({ principalArn: user.arn, action: 'firehose:PutRecord', resource: STREAM }, decision),
    `User: arn:aws:iam::${A}:user/kinesis is not authorized to perform: firehose:PutRecord on resource: arn:aws:firehose:us-east-1:${A}:deliverystream/orders because no identity-based policy allows the firehose:PutRecord action`,
  );
});

test('policy variables are plain text in a policy without Version 2012-10-17', () => {
  const context = new RequestContextKeys({ 'aws:username': 'kinesis' });
  const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' };
  const run = (version: string | undefined, resource: string) =>
    evaluate({ principal: user, action: 's3:GetObject', resource, context }, { identity: [compilePolicy({ ...(version ? { Version: version } : {}), Statement: [statement] })] }).decision;
  assert.equal(run('2012-10-17', 'arn:aws:s3:::home/kinesis/a'), 'Allow');
  assert.equal(run('2008-10-17', 'arn:aws:s3:::home/kinesis/a'), 'Deny');
  assert.equal(run(undefined, 'arn:aws:s3:::home/${aws:username}/a'), 'Allow');
});

test('a trust policy must allow by itself, even in the same account', () => {
  const context = new RequestContextKeys();
  const request = { principal: user, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/r`, context };
  const identity = [compilePolicy(doc(allow('sts:AssumeRole')))];
  const lambdaOnly = compilePolicy(doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }));
  const d = evaluate(request, { identity, resource: lambdaOnly, resourceMustAllow: true });
  assert.deepEqual(d, { decision: 'Deny', explicit: false, policyType: 'resource-based' });
  const named = compilePolicy(doc({ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' }));
  assert.equal(evaluate(request, { identity: [], resource: named, resourceMustAllow: true }).decision, 'Allow');
});

test('the per-action/resource memo of a compiled policy keeps variable resources and NotResource per request', () => {
  const policy = compilePolicy(doc(
    allow('s3:GetObject', ['arn:aws:s3:::homes/${aws:username}/*', 'arn:aws:s3:::public/*']),
    { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::homes/${aws:username}/*' },
  ));
  const ask = (username: string, resource: string) =>
    evaluate({ principal: user, action: 's3:GetObject', resource, context: new RequestContextKeys({ 'aws:username': username }) }, { identity: [policy] }).decision;
  // The same action and resource, asked twice with different users: the memo must not settle the variable test.
  assert.equal(ask('kinesis', 'arn:aws:s3:::homes/kinesis/a'), 'Allow');
  assert.equal(ask('bob', 'arn:aws:s3:::homes/kinesis/a'), 'Deny');
  assert.equal(ask('kinesis', 'arn:aws:s3:::homes/kinesis/a'), 'Allow');
  // public/* is outside the NotResource exception: the deny applies to everyone.
  assert.equal(ask('kinesis', 'arn:aws:s3:::public/x'), 'Deny');
  assert.equal(ask('kinesis', 'arn:aws:s3:::public/x'), 'Deny');
});
