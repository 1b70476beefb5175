// Kinesis Data Streams destinations: kumo cannot enable one (no Kinesis service), so a table never has any. What
// follows from that is answered as DynamoDB does (unknown table, Update without settings or of a stream that is not
// a destination, Describe listing none); enabling or disabling one on an existing table is 501.
import { notImplemented, validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type * as api from '../../generated/dynamodb/api.js';
import type { DynamoDeps } from './context.js';
import { requireTableRecord } from './table-operations.js';

export const FEATURE = 'Kinesis Data Streams as a streaming destination';

export function describeKinesisStreamingDestination(deps: DynamoDeps, scope: Scope, input: api.DescribeKinesisStreamingDestinationInput): api.DescribeKinesisStreamingDestinationOutput {
  const rec = requireTableRecord(deps, scope, input.TableName);
  return { TableName: rec.name, KinesisDataStreamDestinations: [] };
}

/** Enable and Disable: the table must exist (aws-recordings test_kinesis_streaming_destination_crud "enable-bad-table"). */
export function enableOrDisable(deps: DynamoDeps, scope: Scope, operation: string, input: api.KinesisStreamingDestinationInput): never {
  requireTableRecord(deps, scope, input.TableName);
  throw notImplemented('dynamodb', operation, FEATURE);
}

export function updateKinesisStreamingDestination(deps: DynamoDeps, scope: Scope, input: api.UpdateKinesisStreamingDestinationInput): never {
  const rec = requireTableRecord(deps, scope, input.TableName);
  // aws-recordings/dynamodb test_kinesis_streaming_destination_crud "update-missing-params" and "update-bad-stream-arn".
  const config = input.UpdateKinesisStreamingConfiguration;
  if (config === undefined || Object.values(config).every((v) => v === undefined || v === null)) {
    throw validationException('Streaming destination cannot be updated with given parameters: UpdateKinesisStreamingConfiguration cannot be null or contain only null values');
  }
  throw validationException(
    `Table is not in a valid state to enable Kinesis Streaming Destination: No streaming destination with streamArn: ${input.StreamArn} found for table with tableName: ${rec.name}`,
  );
}
