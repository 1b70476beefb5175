// STS wiring: a global-endpoint service whose state is derived from the caller's credentials.
// GetCallerIdentity is the first real operation; the rest of STS arrives with the IAM issue.
import { defineService } from '../service-definition.js';
import { StsProvider } from './provider.js';

export const stsService = defineService({
  id: 'sts',
  scope: 'regional',
  create: () => ({ provider: new StsProvider() }),
});
