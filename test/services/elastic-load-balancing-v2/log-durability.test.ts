// ALB access logs under kill -9: a `kumo start` child answers a request through its load balancer, the entry reaches
// the log spool within the one-second batch, the child is SIGKILLed mid-interval, and after a restart on the same
// data directory the interval's file is delivered to S3 once the clock passes its end.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import * as s3 from '@aws-sdk/client-s3';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';
import { until } from '../../support/until.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-elb-log-kill9-'));
let server: SpawnedKumo | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const ACCOUNT = '000000000000';
const config = (url: string) => ({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

/** Spooled entries containing `needle` (the spool is the durable copy this test is about). */
function spooled(needle: string): boolean {
  const dir = join(dataDir, 'elb-log-spool', 'elbv2');
  try {
    return readdirSync(dir).some((f) => readFileSync(join(dir, f), 'utf8').includes(needle));
  } catch {
    return false;
  }
}

test('an answered request survives kill -9 in the ALB access log spool and is delivered after the restart', async () => {
  const first = await spawnKumo(['--data-dir', dataDir]);
  const s3c = new s3.S3Client({ ...config(first.url), forcePathStyle: true });
  const client = new elb.ElasticLoadBalancingV2Client(config(first.url));
  const ec2c = new ec2.EC2Client(config(first.url));
  const bucket = 'elb-kill9-logs';
  await s3c.send(new s3.CreateBucketCommand({ Bucket: bucket }));
  await s3c.send(
    new s3.PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/AWSLogs/${ACCOUNT}/*` }] }),
    }),
  );
  const subnets = ((await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets ?? []).map((s) => s.SubnetId!).sort();
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: 'kill9-logs', Subnets: subnets.slice(0, 2) }))).LoadBalancers![0]!;
  const awsPort = 21000 + Math.floor(Math.random() * 9000);
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'ok' } }] }));
  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.bucket', Value: bucket }] }));
  const bound = await until('the listener to bind', async () => {
    const view = (await (await fetch(`${first.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ listeners: Array<{ port: number; bound: string }> }> }> };
    return view.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)?.nodes[0]?.listeners.find((l) => l.port === awsPort)?.bound;
  });
  const res = await until('the node to answer', () => fetch(`http://${bound}/kill9-marker`).catch(() => undefined));
  assert.equal(res.status, 200);
  await until('the entry to reach the spool', async () => spooled('/kill9-marker') || undefined, 750);
  for (const c of [s3c, client, ec2c]) c.destroy();
  assert.equal(await first.stop('SIGKILL'), 'SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const s3b = new s3.S3Client({ ...config(server.url), forcePathStyle: true });
  try {
    const prefix = `AWSLogs/${ACCOUNT}/elasticloadbalancing/us-east-1/`;
    const before = await s3b.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    assert.equal(before.KeyCount, 0, 'the interval has not ended yet');
    await fetch(`${server.url}/_kumo/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 300 }) });
    const key = await until('the delivered log file', async () => (await s3b.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents?.[0]?.Key, 750);
    assert.match(key, /_app\.kill9-logs\.[0-9a-f]+_\d{8}T\d{4}Z_127\.[\d.]+_[a-z0-9]{8}\.log\.gz$/);
    const got = await s3b.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
    const lines = gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString().trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^http \S+ app\/kill9-logs\/[0-9a-f]+ 127\.0\.0\.1:\d+ - 0\.000 -1 0\.000 200 - \d+ \d+ "GET http:\/\/[\d.]+:\d+\/kill9-marker HTTP\/1\.1"/);
    assert.equal(spooled('/kill9-marker'), false, 'the spool file is removed once delivered');
  } finally {
    s3b.destroy();
  }
});
