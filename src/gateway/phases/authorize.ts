// IAM enforcement (--enforce-iam): verifies signatures with the secret of the caller's access key (IAM user keys,
// STS session keys; `test` and 12-digit keys are their account's root, secret `test`), then authorizes each
// operation with the IAM evaluator: identity policies, boundaries, session policies and S3/SQS resource policies.
// Unsigned S3 requests are judged as the anonymous caller in every mode (bucket policy, ACLs, Block Public Access),
// also without the IAM service. authorizeCall is the same decision for in-process callers with an identity (MFT nodes).
import type { KumoConfig } from '../../config.js';
import { AwsError, isAwsError, notImplemented } from '../../core/aws-error.js';
import type { Clock } from '../../core/clock.js';
import { accountForAccessKey, verifySignature } from '../../auth/sigv4.js';
import { accessDeniedMessage } from '../../iam/access-denied.js';
import { resolveAuthorization, type ResolvedAuthorization } from '../../iam/action-map.js';
import { RequestContextKeys } from '../../iam/context.js';
import { encodeAuthorizationMessage } from '../../iam/authorization-message.js';
import type { ContextValue } from '../../iam/context.js';
import { evaluate, type Decision } from '../../iam/evaluate.js';
import type { CompiledPolicy } from '../../iam/compile.js';
import { PolicyCache } from '../../iam/policy-cache.js';
import type { Protocol } from '../../core/model.js';
import type { Principal } from '../../iam/principal.js';
import { SERVICE_AUTHORIZATION } from '../../iam/service-actions.js';
import type { ServiceRegistry } from '../../runtime/service-registry.js';
import { rootPrincipal, type IamInternal } from '../../services/iam/credentials.js';
import { canonicalUserId } from '../../services/s3/owner.js';
import type { S3Internal } from '../../services/s3/s3-internal.js';
import type { PublicAccessFacts } from '../../services/s3/buckets/public-access.js';
import type { PipelineContext } from '../pipeline-context.js';
import { coralAuthError, DEFAULT_SECRET_ACCESS_KEY } from './authenticate.js';
import { edgeIdentityOf } from '../edge-identity.js';

/** The caller of an unsigned S3 request; its account matches no real one, so every bucket is another account's. */
const ANONYMOUS: Principal = { type: 'anonymous', arn: '*', account: 'anonymous' };

function invalidToken(s3: boolean): AwsError {
  if (s3) return new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { status: 403 });
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', { status: 403 });
}

function expiredToken(s3: boolean): AwsError {
  if (s3) return new AwsError('ExpiredToken', 'The provided token has expired.', { status: 400 });
  return new AwsError('ExpiredToken', 'The security token included in the request is expired', { status: 403 });
}

// IAM's in-process interface, resolved once per registry: every signed request needs it twice (verify, authorize).
const iamInterfaces = new WeakMap<ServiceRegistry, IamInternal>();

async function iamOf(services: ServiceRegistry): Promise<IamInternal | undefined> {
  const hit = iamInterfaces.get(services);
  if (hit) return hit;
  const found = (await services.instance('iam'))?.internal as IamInternal | undefined;
  if (found) iamInterfaces.set(services, found);
  return found;
}

