// EC2 scenarios: the reachability verdict over 100 security group rules and 100 NACL rules per side (in process,
// CPU per analysis), DescribeInstances over 1,000 instances with a tag filter (server CPU per call), and RunInstances
// of 10 instances that run as processes until all are running (wall time).
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { analyzeReachability, type NetworkModel } from '../../src/services/ec2/reachability.js';
import { closedLoop, formatResult, startServer } from '../harness.js';
import { sdkConfig } from './chassis.js';
import type { NaclEntryModel, SgRule } from '../../src/services/ec2/rule-match.js';
import type { Scenario } from '../scenario.js';

/** 100 SG rules that miss (other ports) before the one that matches, and 100 NACL rules likewise per direction. */
function bigNetwork(): NetworkModel {
  const sgRules: SgRule[] = Array.from({ length: 99 }, (_, i) => ({ ruleId: `sgr-${i}`, protocol: 'tcp', fromPort: 2000 + i, toPort: 2000 + i, cidr: `10.${i}.0.0/16` }));
  sgRules.push({ ruleId: 'sgr-443', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' });
  const acl = (egress: boolean): NaclEntryModel[] => {
    const rules: NaclEntryModel[] = Array.from({ length: 99 }, (_, i) => ({ ruleNumber: i + 1, egress, protocol: '6', action: 'allow', cidr: `192.168.${i}.0/24`, fromPort: 1, toPort: 65535 }));
    rules.push({ ruleNumber: 1000, egress, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' });
    return rules;
  };
  const local = { destination: '10.0.0.0/16', targetType: 'local' as const, targetId: 'local', state: 'active' as const };
  return {
    vpcs: new Map([['vpc-a', { id: 'vpc-a' }]]),
    subnets: new Map([
      ['subnet-a', { id: 'subnet-a', vpcId: 'vpc-a', networkAclId: 'acl-a', routeTableId: 'rtb-a' }],
      ['subnet-b', { id: 'subnet-b', vpcId: 'vpc-a', networkAclId: 'acl-b', routeTableId: 'rtb-a' }],
    ]),
    securityGroups: new Map([
      ['sg-a', { id: 'sg-a', vpcId: 'vpc-a', ingress: [], egress: sgRules }],
      ['sg-b', { id: 'sg-b', vpcId: 'vpc-a', ingress: sgRules, egress: [] }],
    ]),
    networkAcls: new Map([
      ['acl-a', { id: 'acl-a', entries: [...acl(false), ...acl(true)] }],
      ['acl-b', { id: 'acl-b', entries: [...acl(false), ...acl(true)] }],
    ]),
    routeTables: new Map([['rtb-a', { id: 'rtb-a', routes: [local, ...Array.from({ length: 50 }, (_, i) => ({ destination: `172.16.${i}.0/24`, targetType: 'nat' as const, targetId: 'nat-x', state: 'active' as const }))] }]]),
    peerings: new Map(),
    natGateways: new Map(),
    interfaces: new Map([
      ['eni-a', { id: 'eni-a', subnetId: 'subnet-a', privateIp: '10.0.1.10', groupIds: ['sg-a'] }],
      ['eni-b', { id: 'eni-b', subnetId: 'subnet-b', privateIp: '10.0.2.20', groupIds: ['sg-b'] }],
    ]),
  };
}

export const reachability: Scenario = {
  name: 'ec2-reachability',
  async run({ ops }) {
    const model = bigNetwork();
    const query = { source: { interfaceId: 'eni-a' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 443 };
    for (let i = 0; i < 1000; i++) analyzeReachability(model, query);
    const start = process.cpuUsage();
    let reachable = 0;
    for (let i = 0; i < ops; i++) if (analyzeReachability(model, query).reachable) reachable++;
    const used = process.cpuUsage(start);
    if (reachable !== ops) throw new Error('ec2-reachability: the path should be reachable');
    const msPerOp = (used.user + used.system) / 1000 / ops;
    return [`ec2-reachability (100 SG + 100 NACL rules per side, ${ops} analyses): ${msPerOp.toFixed(4)} ms CPU/op`];
  },
};

/** 1,000 instances in ten teams (tag team=t0…t9); each call asks for one team's 100 running instances. */
export const describeInstances: Scenario = {
  name: 'ec2-describe-instances',
  async run({ ops, workers }) {
    const server = await startServer();
    const client = new EC2Client(sdkConfig(server.url));
    try {
      for (let team = 0; team < 10; team++) {
        await client.send(new RunInstancesCommand({
          ImageId: 'ami-0aa7d40eeae50c9a9', InstanceType: 't3.micro', MinCount: 100, MaxCount: 100,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: `t${team}` }, { Key: 'Name', Value: `web-${team}` }] }],
        }));
      }
      const calls = Math.min(ops, 2000);
      const result = await closedLoop(server, workers, calls, async (_w, i) => {
        const r = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:team', Values: [`t${Math.abs(i) % 10}`] }] }));
        const n = (r.Reservations ?? []).reduce((sum, res) => sum + (res.Instances?.length ?? 0), 0);
        if (n !== 100) throw new Error(`ec2-describe-instances: expected 100 instances, got ${n}`);
      });
      return [formatResult('ec2 DescribeInstances (1,000 instances, tag filter → 100)', result)];
    } finally {
      client.destroy();
      await server.stop();
    }
  },
};

/** RunInstances (10, with user data) on `kumo start --run-instances` until DescribeInstances shows all 10 running. */
export const runInstances: Scenario = {
  name: 'ec2-run-instances',
  async run() {
    const server = await startServer(['--run-instances'], { KUMO_IMDS_PORT: '0' });
    const client = new EC2Client(sdkConfig(server.url));
    const userData = Buffer.from('#!/bin/sh\nexec sleep 600\n').toString('base64');
    const rounds: number[] = [];
    try {
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        const r = await client.send(new RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 10, MaxCount: 10, UserData: userData }));
        const ids = r.Instances!.map((i) => i.InstanceId!);
        for (;;) {
          const d = await client.send(new DescribeInstancesCommand({ InstanceIds: ids }));
          if (d.Reservations!.every((res) => res.Instances!.every((i) => i.State!.Name === 'running'))) break;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        rounds.push(performance.now() - start);
        await client.send(new TerminateInstancesCommand({ InstanceIds: ids }));
      }
      rounds.sort((a, b) => a - b);
      return [`ec2 RunInstances of 10 process instances → all running (5 rounds): median ${rounds[2]!.toFixed(0)} ms, min ${rounds[0]!.toFixed(0)} ms, max ${rounds[4]!.toFixed(0)} ms wall`];
    } finally {
      client.destroy();
      await server.stop();
    }
  },
};

export const EC2_SCENARIOS: Scenario[] = [reachability, describeInstances, runInstances];
