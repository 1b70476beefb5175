// Table control plane: CreateTable, DescribeTable, DeleteTable, ListTables and UpdateTable (billing, throughput,
// GSI create with backfill / delete, streams, SSE, class, deletion protection), each mutation one transaction.
import { createHash, randomUUID } from 'node:crypto';
import { AwsError, isAwsError, notImplemented, validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  CreateTableInput,
  CreateTableOutput,
  DeleteTableOutput,
  DescribeTableOutput,
  ListTablesInput,
  ListTablesOutput,
  UpdateTableInput,
  UpdateTableOutput,
  WarmThroughput,
} from '../../generated/dynamodb/api.js';
import { runtimeOf, tableNameOf, tableNotFound, type DynamoDeps } from './context.js';
import { compileTable, type Position, type StoredItem } from './item-store.js';
import { encodeItemKey, type KeySchema } from './keys.js';
import type { KeyType } from './key-encoding.js';
import { systemBackupOnDelete } from './backup-operations.js';
import { checkPolicyDocument } from './resource-policy-operations.js';
import { describeTable } from './table-description.js';
import { validateCreateTable, validateGlobalIndex, type IndexSchema, type TableSchema } from './table-schema.js';
import type { StreamViewType } from './stream-store.js';
import type { TableMeta, TableRecord, TableSettings } from './table-store.js';
import { baselineWarm, effectiveWarm, raiseWarm } from './warm-throughput.js';

const INVALID = 'One or more parameter values were invalid: ';

export function tableArn(scope: Scope, name: string): string {
  return `arn:aws:dynamodb:${scope.region}:${scope.account}:table/${name}`;
}