/** The 12-digit account an ARN names (arn:partition:service:region:account:…), or undefined (S3 buckets name none). */
function arnAccount(arn: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** Only S3 buckets and SQS queues carry resource policies that the authorize phase reads. */
const RESOURCE_POLICY_SERVICES = new Set(['s3', 'sqs']);

/** AssumeRoleWithWebIdentity and AssumeRoleWithSAML are called without credentials: the token is the proof
 *  (STS API reference, "Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials"). */
function unsignedStsCall(ctx: PipelineContext): boolean {
  if (ctx.serviceId !== 'sts' || !Buffer.isBuffer(ctx.wire.body)) return false;
  const action = new URLSearchParams(ctx.wire.body.toString('latin1')).get('Action') ?? new URLSearchParams(ctx.wire.query).get('Action');
  return action === 'AssumeRoleWithWebIdentity' || action === 'AssumeRoleWithSAML';
}

/** verifySignatures under enforcement: the secret comes from IAM; unknown keys are InvalidClientTokenId. */
export function verifyWithIam(config: KumoConfig, services: ServiceRegistry, clock: Clock) {
  return function verifySignaturesPhase(ctx: PipelineContext): Promise<void> | undefined {
    // The CloudFront edge's in-process S3 requests carry their identity (src/gateway/edge-identity.ts).
    const edge = edgeIdentityOf(ctx.raw);
    if (edge) {
      ctx.principal = edge.principal;
      return undefined;
    }
    if (!config.enforceIam) {
      // Unsigned S3 requests are anonymous even without enforcement (S3 user guide, "Access control": a request
      // without credentials is anonymous); signed ones keep kumo's trust.
      if (!ctx.auth && ctx.descriptor?.signatureStyle === 's3') ctx.principal = ANONYMOUS;
      return undefined;
    }
    return verify(ctx).catch((e: unknown) => {
      // DynamoDB names the same failures its own way (InvalidSignatureException 400, …).
      throw ctx.descriptor?.authErrors === 'coral' ? coralAuthError(e) : e;
    });
  };

  async function verify(ctx: PipelineContext): Promise<void> {
    const auth = ctx.auth;
    if (!auth && unsignedStsCall(ctx)) return;
    // S3 serves unsigned requests as the anonymous principal: bucket policies naming "*" and ACL grants to AllUsers
    // decide (S3 user guide, "Access control": anonymous requests).
    if (!auth && ctx.descriptor?.signatureStyle === 's3') {
      ctx.principal = ANONYMOUS;
      return;
    }
    if (!auth) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 });
    const s3 = ctx.descriptor?.signatureStyle === 's3';
    let secret = DEFAULT_SECRET_ACCESS_KEY;
    let principal: Principal;
    if (auth.accessKeyId === 'test' || /^\d{12}$/.test(auth.accessKeyId)) {
      principal = rootPrincipal(accountForAccessKey(auth.accessKeyId, config.defaultAccount));
    } else {
      const iam = await iamOf(services);
      const found = iam?.lookup(auth.accessKeyId, auth.securityToken, clock.now());
      if (found?.status === 'expired') throw expiredToken(s3);
      if (found?.status !== 'ok') throw invalidToken(s3);
      secret = found.secret;
      principal = found.principal;
    }
    const signed = ctx.pathAsSent === undefined ? ctx.wire : { ...ctx.wire, path: ctx.pathAsSent };
    // Signatures expire by wall time (SigV4's 15-minute skew), never by the runtime clock tests advance.
    verifySignature(signed, auth, secret, new Date());
    ctx.principal = principal;
    // A key belongs to its account: IAM users and role sessions act in the account that owns them.
    ctx.request.account = principal.account;
  }
}

/** One call to authorize: who asks for which operation on which input, in which account and region. The gateway
 *  builds it from a request; in-process callers with an identity of their own (an MFT node reading and writing
 *  s3:// files) pass it to InternalServices.invoke, so no HTTP request is faked. */
export interface AuthorizationCall {
  principal: Principal;
  service: string;
  operation: string;
  input: Record<string, unknown>;
  /** The account the call acts in (the principal's, under enforcement). */
  account: string;
  region: string;
  /** The service's protocol, which shapes the refusal (AccessDenied vs AccessDeniedException). */
  protocol: Protocol | undefined;
  /** aws:SourceIp, read only when a policy is evaluated. */
  sourceIp: () => string;
  /** Extra request context keys (the edge's aws:SourceArn/aws:SourceAccount). */
  context?: Readonly<Record<string, string>> | undefined;
}

/** Bucket ARNs carry no account: whether the bucket is the caller's comes from its owner (GetBucketAcl's Owner.ID).
 *  Answers the caller's account for its own buckets, and a marker for another account's. */
async function bucketAccount(services: ServiceRegistry, call: AuthorizationCall): Promise<string | undefined> {
  const { input, principal } = call;
  if (call.service !== 's3' || typeof input.Bucket !== 'string' || call.operation === 'CreateBucket') return undefined;
  try {
    const acl = await services.internal().invoke<{ Owner?: { ID?: string } }>('s3', 'GetBucketAcl', { account: principal.account, region: call.region }, { Bucket: input.Bucket });
    return acl.Owner?.ID === canonicalUserId(principal.account) ? principal.account : 'another-account';
  } catch (e) {
    if (isAwsError(e)) return undefined; // no such bucket: the operation answers NoSuchBucket
    throw e;
  }
}

