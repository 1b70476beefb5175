// What kumo serves inside the VPC namespaces, tried from inside an instance's namespace: IMDS at 169.254.169.254
// (IMDSv2 tokens, the same answers as the instance's loopback IMDS), the Amazon resolver at base + 2 and
// 169.254.169.253 (EC2 names, a Route 53 private zone associated with the VPC, enableDnsSupport), and the network
// metrics of instances (bytes between two instances show in CloudWatch after the clock advances). Skips where
// namespaces are unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as ec2 from '@aws-sdk/client-ec2';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as r53 from '@aws-sdk/client-route-53';
import { findTool } from '../../../src/services/ec2/vpc/tools.js';
import { launch, nodeIn, useVpcWorld } from '../../support/vpc-world.js';

const world = useVpcWorld();

async function vpcWithSubnet(cidr: string, subnet: string): Promise<{ vpcId: string; subnetId: string; groupId: string }> {
  const c = world.client;
  const vpcId = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnetId = (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnet }))).Subnet!.SubnetId!;
  const groupId = (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'peers', Description: 'peers' }))).GroupId!;
  await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: cidr }] }] }));
  return { vpcId, subnetId, groupId };
}

test('NetworkIn/NetworkOut and packet counts of two instances show the bytes sent between them once the clock passes the 5-minute period', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const { subnetId, groupId } = await vpcWithSubnet('10.77.0.0/16', '10.77.1.0/24');
  const [sender, receiver] = await Promise.all([launch(world.client, subnetId, [groupId]), launch(world.client, subnetId, [groupId])]);
  const SIZE = 200_000;
  // A sink in the receiver that answers the byte count once the sender ends, and exits; the sender prints it.
  const sink = nodeIn(world.w, receiver.id, `const s=require('net').createServer(c=>{let n=0;c.on('data',d=>n+=d.length);c.on('end',()=>{c.end(String(n));s.close()})}).listen(9000,()=>console.log('ready'))`);
  const sent = await poll(() => nodeIn(world.w, sender.id, `const c=require('net').connect(9000,${JSON.stringify(receiver.ip)},()=>c.end(Buffer.alloc(${SIZE})));let r='';c.on('data',d=>r+=d);c.on('close',()=>console.log(r));c.on('error',e=>console.log(e.code))`), (r) => r === String(SIZE));
  assert.equal(sent, String(SIZE));
  await sink;
  await world.kumo.advance(600);
  const client = new cw.CloudWatchClient({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const sum = async (name: string, id: string) => {
      const now = Date.now();
      const r = await client.send(new cw.GetMetricStatisticsCommand({ Namespace: 'AWS/EC2', MetricName: name, Dimensions: [{ Name: 'InstanceId', Value: id }], StartTime: new Date(now - 86_400_000), EndTime: new Date(now + 86_400_000), Period: 3600, Statistics: ['Sum'] }));
      return (r.Datapoints ?? []).reduce((n, d) => n + (d.Sum ?? 0), 0);
    };
    const [out, into, packetsOut, packetsIn] = await Promise.all([sum('NetworkOut', sender.id), sum('NetworkIn', receiver.id), sum('NetworkPacketsOut', sender.id), sum('NetworkPacketsIn', receiver.id)]);
    // The payload plus TCP/IP headers and ARP; well under twice the payload.
    assert.ok(out >= SIZE && out < 2 * SIZE, `NetworkOut of the sender ${out}`);
    assert.ok(into >= SIZE && into < 2 * SIZE, `NetworkIn of the receiver ${into}`);
    assert.ok(packetsOut >= 5 && packetsIn >= 5, `packets ${packetsOut} out, ${packetsIn} in`);
  } finally {
    client.destroy();
  }
});

/** Runs argv in `target`'s namespace; its exit code, stdout and stderr. */
function runIn(target: string, argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const prefix = world.w.execCommand(target)!;
  return new Promise((resolve, reject) => {
    const child = spawn(prefix[0]!, [...prefix.slice(1), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: out.trim(), err: err.trim() }));
  });
}

