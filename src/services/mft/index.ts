// The MFT service descriptor (kumo's own API, models/kumo/mft.json): eager, because its nodes are runtime components
// whose receive and observe listeners must be up at boot, whether or not a request has arrived.
import { defineService } from '../service-definition.js';
import type { CloudServices, MftNodes } from './nodes.js';
import type { IamInternal } from '../iam/credentials.js';

export const mftService = defineService<MftNodes>({
  id: 'mft',
  scope: 'global',
  validation: 'coral',
  eager: true,
  async load(deps) {
    const { MftNodes } = await import('./nodes.js');
    const { MFT_OPERATIONS } = await import('./operations.js');
    // s3:// file names read and write kumo's own S3 in process, in us-east-1 [D], as each node's IAM identity.
    const cloud: CloudServices | undefined = deps.config.services && !deps.config.services.includes('s3') ? undefined : {
      invoke: (service, operation, scope, input, caller) => deps.internal.invoke(service, operation, scope, input, caller),
      authorize: (service, operation, scope, input, caller) => deps.internal.authorize(service, operation, scope, input, caller),
      iam: () => deps.internal.get<IamInternal>('iam'),
      enforceIam: deps.config.enforceIam,
      defaultAccount: deps.config.defaultAccount,
      now: () => deps.clock.now(),
    };
    const nodes = new MftNodes(deps.store, deps.config, cloud);
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
