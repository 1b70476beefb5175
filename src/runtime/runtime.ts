// The composition root: opens the state and blob stores, the runtime clock, tasks and the endpoint allocator,
// builds the service registry and the HTTP gateway, starts eager services at boot and stops everything in reverse.
import { join } from 'node:path';
import type { KumoConfig } from '../config.js';
import { consoleLogger, type Logger } from '../core/logger.js';
import { Gateway } from '../gateway/gateway.js';
import type { GatewayRequest } from '../gateway/pipeline-context.js';
import { listen, type RunningServer } from '../gateway/server.js';
import type { WireResponse } from '../protocol/codec.js';
import type { ServiceDescriptor } from '../services/service-definition.js';
import { openBlobStore, type BlobStore } from '../store/blob-store.js';
import { openDataDir, openStateStore, type StateStore } from '../store/state-store.js';
import { takeTightened } from '../store/private-files.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { FileDiskReserve, NO_RESERVE } from '../store/disk-reserve.js';
import { GENERATED_SERVICES } from '../generated/services.js';
import { KUMO_VERSION } from '../version.js';
import { RuntimeClock } from './clock.js';
import type { ComponentHealth } from './component.js';
import { DEFAULT_POOLS, EndpointAllocator } from './endpoints.js';
import { ServiceRegistry } from './service-registry.js';
import { TaskRunner } from './tasks.js';

export interface RuntimeOptions {
  /** A clock of the test's own (e.g. frozen with rate 0); default a RuntimeClock at KUMO_CLOCK_RATE, persisted. */
  clock?: RuntimeClock;
  logger?: Logger;
  /** Services to offer instead of src/services/registry.ts (tests of the runtime itself). */
  descriptors?: readonly ServiceDescriptor[];
}

const CLOCK_OFFSET_KEY = 'clock_offset_ms';
/** How long after listening the eager services start loading. */
const EAGER_LOAD_DELAY_MS = 50;

export class Runtime {
  readonly store: StateStore;
  readonly blobs: BlobStore;
  readonly clock: RuntimeClock;
  readonly tasks: TaskRunner;
  readonly endpoints: EndpointAllocator;
  readonly services: ServiceRegistry;
  readonly gateway: Gateway;
  readonly logger: Logger;
  private server: RunningServer | undefined;
  private gatewayHealth: ComponentHealth = { state: 'stopped' };
  private stopping: Promise<void> | undefined;
  /** Resolves once the eager services (those with background work) are loaded and their components started. */
  ready: Promise<void> = Promise.resolve();
  private releaseLock: () => void = () => {};

  /** Opens the stores and builds every part; nothing listens or runs until start(). */
  constructor(readonly config: KumoConfig, options: RuntimeOptions = {}) {
    this.logger = options.logger ?? consoleLogger(config.debug);
    // The data dir first, private (0700), so the blob folder inside it is never created under a wider parent.
    if (!config.inMemory) {
      openDataDir(config.dataDir);
      // One kumo per data dir: a second one refuses to start (KUMO_ERR_STORE_LOCKED) instead of sweeping the same store.
      this.releaseLock = lockDataDir(config.dataDir);
    }
    this.blobs = config.inMemory ? openBlobStore({ inMemory: true }) : openBlobStore({ dir: join(config.dataDir, 'blobs') });
    this.store = config.inMemory ? openStateStore({ inMemory: true, blobs: this.blobs }) : openStateStore({ dataDir: config.dataDir, blobs: this.blobs });
    for (const path of takeTightened()) this.logger.info(`kumo: made private (others could read it): ${path}`);
    this.clock = options.clock ?? this.openClock();
    this.tasks = new TaskRunner(this.clock, (m) => this.logger.error(m));
    this.endpoints = new EndpointAllocator(this.store.db, config.lowPortOffset, { ...DEFAULT_POOLS, 'elb-nodes': config.elbNodeCidr });
    this.services = new ServiceRegistry(
      { store: this.store, blobs: this.blobs, clock: this.clock, tasks: this.tasks, endpoints: this.endpoints, config, logger: this.logger, gateway: { handle: (r) => this.gateway.handle(r), accept: (socket) => this.server?.server.emit('connection', socket) ?? false } },
      options.descriptors,
    );
    // A full disk must still let the user delete (SQLite needs WAL room for that): a few MiB are kept in reserve.
    const reserve = config.inMemory ? NO_RESERVE : new FileDiskReserve(config.dataDir, undefined, () => this.clock.now());
    this.gateway = new Gateway({ config, services: this.services, clock: this.clock, logger: this.logger, runtime: this, reserve });
  }

