// Differential check of kumo's evaluator against an independent one (@cloud-copilot/iam-simulate, a dev-only
// dependency) on generated policy/request pairs: identity and resource policies, Allow/Deny, NotAction,
// wildcards, variables and conditions, same- and cross-account. Every pair must reach the same decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { compilePolicy } from '../../src/iam/compile.js';
import { RequestContextKeys } from '../../src/iam/context.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { Principal } from '../../src/iam/principal.js';
import { seededRandom } from '../support/seeded-random.js';

const A = '111111111111';
const B = '222222222222';


type Json = Record<string, unknown>;

const ACTIONS = ['s3:GetObject', 's3:Get*', 's3:*', '*', 's3:PutObject', 'sqs:SendMessage', 'S3:getobject', 's3:?etObject'];
const RESOURCES = ['*', 'arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-b/*', 'arn:aws:s3:::bucket-a/reports/*', 'arn:aws:s3:::*/reports/*', 'arn:aws:s3:::bucket-a/${aws:username}/*'];
const CONDITIONS: Json[] = [
  { StringEquals: { 'aws:username': 'alice' } },
  { StringNotEquals: { 'aws:username': ['alice', 'bob'] } },
  { StringLike: { 'aws:username': 'a*' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/a*' } },
  { StringEqualsIgnoreCase: { 'aws:PrincipalAccount': A } },
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function statement(r: () => number, withPrincipal: boolean, principals: readonly unknown[]): Json {
  const s: Json = { Effect: r() < 0.25 ? 'Deny' : 'Allow' };
  const actions = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(r, ACTIONS));
  if (r() < 0.15) s.NotAction = actions;
  else s.Action = actions;
  s.Resource = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(r, RESOURCES));
  if (withPrincipal) s.Principal = pick(r, principals);
  if (r() < 0.4) s.Condition = pick(r, CONDITIONS);
  return s;
}

function policy(r: () => number, withPrincipal = false, principals: readonly unknown[] = []): Json {
  return { Version: '2012-10-17', Statement: Array.from({ length: 1 + Math.floor(r() * 3) }, () => statement(r, withPrincipal, principals)) };
}

interface Case {
  principal: Principal;
  username: string;
  identity: Json[];
  resourcePolicy: Json | undefined;
  action: string;
  resource: string;
  context: Record<string, string>;
}

function generate(seed: number): Case {
  const r = seededRandom(seed);
  const crossAccount = r() < 0.3;
  const username = pick(r, ['alice', 'bob', 'carol']);
  const account = crossAccount ? B : A;
  const principal: Principal = { type: 'user', arn: `arn:aws:iam::${account}:user/${username}`, account };
  const principals = ['*', { AWS: principal.arn }, { AWS: account }, { AWS: `arn:aws:iam::${account}:root` }, { AWS: `arn:aws:iam::${A}:user/dave` }];
  const context: Record<string, string> = {
    'aws:username': username,
    'aws:SourceIp': pick(r, ['10.1.2.3', '192.168.4.5', '203.0.113.9']),
    'aws:SecureTransport': pick(r, ['true', 'false']),
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': account,
  };
  if (r() < 0.5) context['aws:MultiFactorAuthPresent'] = pick(r, ['true', 'false']);
  if (r() < 0.5) context['aws:MultiFactorAuthAge'] = pick(r, ['60', '7200']);
  return {
    principal,
    username,
    identity: Array.from({ length: Math.floor(r() * 3) }, () => policy(r)),
    resourcePolicy: r() < 0.6 ? policy(r, true, principals) : undefined,
    action: pick(r, ['s3:GetObject', 's3:PutObject']),
    resource: pick(r, ['arn:aws:s3:::bucket-a/reports/x.csv', 'arn:aws:s3:::bucket-b/y.txt', `arn:aws:s3:::bucket-a/${username}/z`]),
    context,
  };
}

function kumoDecision(c: Case): string {
  const d = evaluate(
    { principal: c.principal, action: c.action, resource: c.resource, resourceAccount: A, context: new RequestContextKeys(c.context) },
    { identity: c.identity.map((p) => compilePolicy(p)), resource: c.resourcePolicy ? compilePolicy(c.resourcePolicy) : undefined },
  );
  if (d.decision === 'Allow') return 'Allowed';
  return d.explicit ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
}

async function referenceDecision(c: Case): Promise<string> {
  const simulation: Simulation = {
    identityPolicies: c.identity.map((p, i) => ({ name: `p${i}`, policy: p })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
    request: { action: c.action, principal: c.principal.arn, resource: { accountId: A, resource: c.resource }, contextVariables: c.context },
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`reference rejected case: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

const CASES = 300;

test(`kumo's evaluator agrees with iam-simulate on ${CASES} generated policy/request pairs`, async () => {
  const disagreements: string[] = [];
  const seen = new Set<string>();
  for (let seed = 1; seed <= CASES; seed++) {
    const c = generate(seed);
    const [ours, theirs] = [kumoDecision(c), await referenceDecision(c)];
    seen.add(ours);
    if (ours !== theirs) disagreements.push(`case ${seed}: kumo ${ours}, iam-simulate ${theirs}\n${JSON.stringify(c, null, 1)}`);
  }
  assert.deepEqual([...seen].sort(), ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']);
  assert.equal(disagreements.length, 0, disagreements.slice(0, 3).join('\n\n'));
});