/** What the authorize phase needs of IAM: the policy compiler and a principal's own policies. */
type PolicyAuthority = Pick<IamInternal, 'compile' | 'policiesFor'>;

/** Without the IAM service (KUMO_SERVICES leaving out iam) nobody has identity policies, but S3 still judges
 *  anonymous callers by bucket policy, ACLs and Block Public Access, so bucket policies compile here. */
const localPolicies = new PolicyCache(256);
const WITHOUT_IAM: PolicyAuthority = { compile: (document) => localPolicies.get(document), policiesFor: () => ({ identity: [] }) };

/** The resource policy of the bucket or queue a request names, read through the owning service. */
async function resourcePolicy(services: ServiceRegistry, call: AuthorizationCall, account: string, iam: PolicyAuthority): Promise<CompiledPolicy | undefined> {
  const internal = services.internal();
  const { input } = call;
  const scope = { account: /^\d{12}$/.test(account) ? account : call.account, region: call.region };
  try {
    if (call.service === 's3' && typeof input.Bucket === 'string' && call.operation !== 'CreateBucket') {
      const out = await internal.invoke<{ Policy?: string }>('s3', 'GetBucketPolicy', scope, { Bucket: input.Bucket });
      return out.Policy ? iam.compile(out.Policy) : undefined;
    }
    if (call.service === 'sqs' && typeof input.QueueUrl === 'string') {
      const out = await internal.invoke<{ Attributes?: Record<string, string> }>('sqs', 'GetQueueAttributes', scope, { QueueUrl: input.QueueUrl, AttributeNames: ['Policy'] });
      const policy = out.Attributes?.Policy;
      return policy ? iam.compile(policy) : undefined;
    }
  } catch (e) {
    // No policy, or no such bucket/queue: the operation itself answers that after authorization.
    if (isAwsError(e)) return undefined;
    throw e;
  }
  return undefined;
}

function contextKeys(call: AuthorizationCall, now: number): RequestContextKeys {
  const { principal } = call;
  const keys = new RequestContextKeys({
    'aws:PrincipalArn': principal.roleArn ?? principal.arn,
    'aws:PrincipalAccount': principal.account,
    'aws:PrincipalType': principal.type === 'root' ? 'Account' : principal.type === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': principal.userId,
    'aws:RequestedRegion': call.region,
    'aws:CurrentTime': new Date(now).toISOString(),
    'aws:EpochTime': String(Math.floor(now / 1000)),
    // kumo listens on plain HTTP on loopback.
    'aws:SecureTransport': 'false',
    'aws:SourceIp': call.sourceIp(),
  });
  if (principal.type === 'user') keys.set('aws:username', principal.arn.slice(principal.arn.lastIndexOf('/') + 1));
  for (const [k, v] of Object.entries(call.context ?? {})) keys.set(k, v);
  return keys;
}

/** The authorize phase: after validate, before dispatch. */
export function authorize(config: KumoConfig, services: ServiceRegistry, clock: Clock) {
  return function authorizePhase(ctx: PipelineContext): Promise<void> | undefined {
    const principal = ctx.principal;
    // Without enforcement only anonymous S3 callers and the edge's in-process requests are judged.
    if (!config.enforceIam && principal?.type !== 'anonymous' && !edgeIdentityOf(ctx.raw)) return undefined;
    return judge(ctx, principal);
  };

  async function judge(ctx: PipelineContext, principal: Principal | undefined): Promise<void> {
    const edge = edgeIdentityOf(ctx.raw);
    if (!principal || ctx.serviceId === undefined) return;
    const call: AuthorizationCall = {
      principal,
      service: ctx.serviceId,
      operation: ctx.request.operation,
      input: ctx.input ?? {},
      account: ctx.request.account,
      region: ctx.request.region,
      protocol: ctx.request.protocol,
      sourceIp: () => ctx.raw.headers['x-forwarded-for']?.split(',')[0]?.trim() ?? '127.0.0.1',
      context: edge?.context,
    };
    await authorizeCall(services, clock, call);
    ctx.missingKeyCheck = missingKeyCheck(services, clock, call);
  }
}

/**
 * S3's GetObject and HeadObject answer a missing key with 403 unless the caller may also s3:ListBucket the bucket, so
 * that a caller who cannot list cannot learn which keys exist (S3 API reference, GetObject and HeadObject,
 * "Permissions"). For such a call, the check to run when the operation ends in NoSuchKey: it throws the denial.
 */
