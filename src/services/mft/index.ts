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
    const nodes = new MftNodes(deps.store, deps.config);
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
