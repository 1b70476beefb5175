// S3 destination configurations: normalizes Create/Update input into the stored form (defaults filled as Firehose
// fills them), refuses what Firehose refuses, answers NotImplemented for features kumo has no engine for yet.
import { notImplemented } from '../../core/aws-error.js';
import type {
  CloudWatchLoggingOptions,
  DataFormatConversionConfiguration,
  DynamicPartitioningConfiguration,
  EncryptionConfiguration,
  ExtendedS3DestinationConfiguration,
  ExtendedS3DestinationDescription,
  ExtendedS3DestinationUpdate,
  ProcessingConfiguration,
  S3DestinationConfiguration,
  S3DestinationDescription,
  S3DestinationUpdate,
} from '../../generated/firehose/api.js';
import { resolveHints, type ResolvedHints } from './buffering.js';
import { isCompressionFormat, type CompressionFormat } from './compression.js';
import { invalidArgument } from './errors.js';
import { effectivePrefixes } from './prefix-expression.js';
import { isKnownTimeZone } from './zoned-time.js';

/** What kumo stores per S3 destination (JSON in SQLite), members named as in the API. */
export interface S3Destination {
  RoleARN: string;
  BucketARN: string;
  Prefix?: string;
  ErrorOutputPrefix?: string;
  BufferingHints: ResolvedHints;
  CompressionFormat: CompressionFormat;
  EncryptionConfiguration: EncryptionConfiguration;
  CloudWatchLoggingOptions: CloudWatchLoggingOptions;
  ProcessingConfiguration?: ProcessingConfiguration;
  DataFormatConversionConfiguration?: DataFormatConversionConfiguration;
  DynamicPartitioningConfiguration?: DynamicPartitioningConfiguration;
  FileExtension?: string;
  CustomTimeZone?: string;
  S3BackupMode: 'Disabled';
}

export type DestinationOperation = 'CreateDeliveryStream' | 'UpdateDestination';

/** The bucket name of `arn:aws:s3:::name` (the model's pattern already holds). */
export function bucketFromArn(arn: string): string {
  return arn.slice(arn.indexOf(':::') + 3);
}

type AnyS3Input = Partial<ExtendedS3DestinationConfiguration> & S3DestinationConfiguration;

function refuseUnsupported(op: DestinationOperation, input: Partial<ExtendedS3DestinationConfiguration>): void {
  // A configuration present with Enabled omitted counts as enabled, as Firehose treats it.
  if (input.ProcessingConfiguration && input.ProcessingConfiguration.Enabled !== false && (input.ProcessingConfiguration.Processors?.length ?? 0) > 0) {
    throw notImplemented('firehose', op, 'data transformation with Lambda (ProcessingConfiguration)');
  }
  if (input.DataFormatConversionConfiguration && input.DataFormatConversionConfiguration.Enabled !== false) {
    throw notImplemented('firehose', op, 'record format conversion (DataFormatConversionConfiguration)');
  }
  if (input.DynamicPartitioningConfiguration && input.DynamicPartitioningConfiguration.Enabled === true) {
    throw notImplemented('firehose', op, 'dynamic partitioning (DynamicPartitioningConfiguration)');
  }
  if (input.S3BackupMode === 'Enabled' || input.S3BackupConfiguration !== undefined) {
    throw notImplemented('firehose', op, 'source record backup (S3BackupMode Enabled)');
  }
  if (input.EncryptionConfiguration?.KMSEncryptionConfig !== undefined) {
    throw notImplemented('firehose', op, 'SSE-KMS encryption of delivered objects (KMSEncryptionConfig)');
  }
}

