// SQS scenarios: SendMessage of 256 B to a Standard queue at depth 0 and at 100,000 messages, to a FIFO queue, and a
// 16-consumer drain of 1,000 messages (ReceiveMessage ×10 + DeleteMessageBatch) that checks nothing arrives twice.
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeClock } from '../../src/runtime/clock.js';
import type { RequestContext } from '../../src/core/request-context.js';
import { sqsApi } from '../../src/services/sqs/testing.js';
import { openStateStore } from '../../src/store/state-store.js';
import { closedLoop, cpuMs, formatResult, startServer, type BenchServer } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';

const BODY_256 = 'x'.repeat(256);
const DEEP = 100_000;
const FILL_WORKERS = 16;
const DRAIN_MESSAGES = 1_000;
const DRAIN_CONSUMERS = 16;
const DRAIN_ROUNDS = 5;
const WARM_UP = 5_000;

async function withSqs<T>(run: (server: BenchServer, sqs: SQSClient) => Promise<T>): Promise<T> {
  const server = await startServer();
  const sqs = new SQSClient(sdkConfig(server.url));
  try {
    return await run(server, sqs);
  } finally {
    sqs.destroy();
    await server.stop();
  }
}

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
}

/** Adds `count` 256 B messages with SendMessageBatch (10 a call) from FILL_WORKERS concurrent loops. */
async function fill(sqs: SQSClient, url: string, count: number): Promise<void> {
  let next = 0;
  const batches = Math.ceil(count / 10);
  await Promise.all(
    Array.from({ length: FILL_WORKERS }, async () => {
      for (let b = next++; b < batches; b = next++) {
        const size = Math.min(10, count - b * 10);
        const entries = Array.from({ length: size }, (_, i) => ({ Id: `m${i}`, MessageBody: BODY_256 }));
        const { Failed = [] } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
        if (Failed.length > 0) throw new Error(`fill: ${Failed.length} entries failed (${Failed[0]!.Code})`);
      }
    }),
  );
}

async function depth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes['ApproximateNumberOfMessages']) + Number(Attributes['ApproximateNumberOfMessagesNotVisible']);
}

/**
 * Sends WARM_UP messages, as concurrently as the measured loop, to a queue of their own first: without it the first
 * measured loop costs ~80% more server CPU (user time: JIT and lazy loading), which is start-up, not queue depth.
 */
async function warmUp(server: BenchServer, sqs: SQSClient, workers: number): Promise<void> {
  const url = await createQueue(sqs, 'bench-warm-up');
  await closedLoop(server, workers, WARM_UP, () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: BODY_256 })));
}

/**
 * The provider alone, in this process on a file-backed store (no HTTP, no gateway): CPU ms per SendMessage after a
 * warm-up, i.e. SQS's own share of the server figure (the rest is node:http, the kernel's loopback TCP and the pipeline).
 */
async function providerCpuMsPerSend(fifo: boolean, ops: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-sqs-'));
  const store = openStateStore({ dataDir });
  try {
    const provider = sqsApi({ store, clock: new RuntimeClock() });
    const ctx: RequestContext = {
      requestId: 'bench', service: 'sqs', operation: 'SendMessage', account: '000000000000', region: 'us-east-1',
      accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'json', startedAt: 0,
    };
    const created = await provider.createQueue(ctx, { QueueName: fifo ? 'bench.fifo' : 'bench', Attributes: fifo ? { FifoQueue: 'true' } : {} });
    const QueueUrl = created.QueueUrl!;
    let n = 0;
    const send = () =>
      provider.sendMessage(ctx, { QueueUrl, MessageBody: BODY_256, ...(fifo ? { MessageGroupId: `g${n % 8}`, MessageDeduplicationId: `d${n++}` } : {}) });
    for (let i = 0; i < WARM_UP; i++) await send();
    const before = process.cpuUsage();
    for (let i = 0; i < ops; i++) await send();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / ops;
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function providerLine(label: string, ms: number): string {
  return `${label.padEnd(34)} CPU ${ms.toFixed(3)} ms/op (SqsProvider in process on a file store, no HTTP)`;
}

/** SendMessage 256 B to a Standard queue: once on an empty queue, then again after filling it to 100,000 messages. */
export const sqsSendStandard: Scenario = {
  name: 'sqs-send-standard',
  async run({ ops, workers }) {
    return withSqs(async (server, sqs) => {
      await warmUp(server, sqs, workers);
      const url = await createQueue(sqs, 'bench-standard');
      const shallow = await closedLoop(server, workers, ops, () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: BODY_256 })));
      const t0 = process.hrtime.bigint();
      await fill(sqs, url, DEEP - (await depth(sqs, url)));
      const fillSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const before = await depth(sqs, url);
      const deep = await closedLoop(server, workers, ops, () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: BODY_256 })));
      return [
        formatResult('SQS SendMessage 256 B, depth 0', shallow),
        `  filled to ${before.toLocaleString('en-US')} messages with SendMessageBatch in ${fillSeconds.toFixed(1)} s`,
        formatResult(`SQS SendMessage 256 B, depth ${(before / 1000).toFixed(0)}k`, deep),
        providerLine('  Standard send, provider alone', await providerCpuMsPerSend(false, ops)),
      ];
    });
  },
};

