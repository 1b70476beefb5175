// How a service plugs into kumo: one descriptor per service (the facts routing and the pipeline need, read once at
// routing) and a `load` that builds its instance: an operation table, HTTP hooks, components and an in-process API.
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { StreamSignatureVerifier } from '../auth/chunk-signatures.js';
import type { KumoConfig } from '../config.js';
import type { HostRule } from '../gateway/allowed-hosts.js';
import type { RequestContext } from '../core/request-context.js';
import type { Logger } from '../core/logger.js';
import type { WireRequest, WireResponse } from '../protocol/codec.js';
import type { GatewayRequest } from '../gateway/pipeline-context.js';
import type { Clock, Scheduler } from '../core/clock.js';
import type { Component } from '../runtime/component.js';
import type { Endpoints } from '../runtime/endpoints.js';
import type { Tasks } from '../runtime/tasks.js';
import type { BlobStore } from '../store/blob-store.js';
import type { StateStore } from '../store/state-store.js';
import type { Principal } from '../iam/principal.js';

/**
 * How a service reports input that breaks the model's constraints. `coral`: "1 validation error detected: Value null
 * at 'tableName' failed to satisfy constraint: Member must not be null" (DynamoDB, STS, IAM, CloudWatch, Firehose;
 * recorded in aws-recordings/cloudwatch and sts; WAFv2 too). `missing-parameter`: only missing members, as MissingParameter "The
 * request must contain the parameter X." (SQS, EC2; aws-recordings/sqs "missing-parameter"). `none`: the service
 * validates in its own rules (S3, Route 53, CloudFront).
 */
export type ValidationStyle = 'coral' | 'missing-parameter' | 'none';

export interface ServiceDescriptor<S = unknown> {
  /** The kumo service id: the @aws-sdk/client-<id> suffix and the src/generated/<id> folder. */
  readonly id: string;
  /** Global services (IAM, Route 53, CloudFront) keep state in us-east-1 whatever region the client names. */
  readonly scope: 'regional' | 'global';
  readonly validation: ValidationStyle;
  /** S3 answers with x-amz-request-id and x-amz-id-2; every other service with x-amzn-RequestId. */
  readonly requestIds?: 's3' | 'amzn';
  /** S3's signing rules: SigV2 presigned URLs, x-amz-content-sha256 and UNSIGNED-PAYLOAD. */
  readonly signatureStyle?: 's3' | 'standard';
  /** How authentication failures are named: `coral` (DynamoDB and the JSON services of its era) answers
   *  InvalidSignatureException and MissingAuthenticationTokenException with 400; others SignatureDoesNotMatch and
   *  MissingAuthenticationToken with 403. */
  readonly authErrors?: 'coral' | 'standard';
  /** Host names this service answers beyond kumo's own (S3: `<bucket>.s3.<allowed name>`): checked against DNS
   *  rebinding before any routing (src/gateway/allowed-hosts.ts). */
  readonly hostRule?: HostRule;
  /** Answers public sites at Host names kumo otherwise refuses, through its `http.site` hook (S3: a custom domain
   *  named like a bucket with a website configuration). */
  readonly siteHosts?: boolean;
  /** Loaded and started at boot, because it has background work; request-only services load on first use. */
  readonly eager?: boolean | ((config: KumoConfig) => boolean);
  /** Services this one calls in process; loaded first. */
  readonly dependsOn?: readonly string[];
  /** Builds the instance; heavy modules are imported inside so that startup stays fast. */
  load(deps: ServiceDeps): Promise<ServiceInstance<S>>;
}

export interface ServiceDeps {
  store: StateStore;
  blobs: BlobStore;
  /** The runtime clock (src/runtime/clock.ts): now() for every AWS time, and a Scheduler; tests advance it. */
  clock: Clock & Scheduler;
  tasks: Tasks;
  endpoints: Endpoints;
  config: KumoConfig;
  logger: Logger;
  internal: InternalServices;
  /** The gateway's in-process request handling (same pipeline as a network request): the CloudFront edge sends
   *  its S3 origin requests through it. Optional: harnesses without a gateway leave it out. */
  gateway?: {
    handle(request: GatewayRequest): Promise<WireResponse>;
    /** Serves a connection made elsewhere (EC2's API endpoint inside the VPCs) as if the HTTP listener had accepted
     *  it; false while kumo does not listen. */
    accept?(socket: Socket): boolean;
  };
}

/** One operation's handler: the service's shared context, the request, the typed input. Declared as a method so
 *  that a table of a service's handlers can be stored where handlers of `unknown` are expected (bivariance). */
export type OperationHandler<S> = { handle(service: S, ctx: RequestContext, input: never): unknown }['handle'];

/**
 * An operation table typed against a generated `XxxApi` interface: keys are AWS operation names (`CreateQueue`),
 * values take the service context, the request context and the operation's input type, and return its output type
 * (or nothing for operations with an empty output).
 */
export type OperationTable<Api, S> = {
  [K in keyof Api as K extends string ? Capitalize<K> : never]?: Api[K] extends (ctx: RequestContext, input: infer I) => Promise<infer O>
    ? (service: S, ctx: RequestContext, input: I) => O | Promise<O> | (Record<string, never> extends O ? void | Promise<void> : never)
    : never;
};

