// Message repository: send (with FIFO dedup), receive (Standard by visibility index, FIFO by group heads in strict
// order), delete, visibility changes, dead-letter moves and purge. Each mutation is one transaction on prepared statements.
import { randomUUID } from 'node:crypto';
import type { StateStore } from '../../store/state-store.js';
import { prepareMessageStatements, type Key, type MessageRow, type MessageStatements } from './message-statements.js';
import { DEDUP_WINDOW_MS, deduplicationScopeKey } from './fifo.js';
import { deserializeAttributes, serializeAttributes } from './attribute-codec.js';
import type { StoredAttribute } from './message-validation.js';
import type { Queue, Scope } from './queue-store.js';
import type { ReceiptHandle } from './receipt-handle.js';

/** The sweeper reads expired rows in pages of up to SWEEP_PAGE_MAX and stops a run after SWEEP_LIMIT removals. */
const SWEEP_PAGE_MAX = 512;
const SWEEP_LIMIT = 50_000;

export interface NewMessage {
  body: string;
  md5Body: string;
  attributes: Record<string, StoredAttribute> | undefined;
  md5Attributes: string | undefined;
  systemAttributes: Record<string, StoredAttribute> | undefined;
  md5System: string | undefined;
  senderId: string;
  delaySeconds: number;
  groupId: string | undefined;
  /** The resolved dedup id (explicit or content-based) for FIFO queues. */
  dedupId: string | undefined;
}

export interface SendOutcome {
  messageId: string;
  seq: number;
}

export interface StoredMessage {
  seq: number;
  messageId: string;
  body: string;
  md5Body: string;
  attributesJson: string | null;
  systemAttributesJson: string | null;
  senderId: string;
  sentAt: number;
  receiveCount: number;
  firstReceiveAt: number | null;
  groupId: string | null;
  dedupId: string | null;
  dlqSourceArn: string | null;
}

/** Where a receive moves messages that exceeded maxReceiveCount. */
export interface DeadLetterTarget {
  queue: Queue;
  maxReceiveCount: number;
}

export interface MessageCounts {
  visible: number;
  notVisible: number;
  delayed: number;
}

export type HandleOutcome = 'ok' | 'gone' | 'expired' | 'not-inflight';


/** Calls since CloudWatch last read them (AWS/SQS NumberOfMessagesSent/Received/Deleted, NumberOfEmptyReceives). */
export interface QueueActivity {
  sent: number;
  received: number;
  deleted: number;
  emptyReceives: number;
}

export class MessageStore {
  private readonly s: MessageStatements;
  private readonly lastSeq = new Map<number, number>();
  /** By queue ARN; read and cleared once a minute by takeActivity(). */
  private activity = new Map<string, QueueActivity>();

  constructor(private readonly store: StateStore) {
    this.s = prepareMessageStatements(store.db);
  }

  /** Enqueues messages in one transaction; FIFO duplicates inside the 5-minute window return the original id. */
  send(queue: Queue, messages: readonly NewMessage[], now: number): SendOutcome[] {
    const out = this.store.transaction(() => messages.map((m) => this.sendOne(queue, m, now)));
    this.activityOf(queue).sent += out.length;
    return out;
  }

  private activityOf(queue: Queue): QueueActivity {
    let a = this.activity.get(queue.arn);
    if (!a) this.activity.set(queue.arn, (a = { sent: 0, received: 0, deleted: 0, emptyReceives: 0 }));
    return a;
  }

  /** The counts since the last call, by queue ARN, and a fresh start. */
  takeActivity(): Map<string, QueueActivity> {
    const out = this.activity;
    this.activity = new Map();
    return out;
  }