/** A node script for the instance: IMDSv2 (PUT a token, GET paths with it) and one GET without, as JSON. */
const imdsScript = (paths: string[], host = '169.254.169.254') => `const http=require('http');
const req=(method,path,headers)=>new Promise((ok,no)=>{const r=http.request({host:${JSON.stringify(host)},port:80,method,path,headers,timeout:3000},(res)=>{let b='';res.on('data',d=>b+=d);res.on('end',()=>ok({status:res.statusCode,body:b}))});r.on('error',no);r.on('timeout',()=>r.destroy(Object.assign(new Error('timeout'),{code:'ETIMEDOUT'})));r.end()});
(async()=>{const t=await req('PUT','/latest/api/token',{'x-aws-ec2-metadata-token-ttl-seconds':'60'});const out={token:t.status,ttl:t.body.length>0,v1:(await req('GET','/latest/meta-data/instance-id',{})).status};
for(const p of ${JSON.stringify(paths)})out[p]=(await req('GET',p,{'x-aws-ec2-metadata-token':t.body})).body;console.log(JSON.stringify(out))})().catch(e=>console.log(JSON.stringify({error:e.code})))`;

/** A node script asking `server` for A records of each name over UDP (node's resolver); per name the addresses or the error code. */
const resolveScript = (server: string, names: string[]) => `const r=new (require('dns').promises.Resolver)({timeout:1500,tries:1});r.setServers([${JSON.stringify(server)}]);
Promise.all(${JSON.stringify(names)}.map(n=>r.resolve4(n).then(a=>a.join(','),e=>e.code))).then(x=>console.log(JSON.stringify(x)))`;

/** A node script asking `server` one question over TCP (2-byte framing); answers the rcode and the answers' last RDATA as text. */
const tcpQueryScript = (server: string, name: string, qtype: number) => `const net=require('net');
const q=Buffer.concat([Buffer.from([0x12,0x34,1,0,0,1,0,0,0,0,0,0]),...${JSON.stringify(name)}.split('.').map(l=>Buffer.concat([Buffer.from([l.length]),Buffer.from(l)])),Buffer.from([0,0,${qtype},0,1])]);
const s=net.connect(53,${JSON.stringify(server)},()=>{const l=Buffer.alloc(2);l.writeUInt16BE(q.length);s.write(Buffer.concat([l,q]))});let b=Buffer.alloc(0);
s.on('data',d=>{b=Buffer.concat([b,d]);if(b.length>=2&&b.length>=2+b.readUInt16BE(0)){const m=b.subarray(2);s.destroy();console.log(JSON.stringify({id:m.readUInt16BE(0),rcode:m[3]&15,answers:m.readUInt16BE(6),rdata:[...m.subarray(m.length-4)].join('.')}))}});
s.on('error',e=>console.log(JSON.stringify({error:e.code})));setTimeout(()=>{console.log(JSON.stringify({error:'timeout'}));process.exit(0)},3000).unref()`;

