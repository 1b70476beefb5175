// readRequestBody + parse: names the operation (unknown → the protocol's unknown-operation error), reads the body
// unless the operation's payload is a streaming blob (S3 PutObject keeps its stream), then the codec builds the input.
import { AwsError } from '../../core/aws-error.js';
import type { OperationModel, Protocol, ServiceModel } from '../../core/model.js';
import { arrivedBody, readBody } from '../body.js';
import { streamSignatureVerifier } from '../../auth/chunk-signatures.js';
import type { KumoConfig } from '../../config.js';
import { DEFAULT_SECRET_ACCESS_KEY } from './authenticate.js';
import type { PipelineContext } from '../pipeline-context.js';

/** The error each protocol family answers for an operation the service does not have. */
export function unknownOperation(protocol: Protocol | undefined, name: string, version: string): AwsError {
  switch (protocol) {
    case 'query':
      // STS, IAM and the other query services answer an unknown Action this way.
      return new AwsError('InvalidAction', `Could not find operation ${name} for version ${version}`, { status: 400 });
    case 'ec2':
      return new AwsError('InvalidAction', `The action ${name} is not valid for this web service.`, { status: 400 });
    case 'rest-xml':
    case 'rest-json':
      // S3's answer to a method/resource combination it does not serve.
      return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', { status: 405 });
    default:
      return new AwsError('UnknownOperationException', `Unknown operation ${name}`, { status: 400 });
  }
}

/** Earlier API versions SQS still answers in its query form (clients of 2011-10-01 and 2009-02-01 exist). */
const OLDER_QUERY_VERSIONS: Readonly<Record<string, readonly string[]>> = { '2012-11-05': ['2011-10-01', '2009-02-01'] };

/**
 * The query protocol's Version must be one the service has: STS, IAM and the other query services answer InvalidAction
 * "Could not find operation X for version V"; SQS answers NoSuchVersion as AWS's older query services do ("The requested
 * version (V) of service S does not exist", github.com/aws/aws-sdk-php/issues/1217).
 */
function checkQueryVersion(model: ServiceModel, version: string | null, operation: string): void {
  const current = model.metadata.apiVersion;
  if (version === null || version === current || (OLDER_QUERY_VERSIONS[current] ?? []).includes(version)) return;
  // SQS: query-compatible without a query protocol of its own; its query front end is named by its target prefix.
  if (model.metadata.awsQueryCompatible && !model.metadata.protocols?.includes('query')) {
    const name = model.metadata.targetPrefix ?? model.metadata.serviceId;
    throw new AwsError('NoSuchVersion', `The requested version (${version}) of service ${name} does not exist`, { status: 400, queryCode: 'NoSuchVersion' });
  }
  throw unknownOperation('query', operation, version);
}

function requestedName(ctx: PipelineContext): string {
  return ctx.form?.get('Action') ?? ctx.query.get('Action') ?? ctx.wire.headers['x-amz-target']?.split('.').pop() ?? `${ctx.raw.method} ${ctx.wire.path}`;
}

export function hasStreamingPayload(model: ServiceModel, operation: OperationModel): boolean {
  const input = operation.input ? model.shapes[operation.input.shape] : undefined;
  if (!input?.payload) return false;
  const ref = input.members?.[input.payload];
  if (!ref) return false;
  const shape = model.shapes[ref.shape];
  return shape?.type === 'blob' && (shape.streaming === true || ref.streaming === true);
}

/** Names the operation and reads the body: buffered, unless the operation's payload is a streaming blob. */
export function readRequestBody(ctx: PipelineContext): Promise<void> | undefined {
  const { model, codec } = ctx;
  if (!model || !codec) return;
  const name = codec.resolveOperation(model, ctx.wire);
  const operation = name ? model.operations[name] : undefined;
  if (!name || !operation) throw unknownOperation(ctx.request.protocol, requestedName(ctx), ctx.form?.get('Version') ?? ctx.query.get('Version') ?? model.metadata.apiVersion);
  const params = ctx.form ?? (ctx.query.has('Action') ? ctx.query : undefined);
  if (ctx.request.protocol === 'query' && params) checkQueryVersion(model, params.get('Version'), name);
  ctx.operation = operation;
  // The model's key, not operation.name: CloudFront's names carry an API version (ListDistributions2020_05_31).
  ctx.request.operation = name;
  if (hasStreamingPayload(model, operation) && !Buffer.isBuffer(ctx.raw.body)) {
    ctx.wire.bodyStream = ctx.raw.body;
  } else if (!ctx.form) {
    const arrived = arrivedBody(ctx.raw.body);
    if (arrived !== undefined) ctx.wire.body = arrived;
    else return readBody(ctx.raw.body).then((body) => void (ctx.wire.body = body));
  }
  return undefined;
}

export function parse(ctx: PipelineContext): void {
  const { model, codec, operation } = ctx;
  if (!model || !codec || !operation) return;
  ctx.input = codec.parseInput(model, operation, ctx.wire);
}

/**
 * A service's own checks of a buffered body (S3 Content-MD5), before the codec reads it; a streaming body is handed
 * to the service's `streamingBody` hook with, under --enforce-iam, the means to check it against the signature.
 */
export function checkBody(config: KumoConfig) {
  return function checkBodyPhase(ctx: PipelineContext): void {
    const stream = ctx.wire.bodyStream;
    if (stream === undefined) {
      ctx.instance?.http?.checkBody?.(ctx.wire);
      return;
    }
    const auth = ctx.auth;
    const signed = config.enforceIam && auth !== undefined && !auth.presigned
      ? { chunks: streamSignatureVerifier(auth, DEFAULT_SECRET_ACCESS_KEY) }
      : undefined;
    ctx.instance?.http?.streamingBody?.(ctx.wire, stream, signed);
  };
}
