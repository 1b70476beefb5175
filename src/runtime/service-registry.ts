// The set of services kumo serves: which are enabled, their descriptors, and their live instances, loaded at boot
// (eager services, which have background work) or on first use, with their components started in dependency order.
import { KumoError } from '../core/kumo-error.js';
import { GENERATED_SERVICES, type GeneratedService } from '../generated/services.js';
import { loadModel } from '../gateway/model-loader.js';
import { SERVICE_DESCRIPTORS } from '../services/registry.js';
import { authorizeCall, missingKeyCheck, withMissingKeyCheck, type AuthorizationCall } from '../gateway/phases/authorize.js';
import type { InternalCaller, ServiceDeps, ServiceDescriptor, ServiceInstance } from '../services/service-definition.js';
import type { Component, ComponentHealth } from './component.js';
import { callOperation, internalRequestContext, validateOperationInput } from './invoke.js';

/**
 * A service's state in /_kumo/health: `disabled` (left out by --services), `not_implemented` (model vendored and
 * routed, every operation answers 501), `available` (loads on its first request), `starting`, `running`, `failed`
 * (loading threw; requests answer 500 and the next request tries again).
 */
export type ServiceState = 'disabled' | 'not_implemented' | 'available' | 'starting' | 'running' | 'failed';

interface Loaded {
  descriptor: ServiceDescriptor;
  instance: ServiceInstance;
  components: ComponentSlot[];
}

interface ComponentSlot {
  component: Component;
  health: ComponentHealth;
}