test('IMDS at 169.254.169.254 inside an instance namespace: IMDSv2 tokens, the instance\'s own answers, as its loopback IMDS gives them', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const { subnetId, groupId } = await vpcWithSubnet('10.78.0.0/16', '10.78.1.0/24');
  const [a, b] = await Promise.all([launch(world.client, subnetId, [groupId]), launch(world.client, subnetId, [groupId])]);
  const paths = ['/latest/meta-data/instance-id', '/latest/meta-data/local-ipv4', '/latest/meta-data/local-hostname', '/latest/meta-data/placement/region'];
  const inside = JSON.parse(await nodeIn(world.w, a.id, imdsScript(paths))) as Record<string, unknown>;
  assert.equal(inside['token'], 200);
  assert.equal(inside['ttl'], true);
  assert.equal(inside['v1'], 401, 'HttpTokens required by default: a GET without a token is 401, as on the loopback IMDS');
  assert.equal(inside['/latest/meta-data/instance-id'], a.id);
  assert.equal(inside['/latest/meta-data/local-ipv4'], a.ip);
  assert.equal(inside['/latest/meta-data/local-hostname'], `ip-${a.ip.replaceAll('.', '-')}.ec2.internal`);
  // The instance is told apart by its source address: the other instance gets its own id.
  const other = JSON.parse(await nodeIn(world.w, b.id, imdsScript(['/latest/meta-data/instance-id']))) as Record<string, unknown>;
  assert.equal(other['/latest/meta-data/instance-id'], b.id);
  // The loopback IMDS of the same instance answers the same.
  const loopback = (await world.kumo.serviceInternal('ec2') as unknown as { processes(): { instanceId: string; metadataEndpoint?: string }[] }).processes().find((p) => p.instanceId === a.id)!.metadataEndpoint!;
  const token = await (await fetch(new URL('/latest/api/token', loopback), { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } })).text();
  for (const p of paths) assert.equal(await (await fetch(new URL(p, loopback), { headers: { 'x-aws-ec2-metadata-token': token } })).text(), inside[p], p);
  // curl, as a user would, where it is installed.
  if (findTool('curl')) {
    const tok = await runIn(a.id, ['curl', '-s', '-m', '5', '-X', 'PUT', '-H', 'X-aws-ec2-metadata-token-ttl-seconds: 30', 'http://169.254.169.254/latest/api/token']);
    const id = await runIn(a.id, ['curl', '-s', '-m', '5', '-H', `X-aws-ec2-metadata-token: ${tok.out}`, 'http://169.254.169.254/latest/meta-data/instance-id']);
    assert.equal(id.out, a.id);
  }
});

test('the IMDS hop limit is the reply TTL: a namespace behind the instance (a container, one forward away) gets no token with limit 1, and does with 2', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const { subnetId, groupId } = await vpcWithSubnet('10.81.0.0/16', '10.81.1.0/24');
  const a = await launch(world.client, subnetId, [groupId], { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } });
  // A "container" namespace behind the instance: a veth, forwarding and masquerade in the instance, as Docker does.
  // It is made in the helper's /run/netns (the prefix without `netns exec`) so that later commands see it.
  const c = `c${a.id.slice(-8)}`;
  const prefix = world.w.execCommand(a.id)!;
  const ip = prefix[6]!;
  const inWorld = (args: string[]) => new Promise<void>((resolve) => spawn(prefix[0]!, [...prefix.slice(1, 6), ip, ...args], { stdio: 'ignore' }).on('close', () => resolve()));
  await inWorld(['netns', 'add', c]);
  const put = `require('http').request({host:'169.254.169.254',method:'PUT',path:'/latest/api/token',headers:{'x-aws-ec2-metadata-token-ttl-seconds':'60'},timeout:2000},r=>{console.log(r.statusCode);process.exit(0)}).on('timeout',()=>{console.log('timeout');process.exit(0)}).on('error',e=>console.log(e.code)).end()`;
  const inContainer = (script: string) => runIn(a.id, [ip, 'netns', 'exec', c, process.execPath, '-e', script]);
  try {
    const setup = [
      `ip link add hv type veth peer name eth0 netns ${c}`, 'ip addr add 192.168.50.1/30 dev hv', 'ip link set hv up',
      'echo 1 > /proc/sys/net/ipv4/ip_forward', `nft -f - <<'NFT'\ntable ip c {\n  chain post {\n    type nat hook postrouting priority srcnat;\n    oifname "eth0" masquerade\n  }\n}\nNFT`,
      `ip -n ${c} addr add 192.168.50.2/30 dev eth0`, `ip -n ${c} link set eth0 up`, `ip -n ${c} route add default via 192.168.50.1`,
    ].join('\n');
    const made = await runIn(a.id, ['/bin/sh', '-ec', setup]);
    assert.equal(made.code, 0, made.err);
    // The path works (the resolver's replies carry the default TTL), but the token reply expires at the forward.
    assert.deepEqual(JSON.parse((await inContainer(resolveScript('10.81.0.2', [`ip-${a.ip.replaceAll('.', '-')}.ec2.internal`]))).out), [a.ip]);
    assert.equal((await inContainer(put)).out, 'timeout', 'with hop limit 1 the reply expires at the instance\'s forward');
    // The instance itself is admitted by every limit.
    assert.equal((JSON.parse(await nodeIn(world.w, a.id, imdsScript([]))) as { token: number }).token, 200);
    await world.client.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: a.id, HttpPutResponseHopLimit: 2 }));
    assert.equal((await inContainer(put)).out, '200');
  } finally {
    await inWorld(['netns', 'del', c]);
  }
});

