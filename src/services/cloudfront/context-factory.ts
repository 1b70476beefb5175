// Builds CloudFront from the runtime's dependencies: migrates its tables and wires the control plane to the edge
// (which serves what is committed) and to WAF's lookup of web ACLs when WAFv2 is part of this kumo.
import type { ServiceDeps, ServiceInstance } from '../service-definition.js';
import type { CloudFrontContext, EdgeControl, WebAclExists } from './context.js';
import { CLOUDFRONT_COMPONENT, CLOUDFRONT_MIGRATIONS, CLOUDFRONT_TABLES } from './migrations.js';
import { CLOUDFRONT_OPERATIONS } from './operations.js';
import { CloudFrontStore } from './store.js';

/** What WAFv2 offers CloudFront in process (its `internal` object), when it is there. */
interface WafInternal {
  webAclExists?: WebAclExists;
}

export function createCloudFront(deps: ServiceDeps): ServiceInstance<CloudFrontContext> {
  deps.store.migrate(CLOUDFRONT_COMPONENT, CLOUDFRONT_MIGRATIONS);
  deps.store.registerTables(CLOUDFRONT_COMPONENT, CLOUDFRONT_TABLES);
  const store = new CloudFrontStore(deps.store);
  const edge: EdgeControl = { publish: () => undefined, remove: () => undefined, purge: async () => undefined };
  const context: CloudFrontContext = {
    store,
    clock: deps.clock,
    edge,
    webAclExists: async () => (await deps.internal.get<WafInternal>('wafv2'))?.webAclExists,
  };
  return { context, operations: CLOUDFRONT_OPERATIONS };
}
