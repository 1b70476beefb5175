// CloudWatch in its other two protocols, as SigV4-signed raw requests over a socket: Smithy RPC v2 CBOR (Go v2, Ruby,
// PHP, Swift SDKs) and query (older clients), including a gzip body and errors with x-amzn-query-error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { encodeCborValue } from '../../../src/protocol/shared/cbor-encode.js';
import { decodeCborItem } from '../../../src/protocol/shared/cbor-decode.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

let kumo: TestKumo;
const signer = new SignatureV4({ service: 'monitoring', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Sha256 });
before(async () => {
  kumo = await startTestKumo();
});
after(async () => {
  await kumo.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

async function send(path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  const url = new URL(kumo.url);
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers: { host: url.host, ...headers }, body });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(url.port), method: 'POST', path, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function cbor(op: string, input: Record<string, unknown>, gzip = false): Promise<Answer> {
  const raw = encodeCborValue(input);
  const headers: Record<string, string> = { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' };
  if (gzip) headers['content-encoding'] = 'gzip';
  return send(`/service/GraniteServiceVersion20100801/operation/${op}`, headers, gzip ? gzipSync(raw) : raw);
}

function query(action: string, params: Array<[string, string]>): Promise<Answer> {
  const body = new URLSearchParams([['Action', action], ['Version', '2010-08-01'], ...params]).toString();
  return send('/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, Buffer.from(body));
}

test('CBOR: a gzipped PutMetricData is stored and GetMetricStatistics answers in CBOR', async () => {
  const t = new Date(kumo.clock.now());
  const put = await cbor('PutMetricData', { Namespace: 'Cbor', MetricData: [{ MetricName: 'm', Value: 2.5, Timestamp: t }, { MetricName: 'm', Value: 7.5, Timestamp: t }] }, true);
  assert.equal(put.status, 200, put.body.toString());
  const got = await cbor('GetMetricStatistics', { Namespace: 'Cbor', MetricName: 'm', StartTime: new Date(t.getTime() - 600_000), EndTime: new Date(t.getTime() + 600_000), Period: 600, Statistics: ['Sum', 'Maximum'] });
  assert.equal(got.status, 200);
  const out = decodeCborItem(got.body) as { Label: string; Datapoints: Array<{ Timestamp: unknown; Sum: number; Maximum: number; Unit: string }> };
  assert.equal(out.Label, 'm');
  assert.deepEqual([out.Datapoints[0]?.Sum, out.Datapoints[0]?.Maximum, out.Datapoints[0]?.Unit], [10, 7.5, 'None']);
  // The period start (epoch seconds inside kumo, epochSecondsTimestamp) goes out as a CBOR timestamp: tag 1.
  const at = out.Datapoints[0]?.Timestamp;
  assert.ok(at instanceof Date, `Timestamp ${String(at)}`);
  assert.ok(at.getTime() > t.getTime() - 660_000 && at.getTime() <= t.getTime() && at.getTime() % 60_000 === 0, at.toISOString());
});

test('CBOR: SetAlarmState on a missing alarm answers 404 ResourceNotFound with x-amzn-query-error', async () => {
  const res = await cbor('SetAlarmState', { AlarmName: 'ghost', StateValue: 'ALARM', StateReason: 'x' });
  assert.equal(res.status, 404);
  assert.equal(res.headers['x-amzn-query-error'], 'ResourceNotFound;Sender');
  const err = decodeCborItem(res.body) as { __type: string };
  assert.match(err.__type, /ResourceNotFound$/);
});

test('query: PutMetricData with Values/Counts, then GetMetricStatistics in XML', async () => {
  const t = new Date(kumo.clock.now()).toISOString();
  const put = await query('PutMetricData', [
    ['Namespace', 'Query'], ['MetricData.member.1.MetricName', 'q'], ['MetricData.member.1.Timestamp', t], ['MetricData.member.1.Unit', 'Count'],
    ['MetricData.member.1.Values.member.1', '10'], ['MetricData.member.1.Values.member.2', '2'],
    ['MetricData.member.1.Counts.member.1', '3'], ['MetricData.member.1.Counts.member.2', '6'],
  ]);
  assert.equal(put.status, 200, put.body.toString());
  const start = new Date(kumo.clock.now() - 600_000).toISOString();
  const end = new Date(kumo.clock.now() + 600_000).toISOString();
  const got = await query('GetMetricStatistics', [
    ['Namespace', 'Query'], ['MetricName', 'q'], ['StartTime', start], ['EndTime', end], ['Period', '600'], ['Statistics.member.1', 'Sum'], ['Statistics.member.2', 'SampleCount'], ['Statistics.member.3', 'Maximum'],
  ]);
  const xml = got.body.toString();
  assert.equal(got.status, 200, xml);
  assert.match(xml, /<GetMetricStatisticsResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/">/);
  assert.match(xml, /<Sum>42(\.0)?<\/Sum>/);
  assert.match(xml, /<SampleCount>9(\.0)?<\/SampleCount>/);
  assert.match(xml, /<Unit>Count<\/Unit>/);
  // The period start as ISO 8601, as the query protocol writes timestamps.
  assert.match(xml, /<Timestamp>\d{4}-\d\d-\d\dT\d\d:\d\d:00Z<\/Timestamp>/);
});

test('query: the recorded InvalidParameterValue error for Values and Counts of different sizes', async () => {
  const res = await query('PutMetricData', [['Namespace', 'Query'], ['MetricData.member.1.MetricName', 'q'], ['MetricData.member.1.Values.member.1', '1'], ['MetricData.member.1.Values.member.2', '2'], ['MetricData.member.1.Counts.member.1', '1']]);
  const xml = res.body.toString();
  assert.equal(res.status, 400);
  assert.match(xml, /<Code>InvalidParameterValue<\/Code>/);
  assert.match(xml, /<Message>The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.<\/Message>/);
});
