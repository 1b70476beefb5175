// User data inside its instance's namespace (issue 23): what the two new paths cost beside anchors measured in the
// same run. Host → instance: HTTP requests to the mirrored port on the instance's loopback address (kumo listener →
// forwarder's dial socket → connection from the VPC namespace) vs the same server shape on host loopback. Instance →
// kumo: GET /_kumo/health at 169.254.169.254:4566 from inside vs from the host to kumo's own port. And the time from
// RunInstances to the mirrored port answering.
import { spawn } from 'node:child_process';
import http from 'node:http';
import * as ec2 from '@aws-sdk/client-ec2';
import { startServer } from '../harness.js';
import { sdkConfig } from './chassis.js';
import type { Scenario } from '../scenario.js';

const REQUESTS = 300;

/** `n` sequential GETs, each on a new connection (as health checks make them) or all on one kept-alive connection. */
async function gets(host: string, port: number, n: number, keepAlive: boolean): Promise<number> {
  const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve, reject) => {
      http.get({ host, port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      }).on('error', reject);
    });
  }
  if (agent) agent.destroy();
  return (performance.now() - t) / n;
}

/** The same loop, as a script run inside the instance against kumo's API path (node's http, new connections). */
const INSIDE = (n: number) => `#!/usr/bin/env node
const http = require('http');
require('http').createServer((q, s) => s.end('ok')).listen(80, process.env.KUMO_INSTANCE_ADDRESS, async () => {
  console.log('listening');
  const u = new URL('/_kumo/health', process.env.AWS_ENDPOINT_URL);
  const one = () => new Promise((ok, no) => http.get({ host: u.hostname, port: u.port, path: u.pathname, agent: false }, (r) => { r.resume(); r.on('end', ok); }).on('error', no));
  await one();
  const t = performance.now();
  for (let i = 0; i < ${n}; i++) await one();
  console.log('api ' + ((performance.now() - t) / ${n}).toFixed(3));
});
`;

export const vpcUserData: Scenario = {
  name: 'ec2-vpc-user-data',
  async run() {
    const server = await startServer(['--run-instances'], { KUMO_IMDS_PORT: '0' });
    const client = new ec2.EC2Client(sdkConfig(server.url));
    // The anchor: the same server shape in its own node process on host loopback (as the instance's is its own process).
    const anchor = spawn(process.execPath, ['-e', "const s=require('http').createServer((q,r)=>r.end('ok')).listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      // The first EC2 call loads EC2 and its world.
      const vpcId = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.71.0.0/16' }))).Vpc!.VpcId!;
      const h = (await (await fetch(`${server.url}/_kumo/health`)).json()) as { components: Record<string, { vpc_data_plane?: string; detail?: string }> };
      const plane = h.components['ec2-vpc-world'];
      if (plane?.vpc_data_plane !== 'namespaces') return [`ec2-vpc-user-data: skipped, the VPC data plane is on loopback here: ${plane?.detail ?? 'no ec2-vpc-world component'}`];
      const subnetId = (await client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.71.1.0/24' }))).Subnet!.SubnetId!;
      const t0 = performance.now();
      const id = (await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnetId, UserData: Buffer.from(INSIDE(REQUESTS)).toString('base64') }))).Instances![0]!.InstanceId!;
      const rows = async () => ((await (await fetch(`${server.url}/_kumo/ec2/instances`)).json()) as { instances: { instanceId: string; bindAddress: string }[] }).instances;
      let address: string | undefined;
      while (!(address = (await rows()).find((r) => r.instanceId === id)?.bindAddress)) await new Promise((r) => setTimeout(r, 10));
      const port = 10_080; // 80 + the default low-port offset
      for (;;) {
        try {
          await gets(address, port, 1, false);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      const ready = performance.now() - t0;
      const anchorPort = await new Promise<number>((r) => anchor.stdout.once('data', (d: Buffer) => r(Number(d.toString().trim()))));
      const kumoPort = Number(new URL(server.url).port);
      const [mNew, aNew, mKeep, aKeep, kNew] = [
        await gets(address, port, REQUESTS, false), await gets('127.0.0.1', anchorPort, REQUESTS, false),
        await gets(address, port, REQUESTS, true), await gets('127.0.0.1', anchorPort, REQUESTS, true),
        await gets('127.0.0.1', kumoPort, REQUESTS, false),
      ];
      let inside: number | undefined;
      while (inside === undefined) {
        const out = (await client.send(new ec2.GetConsoleOutputCommand({ InstanceId: id }))).Output;
        const m = /api ([\d.]+)/.exec(out ? Buffer.from(out, 'base64').toString() : '');
        if (m) inside = Number(m[1]);
        else await new Promise((r) => setTimeout(r, 50));
      }
      // kumo's /_kumo/health from the host was measured while the instance ran its own loop: the same kumo, the same load.
      return [
        `ec2-vpc-user-data RunInstances → the mirrored port 80 answering on the loopback address: ${ready.toFixed(0)} ms`,
        `ec2-vpc-user-data host → instance HTTP GET, new connection each: ${mNew.toFixed(3)} ms vs ${aNew.toFixed(3)} ms to a node server process on host loopback (${(mNew / aNew).toFixed(2)}×)`,
        `ec2-vpc-user-data host → instance HTTP GET, kept alive: ${mKeep.toFixed(3)} ms vs ${aKeep.toFixed(3)} ms (${(mKeep / aKeep).toFixed(2)}×)`,
        `ec2-vpc-user-data instance → kumo GET /_kumo/health at 169.254.169.254:4566, new connection each: ${inside.toFixed(3)} ms vs ${kNew.toFixed(3)} ms from the host (${(inside / kNew).toFixed(2)}×)`,
      ];
    } finally {
      anchor.kill('SIGKILL');
      client.destroy();
      await server.stop();
    }
  },
};