export function missingKeyCheck(services: ServiceRegistry, clock: Clock, call: AuthorizationCall): (() => Promise<void>) | undefined {
  if (call.service !== 's3' || (call.operation !== 'GetObject' && call.operation !== 'HeadObject')) return undefined;
  const bucket = call.input['Bucket'];
  if (typeof bucket !== 'string') return undefined;
  return () => authorizeCall(services, clock, { ...call, operation: 'ListObjectsV2', input: { Bucket: bucket } });
}

/** Runs an operation; a NoSuchKey it throws first passes `check` (missingKeyCheck), whose denial replaces it. */
export async function withMissingKeyCheck<T>(check: (() => Promise<void>) | undefined, run: () => Promise<T>): Promise<T> {
  if (check === undefined) return run();
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsError && error.code === 'NoSuchKey') await check();
    throw error;
  }
}

/** Authorizes one call (identity policies, boundaries, session policies, the bucket or queue policy, S3 ACLs and
 *  Block Public Access); a refusal throws the service's AccessDenied. Callers decide whether enforcement applies. */
export async function authorizeCall(services: ServiceRegistry, clock: Clock, call: AuthorizationCall): Promise<void> {
  const { principal, service, operation } = call;
  // STS authorizes its own calls (AssumeRole checks the trust policy; GetCallerIdentity needs no permission).
  if (service === 'sts') return;
  // A root user is refused only by a resource policy's explicit deny; services without resource policies skip the work.
  if (principal.type === 'root' && service !== 's3' && service !== 'sqs') return;
  const declared = SERVICE_AUTHORIZATION[service];
  if (!declared) throw notImplemented(service, operation, 'IAM authorization (no action mapping declared for this service)');
  const unsupported = declared.unsupported?.[operation];
  if (unsupported) throw notImplemented(service, operation, `IAM authorization: ${unsupported}`);
  const input = call.input;
  const iam: PolicyAuthority = (await iamOf(services)) ?? WITHOUT_IAM;
  let parts: ResolvedAuthorization[];
  try {
    const scope = { region: call.region, account: call.account };
    const subRequests = declared.subRequests?.(operation, input);
    if (subRequests) {
      // Each part needs its own action on its own resource (a transaction's items); none left means the
      // operation refuses its input itself before touching anything.
      parts = [];
      for (const sub of subRequests) {
        const part = await resolveAuthorization(declared, sub.operation, sub.input, scope);
        parts.push(sub.conditionValues ? { ...part, conditionValues: { ...part.conditionValues, ...sub.conditionValues } } : part);
      }
      if (parts.length === 0) return;
    } else {
      const lookedUp = declared.lookupArns
        ? await declared.lookupArns(operation, input, (s, op, i) => services.internal().invoke(s, op, scope, i)).catch(() => undefined)
        : undefined;
      parts = [await resolveAuthorization(declared, operation, input, scope, lookedUp)];
    }
  } catch {
    throw notImplemented(service, operation, `IAM authorization (no action ${declared.prefix}:${operation} in the Service Authorization Reference)`);
  }
  const resolved = parts[0]!;
  const withPolicy = RESOURCE_POLICY_SERVICES.has(service);
  const firstAccount = arnAccount(resolved.resource) ?? (withPolicy ? await bucketAccount(services, call) : undefined) ?? call.account;
  const resource = withPolicy ? await resourcePolicy(services, call, firstAccount, iam) : undefined;
  if (principal.type === 'root' && !resource && firstAccount === principal.account) return;
  const now = clock.now();
  const context = contextKeys(call, now);
  const policies = { ...iam.policiesFor(principal), resource };
  // Every resource the request names must be allowed (EC2's RunInstances: image, subnet, groups, instance/*);
  // the first refused one is the one the message names.
  const outsider = service === 's3' && (principal.type === 'anonymous' || firstAccount !== principal.account);
  const publicAccess = outsider ? await s3PublicAccess(services, call) : undefined;
  // S3 tells an anonymous caller that a bucket does not exist (404 NoSuchBucket), so the operation answers; creating
  // one still needs credentials.
  if (principal.type === 'anonymous' && service === 's3' && typeof input.Bucket === 'string' && !publicAccess && operation !== 'CreateBucket') return;
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.conditionValues)) context.set(key, value);
    for (const arn of part.resources) {
      const resourceAccount = arn === resolved.resource ? firstAccount : (arnAccount(arn) ?? call.account);
      const decision = evaluate({ principal, action: part.action, resource: arn, resourceAccount, context }, policies);
      if (decision.decision === 'Deny') {
        // An ACL grant (to everyone, or to the caller's account) stands in for a resource policy's Allow; an
        // explicit Deny still wins. An IAM user or role of that account also needs its own policies to allow, so
        // the grant only fills in a missing resource-based allow (S3 user guide, "How Amazon S3 authorizes a
        // request": the object/bucket context is checked after the user context).
        const aclFills = principal.type === 'anonymous' || principal.type === 'root' || decision.policyType === 'resource-based';
        if (!decision.explicit && aclFills && publicAccess?.aclAllows === true && !publicAccess.restricted) continue;
        throw deniedError(call, part.action, arn, decision, part.conditionValues);
      }
      // RestrictPublicBuckets: a bucket with a public policy admits only its own account (and AWS services).
      if (publicAccess?.restricted === true && principal.type !== 'service') throw new AwsError('AccessDenied', 'Access Denied', { status: 403 });
    }
  }
}

