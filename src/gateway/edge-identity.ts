// Identities of requests the CloudFront edge makes to S3 in process: the service principal
// cloudfront.amazonaws.com (OAC, with aws:SourceArn/aws:SourceAccount), an OAI user, or anonymous. They are attached
// to the request object itself, which no network client can create, and are always authorized (even without
// --enforce-iam), as S3 authorizes every CloudFront origin request ("Restrict access to an Amazon S3 origin").
import type { Principal } from '../iam/principal.js';
import type { GatewayRequest } from './pipeline-context.js';

export interface EdgeIdentity {
  principal: Principal;
  /** Extra request context keys (aws:SourceArn, aws:SourceAccount). */
  context: Record<string, string>;
  /** The account and region the request acts in (S3 POST Object: the form's signer, the bucket's region); without
   *  it, the gateway's default account and us-east-1. */
  scope?: { account: string; region: string };
}

const identities = new WeakMap<GatewayRequest, EdgeIdentity>();

export function markEdgeRequest(req: GatewayRequest, identity: EdgeIdentity): GatewayRequest {
  identities.set(req, identity);
  return req;
}

export function edgeIdentityOf(req: GatewayRequest): EdgeIdentity | undefined {
  return identities.get(req);
}
