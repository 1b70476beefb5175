// Tags on hosted zones and health checks: ChangeTagsForResource (add, then remove), ListTagsForResource(s).
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/route-53/api.js';
import type { Route53Context } from './context.js';
import { noSuchHealthCheck, noSuchHostedZone } from './errors.js';
import { bareId } from './zone-operations.js';

function requireResource(s: Route53Context, ctx: RequestContext, type: string, id: string): void {
  if (type === 'hostedzone' && !s.store.zone(ctx.account, id)) throw noSuchHostedZone(id);
  if (type === 'healthcheck' && !s.store.healthCheck(ctx.account, id)) throw noSuchHealthCheck(id);
}

export function changeTagsForResource(s: Route53Context, ctx: RequestContext, input: api.ChangeTagsForResourceRequest): api.ChangeTagsForResourceResponse {
  const id = bareId(input.ResourceId);
  requireResource(s, ctx, input.ResourceType, id);
  s.store.transaction(() => {
    for (const t of input.AddTags ?? []) if (t.Key !== undefined) s.store.putTag(ctx.account, input.ResourceType, id, t.Key, t.Value ?? '');
    for (const k of input.RemoveTagKeys ?? []) s.store.deleteTag(ctx.account, input.ResourceType, id, k);
  });
  return {};
}

export function listTagsForResource(s: Route53Context, ctx: RequestContext, input: api.ListTagsForResourceRequest): api.ListTagsForResourceResponse {
  const id = bareId(input.ResourceId);
  requireResource(s, ctx, input.ResourceType, id);
  return { ResourceTagSet: { ResourceType: input.ResourceType, ResourceId: id, Tags: s.store.tags(ctx.account, input.ResourceType, id) } };
}

export function listTagsForResources(s: Route53Context, ctx: RequestContext, input: api.ListTagsForResourcesRequest): api.ListTagsForResourcesResponse {
  return {
    ResourceTagSets: input.ResourceIds.map((raw) => {
      const id = bareId(raw);
      requireResource(s, ctx, input.ResourceType, id);
      return { ResourceType: input.ResourceType, ResourceId: id, Tags: s.store.tags(ctx.account, input.ResourceType, id) };
    }),
  };
}
