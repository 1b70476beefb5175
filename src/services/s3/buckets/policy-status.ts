// GetBucketPolicyStatus: whether a bucket policy makes the bucket public, as S3 judges it (S3 user guide, "The meaning
// of public"): an Allow statement whose principal is everyone ("*" or {"AWS": "*"}) and that no condition narrows.
import type { RequestContext } from '../../../core/request-context.js';
import type { GetBucketPolicyStatusOutput, GetBucketPolicyStatusRequest } from '../../../generated/s3/api.js';
import type { S3State } from '../s3-state.js';
import { bucketConfig } from './bucket-config-ops.js';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/**
 * Public when some Allow statement names everyone without a Condition. S3 also counts conditions that only look
 * like limits (e.g. on aws:UserAgent) as public; kumo takes any condition as a limit, so it may answer false there.
 */
export function isPublicPolicy(policy: string): boolean {
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = JSON.parse(policy) as { Statement?: Statement | Statement[] };
  } catch {
    return false;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.some((st) => st.Effect === 'Allow' && isEveryone(st.Principal) && (st.Condition === undefined || Object.keys(st.Condition).length === 0));
}

/** No policy is NoSuchBucketPolicy, as GetBucketPolicy answers. */
export function getBucketPolicyStatus(s: S3State, ctx: RequestContext, input: GetBucketPolicyStatusRequest): GetBucketPolicyStatusOutput {
  const { Policy } = bucketConfig.getPolicy(s, ctx, input.Bucket);
  return { PolicyStatus: { IsPublic: isPublicPolicy(Policy ?? '') } };
}
