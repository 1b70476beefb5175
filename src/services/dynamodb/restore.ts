// Rebuilds a table from stored rows (a backup's copy, or the PITR history as of a time) into a new table: the
// source's key schema and indexes with the request's overrides, validated as CreateTable, rows written with their index rows.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type { RestoreTableFromBackupInput, SSESpecification, TableDescription } from '../../generated/dynamodb/api.js';
import type { StoredRow } from './backup-store.js';
import type { DynamoDeps } from './context.js';
import { decodeItem } from './item-codec.js';
import { compileTable } from './item-store.js';
import { describe, managedKmsKeyArn, tableArn } from './table-operations.js';
import { keySchemaElements } from './table-description.js';
import { validateCreateTable, validateTableName, type CreateTableParams, type IndexInput, type IndexSchema, type TableSchema } from './table-schema.js';
import type { TableMeta, TableRecord, TableSettings } from './table-store.js';

type Overrides = Omit<RestoreTableFromBackupInput, 'TargetTableName' | 'BackupArn'>;

function indexInput(i: IndexSchema, provisioned: boolean): IndexInput {
  const out: IndexInput = {
    IndexName: i.name,
    KeySchema: keySchemaElements(i.key),
    Projection: i.projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection.nonKey] } : { ProjectionType: i.projection.type },
  };
  if (provisioned && i.kind === 'GSI' && i.throughput) out.ProvisionedThroughput = { ReadCapacityUnits: i.throughput.read, WriteCapacityUnits: i.throughput.write };
  return out;
}

/** The CreateTable request the restored table amounts to: the source's schema with the overrides applied. */
export function restoredSchema(target: string, source: TableSchema, o: Overrides): TableSchema {
  const billing = o.BillingModeOverride ?? source.billingMode;
  const provisioned = billing === 'PROVISIONED';
  const gsis = o.GlobalSecondaryIndexOverride ?? source.indexes.filter((i) => i.kind === 'GSI').map((i) => indexInput(i, provisioned));
  const lsis = o.LocalSecondaryIndexOverride ?? source.indexes.filter((i) => i.kind === 'LSI').map((i) => indexInput(i, provisioned));
  const used = new Set<string>([source.key.hash.name, ...(source.key.range ? [source.key.range.name] : [])]);
  for (const i of [...gsis, ...lsis]) for (const k of i.KeySchema ?? []) if (k.AttributeName !== undefined) used.add(k.AttributeName);
  const params: CreateTableParams = {
    TableName: target,
    KeySchema: keySchemaElements(source.key),
    AttributeDefinitions: source.attributeDefinitions.filter((a) => used.has(a.AttributeName)).map((a) => ({ ...a })),
    BillingMode: billing,
  };
  if (gsis.length > 0) params.GlobalSecondaryIndexes = gsis;
  if (lsis.length > 0) params.LocalSecondaryIndexes = lsis;
  const throughput = o.ProvisionedThroughputOverride ?? (provisioned && source.throughput ? { ReadCapacityUnits: source.throughput.read, WriteCapacityUnits: source.throughput.write } : undefined);
  if (provisioned && throughput) params.ProvisionedThroughput = throughput;
  return validateCreateTable(params);
}

function sse(scope: Scope, source: TableSettings, override: SSESpecification | undefined): TableSettings['sseSpecification'] {
  if (override === undefined) return source.sseSpecification;
  if (!override.Enabled) return undefined;
  return { ...override, KMSMasterKeyId: override.KMSMasterKeyId ?? managedKmsKeyArn(scope) };
}

/**
 * Creates `target` with the rows; call inside the store's transaction. As on AWS, the restored table keeps the
 * source's keys, indexes, billing and encryption, but not its stream, TTL, tags, PITR or deletion protection.
 */
export function restoreTable(
  deps: DynamoDeps, scope: Scope, target: string, source: TableMeta, o: Overrides, rows: Iterable<StoredRow>,
  summary: { SourceBackupArn?: string; SourceTableArn?: string; RestoreDateTime: Date },
): TableDescription {
  validateTableName(target, 'targetTableName');
  if (deps.tables.get(scope, target)) throw new AwsError('TableAlreadyExistsException', `Table already exists: ${target}`, { status: 400 });
  const schema = restoredSchema(target, source.schema, o);
  const now = deps.clock.now();
  const settings: TableSettings = {
    arn: tableArn(scope, target),
    deletionProtection: false,
    tags: [],
    restore: { sourceBackupArn: summary.SourceBackupArn, sourceTableArn: summary.SourceTableArn, restoreDateTime: summary.RestoreDateTime.getTime() },
  };
  const encryption = sse(scope, source.settings, o.SSESpecificationOverride);
  if (encryption) settings.sseSpecification = encryption;
  if (source.settings.tableClass) settings.tableClass = source.settings.tableClass;
  const rec: TableRecord = { id: randomUUID(), name: target, status: 'ACTIVE', createdAt: now, meta: { schema, settings } };
  deps.tables.insert(scope, rec);
  const runtime = compileTable(rec.id, schema);
  for (const row of rows) deps.items.put(scope, runtime, { pk: row.pk, sk: row.sk }, decodeItem(row.item), undefined);
  // Restored rows are readable at once; the answer says CREATING with the restore in progress, as AWS's does.
  return describe(deps, scope, rec, 'CREATING', false);
}
