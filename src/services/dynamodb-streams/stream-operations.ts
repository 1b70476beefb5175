// DynamoDB Streams operations over DynamoDB's stream repository: ListStreams, DescribeStream (shards rolled every 4
// hours, the last closed when the stream is disabled), GetShardIterator and GetRecords with retention and expiry.
import { AwsError, validationException } from '../../core/aws-error.js';
import type { Clock } from '../../core/clock.js';
import type { Scope } from '../../core/request-context.js';
import type * as api from '../../generated/dynamodb-streams/api.js';
import { decodeItem } from '../dynamodb/item-codec.js';
import { formatSequence, parseSequence, type RecordRow, type StreamHead, type StreamRow, type StreamStore } from '../dynamodb/stream-store.js';
import type { ShardRow } from '../dynamodb/stream-shards.js';
import { decodeIterator, encodeIterator } from './shard-iterator.js';
import { RawJson } from '../../protocol/shared/raw-json.js';

/** What the streams service needs of DynamoDB (its `internal` object). */
export interface StreamsContext {
  readonly streams: StreamStore;
  readonly clock: Clock;
  /** The store's scope normalisation, the same DynamoDB applies (state-store.ts `of`). */
  of(scope: Scope): Scope;
}

function streamNotFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`, { status: 400 });
}

function trimmed(): AwsError {
  return new AwsError('TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.', { status: 400 });
}

/** The stream found by ARN (all columns, or only the head the iterator operations need) when it is the caller's
 *  account and region's, else ResourceNotFoundException. */
function ownStream<T extends StreamHead>(s: T | undefined, scope: Scope, arn: string): T {
  if (!s || s.account !== scope.account || s.region !== scope.region) throw streamNotFound(arn);
  return s;
}

export function listStreams(c: StreamsContext, scope: Scope, input: api.ListStreamsInput): api.ListStreamsOutput {
  const limit = input.Limit ?? 100;
  let afterId = 0;
  if (input.ExclusiveStartStreamArn !== undefined) afterId = ownStream(c.streams.byArn(input.ExclusiveStartStreamArn), scope, input.ExclusiveStartStreamArn).id;
  const page: StreamRow[] = [];
  let more = false;
  for (const s of c.streams.list(scope, input.TableName, afterId)) {
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(s);
  }
  const out: api.ListStreamsOutput = { Streams: page.map((s) => ({ StreamArn: s.arn, TableName: s.table_name, StreamLabel: s.label })) };
  if (more) out.LastEvaluatedStreamArn = page[page.length - 1]!.arn;
  return out;
}

function shardOf(h: ShardRow): api.Shard {
  const range: api.SequenceNumberRange = { StartingSequenceNumber: formatSequence(h.first_seq) };
  // A closed shard (rolled, or its stream disabled) ends at the last record it holds.
  if (h.end_seq !== null) range.EndingSequenceNumber = formatSequence(Math.max(h.end_seq, h.first_seq));
  const shard: api.Shard = { ShardId: h.shard_id, SequenceNumberRange: range };
  if (h.parent_shard_id !== null) shard.ParentShardId = h.parent_shard_id;
  return shard;
}

export function describeStream(c: StreamsContext, scope: Scope, input: api.DescribeStreamInput): api.DescribeStreamOutput {
  const s = ownStream(c.streams.byArn(input.StreamArn), scope, input.StreamArn);
  let shards = c.streams.shards.list(s.id);
  // Shard ids begin with their creation time, so id order is creation order.
  if (input.ExclusiveStartShardId !== undefined) shards = shards.filter((h) => h.shard_id > input.ExclusiveStartShardId!);
  if (input.ShardFilter?.Type === 'CHILD_SHARDS') shards = shards.filter((h) => h.parent_shard_id === input.ShardFilter!.ShardId);
  const limit = input.Limit ?? 100;
  const page = shards.slice(0, limit);
  const out: api.DescribeStreamOutput = {
    StreamDescription: {
      StreamArn: s.arn,
      StreamLabel: s.label,
      StreamStatus: s.disabled_at === null ? 'ENABLED' : 'DISABLED',
      StreamViewType: s.view_type,
      CreationRequestDateTime: new Date(s.created_at),
      TableName: s.table_name,
      KeySchema: JSON.parse(s.key_schema) as api.KeySchemaElement[],
      Shards: page.map(shardOf),
    },
  };
  if (shards.length > limit) out.StreamDescription!.LastEvaluatedShardId = page[page.length - 1]!.shard_id;
  return out;
}

function requireSequence(input: api.GetShardIteratorInput): number {
  if (input.SequenceNumber === undefined) {
    throw validationException(`SequenceNumber must be specified for ShardIteratorType ${input.ShardIteratorType}`);
  }
  const seq = parseSequence(input.SequenceNumber);
  if (seq === undefined) throw validationException(`Invalid SequenceNumber: ${input.SequenceNumber}`);
  return seq;
}

export function getShardIterator(c: StreamsContext, scope: Scope, input: api.GetShardIteratorInput): api.GetShardIteratorOutput {
  const s = ownStream(c.streams.headByArn(input.StreamArn), scope, input.StreamArn);
  const h = c.streams.shards.byShardId(s.id, input.ShardId);
  if (!h) {
    throw new AwsError('ResourceNotFoundException', `Requested resource not found: Shard: ${input.ShardId} in Stream: ${s.arn} not found`, { status: 400 });
  }
  const end = h.end_seq ?? s.last_seq;
  let after: number;
  switch (input.ShardIteratorType) {
    case 'TRIM_HORIZON':
      after = Math.max(s.trimmed_through, h.first_seq - 1);
      break;
    case 'LATEST':
      after = end;
      break;
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      const seq = requireSequence(input);
      if (seq > end || seq < h.first_seq) {
        throw validationException(`Invalid SequenceNumber: ${input.SequenceNumber} is not in shard ${h.shard_id}`);
      }
      if (seq <= s.trimmed_through) throw trimmed();
      after = input.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? seq - 1 : seq;
      break;
    }
  }
  return { ShardIterator: encodeIterator(s.arn, { streamId: s.id, after, issuedAt: c.clock.now(), shard: h.ordinal }) };
}

function toRecord(s: StreamRow, r: RecordRow): api.RecordShape {
  const d: api.StreamRecord = {
    ApproximateCreationDateTime: new Date(Math.floor(r.created_at / 1000) * 1000),
    Keys: decodeItem(r.keys),
    SequenceNumber: formatSequence(r.seq),
    SizeBytes: r.size,
    StreamViewType: s.view_type,
  };
  if (r.new_image !== null) d.NewImage = decodeItem(r.new_image);
  if (r.old_image !== null) d.OldImage = decodeItem(r.old_image);
  const rec: api.RecordShape = { eventID: r.event_id, eventName: r.event_name, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: s.region, dynamodb: d };
  // TTL deletions carry the DynamoDB service as their identity ("Time to Live and DynamoDB Streams").
  if (r.by_ttl) rec.userIdentity = { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' };
  return rec;
}

export function getRecords(c: StreamsContext, scope: Scope, input: api.GetRecordsInput): api.GetRecordsOutput {
  const now = c.clock.now();
  const it = decodeIterator(input.ShardIterator, now);
  const s = c.streams.headById(it.streamId);
  if (!s || s.arn !== it.streamArn || s.account !== scope.account || s.region !== scope.region) throw streamNotFound(it.streamArn);
  // An iterator left behind by retention points at records that are gone.
  if (it.after < s.trimmed_through) throw trimmed();
  const shard = c.streams.shards.byOrdinal(s.id, it.shard);
  if (!shard) throw trimmed();
  // Sequence numbers of a stream are consecutive, so a closed shard's remaining records are the next end - after.
  const limit = shard.end_seq === null ? input.Limit ?? 1000 : Math.min(input.Limit ?? 1000, Math.max(0, shard.end_seq - it.after));
  let out: api.GetRecordsOutput;
  let last: number;
  // Records are stored rendered (stream-store.ts), and by groups of 64 as stored pages (stream-pages.ts): the texts
  // (records, or runs of records) go to the codec, which writes them into the body as they are.
  const page = c.streams.readPage(s.id, it.after, limit, s.last_seq);
  if (page) {
    out = { Records: RawJson.array(page.texts) as unknown as api.RecordShape[] };
    last = page.last;
  } else {
    // Some records predate today's rendered form: the first rendered form lacked awsRegion, added here; older rows
    // are rendered from their columns.
    const rows = c.streams.readRecords(s.id, it.after, limit);
    const region = `{"awsRegion":${JSON.stringify(s.region)},`;
    const stream = c.streams.byId(s.id)!;
    const records = rows.map((r) => ('wire' in r ? RawJson.of(r.wire.startsWith('{') ? r.wire : region + r.wire) : toRecord(stream, r.row)));
    out = { Records: records as api.RecordShape[] };
    last = rows.length > 0 ? rows[rows.length - 1]!.seq : it.after;
  }
  // A closed shard read to its end has no next iterator; its reader moves on to the child shard.
  if (!(shard.end_seq !== null && last >= shard.end_seq)) {
    out.NextShardIterator = encodeIterator(s.arn, { streamId: s.id, after: last, issuedAt: now, shard: shard.ordinal });
  }
  return out;
}
