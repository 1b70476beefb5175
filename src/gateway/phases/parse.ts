// parse: names the operation (unknown → the protocol's unknown-operation error), reads the body unless the
// operation's payload is a streaming blob (S3 PutObject keeps its stream), and lets the codec build the input.
import { AwsError } from '../../core/aws-error.js';
import type { OperationModel, Protocol, ServiceModel } from '../../core/model.js';
import { readBody } from '../body.js';
import type { PipelineContext } from '../pipeline-context.js';

/** The error each protocol family answers for an operation the service does not have. */
export function unknownOperation(protocol: Protocol | undefined, name: string): AwsError {
  switch (protocol) {
    case 'query':
    case 'ec2':
      // IAM/STS/EC2 wording for an Action they do not know.
      return new AwsError('InvalidAction', `The action ${name} is not valid for this web service.`, { status: 400 });
    case 'rest-xml':
    case 'rest-json':
      // S3's answer to a method/resource combination it does not serve.
      return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', { status: 405 });
    default:
      return new AwsError('UnknownOperationException', `Unknown operation ${name}`, { status: 400 });
  }
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

export async function parse(ctx: PipelineContext): Promise<void> {
  const { model, codec } = ctx;
  if (!model || !codec) return;
  const name = codec.resolveOperation(model, ctx.wire);
  const operation = name ? model.operations[name] : undefined;
  if (!operation) throw unknownOperation(ctx.request.protocol, requestedName(ctx));
  ctx.operation = operation;
  ctx.request.operation = operation.name;
  if (hasStreamingPayload(model, operation) && !Buffer.isBuffer(ctx.raw.body)) {
    ctx.wire.bodyStream = ctx.raw.body;
  } else if (!ctx.form) {
    ctx.wire.body = await readBody(ctx.raw.body);
  }
  ctx.input = codec.parseInput(model, operation, ctx.wire);
}
