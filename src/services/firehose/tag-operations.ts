// Tag, untag and list tags of delivery streams: tags keep their insertion order, a key set again takes the new
// value, and a stream holds at most 50 (the model's TagDeliveryStreamInputTagList bound, Firehose's tag quota).
import type {
  ListTagsForDeliveryStreamInput,
  ListTagsForDeliveryStreamOutput,
  TagDeliveryStreamInput,
  UntagDeliveryStreamInput,
} from '../../generated/firehose/api.js';
import type { FirehoseContext } from './context.js';
import { limitExceeded } from './errors.js';
import { requireStream } from './stream-operations.js';
import type { Scope } from './stream-store.js';

export const MAX_TAGS = 50;

export function tagDeliveryStream(c: FirehoseContext, scope: Scope, input: TagDeliveryStreamInput): void {
  c.store.transaction(() => {
    const s = requireStream(c, scope, input.DeliveryStreamName);
    const tags = [...s.tags];
    for (const tag of input.Tags) {
      const at = tags.findIndex((t) => t.Key === tag.Key);
      if (at >= 0) tags[at] = tag;
      else tags.push(tag);
    }
    if (tags.length > MAX_TAGS) {
      throw limitExceeded(`A delivery stream cannot have more than ${MAX_TAGS} tags; this request would leave ${tags.length}.`);
    }
    c.streams.setTags(scope, s.name, tags);
  });
}

export function untagDeliveryStream(c: FirehoseContext, scope: Scope, input: UntagDeliveryStreamInput): void {
  c.store.transaction(() => {
    const s = requireStream(c, scope, input.DeliveryStreamName);
    const remove = new Set(input.TagKeys);
    c.streams.setTags(scope, s.name, s.tags.filter((t) => !remove.has(t.Key)));
  });
}

export function listTagsForDeliveryStream(c: FirehoseContext, scope: Scope, input: ListTagsForDeliveryStreamInput): ListTagsForDeliveryStreamOutput {
  const s = requireStream(c, scope, input.DeliveryStreamName);
  let start = 0;
  if (input.ExclusiveStartTagKey !== undefined) {
    const at = s.tags.findIndex((t) => t.Key === input.ExclusiveStartTagKey);
    if (at >= 0) start = at + 1;
  }
  const limit = input.Limit ?? MAX_TAGS;
  const page = s.tags.slice(start, start + limit);
  return { Tags: page, HasMoreTags: start + limit < s.tags.length };
}
