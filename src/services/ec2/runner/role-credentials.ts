// An instance profile's role credentials for the metadata service: the profile's role found through IAM in process,
// a session issued as EC2 does (assumed-role/<role>/<instance-id>, six hours), reused until five minutes before expiry.
import type { InternalServices } from '../../service-definition.js';
import type { IamInternal } from '../../iam/credentials.js';
import type { InstanceRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import type { RoleCredentials } from './imds.js';

/** EC2 hands out role credentials valid for about six hours and rotates them ahead of expiry. */
const SESSION_SECONDS = 6 * 3600;
const REFRESH_BEFORE_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function roleCredentialSource(internal: InternalServices, now: () => number) {
  const cache = new Map<string, { role: string; credentials: RoleCredentials; expiresAt: number }>();
  return async (scope: Scope, i: InstanceRecord): Promise<{ role: string; credentials: RoleCredentials } | undefined> => {
    const arn = i.IamInstanceProfile?.Arn;
    if (!arn) return undefined;
    const hit = cache.get(i.InstanceId!);
    if (hit && hit.expiresAt - REFRESH_BEFORE_MS > now()) return hit;
    const iam = await internal.get<IamInternal>('iam');
    if (!iam) return undefined;
    let roleName: string | undefined;
    try {
      const r = await internal.invoke<{ InstanceProfile?: { Roles?: { RoleName?: string }[] } }>('iam', 'GetInstanceProfile', { account: scope.account, region: 'us-east-1' }, { InstanceProfileName: arn.slice(arn.lastIndexOf('/') + 1) });
      roleName = r.InstanceProfile?.Roles?.[0]?.RoleName;
    } catch {
      return undefined; // the profile is gone: IMDS lists no credentials, as with a profile without a role
    }
    const role = roleName === undefined ? undefined : iam.role(scope.account, roleName);
    if (!role) return undefined;
    const session = i.InstanceId!;
    const issued = iam.issueSession(scope.account, {
      type: 'assumed-role', arn: `arn:aws:sts::${scope.account}:assumed-role/${role.name}/${session}`, account: scope.account,
      userId: `${role.id}:${session}`, roleArn: role.arn,
    }, [], SESSION_SECONDS, undefined);
    const entry = {
      role: role.name,
      credentials: { AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secret, Token: issued.sessionToken, Expiration: iso(issued.expiresAt), LastUpdated: iso(now()) },
      expiresAt: issued.expiresAt,
    };
    cache.set(session, entry);
    return entry;
  };
}
