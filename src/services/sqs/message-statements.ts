// Prepared statements of the message repository, one place for the SQL: every statement binds account, region and
// queue id, and each receive path names the index it relies on (visibility for Standard, group heads for FIFO).
import type { Database } from 'better-sqlite3';

export interface MessageRow {
  seq: number;
  message_id: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  md5_attributes: string | null;
  system_attributes: string | null;
  md5_system: string | null;
  sender_id: string;
  sent_at: number;
  visible_at: number;
  expires_at: number;
  receive_count: number;
  first_receive_at: number | null;
  group_id: string | null;
  dedup_id: string | null;
  dlq_source_arn: string | null;
}

export type Key = [string, string, number];
const ROW = `seq, message_id, body, md5_body, attributes, md5_attributes, system_attributes, md5_system, sender_id, sent_at,
  visible_at, expires_at, receive_count, first_receive_at, group_id, dedup_id, dlq_source_arn`;
const WHERE_QUEUE = 'account = ? AND region = ? AND queue_id = ?';

export function prepareMessageStatements(db: Database) {
  return {
    insert: db.prepare<[string, string, number, number, number, string, string, string, string | null, string | null, string | null, string | null, string, number, number, number, number, number | null, string | null, string | null, string | null]>(
      `INSERT INTO sqs_messages (account, region, queue_id, seq, fifo, message_id, body, md5_body, attributes, md5_attributes,
         system_attributes, md5_system, sender_id, sent_at, visible_at, expires_at, receive_count, first_receive_at, group_id,
         dedup_id, dlq_source_arn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    maxSeq: db.prepare<Key, { seq: number | null }>(`SELECT MAX(seq) AS seq FROM sqs_messages WHERE ${WHERE_QUEUE}`),
    visible: db.prepare<[...Key, number, number], MessageRow>(
      `SELECT ${ROW} FROM sqs_messages WHERE ${WHERE_QUEUE} AND visible_at <= ? ORDER BY visible_at, seq LIMIT +?`,
    ),
    get: db.prepare<[...Key, number], MessageRow>(`SELECT ${ROW} FROM sqs_messages WHERE ${WHERE_QUEUE} AND seq = ?`),
    markReceived: db.prepare<[number, number, ...Key, number]>(
      `UPDATE sqs_messages SET visible_at = ?, receive_count = receive_count + 1, first_receive_at = COALESCE(first_receive_at, ?)
       WHERE ${WHERE_QUEUE} AND seq = ?`,
    ),
    setVisibleAt: db.prepare<[number, ...Key, number]>(`UPDATE sqs_messages SET visible_at = ? WHERE ${WHERE_QUEUE} AND seq = ?`),
    deleteOne: db.prepare<[...Key, number]>(`DELETE FROM sqs_messages WHERE ${WHERE_QUEUE} AND seq = ?`),
    readyGroups: db.prepare<[...Key, number, number], { group_id: string }>(
      `SELECT group_id FROM sqs_fifo_groups WHERE ${WHERE_QUEUE} AND head_visible_at <= ? ORDER BY head_visible_at, head_seq LIMIT +?`,
    ),
    groupMessages: db.prepare<[...Key, string, number, number], MessageRow>(
      `SELECT ${ROW} FROM sqs_messages WHERE ${WHERE_QUEUE} AND fifo = 1 AND group_id = ? AND seq > ? ORDER BY seq LIMIT +?`,
    ),
    groupHead: db.prepare<[...Key, string], { seq: number; visible_at: number }>(
      `SELECT seq, visible_at FROM sqs_messages WHERE ${WHERE_QUEUE} AND fifo = 1 AND group_id = ? ORDER BY seq LIMIT 1`,
    ),
    addGroup: db.prepare<[...Key, string, number, number]>(
      `INSERT INTO sqs_fifo_groups (account, region, queue_id, group_id, head_seq, head_visible_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, region, queue_id, group_id) DO NOTHING`,
    ),
    setGroup: db.prepare<[number, number, ...Key, string]>(
      `UPDATE sqs_fifo_groups SET head_seq = ?, head_visible_at = ? WHERE ${WHERE_QUEUE} AND group_id = ?`,
    ),
    deleteGroup: db.prepare<[...Key, string]>(`DELETE FROM sqs_fifo_groups WHERE ${WHERE_QUEUE} AND group_id = ?`),
    dedupGet: db.prepare<[...Key, string, string], { message_id: string; seq: number; expires_at: number }>(
      `SELECT message_id, seq, expires_at FROM sqs_dedup WHERE ${WHERE_QUEUE} AND scope_key = ? AND dedup_id = ?`,
    ),
    dedupPut: db.prepare<[...Key, string, string, string, number, number]>(
      `INSERT INTO sqs_dedup (account, region, queue_id, scope_key, dedup_id, message_id, seq, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, region, queue_id, scope_key, dedup_id)
       DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq, expires_at = excluded.expires_at`,
    ),
    dedupSweep: db.prepare<[number]>('DELETE FROM sqs_dedup WHERE expires_at <= ?'),
    purgeMessages: db.prepare<Key>(`DELETE FROM sqs_messages WHERE ${WHERE_QUEUE}`),
    purgeGroups: db.prepare<Key>(`DELETE FROM sqs_fifo_groups WHERE ${WHERE_QUEUE}`),
    purgeDedup: db.prepare<Key>(`DELETE FROM sqs_dedup WHERE ${WHERE_QUEUE}`),
    hidden: db.prepare<[...Key, number], { inflight: number | null; delayed: number | null }>(
      `SELECT SUM(receive_count > 0) AS inflight, SUM(receive_count = 0) AS delayed
       FROM sqs_messages INDEXED BY sqs_messages_visible WHERE ${WHERE_QUEUE} AND visible_at > ?`,
    ),
    total: db.prepare<Key, { messages: number }>(`SELECT messages FROM sqs_queue_counts WHERE ${WHERE_QUEUE}`),
    bump: db.prepare<[...Key, number]>(
      `INSERT INTO sqs_queue_counts (account, region, queue_id, messages) VALUES (?, ?, ?, ?)
       ON CONFLICT (account, region, queue_id) DO UPDATE SET messages = messages + excluded.messages`,
    ),
    clearCount: db.prepare<Key>(`DELETE FROM sqs_queue_counts WHERE ${WHERE_QUEUE}`),
    nextVisibleStandard: db.prepare<[...Key, number], { at: number | null }>(
      `SELECT MIN(visible_at) AS at FROM sqs_messages WHERE ${WHERE_QUEUE} AND visible_at > ?`,
    ),
    nextVisibleFifo: db.prepare<[...Key, number], { at: number | null }>(
      `SELECT MIN(head_visible_at) AS at FROM sqs_fifo_groups WHERE ${WHERE_QUEUE} AND head_visible_at > ?`,
    ),
    oldest: db.prepare<[...Key, number], { seq: number; expires_at: number; group_id: string | null }>(
      `SELECT seq, expires_at, group_id FROM sqs_messages WHERE ${WHERE_QUEUE} ORDER BY seq LIMIT +?`,
    ),
    allQueues: db.prepare<[], { account: string; region: string; queue_id: number }>('SELECT account, region, queue_id FROM sqs_queues'),
    firstMessages: db.prepare<[...Key, number, number], MessageRow>(
      `SELECT ${ROW} FROM sqs_messages WHERE ${WHERE_QUEUE} AND seq > ? ORDER BY seq LIMIT +?`,
    ),
  };
}

export type MessageStatements = ReturnType<typeof prepareMessageStatements>;
