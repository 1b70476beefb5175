// The VPC data plane on namespaces (issue 23): how long an SG change takes to reach the kernel (group with 1 member
// and with 60), how long 3 subnets × 20 instances take to build by API and from the store at a restart; beside an
// anchor measured in the same run (spawning one `ip -V`), since process start-up is what the world pays for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import { startServer, type BenchServer } from '../harness.js';
import { sdkConfig } from './chassis.js';
import type { Scenario } from '../scenario.js';
import { findTool } from '../../src/services/ec2/vpc/tools.js';
import { vpcThroughput } from './ec2-vpc-throughput.js';
import { vpcDifferential } from './ec2-vpc-differential.js';
import { vpcHostExposure } from './ec2-vpc-host-exposure.js';

interface WorldHealth {
  vpc_data_plane?: string;
  detail?: string;
}

async function world(url: string): Promise<WorldHealth> {
  const h = (await (await fetch(`${url}/_kumo/health`)).json()) as { components: Record<string, WorldHealth> };
  return h.components['ec2-vpc-world'] ?? {};
}

/** The helper round trip of the last kernel apply and the number of applies, from the health detail. */
async function lastApply(url: string): Promise<{ applies: number; ms: number; planMs: number }> {
  const m = /(\d+) applies, last ([\d.]+) ms(?: after ([\d.]+) ms planning)?/.exec((await world(url)).detail ?? '');
  return { applies: Number(m?.[1] ?? 0), ms: Number(m?.[2] ?? NaN), planMs: Number(m?.[3] ?? NaN) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function anchorMs(): number {
  const ip = findTool('ip') ?? 'ip';
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    spawnSync(ip, ['-V']);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

export const vpcWorld: Scenario = {
  name: 'ec2-vpc-world',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-vpc-'));
    const args = ['--run-instances', '--data-dir', dataDir];
    let server: BenchServer | undefined = await startServer(args, { KUMO_IMDS_PORT: '0' });
    let client = new ec2.EC2Client(sdkConfig(server.url));
    const lines: string[] = [];
    try {
      const vpcId = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
      const plane = await world(server.url);
      if (plane.vpc_data_plane !== 'namespaces') return [`ec2-vpc-world: skipped, the VPC data plane is on loopback here: ${plane.detail ?? 'no ec2-vpc-world component'}`];
      const anchor = anchorMs();
      const subnets: string[] = [];
      for (let s = 1; s <= 3; s++) subnets.push((await client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.70.${s}.0/24` }))).Subnet!.SubnetId!);
      const group = async (name: string) => (await client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }))).GroupId!;
      const shared = await group('shared');
      const single = await group('single');
      const build: number[] = [];
      for (const subnet of subnets) {
        const t = performance.now();
        await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 20, MaxCount: 20, SubnetId: subnet, SecurityGroupIds: [shared] }));
        build.push(performance.now() - t);
      }
      await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnets[0], SecurityGroupIds: [single] }));
      lines.push(`ec2-vpc-world anchor: one \`ip -V\` spawn ${anchor.toFixed(1)} ms (median of 21)`);
      lines.push(`ec2-vpc-world RunInstances of 20 per subnet, 3 subnets (API call incl. kernel): ${build.map((b) => b.toFixed(0)).join(' / ')} ms, total ${build.reduce((a, b) => a + b, 0).toFixed(0)} ms (${(build.reduce((a, b) => a + b, 0) / anchor).toFixed(0)}× anchor)`);
      for (const [label, gid] of [['1 member', single], ['61 members', shared]] as const) {
        const api: number[] = [];
        const kernel: number[] = [];
        const plan: number[] = [];
        for (let i = 0; i < 9; i++) {
          const t = performance.now();
          await client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: gid, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1000 + i, ToPort: 1000 + i, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
          api.push(performance.now() - t);
          const last = await lastApply(server.url);
          kernel.push(last.ms);
          plan.push(last.planMs);
        }
        lines.push(`ec2-vpc-world AuthorizeSecurityGroupIngress, group with ${label}: kernel apply median ${median(kernel).toFixed(1)} ms (max ${Math.max(...kernel).toFixed(1)}), planning median ${median(plan).toFixed(1)} ms, API call median ${median(api).toFixed(1)} ms (${(median(kernel) / anchor).toFixed(1)}× anchor)`);
      }
      // A restart builds the world from the store: one apply, before the instances come back.
      client.destroy();
      const exited = new Promise((r) => server!.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
      server = undefined;
      const t = performance.now();
      server = await startServer(args, { KUMO_IMDS_PORT: '0' });
      const up = performance.now() - t;
      client = new ec2.EC2Client(sdkConfig(server.url));
      await until(async () => (await lastApply(server!.url)).applies >= 1);
      const first = await lastApply(server.url);
      const waves = /\(waves ([^)]*)\)/.exec((await world(server.url)).detail ?? '')?.[1] ?? '?';
      lines.push(`ec2-vpc-world restart: 61 instances in 3 subnets rebuilt from the store, kernel apply ${first.ms.toFixed(0)} ms (${(first.ms / anchor).toFixed(0)}× anchor; waves ${waves}); kumo up in ${up.toFixed(0)} ms`);
      return lines;
    } finally {
      client.destroy();
      if (server) {
        const exited = new Promise((r) => server!.child.once('exit', r));
        server.child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export const EC2_VPC_SCENARIOS: Scenario[] = [vpcWorld, vpcThroughput, vpcDifferential, vpcHostExposure];