test('the Amazon resolver at base + 2 and 169.254.169.253 answers EC2 names and a private hosted zone associated with the VPC, and stops with enableDnsSupport false', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const { vpcId, subnetId, groupId } = await vpcWithSubnet('10.79.0.0/16', '10.79.1.0/24');
  const [a, b] = await Promise.all([launch(world.client, subnetId, [groupId]), launch(world.client, subnetId, [groupId])]);
  const route53 = new r53.Route53Client({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const zone = (await route53.send(new r53.CreateHostedZoneCommand({ Name: 'corp.internal', CallerReference: `vpcns-${Date.now()}`, VPC: { VPCRegion: 'us-east-1', VPCId: vpcId }, HostedZoneConfig: { PrivateZone: true } }))).HostedZone!.Id!;
    await route53.send(new r53.ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'db.corp.internal', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.79.1.200' }] } }] } }));
    const names = ['db.corp.internal', `ip-${b.ip.replaceAll('.', '-')}.ec2.internal`, 'ip-10-79-9-9.ec2.internal'];
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.79.0.2', names))), ['10.79.1.200', b.ip, 'ENOTFOUND']);
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('169.254.169.253', names.slice(0, 1)))), ['10.79.1.200']);
    // Over TCP too.
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, tcpQueryScript('10.79.0.2', 'db.corp.internal', 1))), { id: 0x1234, rcode: 0, answers: 1, rdata: '10.79.1.200' });
    // The private zone is this VPC's: another VPC's resolver does not see it.
    const other = await vpcWithSubnet('10.80.0.0/16', '10.80.1.0/24');
    const c = await launch(world.client, other.subnetId, [other.groupId]);
    assert.notEqual(JSON.parse(await nodeIn(world.w, c.id, resolveScript('10.80.0.2', ['db.corp.internal'])))[0], '10.79.1.200');
    // enableDnsSupport false: the resolver is off (no answer); on again, it answers.
    await world.client.send(new ec2.ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }));
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.79.0.2', ['db.corp.internal']))), ['ETIMEOUT']);
    await world.client.send(new ec2.ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.79.0.2', ['db.corp.internal']))), ['10.79.1.200']);
  } finally {
    route53.destroy();
  }
});

