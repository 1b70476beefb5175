// Control-plane operations on delivery streams: create (DirectPut into S3), describe, list, update the destination
// with its version check, delete, and the stored server-side encryption settings.
import { notImplemented } from '../../core/aws-error.js';
import type {
  CreateDeliveryStreamInput,
  CreateDeliveryStreamOutput,
  DeleteDeliveryStreamInput,
  DeliveryStreamEncryptionConfiguration,
  DeliveryStreamEncryptionConfigurationInput,
  DescribeDeliveryStreamInput,
  DescribeDeliveryStreamOutput,
  ListDeliveryStreamsInput,
  ListDeliveryStreamsOutput,
  StartDeliveryStreamEncryptionInput,
  StopDeliveryStreamEncryptionInput,
  UpdateDestinationInput,
} from '../../generated/firehose/api.js';
import type { FirehoseContext } from './context.js';
import { describeExtendedS3, describeS3, newS3Destination, updateS3Destination } from './destination.js';
import { concurrentModification, invalidArgument, limitExceeded, streamInUse, streamNotFound } from './errors.js';
import { streamArn, type Scope, type Stream } from './stream-store.js';

// Firehose's default quota: 5,000 Firehose streams per account and Region (developer guide, "Firehose quota");
// beyond it CreateDeliveryStream answers LimitExceededException.
export const MAX_STREAMS_PER_REGION = 5000;
/** Time a new stream stays CREATING before it is ACTIVE. */
export const CREATING_MS = 1000;
const DESTINATION_ID = 'destinationId-000000000001';

const UNSUPPORTED_SOURCES: Record<string, string> = {
  KinesisStreamAsSource: 'Kinesis Data Streams as source (KinesisStreamAsSource)',
  MSKAsSource: 'Amazon MSK as source (MSKAsSource)',
  DatabaseAsSource: 'database as source (DatabaseAsSource)',
};

const OTHER_DESTINATIONS = [
  ['RedshiftDestination', 'Amazon Redshift destination'],
  ['ElasticsearchDestination', 'Elasticsearch destination'],
  ['AmazonopensearchserviceDestination', 'OpenSearch Service destination'],
  ['SplunkDestination', 'Splunk destination'],
  ['HttpEndpointDestination', 'HTTP endpoint destination'],
  ['AmazonOpenSearchServerlessDestination', 'OpenSearch Serverless destination'],
  ['SnowflakeDestination', 'Snowflake destination'],
  ['IcebergDestination', 'Apache Iceberg destination'],
] as const;

export function requireStream(c: FirehoseContext, scope: Scope, name: string): Stream {
  const stream = c.streams.get(scope, name);
  if (stream === undefined) throw streamNotFound(name, scope.account);
  return stream;
}

function encryptionFrom(input: DeliveryStreamEncryptionConfigurationInput): DeliveryStreamEncryptionConfiguration {
  if (input.KeyType === 'CUSTOMER_MANAGED_CMK' && input.KeyARN === undefined) {
    throw invalidArgument('KeyARN must be specified when KeyType is CUSTOMER_MANAGED_CMK.');
  }
  if (input.KeyType === 'AWS_OWNED_CMK' && input.KeyARN !== undefined) {
    throw invalidArgument('KeyARN must not be specified when KeyType is AWS_OWNED_CMK.');
  }
  return { ...(input.KeyARN !== undefined ? { KeyARN: input.KeyARN } : {}), KeyType: input.KeyType, Status: 'ENABLED' };
}

export function createDeliveryStream(c: FirehoseContext, scope: Scope, input: CreateDeliveryStreamInput): CreateDeliveryStreamOutput {
  const type = input.DeliveryStreamType ?? 'DirectPut';
  const unsupportedSource = UNSUPPORTED_SOURCES[type];
  if (unsupportedSource !== undefined) throw notImplemented('firehose', 'CreateDeliveryStream', unsupportedSource);
  if (input.KinesisStreamSourceConfiguration !== undefined || input.MSKSourceConfiguration !== undefined || input.DatabaseSourceConfiguration !== undefined) {
    throw invalidArgument('A source configuration is only valid with its DeliveryStreamType; DirectPut streams take none.');
  }
  const record = input as unknown as Record<string, unknown>;
  for (const [member, feature] of OTHER_DESTINATIONS) {
    if (record[`${member}Configuration`] !== undefined) throw notImplemented('firehose', 'CreateDeliveryStream', feature);
  }
  const s3 = input.S3DestinationConfiguration;
  const extended = input.ExtendedS3DestinationConfiguration;
  if (s3 !== undefined && extended !== undefined) {
    throw invalidArgument('Only one destination configuration can be specified: S3DestinationConfiguration or ExtendedS3DestinationConfiguration.');
  }
  const config = extended ?? s3;
  if (config === undefined) throw invalidArgument('A destination configuration is required.');
  const destination = newS3Destination(config);
  const encryption = input.DeliveryStreamEncryptionConfigurationInput === undefined ? undefined : encryptionFrom(input.DeliveryStreamEncryptionConfigurationInput);
  const now = c.clock.now();
  c.store.transaction(() => {
    if (c.streams.get(scope, input.DeliveryStreamName) !== undefined) throw streamInUse(input.DeliveryStreamName, scope.account);
    if (c.streams.count(scope) >= MAX_STREAMS_PER_REGION) {
      throw limitExceeded(`You have already consumed your firehose quota of ${MAX_STREAMS_PER_REGION} hoses.`);
    }
    c.streams.insert(scope, {
      name: input.DeliveryStreamName,
      type,
      source: input.DirectPutSourceConfiguration,
      destinationId: DESTINATION_ID,
      destinationKind: extended !== undefined ? 'extended' : 's3',
      destination,
      encryption,
      tags: input.Tags ?? [],
      now,
      activeAt: now + CREATING_MS,
    });
  });
  return { DeliveryStreamARN: streamArn({ ...scope, name: input.DeliveryStreamName }) };
}

