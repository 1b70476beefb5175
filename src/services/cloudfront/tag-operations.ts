// Tags on distributions: TagResource, UntagResource, ListTagsForResource by ARN. An ARN that names no
// distribution of the caller's account is NoSuchResource; a malformed one InvalidArgument.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import type { CloudFrontContext } from './context.js';
import { invalidArgument, invalidTagging, noSuchResource } from './errors.js';

function requireTaggable(s: CloudFrontContext, ctx: RequestContext, arn: string): string {
  const m = /^arn:aws:cloudfront::(\d{12}):distribution\/([A-Z0-9]+)$/.exec(arn);
  if (!m) throw invalidArgument(`The parameter Resource is not a valid CloudFront distribution ARN: ${arn}`);
  if (m[1] !== ctx.account || !s.store.get(ctx.account, 'distribution', m[2]!)) throw noSuchResource();
  return arn;
}

/** Writes tags (inside the caller's transaction); keys 1–128 and values ≤ 256 characters (Tag reference). */
export function applyTags(s: CloudFrontContext, account: string, arn: string, tags: api.Tags): void {
  for (const t of tags.Items ?? []) {
    if (t.Key.length < 1 || t.Key.length > 128 || (t.Value ?? '').length > 256) throw invalidTagging();
    s.store.putTag(account, arn, t.Key, t.Value ?? '');
  }
  if (s.store.tags(arn).length > 50) throw invalidTagging();
}

export function tagResource(s: CloudFrontContext, ctx: RequestContext, input: api.TagResourceRequest): void {
  const arn = requireTaggable(s, ctx, input.Resource);
  s.store.transaction(() => applyTags(s, ctx.account, arn, input.Tags));
}

export function untagResource(s: CloudFrontContext, ctx: RequestContext, input: api.UntagResourceRequest): void {
  const arn = requireTaggable(s, ctx, input.Resource);
  s.store.transaction(() => {
    for (const k of input.TagKeys.Items ?? []) s.store.deleteTag(arn, k);
  });
}

export function listTagsForResource(s: CloudFrontContext, ctx: RequestContext, input: api.ListTagsForResourceRequest): api.ListTagsForResourceResult {
  const arn = requireTaggable(s, ctx, input.Resource);
  const items = s.store.tags(arn);
  return { Tags: items.length ? { Items: items } : {} };
}
