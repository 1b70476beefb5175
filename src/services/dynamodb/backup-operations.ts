// On-demand backups and point-in-time restore: CreateBackup/DescribeBackup/ListBackups/DeleteBackup copy and keep
// a table's rows; RestoreTableFromBackup and RestoreTableToPointInTime rebuild them into a new table (restore.ts).
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  BackupDescription,
  BackupDetails,
  BackupSummary,
  CreateBackupInput,
  CreateBackupOutput,
  DeleteBackupOutput,
  DescribeBackupOutput,
  ListBackupsInput,
  ListBackupsOutput,
  RestoreTableFromBackupInput,
  RestoreTableFromBackupOutput,
  RestoreTableToPointInTimeInput,
  RestoreTableToPointInTimeOutput,
} from '../../generated/dynamodb/api.js';
import type { BackupRecord } from './backup-store.js';
import type { TableRecord } from './table-store.js';
import { tableNameOf, type DynamoDeps } from './context.js';
import { restoreTable } from './restore.js';
import { keySchemaElements } from './table-description.js';
import { pitrWindow } from './settings-operations.js';

function tableNotFound(name: string): AwsError {
  return new AwsError('TableNotFoundException', `Table not found: ${name}`, { status: 400 });
}

function backupNotFound(arn: string): AwsError {
  return new AwsError('BackupNotFoundException', `Backup not found: ${arn}`, { status: 400 });
}

