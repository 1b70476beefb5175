// The STS service descriptor: regional endpoints whose state lives in IAM (roles, temporary credentials), reached
// through IAM's in-process interface; loaded on first use since it has no background work.
import { defineService, type ServiceDeps } from '../service-definition.js';
import type { IamInternal } from '../iam/credentials.js';
import type { StsContext } from './context.js';

async function standaloneIam(deps: ServiceDeps): Promise<IamInternal> {
  const { IamStore } = await import('../iam/iam-store.js');
  const { createIamContext } = await import('../iam/context.js');
  const { createIamInternal } = await import('../iam/credentials.js');
  return createIamInternal(createIamContext(new IamStore(deps.store), deps.clock));
}

export const stsService = defineService<StsContext>({
  id: 'sts',
  scope: 'regional',
  validation: 'coral',
  dependsOn: ['iam'],
  async load(deps) {
    const { STS_OPERATIONS } = await import('./operations.js');
    // IAM holds roles and sessions; loaded alone (a harness, the coverage docs), STS opens IAM's tables itself.
    const iam = (await deps.internal.get<IamInternal>('iam')) ?? (await standaloneIam(deps));
    return { context: { iam, clock: deps.clock, enforce: deps.config.enforceIam, defaultAccount: deps.config.defaultAccount }, operations: STS_OPERATIONS };
  },
});
