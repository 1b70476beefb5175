// Repository tests on an in-memory state store with fake time: visibility, delays, FIFO order and group locking,
// dedup window, dead-letter moves, retention, counters, restart safety and index use for receives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/clock.js';
import { openStateStore, type StateStore } from '../../store/state-store.js';
import { defaultAttributes, applyAttributes, type AttributeMap } from './queue-attributes.js';
import { md5OfBody } from './md5.js';
import { MessageStore, type NewMessage } from './message-store.js';
import { SQS_COMPONENT, SQS_MIGRATIONS, SQS_TABLES } from './migrations.js';
import { QueueStore, type Queue } from './queue-store.js';
import { buildQueueArn } from './queue-url.js';

const scope = { account: '000000000000', region: 'us-east-1' };

function setup(): { store: StateStore; queues: QueueStore; messages: MessageStore; clock: FakeClock } {
  const store = openStateStore({ inMemory: true });
  store.migrate(SQS_COMPONENT, SQS_MIGRATIONS);
  store.registerTables(SQS_COMPONENT, SQS_TABLES);
  return { store, queues: new QueueStore(store), messages: new MessageStore(store), clock: new FakeClock() };
}

function makeQueue(queues: QueueStore, name: string, now: number, extra: AttributeMap = {}): Queue {
  const fifo = name.endsWith('.fifo');
  const attributes = applyAttributes(defaultAttributes(fifo), extra, fifo, true);
  return queues.insert(scope, name, fifo, attributes, {}, now);
}

function msg(body: string, extra: Partial<NewMessage> = {}): NewMessage {
  return {
    body,
    md5Body: md5OfBody(body),
    attributes: undefined,
    md5Attributes: undefined,
    systemAttributes: undefined,
    md5System: undefined,
    senderId: scope.account,
    delaySeconds: 0,
    groupId: undefined,
    dedupId: undefined,
    ...extra,
  };
}

test('ReceiveMessage hides a Standard message for VisibilityTimeout, then returns it with a higher receive count', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'std', clock.now());
  messages.send(q, [msg('hello')], clock.now());
  const first = messages.receive(q, 10, 30_000, clock.now(), undefined);
  assert.equal(first.length, 1);
  assert.equal(first[0]!.receiveCount, 1);
  assert.equal(first[0]!.firstReceiveAt, clock.now());
  clock.advance(29_999);
  assert.equal(messages.receive(q, 10, 30_000, clock.now(), undefined).length, 0);
  clock.advance(1);
  const again = messages.receive(q, 10, 30_000, clock.now(), undefined);
  assert.equal(again[0]?.receiveCount, 2);
  assert.equal(again[0]?.messageId, first[0]!.messageId);
});

test('DelaySeconds keeps a message invisible and counted as delayed until it elapses', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'delayed', clock.now());
  messages.send(q, [msg('later', { delaySeconds: 5 })], clock.now());
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 0, notVisible: 0, delayed: 1 });
  assert.equal(messages.nextVisibleAt(q, clock.now()), clock.now() + 5000);
  assert.equal(messages.receive(q, 1, 30_000, clock.now(), undefined).length, 0);
  clock.advance(5000);
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 1, notVisible: 0, delayed: 0 });
  messages.receive(q, 1, 30_000, clock.now(), undefined);
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 0, notVisible: 1, delayed: 0 });
});

test('FIFO delivers each group in order and locks a group while its head is in flight', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'orders.fifo', clock.now());
  const now = clock.now();
  messages.send(q, [msg('a1', { groupId: 'a', dedupId: '1' }), msg('a2', { groupId: 'a', dedupId: '2' }), msg('b1', { groupId: 'b', dedupId: '3' })], now);
  const r1 = messages.receive(q, 1, 30_000, now, undefined);
  assert.deepEqual(r1.map((m) => m.body), ['a1']);
  const r2 = messages.receive(q, 10, 30_000, now, undefined);
  assert.deepEqual(r2.map((m) => m.body), ['b1']);
  assert.equal(messages.receive(q, 10, 30_000, now, undefined).length, 0);
  const handle = { queueId: q.id, seq: r1[0]!.seq, receiveCount: 1, messageId: r1[0]!.messageId };
  assert.equal(messages.delete(q, handle, now), 'ok');
  assert.deepEqual(messages.receive(q, 10, 30_000, now, undefined).map((m) => m.body), ['a2']);
});

