// Table settings kept in metadata: tags (TagResource, UntagResource, ListTagsOfResource), time to live, continuous
// backups (point-in-time recovery), contributor insights status, and DescribeLimits / DescribeEndpoints.
import { AwsError, validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  DescribeContinuousBackupsOutput,
  DescribeContributorInsightsInput,
  DescribeContributorInsightsOutput,
  DescribeEndpointsResponse,
  DescribeLimitsOutput,
  DescribeTimeToLiveOutput,
  ListTagsOfResourceInput,
  ListTagsOfResourceOutput,
  TagResourceInput,
  UntagResourceInput,
  UpdateContinuousBackupsInput,
  UpdateContinuousBackupsOutput,
  UpdateTimeToLiveInput,
  UpdateTimeToLiveOutput,
} from '../../generated/dynamodb/api.js';
import { tableNameOf, type DynamoDeps } from './context.js';
import { expireSystemBackups } from './backup-operations.js';
import { requireTableRecord } from './table-operations.js';
import { backfillExpiries } from './ttl-sweeper.js';
import type { TableRecord, TableSettings } from './table-store.js';

const MAX_TAGS = 50;

function recordByArn(deps: DynamoDeps, scope: Scope, arn: string): TableRecord {
  const rec = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+$/.test(arn) ? deps.tables.get(scope, tableNameOf(arn)) : undefined;
  // AWS spells it "ResourcArn" in this message.
  if (!rec) throw new AwsError('ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arn} not found`, { status: 400 });
  return rec;
}

function saveSettings(deps: DynamoDeps, scope: Scope, rec: TableRecord, settings: TableSettings): void {
  deps.tables.update(scope, rec.name, rec.status, { schema: rec.meta.schema, settings });
}

export function tagResource(deps: DynamoDeps, scope: Scope, input: TagResourceInput): void {
  deps.store.transaction(() => {
    const rec = recordByArn(deps, scope, input.ResourceArn);
    const tags = new Map(rec.meta.settings.tags.map((t) => [t.Key, t.Value]));
    for (const t of input.Tags) tags.set(t.Key, t.Value);
    if (tags.size > MAX_TAGS) throw validationException('Number of Tags exceed the current limit for the provided ResourceArn');
    saveSettings(deps, scope, rec, { ...rec.meta.settings, tags: [...tags].map(([Key, Value]) => ({ Key, Value })) });
  });
}

export function untagResource(deps: DynamoDeps, scope: Scope, input: UntagResourceInput): void {
  deps.store.transaction(() => {
    const rec = recordByArn(deps, scope, input.ResourceArn);
    const drop = new Set(input.TagKeys);
    saveSettings(deps, scope, rec, { ...rec.meta.settings, tags: rec.meta.settings.tags.filter((t) => !drop.has(t.Key)) });
  });
}

export function listTagsOfResource(deps: DynamoDeps, scope: Scope, input: ListTagsOfResourceInput): ListTagsOfResourceOutput {
  const rec = recordByArn(deps, scope, input.ResourceArn);
  return { Tags: rec.meta.settings.tags.map((t) => ({ ...t })) };
}

export function updateTimeToLive(deps: DynamoDeps, scope: Scope, input: UpdateTimeToLiveInput): UpdateTimeToLiveOutput {
  return deps.store.transaction(() => {
    const rec = requireTableRecord(deps, scope, input.TableName);
    const spec = input.TimeToLiveSpecification;
    const current = rec.meta.settings.ttl;
    // Texts: ack-api-quirks DDB-TABLE-442 message catalogue (captured from AWS).
    if (current?.enabled && current.attributeName !== spec.AttributeName) {
      throw validationException(`TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`);
    }
    if (spec.Enabled && current?.enabled) throw validationException('TimeToLive is already enabled');
    if (!spec.Enabled && !current?.enabled) throw validationException('TimeToLive is already disabled');
    saveSettings(deps, scope, rec, { ...rec.meta.settings, ttl: { attributeName: spec.AttributeName, enabled: spec.Enabled } });
    if (spec.Enabled) backfillExpiries(deps, scope, deps.tables.get(scope, rec.name)!);
    else deps.items.dropExpiries(scope, rec.id);
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  });
}

export function describeTimeToLive(deps: DynamoDeps, scope: Scope, tableName: string): DescribeTimeToLiveOutput {
  const ttl = requireTableRecord(deps, scope, tableName).meta.settings.ttl;
  if (!ttl?.enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } };
}

function tableNotFoundForBackups(name: string): AwsError {
  return new AwsError('TableNotFoundException', `Table not found: ${name}`, { status: 400 });
}

const DAY_MS = 86_400_000;
/** AWS's default and maximum recovery period. */
const DEFAULT_RECOVERY_DAYS = 35;

type Pitr = NonNullable<TableSettings['pointInTimeRecovery']>;

