// Smoke test of the VPC data plane with the installed aws-cli and `kumo ec2 exec` against `kumo start
// --run-instances`: an instance's namespace carries its VPC address, and a security group rule authorized or revoked
// with aws-cli opens or closes a real TCP port between two instances. Skips where the data plane is on loopback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { CLI_PATH, spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
let server: ChildProcess | undefined;
before(async () => {
  kumo = await spawnKumo(['--in-memory', '--run-instances'], { KUMO_IMDS_PORT: '0' });
});
after(async () => {
  server?.kill('SIGKILL');
  await kumo.stop();
});

const { awsJson } = awsCliFor(() => kumo.url);
const exec = (id: string, cmd: string[]) => spawnSync(process.execPath, [CLI_PATH, 'ec2', 'exec', id, '--endpoint', kumo.url, '--', ...cmd], { encoding: 'utf8', timeout: 60_000 });
const CONNECT = `const s=require('net').connect(8080,process.argv[1]);const t=setTimeout(()=>{console.log('timeout');process.exit(0)},3000);s.on('data',()=>{console.log('open');process.exit(0)});s.on('error',e=>{console.log(e.code);process.exit(0)})`;

test('kumo ec2 exec runs in the instance namespace; aws ec2 authorize/revoke-security-group-ingress open and close a real port', async (t) => {
  const vpc = (awsJson(['ec2', 'create-vpc', '--cidr-block', '10.50.0.0/16'])['Vpc'] as { VpcId: string }).VpcId;
  const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as { components: Record<string, { vpc_data_plane?: string; detail?: string }> };
  const world = health.components['ec2-vpc-world'];
  if (world?.vpc_data_plane !== 'namespaces') return t.skip(`the VPC data plane is on loopback here: ${world?.detail ?? 'no ec2-vpc-world component'}`);
  const subnet = (awsJson(['ec2', 'create-subnet', '--vpc-id', vpc, '--cidr-block', '10.50.1.0/24'])['Subnet'] as { SubnetId: string }).SubnetId;
  const sg = awsJson(['ec2', 'create-security-group', '--vpc-id', vpc, '--group-name', 'web', '--description', 'web'])['GroupId'] as string;
  const run = (groups: string[]) => (awsJson(['ec2', 'run-instances', '--image-id', 'ami-0aa7d40eeae50c9a9', '--count', '1', '--subnet-id', subnet, '--security-group-ids', ...groups])['Instances'] as { InstanceId: string; PrivateIpAddress: string }[])[0]!;
  const web = run([sg]);
  const client = run([sg]);

  const addr = exec(web.InstanceId, ['/usr/sbin/ip', '-4', '-br', 'addr', 'show', 'eth0']);
  assert.equal(addr.status, 0, addr.stderr);
  assert.match(addr.stdout, new RegExp(`${web.PrivateIpAddress.replaceAll('.', '\\.')}/24`));

  server = spawn(process.execPath, [CLI_PATH, 'ec2', 'exec', web.InstanceId, '--endpoint', kumo.url, '--', process.execPath, '-e', `require('net').createServer(s=>s.end('hi')).listen(8080,()=>console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  // A new group has no inbound rule (EC2 User Guide, "Security group rules"): nothing gets in until one is added.
  assert.equal(exec(client.InstanceId, [process.execPath, '-e', CONNECT, web.PrivateIpAddress]).stdout.trim(), 'timeout');
  awsJson(['ec2', 'authorize-security-group-ingress', '--group-id', sg, '--protocol', 'tcp', '--port', '8080', '--cidr', '10.50.0.0/16']);
  assert.equal(exec(client.InstanceId, [process.execPath, '-e', CONNECT, web.PrivateIpAddress]).stdout.trim(), 'open');
  assert.notEqual(exec('i-00000000000000000', ['true']).status, 0, 'an unknown instance is refused');
});
