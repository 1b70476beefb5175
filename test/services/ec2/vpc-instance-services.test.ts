// What kumo serves inside the VPC namespaces, tried from inside an instance's namespace: the network metrics of
// instances (bytes between two instances show in CloudWatch after the clock advances). Skips where namespaces are
// unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import * as cw from '@aws-sdk/client-cloudwatch';
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
