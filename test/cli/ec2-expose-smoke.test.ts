// Smoke test of host exposure with the installed aws-cli and `kumo ec2 address` against `kumo start --run-instances`:
// an instance launched with a public IP answers on the host at its 127.b.c.d address once aws-cli opens the port to
// 0.0.0.0/0, and stops when the rule is revoked. Skips where the data plane is on loopback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { CLI_PATH, spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
let server: ChildProcess | undefined;
before(async () => {
  kumo = await spawnKumo(['--in-memory', '--run-instances'], { KUMO_IMDS_PORT: '0', KUMO_EXPOSE_PUBLIC_IPS: 'on' });
});
after(async () => {
  server?.kill('SIGKILL');
  await kumo.stop();
});

const { awsJson } = awsCliFor(() => kumo.url);
/** Port 8082: the other host-exposure tests use 80 and 81, so kumos running side by side do not share a listener. */
const PORT = 8082;

function hostProbe(host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port: PORT });
    const timer = setTimeout(() => (s.destroy(), resolve('timeout')), 3000);
    s.on('data', (b) => (clearTimeout(timer), s.destroy(), resolve(b.toString())));
    s.on('error', (e: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(e.code ?? 'error')));
  });
}

test('aws ec2 run-instances --associate-public-ip-address and authorize 0.0.0.0/0: the host reaches it at `kumo ec2 address`; revoke closes it', async (t) => {
  const vpc = (awsJson(['ec2', 'create-vpc', '--cidr-block', '10.51.0.0/16'])['Vpc'] as { VpcId: string }).VpcId;
  const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as { components: Record<string, { vpc_data_plane?: string; detail?: string }> };
  const world = health.components['ec2-vpc-world'];
  if (world?.vpc_data_plane !== 'namespaces') return t.skip(`the VPC data plane is on loopback here: ${world?.detail ?? 'no ec2-vpc-world component'}`);
  const igw = (awsJson(['ec2', 'create-internet-gateway'])['InternetGateway'] as { InternetGatewayId: string }).InternetGatewayId;
  awsJson(['ec2', 'attach-internet-gateway', '--internet-gateway-id', igw, '--vpc-id', vpc]);
  const subnet = (awsJson(['ec2', 'create-subnet', '--vpc-id', vpc, '--cidr-block', '10.51.1.0/24'])['Subnet'] as { SubnetId: string }).SubnetId;
  const rtb = (awsJson(['ec2', 'create-route-table', '--vpc-id', vpc])['RouteTable'] as { RouteTableId: string }).RouteTableId;
  awsJson(['ec2', 'create-route', '--route-table-id', rtb, '--destination-cidr-block', '0.0.0.0/0', '--gateway-id', igw]);
  awsJson(['ec2', 'associate-route-table', '--route-table-id', rtb, '--subnet-id', subnet]);
  const sg = awsJson(['ec2', 'create-security-group', '--vpc-id', vpc, '--group-name', 'web', '--description', 'web'])['GroupId'] as string;
  const vm = (awsJson(['ec2', 'run-instances', '--image-id', 'ami-0aa7d40eeae50c9a9', '--count', '1', '--subnet-id', subnet, '--security-group-ids', sg, '--associate-public-ip-address'])['Instances'] as { InstanceId: string }[])[0]!;
  const address = () => spawnSync(process.execPath, [CLI_PATH, 'ec2', 'address', vm.InstanceId, '--endpoint', kumo.url], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(address().status, 1, 'no port is open to the internet yet, so nothing is exposed');

  server = spawn(process.execPath, [CLI_PATH, 'ec2', 'exec', vm.InstanceId, '--endpoint', kumo.url, '--', process.execPath, '-e', `require('net').createServer(s=>s.end('hi')).listen(${PORT},()=>console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  awsJson(['ec2', 'authorize-security-group-ingress', '--group-id', sg, '--protocol', 'tcp', '--port', String(PORT), '--cidr', '0.0.0.0/0']);
  const shown = address();
  assert.equal(shown.status, 0, shown.stderr);
  const [id, publicIp, host, ports] = shown.stdout.trim().split(' ');
  const described = (awsJson(['ec2', 'describe-instances', '--instance-ids', vm.InstanceId])['Reservations'] as { Instances: { PublicIpAddress: string }[] }[])[0]!.Instances[0]!;
  assert.deepEqual([id, publicIp, ports], [vm.InstanceId, described.PublicIpAddress, String(PORT)]);
  assert.match(host!, /^127\./);
  assert.equal(await hostProbe(host!), 'hi');
  awsJson(['ec2', 'revoke-security-group-ingress', '--group-id', sg, '--protocol', 'tcp', '--port', String(PORT), '--cidr', '0.0.0.0/0']);
  assert.equal(await hostProbe(host!), 'ECONNREFUSED');
});