  private sendOne(queue: Queue, m: NewMessage, now: number): SendOutcome {
    const key = keyOf(queue);
    let scopeKey = '';
    if (queue.fifo && m.dedupId !== undefined) {
      scopeKey = deduplicationScopeKey(queue.settings.deduplicationScope, m.groupId ?? '');
      const existing = this.s.dedupGet.get(...key, scopeKey, m.dedupId);
      if (existing && existing.expires_at > now) return { messageId: existing.message_id, seq: existing.seq };
    }
    const seq = this.nextSeq(queue, now);
    const messageId = randomUUID();
    const visibleAt = now + m.delaySeconds * 1000;
    this.s.insert.run(
      ...key,
      seq,
      queue.fifo ? 1 : 0,
      messageId,
      m.body,
      m.md5Body,
      m.attributes ? serializeAttributes(m.attributes) : null,
      m.md5Attributes ?? null,
      m.systemAttributes ? serializeAttributes(m.systemAttributes) : null,
      m.md5System ?? null,
      m.senderId,
      now,
      visibleAt,
      now + queue.settings.messageRetentionPeriod * 1000,
      0,
      null,
      m.groupId ?? null,
      m.dedupId ?? null,
      null,
    );
    this.s.bump.run(...key, 1);
    if (queue.fifo) {
      this.s.addGroup.run(...key, m.groupId!, seq, visibleAt);
      if (m.dedupId !== undefined) this.s.dedupPut.run(...key, scopeKey, m.dedupId, messageId, seq, now + DEDUP_WINDOW_MS);
    }
    return { messageId, seq };
  }

  /**
   * Receives up to `max` messages and hides them until now + visibilityMs. Messages past retention are dropped, and
   * messages already received maxReceiveCount times move to the dead-letter queue instead of being returned.
   */
  receive(queue: Queue, max: number, visibilityMs: number, now: number, deadLetter: DeadLetterTarget | undefined): StoredMessage[] {
    const out = this.store.transaction(() =>
      queue.fifo ? this.receiveFifo(queue, max, visibilityMs, now, deadLetter) : this.receiveStandard(queue, max, visibilityMs, now, deadLetter),
    );
    const a = this.activityOf(queue);
    a.received += out.length;
    if (out.length === 0) a.emptyReceives++;
    return out;
  }

  private receiveStandard(queue: Queue, max: number, visibilityMs: number, now: number, deadLetter: DeadLetterTarget | undefined): StoredMessage[] {
    const key = keyOf(queue);
    const out: StoredMessage[] = [];
    for (;;) {
      const rows = this.s.visible.all(...key, now, max - out.length);
      if (rows.length === 0) return out;
      for (const row of rows) {
        const taken = this.take(queue, row, visibilityMs, now, deadLetter);
        if (taken) out.push(taken);
      }
      if (out.length >= max) return out;
    }
  }

  private receiveFifo(queue: Queue, max: number, visibilityMs: number, now: number, deadLetter: DeadLetterTarget | undefined): StoredMessage[] {
    const key = keyOf(queue);
    const out: StoredMessage[] = [];
    const visited = new Set<string>();
    for (;;) {
      const groups = this.s.readyGroups.all(...key, now, max - out.length + visited.size);
      const fresh = groups.filter((g) => !visited.has(g.group_id));
      if (fresh.length === 0) return out;
      for (const { group_id: group } of fresh) {
        visited.add(group);
        // Strict order: take the group's visible prefix; stop at its first message still in flight
        // (test_sqs.snapshot.json test_fifo_group_visibility_extends_with_change_message_visibility[sqs-1-visible]).
        let after = -1;
        let blocked = false;
        while (!blocked && out.length < max) {
          const rows = this.s.groupMessages.all(...key, group, after, max - out.length);
          if (rows.length === 0) break;
          for (const row of rows) {
            if (row.visible_at > now && row.expires_at > now) {
              blocked = true;
              break;
            }
            after = row.seq;
            const taken = this.take(queue, row, visibilityMs, now, deadLetter);
            if (taken) out.push(taken);
          }
        }
        this.refreshGroup(queue, group);
        if (out.length >= max) return out;
      }
    }
  }

