// THE ordered list of phases every AWS request passes through (DESIGN §3), then the response phases that always
// run. Each request phase may answer early by setting ctx.response or fail by throwing.
import type { WireResponse } from '../protocol/codec.js';
import type { PipelineContext } from './pipeline-context.js';

export type Phase = (ctx: PipelineContext) => void | Promise<void>;
export type ResponsePhase = (ctx: PipelineContext, response: WireResponse) => void;

export interface PhaseSet {
  /** A Host that is not loopback, --host, KUMO_ALLOWED_HOSTS or a name a service serves is refused (DNS rebinding). */
  checkHost: Phase;
  /** /_kumo/health, /_kumo/reset, /_kumo/clock, /_localstack/health, /moto-api/reset, the browser status page. */
  internalRoutes: Phase;
  /** Service and protocol from SigV4 scope, X-Amz-Target, RPC v2 path, host, then query Version; the service's
   *  descriptor and instance are resolved here, once. */
  routeService: Phase;
  /** OPTIONS: the service's preflight hook (S3 bucket CORS rules), else the answer for KUMO_CORS_ORIGINS; an actual
   *  request from a browser origin not allowed is refused for services without CORS rules of their own. */
  corsPreflight: Phase;
  /** SigV4 header or presigned query, parsed (malformed → the service's signature error). */
  authenticate: Phase;
  /** Access key → account; credential scope → region (global services pinned to us-east-1). */
  resolveAccountRegion: Phase;
  /** Operation name; body buffered unless the operation's payload streams. */
  readRequestBody: Phase;
  /** The signature checked against the body it covers, when IAM enforcement is on. */
  verifySignatures: Phase;
  /** The service's own checks of a buffered body (S3 Content-MD5). */
  checkBody: Phase;
  /** The codec turns the request into the operation's input. */
  parse: Phase;
  /** Required members, lengths, ranges, enums, patterns → AWS's validation errors (the service's style). */
  validate: Phase;
  /** IAM policy evaluation under --enforce-iam (phases/authorize.ts). */
  authorize: Phase;
  /** The operation table's handler; none → NotImplemented (501). */
  dispatch: Phase;
}

export interface ResponsePhaseSet {
  /** x-amzn-RequestId, or S3's x-amz-request-id and x-amz-id-2. */
  stampRequestId: ResponsePhase;
  /** CORS headers for a request with Origin: the service's own (S3 bucket rules), else those KUMO_CORS_ORIGINS grants. */
  applyCors: ResponsePhase;
}

/** The phases in order. The request id is assigned when the context is created; serialize follows the list. */
export function orderedPhases(p: PhaseSet): ReadonlyArray<[string, Phase]> {
  return [
    ['checkHost', p.checkHost],
    ['internalRoutes', p.internalRoutes],
    ['routeService', p.routeService],
    ['corsPreflight', p.corsPreflight],
    ['authenticate', p.authenticate],
    ['resolveAccountRegion', p.resolveAccountRegion],
    ['readRequestBody', p.readRequestBody],
    ['verifySignatures', p.verifySignatures],
    ['checkBody', p.checkBody],
    ['parse', p.parse],
    ['validate', p.validate],
    ['authorize', p.authorize],
    ['dispatch', p.dispatch],
  ];
}

/** The response phases in order, run on every response after serialize. */
export function orderedResponsePhases(p: ResponsePhaseSet): ReadonlyArray<[string, ResponsePhase]> {
  return [
    ['stampRequestId', p.stampRequestId],
    ['applyCors', p.applyCors],
  ];
}

export async function runPhases(ctx: PipelineContext, phases: ReadonlyArray<[string, Phase]>, timed: boolean): Promise<void> {
  try {
    for (const [name, phase] of phases) {
      if (ctx.response) return;
      if (timed) {
        const start = process.hrtime.bigint();
        await phase(ctx);
        ctx.timings.push([name, Number(process.hrtime.bigint() - start) / 1e6]);
      } else {
        // Most phases finish at once: only a phase that returns a promise is waited for (no turn per phase).
        const pending = phase(ctx);
        if (pending !== undefined) await pending;
      }
    }
  } catch (error) {
    ctx.error = error;
  }
}
