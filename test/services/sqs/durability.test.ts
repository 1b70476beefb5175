// SQS under kill -9: a `kumo start` child on a data directory is SIGKILLed mid-work and restarted on the same directory;
// every acknowledged, undeleted message comes back, deletes stay done, in-flight messages reappear, FIFO order and dedup hold.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const STANDARD = 'durable-standard';
const FIFO = 'durable-order.fifo';
const GROUPS = ['g0', 'g1', 'g2'];
const PER_GROUP = 8;
/** Visibility of the messages left in flight at the kill: short, so they must come back after the restart. */
const SHORT_VISIBILITY = 2;
/** Visibility of a second in-flight cohort that must still be hidden after the restart. */
const LONG_VISIBILITY = 3600;

interface Sent {
  body: string;
  id: string;
}

interface BeforeKill {
  standardSent: Sent[];
  standardDeleted: Set<string>;
  standardShort: Set<string>;
  standardLong: Set<string>;
  fifoSent: Map<string, Sent[]>;
  fifoDeleted: Set<string>;
  fifoInFlight: Set<string>;
}

let dataDir: string;
let server: SpawnedKumo | undefined;
let client: SQSClient | undefined;
let state: BeforeKill;

function connect(kumo: SpawnedKumo): SQSClient {
  return new SQSClient({ endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

async function receiveUntil(sqs: SQSClient, url: string, count: number, visibility: number): Promise<Message[]> {
  const got: Message[] = [];
  for (let tries = 0; got.length < count && tries < 50; tries++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: Math.min(10, count - got.length), VisibilityTimeout: visibility, WaitTimeSeconds: 1 }),
    );
    got.push(...Messages);
  }
  assert.equal(got.length, count, `received ${got.length} of ${count}`);
  return got;
}

/** Standard and FIFO queues filled, partly received and partly deleted, every call acknowledged before the kill. */
async function workBeforeKill(sqs: SQSClient): Promise<BeforeKill> {
  const standardUrl = (await sqs.send(new CreateQueueCommand({ QueueName: STANDARD, Attributes: { VisibilityTimeout: '600' } }))).QueueUrl!;
  const standardSent: Sent[] = [];
  for (let i = 0; i < 40; i++) {
    const body = `standard-${i}`;
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: standardUrl, MessageBody: body }));
    standardSent.push({ body, id: MessageId! });
  }
  for (let batch = 0; batch < 2; batch++) {
    const entries = Array.from({ length: 10 }, (_, j) => ({ Id: `e${j}`, MessageBody: `standard-batch-${batch}-${j}` }));
    const { Successful = [], Failed = [] } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: standardUrl, Entries: entries }));
    assert.equal(Failed.length, 0);
    for (const ok of Successful) standardSent.push({ body: entries[Number(ok.Id!.slice(1))]!.MessageBody, id: ok.MessageId! });
  }

  // 15 deleted (10 singly, 5 in a batch), 10 left in flight for 2 s, 5 left in flight for an hour.
  const toDelete = await receiveUntil(sqs, standardUrl, 15, 600);
  for (const m of toDelete.slice(0, 10)) await sqs.send(new DeleteMessageCommand({ QueueUrl: standardUrl, ReceiptHandle: m.ReceiptHandle! }));
  const batchDelete = await sqs.send(
    new DeleteMessageBatchCommand({ QueueUrl: standardUrl, Entries: toDelete.slice(10).map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
  );
  assert.equal(batchDelete.Successful?.length, 5);
  const short = await receiveUntil(sqs, standardUrl, 10, SHORT_VISIBILITY);
  const long = await receiveUntil(sqs, standardUrl, 5, LONG_VISIBILITY);

  const fifoUrl = (await sqs.send(new CreateQueueCommand({ QueueName: FIFO, Attributes: { FifoQueue: 'true', VisibilityTimeout: '600' } }))).QueueUrl!;
  const fifoSent = new Map<string, Sent[]>(GROUPS.map((g) => [g, []]));
  for (let i = 0; i < PER_GROUP; i++) {
    for (const group of GROUPS) {
      const body = `${group}-${i}`;
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: `dedup-${body}` }));
      fifoSent.get(group)!.push({ body, id: sent.MessageId! });
    }
  }
  // The first receive takes a group's head run; delete its first three and leave the rest in flight for 2 s.
  const { Messages: firstRun = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl, MaxNumberOfMessages: 10, VisibilityTimeout: SHORT_VISIBILITY }));
  assert.ok(firstRun.length >= 4, `a FIFO receive returned ${firstRun.length} messages`);
  for (const m of firstRun.slice(0, 3)) await sqs.send(new DeleteMessageCommand({ QueueUrl: fifoUrl, ReceiptHandle: m.ReceiptHandle! }));

  return {
    standardSent,
    standardDeleted: new Set(toDelete.map((m) => m.Body!)),
    standardShort: new Set(short.map((m) => m.Body!)),
    standardLong: new Set(long.map((m) => m.Body!)),
    fifoSent,
    fifoDeleted: new Set(firstRun.slice(0, 3).map((m) => m.Body!)),
    fifoInFlight: new Set(firstRun.slice(3).map((m) => m.Body!)),
  };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kumo-sqs-kill9-'));
  const first = await spawnKumo(['--data-dir', dataDir]);
  const sqs = connect(first);
  try {
    state = await workBeforeKill(sqs);
  } finally {
    sqs.destroy();
  }
  assert.equal(await first.stop('SIGKILL'), 'SIGKILL');
  server = await spawnKumo(['--data-dir', dataDir]);
  client = connect(server);
});

