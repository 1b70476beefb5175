// Unit tests for log delivery and its spool: batches reach the spool file, a new delivery on the same directory
// (a restarted process) delivers the interval once it has ended, and a line cut short by a kill is left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { AccessLogDelivery, type LogTarget, type S3Port } from './delivery.js';
import { FileSpool } from './spool.js';

const target: LogTarget = { kind: 'app', account: '000000000000', region: 'us-east-1', prefix: 'p', lbId: 'app.lb.abc', nodeIp: '127.77.0.1', bucket: 'b', intervalMs: 300_000 };

function fakeS3(): { port: S3Port; puts: Array<{ key: string; text: string }> } {
  const puts: Array<{ key: string; text: string }> = [];
  const port: S3Port = {
    invoke: async <O>(_s: string, _op: string, _scope: unknown, input: Record<string, unknown>): Promise<O> => {
      const chunks: Buffer[] = [];
      for await (const c of input['Body'] as Readable) chunks.push(c as Buffer);
      puts.push({ key: input['Key'] as string, text: gunzipSync(Buffer.concat(chunks)).toString() });
      return {} as O;
    },
  };
  return { port, puts };
}

test('spooled lines outlive their process and are delivered by the next one once the interval ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-elb-spool-'));
  try {
    let now = 1_000_000_000;
    const first = new AccessLogDelivery(fakeS3().port, () => now, () => {}, new FileSpool(dir));
    const sink = first.sink('lb#a', target);
    sink.add('one');
    sink.add('two');
    first.writePending(); // what the one-second batch timer does
    // A kill in the middle of the next write leaves a line without its newline.
    appendFileSync(join(dir, readdirSync(dir)[0]!), 'thr');
    const { port, puts } = fakeS3();
    const second = new AccessLogDelivery(port, () => now, () => {}, new FileSpool(dir));
    await second.flush();
    assert.equal(puts.length, 0, 'nothing before the interval ends');
    second.sink('lb#a', target).add('four'); // the same interval, continued by the new process
    now += 300_000;
    await second.flush();
    assert.equal(puts.length, 1);
    assert.equal(puts[0]!.text, 'one\ntwo\nfour\n');
    assert.match(puts[0]!.key, /^p\/AWSLogs\/000000000000\/elasticloadbalancing\/us-east-1\/1970\/01\/12\/000000000000_elasticloadbalancing_us-east-1_app\.lb\.abc_19700112T1350Z_127\.77\.0\.1_[a-z0-9]{8}\.log\.gz$/);
    assert.deepEqual(readdirSync(dir), [], 'the delivered interval leaves no spool file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('connection and health check log files are named conn_log_ and health_check_log_', async () => {
  const { port, puts } = fakeS3();
  let now = 0;
  const d = new AccessLogDelivery(port, () => now, () => {});
  d.sink('c', { ...target, log: 'connection' }).add('c1');
  d.sink('h', { ...target, log: 'health' }).add('h1');
  now = 300_000;
  await d.flush();
  const names = puts.map((p) => p.key.slice(p.key.lastIndexOf('/') + 1)).sort();
  assert.match(names[0]!, /^conn_log_000000000000_elasticloadbalancing_us-east-1_app\.lb\.abc_19700101T0005Z_127\.77\.0\.1_/);
  assert.match(names[1]!, /^health_check_log_000000000000_elasticloadbalancing_us-east-1_app\.lb\.abc_19700101T0005Z_127\.77\.0\.1_/);
});