test('FIFO returns the visible prefix of a group and stops at the first message still in flight', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'prefix.fifo', clock.now());
  const now = clock.now();
  messages.send(q, ['foo', 'bar', 'baz'].map((b, i) => msg(b, { groupId: 'g', dedupId: String(i) })), now);
  const all = messages.receive(q, 10, 30_000, now, undefined);
  assert.deepEqual(all.map((m) => m.body), ['foo', 'bar', 'baz']);
  const foo = all[0]!;
  assert.equal(messages.changeVisibility(q, { queueId: q.id, seq: foo.seq, receiveCount: 1, messageId: foo.messageId }, 0, now), 'ok');
  assert.deepEqual(messages.receive(q, 10, 30_000, now, undefined).map((m) => m.body), ['foo']);
});

test('FIFO deduplicates within five minutes per queue and accepts the id again afterwards', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'dedup.fifo', clock.now());
  const [first] = messages.send(q, [msg('x', { groupId: 'g', dedupId: 'd' })], clock.now());
  clock.advance(60_000);
  const [dup] = messages.send(q, [msg('x', { groupId: 'other', dedupId: 'd' })], clock.now());
  assert.equal(dup!.messageId, first!.messageId);
  assert.equal(messages.counts(q, clock.now()).visible, 1);
  clock.advance(240_000);
  const [fresh] = messages.send(q, [msg('x', { groupId: 'g', dedupId: 'd' })], clock.now());
  assert.notEqual(fresh!.messageId, first!.messageId);
});

test('DeduplicationScope=messageGroup deduplicates per group only', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'scoped.fifo', clock.now(), { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
  const [a] = messages.send(q, [msg('x', { groupId: 'g1', dedupId: 'd' })], clock.now());
  const [b] = messages.send(q, [msg('x', { groupId: 'g2', dedupId: 'd' })], clock.now());
  assert.notEqual(a!.messageId, b!.messageId);
});

test('a message received maxReceiveCount times moves to the dead-letter queue on its next receive', () => {
  const { queues, messages, clock } = setup();
  const dlq = makeQueue(queues, 'dlq', clock.now());
  const src = makeQueue(queues, 'src', clock.now(), {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
  });
  const target = { queue: dlq, maxReceiveCount: 1 };
  const [sent] = messages.send(src, [msg('poison')], clock.now());
  assert.equal(messages.receive(src, 1, 0, clock.now(), target).length, 1);
  assert.equal(messages.receive(src, 1, 0, clock.now(), target).length, 0);
  const moved = messages.receive(dlq, 1, 30_000, clock.now(), undefined);
  assert.equal(moved[0]?.messageId, sent!.messageId);
  assert.equal(moved[0]?.receiveCount, 2);
  assert.equal(moved[0]?.dlqSourceArn, buildQueueArn('us-east-1', scope.account, 'src'));
});

test('messages past MessageRetentionPeriod are never received, and the sweeper removes them from the counts', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'short', clock.now(), { MessageRetentionPeriod: '60' });
  messages.send(q, [msg('old')], clock.now());
  clock.advance(60_000);
  messages.send(q, [msg('new')], clock.now());
  assert.deepEqual(messages.receive(q, 10, 30_000, clock.now(), undefined).map((m) => m.body), ['new']);
  messages.send(q, [msg('old-2')], clock.now());
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 1, notVisible: 1, delayed: 0 });
  clock.advance(60_000);
  assert.equal(messages.sweep(clock.now()), 2);
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 0, notVisible: 0, delayed: 0 });
});

test('a FIFO receipt handle expires with its visibility timeout; a Standard one still deletes', () => {
  const { queues, messages, clock } = setup();
  const fifo = makeQueue(queues, 'exp.fifo', clock.now());
  const std = makeQueue(queues, 'exp', clock.now());
  messages.send(fifo, [msg('f', { groupId: 'g', dedupId: 'f' })], clock.now());
  messages.send(std, [msg('s')], clock.now());
  const [f] = messages.receive(fifo, 1, 1000, clock.now(), undefined);
  const [s] = messages.receive(std, 1, 1000, clock.now(), undefined);
  clock.advance(1000);
  assert.equal(messages.delete(fifo, { queueId: fifo.id, seq: f!.seq, receiveCount: 1, messageId: f!.messageId }, clock.now()), 'expired');
  assert.equal(messages.delete(std, { queueId: std.id, seq: s!.seq, receiveCount: 1, messageId: s!.messageId }, clock.now()), 'ok');
  assert.equal(messages.delete(std, { queueId: std.id, seq: s!.seq, receiveCount: 1, messageId: s!.messageId }, clock.now()), 'gone');
});