/** The AWS-managed DynamoDB KMS key of an account and region (stable, uuid-shaped). */
export function managedKmsKeyArn(scope: Scope): string {
  const h = createHash('sha256').update(`${scope.account}/${scope.region}/aws/dynamodb`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `arn:aws:kms:${scope.region}:${scope.account}:key/${id}`;
}

function streamLabel(at: number): string {
  return new Date(at).toISOString().replace(/Z$/, '');
}

function checkStreamSpecification(spec: CreateTableInput['StreamSpecification']): void {
  if (spec?.StreamEnabled && !spec.StreamViewType) {
    throw validationException(`${INVALID}Table is being created with a stream enabled, UpdateViewType is required`);
  }
  if (spec && !spec.StreamEnabled && spec.StreamViewType) {
    throw validationException(`${INVALID}Table is being created with a stream disabled, UpdateViewType should not be specified`);
  }
}

export function describe(deps: DynamoDeps, scope: Scope, rec: TableRecord, status: string, warm: boolean): CreateTableOutput['TableDescription'] & object {
  return describeTable(rec, {
    status,
    stats: deps.tables.stats(scope, rec.name),
    indexStats: deps.items.indexStats(scope, rec.id),
    warm,
  });
}

export function createTable(deps: DynamoDeps, scope: Scope, input: CreateTableInput): CreateTableOutput {
  const schema = validateCreateTable({ ...input, TableName: tableNameOf(input.TableName) });
  checkStreamSpecification(input.StreamSpecification);
  const now = deps.clock.now();
  const settings: TableSettings = {
    arn: tableArn(scope, schema.name),
    deletionProtection: input.DeletionProtectionEnabled ?? false,
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
  };
  if (input.StreamSpecification?.StreamEnabled) {
    settings.streamSpecification = { ...input.StreamSpecification };
    settings.latestStreamLabel = streamLabel(now);
  }
  if (input.SSESpecification?.Enabled) {
    settings.sseSpecification = { ...input.SSESpecification, KMSMasterKeyId: input.SSESpecification.KMSMasterKeyId ?? managedKmsKeyArn(scope) };
  }
  if (input.TableClass) settings.tableClass = input.TableClass;
  const onDemand = schema.billingMode === 'PAY_PER_REQUEST';
  if (input.WarmThroughput) settings.warmThroughput = raiseWarm(input.WarmThroughput, baselineWarm(onDemand, schema.throughput), 'table');
  for (const g of input.GlobalSecondaryIndexes ?? []) if (g.WarmThroughput) raiseIndexWarm(settings, schema, g.IndexName, g.WarmThroughput);
  if (input.OnDemandThroughput) settings.onDemandThroughput = { ...input.OnDemandThroughput };
  if (input.ResourcePolicy !== undefined) {
    checkPolicyDocument(input.ResourcePolicy);
    settings.resourcePolicies = { [settings.arn]: { policy: input.ResourcePolicy, revisionId: String(now) } };
  }
  const rec: TableRecord = { id: randomUUID(), name: schema.name, status: 'ACTIVE', createdAt: now, meta: { schema, settings } };
  deps.store.transaction(() => {
    if (deps.tables.get(scope, schema.name)) {
      // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_create_duplicate_table
      throw new AwsError('ResourceInUseException', `Table already exists: ${schema.name}`, { status: 400 });
    }
    if (settings.streamSpecification && settings.latestStreamLabel) {
      const viewType = settings.streamSpecification.StreamViewType as StreamViewType;
      settings.streamId = deps.streams.create(scope, { name: rec.name, id: rec.id, arn: settings.arn, key: schema.key }, settings.latestStreamLabel, viewType).id;
    }
    deps.tables.insert(scope, rec);
  });
  // Tables are usable at once; the answer still says CREATING, as AWS's does (test_table_crud "create-table").
  return { TableDescription: describe(deps, scope, rec, 'CREATING', false) };
}

export function requireTableRecord(deps: DynamoDeps, scope: Scope, nameOrArn: string): TableRecord {
  const name = tableNameOf(nameOrArn);
  const rec = deps.tables.get(scope, name);
  if (!rec) throw tableNotFound(name);
  return rec;
}

export function describeTableOp(deps: DynamoDeps, scope: Scope, name: string): DescribeTableOutput {
  const rec = requireTableRecord(deps, scope, name);
  return { Table: describe(deps, scope, rec, rec.status, true) };
}

export function deleteTable(deps: DynamoDeps, scope: Scope, name: string): DeleteTableOutput {
  return deps.store.transaction(() => {
    const rec = requireTableRecord(deps, scope, name);
    if (rec.meta.settings.deletionProtection) {
      throw validationException('Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
    }
    const full = describe(deps, scope, rec, 'DELETING', false);
    // With point-in-time recovery on, DynamoDB keeps a SYSTEM backup of the deleted table for 35 days, and the table
    // stays restorable by its ARN to any time in its window before deletion (developer guide, "Deleting a table
    // with PITR enabled"): kumo keeps the backup's copy and the item history.
    const pitr = rec.meta.settings.pointInTimeRecovery?.enabled === true;
    if (pitr) systemBackupOnDelete(deps, scope, rec);
    deps.items.dropTable(scope, rec.id, pitr);
    if (rec.meta.settings.streamId !== undefined) deps.streams.disable(rec.meta.settings.streamId);
    deps.tables.delete(scope, rec.name);
    // AWS's DeleteTable answer omits the schema members (test_table_crud "delete-table").
    const { AttributeDefinitions: _a, KeySchema: _k, CreationDateTime: _c, WarmThroughput: _w, ...rest } = full;
    return { TableDescription: rest };
  });
}

export function listTables(deps: DynamoDeps, scope: Scope, input: ListTablesInput): ListTablesOutput {
  const limit = input.Limit ?? 100;
  const names = deps.tables.list(scope, input.ExclusiveStartTableName, limit + 1);
  const page = names.slice(0, limit);
  const out: ListTablesOutput = { TableNames: page };
  if (names.length > limit) out.LastEvaluatedTableName = page[page.length - 1]!;
  return out;
}

export function updateTable(deps: DynamoDeps, scope: Scope, input: UpdateTableInput): UpdateTableOutput {
  if (input.ReplicaUpdates || input.GlobalTableWitnessUpdates || input.MultiRegionConsistency) {
    throw notImplemented('dynamodb', 'UpdateTable', 'global table replicas');
  }
  const changes = [input.ProvisionedThroughput, input.BillingMode, input.StreamSpecification, input.GlobalSecondaryIndexUpdates,
    input.SSESpecification, input.DeletionProtectionEnabled, input.OnDemandThroughput, input.WarmThroughput, input.TableClass];
  if (changes.every((c) => c === undefined)) {
    throw validationException(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required',
    );
  }
  return deps.store.transaction(() => {
    const rec = requireTableRecord(deps, scope, input.TableName);
    const schema: TableSchema = { ...rec.meta.schema };
    const settings: TableSettings = { ...rec.meta.settings };
    let next = { ...schema };
    if (input.BillingMode !== undefined || input.ProvisionedThroughput !== undefined) next = updateBilling(next, input);
    const created: IndexSchema[] = [];
    if (input.GlobalSecondaryIndexUpdates) {
      next = updateIndexes(deps, scope, rec, next, input, created);
    }
    if (input.StreamSpecification) {
      const spec = input.StreamSpecification;
      if (spec.StreamEnabled && !spec.StreamViewType) throw validationException(`${INVALID}If stream is being enabled then UpdateViewType is required`);
      if (!spec.StreamEnabled && spec.StreamViewType) throw validationException(`${INVALID}If stream is being disabled, then UpdateViewType must not be specified`);
      if (spec.StreamEnabled && settings.streamSpecification?.StreamEnabled) throw validationException(`Table already has an enabled stream: TableName: ${rec.name}`);
      if (!spec.StreamEnabled && !settings.streamSpecification?.StreamEnabled) throw validationException(`Table has no stream to disable: TableName: ${rec.name}`);
      if (input.StreamSpecification.StreamEnabled) {
        // A new stream gets a new label, so a new ARN; the old one stays readable until retention drops it.
        settings.streamSpecification = { ...input.StreamSpecification };
        settings.latestStreamLabel = streamLabel(deps.clock.now());
        const table = { name: rec.name, id: rec.id, arn: settings.arn, key: schema.key };
        settings.streamId = deps.streams.create(scope, table, settings.latestStreamLabel, spec.StreamViewType as StreamViewType).id;
      } else {
        settings.streamSpecification = undefined;
        if (settings.streamId !== undefined) deps.streams.disable(settings.streamId);
      }
    }
    if (input.SSESpecification) {
      settings.sseSpecification = input.SSESpecification.Enabled
        ? { ...input.SSESpecification, KMSMasterKeyId: input.SSESpecification.KMSMasterKeyId ?? managedKmsKeyArn(scope) }
        : undefined;
    }
    if (input.TableClass) settings.tableClass = input.TableClass;
    if (input.DeletionProtectionEnabled !== undefined) settings.deletionProtection = input.DeletionProtectionEnabled;
    const onDemand = next.billingMode === 'PAY_PER_REQUEST';
    if (input.WarmThroughput) {
      settings.warmThroughput = raiseWarm(input.WarmThroughput, effectiveWarm(settings.warmThroughput, baselineWarm(onDemand, next.throughput)), 'table');
    }
    for (const u of input.GlobalSecondaryIndexUpdates ?? []) {
      const action = u.Create ?? u.Update;
      if (action?.WarmThroughput) raiseIndexWarm(settings, next, action.IndexName, action.WarmThroughput);
      else if (u.Delete && settings.indexWarmThroughput?.[u.Delete.IndexName]) {
        const { [u.Delete.IndexName]: _gone, ...rest } = settings.indexWarmThroughput;
        settings.indexWarmThroughput = rest;
      }
    }
    if (input.OnDemandThroughput) settings.onDemandThroughput = { ...input.OnDemandThroughput };
    const meta: TableMeta = { schema: next, settings };
    deps.tables.update(scope, rec.name, rec.status, meta);
    const updated = deps.tables.get(scope, rec.name)!;
    for (const index of created) backfill(deps, scope, updated, index);
    return { TableDescription: describe(deps, scope, updated, 'UPDATING', false) };
  });
}

/** Stores a GSI's raised warm throughput, refused below what the index has now (its request, or its baseline). */
function raiseIndexWarm(settings: TableSettings, schema: TableSchema, indexName: string, requested: WarmThroughput): void {
  const index = schema.indexes.find((i) => i.name === indexName);
  const current = effectiveWarm(settings.indexWarmThroughput?.[indexName], baselineWarm(schema.billingMode === 'PAY_PER_REQUEST', index?.throughput));
  settings.indexWarmThroughput = { ...settings.indexWarmThroughput, [indexName]: raiseWarm(requested, current, `index ${indexName}`) };
}

function updateBilling(schema: TableSchema, input: UpdateTableInput): TableSchema {
  const mode = input.BillingMode ?? schema.billingMode;
  const t = input.ProvisionedThroughput;
  if (mode === 'PAY_PER_REQUEST' && t) {
    throw validationException(`${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
  }
  if (mode === 'PROVISIONED' && !t && schema.billingMode !== 'PROVISIONED') {
    throw validationException(`${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
  }
  const throughput = t ? { read: t.ReadCapacityUnits ?? 0, write: t.WriteCapacityUnits ?? 0 } : mode === 'PAY_PER_REQUEST' ? undefined : schema.throughput;
  if (t && schema.throughput && mode === schema.billingMode && throughput?.read === schema.throughput.read && throughput.write === schema.throughput.write) {
    const c = schema.throughput;
    throw validationException(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${c.read}. Requested ReadCapacityUnits: ${c.read}. Current WriteCapacityUnits provisioned for the table: ${c.write}. Requested WriteCapacityUnits: ${c.write}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  return { ...schema, billingMode: mode, throughput };
}

function updateIndexes(deps: DynamoDeps, scope: Scope, rec: TableRecord, schema: TableSchema, input: UpdateTableInput, created: IndexSchema[]): TableSchema {
  const types = new Map<string, KeyType>(schema.attributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]));
  for (const d of input.AttributeDefinitions ?? []) types.set(d.AttributeName, d.AttributeType);
  let indexes = [...schema.indexes];
  for (const u of input.GlobalSecondaryIndexUpdates ?? []) {
    if (u.Create) {
      const names = new Set(indexes.map((i) => i.name));
      if (names.has(u.Create.IndexName)) throw validationException('Attempting to create an index which already exists');
      const indexName = u.Create.IndexName;
      const requireDefined = (k: KeySchema): void => {
        for (const n of [k.hash.name, k.range?.name].filter((x): x is string => x !== undefined)) {
          if (!types.has(n)) throw validationException(`${INVALID}AttributeDefinitions is not specified for index: ${indexName}`);
        }
      };
      const index = validateGlobalIndex(u.Create, types, schema.billingMode, names, requireDefined, 'UpdateTable');
      if (indexes.filter((i) => i.kind === 'GSI').length >= 20) {
        throw new AwsError('LimitExceededException', 'Subscriber limit exceeded: The number of global secondary indexes exceeds the per-table limit of 20', { status: 400 });
      }
      indexes.push(index);
      created.push(index);
    } else if (u.Delete) {
      const name = u.Delete.IndexName;
      if (indexes.some((i) => i.kind === 'LSI' && i.name === name)) {
        throw validationException(`Cannot delete an index that is not a GlobalSecondaryIndex: ${name}`);
      }
      if (!indexes.some((i) => i.name === name)) {
        throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${name} not found`, { status: 400 });
      }
      indexes = indexes.filter((i) => i.name !== name);
      deps.items.dropIndex(scope, rec.id, name);
    } else if (u.Update) {
      const name = u.Update.IndexName;
      if (!indexes.some((i) => i.kind === 'GSI' && i.name === name)) {
        throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${name} not found`, { status: 400 });
      }
      const t = u.Update.ProvisionedThroughput;
      indexes = indexes.map((i) =>
        i.name === name && t ? { ...i, throughput: { read: t.ReadCapacityUnits ?? 0, write: t.WriteCapacityUnits ?? 0 } } : i,
      );
    }
  }
  const used = new Set<string>();
  for (const k of [schema.key, ...indexes.map((i) => i.key)]) {
    used.add(k.hash.name);
    if (k.range) used.add(k.range.name);
  }
  const attributeDefinitions = [...types].filter(([n]) => used.has(n)).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
  return { ...schema, indexes, attributeDefinitions };
}

/** Writes index rows for every existing item, a page at a time (no statement runs while a scan iterator is open). */
function backfill(deps: DynamoDeps, scope: Scope, rec: TableRecord, index: IndexSchema): void {
  const runtime = runtimeOf(rec);
  const single = { ...compileTable(rec.id, rec.meta.schema), indexes: runtime.indexes.filter((i) => i.schema.name === index.name) };
  let start: Position | undefined;
  for (;;) {
    const page: (StoredItem & { pos: Position })[] = [];
    for (const row of deps.items.scan(scope, runtime, undefined, 0, 1, start)) {
      page.push(row);
      if (page.length >= 500) break;
    }
    for (const row of page) {
      try {
        deps.items.putIndexRows(scope, single, encodeItemKey(rec.meta.schema.key, row.item), row.item);
      } catch (e) {
        // An item whose attribute has the wrong type for the new index key is left out of the index, as
        // DynamoDB's backfill does (it reports such items as index key violations instead of failing).
        if (!isAwsError(e)) throw e;
      }
    }
    if (page.length < 500) break;
    start = page[page.length - 1]!.pos;
  }
}
