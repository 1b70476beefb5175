// `npm run bench -- [scenario ...] [--ops N] [--workers N]`: runs the named scenarios (default: all) against a
// freshly spawned kumo each and prints one report line per measurement. Figures go to docs/performance.md.
import { parseArgs } from 'node:util';
import { getCallerIdentity, health, startup } from './scenarios/chassis.js';
import { SQS_SCENARIOS } from './scenarios/sqs.js';
import { DYNAMODB_SCENARIOS } from './scenarios/dynamodb.js';
import { DYNAMODB_STREAMS_SCENARIOS } from './scenarios/dynamodb-streams.js';
import { dynamodbPartiql } from './scenarios/dynamodb-partiql.js';
import { S3_SCENARIOS } from './scenarios/s3.js';
import { CLOUDWATCH_SCENARIOS } from './scenarios/cloudwatch.js';
import { FIREHOSE_SCENARIOS } from './scenarios/firehose.js';
import { dnsAnswers } from './scenarios/dns.js';
import { dnsBesideKnot } from './scenarios/dns-anchor.js';
import { dnsEngine } from './scenarios/dns-engine.js';
import { mftThroughput } from './scenarios/mft.js';
import { EC2_SCENARIOS } from './scenarios/ec2.js';
import { EC2_VPC_SCENARIOS } from './scenarios/ec2-vpc.js';
import { vpcUserData } from './scenarios/ec2-vpc-user-data.js';
import { IAM_SCENARIOS } from './scenarios/iam.js';
import { WAF_SCENARIOS } from './scenarios/waf.js';
import { EDGE_SCENARIOS } from './scenarios/edge.js';
import { DURABILITY_SCENARIOS } from './scenarios/durability.js';
import { ELB_SCENARIOS } from './scenarios/elb.js';
import { ELB_CLB_SCENARIOS } from './scenarios/elb-clb.js';
import type { Scenario } from './scenario.js';

/** Every scenario; services add theirs here. */
const SCENARIOS: Scenario[] = [
  startup, health, getCallerIdentity,
  ...S3_SCENARIOS, ...SQS_SCENARIOS, ...DYNAMODB_SCENARIOS, ...DYNAMODB_STREAMS_SCENARIOS, dynamodbPartiql,
  ...CLOUDWATCH_SCENARIOS,
  ...FIREHOSE_SCENARIOS,
  dnsAnswers,
  dnsBesideKnot,
  dnsEngine,
  mftThroughput,
  ...EC2_SCENARIOS,
  ...EC2_VPC_SCENARIOS,
  vpcUserData,
  ...IAM_SCENARIOS,
  ...WAF_SCENARIOS,
  ...EDGE_SCENARIOS,
  ...DURABILITY_SCENARIOS,
  ...ELB_SCENARIOS,
  ...ELB_CLB_SCENARIOS,
];

const { values, positionals } = parseArgs({
  options: { ops: { type: 'string', default: '5000' }, workers: { type: 'string', default: '8' } },
  allowPositionals: true,
});
const chosen = positionals.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => positionals.includes(s.name));
if (chosen.length === 0) {
  console.error(`unknown scenario; choose from: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
console.log(`kumo bench on node ${process.version}, ${values.workers} workers, ${values.ops} ops per scenario`);
for (const scenario of chosen) {
  for (const line of await scenario.run({ ops: Number(values.ops), workers: Number(values.workers) })) console.log(line);
}
