// The Route 53 service descriptor: global (state in us-east-1), validated by its own rules, and loaded at boot
// because it runs a DNS server answering from its hosted zones and a health checker probing on the clock.
import { defineService } from '../service-definition.js';
import type { Route53Context } from './context.js';

export const route53Service = defineService<Route53Context>({
  id: 'route-53',
  scope: 'global',
  validation: 'none',
  eager: true,
  async load(deps) {
    const { createRoute53 } = await import('./context-factory.js');
    return createRoute53(deps);
  },
});
