// Queue repository: queue rows (attributes, tags, timestamps) per account and region, the recently-deleted marks
// behind QueueDeletedRecently, and a parsed-settings cache so hot paths read one row and parse nothing.
import type { Statement } from 'better-sqlite3';
import type { StateStore } from '../../store/state-store.js';
import { parseSettings, type AttributeMap, type QueueSettings } from './queue-attributes.js';
import { buildQueueArn } from './queue-url.js';

export interface Scope {
  account: string;
  region: string;
}

export interface Queue {
  account: string;
  region: string;
  name: string;
  id: number;
  fifo: boolean;
  arn: string;
  attributes: AttributeMap;
  settings: QueueSettings;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  purgedAt: number | undefined;
}

interface QueueRow {
  account: string;
  region: string;
  name: string;
  queue_id: number;
  fifo: number;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
  purged_at: number | null;
}

interface ParsedAttributes {
  attributes: AttributeMap;
  settings: QueueSettings;
}

const COLUMNS = 'account, region, name, queue_id, fifo, attributes, tags, created_at, modified_at, purged_at';
const PARSE_CACHE_LIMIT = 10_000;

export class QueueStore {
  private readonly parsed = new Map<string, ParsedAttributes>();
  private readonly stmts: {
    get: Statement<[string, string, string], QueueRow>;
    getById: Statement<[string, string, number], QueueRow>;
    nextId: Statement<[], { next: number }>;
    insert: Statement<[string, string, string, number, number, string, string, number, number, string | null]>;
    updateAttributes: Statement<[string, number, string | null, string, string, string]>;
    updateTags: Statement<[string, string, string, string]>;
    setPurged: Statement<[number, string, string, string]>;
    delete: Statement<[string, string, string]>;
    markDeleted: Statement<[string, string, string, number]>;
    deletedAt: Statement<[string, string, string], { deleted_at: number }>;
    list: Statement<[string, string, string, string, number], QueueRow>;
    dlqSources: Statement<[string, string, string, string, number], QueueRow>;
  };

