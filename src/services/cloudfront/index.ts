// The CloudFront service descriptor: global (state in us-east-1), validated by its own rules, and loaded at boot
// because it runs the edge: the HTTP and HTTPS listeners that serve committed distributions.
import { defineService } from '../service-definition.js';
import { isServedAlias } from './served-aliases.js';
import type { CloudFrontContext } from './context.js';

export const cloudfrontService = defineService<CloudFrontContext>({
  id: 'cloudfront',
  scope: 'global',
  validation: 'none',
  eager: true,
  dependsOn: ['s3'],
  // Distribution domain names reach the gateway when a client uses 4566 for the edge: the gateway passes them to the
  // edge's listener (src/gateway/phases/edge-forward.ts), never to the API. A page cannot own a cloudfront.net name;
  // an alias is a name the user gave a distribution, and its requests too go only to the edge.
  hostRule: (name) => /^d[a-z0-9]{13}\.cloudfront\.net$/.test(name) || isServedAlias(name),
  async load(deps) {
    const { createCloudFront } = await import('./context-factory.js');
    return createCloudFront(deps);
  },
});
