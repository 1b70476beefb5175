// STS provider: answers who the caller is from the request's access key (a 12-digit key is the account).
// Without IAM users and roles yet, every caller is its account's root identity, as with root access keys on AWS.
import type { RequestContext } from '../../core/request-context.js';
import type { GetCallerIdentityRequest, GetCallerIdentityResponse, StsApi } from '../../generated/sts/api.js';
import { callerIdentity } from './caller-identity.js';

export class StsProvider implements Partial<StsApi> {
  async getCallerIdentity(ctx: RequestContext, _input: GetCallerIdentityRequest): Promise<GetCallerIdentityResponse> {
    return callerIdentity(ctx.account);
  }
}
