// STS's operation table: who the caller is (root, IAM user, assumed role, federated user), AssumeRole,
// AssumeRoleWithWebIdentity, GetSessionToken and GetFederationToken issuing temporary credentials kept by IAM,
// GetAccessKeyInfo and DecodeAuthorizationMessage.
import type * as api from '../../generated/sts/api.js';
import { operationTable } from '../service-definition.js';
import type { StsContext } from './context.js';
import { decodeAuthorizationMessage } from './decode.js';
import { getFederationToken } from './federation.js';
import { assumeRoleWithWebIdentity } from './web-identity.js';
import { assumeRole, getAccessKeyInfo, getCallerIdentity, getSessionToken } from './sessions.js';

export const STS_OPERATIONS = operationTable<api.StsApi, StsContext>()({
  GetCallerIdentity: (sts, ctx) => getCallerIdentity(sts, ctx),
  AssumeRole: assumeRole,
  GetSessionToken: getSessionToken,
  GetAccessKeyInfo: getAccessKeyInfo,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
  GetFederationToken: getFederationToken,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
});
