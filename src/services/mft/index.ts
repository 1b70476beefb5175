// The MFT service descriptor (kumo's own API, models/kumo/mft.json): eager, because its nodes are runtime components
// whose receive and observe listeners must be up at boot, whether or not a request has arrived.
import { defineService } from '../service-definition.js';
import type { MftNodes } from './nodes.js';

export const mftService = defineService<MftNodes>({
  id: 'mft',
  scope: 'global',
  validation: 'coral',
  eager: true,
  async load(deps) {
    const { MftNodes } = await import('./nodes.js');
    const { MFT_OPERATIONS } = await import('./operations.js');
    const { s3Storage } = await import('./object-storage.js');
    // s3:// file names read and write kumo's own S3 in process, in the default account's us-east-1 [D].
    const objects = deps.config.services && !deps.config.services.includes('s3') ? undefined : s3Storage((service, operation, scope, input) => deps.internal.invoke(service, operation, scope, input), { account: deps.config.defaultAccount, region: 'us-east-1' });
    const nodes = new MftNodes(deps.store, deps.config, objects);
    return {
      context: nodes,
      operations: MFT_OPERATIONS,
      components: [
        {
          name: 'mft.nodes',
          start: () => nodes.startAll(),
          stop: () => nodes.close(),
          health: () => ({ endpoints: nodes.endpoints() }),
        },
      ],
      reset: () => nodes.reset(),
    };
  },
});