export function streamStatus(stream: Stream, now: number): 'CREATING' | 'ACTIVE' {
  return now < stream.activeAt ? 'CREATING' : 'ACTIVE';
}

export function describeDeliveryStream(c: FirehoseContext, scope: Scope, input: DescribeDeliveryStreamInput): DescribeDeliveryStreamOutput {
  const s = requireStream(c, scope, input.DeliveryStreamName);
  // One destination per stream: a start id at or after it leaves nothing to list.
  const listed = input.ExclusiveStartDestinationId === undefined || input.ExclusiveStartDestinationId < s.destinationId;
  return {
    DeliveryStreamDescription: {
      DeliveryStreamName: s.name,
      DeliveryStreamARN: streamArn(s),
      DeliveryStreamStatus: streamStatus(s, c.clock.now()),
      ...(s.failure !== undefined ? { FailureDescription: s.failure } : {}),
      DeliveryStreamEncryptionConfiguration: s.encryption ?? { Status: 'DISABLED' },
      DeliveryStreamType: s.type as 'DirectPut',
      VersionId: String(s.versionId),
      CreateTimestamp: new Date(s.createdAt),
      ...(s.versionId > 1 || s.updatedAt !== s.createdAt ? { LastUpdateTimestamp: new Date(s.updatedAt) } : {}),
      ...(s.source !== undefined ? { Source: { DirectPutSourceDescription: s.source } } : {}),
      Destinations: listed
        ? [{ DestinationId: s.destinationId, S3DestinationDescription: describeS3(s.destination), ExtendedS3DestinationDescription: describeExtendedS3(s.destination) }]
        : [],
      HasMoreDestinations: false,
    },
  };
}

// ListDeliveryStreams: "The default value is 10" (API reference, Limit).
const DEFAULT_LIST_LIMIT = 10;

export function listDeliveryStreams(c: FirehoseContext, scope: Scope, input: ListDeliveryStreamsInput): ListDeliveryStreamsOutput {
  const limit = input.Limit ?? DEFAULT_LIST_LIMIT;
  const names: string[] = [];
  let after = input.ExclusiveStartDeliveryStreamName ?? '';
  for (;;) {
    const page = c.streams.list(scope, after, 500);
    for (const row of page) {
      if (input.DeliveryStreamType !== undefined && row.type !== input.DeliveryStreamType) continue;
      if (names.length === limit) return { DeliveryStreamNames: names, HasMoreDeliveryStreams: true };
      names.push(row.name);
    }
    if (page.length < 500) return { DeliveryStreamNames: names, HasMoreDeliveryStreams: false };
    after = (page[page.length - 1] as { name: string }).name;
  }
}

export function updateDestination(c: FirehoseContext, scope: Scope, input: UpdateDestinationInput): void {
  const record = input as unknown as Record<string, unknown>;
  for (const [member, feature] of OTHER_DESTINATIONS) {
    if (record[`${member}Update`] !== undefined) throw notImplemented('firehose', 'UpdateDestination', `switching to a ${feature}`);
  }
  if (input.S3DestinationUpdate !== undefined && input.ExtendedS3DestinationUpdate !== undefined) {
    throw invalidArgument('Only one destination update can be specified: S3DestinationUpdate or ExtendedS3DestinationUpdate.');
  }
  c.store.transaction(() => {
    const s = requireStream(c, scope, input.DeliveryStreamName);
    if (input.CurrentDeliveryStreamVersionId !== String(s.versionId)) {
      throw concurrentModification(
        `Cannot update firehose: ${s.name} since the current version id: ${input.CurrentDeliveryStreamVersionId} and stream version id: ${s.versionId} does not match`,
      );
    }
    if (input.DestinationId !== s.destinationId) throw invalidArgument(`Destination Id ${input.DestinationId} not found.`);
    const update = input.ExtendedS3DestinationUpdate ?? input.S3DestinationUpdate ?? {};
    const next = updateS3Destination(s.destination, update);
    const kind = input.ExtendedS3DestinationUpdate !== undefined ? 'extended' : s.destinationKind;
    c.streams.updateDestination(scope, s.name, kind, next, c.clock.now());
  });
}

export function deleteDeliveryStream(c: FirehoseContext, scope: Scope, input: DeleteDeliveryStreamInput): void {
  c.store.transaction(() => {
    const s = requireStream(c, scope, input.DeliveryStreamName);
    c.records.purge(s);
    c.streams.delete(scope, s.name);
  });
}

export function startEncryption(c: FirehoseContext, scope: Scope, input: StartDeliveryStreamEncryptionInput): void {
  const encryption = encryptionFrom(input.DeliveryStreamEncryptionConfigurationInput ?? { KeyType: 'AWS_OWNED_CMK' });
  c.store.transaction(() => {
    const s = requireStream(c, scope, input.DeliveryStreamName);
    c.streams.setEncryption(scope, s.name, encryption, c.clock.now());
  });
}

export function stopEncryption(c: FirehoseContext, scope: Scope, input: StopDeliveryStreamEncryptionInput): void {
  c.store.transaction(() => {
    const s = requireStream(c, scope, input.DeliveryStreamName);
    const { KeyARN: _arn, ...rest } = s.encryption ?? {};
    c.streams.setEncryption(scope, s.name, { ...rest, Status: 'DISABLED' }, c.clock.now());
  });
}
