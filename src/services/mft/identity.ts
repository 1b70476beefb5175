// The IAM identity an MFT node acts as in kumo's S3, modelled on HULFT Cloud Storage Option's Storage Authentication
// Information for Amazon S3 (research §7): an access key (+ secret, + session token) and/or a role to switch to.
import { AwsError } from '../../core/aws-error.js';
import type { Principal } from '../../iam/principal.js';
import { rootPrincipal, type IamInternal } from '../iam/credentials.js';
import type { Entity } from '../iam/iam-store.js';
import { assumedRole, checkTrust, ROLE_ARN } from '../sts/sessions.js';
import { DefinitionError } from './definitions.js';

/** HULFT's fields (keys access_key, secret_access_key, session_token, switch_role_arn, external_id,
 *  role_session_name of "List of fields in the Storage Authentication Information (Amazon S3)"). */
export interface S3Identity {
  accessKey?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  switchRoleArn?: string;
  externalId?: string;
  roleSessionName?: string;
}

const FIELDS: ReadonlyArray<[keyof S3Identity, string, number, number]> = [
  // [field, API name, min bytes, max bytes]: HULFT's limits.
  ['accessKey', 'AccessKey', 1, 255],
  ['secretAccessKey', 'SecretAccessKey', 1, 255],
  ['sessionToken', 'SessionToken', 1, 2048],
  ['switchRoleArn', 'SwitchRoleArn', 2, 2048],
  ['externalId', 'ExternalId', 2, 2048],
  ['roleSessionName', 'RoleSessionName', 2, 64],
];

/** Checks an identity as HULFT checks the Storage Authentication Information on import, plus what STS itself
 *  would refuse (a role ARN that does not parse, a session name outside 2–64 of [\w+=,.@-]). */
export function validateIdentity(id: S3Identity): S3Identity {
  const out: S3Identity = {};
  for (const [field, name, min, max] of FIELDS) {
    const v = id[field];
    if (v === undefined) continue;
    const bytes = Buffer.byteLength(v);
    // HULFT allows 255 bytes for the session name; STS AssumeRole allows 2–64 characters, which decides here.
    if (bytes < min || bytes > max) throw new DefinitionError(`${name} must be ${min} to ${max} bytes`);
    out[field] = v;
  }
  // "if you specify Session Token, you must specify … AWS Access Key [and] AWS Secret Access Key at the same time".
  if ((out.accessKey === undefined) !== (out.secretAccessKey === undefined)) throw new DefinitionError('AccessKey and SecretAccessKey must be given together');
  if (out.sessionToken !== undefined && out.accessKey === undefined) throw new DefinitionError('SessionToken needs AccessKey and SecretAccessKey');
  // "you must specify Switch Role ARN, External ID, and Role Session Name all at the same time".
  const role = [out.switchRoleArn, out.externalId, out.roleSessionName].filter((v) => v !== undefined).length;
  if (role !== 0 && role !== 3) throw new DefinitionError('SwitchRoleArn, ExternalId and RoleSessionName must be given together');
  if (out.accessKey === undefined && role === 0) throw new DefinitionError('an identity needs AccessKey and SecretAccessKey, or SwitchRoleArn, ExternalId and RoleSessionName');
  if (out.switchRoleArn !== undefined && !ROLE_ARN.test(out.switchRoleArn)) throw new DefinitionError(`SwitchRoleArn ${out.switchRoleArn} is not a role ARN`);
  if (out.roleSessionName !== undefined && !/^[\w+=,.@-]+$/.test(out.roleSessionName)) throw new DefinitionError('RoleSessionName may contain only letters, digits and +=,.@_-');
  return out;
}

/** The identity as ListNodes shows it: never the secret or the token. */
export function publicView(id: S3Identity): Record<string, string> {
  const out: Record<string, string> = {};
  if (id.accessKey !== undefined) out.AccessKey = id.accessKey;
  if (id.switchRoleArn !== undefined) Object.assign(out, { SwitchRoleArn: id.switchRoleArn, ExternalId: id.externalId, RoleSessionName: id.roleSessionName });
  return out;
}

/** The IAM user (or STS session) an access key belongs to; the secret (and token) must match, as a signature would. */
function keyPrincipal(id: S3Identity, iam: IamInternal, defaultAccount: string, now: number): Principal {
  const key = id.accessKey!;
  // kumo's root keys: `test` and 12-digit account ids, secret `test` (the gateway's rule).
  if (key === 'test' || /^\d{12}$/.test(key)) {
    if (id.secretAccessKey !== 'test') throw new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', { status: 403 });
    return rootPrincipal(key === 'test' ? defaultAccount : key);
  }
  const found = iam.lookup(key, id.sessionToken, now);
  if (found.status === 'expired') throw new AwsError('ExpiredToken', 'The provided token has expired.', { status: 400 });
  if (found.status !== 'ok') throw new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { status: 403 });
  if (found.secret !== id.secretAccessKey) throw new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', { status: 403 });
  return found.principal;
}

/** The role an identity switches to; a missing role is STS's AccessDenied (it never says a role does not exist). */
function switchRole(id: S3Identity & { switchRoleArn: string }, iam: IamInternal, base: Principal): Entity {
  const [, account = '', name = ''] = ROLE_ARN.exec(id.switchRoleArn) ?? [];
  const role = iam.role(account, name);
  if (!role || role.arn !== id.switchRoleArn) throw new AwsError('AccessDenied', `User: ${base.arn} is not authorized to perform: sts:AssumeRole on resource: ${id.switchRoleArn}`, { status: 403 });
  return role;
}

function basePrincipal(id: S3Identity, iam: IamInternal, defaultAccount: string, now: number): Principal {
  return id.accessKey !== undefined ? keyPrincipal(id, iam, defaultAccount, now) : rootPrincipal(defaultAccount);
}

/** When the identity is set: the key must exist with that secret and the role must exist. The trust policy is not
 *  checked here (it may be granted later); every S3 call checks it. */
export function checkIdentity(id: S3Identity, iam: IamInternal, defaultAccount: string, now: number): void {
  const base = basePrincipal(id, iam, defaultAccount, now);
  if (id.switchRoleArn !== undefined) switchRole({ ...id, switchRoleArn: id.switchRoleArn }, iam, base);
}

/** Who the node acts as now: the key's principal, or the role session switched to from it (from the default
 *  account's root without a key). The trust policy is checked on every use, so a change applies to the next call. */
export function resolvePrincipal(id: S3Identity | undefined, iam: IamInternal | undefined, defaultAccount: string, now: number): Principal {
  if (!id) return rootPrincipal(defaultAccount);
  if (!iam) throw new AwsError('InvalidAccessKeyId', 'IAM is not enabled in this kumo, so the node identity cannot be resolved.', { status: 403 });
  const base = basePrincipal(id, iam, defaultAccount, now);
  if (id.switchRoleArn === undefined) return base;
  const role = switchRole({ ...id, switchRoleArn: id.switchRoleArn }, iam, base);
  checkTrust(iam, base, role, id.externalId);
  return assumedRole(role, id.roleSessionName!);
}