  /** Receives one row, or drops it (retention) or moves it (dead-letter) and returns undefined. */
  private take(queue: Queue, row: MessageRow, visibilityMs: number, now: number, deadLetter: DeadLetterTarget | undefined): StoredMessage | undefined {
    const key = keyOf(queue);
    if (row.expires_at <= now) {
      this.removeRow(key, row.seq);
      return undefined;
    }
    if (deadLetter && row.receive_count >= deadLetter.maxReceiveCount) {
      this.removeRow(key, row.seq);
      this.insertMoved(deadLetter.queue, row, queue.arn, now);
      return undefined;
    }
    this.s.markReceived.run(now + visibilityMs, now, ...key, row.seq);
    return toMessage({ ...row, receive_count: row.receive_count + 1, first_receive_at: row.first_receive_at ?? now });
  }

  /**
   * Copies a message into another queue keeping its id, body, attributes and SentTimestamp. A dead-letter move keeps
   * the receive count and records the source; a redrive (`fresh`) starts the message over.
   */
  insertMoved(target: Queue, row: MessageRow, sourceArn: string | null, now: number, fresh = false): void {
    const key = keyOf(target);
    const seq = this.nextSeq(target, now);
    const groupId = target.fifo ? (row.group_id ?? 'default') : row.group_id;
    this.s.insert.run(
      ...key,
      seq,
      target.fifo ? 1 : 0,
      row.message_id,
      row.body,
      row.md5_body,
      row.attributes,
      row.md5_attributes,
      row.system_attributes,
      row.md5_system,
      row.sender_id,
      row.sent_at,
      now,
      row.sent_at + target.settings.messageRetentionPeriod * 1000,
      fresh ? 0 : row.receive_count,
      fresh ? null : row.first_receive_at,
      groupId,
      row.dedup_id,
      fresh ? null : (sourceArn ?? row.dlq_source_arn),
    );
    this.s.bump.run(...key, 1);
    if (target.fifo) this.s.addGroup.run(...key, groupId!, seq, now);
  }

  /** Deletes the message a handle names. FIFO handles stop working once their visibility timeout has passed. */
  delete(queue: Queue, handle: ReceiptHandle, now: number): HandleOutcome {
    return this.store.transaction(() => {
      const key = keyOf(queue);
      const row = this.s.get.get(...key, handle.seq);
      if (!row || row.message_id !== handle.messageId) return 'gone';
      if (queue.fifo && (row.receive_count !== handle.receiveCount || row.visible_at <= now)) return 'expired';
      this.removeRow(key, handle.seq);
      if (queue.fifo) this.refreshGroup(queue, row.group_id!);
      this.activityOf(queue).deleted++;
      return 'ok';
    });
  }

  /** Sets a received message's visibility to now + timeoutMs. */
  changeVisibility(queue: Queue, handle: ReceiptHandle, timeoutMs: number, now: number): HandleOutcome {
    return this.store.transaction(() => {
      const key = keyOf(queue);
      const row = this.s.get.get(...key, handle.seq);
      if (!row || row.message_id !== handle.messageId) return 'gone';
      if (row.receive_count === 0) return 'not-inflight';
      if (queue.fifo && (row.receive_count !== handle.receiveCount || row.visible_at <= now)) return 'expired';
      // A Standard message whose visibility ran out is visible again, no longer in flight: changing it through an old
      // handle is MessageNotInflight rather than hiding a message other consumers can now receive.
      if (row.visible_at <= now) return 'not-inflight';
      this.s.setVisibleAt.run(now + timeoutMs, ...key, handle.seq);
      if (queue.fifo) this.refreshGroup(queue, row.group_id!);
      return 'ok';
    });
  }

  /** Deletes every message of the queue (PurgeQueue); dedup entries stay, as in AWS. */
  purge(queue: Queue): void {
    this.store.transaction(() => {
      this.s.purgeMessages.run(...keyOf(queue));
      this.s.clearCount.run(...keyOf(queue));
      this.s.purgeGroups.run(...keyOf(queue));
    });
  }

  /** Removes all of a deleted queue's rows; the caller holds the transaction. */
  drop(queue: Queue): void {
    this.s.purgeMessages.run(...keyOf(queue));
    this.s.clearCount.run(...keyOf(queue));
    this.s.purgeGroups.run(...keyOf(queue));
    this.s.purgeDedup.run(...keyOf(queue));
    this.lastSeq.delete(queue.id);
  }

