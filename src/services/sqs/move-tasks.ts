// Message move tasks (dead-letter redrive): Start/List/CancelMessageMoveTask. A task moves messages from a DLQ to a
// destination (or each message's original source) in ticks on the injected scheduler, at most N per second; state is in SQLite.
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sqs/api.js';
import { queueByArn, type SqsContext } from './context.js';
import { invalidParameter, invalidParameterValue, missingParameter, resourceNotFound } from './errors.js';
import type { Queue } from './queue-store.js';

const DEFAULT_RATE = 500;
const TICK_MS = 1000;

interface TaskRow {
  account: string;
  region: string;
  task_handle: string;
  source_arn: string;
  destination_arn: string | null;
  max_per_second: number | null;
  status: string;
  moved: number;
  to_move: number;
  failure_reason: string | null;
  started_at: number;
}

// test_sqs_move_task.snapshot.json: the messages each failure answers.
const SOURCE_MISSING = "The resource that you specified for the SourceArn parameter doesn't exist.";
const DESTINATION_MISSING = "The resource that you specified for the DestinationArn parameter doesn't exist.";

export class MoveTasks {
  private readonly timers = new Map<string, () => void>();
  private readonly s: {
    insert: Statement<[string, string, string, string, string | null, number | null, number, number]>;
    get: Statement<[string, string, string], TaskRow>;
    running: Statement<[string, string, string], TaskRow>;
    allRunning: Statement<[], TaskRow>;
    list: Statement<[string, string, string, number], TaskRow>;
    update: Statement<[string, number, string | null, string, string, string]>;
  };

  constructor(private readonly sqs: SqsContext) {
    const db = sqs.store.db;
    const cols = 'account, region, task_handle, source_arn, destination_arn, max_per_second, status, moved, to_move, failure_reason, started_at';
    this.s = {
      insert: db.prepare(
        `INSERT INTO sqs_move_tasks (account, region, task_handle, source_arn, destination_arn, max_per_second, status, moved, to_move, started_at)
         VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', 0, ?, ?)`,
      ),
      get: db.prepare(`SELECT ${cols} FROM sqs_move_tasks WHERE account = ? AND region = ? AND task_handle = ?`),
      running: db.prepare(`SELECT ${cols} FROM sqs_move_tasks WHERE account = ? AND region = ? AND source_arn = ? AND status = 'RUNNING'`),
      allRunning: db.prepare(`SELECT ${cols} FROM sqs_move_tasks WHERE status = 'RUNNING'`),
      list: db.prepare(`SELECT ${cols} FROM sqs_move_tasks WHERE account = ? AND region = ? AND source_arn = ? ORDER BY started_at DESC LIMIT +?`),
      update: db.prepare('UPDATE sqs_move_tasks SET status = ?, moved = ?, failure_reason = ? WHERE account = ? AND region = ? AND task_handle = ?'),
    };
  }

