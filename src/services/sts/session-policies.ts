// What AssumeRole, AssumeRoleWithWebIdentity and GetFederationToken share: session policies (inline and managed ARNs,
// resolved when issued), their packed size, and the Credentials shape of an issued session.
import { AwsError } from '../../core/aws-error.js';
import type * as api from '../../generated/sts/api.js';
import { parsePolicy } from '../../iam/policy-document.js';
import type { StsContext } from './context.js';

export function sessionPolicies(sts: StsContext, account: string, policy: string | undefined, arns: readonly api.PolicyDescriptorType[] | undefined): string[] {
  const out: string[] = [];
  if (policy !== undefined) {
    parsePolicy(policy); // MalformedPolicyDocument for unreadable JSON
    out.push(policy);
  }
  for (const d of arns ?? []) {
    const doc = d.arn === undefined ? undefined : sts.iam.managedDocument(account, d.arn);
    if (doc === undefined) throw new AwsError('InvalidParameterValue', `The policy ${d.arn ?? ''} does not exist or is not attachable.`, { status: 400 });
    out.push(doc);
  }
  return out;
}

/** PackedPolicySize: the percentage of the packed-policy limit the session policies use [D: proportional estimate]. */
export function packedSize(policies: readonly string[]): number {
  return policies.length === 0 ? 0 : Math.min(100, Math.ceil((policies.join('').length / 2048) * 100));
}

export function credentialsOf(issued: { accessKeyId: string; secret: string; sessionToken: string; expiresAt: number }): api.Credentials {
  return { AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secret, SessionToken: issued.sessionToken, Expiration: new Date(issued.expiresAt) };
}