/** S3's ACL facts (grants to everyone or to the caller's account, Block Public Access) for a caller outside the
 *  bucket's account. */
async function s3PublicAccess(services: ServiceRegistry, call: AuthorizationCall): Promise<PublicAccessFacts | undefined> {
  const { input, principal } = call;
  if (typeof input.Bucket !== 'string') return undefined;
  const s3 = (await services.instance('s3'))?.internal as S3Internal | undefined;
  return s3?.publicAccess({
    bucket: input.Bucket, key: typeof input.Key === 'string' ? input.Key : undefined,
    versionId: typeof input.VersionId === 'string' ? input.VersionId : undefined,
    operation: call.operation, authenticated: principal.type !== 'anonymous',
    callerCanonicalId: principal.type === 'anonymous' ? undefined : canonicalUserId(principal.account),
  });
}

/** The refusal in the service's shape: AccessDenied (query/XML, S3), AccessDeniedException (JSON), EC2's
 *  UnauthorizedOperation with its encoded authorization failure message. */
function deniedError(call: AuthorizationCall, action: string, resource: string, decision: Extract<Decision, { decision: 'Deny' }>, conditions: Readonly<Record<string, ContextValue>>): AwsError {
  const { service, principal } = call;
  const s3 = service === 's3';
  // S3 tells an anonymous caller no more than "Access Denied" (test_s3.snapshot.json, exception-no-sig-related-fields).
  if (s3 && principal.type === 'anonymous') return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  const message = accessDeniedMessage({ principalArn: principal.arn, action, resource: resource === '*' ? undefined : resource, quoteResource: s3 }, decision);
  if (service === 'ec2') {
    // "You are not authorized to perform this operation. User: … because no identity-based policy allows the
    // ec2:RunInstances action. Encoded authorization failure message: …" (AWS re:Post, "ec2-not-auth-launch"); the
    // Describe calls, which have no resource, carry no encoded message.
    const encoded = resource === '*' ? '' : `. Encoded authorization failure message: ${encodeAuthorizationMessage({
      explicitDeny: decision.explicit,
      principal: { id: principal.userId, name: principal.arn.slice(principal.arn.lastIndexOf('/') + 1), arn: principal.arn },
      action,
      resource,
      conditions: { 'aws:Region': call.region, ...conditions },
    })}`;
    return new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. ${message}${encoded}`, { status: 403 });
  }
  const protocol = call.protocol;
  const json = protocol === 'json' || protocol === 'rest-json' || protocol === 'smithy-rpc-v2-cbor';
  // JSON services answer AccessDeniedException with 400 (DynamoDB API reference, "Common errors"); query and XML
  // services and S3 AccessDenied with 403. SQS's JSON form also names the query code in x-amzn-query-error.
  if (service === 'sqs') return new AwsError(json ? 'AccessDeniedException' : 'AccessDenied', message, { status: 403, queryCode: 'AccessDenied' });
  // REST-JSON services (Lambda, kumo's MFT) answer AccessDeniedException with 403.
  return new AwsError(json ? 'AccessDeniedException' : 'AccessDenied', message, { status: json && protocol !== 'rest-json' ? 400 : 403 });
}
