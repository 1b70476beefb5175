// The AccessDenied message in AWS's current form: "User: <arn> is not authorized to perform: <action> on resource:
// <arn> because no identity-based policy allows the <action> action" (IAM User Guide, "Troubleshoot access denied
// error messages"; the policy ARN after an explicit deny is the 2025 "Enhanced access denied error messages" change).
import { AwsError } from '../core/aws-error.js';
import type { Decision } from './evaluate.js';

export interface DeniedRequest {
  principalArn: string;
  action: string;
  /** Omitted for actions without a resource (the clause is left out, as AWS does). */
  resource?: string | undefined;
  /** S3 writes the resource in double quotes. */
  quoteResource?: boolean;
}

const ARTICLE: Record<string, string> = {
  'identity-based': 'an identity-based policy',
  'resource-based': 'a resource-based policy',
  'permissions boundary': 'a permissions boundary',
  session: 'a session policy',
};

const NO_POLICY: Record<string, string> = {
  'identity-based': 'no identity-based policy',
  'resource-based': 'no resource-based policy',
  'permissions boundary': 'no permissions boundary',
  session: 'no session policy',
};

export function accessDeniedMessage(req: DeniedRequest, decision: Extract<Decision, { decision: 'Deny' }>): string {
  const resource = req.resource === undefined ? '' : ` on resource: ${req.quoteResource ? `"${req.resource}"` : req.resource}`;
  const head = `User: ${req.principalArn} is not authorized to perform: ${req.action}${resource}`;
  if (decision.explicit) {
    // The denying policy's ARN is named when it is a managed policy; inline policies have none.
    const arn = decision.policyArn ? `: ${decision.policyArn}` : '';
    return `${head} with an explicit deny in ${ARTICLE[decision.policyType]}${arn}`;
  }
  return `${head} because ${NO_POLICY[decision.policyType]} allows the ${req.action} action`;
}

/** The error code a protocol uses: JSON services say AccessDeniedException, query/XML services and S3 AccessDenied. */
export function accessDeniedCode(protocol: string | undefined): 'AccessDenied' | 'AccessDeniedException' {
  return protocol === 'json' || protocol === 'rest-json' || protocol === 'smithy-rpc-v2-cbor' ? 'AccessDeniedException' : 'AccessDenied';
}

export function accessDeniedError(protocol: string | undefined, message: string): AwsError {
  return new AwsError(accessDeniedCode(protocol), message, { status: 403 });
}
