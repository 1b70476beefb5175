// What STS operations share: IAM's in-process interface (credentials, roles, policies), the clock, and whether
// enforcement is on (AssumeRole checks the trust policy only then, as the rest of kumo authorizes only then).
import type { Clock } from '../../core/clock.js';
import type { IamInternal } from '../iam/credentials.js';

export interface StsContext {
  iam: IamInternal;
  clock: Clock;
  enforce: boolean;
  defaultAccount: string;
}