  startTask(_ctx: RequestContext, input: api.StartMessageMoveTaskRequest): api.StartMessageMoveTaskResult {
    if (!input.SourceArn) throw missingParameter('SourceArn');
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 500)) {
      throw invalidParameter('MaxNumberOfMessagesPerSecond', rate, 'Must be between 1 and 500.');
    }
    const handle = this.sqs.store.transaction(() => {
      const source = queueByArn(this.sqs, input.SourceArn);
      if (!source) throw resourceNotFound(SOURCE_MISSING);
      if (this.sqs.queues.deadLetterSources(source, source.arn, '', 1).length === 0) {
        throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
      }
      if (input.DestinationArn !== undefined && !queueByArn(this.sqs, input.DestinationArn)) throw resourceNotFound(DESTINATION_MISSING);
      if (this.s.running.get(source.account, source.region, source.arn)) {
        throw invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
      }
      const taskHandle = encodeTaskHandle(randomUUID(), source.arn);
      const toMove = this.sqs.messages.counts(source, this.sqs.clock.now());
      const total = toMove.visible + toMove.notVisible + toMove.delayed;
      this.s.insert.run(source.account, source.region, taskHandle, source.arn, input.DestinationArn ?? null, rate ?? null, total, this.sqs.clock.now());
      return taskHandle;
    });
    this.schedule(handle, 0);
    return { TaskHandle: handle };
  }

  cancelTask(_ctx: RequestContext, input: api.CancelMessageMoveTaskRequest): api.CancelMessageMoveTaskResult {
    const decoded = decodeTaskHandle(input.TaskHandle);
    // test_sqs_move_task.snapshot.json test_cancel_with_invalid_task_handle "error".
    if (!decoded) throw invalidParameterValue('Value for parameter TaskHandle is invalid.');
    return this.sqs.store.transaction(() => {
      const source = queueByArn(this.sqs, decoded.sourceArn);
      if (!source) throw resourceNotFound(SOURCE_MISSING);
      const task = this.s.get.get(source.account, source.region, input.TaskHandle);
      if (!task || task.status !== 'RUNNING') throw resourceNotFound('Task does not exist.');
      this.s.update.run('CANCELLED', task.moved, null, task.account, task.region, task.task_handle);
      this.timers.get(task.task_handle)?.();
      this.timers.delete(task.task_handle);
      return { ApproximateNumberOfMessagesMoved: task.moved };
    });
  }

  listTasks(_ctx: RequestContext, input: api.ListMessageMoveTasksRequest): api.ListMessageMoveTasksResult {
    const max = input.MaxResults ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10) throw invalidParameter('MaxResults', max, 'Must be between 1 and 10.');
    const source = queueByArn(this.sqs, input.SourceArn);
    if (!source) throw resourceNotFound(SOURCE_MISSING);
    const rows = this.s.list.all(source.account, source.region, source.arn, max);
    return { Results: rows.map(toResult) };
  }

  /** Resumes tasks left RUNNING by a previous process. */
  resume(): void {
    for (const task of this.s.allRunning.all()) this.schedule(task.task_handle, 0, task);
  }

  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private schedule(handle: string, delay: number, known?: TaskRow): void {
    const decoded = decodeTaskHandle(handle);
    if (!decoded) return;
    const cancel = this.sqs.scheduler.after(delay, () => {
      this.timers.delete(handle);
      if (this.tick(handle, decoded.sourceArn, known)) this.schedule(handle, TICK_MS);
    });
    this.timers.set(handle, cancel);
  }

  /** Moves one second's worth of messages; returns true while the task should keep running. */
  private tick(handle: string, sourceArn: string, known?: TaskRow): boolean {
    return this.sqs.store.transaction(() => {
      const source = queueByArn(this.sqs, sourceArn);
      const scope = source ?? known;
      if (!scope) return false;
      const task = this.s.get.get(scope.account, scope.region, handle);
      if (!task || task.status !== 'RUNNING') return false;
      const fail = (reason: string): boolean => {
        this.s.update.run('FAILED', task.moved, reason, task.account, task.region, handle);
        return false;
      };
      if (!source) return fail('AWS.SimpleQueueService.NonExistentQueue');
      const now = this.sqs.clock.now();
      const budget = Math.min(task.max_per_second ?? DEFAULT_RATE, task.to_move - task.moved);
      let moved = task.moved;
      const rows = budget > 0 ? this.sqs.messages.firstMessages(source, -1, budget) : [];
      const touched = new Set<number>();
      for (const row of rows) {
        const destinationArn = task.destination_arn ?? row.dlq_source_arn;
        const destination: Queue | undefined = destinationArn === null ? undefined : queueByArn(this.sqs, destinationArn);
        if (!destination) {
          this.s.update.run('FAILED', moved, 'AWS.SimpleQueueService.NonExistentQueue', task.account, task.region, handle);
          return false;
        }
        this.sqs.messages.removeForMove(source, row);
        this.sqs.messages.insertMoved(destination, row, null, now, true);
        touched.add(destination.id);
        moved++;
      }
      const done = rows.length < budget || moved >= task.to_move;
      this.s.update.run(done ? 'COMPLETED' : 'RUNNING', moved, null, task.account, task.region, handle);
      for (const id of touched) queueMicrotask(() => this.sqs.waiters.notify(id));
      return !done;
    });
  }
}

function toResult(row: TaskRow): api.ListMessageMoveTasksResultEntry {
  const out: api.ListMessageMoveTasksResultEntry = {
    Status: row.status,
    SourceArn: row.source_arn,
    ApproximateNumberOfMessagesMoved: row.moved,
    ApproximateNumberOfMessagesToMove: row.to_move,
    StartedTimestamp: row.started_at,
  };
  if (row.status === 'RUNNING') out.TaskHandle = row.task_handle;
  if (row.destination_arn !== null) out.DestinationArn = row.destination_arn;
  if (row.max_per_second !== null) out.MaxNumberOfMessagesPerSecond = row.max_per_second;
  if (row.failure_reason !== null) out.FailureReason = row.failure_reason;
  return out;
}

function encodeTaskHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn }), 'utf8').toString('base64');
}

function decodeTaskHandle(handle: string | undefined): { taskId: string; sourceArn: string } | undefined {
  if (!handle) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as { taskId?: unknown; sourceArn?: unknown };
    if (typeof parsed.taskId === 'string' && typeof parsed.sourceArn === 'string') return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
  } catch {
    // not a handle kumo issued
  }
  return undefined;
}