test('state survives a restart: a new repository on the same database keeps order and visibility', () => {
  const { store, queues, messages, clock } = setup();
  const q = makeQueue(queues, 'durable.fifo', clock.now());
  messages.send(q, [msg('1', { groupId: 'g', dedupId: '1' })], clock.now());
  messages.receive(q, 1, 10_000, clock.now(), undefined);
  const reopened = new MessageStore(store);
  const q2 = new QueueStore(store).get(scope, 'durable.fifo')!;
  const [second] = reopened.send(q2, [msg('2', { groupId: 'g', dedupId: '2' })], clock.now());
  assert.ok(second!.seq > 0);
  assert.equal(reopened.receive(q2, 10, 10_000, clock.now(), undefined).length, 0);
  clock.advance(10_000);
  assert.deepEqual(reopened.receive(q2, 10, 10_000, clock.now(), undefined).map((m) => m.body), ['1', '2']);
});

test('receives and counts read through the visibility and group indexes, not a table scan', () => {
  const { store } = setup();
  const plan = (sql: string): string =>
    (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
  const std = plan(
    "SELECT body FROM sqs_messages WHERE account = 'a' AND region = 'r' AND queue_id = 1 AND visible_at <= 5 ORDER BY visible_at, seq LIMIT 10",
  );
  assert.match(std, /USING INDEX sqs_messages_visible/);
  assert.doesNotMatch(std, /TEMP B-TREE/);
  const hidden = plan(
    "SELECT SUM(receive_count > 0), SUM(receive_count = 0) FROM sqs_messages WHERE account = 'a' AND region = 'r' AND queue_id = 1 AND visible_at > 5",
  );
  assert.match(hidden, /USING COVERING INDEX sqs_messages_visible/);
  const groups = plan(
    "SELECT group_id FROM sqs_fifo_groups WHERE account = 'a' AND region = 'r' AND queue_id = 1 AND head_visible_at <= 5 ORDER BY head_visible_at, head_seq LIMIT 10",
  );
  assert.match(groups, /USING (COVERING )?INDEX sqs_fifo_groups_ready/);
  const group = plan(
    "SELECT seq FROM sqs_messages WHERE account = 'a' AND region = 'r' AND queue_id = 1 AND fifo = 1 AND group_id = 'g' AND seq > -1 ORDER BY seq LIMIT 10",
  );
  assert.match(group, /USING (COVERING )?INDEX sqs_messages_group/);
});

test('purge removes all messages and FIFO groups of a queue', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'p.fifo', clock.now());
  messages.send(q, [msg('x', { groupId: 'g', dedupId: 'x' })], clock.now());
  messages.purge(q);
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 0, notVisible: 0, delayed: 0 });
  assert.equal(messages.nextVisibleAt(q, clock.now() - 1), undefined);
});

test('messages, receive counts and visibility deadlines survive closing and reopening a file-backed store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-sqs-'));
  try {
    const clock = new FakeClock();
    const first = openStateStore({ dataDir: dir });
    first.migrate(SQS_COMPONENT, SQS_MIGRATIONS);
    const q = makeQueue(new QueueStore(first), 'persist', clock.now());
    const messages = new MessageStore(first);
    messages.send(q, [msg('kept')], clock.now());
    messages.receive(q, 1, 30_000, clock.now(), undefined);
    first.close();

    const second = openStateStore({ dataDir: dir });
    second.migrate(SQS_COMPONENT, SQS_MIGRATIONS);
    const q2 = new QueueStore(second).get(scope, 'persist')!;
    const reopened = new MessageStore(second);
    clock.advance(29_000);
    assert.equal(reopened.receive(q2, 1, 30_000, clock.now(), undefined).length, 0);
    clock.advance(1_000);
    const again = reopened.receive(q2, 1, 30_000, clock.now(), undefined);
    assert.equal(again[0]?.body, 'kept');
    assert.equal(again[0]?.receiveCount, 2);
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the sweeper removes every expired message oldest-first and keeps the rest, FIFO groups included', () => {
  const { queues, messages, clock } = setup();
  const q = makeQueue(queues, 'sweep.fifo', clock.now(), { MessageRetentionPeriod: '60' });
  messages.send(q, Array.from({ length: 100 }, (_, i) => msg(`old${i}`, { groupId: `g${i % 3}`, dedupId: `o${i}` })), clock.now());
  clock.advance(30_000);
  messages.send(q, [msg('young', { groupId: 'g0', dedupId: 'y' })], clock.now());
  clock.advance(30_000);
  assert.equal(messages.sweep(clock.now()), 100);
  assert.deepEqual(messages.counts(q, clock.now()), { visible: 1, notVisible: 0, delayed: 0 });
  assert.deepEqual(messages.receive(q, 10, 30_000, clock.now(), undefined).map((m) => m.body), ['young']);
});
