// What only a real socket shows: signatures over JSON and streamed bodies, oversized and truncated bodies,
// HTTP-level errors answered with a request id, and shutdown that does not wait forever on a stalled client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../support/kumo.js';

let kumo: TestKumo;
before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
});
after(async () => {
  await kumo.stop();
});

function rawExchange(port: number, request: string, endAfterWrite = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      if (endAfterWrite) socket.end();
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

test('signatures over JSON bodies verify when enforcement is on', async () => {
  const sqs = new SQSClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  const result = await sqs.send(new ListQueuesCommand({}));
  assert.deepEqual(result.QueueUrls ?? [], []);
  sqs.destroy();
});

test('signatures over streamed S3 bodies verify when enforcement is on', async () => {
  const s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: 'signed-bodies' }));
  await s3.send(new PutObjectCommand({ Bucket: 'signed-bodies', Key: 'k', Body: 'hello' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: 'signed-bodies', Key: 'k' }));
  assert.equal(await object.Body?.transformToString(), 'hello');
  s3.destroy();
});

test('a body over the buffering limit gets 413 while the rest of the body is discarded', async () => {
  const port = Number(new URL(kumo.url).port);
  const head = [
    'POST / HTTP/1.1', 'Host: 127.0.0.1', 'X-Amz-Target: DynamoDB_20120810.ListTables',
    'Content-Type: application/x-amz-json-1.0', `Content-Length: ${70 * 1024 * 1024}`, '', '',
  ].join('\r\n');
  const socket = connect(port, '127.0.0.1');
  const answer = await new Promise<string>((resolve) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      // The whole answer is in once its JSON body closes; the server keeps the connection for the discarded rest.
      if (/RequestEntityTooLarge[^}]*}\s*$/.test(data)) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    socket.write(head);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 70 && socket.writable) {
        sent++;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
  assert.match(answer, /^HTTP\/1\.1 413/);
  assert.match(answer, /RequestEntityTooLarge/);
});

test('oversized headers get 431 with an XML error and a request id', async () => {
  const port = Number(new URL(kumo.url).port);
  const answer = await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 431/);
  assert.match(answer, /x-amzn-RequestId: [0-9a-f-]{36}/i);
  assert.match(answer, /<Code>RequestHeaderSectionTooLarge<\/Code>/);
});

test('a client that sends half its body and leaves does not take the server down', async () => {
  const port = Number(new URL(kumo.url).port);
  await rawExchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{"Li', true);
  assert.equal((await fetch(`${kumo.url}/_kumo/health`)).status, 200);
});

test('an unknown /_kumo/ endpoint answers 404 instead of reaching S3', async () => {
  const res = await fetch(`${kumo.url}/_kumo/nope`);
  assert.equal(res.status, 404);
});

test('shutdown closes a connection stalled mid-body once the grace period ends', async () => {
  const other = await startTestKumo();
  const port = Number(new URL(other.url).port);
  const stalled = rawExchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc');
  await new Promise((r) => setTimeout(r, 50));
  await other.stop(100);
  assert.equal(typeof (await stalled), 'string');
});
