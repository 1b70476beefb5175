// The gateway's view of the service set: which are enabled, their generated metadata, and their live providers,
// created on first use. Also owns reset and the health reports, since both walk every service.
import { GENERATED_SERVICES, type GeneratedService } from '../generated/services.js';
import { PROVIDERS } from '../services/registry.js';
import type { Provider, ServiceDefinition, ServiceDeps, ServiceInstance } from '../services/service-definition.js';

export type ServiceState = 'running' | 'available' | 'not_implemented' | 'disabled';

export class GatewayServices {
  readonly enabled: readonly GeneratedService[];
  private readonly instances = new Map<string, ServiceInstance>();
  private readonly pending = new Map<string, Promise<ServiceInstance>>();
  private readonly scopes = new Map<string, 'regional' | 'global'>();
  private stopped = false;

  constructor(
    private readonly deps: Omit<ServiceDeps, 'internal'>,
    private readonly version: string,
  ) {
    const wanted = deps.config.services;
    this.enabled = GENERATED_SERVICES.filter((s) => !wanted || wanted.includes(s.id) || wanted.includes(s.modelName));
  }

  isEnabled(id: string): boolean {
    return this.enabled.some((s) => s.id === id);
  }

  /** The provider of a service, loading and creating it on first use; undefined when it has none. */
  async provider(id: string): Promise<Provider | undefined> {
    const instance = this.instances.get(id) ?? (await this.instantiate(id));
    return instance?.provider;
  }

  scopeOf(id: string): 'regional' | 'global' | undefined {
    return this.scopes.get(id);
  }

  /** Loads every enabled provider; called after startup so background work (sweepers) begins without a request. */
  async warmUp(): Promise<void> {
    for (const s of this.enabled) {
      if (this.stopped) return;
      await this.instantiate(s.id);
    }
  }

  private async instantiate(id: string): Promise<ServiceInstance | undefined> {
    const loader = PROVIDERS[id];
    if (!loader || !this.isEnabled(id)) return undefined;
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.create(id, loader);
      this.pending.set(id, pending);
      // A loader that failed is tried again by the next request rather than cached as a failure.
      pending.catch(() => this.pending.delete(id));
    }
    return pending;
  }

  private async create(id: string, loader: () => Promise<ServiceDefinition>): Promise<ServiceInstance> {
    const definition = await loader();
    // Providers this one calls in process exist before it, so `internal.provider()` never misses them.
    for (const dependency of definition.dependsOn ?? []) await this.instantiate(dependency);
    const instance = definition.create({
      ...this.deps,
      internal: { provider: (other) => this.instances.get(other)?.provider },
    });
    this.scopes.set(id, definition.scope);
    this.instances.set(id, instance);
    if (!this.stopped) instance.start?.();
    return instance;
  }

  stateOf(id: string): ServiceState {
    if (!this.isEnabled(id)) return 'disabled';
    if (this.instances.has(id)) return 'running';
    return PROVIDERS[id] ? 'available' : 'not_implemented';
  }

  health(): object {
    const services: Record<string, ServiceState> = {};
    for (const s of GENERATED_SERVICES) services[s.id] = this.stateOf(s.id);
    return { version: this.version, services };
  }

  /** LocalStack's /_localstack/health shape: botocore service names, states running | available | disabled. */
  localstackHealth(): object {
    const services: Record<string, string> = {};
    for (const s of GENERATED_SERVICES) {
      const state = this.stateOf(s.id);
      services[s.modelName] = state === 'not_implemented' ? 'disabled' : state;
    }
    return { services, edition: 'community', version: this.version };
  }

  async reset(): Promise<void> {
    this.deps.store.reset(); // also clears the blob store, after the rows that referenced blobs are gone
    for (const instance of this.instances.values()) instance.reset?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const instance of this.instances.values()) await instance.stop?.();
  }
}
