// Builds DynamoDB's TableDescription from stored metadata and live counters, in the shape recorded from AWS
// (aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_table_crud, test_gsi_with_billing_mode).
import type {
  GlobalSecondaryIndexDescription,
  KeySchemaElement,
  LocalSecondaryIndexDescription,
  ProvisionedThroughputDescription,
  TableDescription,
} from '../../generated/dynamodb/api.js';
import { hashAttributes, rangeAttributes, type KeySchema } from './keys.js';
import type { IndexSchema, Throughput } from './table-schema.js';
import type { TableRecord } from './table-store.js';
import { baselineWarm, effectiveWarm } from './warm-throughput.js';


export function keySchemaElements(k: KeySchema): KeySchemaElement[] {
  return [
    ...hashAttributes(k).map((a): KeySchemaElement => ({ AttributeName: a.name, KeyType: 'HASH' })),
    ...rangeAttributes(k).map((a): KeySchemaElement => ({ AttributeName: a.name, KeyType: 'RANGE' })),
  ];
}

function throughputDescription(t: Throughput | undefined): ProvisionedThroughputDescription {
  return { NumberOfDecreasesToday: 0, ReadCapacityUnits: t?.read ?? 0, WriteCapacityUnits: t?.write ?? 0 };
}

function projection(i: IndexSchema): { ProjectionType: IndexSchema['projection']['type']; NonKeyAttributes?: string[] } {
  return i.projection.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection.nonKey] }
    : { ProjectionType: i.projection.type };
}

export interface DescribeOptions {
  status: string;
  stats: { itemCount: number; sizeBytes: number };
  indexStats: Map<string, { itemCount: number; sizeBytes: number }>;
  /** DescribeTable adds WarmThroughput; CreateTable's answer does not carry it (test_table_crud). */
  warm: boolean;
}

export function describeTable(rec: TableRecord, o: DescribeOptions): TableDescription {
  const { schema, settings } = rec.meta;
  const onDemand = schema.billingMode === 'PAY_PER_REQUEST';
  const d: TableDescription = {
    AttributeDefinitions: schema.attributeDefinitions.map((a) => ({ ...a })),
    TableName: rec.name,
    KeySchema: keySchemaElements(schema.key),
    TableStatus: o.status as TableDescription['TableStatus'] & string,
    CreationDateTime: new Date(rec.createdAt),
    ProvisionedThroughput: throughputDescription(schema.throughput),
    TableSizeBytes: o.stats.sizeBytes,
    ItemCount: o.stats.itemCount,
    TableArn: settings.arn,
    TableId: rec.id,
    DeletionProtectionEnabled: settings.deletionProtection,
  };
  if (onDemand) d.BillingModeSummary = { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: new Date(rec.createdAt) };
  const lsis: LocalSecondaryIndexDescription[] = [];
  const gsis: GlobalSecondaryIndexDescription[] = [];
  for (const i of schema.indexes) {
    const s = o.indexStats.get(i.name) ?? { itemCount: 0, sizeBytes: 0 };
    const base = {
      IndexName: i.name,
      KeySchema: keySchemaElements(i.key),
      Projection: projection(i),
      IndexSizeBytes: s.sizeBytes,
      ItemCount: s.itemCount,
      IndexArn: `${settings.arn}/index/${i.name}`,
    };
    if (i.kind === 'LSI') lsis.push(base);
    else {
      const g: GlobalSecondaryIndexDescription = { ...base, IndexStatus: 'ACTIVE', ProvisionedThroughput: throughputDescription(i.throughput) };
      const requested = settings.indexWarmThroughput?.[i.name];
      if (o.warm || requested) {
        const w = effectiveWarm(requested, baselineWarm(onDemand, i.throughput));
        g.WarmThroughput = { ReadUnitsPerSecond: w.read, WriteUnitsPerSecond: w.write, Status: o.warm ? 'ACTIVE' : 'UPDATING' };
      }
      gsis.push(g);
    }
  }
  if (lsis.length > 0) d.LocalSecondaryIndexes = lsis;
  if (gsis.length > 0) d.GlobalSecondaryIndexes = gsis;
  if (settings.streamSpecification?.StreamEnabled) d.StreamSpecification = { ...settings.streamSpecification };
  // The latest stream stays named after it is disabled (DescribeTable keeps LatestStreamArn; the stream is DISABLED).
  if (settings.latestStreamLabel) {
    d.LatestStreamLabel = settings.latestStreamLabel;
    d.LatestStreamArn = `${settings.arn}/stream/${settings.latestStreamLabel}`;
  }
  if (settings.sseSpecification?.Enabled) {
    const region = settings.arn.split(':')[3] ?? 'us-east-1';
    const account = settings.arn.split(':')[4] ?? '000000000000';
    d.SSEDescription = {
      Status: 'ENABLED',
      SSEType: 'KMS',
      KMSMasterKeyArn: settings.sseSpecification.KMSMasterKeyId ?? `arn:aws:kms:${region}:${account}:key/aws/dynamodb`,
    };
  }
  if (settings.restore) {
    const r = settings.restore;
    d.RestoreSummary = { RestoreDateTime: new Date(r.restoreDateTime), RestoreInProgress: o.status === 'CREATING' };
    if (r.sourceBackupArn !== undefined) d.RestoreSummary.SourceBackupArn = r.sourceBackupArn;
    if (r.sourceTableArn !== undefined) d.RestoreSummary.SourceTableArn = r.sourceTableArn;
  }
  if (settings.tableClass) d.TableClassSummary = { TableClass: settings.tableClass as 'STANDARD' };
  if (settings.onDemandThroughput) d.OnDemandThroughput = { ...settings.onDemandThroughput };
  if (settings.warmThroughput || o.warm) {
    // A requested warm throughput shows as UPDATING in CreateTable's answer, ACTIVE afterwards (test_table_warm_throughput).
    const w = effectiveWarm(settings.warmThroughput, baselineWarm(onDemand, schema.throughput));
    d.WarmThroughput = { ReadUnitsPerSecond: w.read, WriteUnitsPerSecond: w.write, Status: o.warm ? 'ACTIVE' : 'UPDATING' };
  }
  return d;
}
