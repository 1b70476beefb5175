// TCP bulk throughput in the VPC world (issue 23's target: same-subnet ≥ 50 % of a plain veth pair): a node sender
// and sink between two instances in one subnet (routed through the VPC namespace, where the SG and NACL chains are)
// and in two subnets, beside the anchor: the same sender and sink over a bare veth pair between two namespaces.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import { startServer, type BenchServer } from '../harness.js';
import { sdkConfig } from './chassis.js';
import type { Scenario } from '../scenario.js';
import { findTool } from '../../src/services/ec2/vpc/tools.js';

const MIB = 96;
const ROUNDS = 3;
const PORT = 5201;
const SINK = `require('net').createServer(s=>{let n=0;s.on('data',d=>n+=d.length);s.on('end',()=>s.end(String(n)))}).listen(${PORT},'0.0.0.0',()=>console.log('ready'))`;
/** Sends MIB mebibytes (1 MiB writes, honouring back-pressure) and prints the wall time until the sink's count. */
const SENDER = (host: string) => `const s=require('net').connect(${PORT},'${host}');const b=Buffer.alloc(1<<20,7);let left=${MIB};const t=performance.now();` +
  `const pump=()=>{while(left>0){left--;if(!s.write(b))return s.once('drain',pump)}s.end()};s.on('connect',pump);` +
  `let r='';s.on('data',d=>r+=d);s.on('end',()=>{if(Number(r)!==${MIB}*(1<<20))process.exit(3);console.log((performance.now()-t).toFixed(1))})`;

function runIn(prefix: string[], script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
  });
}

/** Starts a sink; resolves once it listens, with a stop function. */
function sink(prefix: string[]): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(() => child.kill('SIGKILL')));
    child.on('exit', (code) => reject(new Error(`sink exited ${code}`)));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (ms: number): number => (MIB * 8 * 1.048576) / (ms / 1000);

/** The anchor: sender and sink in two namespaces joined by one veth pair, nothing else (own user + net + mount ns). */
function plainVeth(): number[] {
  const script = [
    'set -e', 'mount -t tmpfs kumo-bench /run', 'mkdir -p /run/netns', 'ip netns add a', 'ip netns add b',
    'ip link add x netns a type veth peer name y netns b',
    'ip -n a addr add 10.99.0.1/24 dev x', 'ip -n a link set x up', 'ip -n b addr add 10.99.0.2/24 dev y', 'ip -n b link set y up',
    `nsenter --net=/run/netns/b "${process.execPath}" -e "${SINK.replace(/"/g, '\\"')}" > /run/sink.out 2>&1 &`,
    'sink=$!',
    'while ! grep -q ready /run/sink.out; do sleep 0.05; done',
    `for i in $(seq ${ROUNDS}); do nsenter --net=/run/netns/a "${process.execPath}" -e "${SENDER('10.99.0.2').replace(/"/g, '\\"')}"; done`,
    // The sink holds no pipe of ours (output to a file) and is killed by pid: a non-interactive sh has no %1.
    'kill $sink',
  ].join('\n');
  const r = spawnSync(findTool('unshare')!, ['-rnm', '--propagation', 'private', '/bin/sh', '-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env['PATH'] ?? ''}` } });
  return r.stdout.trim().split('\n').map(Number).filter((n) => n > 0);
}

export const vpcThroughput: Scenario = {
  name: 'ec2-vpc-throughput',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-vpct-'));
    const server: BenchServer = await startServer(['--run-instances', '--data-dir', dataDir], { KUMO_IMDS_PORT: '0' });
    const client = new ec2.EC2Client(sdkConfig(server.url));
    const stops: (() => void)[] = [];
    try {
      const vpcId = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.71.0.0/16' }))).Vpc!.VpcId!;
      const h = (await (await fetch(`${server.url}/_kumo/health`)).json()) as { components: Record<string, { vpc_data_plane?: string; detail?: string }> };
      const plane = h.components['ec2-vpc-world'];
      if (plane?.vpc_data_plane !== 'namespaces') return [`ec2-vpc-throughput: skipped, the VPC data plane is on loopback here: ${plane?.detail ?? 'no ec2-vpc-world component'}`];
      const [s1, s2] = await Promise.all(['10.71.1.0/24', '10.71.2.0/24'].map(async (c) => (await client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: c }))).Subnet!.SubnetId!));
      const sg = (await client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'bulk', Description: 'bulk' }))).GroupId!;
      await client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: PORT, ToPort: PORT, IpRanges: [{ CidrIp: '10.71.0.0/16' }] }] }));
      const launch = async (subnet: string) => (await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnet, SecurityGroupIds: [sg] }))).Instances![0]!;
      const [a, b, c] = [await launch(s1!), await launch(s1!), await launch(s2!)];
      const prefix = async (id: string) => ((await (await fetch(`${server.url}/_kumo/ec2/exec?target=${id}`)).json()) as { argv: string[] }).argv;
      const [pa, pb, pc] = [await prefix(a.InstanceId!), await prefix(b.InstanceId!), await prefix(c.InstanceId!)];
      stops.push(await sink(pb), await sink(pc));
      const same: number[] = [];
      const across: number[] = [];
      // Alternating rounds, so load changes on the shared machine touch both alike.
      for (let i = 0; i < ROUNDS; i++) {
        same.push(Number(await runIn(pa, SENDER(b.PrivateIpAddress!))));
        across.push(Number(await runIn(pa, SENDER(c.PrivateIpAddress!))));
      }
      const plain = plainVeth();
      if (plain.length === 0) return ['ec2-vpc-throughput: the plain veth anchor did not run'];
      const anchor = mbps(median(plain));
      return [
        `ec2-vpc-throughput anchor: ${MIB} MiB over a plain veth pair (node sender → sink): ${anchor.toFixed(0)} Mbit/s (median of ${plain.length})`,
        `ec2-vpc-throughput same subnet (through the VPC namespace's SG/NACL chains): ${mbps(median(same)).toFixed(0)} Mbit/s (${((mbps(median(same)) / anchor) * 100).toFixed(0)} % of anchor)`,
        `ec2-vpc-throughput across subnets (router namespace, both subnets' NACLs): ${mbps(median(across)).toFixed(0)} Mbit/s (${((mbps(median(across)) / anchor) * 100).toFixed(0)} % of anchor)`,
      ];
    } finally {
      for (const stop of stops) stop();
      client.destroy();
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
