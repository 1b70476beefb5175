// STS's operation table. GetCallerIdentity answers who the caller is from the request's access key (a 12-digit key
// is the account); without IAM users and roles yet, every caller is its account's root identity.
import type * as api from '../../generated/sts/api.js';
import { operationTable } from '../service-definition.js';
import { callerIdentity } from './caller-identity.js';

export const STS_OPERATIONS = operationTable<api.StsApi, undefined>()({
  GetCallerIdentity: (_sts, ctx) => callerIdentity(ctx.account),
});