  constructor(private readonly store: StateStore) {
    const db = store.db;
    this.stmts = {
      get: db.prepare(`SELECT ${COLUMNS} FROM sqs_queues WHERE account = ? AND region = ? AND name = ?`),
      getById: db.prepare(`SELECT ${COLUMNS} FROM sqs_queues WHERE account = ? AND region = ? AND queue_id = ?`),
      nextId: db.prepare('SELECT COALESCE(MAX(queue_id), 0) + 1 AS next FROM sqs_queues'),
      insert: db.prepare(
        `INSERT INTO sqs_queues (account, region, name, queue_id, fifo, attributes, tags, created_at, modified_at, dlq_target)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateAttributes: db.prepare(
        'UPDATE sqs_queues SET attributes = ?, modified_at = ?, dlq_target = ? WHERE account = ? AND region = ? AND name = ?',
      ),
      updateTags: db.prepare('UPDATE sqs_queues SET tags = ? WHERE account = ? AND region = ? AND name = ?'),
      setPurged: db.prepare('UPDATE sqs_queues SET purged_at = ? WHERE account = ? AND region = ? AND name = ?'),
      delete: db.prepare('DELETE FROM sqs_queues WHERE account = ? AND region = ? AND name = ?'),
      markDeleted: db.prepare(
        `INSERT INTO sqs_deleted_queues (account, region, name, deleted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account, region, name) DO UPDATE SET deleted_at = excluded.deleted_at`,
      ),
      deletedAt: db.prepare('SELECT deleted_at FROM sqs_deleted_queues WHERE account = ? AND region = ? AND name = ?'),
      list: db.prepare(
        `SELECT ${COLUMNS} FROM sqs_queues WHERE account = ? AND region = ? AND name >= ? AND name < ? AND name > ''
         ORDER BY name LIMIT +?`,
      ),
      dlqSources: db.prepare(
        `SELECT ${COLUMNS} FROM sqs_queues WHERE account = ? AND region = ? AND dlq_target = ? AND name > ?
         ORDER BY name LIMIT +?`,
      ),
    };
  }

  get(scope: Scope, name: string): Queue | undefined {
    const row = this.stmts.get.get(scope.account, scope.region, name);
    return row ? this.toQueue(row) : undefined;
  }

  getById(scope: Scope, id: number): Queue | undefined {
    const row = this.stmts.getById.get(scope.account, scope.region, id);
    return row ? this.toQueue(row) : undefined;
  }

  /** Inserts a queue; the caller holds the transaction that checked it did not exist. */
  insert(scope: Scope, name: string, fifo: boolean, attributes: AttributeMap, tags: Record<string, string>, now: number): Queue {
    const id = this.stmts.nextId.get()!.next;
    const json = JSON.stringify(attributes);
    this.stmts.insert.run(scope.account, scope.region, name, id, fifo ? 1 : 0, json, JSON.stringify(tags), now, now, dlqTarget(attributes));
    return this.get(scope, name)!;
  }

  updateAttributes(queue: Queue, attributes: AttributeMap, now: number): void {
    this.stmts.updateAttributes.run(JSON.stringify(attributes), now, dlqTarget(attributes), queue.account, queue.region, queue.name);
  }

  updateTags(queue: Queue, tags: Record<string, string>): void {
    this.stmts.updateTags.run(JSON.stringify(tags), queue.account, queue.region, queue.name);
  }

  setPurged(queue: Queue, now: number): void {
    this.stmts.setPurged.run(now, queue.account, queue.region, queue.name);
  }

  /** Removes the queue row and remembers when, for QueueDeletedRecently. Messages are removed by MessageStore. */
  delete(queue: Queue, now: number): void {
    this.stmts.delete.run(queue.account, queue.region, queue.name);
    this.stmts.markDeleted.run(queue.account, queue.region, queue.name, now);
  }

  deletedAt(scope: Scope, name: string): number | undefined {
    return this.stmts.deletedAt.get(scope.account, scope.region, name)?.deleted_at;
  }

  /** Queues whose name starts with prefix, after `after` (exclusive), in name order. */
  list(scope: Scope, prefix: string, after: string | undefined, limit: number): Queue[] {
    const from = after !== undefined && after >= prefix ? after + '\u0000' : prefix;
    const to = prefix === '' ? '\u{10FFFF}' : prefixEnd(prefix);
    return this.stmts.list.all(scope.account, scope.region, from, to, limit).map((row) => this.toQueue(row));
  }

  /** Every queue of every account and region (CloudWatch's AWS/SQS emitter, once a minute). */
  everyQueue(): Queue[] {
    return (this.store.statement(`SELECT ${COLUMNS} FROM sqs_queues`).all() as QueueRow[]).map((row) => this.toQueue(row));
  }

  /** Queues whose RedrivePolicy targets arn, after `after` (exclusive), in name order. */
  deadLetterSources(scope: Scope, arn: string, after: string, limit: number): Queue[] {
    return this.stmts.dlqSources.all(scope.account, scope.region, arn, after, limit).map((row) => this.toQueue(row));
  }

  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  private toQueue(row: QueueRow): Queue {
    let parsed = this.parsed.get(row.attributes);
    if (!parsed) {
      const attributes = JSON.parse(row.attributes) as AttributeMap;
      parsed = { attributes, settings: parseSettings(attributes) };
      if (this.parsed.size >= PARSE_CACHE_LIMIT) this.parsed.clear();
      this.parsed.set(row.attributes, parsed);
    }
    return {
      account: row.account,
      region: row.region,
      name: row.name,
      id: row.queue_id,
      fifo: row.fifo === 1,
      arn: buildQueueArn(row.region, row.account, row.name),
      attributes: parsed.attributes,
      settings: parsed.settings,
      tags: row.tags === '{}' ? {} : (JSON.parse(row.tags) as Record<string, string>),
      createdAt: row.created_at,
      modifiedAt: row.modified_at,
      purgedAt: row.purged_at ?? undefined,
    };
  }
}

function dlqTarget(attributes: AttributeMap): string | null {
  const policy = attributes['RedrivePolicy'];
  return policy === undefined ? null : (JSON.parse(policy) as { deadLetterTargetArn: string }).deadLetterTargetArn;
}

/** The smallest string greater than every string starting with prefix. */
function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}