/** arn:aws:dynamodb:<region>:<account>:table/<name>/backup/<14-digit ms>-<8 hex>, as AWS forms backup ARNs. */
function backupArn(tableArn: string, at: number): string {
  return `${tableArn}/backup/${String(at).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
}

/** How long a deleted table's SYSTEM backup is kept (developer guide: 35 days). */
export const SYSTEM_BACKUP_RETENTION_MS = 35 * 24 * 3_600_000;

function details(b: BackupRecord, status: BackupDetails['BackupStatus']): BackupDetails {
  const out: BackupDetails = {
    BackupArn: b.arn, BackupName: b.name, BackupSizeBytes: b.sizeBytes, BackupStatus: status, BackupType: b.meta.backupType ?? 'USER',
    BackupCreationDateTime: new Date(b.createdAt),
  };
  if (b.meta.backupType === 'SYSTEM') out.BackupExpiryDateTime = new Date(b.createdAt + SYSTEM_BACKUP_RETENTION_MS);
  return out;
}

/** DeleteTable of a PITR table: a SYSTEM backup named `<table>$DeletedTableBackup`; call in the deleting transaction. */
export function systemBackupOnDelete(deps: DynamoDeps, scope: Scope, rec: TableRecord): void {
  const now = deps.clock.now();
  const stats = deps.tables.stats(scope, rec.name);
  deps.backups.create(scope, {
    arn: backupArn(rec.meta.settings.arn, now), name: `${rec.name}$DeletedTableBackup`, tableName: rec.name, tableId: rec.id, createdAt: now,
    itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, meta: { ...rec.meta, tableCreatedAt: rec.createdAt, backupType: 'SYSTEM', deletedAt: now },
  });
}

/** SYSTEM backups past their 35 days go, with the item history that made their table restorable. */
export function expireSystemBackups(deps: DynamoDeps, scope: Scope): void {
  const now = deps.clock.now();
  for (const b of deps.backups.list(scope)) {
    if (b.meta.backupType !== 'SYSTEM' || b.createdAt + SYSTEM_BACKUP_RETENTION_MS > now) continue;
    deps.store.transaction(() => {
      deps.backups.delete(scope, b.arn);
      deps.backups.dropHistory(scope, b.tableId);
    });
  }
}

function description(b: BackupRecord, status: BackupDetails['BackupStatus']): BackupDescription {
  const { schema, settings } = b.meta;
  const onDemand = schema.billingMode === 'PAY_PER_REQUEST';
  const out: BackupDescription = {
    BackupDetails: details(b, status),
    SourceTableDetails: {
      TableName: b.tableName, TableId: b.tableId, TableArn: settings.arn, TableSizeBytes: b.sizeBytes,
      KeySchema: keySchemaElements(schema.key), TableCreationDateTime: new Date(b.meta.tableCreatedAt),
      ProvisionedThroughput: { ReadCapacityUnits: schema.throughput?.read ?? 0, WriteCapacityUnits: schema.throughput?.write ?? 0 },
      ItemCount: b.itemCount, BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    },
    SourceTableFeatureDetails: {},
  };
  const features = out.SourceTableFeatureDetails!;
  const lsis = schema.indexes.filter((i) => i.kind === 'LSI');
  const gsis = schema.indexes.filter((i) => i.kind === 'GSI');
  const projection = (i: (typeof schema.indexes)[number]): { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } =>
    i.projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection.nonKey] } : { ProjectionType: i.projection.type };
  if (lsis.length > 0) features.LocalSecondaryIndexes = lsis.map((i) => ({ IndexName: i.name, KeySchema: keySchemaElements(i.key), Projection: projection(i) }));
  if (gsis.length > 0) {
    features.GlobalSecondaryIndexes = gsis.map((i) => ({
      IndexName: i.name, KeySchema: keySchemaElements(i.key), Projection: projection(i),
      ProvisionedThroughput: { ReadCapacityUnits: i.throughput?.read ?? 0, WriteCapacityUnits: i.throughput?.write ?? 0 },
    }));
  }
  if (settings.streamSpecification?.StreamEnabled) features.StreamDescription = { ...settings.streamSpecification };
  if (settings.ttl?.enabled) features.TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED', AttributeName: settings.ttl.attributeName };
  if (settings.sseSpecification?.Enabled) features.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: settings.sseSpecification.KMSMasterKeyId ?? '' };
  return out;
}

export function createBackup(deps: DynamoDeps, scope: Scope, input: CreateBackupInput): CreateBackupOutput {
  const name = tableNameOf(input.TableName);
  return deps.store.transaction(() => {
    const rec = deps.tables.get(scope, name);
    if (!rec) throw tableNotFound(name);
    const now = deps.clock.now();
    const stats = deps.tables.stats(scope, rec.name);
    const b: BackupRecord = {
      arn: backupArn(rec.meta.settings.arn, now), name: input.BackupName, tableName: rec.name, tableId: rec.id, createdAt: now,
      itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, meta: { ...rec.meta, tableCreatedAt: rec.createdAt },
    };
    deps.backups.create(scope, b);
    // The copy is complete when the call returns; the answer says CREATING as AWS's does, later reads AVAILABLE.
    return { BackupDetails: details(b, 'CREATING') };
  });
}

function requireBackup(deps: DynamoDeps, scope: Scope, arn: string): BackupRecord {
  const b = deps.backups.get(scope, arn);
  if (!b) throw backupNotFound(arn);
  return b;
}

export function describeBackup(deps: DynamoDeps, scope: Scope, arn: string): DescribeBackupOutput {
  return { BackupDescription: description(requireBackup(deps, scope, arn), 'AVAILABLE') };
}

export function deleteBackup(deps: DynamoDeps, scope: Scope, arn: string): DeleteBackupOutput {
  return deps.store.transaction(() => {
    const b = requireBackup(deps, scope, arn);
    deps.backups.delete(scope, arn);
    return { BackupDescription: description(b, 'DELETED') };
  });
}

export function listBackups(deps: DynamoDeps, scope: Scope, input: ListBackupsInput): ListBackupsOutput {
  // USER is the default filter; SYSTEM backups are deleted tables' (PITR); kumo makes no AWS_BACKUP backups.
  const type = input.BackupType ?? 'USER';
  if (type === 'AWS_BACKUP') return { BackupSummaries: [] };
  const table = input.TableName === undefined ? undefined : tableNameOf(input.TableName);
  const lower = input.TimeRangeLowerBound?.getTime();
  const upper = input.TimeRangeUpperBound?.getTime();
  let all = deps.backups.list(scope).filter((b) => (type === 'ALL' || (b.meta.backupType ?? 'USER') === type) &&
    (table === undefined || b.tableName === table) && (lower === undefined || b.createdAt >= lower) && (upper === undefined || b.createdAt < upper));
  if (input.ExclusiveStartBackupArn !== undefined) {
    const at = all.findIndex((b) => b.arn === input.ExclusiveStartBackupArn);
    all = at < 0 ? all : all.slice(at + 1);
  }
  const limit = input.Limit ?? 100;
  const page = all.slice(0, limit);
  const summaries: BackupSummary[] = page.map((b) => ({
    TableName: b.tableName, TableId: b.tableId, TableArn: b.meta.settings.arn, BackupArn: b.arn, BackupName: b.name,
    BackupCreationDateTime: new Date(b.createdAt), BackupStatus: 'AVAILABLE', BackupType: b.meta.backupType ?? 'USER', BackupSizeBytes: b.sizeBytes,
    ...(b.meta.backupType === 'SYSTEM' ? { BackupExpiryDateTime: new Date(b.createdAt + SYSTEM_BACKUP_RETENTION_MS) } : {}),
  }));
  const out: ListBackupsOutput = { BackupSummaries: summaries };
  if (all.length > limit) out.LastEvaluatedBackupArn = page[page.length - 1]!.arn;
  return out;
}

export function restoreTableFromBackup(deps: DynamoDeps, scope: Scope, input: RestoreTableFromBackupInput): RestoreTableFromBackupOutput {
  return deps.store.transaction(() => {
    const b = requireBackup(deps, scope, input.BackupArn);
    const description = restoreTable(deps, scope, input.TargetTableName, b.meta, input, deps.backups.backupItems(b.arn), {
      SourceBackupArn: b.arn, SourceTableArn: b.meta.settings.arn, RestoreDateTime: new Date(b.createdAt),
    });
    return { TableDescription: description };
  });
}

function deletedTableBackup(deps: DynamoDeps, scope: Scope, tableArn: string): BackupRecord | undefined {
  const now = deps.clock.now();
  return deps.backups.list(scope).filter((b) => b.meta.backupType === 'SYSTEM' && b.meta.settings.arn === tableArn && b.createdAt + SYSTEM_BACKUP_RETENTION_MS > now).at(-1);
}

export function restoreTableToPointInTime(deps: DynamoDeps, scope: Scope, input: RestoreTableToPointInTimeInput): RestoreTableToPointInTimeOutput {
  const source = input.SourceTableName ?? (input.SourceTableArn === undefined ? undefined : tableNameOf(input.SourceTableArn));
  if (source === undefined) {
    throw new AwsError('ValidationException', 'Either source table name or source table arn must be specified', { status: 400 });
  }
  return deps.store.transaction(() => {
    const live = deps.tables.get(scope, source);
    // A deleted PITR table is found by its ARN through its SYSTEM backup, restorable up to its deletion.
    const deleted = !live && input.SourceTableArn !== undefined ? deletedTableBackup(deps, scope, input.SourceTableArn) : undefined;
    const rec = live ?? (deleted ? { id: deleted.tableId, name: deleted.tableName, meta: deleted.meta } : undefined);
    if (!rec) throw tableNotFound(source);
    const pitr = rec.meta.settings.pointInTimeRecovery;
    if (!pitr?.enabled) {
      throw new AwsError('PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${rec.name}'`, { status: 400 });
    }
    const window = pitrWindow(deleted?.meta.deletedAt ?? deps.clock.now(), pitr);
    const asked = input.UseLatestRestorableTime === true ? window.latest : input.RestoreDateTime?.getTime() ?? window.latest;
    // Restores are to the second (some SDKs send whole epoch seconds): a time read from DescribeContinuousBackups
    // may come back up to a second early, so the bounds allow for that and the time is clamped into the window.
    if (asked <= window.earliest - 1000 || asked >= window.latest + 1000) {
      throw new AwsError('InvalidRestoreTimeException', `Invalid restore time specified. RestoreDateTime must be between ${new Date(window.earliest).toISOString()} and ${new Date(window.latest).toISOString()}`, { status: 400 });
    }
    const at = Math.min(Math.max(asked, window.earliest), window.latest);
    const rows = deps.backups.itemsAsOf(scope, rec.id, at);
    const description = restoreTable(deps, scope, input.TargetTableName, rec.meta, input, rows, {
      SourceTableArn: rec.meta.settings.arn, RestoreDateTime: new Date(at),
    });
    return { TableDescription: description };
  });
}