export interface ServiceInstance<S = unknown> {
  context: S;
  /** AWS operation name → handler; operations missing here answer NotImplemented (501). */
  operations: Readonly<Record<string, OperationHandler<S> | undefined>>;
  /** Runs before every operation of this service (S3 checks ExpectedBucketOwner here). */
  beforeEach?(service: S, ctx: RequestContext, input: Record<string, unknown>, operation: string): void;
  http?: HttpHooks;
  /** Long-running parts the runtime starts after load and stops at shutdown. */
  components?: readonly Component[];
  /** Drops in-memory caches after POST /_kumo/reset wiped the store. */
  reset?(): void | Promise<void>;
  /** Shutdown has begun: release requests that wait (SQS long polls answer at once) before the listener drains. */
  drain?(): void;
  /** The narrow in-process interface other services may call (InternalServices.get). */
  internal?: object;
}

/** Who an in-process call acts as when it must be authorized like a request (an MFT node's IAM identity). */
export interface InternalCaller {
  principal: Principal;
  /** aws:SourceIp of the call (the node's loopback address); 127.0.0.1 when absent. */
  sourceIp?: string;
}

export interface InternalServices {
  /** Calls another service's operation in process (no HTTP): model validation and dispatch as for a request. With a
   *  caller and --enforce-iam, the call is first authorized as that caller (identity and resource policies). */
  invoke<O = Record<string, unknown>>(service: string, operation: string, scope: { account: string; region: string }, input: Record<string, unknown>, caller?: InternalCaller): Promise<O>;
  /** Authorizes a call as `caller` without making it (a no-op without --enforce-iam); a refusal throws AccessDenied. */
  authorize(service: string, operation: string, scope: { account: string; region: string }, input: Record<string, unknown>, caller: InternalCaller): Promise<void>;
  /** Another service's `internal` object, loading it if needed; undefined when that service is disabled. */
  get<T>(service: string): Promise<T | undefined>;
}

export function defineService<S>(descriptor: ServiceDescriptor<S>): ServiceDescriptor<S> {
  return descriptor;
}

/** Builds an operation table with its types checked against the generated API (`table<SqsApi, SqsContext>()({...})`). */
export function operationTable<Api, S>() {
  return (table: OperationTable<Api, S>): Readonly<Record<string, OperationHandler<S> | undefined>> =>
    table;
}

/** The property the coverage pages read on a handler that checks its input as AWS does and then answers 501. */
export const NOT_IMPLEMENTED_FEATURE = 'notImplementedFeature';

/**
 * Marks a handler that validates (unknown resources, AWS's recorded refusals) but always ends in NotImplemented for
 * `feature`: the coverage pages then list the operation as not implemented instead of counting it.
 */
export function validatesThenNotImplemented<H extends (...args: never[]) => unknown>(feature: string, handler: H): H {
  Object.defineProperty(handler, NOT_IMPLEMENTED_FEATURE, { value: feature });
  return handler;
}

/**
 * HTTP-level behaviour a service adds around its operations. S3 uses it for virtual-hosted and accelerate hosts and
 * for bucket CORS rules; services without hooks get the gateway's path routing.
 */
export interface HttpHooks {
  /** Called once the request is routed to the service: may rewrite it to the form its codec reads (S3:
   *  `<bucket>.s3.<host>/key` → `/<bucket>/key`), or throw an AwsError to refuse it (acceleration not enabled). */
  rewrite?: (req: WireRequest) => void;
  /** An OPTIONS request: the service's own preflight answer (a response, or a thrown AwsError), or undefined to
   *  leave it to the gateway. */
  preflight?: (req: WireRequest) => WireResponse | undefined;
  /** The CORS headers for a request carrying Origin (an empty object sends none), or undefined for the gateway's
   *  own. `req` is the request as rewritten. */
  corsHeaders?: (req: WireRequest) => Record<string, string> | undefined;
  /** Called once a non-streaming body has been read: may throw the service's integrity error (S3 Content-MD5). */
  checkBody?: (req: WireRequest) => void;
  /** Called for a body left streaming (S3 PutObject, UploadPart), before the codec reads it: the service notes how
   *  it is framed. `signed` is set when --enforce-iam verified the request's signature: the body must then match
   *  what was signed (a hex x-amz-content-sha256, or the chunk signatures it verifies). */
  streamingBody?: (req: WireRequest, body: Readable, signed: SignedBody | undefined) => void;
  /** A request the service answers itself, outside its operation table (S3 POST Object: a browser form whose fields
   *  carry the signature and the key), called after `rewrite` with the body as received; undefined lets the
   *  pipeline go on. The answer still gets the request id and CORS phases. `requestId` is the one the answer's
   *  headers will carry (S3 website error pages print it). */
  serve?: (req: WireRequest, body: Buffer | Readable, requestId: string) => Promise<WireResponse> | undefined;
  /** A request whose Host the DNS-rebinding check would refuse (services with `siteHosts`): the service's public
   *  site at that name (S3: an unsigned request to a custom domain named like a website bucket), or undefined to let
   *  it be refused. Such a request reaches only this hook: no internal route, other service or operation sees it. */
  site?: (req: WireRequest, requestId: string) => Promise<WireResponse> | undefined;
}

/** What the gateway hands a service to verify a streaming body against the request's verified signature. */
export interface SignedBody {
  /** Checks aws-chunked chunk and trailer signatures, chained from the request's signature. */
  chunks: StreamSignatureVerifier;
}
