// serialize + stampRequestId: the codec writes the output or the error in the protocol's shape (unknown exceptions
// become InternalFailure 500, stack to the log only), then the request id header of the service's style is added.
import { AwsError, internalFailure, isAwsError } from '../../core/aws-error.js';
import { hostId } from '../../core/ids.js';
import type { Protocol, ServiceModel } from '../../core/model.js';
import { codecFor } from '../../protocol/codecs.js';
import type { WireResponse } from '../../protocol/codec.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { Logger } from '../../core/logger.js';

/** The protocol to answer in when routing failed: what the request itself looks like. */
function guessProtocol(ctx: PipelineContext): Protocol {
  if (ctx.wire.headers['x-amz-target']) return 'json';
  if (ctx.wire.headers['smithy-protocol'] === 'rpc-v2-cbor') return 'smithy-rpc-v2-cbor';
  if (ctx.form || ctx.query.has('Action')) return 'query';
  // A signed request for a service kumo does not vendor is most likely rest-json (Lambda, and most services
  // AWS added since 2015): clients of every JSON protocol read the x-amzn-ErrorType header of a JSON error.
  if (/json/i.test(ctx.wire.headers['content-type'] ?? '') || (ctx.wire.headers['authorization'] && !ctx.serviceId)) return 'rest-json';
  return 'rest-xml';
}

function placeholderModel(protocol: Protocol): ServiceModel {
  return {
    metadata: { apiVersion: '', endpointPrefix: '', protocol, serviceId: 'kumo', jsonVersion: '1.0', xmlNamespace: 'https://kumo.local/doc/' },
    operations: {},
    shapes: {},
  };
}

/** The request stream failed because the client went away mid-body (closed or reset the connection). */
function isClientAbort(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error).code : undefined;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error instanceof Error && error.message === 'aborted');
}

function toAwsError(error: unknown, logger: Logger, ctx: PipelineContext): AwsError {
  if (isAwsError(error)) return error;
  if (isClientAbort(error)) {
    // Not a server fault: one line, no stack; nobody reads the answer.
    logger.info(`kumo: client disconnected during ${ctx.request.service}.${ctx.request.operation} [${ctx.request.requestId}]`);
    return new AwsError('IncompleteBody', 'The request body terminated unexpectedly', { status: 400 });
  }
  logger.error(`InternalFailure in ${ctx.request.service}.${ctx.request.operation} [${ctx.request.requestId}]`, error);
  return internalFailure();
}

export function serialize(ctx: PipelineContext, logger: Logger): WireResponse {
  if (ctx.response) return ctx.response;
  const serializeContext = { requestId: ctx.request.requestId };
  if (ctx.error === undefined && ctx.codec && ctx.model && ctx.operation) {
    try {
      return ctx.codec.serializeOutput(ctx.model, ctx.operation, ctx.output ?? {}, serializeContext);
    } catch (e) {
      ctx.error = e;
    }
  }
  const protocol = ctx.request.protocol ?? guessProtocol(ctx);
  const codec = ctx.codec ?? codecFor(protocol);
  const model = ctx.model ?? placeholderModel(protocol);
  const error = toAwsError(ctx.error, logger, ctx);
  const response = codec.serializeError(model, ctx.operation, error, serializeContext);
  for (const [name, value] of Object.entries(error.headers)) response.headers[name.toLowerCase()] = value;
  // A HEAD response never has a body (S3 answers errors to HEAD with the status and headers only), nor does a
  // 304 Not Modified (RFC 9110 §15.4.5), which S3 sends for a failed If-None-Match / If-Modified-Since.
  if (ctx.raw.method === 'HEAD' || response.status === 304) response.body = undefined;
  return response;
}

/** Response phase: every response carries the request id in the header style its service uses. */
export function stampRequestId(ctx: PipelineContext, response: WireResponse): void {
  const headers = response.headers;
  if (ctx.descriptor?.requestIds === 's3') {
    headers['x-amz-request-id'] = ctx.request.requestId;
    headers['x-amz-id-2'] ??= hostId();
  } else {
    headers['x-amzn-requestid'] = ctx.request.requestId;
  }
}
