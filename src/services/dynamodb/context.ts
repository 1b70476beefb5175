// What the DynamoDB operations share: the repositories, the store's transaction, the clock, table lookup by name or
// ARN (with the compiled table cached per metadata row), and DynamoDB's common errors.
import { AwsError } from '../../core/aws-error.js';
import type { Clock } from '../../core/clock.js';
import type { Scope } from '../../core/request-context.js';
import type { StateStore } from '../../store/state-store.js';
import type { BackupStore } from './backup-store.js';
import type { LagLog } from './eventual-lag.js';
import { compileTable, type ItemStore, type TableRuntime } from './item-store.js';
import type { StreamStore, StreamViewType } from './stream-store.js';
import type { TableRecord, TableStore } from './table-store.js';
import type { TxTokenStore } from './tx-token-store.js';

export interface DynamoDeps {
  readonly store: StateStore;
  readonly tables: TableStore;
  readonly items: ItemStore;
  readonly streams: StreamStore;
  readonly backups: BackupStore;
  readonly clock: Clock;
  /** Present when KUMO_DYNAMODB_EVENTUAL_LAG_MS > 0: eventually consistent reads see the table this long ago. */
  readonly lag?: LagLog | undefined;
}

/** The shared context every DynamoDB operation gets: the repositories plus the transaction-token store. */
export interface DynamodbContext extends DynamoDeps {
  readonly tokens: TxTokenStore;
  /** In-process calls to other services (exports write to S3); absent in unit harnesses. */
  readonly invoke?: ((service: string, operation: string, scope: Scope, input: Record<string, unknown>) => Promise<unknown>) | undefined;
  /** Runs work once after `delayMs` of runtime-clock time (the runtime's tasks); absent in unit harnesses. */
  readonly schedule?: ((name: string, delayMs: number, run: () => Promise<void>) => void) | undefined;
}

export interface ResolvedTable {
  readonly record: TableRecord;
  readonly runtime: TableRuntime;
}

const runtimes = new WeakMap<TableRecord, TableRuntime>();

export function runtimeOf(record: TableRecord): TableRuntime {
  let r = runtimes.get(record);
  if (!r) {
    const ttl = record.meta.settings.ttl;
    const s = record.meta.settings;
    const stream = s.streamId !== undefined && s.streamSpecification?.StreamEnabled
      ? { id: s.streamId, viewType: s.streamSpecification.StreamViewType as StreamViewType, region: s.arn.split(':')[3]! }
      : undefined;
    r = compileTable(record.id, record.meta.schema, ttl?.enabled ? ttl.attributeName : undefined, stream, s.pointInTimeRecovery?.enabled === true);
    runtimes.set(record, r);
  }
  return r;
}

/** TableName members accept a name or a table ARN (arn:aws:dynamodb:region:account:table/name). */
export function tableNameOf(nameOrArn: string): string {
  const m = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}

export function resourceNotFound(message = 'Requested resource not found'): AwsError {
  return new AwsError('ResourceNotFoundException', message, { status: 400 });
}

export function tableNotFound(name: string): AwsError {
  // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_table_crud "delete-non-existent-table"
  return resourceNotFound(`Requested resource not found: Table: ${name} not found`);
}

/** Item operations answer a bare "Requested resource not found" (test_batch_write_not_existing_table). */
export function requireTable(deps: DynamoDeps, scope: Scope, nameOrArn: string): ResolvedTable {
  const record = deps.tables.get(scope, tableNameOf(nameOrArn));
  if (!record) throw resourceNotFound();
  return { record, runtime: runtimeOf(record) };
}

export function conditionalCheckFailed(item: object | undefined): AwsError {
  // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_return_values_on_conditions_check_failure
  // With the old item (ReturnValuesOnConditionCheckFailure=ALL_OLD) DynamoDB's body names the text `Message`, capital
  // M, beside `Item` (issue 26, from a fidelity run against AWS); without it, the usual lowercase `message`.
  if (item) return new AwsError('ConditionalCheckFailedException', '', { status: 400, fields: { Item: item, Message: 'The conditional request failed' } });
  return new AwsError('ConditionalCheckFailedException', 'The conditional request failed', { status: 400 });
}