test('a dual-stack instance reaches IMDS at fd00:ec2::254 only with HttpProtocolIpv6 enabled, and the resolver at fd00:ec2::253', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const c = world.client;
  const vpc = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: '10.83.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const block = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  const subnetId = (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.83.1.0/24', Ipv6CidrBlock: block.replace('/56', '/64') }))).Subnet!.SubnetId!;
  const groupId = (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc.VpcId!, GroupName: 'v6', Description: 'v6' }))).GroupId!;
  const [on, off] = await Promise.all([
    launch(c, subnetId, [groupId], { Ipv6AddressCount: 1, MetadataOptions: { HttpTokens: 'required', HttpProtocolIpv6: 'enabled', HttpPutResponseHopLimit: 1 } }),
    launch(c, subnetId, [groupId], { Ipv6AddressCount: 1 }),
  ]);
  const route53 = new r53.Route53Client({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  try {
    // IMDS over IPv6: the same server as on 169.254.169.254 (IMDSv2 token, the instance's own answers).
    const v6 = JSON.parse(await nodeIn(world.w, on.id, imdsScript(['/latest/meta-data/instance-id', '/latest/meta-data/local-ipv4'], 'fd00:ec2::254'))) as Record<string, unknown>;
    assert.deepEqual([v6['token'], v6['v1'], v6['/latest/meta-data/instance-id'], v6['/latest/meta-data/local-ipv4']], [200, 401, on.id, on.ip]);
    // HttpProtocolIpv6 disabled (the default): no answer over IPv6, while IPv4 IMDS answers; enabling it opens it.
    const closed = JSON.parse(await nodeIn(world.w, off.id, imdsScript([], 'fd00:ec2::254'))) as { error?: string };
    assert.ok(closed.error !== undefined, `IMDS over IPv6 answered with HttpProtocolIpv6 disabled: ${JSON.stringify(closed)}`);
    assert.equal((JSON.parse(await nodeIn(world.w, off.id, imdsScript(['/latest/meta-data/instance-id']))) as Record<string, unknown>)['/latest/meta-data/instance-id'], off.id);
    await c.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: off.id, HttpProtocolIpv6: 'enabled' }));
    assert.equal((JSON.parse(await nodeIn(world.w, off.id, imdsScript(['/latest/meta-data/instance-id'], 'fd00:ec2::254'))) as Record<string, unknown>)['/latest/meta-data/instance-id'], off.id);
    // The resolver over IPv6 (UDP and TCP): EC2 names and the VPC's private zone, as at base + 2.
    const zone = (await route53.send(new r53.CreateHostedZoneCommand({ Name: 'six.internal', CallerReference: `vpcdns-${Date.now()}`, VPC: { VPCRegion: 'us-east-1', VPCId: vpc.VpcId! }, HostedZoneConfig: { PrivateZone: true } }))).HostedZone!.Id!;
    await route53.send(new r53.ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'db.six.internal', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.83.1.200' }] } }] } }));
    assert.deepEqual(JSON.parse(await nodeIn(world.w, off.id, resolveScript('fd00:ec2::253', ['db.six.internal', `ip-${on.ip.replaceAll('.', '-')}.ec2.internal`]))), ['10.83.1.200', on.ip]);
    assert.deepEqual(JSON.parse(await nodeIn(world.w, on.id, tcpQueryScript('fd00:ec2::253', 'db.six.internal', 1))), { id: 0x1234, rcode: 0, answers: 1, rdata: '10.83.1.200' });
    // The hop limit over IPv6: a container behind the instance (IPv6 forwarding and masquerade) gets no token with
    // limit 1 (the reply's hop limit expires at the instance's forward), and does with 2.
    await behindInstance(on.id, 'c6', [
      'ip link add hv type veth peer name eth0 netns {c}', 'ip addr add fd99::1/64 dev hv nodad', 'ip link set hv up',
      'echo 1 > /proc/sys/net/ipv6/conf/all/forwarding', `nft -f - <<'NFT'\ntable ip6 c {\n  chain post {\n    type nat hook postrouting priority srcnat;\n    oifname "eth0" masquerade\n  }\n}\nNFT`,
      'ip -n {c} addr add fd99::2/64 dev eth0 nodad', 'ip -n {c} link set eth0 up', 'ip -n {c} -6 route add default via fd99::1',
    ], async (inContainer) => {
      const put = `require('http').request({host:'fd00:ec2::254',method:'PUT',path:'/latest/api/token',headers:{'x-aws-ec2-metadata-token-ttl-seconds':'60'},timeout:2000},r=>{console.log(r.statusCode);process.exit(0)}).on('timeout',()=>{console.log('timeout');process.exit(0)}).on('error',e=>console.log(e.code)).end()`;
      // The path works (the resolver's replies keep the default hop limit).
      assert.deepEqual(JSON.parse((await inContainer(resolveScript('fd00:ec2::253', ['db.six.internal']))).out), ['10.83.1.200']);
      assert.equal((await inContainer(put)).out, 'timeout');
      await c.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: on.id, HttpPutResponseHopLimit: 2 }));
      assert.equal((await inContainer(put)).out, '200');
    });
  } finally {
    route53.destroy();
  }
});

