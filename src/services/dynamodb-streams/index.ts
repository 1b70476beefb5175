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
    let streams = (await deps.internal.get<Pick<StreamsContext, 'streams'>>('dynamodb'))?.streams;
    if (!streams) {
      // Without DynamoDB loaded (a harness, or dynamodb disabled) the streams that exist are still readable.
      const [{ COMPONENT, MIGRATIONS }, { StreamStore }] = await Promise.all([import('../dynamodb/migrations.js'), import('../dynamodb/stream-store.js')]);
      deps.store.migrate(COMPONENT, MIGRATIONS);
      streams = new StreamStore(deps.store.db, deps.clock);
    }
    return { context: { streams, clock: deps.clock, of: (s) => deps.store.of(s) }, operations: DYNAMODB_STREAMS_OPERATIONS };
  },
});
