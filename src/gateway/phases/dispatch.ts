// validate + dispatch: checks the input against the model's constraints, then calls the provider
// method named after the operation; an operation with no method answers NotImplemented (501), never silence.
import { notImplemented } from '../../core/aws-error.js';
import type { ServiceModel } from '../../core/model.js';
import type { GatewayServices } from '../gateway-services.js';
import { validateInput, validationStyleOf } from '../input-validation.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { ProviderMethod } from '../../services/service-definition.js';

export function methodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

export async function validate(ctx: PipelineContext): Promise<void> {
  const { model, operation, input } = ctx;
  if (!model || !operation || !input) return;
  validateInput(model, operation.input?.shape, input, validationStyleOf(ctx.serviceId ?? ''), ctx.request.protocol ?? 'json');
}

export function dispatch(services: GatewayServices) {
  return async function dispatchPhase(ctx: PipelineContext): Promise<void> {
    const { model, operation, serviceId } = ctx;
    if (!model || !operation || !serviceId) return;
    const provider = (await services.provider(serviceId)) as Record<string, unknown> | undefined;
    const method = provider?.[methodName(ctx.request.operation)];
    if (typeof method !== 'function') throw notImplemented(serviceLabel(model), ctx.request.operation);
    const output = await (method as ProviderMethod).call(provider, ctx.request, ctx.input ?? {});
    ctx.output = output as Record<string, unknown>;
  };
}

function serviceLabel(model: ServiceModel): string {
  return model.metadata.serviceId;
}
