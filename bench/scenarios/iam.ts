// IAM authorization cost in process: CPU per evaluation of a realistic policy set (five managed policies of ten
// statements, a boundary, conditions and variables) through the compiled-policy cache, against the 0.05 ms target;
// and the same request through @cloud-copilot/iam-simulate, the independent evaluator the differential test uses.
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { closedLoop, formatResult, startServer, type LoopResult } from '../harness.js';
import { sdkConfig } from './chassis.js';
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

/** DescribeTable without enforcement, with it as root (signature checked, no policy work), and as an IAM user. */
async function describeLoop(mode: 'off' | 'root' | 'user', ops: number, workers: number): Promise<LoopResult> {
  const server = await startServer(mode === 'off' ? [] : ['--enforce-iam']);
  const root = sdkConfig(server.url);
  const iam = new IAMClient(root);
  const admin = new DynamoDBClient(root);
  let client = admin;
  try {
    await admin.send(new CreateTableCommand({ TableName: 'bench', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    if (mode === 'user') {
      await iam.send(new CreateUserCommand({ UserName: 'kinesis' }));
      for (let n = 0; n < 5; n++) {
        const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `Team${n}`, PolicyDocument: managed(n).replaceAll(ACCOUNT, '000000000000') }));
        await iam.send(new AttachUserPolicyCommand({ UserName: 'kinesis', PolicyArn: Policy!.Arn! }));
      }
      const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'Dynamo', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:Describe*', Resource: '*' }] }) }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'kinesis', PolicyArn: Policy!.Arn! }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'kinesis' }));
      client = new DynamoDBClient({ ...root, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
    }
    await closedLoop(server, workers, 500, () => client.send(new DescribeTableCommand({ TableName: 'bench' })));
    return await closedLoop(server, workers, ops, () => client.send(new DescribeTableCommand({ TableName: 'bench' })));
  } finally {
    if (client !== admin) client.destroy();
    admin.destroy();
    iam.destroy();
    await server.stop();
  }
}

/** The server CPU that enforcement adds to a request: signature secret lookup, policy set, evaluation. */
export const iamAuthorize: Scenario = {
  name: 'iam-authorize',
  async run({ ops, workers }) {
    const off = await describeLoop('off', ops, workers);
    const root = await describeLoop('root', ops, workers);
    const user = await describeLoop('user', ops, workers);
    return [
      formatResult('DynamoDB DescribeTable, enforcement off', off),
      formatResult('--enforce-iam, root key (SigV4 verified)', root),
      formatResult('--enforce-iam, IAM user, 6 policies', user),
      `signature verification (root − off)       ${(root.serverCpuMsPerOp - off.serverCpuMsPerOp).toFixed(3)} ms server CPU per request`,
      `authorization (user − root)               ${(user.serverCpuMsPerOp - root.serverCpuMsPerOp).toFixed(3)} ms server CPU per request`,
    ];
  },
};

export const IAM_SCENARIOS: Scenario[] = [iamEvaluate, iamAuthorize];