test('across a peering the resolver answers a peer instance\'s public hostname with its public IP, and with its private IP once the peer side allows DNS resolution; the peer\'s private zone stays invisible', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const c = world.client;
  const A = await vpcWithSubnet('10.84.0.0/16', '10.84.1.0/24');
  const B = await vpcWithSubnet('10.85.0.0/16', '10.85.1.0/24');
  // Both VPCs need DNS hostnames and DNS resolution for the option to apply (VPC Peering Guide).
  for (const v of [A.vpcId, B.vpcId]) await c.send(new ec2.ModifyVpcAttributeCommand({ VpcId: v, EnableDnsHostnames: { Value: true } }));
  const pcx = (await c.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: A.vpcId, PeerVpcId: B.vpcId }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  await c.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
  const pub = (subnetId: string, groupId: string) => launch(c, subnetId, [groupId], { SubnetId: undefined, SecurityGroupIds: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }] });
  const [a, b] = await Promise.all([pub(A.subnetId, A.groupId), pub(B.subnetId, B.groupId)]);
  assert.ok(a.publicIp && b.publicIp, 'both instances have public IPs');
  const name = (ip: string) => `ec2-${ip.replaceAll('.', '-')}.compute-1.amazonaws.com`;
  const route53 = new r53.Route53Client({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  try {
    // Inside its own VPC a public hostname is the private IP; from the peer, the public IP (option off by default).
    assert.deepEqual(JSON.parse(await nodeIn(world.w, b.id, resolveScript('10.85.0.2', [name(b.publicIp)]))), [b.ip]);
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.84.0.2', [name(b.publicIp)]))), [b.publicIp]);
    // B is the accepter: its side's option makes B's hostnames private for queries from A, not A's for B.
    await c.send(new ec2.ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: pcx, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }));
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.84.0.2', [name(b.publicIp)]))), [b.ip]);
    assert.deepEqual(JSON.parse(await nodeIn(world.w, b.id, resolveScript('10.85.0.2', [name(a.publicIp)]))), [a.publicIp]);
    // DNS hostnames off in one VPC: the option no longer applies.
    await c.send(new ec2.ModifyVpcAttributeCommand({ VpcId: A.vpcId, EnableDnsHostnames: { Value: false } }));
    assert.deepEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.84.0.2', [name(b.publicIp)]))), [b.publicIp]);
    // A private hosted zone associated with B is not shared with A through the peering (Route 53 Developer Guide:
    // a private zone answers only the VPCs associated with it).
    const zone = (await route53.send(new r53.CreateHostedZoneCommand({ Name: 'peer.internal', CallerReference: `vpcdns-peer-${Date.now()}`, VPC: { VPCRegion: 'us-east-1', VPCId: B.vpcId }, HostedZoneConfig: { PrivateZone: true } }))).HostedZone!.Id!;
    await route53.send(new r53.ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'api.peer.internal', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.85.1.250' }] } }] } }));
    assert.deepEqual(JSON.parse(await nodeIn(world.w, b.id, resolveScript('10.85.0.2', ['api.peer.internal']))), ['10.85.1.250']);
    assert.notEqual(JSON.parse(await nodeIn(world.w, a.id, resolveScript('10.84.0.2', ['api.peer.internal'])))[0], '10.85.1.250');
  } finally {
    route53.destroy();
  }
});

/**
 * Makes a "container" namespace behind `instanceId` (in the helper's /run/netns, so later commands see it), runs the
 * setup lines in the instance ({c}: the container's name), then `body` with a runner of node scripts inside it.
 */
async function behindInstance(instanceId: string, tag: string, setup: string[], body: (inContainer: (script: string) => ReturnType<typeof runIn>) => Promise<void>): Promise<void> {
  const c = `${tag}${instanceId.slice(-8)}`;
  const prefix = world.w.execCommand(instanceId)!;
  const ip = prefix[6]!;
  const inWorld = (args: string[]) => new Promise<void>((resolve) => spawn(prefix[0]!, [...prefix.slice(1, 6), ip, ...args], { stdio: 'ignore' }).on('close', () => resolve()));
  await inWorld(['netns', 'add', c]);
  try {
    const made = await runIn(instanceId, ['/bin/sh', '-ec', setup.join('\n').replaceAll('{c}', c)]);
    assert.equal(made.code, 0, made.err);
    await body((script) => runIn(instanceId, [ip, 'netns', 'exec', c, process.execPath, '-e', script]));
  } finally {
    await inWorld(['netns', 'del', c]);
  }
}

/** Retries `fn` until `ok` (a server in another process may not listen yet), for at most 20 tries. */
async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 20; i++) {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last!;
}
