// Concurrency test over a real socket: 16 consumers drain 10,000 FIFO messages spread over 64 message groups and
// must see every message exactly once, each group strictly in send order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { startSqs, uniqueName, type SqsHarness } from './sqs-support.js';

const MESSAGES = 10_000;
const GROUPS = 64;
const SENDERS = 8;
const CONSUMERS = 16;

let h: SqsHarness;
before(async () => {
  h = await startSqs();
});
after(async () => {
  await h.close();
});

test('16 consumers drain 10,000 FIFO messages over 64 groups with no duplicates and no order violations', async () => {
  const { QueueUrl } = await h.sqs.send(
    new CreateQueueCommand({ QueueName: uniqueName('drain', true), Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }),
  );
  // Message k goes to group k % 64 as that group's message number floor(k / 64). Each sender owns 8 groups and
  // sends their messages in order, so per-group send order is well defined.
  const groupSize = (g: number): number => Math.floor(MESSAGES / GROUPS) + (g < MESSAGES % GROUPS ? 1 : 0);
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, s) => {
      const pending: { group: number; index: number }[] = [];
      for (let k = 0; k < MESSAGES; k++) {
        const group = k % GROUPS;
        if (Math.floor(group / (GROUPS / SENDERS)) === s) pending.push({ group, index: Math.floor(k / GROUPS) });
      }
      for (let i = 0; i < pending.length; i += 10) {
        const entries = pending.slice(i, i + 10).map((m, j) => ({
          Id: `e${j}`,
          MessageBody: `${m.group}:${m.index}`,
          MessageGroupId: `g${m.group}`,
        }));
        const sent = await h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
        assert.equal(sent.Failed?.length ?? 0, 0);
      }
    }),
  );

  const seenIds = new Set<string>();
  const nextIndex = new Map<number, number>();
  let duplicates = 0;
  let orderViolations = 0;
  let received = 0;
  await Promise.all(
    Array.from({ length: CONSUMERS }, async () => {
      while (received < MESSAGES) {
        const got = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 1 }));
        const messages = got.Messages ?? [];
        for (const m of messages) {
          if (seenIds.has(m.MessageId!)) duplicates++;
          seenIds.add(m.MessageId!);
          const [group, index] = m.Body!.split(':').map(Number) as [number, number];
          if ((nextIndex.get(group) ?? 0) !== index) orderViolations++;
          nextIndex.set(group, index + 1);
          received++;
        }
        if (messages.length > 0) {
          const deleted = await h.sqs.send(
            new DeleteMessageBatchCommand({ QueueUrl, Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
          );
          assert.equal(deleted.Failed?.length ?? 0, 0);
        }
      }
    }),
  );
  assert.equal(received, MESSAGES);
  assert.equal(seenIds.size, MESSAGES);
  assert.equal(duplicates, 0);
  assert.equal(orderViolations, 0);
  for (let g = 0; g < GROUPS; g++) assert.equal(nextIndex.get(g), groupSize(g));
});
