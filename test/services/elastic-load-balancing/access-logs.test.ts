// CLB access logs in kumo's S3: enabling checks the bucket policy and writes ELBAccessLogTestFile; entries of HTTP
// requests and TCP connections arrive as plain-text files named as AWS names them once EmitInterval (5 or 60
// minutes) has ended on the runtime clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import * as s3 from '@aws-sdk/client-s3';
import { TEST_ACCOUNT } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { until } from '../../support/until.js';
import * as support from './support.js';
import { get, name } from './support.js';

const env = support.useClbEnv();

async function logFiles(s3c: s3.S3Client, bucket: string): Promise<Array<{ key: string; text: string }>> {
  const listed = await s3c.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: `clb/AWSLogs/${TEST_ACCOUNT}/elasticloadbalancing/us-east-1/` }));
  const out: Array<{ key: string; text: string }> = [];
  for (const o of listed.Contents ?? []) out.push({ key: o.Key!, text: await (await s3c.send(new s3.GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToString() });
  return out;
}

test('CLB access logs: the bucket policy is checked, then HTTP and TCP entries arrive in a plain .log file after EmitInterval', async () => {
  const s3c = new s3.S3Client({ ...env.kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
  const bucket = name('clb-logs').toLowerCase();
  await s3c.send(new s3.CreateBucketCommand({ Bucket: bucket }));
  const n = name('clblog');
  const a = await support.instance(env, env.subnets[0]!.id);
  await support.httpBackend(env, a.address, 8090, 'a', () => 200);
  const echo = net.createServer((s) => s.on('data', (d: Buffer) => s.end(d)));
  env.servers.push(echo);
  await new Promise<void>((r) => echo.listen(7010, a.address, () => r()));
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Subnets: [env.subnets[0]!.id], Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8190, InstancePort: 8090 }, { Protocol: 'TCP', LoadBalancerPort: 7110, InstancePort: 7010 }] }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:8090/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await support.advanceUntil(env, 'InService', 5, async () => (await support.health(env, n)).get(a.id)?.State === 'InService');

  const enable = new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { AccessLog: { Enabled: true, S3BucketName: bucket, S3BucketPrefix: 'clb', EmitInterval: 5 } } });
  await assertAwsError(env.client.send(enable), { code: 'InvalidConfigurationRequest', status: 409, message: `Access Denied for bucket: ${bucket}. Please check S3bucket permission` });
  // The CLB guide's policy: the Region's ELB account may PutObject under the prefix.
  await s3c.send(new s3.PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '127311923021' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/clb/AWSLogs/${TEST_ACCOUNT}/*` }] }) }));
  const out = await env.client.send(enable);
  assert.deepEqual(out.LoadBalancerAttributes?.AccessLog, { Enabled: true, S3BucketName: bucket, S3BucketPrefix: 'clb', EmitInterval: 5 });
  await s3c.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: `clb/AWSLogs/${TEST_ACCOUNT}/ELBAccessLogTestFile` }));

  const node = (await support.nodes(env, n))[0]!;
  const httpBound = node.listeners.find((l) => l.port === 8190)!.bound;
  const tcpBound = node.listeners.find((l) => l.port === 7110)!.bound;
  assert.equal((await get(httpBound, '/page', { 'user-agent': 'clbtest' })).status, 200);
  const [host, port] = tcpBound.split(':');
  await new Promise<void>((resolve, reject) => {
    const s = net.connect({ host, port: Number(port) }, () => s.write('12345'));
    s.on('data', () => undefined).on('end', () => resolve()).on('error', reject);
  });
  await env.kumo.advance(300);
  const files = await until('the CLB log file', async () => {
    const f = await logFiles(s3c, bucket);
    return f.length > 0 && f.reduce((k, x) => k + x.text.trim().split('\n').length, 0) >= 2 ? f : undefined;
  });
  assert.equal(files.length, 1);
  assert.match(files[0]!.key, new RegExp(`^clb/AWSLogs/${TEST_ACCOUNT}/elasticloadbalancing/us-east-1/\\d{4}/\\d{2}/\\d{2}/${TEST_ACCOUNT}_elasticloadbalancing_us-east-1_${n}_\\d{8}T\\d{4}Z_${node.address.replace(/\./g, '\\.')}_[a-z0-9]{8}\\.log$`));
  const lines = files[0]!.text.trim().split('\n');
  const httpLine = lines.find((l) => l.includes('/page'))!.match(/"[^"]*"|\S+/g)!;
  assert.equal(httpLine.length, 15);
  assert.deepEqual([httpLine[1], httpLine[3], httpLine[7], httpLine[8], httpLine[9]], [n, `${a.address}:8090`, '200', '200', '0']);
  assert.equal(httpLine[11], `"GET http://${httpBound.split(':')[0]}:8190/page HTTP/1.1"`);
  assert.deepEqual([httpLine[12], httpLine[13], httpLine[14]], ['"clbtest"', '-', '-']);
  const tcpLine = lines.find((l) => l.includes('"- - - "'))!.match(/"[^"]*"|\S+/g)!;
  assert.deepEqual([tcpLine[3], tcpLine[7], tcpLine[8], tcpLine[9], tcpLine[10]], [`${a.address}:7010`, '-', '-', '5', '5']);
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});
