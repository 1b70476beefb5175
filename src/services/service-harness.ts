// Loads a service outside the runtime, for unit tests, benchmarks and the coverage docs: the descriptor's load with
// in-memory defaults, and `api()`, which calls operations by their lowerCamel names as the generated XxxApi declares.
import { DEFAULT_CONFIG } from '../config.js';
import type { Clock, Scheduler } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import type { RequestContext } from '../core/request-context.js';
import { loadModel } from '../gateway/model-loader.js';
import { EndpointAllocator } from '../runtime/endpoints.js';
import { callOperation, internalRequestContext } from '../runtime/invoke.js';
import { TaskRunner } from '../runtime/tasks.js';
import { openBlobStore } from '../store/blob-store.js';
import type { StateStore } from '../store/state-store.js';
import type { InternalServices, ServiceDeps, ServiceDescriptor, ServiceInstance } from './service-definition.js';

export interface LoadedService<S> {
  instance: ServiceInstance<S>;
  context: S;
  tasks: TaskRunner;
  /** The operations as methods: `api<SqsApi>().sendMessage(ctx, input)` runs the SendMessage handler. */
  api<Api>(): Api;
  /** Starts the instance's components (what the runtime does after load). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Other services in process, as a harness sees them: already loaded instances by id. */
export function harnessInternal(others: Record<string, ServiceInstance<unknown>>): InternalServices {
  return {
    invoke: async <O>(service: string, operation: string, scope: { account: string; region: string }, input: Record<string, unknown>): Promise<O> => {
      const instance = others[service];
      if (!instance) throw new Error(`${service} is not loaded in this harness`);
      const ctx = internalRequestContext(service, operation, scope, 'localhost:4566', Date.now());
      return (await callOperation(instance, loadModel(service), ctx, input)) as O;
    },
    // A harness runs without --enforce-iam, so a caller is never authorized (as in the runtime).
    authorize: async () => undefined,
    get: async <T>(service: string): Promise<T | undefined> => others[service]?.internal as T | undefined,
  };
}

/**
 * The instance's operations as methods named like the generated XxxApi (`sendMessage(ctx, input)` runs SendMessage
 * with the before-each hook); `extra` members (e.g. the context) are readable on the same object.
 */
export function apiOf<Api, Extra extends object = object>(instance: ServiceInstance<unknown>, serviceId: string, extra?: Extra): Api & Extra {
  const model = loadModel(serviceId);
  const target: Record<string, unknown> = { ...extra };
  return new Proxy(target, {
    get: (t, name) => {
      if (typeof name !== 'string') return undefined;
      if (name in t) return t[name];
      if (name === 'then') return undefined; // not a thenable
      return (ctx: RequestContext, input: Record<string, unknown> = {}) =>
        callOperation(instance, model, { ...ctx, operation: name.charAt(0).toUpperCase() + name.slice(1) }, input);
    },
  }) as Api & Extra;
}

export async function loadService<S>(
  descriptor: ServiceDescriptor<S>,
  deps: { store: StateStore; clock: Clock & Scheduler } & Partial<Omit<ServiceDeps, 'store' | 'clock'>>,
): Promise<LoadedService<S>> {
  const tasks = new TaskRunner(deps.clock, () => {});
  const instance = await descriptor.load({
    blobs: openBlobStore({ inMemory: true }),
    tasks,
    endpoints: new EndpointAllocator(deps.store.db, DEFAULT_CONFIG.lowPortOffset),
    config: { ...DEFAULT_CONFIG, inMemory: true },
    logger: silentLogger,
    internal: harnessInternal({}),
    ...deps,
  });
  const api = apiOf<unknown>(instance, descriptor.id);
  const components = instance.components ?? [];
  return {
    instance,
    context: instance.context,
    tasks,
    api: <Api>() => api as Api,
    start: async () => {
      for (const c of components) await c.start();
    },
    stop: async () => {
      for (const c of [...components].reverse()) await c.stop();
      await tasks.stop();
    },
  };
}
