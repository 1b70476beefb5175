// The cost of host exposure's relay (issue 23, Host ↔ VPC): a client on the host at an instance's 127.b.c.d address
// (host loopback → relay in the internet namespace → IGW NAT, NACL, SG → instance) against the anchor, the same client
// run inside the internet namespace straight to the public IP (the same path without the relay): bulk throughput and
// connect-to-first-byte latency, in alternating rounds so the shared machine's load touches both alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import { startServer, type BenchServer } from '../harness.js';
import { sdkConfig } from './chassis.js';
import type { Scenario } from '../scenario.js';

const MIB = 64;
const ROUNDS = 3;
const CONNECTS = 200;
const BULK = 5201;
const ECHO = 5202;
const SERVERS = `const net=require('net');let n=0;const up=()=>{if(++n===2)console.log('ready')};` +
  `net.createServer(s=>{let c=0;s.on('data',d=>c+=d.length);s.on('end',()=>s.end(String(c)))}).listen(${BULK},'0.0.0.0',up);` +
  `net.createServer(s=>{s.on('error',()=>{});s.end('x')}).listen(${ECHO},'0.0.0.0',up)`;
const SENDER = (host: string) => `const s=require('net').connect(${BULK},'${host}');const b=Buffer.alloc(1<<20,7);let left=${MIB};const t=performance.now();` +
  `const pump=()=>{while(left>0){left--;if(!s.write(b))return s.once('drain',pump)}s.end()};s.on('connect',pump);` +
  `let r='';s.on('data',d=>r+=d);s.on('end',()=>{if(Number(r)!==${MIB}*(1<<20))process.exit(3);console.log((performance.now()-t).toFixed(1))})`;
/** CONNECTS sequential connections, each timed from connect() to the server's first byte; prints the median (ms). */
const CONNECTOR = (host: string) => `const net=require('net');const ts=[];const one=()=>{const t=performance.now();const s=net.connect(${ECHO},'${host}');` +
  `s.once('data',()=>{ts.push(performance.now()-t);s.destroy();if(ts.length<${CONNECTS})one();else{ts.sort((a,b)=>a-b);console.log(ts[ts.length>>1].toFixed(3))}});s.on('error',e=>{console.error(e.message);process.exit(4)})};one()`;

function runIn(prefix: string[], script: string): Promise<string> {
  const argv = [...prefix, process.execPath, '-e', script];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (ms: number): number => (MIB * 8 * 1.048576) / (ms / 1000);

export const vpcHostExposure: Scenario = {
  name: 'ec2-vpc-host-exposure',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-vpce-'));
    const server: BenchServer = await startServer(['--run-instances', '--data-dir', dataDir], { KUMO_IMDS_PORT: '0' });
    const client = new ec2.EC2Client(sdkConfig(server.url));
    let stop = () => undefined as void;
    try {
      const vpcId = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.72.0.0/16' }))).Vpc!.VpcId!;
      const h = (await (await fetch(`${server.url}/_kumo/health`)).json()) as { components: Record<string, { vpc_data_plane?: string; detail?: string }> };
      const plane = h.components['ec2-vpc-world'];
      if (plane?.vpc_data_plane !== 'namespaces') return [`ec2-vpc-host-exposure: skipped, the VPC data plane is on loopback here: ${plane?.detail ?? 'no ec2-vpc-world component'}`];
      const igw = (await client.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
      await client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
      const subnet = (await client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.72.1.0/24' }))).Subnet!.SubnetId!;
      const rtb = (await client.send(new ec2.CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
      await client.send(new ec2.CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
      await client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: subnet }));
      const sg = (await client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'open', Description: 'open' }))).GroupId!;
      await client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: BULK, ToPort: ECHO, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
      const started = performance.now();
      const vm = (await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet, Groups: [sg], AssociatePublicIpAddress: true }] }))).Instances![0]!;
      const runMs = performance.now() - started;
      const body = (await (await fetch(`${server.url}/_kumo/ec2/instances`)).json()) as { exposed: { instanceId: string; hostAddress: string }[] };
      const host = body.exposed.find((e) => e.instanceId === vm.InstanceId)?.hostAddress;
      if (!host) return ['ec2-vpc-host-exposure: the instance was not exposed on the host'];
      const prefix = async (id: string) => ((await (await fetch(`${server.url}/_kumo/ec2/exec?target=${id}`)).json()) as { argv: string[] }).argv;
      const [inVm, inInternet] = [await prefix(vm.InstanceId!), await prefix('internet')];
      const child = spawn(inVm[0]!, [...inVm.slice(1), process.execPath, '-e', SERVERS], { stdio: ['ignore', 'pipe', 'inherit'] });
      stop = () => void child.kill('SIGKILL');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`servers exited ${code}`)));
      });
      const relayBulk: number[] = [], directBulk: number[] = [], relayConnect: number[] = [], directConnect: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        relayBulk.push(Number(await runIn([], SENDER(host))));
        directBulk.push(Number(await runIn(inInternet, SENDER(vm.PublicIpAddress!))));
        relayConnect.push(Number(await runIn([], CONNECTOR(host))));
        directConnect.push(Number(await runIn(inInternet, CONNECTOR(vm.PublicIpAddress!))));
      }
      const [rb, db] = [mbps(median(relayBulk)), mbps(median(directBulk))];
      const [rc, dc] = [median(relayConnect), median(directConnect)];
      return [
        `ec2-vpc-host-exposure RunInstances with a public IP and 2 open ports (first exposure starts the relay): ${runMs.toFixed(0)} ms`,
        `ec2-vpc-host-exposure anchor: ${MIB} MiB from the internet namespace to the public IP: ${db.toFixed(0)} Mbit/s (median of ${ROUNDS})`,
        `ec2-vpc-host-exposure host → ${host} (relay): ${rb.toFixed(0)} Mbit/s (${((rb / db) * 100).toFixed(0)} % of anchor)`,
        `ec2-vpc-host-exposure connect to first byte, median of ${CONNECTS} × ${ROUNDS}: direct ${dc.toFixed(3)} ms, via the relay ${rc.toFixed(3)} ms (+${(rc - dc).toFixed(3)} ms)`,
      ];
    } finally {
      stop();
      client.destroy();
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