function check(dest: S3Destination): S3Destination {
  effectivePrefixes(dest.Prefix, dest.ErrorOutputPrefix);
  if (dest.EncryptionConfiguration.NoEncryptionConfig !== undefined && dest.EncryptionConfiguration.KMSEncryptionConfig !== undefined) {
    throw invalidArgument('EncryptionConfiguration cannot specify both NoEncryptionConfig and KMSEncryptionConfig.');
  }
  if (dest.CustomTimeZone !== undefined && dest.CustomTimeZone !== '' && !isKnownTimeZone(dest.CustomTimeZone)) {
    throw invalidArgument(`CustomTimeZone ${dest.CustomTimeZone} is not a supported time zone.`);
  }
  if (!isCompressionFormat(dest.CompressionFormat)) throw invalidArgument(`CompressionFormat ${String(dest.CompressionFormat)} is not supported.`);
  return dest;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Normalizes a CreateDeliveryStream S3 or ExtendedS3 destination configuration. */
export function newS3Destination(input: AnyS3Input): S3Destination {
  refuseUnsupported('CreateDeliveryStream', input);
  return check({
    RoleARN: input.RoleARN,
    BucketARN: input.BucketARN,
    ...optional('Prefix', input.Prefix),
    ...optional('ErrorOutputPrefix', input.ErrorOutputPrefix),
    BufferingHints: resolveHints(input.BufferingHints),
    CompressionFormat: input.CompressionFormat ?? 'UNCOMPRESSED',
    EncryptionConfiguration: input.EncryptionConfiguration ?? { NoEncryptionConfig: 'NoEncryption' },
    CloudWatchLoggingOptions: input.CloudWatchLoggingOptions ?? { Enabled: false },
    ...optional('ProcessingConfiguration', input.ProcessingConfiguration),
    ...optional('DataFormatConversionConfiguration', input.DataFormatConversionConfiguration),
    ...optional('DynamicPartitioningConfiguration', input.DynamicPartitioningConfiguration),
    ...optional('FileExtension', input.FileExtension),
    ...optional('CustomTimeZone', input.CustomTimeZone),
    S3BackupMode: 'Disabled',
  });
}

/** Applies an UpdateDestination S3/ExtendedS3 update: members present replace the stored ones. */
export function updateS3Destination(current: S3Destination, update: Partial<ExtendedS3DestinationUpdate> & S3DestinationUpdate): S3Destination {
  refuseUnsupported('UpdateDestination', { ...update, ...(update.S3BackupUpdate ? { S3BackupConfiguration: update.S3BackupUpdate as S3DestinationConfiguration } : {}) });
  const next: S3Destination = { ...current, BufferingHints: resolveHints(update.BufferingHints, current.BufferingHints) };
  if (update.RoleARN !== undefined) next.RoleARN = update.RoleARN;
  if (update.BucketARN !== undefined) next.BucketARN = update.BucketARN;
  if (update.Prefix !== undefined) next.Prefix = update.Prefix;
  if (update.ErrorOutputPrefix !== undefined) next.ErrorOutputPrefix = update.ErrorOutputPrefix;
  if (update.CompressionFormat !== undefined) next.CompressionFormat = update.CompressionFormat;
  if (update.EncryptionConfiguration !== undefined) next.EncryptionConfiguration = update.EncryptionConfiguration;
  if (update.CloudWatchLoggingOptions !== undefined) next.CloudWatchLoggingOptions = update.CloudWatchLoggingOptions;
  if (update.ProcessingConfiguration !== undefined) next.ProcessingConfiguration = update.ProcessingConfiguration;
  if (update.DataFormatConversionConfiguration !== undefined) next.DataFormatConversionConfiguration = update.DataFormatConversionConfiguration;
  if (update.DynamicPartitioningConfiguration !== undefined) next.DynamicPartitioningConfiguration = update.DynamicPartitioningConfiguration;
  if (update.FileExtension !== undefined) next.FileExtension = update.FileExtension;
  if (update.CustomTimeZone !== undefined) next.CustomTimeZone = update.CustomTimeZone;
  return check(next);
}

/** The plain S3 view (S3DestinationDescription), which Firehose shows beside the extended one. */
export function describeS3(dest: S3Destination): S3DestinationDescription {
  return {
    RoleARN: dest.RoleARN,
    BucketARN: dest.BucketARN,
    ...optional('Prefix', dest.Prefix),
    ...optional('ErrorOutputPrefix', dest.ErrorOutputPrefix),
    BufferingHints: dest.BufferingHints,
    CompressionFormat: dest.CompressionFormat,
    EncryptionConfiguration: dest.EncryptionConfiguration,
    CloudWatchLoggingOptions: dest.CloudWatchLoggingOptions,
  };
}

export function describeExtendedS3(dest: S3Destination): ExtendedS3DestinationDescription {
  return {
    ...describeS3(dest),
    ...optional('ProcessingConfiguration', dest.ProcessingConfiguration),
    S3BackupMode: dest.S3BackupMode,
    ...optional('DataFormatConversionConfiguration', dest.DataFormatConversionConfiguration),
    ...optional('DynamicPartitioningConfiguration', dest.DynamicPartitioningConfiguration),
    ...optional('FileExtension', dest.FileExtension),
    ...optional('CustomTimeZone', dest.CustomTimeZone),
  };
}
