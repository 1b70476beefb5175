// Calling one operation of a loaded service: model validation, the service's before-each hook, then its handler.
// Shared by the gateway's dispatch phase and by in-process calls between services (InternalServices.invoke).
import { notImplemented } from '../core/aws-error.js';
import { requestId } from '../core/ids.js';
import type { Protocol, ServiceModel } from '../core/model.js';
import type { RequestContext } from '../core/request-context.js';
import { validateInput } from '../gateway/input-validation.js';
import type { OperationHandler, ServiceDescriptor, ServiceInstance } from '../services/service-definition.js';

/** The request context of an in-process call: no HTTP, no access key, the caller's scope. */
export function internalRequestContext(service: string, operation: string, scope: { account: string; region: string }, host: string, now: number): RequestContext {
  return { requestId: requestId(), service, operation, account: scope.account, region: scope.region, accessKeyId: undefined, host, protocol: undefined, startedAt: now };
}

export function validateOperationInput(descriptor: ServiceDescriptor, model: ServiceModel, operation: string, input: Record<string, unknown>, protocol: Protocol): void {
  validateInput(model, model.operations[operation]?.input?.shape, input, descriptor.validation, protocol);
}

/** Runs the handler for `ctx.operation`; an operation without one answers NotImplemented naming the service. */
export async function callOperation(instance: ServiceInstance, model: ServiceModel, ctx: RequestContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  return operationOutput(await startOperation(instance, model, ctx, input));
}

/** A handler's result as the operation's output: an operation that returns nothing answers an empty structure. */
export function operationOutput(result: unknown): Record<string, unknown> {
  return (result ?? {}) as Record<string, unknown>;
}

/**
 * callOperation without the promise: the handler's own result, a value when it answered at once (most operations),
 * so the gateway can serialize it in the same turn. Throws what the handler or the before-each hook throws.
 */
export function startOperation(instance: ServiceInstance, model: ServiceModel, ctx: RequestContext, input: Record<string, unknown>): unknown {
  const handler = instance.operations[ctx.operation] as OperationHandler<unknown> | undefined;
  if (typeof handler !== 'function') throw notImplemented(model.metadata.serviceId, ctx.operation);
  instance.beforeEach?.(instance.context, ctx, input, ctx.operation);
  return (handler as (s: unknown, c: RequestContext, i: Record<string, unknown>) => unknown)(instance.context, ctx, input);
}
