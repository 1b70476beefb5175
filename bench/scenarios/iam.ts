// IAM authorization cost in process: CPU per evaluation of a realistic policy set (five managed policies of ten
// statements, a boundary, conditions and variables) through the compiled-policy cache, against the 0.05 ms target;
// and the same request through @cloud-copilot/iam-simulate, the independent evaluator the differential test uses.
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { RequestContextKeys } from '../../src/iam/context.js';
import { evaluate, type PolicySet } from '../../src/iam/evaluate.js';
import { PolicyCache } from '../../src/iam/policy-cache.js';
import type { Principal } from '../../src/iam/principal.js';
import type { Scenario } from '../scenario.js';

const ACCOUNT = '111111111111';
const principal: Principal = { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/kinesis`, account: ACCOUNT, userId: 'AIDABENCH' };
const SERVICES = ['s3', 'sqs', 'dynamodb', 'sns', 'kinesis', 'lambda', 'ec2', 'logs', 'cloudwatch', 'kms'];

function managed(n: number): string {
  const Statement = SERVICES.map((service, i) => ({
    Sid: `S${n}x${i}`,
    Effect: 'Allow',
    Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`],
    Resource: [`arn:aws:${service}:*:${ACCOUNT}:*/team-${n}-*`, `arn:aws:${service}:us-east-1:${ACCOUNT}:\${aws:username}-*`],
    Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement });
}

const firehose = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'firehose:Put*', Resource: `arn:aws:firehose:*:${ACCOUNT}:deliverystream/*` }],
});
const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] });
const RESOURCE = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`;

function context(): RequestContextKeys {
  return new RequestContextKeys({
    'aws:username': 'kinesis',
    'aws:SourceIp': '10.1.2.3',
    'aws:RequestedRegion': 'us-east-1',
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:CurrentTime': new Date().toISOString(),
    'aws:SecureTransport': 'false',
  });
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Evaluations of an allowed and a denied request; policies come from the cache as the authorize phase gets them. */
export const iamEvaluate: Scenario = {
  name: 'iam-evaluate',
  async run({ ops }) {
    const cache = new PolicyCache();
    const docs = [...Array.from({ length: 5 }, (_, n) => [`arn:aws:iam::${ACCOUNT}:policy/Team${n}`, managed(n)] as const), [undefined, firehose] as const];
    const lines: string[] = [];
    for (const [label, action] of [
      ['allowed (last statement of 51)', 'firehose:PutRecord'],
      ['denied (no statement matches)', 'firehose:DeleteDeliveryStream'],
    ] as const) {
      const n = Math.max(ops, 20_000);
      let allowed = 0;
      const run = (count: number): void => {
        for (let i = 0; i < count; i++) {
          const policies: PolicySet = { identity: docs.map(([arn, text]) => cache.get(text, arn)), permissionsBoundary: cache.get(boundary) };
          if (evaluate({ principal, action, resource: RESOURCE, context: context() }, policies).decision === 'Allow') allowed++;
        }
      };
      run(2_000);
      const before = cpuMicros();
      run(n);
      const perOp = (cpuMicros() - before) / 1000 / n;
      lines.push(`iam evaluate ${label.padEnd(32)} CPU ${perOp.toFixed(4)} ms/op  (${n} ops, ${allowed} allowed)`);
    }
    const simulation: Simulation = {
      identityPolicies: docs.map(([, text], i) => ({ name: `p${i}`, policy: JSON.parse(text) })),
      permissionBoundaryPolicies: [{ name: 'b', policy: JSON.parse(boundary) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { action: 'firehose:PutRecord', principal: principal.arn, resource: { accountId: ACCOUNT, resource: RESOURCE }, contextVariables: { 'aws:SourceIp': '10.1.2.3' } },
    };
    const simOps = 300;
    for (let i = 0; i < 20; i++) await runSimulation(simulation, {});
    const before = cpuMicros();
    for (let i = 0; i < simOps; i++) await runSimulation(simulation, {});
    lines.push(`iam-simulate same allowed request        CPU ${((cpuMicros() - before) / 1000 / simOps).toFixed(4)} ms/op  (${simOps} ops)`);
    return lines;
  },
};

export const IAM_SCENARIOS: Scenario[] = [iamEvaluate];
