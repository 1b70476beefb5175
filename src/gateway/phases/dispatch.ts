// validate + dispatch: checks the input against the model's constraints in the service's validation style, then
// calls the operation table's handler; an operation without one answers NotImplemented (501), never silence.
import { notImplemented } from '../../core/aws-error.js';
import { callOperation, operationOutput, startOperation, validateOperationInput } from '../../runtime/invoke.js';
import type { PipelineContext } from '../pipeline-context.js';
import { withMissingKeyCheck } from './authorize.js';

export function validate(ctx: PipelineContext): void {
  const { model, operation, input, descriptor } = ctx;
  if (!model || !operation || !input || !descriptor) return;
  validateOperationInput(descriptor, model, ctx.request.operation, input, ctx.request.protocol ?? 'json');
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Returns a promise only when the operation does (or an S3 missing-key check wraps it): an operation that answers
 *  at once is serialized in the same turn, without the promise hops of an async call chain. */
export function dispatch(ctx: PipelineContext): Promise<void> | undefined {
  const { model, operation, instance } = ctx;
  if (!model || !operation) return undefined;
  if (!instance) throw notImplemented(model.metadata.serviceId, ctx.request.operation);
  const input = ctx.input ?? {};
  if (ctx.missingKeyCheck !== undefined) {
    return withMissingKeyCheck(ctx.missingKeyCheck, () => callOperation(instance, model, ctx.request, input)).then((output) => void (ctx.output = output));
  }
  const result = startOperation(instance, model, ctx.request, input);
  if (isThenable(result)) return Promise.resolve(result).then((output) => void (ctx.output = operationOutput(output)));
  ctx.output = operationOutput(result);
  return undefined;
}
