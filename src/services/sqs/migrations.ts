// SQS schema, versioned through StateStore.migrate('sqs', …): queues, messages, FIFO group heads, dedup entries and
// move tasks. Every time is an absolute epoch-ms value, so visibility, delays and retention keep counting across restarts.

export const SQS_COMPONENT = 'sqs';

export const SQS_TABLES = ['sqs_queues', 'sqs_deleted_queues', 'sqs_queue_counts', 'sqs_messages', 'sqs_fifo_groups', 'sqs_dedup', 'sqs_move_tasks'] as const;

export const SQS_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sqs_queues (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id INTEGER NOT NULL UNIQUE,
    fifo INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    purged_at INTEGER,
    dlq_target TEXT,
    PRIMARY KEY (account, region, name)
  ) STRICT;
  CREATE INDEX sqs_queues_dlq ON sqs_queues (account, region, dlq_target) WHERE dlq_target IS NOT NULL;

  CREATE TABLE sqs_deleted_queues (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    deleted_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, name)
  ) STRICT;

  -- Messages per queue, kept with every insert and delete, so queue depth is O(1) to read.
  CREATE TABLE sqs_queue_counts (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    queue_id INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    PRIMARY KEY (account, region, queue_id)
  ) STRICT;

  -- One row per message. Standard queues receive through sqs_messages_visible (visible_at, seq); FIFO queues through
  -- sqs_fifo_groups (one row per group, keyed by its head's visibility) and sqs_messages_group (seq within a group).
  -- sqs_messages_visible also carries receive_count, so counting hidden (in flight / delayed) messages reads only it.
  CREATE TABLE sqs_messages (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    queue_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    fifo INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    md5_body TEXT NOT NULL,
    attributes TEXT,
    md5_attributes TEXT,
    system_attributes TEXT,
    md5_system TEXT,
    sender_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL,
    first_receive_at INTEGER,
    group_id TEXT,
    dedup_id TEXT,
    dlq_source_arn TEXT,
    PRIMARY KEY (account, region, queue_id, seq)
  ) STRICT;
  CREATE INDEX sqs_messages_visible ON sqs_messages (account, region, queue_id, visible_at, seq, receive_count);
  CREATE INDEX sqs_messages_group ON sqs_messages (account, region, queue_id, group_id, seq) WHERE fifo = 1;

  CREATE TABLE sqs_fifo_groups (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    queue_id INTEGER NOT NULL,
    group_id TEXT NOT NULL,
    head_seq INTEGER NOT NULL,
    head_visible_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, queue_id, group_id)
  ) STRICT;
  CREATE INDEX sqs_fifo_groups_ready ON sqs_fifo_groups (account, region, queue_id, head_visible_at, head_seq);

  CREATE TABLE sqs_dedup (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    queue_id INTEGER NOT NULL,
    scope_key TEXT NOT NULL,
    dedup_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, queue_id, scope_key, dedup_id)
  ) STRICT;
  CREATE INDEX sqs_dedup_expiry ON sqs_dedup (expires_at);

  CREATE TABLE sqs_move_tasks (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    task_handle TEXT NOT NULL,
    source_arn TEXT NOT NULL,
    destination_arn TEXT,
    max_per_second INTEGER,
    status TEXT NOT NULL,
    moved INTEGER NOT NULL,
    to_move INTEGER NOT NULL,
    failure_reason TEXT,
    started_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, task_handle)
  ) STRICT;
  CREATE INDEX sqs_move_tasks_source ON sqs_move_tasks (account, region, source_arn, started_at);
  `,
];
