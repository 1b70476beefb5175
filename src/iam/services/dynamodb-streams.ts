// DynamoDB Streams is authorized under the dynamodb prefix (dynamodb:GetRecords …) on the stream ARN, which the
// request names as StreamArn or, for GetRecords, as the head of its shard iterator (`<stream arn>|1|…`).
import type { ServiceAuthorization } from '../action-map.js';

const STREAM_ARN = /^arn:aws[\w-]*:dynamodb:[\w-]+:\d{12}:table\/[\w.-]+\/stream\/[^|]+$/;

function streamArn(input: Readonly<Record<string, unknown>>): string | undefined {
  const named = typeof input.StreamArn === 'string' ? input.StreamArn : typeof input.ShardIterator === 'string' ? input.ShardIterator.split('|')[0] : undefined;
  return named !== undefined && STREAM_ARN.test(named) ? named : undefined;
}

export const DYNAMODB_STREAMS_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'dynamodb',
  resourceArns: (_op, input) => {
    const arn = streamArn(input);
    return arn === undefined ? undefined : [arn];
  },
};