/**
 * The restorable window: from PITR's enabling (or the recovery period back from now, whichever is later) to now.
 * AWS's LatestRestorableDateTime trails the present by about five minutes; kumo's is the present, so a restore
 * to the latest time includes every acknowledged write.
 */
export function pitrWindow(now: number, pitr: Pitr): { earliest: number; latest: number } {
  const days = pitr.recoveryPeriodInDays ?? DEFAULT_RECOVERY_DAYS;
  return { earliest: Math.max(pitr.enabledAt, now - days * DAY_MS), latest: now };
}

function backupsDescription(deps: DynamoDeps, settings: TableSettings): DescribeContinuousBackupsOutput {
  const pitr = settings.pointInTimeRecovery;
  if (!pitr?.enabled) {
    return { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } };
  }
  const window = pitrWindow(deps.clock.now(), pitr);
  // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_continuous_backup_update
  return {
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: 'ENABLED',
        RecoveryPeriodInDays: pitr.recoveryPeriodInDays ?? DEFAULT_RECOVERY_DAYS,
        EarliestRestorableDateTime: new Date(window.earliest),
        LatestRestorableDateTime: new Date(window.latest),
      },
    },
  };
}

export function describeContinuousBackups(deps: DynamoDeps, scope: Scope, tableName: string): DescribeContinuousBackupsOutput {
  const rec = deps.tables.get(scope, tableNameOf(tableName));
  if (!rec) throw tableNotFoundForBackups(tableNameOf(tableName));
  return backupsDescription(deps, rec.meta.settings);
}

/**
 * Enabling PITR starts the item history from the table as it is; disabling forgets it (AWS: "If you disable
 * point-in-time recovery and later re-enable it on a table, you reset the start time for which you can recover").
 */
export function updateContinuousBackups(deps: DynamoDeps, scope: Scope, input: UpdateContinuousBackupsInput): UpdateContinuousBackupsOutput {
  return deps.store.transaction(() => {
    const rec = deps.tables.get(scope, tableNameOf(input.TableName));
    if (!rec) throw tableNotFoundForBackups(tableNameOf(input.TableName));
    const spec = input.PointInTimeRecoverySpecification;
    const current = rec.meta.settings.pointInTimeRecovery;
    const now = deps.clock.now();
    let pitr: Pitr | undefined;
    if (spec.PointInTimeRecoveryEnabled) {
      pitr = { enabled: true, enabledAt: current?.enabled ? current.enabledAt : now, recoveryPeriodInDays: spec.RecoveryPeriodInDays ?? current?.recoveryPeriodInDays };
      if (!current?.enabled) deps.backups.startHistory(scope, rec.id, now);
    } else if (current?.enabled) {
      deps.backups.dropHistory(scope, rec.id);
    }
    const settings: TableSettings = { ...rec.meta.settings, pointInTimeRecovery: pitr };
    saveSettings(deps, scope, rec, settings);
    return backupsDescription(deps, settings);
  });
}

/** Forgets item versions that fell out of every PITR table's recovery window (runs on the runtime clock). */
export function trimPointInTimeHistory(deps: DynamoDeps): void {
  const now = deps.clock.now();
  const scopes = new Map(deps.tables.allTables().map((t) => [`${t.scope.account}/${t.scope.region}`, t.scope]));
  for (const s of deps.store.db.prepare<[], { account: string; region: string }>('SELECT DISTINCT account, region FROM dynamodb_backups').all()) {
    scopes.set(`${s.account}/${s.region}`, { account: s.account, region: s.region });
  }
  for (const scope of scopes.values()) expireSystemBackups(deps, scope);
  for (const { scope, name } of deps.tables.allTables()) {
    const rec = deps.tables.get(scope, name);
    const pitr = rec?.meta.settings.pointInTimeRecovery;
    if (!rec || !pitr?.enabled) continue;
    const { earliest } = pitrWindow(now, pitr);
    deps.store.transaction(() => deps.backups.trimHistory(scope, rec.id, earliest));
  }
}

/** Contributor Insights is never enabled in kumo (UpdateContributorInsights is not implemented), so it reports DISABLED. */
export function describeContributorInsights(deps: DynamoDeps, scope: Scope, input: DescribeContributorInsightsInput): DescribeContributorInsightsOutput {
  const rec = requireTableRecord(deps, scope, input.TableName);
  // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_dynamodb_describe_contributor_insights
  const out: DescribeContributorInsightsOutput = { TableName: rec.name, ContributorInsightsStatus: 'DISABLED' };
  if (input.IndexName !== undefined) {
    if (!rec.meta.schema.indexes.some((i) => i.name === input.IndexName)) {
      throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${input.IndexName} not found`, { status: 400 });
    }
    out.IndexName = input.IndexName;
  }
  return out;
}

export function describeLimits(): DescribeLimitsOutput {
  return { AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 };
}

export function describeEndpoints(scope: Scope): DescribeEndpointsResponse {
  return { Endpoints: [{ Address: `dynamodb.${scope.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
