// The IAM service descriptor: a global service (state in us-east-1 whatever region is signed) holding users, groups,
// roles, policies and access keys; its `internal` object gives the gateway and STS credentials and policy sets.
import { defineService } from '../service-definition.js';
import type { IamContext } from './context.js';

export const iamService = defineService<IamContext>({
  id: 'iam',
  scope: 'global',
  validation: 'coral',
  async load(deps) {
    const { IamStore } = await import('./iam-store.js');
    const { createIamContext } = await import('./context.js');
    const { createIamInternal } = await import('./credentials.js');
    const { IAM_OPERATIONS } = await import('./operations.js');
    const iam = createIamContext(new IamStore(deps.store), deps.clock);
    return {
      context: iam,
      operations: IAM_OPERATIONS,
      internal: (iam.internal = createIamInternal(iam)),
      reset: () => {
        iam.generation++;
      },
    };
  },
});
