// The STS service descriptor: a regional service (each region has its STS endpoint; state derives from the caller's
// credentials), loaded on first use since it has no background work. The smallest example of the service template.
import { defineService } from '../service-definition.js';

export const stsService = defineService<undefined>({
  id: 'sts',
  scope: 'regional',
  validation: 'coral',
  async load() {
    const { STS_OPERATIONS } = await import('./operations.js');
    return { context: undefined, operations: STS_OPERATIONS };
  },
});
