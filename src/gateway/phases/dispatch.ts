// validate + dispatch: checks the input against the model's constraints in the service's validation style, then
// calls the operation table's handler; an operation without one answers NotImplemented (501), never silence.
import { notImplemented } from '../../core/aws-error.js';
import { callOperation, validateOperationInput } from '../../runtime/invoke.js';
import type { PipelineContext } from '../pipeline-context.js';
import { withMissingKeyCheck } from './authorize.js';

export function validate(ctx: PipelineContext): void {
  const { model, operation, input, descriptor } = ctx;
  if (!model || !operation || !input || !descriptor) return;
  validateOperationInput(descriptor, model, ctx.request.operation, input, ctx.request.protocol ?? 'json');
}

export async function dispatch(ctx: PipelineContext): Promise<void> {
  const { model, operation, instance } = ctx;
  if (!model || !operation) return;
  if (!instance) throw notImplemented(model.metadata.serviceId, ctx.request.operation);
  ctx.output = await withMissingKeyCheck(ctx.missingKeyCheck, () => callOperation(instance, model, ctx.request, ctx.input ?? {}));
}
