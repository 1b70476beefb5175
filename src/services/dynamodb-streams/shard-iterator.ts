// Shard iterators for DynamoDB Streams: an opaque string naming the stream, the position (after which sequence
// counter to read) and when it was issued, since an iterator expires 15 minutes after it was handed out.
import { AwsError, validationException } from '../../core/aws-error.js';

/** "A shard iterator expires 15 minutes after it is returned to the requester" (DynamoDB Streams API, GetShardIterator). */
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

export interface IteratorState {
  readonly streamId: number;
  /** Records with a sequence counter above this one are next. */
  readonly after: number;
  readonly issuedAt: number;
  /** The shard's ordinal in its stream (stream-shards.ts); iterators issued before shards rolled name the first. */
  readonly shard: number;
}

/** AWS's iterators read `<stream arn>|1|<opaque>`; kumo's keep that shape with a base64url state. */
export function encodeIterator(streamArn: string, s: IteratorState): string {
  return `${streamArn}|1|${Buffer.from(JSON.stringify([s.streamId, s.after, s.issuedAt, s.shard])).toString('base64url')}`;
}

function invalid(): AwsError {
  return validationException('Invalid ShardIterator');
}

/** Decodes an iterator, refusing a malformed one and one older than 15 minutes on `now`. */
export function decodeIterator(text: string, now: number): IteratorState & { streamArn: string } {
  const parts = text.split('|');
  if (parts.length !== 3 || parts[1] !== '1') throw invalid();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[2]!, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(raw) || (raw.length !== 3 && raw.length !== 4) || !raw.every((n) => Number.isSafeInteger(n))) throw invalid();
  const [streamId, after, issuedAt, shard = 0] = raw as [number, number, number, number?];
  if (now - issuedAt > ITERATOR_LIFETIME_MS) {
    throw new AwsError('ExpiredIteratorException', 'Iterator expired. The iterator was created over 15 minutes ago.', { status: 400 });
  }
  return { streamArn: parts[0]!, streamId, after, issuedAt, shard };
}