export class ServiceRegistry {
  readonly enabled: readonly GeneratedService[];
  private readonly descriptors = new Map<string, ServiceDescriptor>();
  private readonly loaded = new Map<string, Loaded>();
  private readonly pending = new Map<string, Promise<Loaded>>();
  private readonly failures = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly deps: Omit<ServiceDeps, 'internal'>,
    descriptors: readonly ServiceDescriptor[] = SERVICE_DESCRIPTORS,
  ) {
    const wanted = deps.config.services;
    this.enabled = GENERATED_SERVICES.filter((s) => !wanted || wanted.includes(s.id) || wanted.includes(s.modelName));
    for (const d of descriptors) this.descriptors.set(d.id, d);
  }

  isEnabled(id: string): boolean {
    return this.enabled.some((s) => s.id === id);
  }

  descriptor(id: string): ServiceDescriptor | undefined {
    return this.descriptors.get(id);
  }

  /** The service's instance, loading it on first use; undefined when it is disabled or has no implementation. */
  async instance(id: string): Promise<ServiceInstance | undefined> {
    const ready = this.loaded.get(id);
    if (ready) return ready.instance;
    return (await this.load(id))?.instance;
  }

  /** The service's instance if it is loaded already (the gateway's per-request path, which then needs no turn). */
  loadedInstance(id: string): ServiceInstance | undefined {
    return this.loaded.get(id)?.instance;
  }

  /** Loads every enabled eager service (those with background work), so their work starts at boot. */
  async startEager(): Promise<void> {
    for (const s of this.enabled) {
      if (this.stopped) return;
      const d = this.descriptors.get(s.id);
      if (typeof d?.eager === 'function' ? d.eager(this.deps.config) : d?.eager) await this.load(s.id).catch(() => undefined); // a failure is reported in health; boot goes on
    }
  }

  stateOf(id: string): ServiceState {
    if (!this.isEnabled(id)) return 'disabled';
    if (!this.descriptors.has(id)) return 'not_implemented';
    if (this.loaded.has(id)) return 'running';
    if (this.pending.has(id)) return 'starting';
    return this.failures.has(id) ? 'failed' : 'available';
  }

  /** Every service's state, and every started component's health. */
  health(): { services: Record<string, ServiceState>; components: Record<string, ComponentHealth>; failures: Record<string, string> } {
    const services: Record<string, ServiceState> = {};
    for (const s of GENERATED_SERVICES) services[s.id] = this.stateOf(s.id);
    const components: Record<string, ComponentHealth> = {};
    for (const { components: slots } of this.loaded.values()) {
      for (const slot of slots) components[slot.component.name] = { ...slot.health, ...(slot.health.state === 'running' ? slot.component.health?.() : {}) };
    }
    return { services, components, failures: Object.fromEntries(this.failures) };
  }

  /** In-process calls between services, never HTTP to ourselves. */
  internal(): ServiceDeps['internal'] {
    // A caller's call is authorized as a request from it would be, after validation and before dispatch.
    const callOf = (service: string, operation: string, account: string, region: string, input: Record<string, unknown>, caller: InternalCaller): AuthorizationCall => ({
      principal: caller.principal, service, operation, input, account, region,
      protocol: loadModel(service).metadata.protocol,
      sourceIp: () => caller.sourceIp ?? '127.0.0.1',
    });
    const authorizeAs = (service: string, operation: string, account: string, region: string, input: Record<string, unknown>, caller: InternalCaller): Promise<void> =>
      authorizeCall(this, this.deps.clock, callOf(service, operation, account, region, input, caller));
    return {
      invoke: async <O>(service: string, operation: string, scope: { account: string; region: string }, input: Record<string, unknown>, caller?: InternalCaller): Promise<O> => {
        const instance = await this.instance(service);
        const descriptor = this.descriptors.get(service);
        if (!instance || !descriptor) throw new KumoError('KUMO_ERR_SERVICE_UNAVAILABLE', `${service} is not enabled in this kumo`);
        const model = loadModel(service);
        const region = descriptor.scope === 'global' ? 'us-east-1' : scope.region;
        const ctx = internalRequestContext(service, operation, { account: scope.account, region }, `${this.deps.config.host}:${this.deps.config.port}`, this.deps.clock.now());
        validateOperationInput(descriptor, model, operation, input, model.metadata.protocol);
        if (!caller || !this.deps.config.enforceIam) return (await callOperation(instance, model, ctx, input)) as O;
        const call = callOf(service, operation, scope.account, region, input, caller);
        await authorizeCall(this, this.deps.clock, call);
        return (await withMissingKeyCheck(missingKeyCheck(this, this.deps.clock, call), () => callOperation(instance, model, ctx, input))) as O;
      },
      authorize: async (service, operation, scope, input, caller) => {
        const descriptor = this.descriptors.get(service);
        if (!this.deps.config.enforceIam || !descriptor) return;
        validateOperationInput(descriptor, loadModel(service), operation, input, loadModel(service).metadata.protocol);
        await authorizeAs(service, operation, scope.account, descriptor.scope === 'global' ? 'us-east-1' : scope.region, input, caller);
      },
      get: async <T>(service: string): Promise<T | undefined> => (await this.instance(service))?.internal as T | undefined,
    };
  }

  async reset(): Promise<void> {
    this.deps.store.reset(); // also clears the blob store, after the rows that referenced blobs are gone
    for (const { instance } of this.loaded.values()) await instance.reset?.();
  }

  /** Shutdown has begun: services release requests that wait, so draining the listener does not wait for them. */
  drain(): void {
    for (const { instance } of this.loaded.values()) instance.drain?.();
  }

  /** Stops components in reverse start order. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.pending.values()]);
    for (const loaded of [...this.loaded.values()].reverse()) {
      for (const slot of [...loaded.components].reverse()) {
        slot.health = { state: 'stopping' };
        await slot.component.stop().catch((e: unknown) => this.deps.logger.error(`kumo: ${slot.component.name} failed to stop`, e));
        slot.health = { state: 'stopped' };
      }
    }
  }

  private load(id: string): Promise<Loaded | undefined> {
    const descriptor = this.descriptors.get(id);
    if (!descriptor || !this.isEnabled(id) || this.stopped) return Promise.resolve(undefined);
    // Already loaded by a request before startEager reached it: loading again would start its components twice.
    const ready = this.loaded.get(id);
    if (ready) return Promise.resolve(ready);
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.create(descriptor);
      this.pending.set(id, pending);
      pending.then(
        (loaded) => {
          this.loaded.set(id, loaded);
          this.failures.delete(id);
          this.pending.delete(id);
        },
        (error: unknown) => {
          // A service whose load failed is tried again by the next request rather than cached as a failure.
          this.failures.set(id, error instanceof Error ? error.message : String(error));
          this.pending.delete(id);
        },
      );
    }
    return pending;
  }

  private async create(descriptor: ServiceDescriptor): Promise<Loaded> {
    // Services this one calls in process exist before it, so in-process calls never miss them.
    for (const dependency of descriptor.dependsOn ?? []) await this.load(dependency);
    const instance = await descriptor.load({ ...this.deps, internal: this.internal() });
    const components: ComponentSlot[] = [];
    for (const component of instance.components ?? []) {
      const slot: ComponentSlot = { component, health: { state: 'starting' } };
      components.push(slot);
      try {
        await component.start();
        slot.health = { state: 'running' };
      } catch (error) {
        // One component failing (a port in use) leaves the rest of kumo serving; health says why.
        slot.health = { state: 'failed', detail: error instanceof KumoError ? `${error.code}: ${error.message}` : String(error) };
        this.deps.logger.error(`kumo: ${component.name} failed to start: ${slot.health.detail ?? ''}`);
      }
    }
    return { descriptor, instance, components };
  }
}
