// The DynamoDB Streams service descriptor: its own endpoint (X-Amz-Target DynamoDBStreams_20120810, signed as
// "dynamodb") reading the stream records DynamoDB writes, through DynamoDB's internal interface.
import { defineService } from '../service-definition.js';
import type { StreamsContext } from './stream-operations.js';

export const dynamodbStreamsService = defineService<StreamsContext>({
  id: 'dynamodb-streams',
  scope: 'regional',
  validation: 'coral',
  dependsOn: ['dynamodb'],
  async load(deps) {
    const { DYNAMODB_STREAMS_OPERATIONS } = await import('./operations.js');
    const dynamodb = await deps.internal.get<Pick<StreamsContext, 'streams'>>('dynamodb');
    if (!dynamodb) throw new Error('DynamoDB Streams reads what the dynamodb service writes: enable dynamodb too');
    return { context: { streams: dynamodb.streams, clock: deps.clock, of: (s) => deps.store.of(s) }, operations: DYNAMODB_STREAMS_OPERATIONS };
  },
});