  /**
   * Listens for the AWS API, then loads the services with background work without holding up the first answer
   * (a request for one of them waits for its load); `ready` resolves when they are all started.
   */
  async start(): Promise<void> {
    this.gatewayHealth = { state: 'starting' };
    try {
      this.server = await listen(this.gateway, this.config.host, this.config.port);
    } catch (error) {
      await this.close();
      throw error;
    }
    this.gatewayHealth = { state: 'running', endpoints: [`http ${this.url}`] };
    // A short pause first, so the request that usually follows a start (a health probe, a test's first call) is
    // answered before module loading and migrations take the CPU: startup to first answer stays near bare Node.
    this.ready = new Promise((resolve) => setTimeout(resolve, EAGER_LOAD_DELAY_MS)).then(() => this.services.startEager());
  }

  get url(): string {
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${this.server?.address.port ?? this.config.port}`;
  }

  /** A request without a socket (tests), through the same pipeline. */
  handle(request: GatewayRequest): Promise<WireResponse> {
    return this.gateway.handle(request);
  }

  health(): object {
    const { services, components, failures } = this.services.health();
    return {
      version: KUMO_VERSION,
      dataDir: this.config.inMemory ? ':memory:' : this.config.dataDir,
      services,
      components: { gateway: this.gatewayHealth, ...components },
      ...(Object.keys(failures).length > 0 ? { failures } : {}),
      tasks: this.tasks.report(),
      clock: this.clockNow(),
    };
  }

  /** LocalStack's /_localstack/health shape: botocore service names, states running | available | disabled. */
  localstackHealth(): object {
    const services: Record<string, string> = {};
    for (const s of GENERATED_SERVICES) {
      const state = this.services.stateOf(s.id);
      services[s.modelName] = state === 'running' || state === 'starting' ? 'running' : state === 'available' ? 'available' : 'disabled';
    }
    return { services, edition: 'community', version: KUMO_VERSION };
  }

  /** Wipes all state (POST /_kumo/reset). */
  reset(): Promise<void> {
    return this.services.reset();
  }

  clockNow(): { now: string; rate: number } {
    return { now: new Date(this.clock.now()).toISOString(), rate: this.clock.rate };
  }

  /** A service's in-process interface, loading the service if needed (GET /_kumo/ec2/reachability uses EC2's). */
  async serviceInternal(id: string): Promise<object | undefined> {
    return (await this.services.instance(id))?.internal;
  }

  /** Advances the runtime clock (POST /_kumo/clock/advance), running every task that falls due first. */
  async advanceClock(ms: number): Promise<void> {
    await this.clock.advance(ms);
  }

  /** Stops accepting, lets in-flight requests finish, stops components and tasks, closes the stores. Idempotent. */
  stop(graceMs?: number): Promise<void> {
    this.stopping ??= (async () => {
      this.gatewayHealth = { state: 'stopping' };
      this.services.drain();
      await this.server?.close(graceMs);
      await this.ready;
      await this.close();
    })();
    return this.stopping;
  }

  /** Same as stop(), for handles that never listened (tests calling handle()). */
  close(): Promise<void> {
    return (async () => {
      await this.services.stop();
      await this.tasks.stop();
      // Uploads cut off by the shutdown leave temp files: remove them now rather than at the next start's sweep.
      try {
        this.blobs.removeTemps();
      } catch (e) {
        this.logger.error('kumo: could not remove temporary upload files at shutdown', e);
      }
      this.persistClock();
      this.clock.close();
      this.store.close();
      this.releaseLock();
      this.gatewayHealth = { state: 'stopped' };
    })();
  }

  private openClock(): RuntimeClock {
    const row = this.store.db.prepare('SELECT value FROM kumo_meta WHERE key = ?').get(CLOCK_OFFSET_KEY) as { value: string } | undefined;
    const offset = row ? Number(row.value) : 0;
    const clock = new RuntimeClock({ start: Date.now() + (Number.isFinite(offset) ? offset : 0), rate: this.config.clockRate });
    clock.onAdvance = () => this.persistClock(clock);
    return clock;
  }

  /** Keeps time advanced over HTTP across restarts: the clock's lead over wall time is stored. */
  private persistClock(clock: RuntimeClock = this.clock): void {
    if (this.config.inMemory) return;
    try {
      this.store.db.prepare(`INSERT INTO kumo_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(CLOCK_OFFSET_KEY, String(clock.offset()));
    } catch {
      // the store is already closed (second stop)
    }
  }
}

/** Builds and starts a runtime: what `kumo start` runs. */
export async function startRuntime(config: KumoConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const runtime = new Runtime(config, options);
  await runtime.start();
  return runtime;
}
