// The state one request carries through the pipeline: the raw request, what each phase learned about it
// (service, codec, operation, input), and the response or error that serialize turns into bytes.
import type { Readable } from 'node:stream';
import type { OperationModel, ServiceModel } from '../core/model.js';
import type { RequestContext } from '../core/request-context.js';
import type { Codec, Input, Output, WireRequest, WireResponse } from '../protocol/codec.js';
import type { SigV4Auth } from '../auth/sigv4.js';
import type { Principal } from '../iam/principal.js';
import type { FormParams } from '../protocol/shared/form.js';
import type { ServiceDescriptor, ServiceInstance } from '../services/service-definition.js';

/** A request as it reaches the gateway, from a socket or from a test calling `handle`. */
export interface GatewayRequest {
  method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  url: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer | Readable;
  /** The client's socket address (the CloudFront edge's viewer address for requests forwarded from 4566). */
  remoteAddress?: string;
}

export interface PipelineContext {
  readonly raw: GatewayRequest;
  readonly wire: WireRequest;
  /** The path as the client sent (and signed) it, when a service hook rewrote `wire.path` (S3 virtual hosts). */
  pathAsSent: string | undefined;
  /** Set by authorize for S3 GetObject/HeadObject: turns a NoSuchKey into 403 for a caller who may not list. */
  missingKeyCheck?: (() => Promise<void>) | undefined;
  readonly request: RequestContext;
  readonly query: URLSearchParams;
  /** A form-encoded request's parameters, parsed once by routeService and read again by the query codec. */
  form: FormParams | undefined;
  serviceId: string | undefined;
  /** The routed service's descriptor and live instance, resolved once by routeService. */
  descriptor: ServiceDescriptor | undefined;
  instance: ServiceInstance | undefined;
  model: ServiceModel | undefined;
  codec: Codec | undefined;
  operation: OperationModel | undefined;
  auth: SigV4Auth | undefined;
  /** Who the request acts as, set by signature verification when it judges the caller (under --enforce-iam, for
   *  anonymous S3 callers and the CloudFront edge's requests); authorize reads it. */
  principal: Principal | undefined;
  input: Input | undefined;
  output: Output | undefined;
  error: unknown;
  /** Set by a phase that answers on its own (internal routes, CORS preflight); later phases are skipped. */
  response: WireResponse | undefined;
  /** Phase timings for KUMO_DEBUG=pipeline. */
  timings: Array<[string, number]>;
}