/** SendMessage 256 B to a FIFO queue, one message group per worker, an explicit deduplication id per message. */
export const sqsSendFifo: Scenario = {
  name: 'sqs-send-fifo',
  async run({ ops, workers }) {
    return withSqs(async (server, sqs) => {
      await warmUp(server, sqs, workers);
      const url = await createQueue(sqs, 'bench-order.fifo', { FifoQueue: 'true' });
      const result = await closedLoop(server, workers, ops, (worker, i) =>
        sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: BODY_256, MessageGroupId: `g${worker}`, MessageDeduplicationId: `d${i}` })),
      );
      return [formatResult('SQS SendMessage 256 B, FIFO', result), providerLine('  FIFO send, provider alone', await providerCpuMsPerSend(true, ops))];
    });
  },
};

interface DrainRound {
  seconds: number;
  cpuMsPerMessage: number;
  receives: number;
}

/** 16 consumers receive (10 at a time) and batch-delete until the queue is empty; throws on a duplicate or a loss. */
async function drainOnce(server: BenchServer, sqs: SQSClient, url: string): Promise<DrainRound> {
  const seen = new Set<string>();
  let receives = 0;
  const cpuBefore = cpuMs(server.pid);
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: DRAIN_CONSUMERS }, async () => {
      for (;;) {
        receives += 1;
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        // Every message is visible at the start and hidden for 30 s once taken: an empty answer means the rest are
        // in other consumers' hands.
        if (Messages.length === 0) return;
        for (const m of Messages) {
          if (seen.has(m.MessageId!)) throw new Error(`drain: ${m.MessageId} delivered twice`);
          seen.add(m.MessageId!);
        }
        const { Failed = [] } = await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
        );
        if (Failed.length > 0) throw new Error(`drain: ${Failed.length} deletes failed (${Failed[0]!.Code})`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuMs(server.pid) - cpuBefore;
  if (seen.size !== DRAIN_MESSAGES) throw new Error(`drain: received ${seen.size} of ${DRAIN_MESSAGES}`);
  const left = await depth(sqs, url);
  if (left !== 0) throw new Error(`drain: ${left} messages left after the drain`);
  return { seconds, cpuMsPerMessage: cpu / DRAIN_MESSAGES, receives };
}

/** Drains 1,000 messages with 16 consumers, DRAIN_ROUNDS times on a fresh fill; reports the median round. */
export const sqsDrain: Scenario = {
  name: 'sqs-drain',
  async run() {
    return withSqs(async (server, sqs) => {
      const url = await createQueue(sqs, 'bench-drain');
      await fill(sqs, url, DRAIN_MESSAGES);
      await drainOnce(server, sqs, url); // warm-up round
      const rounds: DrainRound[] = [];
      for (let r = 0; r < DRAIN_ROUNDS; r++) {
        await fill(sqs, url, DRAIN_MESSAGES);
        rounds.push(await drainOnce(server, sqs, url));
      }
      rounds.sort((a, b) => a.seconds - b.seconds);
      const median = rounds[Math.floor(rounds.length / 2)]!;
      const rates = rounds.map((r) => (DRAIN_MESSAGES / r.seconds).toFixed(0)).join(', ');
      return [
        `SQS drain ${DRAIN_MESSAGES} msgs, ${DRAIN_CONSUMERS} consumers   ${(DRAIN_MESSAGES / median.seconds).toFixed(0).padStart(7)} msg/s (median of ${DRAIN_ROUNDS}: ${rates})  server CPU ${median.cpuMsPerMessage.toFixed(3)} ms/msg  ${median.receives} receives  no duplicates, none lost`,
      ];
    });
  },
};

export const SQS_SCENARIOS: Scenario[] = [sqsSendStandard, sqsSendFifo, sqsDrain];