after(async () => {
  client?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function urlOf(name: string): Promise<string> {
  return (await client!.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

test('a Standard queue keeps every acknowledged undeleted message across kill -9 and none of the deleted ones', async () => {
  const url = await urlOf(STANDARD);
  const expected = state.standardSent.filter((s) => !state.standardDeleted.has(s.body) && !state.standardLong.has(s.body));
  const got = new Map<string, Message>();
  // Long polls: the 2-second in-flight messages join when their timeout passes; stop once all are in, or when idle.
  for (let empty = 0; got.size < expected.length && empty < 3; ) {
    const { Messages = [] } = await client!.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    empty = Messages.length === 0 ? empty + 1 : 0;
    for (const m of Messages) {
      assert.ok(!got.has(m.Body!), `${m.Body} delivered twice`);
      got.set(m.Body!, m);
    }
  }
  assert.deepEqual([...got.keys()].sort(), expected.map((s) => s.body).sort());
  for (const s of expected) assert.equal(got.get(s.body)!.MessageId, s.id, `${s.body} keeps its MessageId`);
  for (const body of state.standardShort) {
    assert.equal(got.get(body)!.Attributes?.['ApproximateReceiveCount'], '2', `${body} was in flight at the kill and came back`);
  }
  const { Attributes = {} } = await client!.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  assert.equal(Attributes['ApproximateNumberOfMessages'], '0');
  // Everything left is in flight: what this test drained plus the hour-long cohort, and nothing deleted.
  assert.equal(Number(Attributes['ApproximateNumberOfMessagesNotVisible']), expected.length + state.standardLong.size);
});

test('a FIFO queue keeps per-group order, deletes and its deduplication window across kill -9', async () => {
  const url = await urlOf(FIFO);
  // A retry of an acknowledged send, and of one since deleted, is still a duplicate: same id, nothing enqueued.
  const kept = [...state.fifoInFlight][0]!;
  const deleted = [...state.fifoDeleted][0]!;
  for (const body of [kept, deleted]) {
    const group = body.split('-')[0]!;
    const original = state.fifoSent.get(group)!.find((s) => s.body === body)!;
    const retry = await client!.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: `dedup-${body}` }));
    assert.equal(retry.MessageId, original.id, `the retry of ${body} is deduplicated`);
  }

  const received = new Map<string, string[]>(GROUPS.map((g) => [g, []]));
  const expectedTotal = GROUPS.length * PER_GROUP - state.fifoDeleted.size;
  let total = 0;
  for (let empty = 0; total < expectedTotal && empty < 3; ) {
    const { Messages = [] } = await client!.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['MessageGroupId'] }),
    );
    empty = Messages.length === 0 ? empty + 1 : 0;
    for (const m of Messages) received.get(m.Attributes!['MessageGroupId']!)!.push(m.Body!);
    total += Messages.length;
    if (Messages.length > 0) {
      const done = await client!.send(
        new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
      );
      assert.equal(done.Successful?.length, Messages.length);
    }
  }
  for (const group of GROUPS) {
    const expected = state.fifoSent.get(group)!.map((s) => s.body).filter((b) => !state.fifoDeleted.has(b));
    assert.deepEqual(received.get(group), expected, `group ${group} arrives whole and in order`);
  }
  for (const body of state.fifoInFlight) {
    assert.ok(received.get(body.split('-')[0]!)!.includes(body), `${body} was in flight at the kill and came back`);
  }
});
