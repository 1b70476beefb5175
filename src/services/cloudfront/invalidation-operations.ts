// Invalidations: CreateInvalidation purges the edge's cache before it answers (Status InProgress there, Completed
// on every later read); the same CallerReference with the same paths answers the batch made then.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import { newInvalidationId, page, quantity } from './common.js';
import type { CloudFrontContext } from './context.js';
import { requireDistribution } from './distribution-operations.js';
import { invalidArgument, noSuchInvalidation } from './errors.js';
import { validatePaths } from './invalidation-paths.js';
import { checkQuantities } from './common.js';
import type { StoredInvalidation } from './store.js';

const invalidationOf = (i: StoredInvalidation, status: 'InProgress' | 'Completed'): api.Invalidation => ({
  Id: i.id,
  Status: status,
  CreateTime: new Date(i.created),
  InvalidationBatch: { Paths: quantity(i.paths), CallerReference: i.callerReference },
});

export async function createInvalidation(s: CloudFrontContext, ctx: RequestContext, input: api.CreateInvalidationRequest): Promise<api.CreateInvalidationResult> {
  const d = requireDistribution(s, ctx.account, input.DistributionId);
  checkQuantities(input.InvalidationBatch);
  const paths = input.InvalidationBatch.Paths.Items ?? [];
  validatePaths(paths);
  const location = (id: string) => `https://cloudfront.amazonaws.com/2020-05-31/distribution/${d.id}/invalidation/${id}`;
  const existing = s.store.invalidationByCallerReference(d.id, input.InvalidationBatch.CallerReference);
  if (existing) {
    if (JSON.stringify(existing.paths) !== JSON.stringify(paths)) throw invalidArgument('An invalidation batch with this CallerReference and different paths already exists.');
    return { Location: location(existing.id), Invalidation: invalidationOf(existing, 'Completed') };
  }
  const i: StoredInvalidation = { account: ctx.account, distributionId: d.id, id: newInvalidationId(), callerReference: input.InvalidationBatch.CallerReference, paths, created: s.clock.now() };
  s.store.transaction(() => s.store.insertInvalidation(i));
  await s.edge.purge(d.id, paths);
  return { Location: location(i.id), Invalidation: invalidationOf(i, 'InProgress') };
}

export function getInvalidation(s: CloudFrontContext, ctx: RequestContext, input: api.GetInvalidationRequest): api.GetInvalidationResult {
  const d = requireDistribution(s, ctx.account, input.DistributionId);
  const i = s.store.invalidation(d.id, input.Id);
  if (!i) throw noSuchInvalidation();
  return { Invalidation: invalidationOf(i, 'Completed') };
}

export function listInvalidations(s: CloudFrontContext, ctx: RequestContext, input: api.ListInvalidationsRequest): api.ListInvalidationsResult {
  const d = requireDistribution(s, ctx.account, input.DistributionId);
  const p = page(s.store.invalidations(d.id), (i) => i.id, input.Marker, input.MaxItems);
  const list: api.InvalidationList = { Marker: input.Marker ?? '', MaxItems: p.maxItems, IsTruncated: p.nextMarker !== undefined, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map((i) => ({ Id: i.id, CreateTime: new Date(i.created), Status: 'Completed' }));
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { InvalidationList: list };
}