  /** Depth from the per-queue counter; hidden messages split by the visibility index (in flight vs delayed). */
  counts(queue: Queue, now: number): MessageCounts {
    const key = keyOf(queue);
    const total = this.s.total.get(...key)?.messages ?? 0;
    const hidden = this.s.hidden.get(...key, now);
    const notVisible = hidden?.inflight ?? 0;
    const delayed = hidden?.delayed ?? 0;
    return { visible: Math.max(0, total - notVisible - delayed), notVisible, delayed };
  }

  /** When the next message (Standard) or group head (FIFO) becomes visible, if any: long polls wake then. */
  nextVisibleAt(queue: Queue, now: number): number | undefined {
    const stmt = queue.fifo ? this.s.nextVisibleFifo : this.s.nextVisibleStandard;
    return stmt.get(...keyOf(queue), now)?.at ?? undefined;
  }

  /** Messages in seq order after `afterSeq` (for move tasks). */
  firstMessages(queue: Queue, afterSeq: number, limit: number): MessageRow[] {
    return this.s.firstMessages.all(...keyOf(queue), afterSeq, limit);
  }

  /** Removes one row by seq inside the caller's transaction (move tasks). */
  removeForMove(queue: Queue, row: MessageRow): void {
    this.removeRow(keyOf(queue), row.seq);
    if (queue.fifo && row.group_id !== null) this.refreshGroup(queue, row.group_id);
  }

  /** Drops messages past retention (oldest first per queue) and dedup entries past their window. */
  sweep(now: number): number {
    return this.store.transaction(() => {
      let removed = 0;
      for (const q of this.s.allQueues.all()) {
        const key: Key = [q.account, q.region, q.queue_id];
        const groups = new Set<string>();
        // Oldest first, in small pages: a queue with nothing expired costs one short read.
        for (let page = 1, more = true; more && removed < SWEEP_LIMIT; page = Math.min(page * 8, SWEEP_PAGE_MAX)) {
          const rows = this.s.oldest.all(...key, page);
          more = rows.length === page;
          for (const row of rows) {
            if (row.expires_at > now) {
              more = false;
              break;
            }
            this.removeRow(key, row.seq);
            if (row.group_id !== null) groups.add(row.group_id);
            removed++;
          }
        }
        for (const group of groups) this.refreshGroupByKey(key, group);
      }
      this.s.dedupSweep.run(now);
      return removed;
    });
  }

  private removeRow(key: Key, seq: number): void {
    this.s.deleteOne.run(...key, seq);
    this.s.bump.run(...key, -1);
  }

  private refreshGroup(queue: Queue, group: string): void {
    this.refreshGroupByKey(keyOf(queue), group);
  }

  private refreshGroupByKey(key: Key, group: string): void {
    const head = this.s.groupHead.get(...key, group);
    if (head) this.s.setGroup.run(head.seq, head.visible_at, ...key, group);
    else this.s.deleteGroup.run(...key, group);
  }

  /** Monotonic per queue and across restarts: never below now·1024, never repeating a stored seq. */
  private nextSeq(queue: Queue, now: number): number {
    let last = this.lastSeq.get(queue.id);
    if (last === undefined) last = this.s.maxSeq.get(...keyOf(queue))?.seq ?? 0;
    const seq = Math.max(last + 1, now * 1024);
    this.lastSeq.set(queue.id, seq);
    return seq;
  }
}

function keyOf(queue: Scope & { id: number }): Key {
  return [queue.account, queue.region, queue.id];
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    seq: row.seq,
    messageId: row.message_id,
    body: row.body,
    md5Body: row.md5_body,
    attributesJson: row.attributes,
    systemAttributesJson: row.system_attributes,
    senderId: row.sender_id,
    sentAt: row.sent_at,
    receiveCount: row.receive_count,
    firstReceiveAt: row.first_receive_at,
    groupId: row.group_id,
    dedupId: row.dedup_id,
    dlqSourceArn: row.dlq_source_arn,
  };
}

export type { MessageRow };
export { deserializeAttributes, serializeAttributes };
