// authenticate + resolveAccountRegion: reads the SigV4 signature (header or presigned query) and maps the access key
// to an account (a 12-digit key is the account) and the scope to a region; authorize.ts verifies it under enforcement.
import type { KumoConfig } from '../../config.js';
import { AwsError } from '../../core/aws-error.js';
import { accountForAccessKey, parseAuthorization } from '../../auth/sigv4.js';
import type { PipelineContext } from '../pipeline-context.js';
import { edgeIdentityOf } from '../edge-identity.js';

export const DEFAULT_REGION = 'us-east-1';

/** The secret kumo accepts for any access key when enforcement is on and IAM has no key of that id yet. */
export const DEFAULT_SECRET_ACCESS_KEY = 'test';

/** Reads the SigV4 signature (header or presigned query); malformed ones are refused here, before any work. */
export function authenticate(ctx: PipelineContext): void {
  ctx.auth = parseAuthorization(ctx.wire, { s3: ctx.descriptor?.signatureStyle === 's3' });
}

/** With IAM enforcement on, checks the signature once the body it covers has been read (or is known to stream). */
/** DynamoDB's names for the same failures: "InvalidSignatureException: Signature expired: … - 15 min.)" with 400
 *  (as its users report it, e.g. github.com/aws/aws-sdk-js/issues/254), MissingAuthenticationTokenException 400. */
export function coralAuthError(e: unknown): unknown {
  if (!(e instanceof AwsError)) return e;
  if (e.code === 'SignatureDoesNotMatch') return new AwsError('InvalidSignatureException', e.message, { status: 400 });
  if (e.code === 'MissingAuthenticationToken') return new AwsError('MissingAuthenticationTokenException', e.message, { status: 400 });
  return e;
}

export function resolveAccountRegion(config: KumoConfig) {
  return function resolveAccountRegionPhase(ctx: PipelineContext): void {
    const accessKeyId = ctx.auth?.accessKeyId;
    ctx.request.accessKeyId = accessKeyId;
    ctx.request.account = accountForAccessKey(accessKeyId, config.defaultAccount);
    const region = ctx.auth?.region;
    // Global services (the descriptor's scope) keep their state in us-east-1 whatever region was signed.
    ctx.request.region = ctx.descriptor?.scope === 'global' || !region ? DEFAULT_REGION : region;
    // In-process requests that name their scope (S3 POST Object's stored upload) act there.
    const scope = edgeIdentityOf(ctx.raw)?.scope;
    if (scope) {
      ctx.request.account = scope.account;
      ctx.request.region = scope.region;
    }
  };
}
