// The STS service descriptor: regional endpoints whose state lives in IAM (roles, temporary credentials), reached
// through IAM's in-process interface; loaded on first use since it has no background work.
import { defineService } from '../service-definition.js';
import type { IamInternal } from '../iam/credentials.js';
import type { StsContext } from './context.js';

export const stsService = defineService<StsContext>({
  id: 'sts',
  scope: 'regional',
  validation: 'coral',
  dependsOn: ['iam'],
  async load(deps) {
    const { STS_OPERATIONS } = await import('./operations.js');
    const iam = await deps.internal.get<IamInternal>('iam');
    if (!iam) throw new Error('STS needs the IAM service, which is disabled');
    return { context: { iam, clock: deps.clock, enforce: deps.config.enforceIam, defaultAccount: deps.config.defaultAccount }, operations: STS_OPERATIONS };
  },
});
