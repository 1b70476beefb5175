// DynamoDB Streams' operation table: the four stream operations over DynamoDB's stream repository, typed against
// the generated DynamodbStreamsApi.
import { operationTable } from '../service-definition.js';
import type * as api from '../../generated/dynamodb-streams/api.js';
import { describeStream, getRecords, getShardIterator, listStreams, type StreamsContext } from './stream-operations.js';

export const DYNAMODB_STREAMS_OPERATIONS = operationTable<api.DynamodbStreamsApi, StreamsContext>()({
  ListStreams: (c, ctx, input) => listStreams(c, c.of(ctx), input),
  DescribeStream: (c, ctx, input) => describeStream(c, c.of(ctx), input),
  GetShardIterator: (c, ctx, input) => getShardIterator(c, c.of(ctx), input),
  GetRecords: (c, ctx, input) => getRecords(c, c.of(ctx), input),
});
