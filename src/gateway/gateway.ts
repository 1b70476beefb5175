// The gateway: owns the store, the services and the phase list, and turns one GatewayRequest into one
// WireResponse. Tests call `handle` directly (no socket); server.ts feeds it from node:http.
import type { KumoConfig } from '../config.js';
import { systemClock, systemScheduler, type Clock, type Scheduler } from '../core/clock.js';
import { requestId } from '../core/ids.js';
import type { WireResponse } from '../protocol/codec.js';
import { openBlobStore, type BlobStore } from '../store/blob-store.js';
import { openStateStore, type StateStore } from '../store/state-store.js';
import { GatewayServices } from './gateway-services.js';
import { consoleLogger, type Logger } from './logger.js';
import type { GatewayRequest, PipelineContext } from './pipeline-context.js';
import { orderedPhases, runPhases, type Phase } from './pipeline.js';
import { authenticate, resolveAccountRegion, verifySignatures, DEFAULT_REGION } from './phases/authenticate.js';
import { dispatch, validate } from './phases/dispatch.js';
import { applyServiceCors, corsPreflight, internalRoutes } from './phases/internal-routes.js';
import { checkBody, parse, readRequestBody } from './phases/parse.js';
import { routeService } from './phases/route-service.js';
import { finalize, serialize } from './phases/serialize.js';
import { KUMO_VERSION } from '../version.js';
import { join } from 'node:path';

export interface GatewayOptions {
  clock?: Clock;
  scheduler?: Scheduler;
  logger?: Logger;
}

export class Gateway {
  readonly store: StateStore;
  readonly blobs: BlobStore;
  readonly services: GatewayServices;
  private readonly phases: ReadonlyArray<[string, Phase]>;
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(readonly config: KumoConfig, options: GatewayOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? consoleLogger(config.debug);
    this.blobs = config.inMemory ? openBlobStore({ inMemory: true }) : openBlobStore({ dir: join(config.dataDir, 'blobs') });
    const blobs = this.blobs;
    this.store = config.inMemory ? openStateStore({ inMemory: true, blobs }) : openStateStore({ dataDir: config.dataDir, blobs });
    this.services = new GatewayServices(
      { store: this.store, blobs: this.blobs, clock: this.clock, scheduler: options.scheduler ?? systemScheduler, config },
      KUMO_VERSION,
    );
    this.phases = orderedPhases({
      internalRoutes: internalRoutes(this.services),
      routeService: routeService(this.services),
      corsPreflight: corsPreflight(this.services),
      authenticate,
      resolveAccountRegion: resolveAccountRegion(config),
      readRequestBody,
      verifySignatures: verifySignatures(config, this.clock),
      checkBody: checkBody(this.services),
      parse,
      validate,
      dispatch: dispatch(this.services),
    });
  }

  async handle(raw: GatewayRequest): Promise<WireResponse> {
    const ctx = this.createContext(raw);
    const timed = this.logger.debugEnabled('pipeline');
    await runPhases(ctx, this.phases, timed);
    const response = serialize(ctx, this.logger);
    finalize(ctx, response);
    await applyServiceCors(this.services, ctx, response);
    if (timed) this.logger.info(`${ctx.request.requestId} ${ctx.request.service}.${ctx.request.operation} ${response.status} ${ctx.timings.map(([n, ms]) => `${n}=${ms.toFixed(3)}ms`).join(' ')}`);
    else if (this.logger.debugEnabled('requests')) this.logger.info(`${raw.method} ${raw.url} → ${ctx.request.service}.${ctx.request.operation} ${response.status}`);
    return response;
  }

  async close(): Promise<void> {
    await this.services.stop();
    this.store.close();
  }

  private createContext(raw: GatewayRequest): PipelineContext {
    const q = raw.url.indexOf('?');
    const path = q === -1 ? raw.url : raw.url.slice(0, q);
    const query = q === -1 ? '' : raw.url.slice(q + 1);
    return {
      raw,
      wire: { method: raw.method, path, query, headers: raw.headers, body: Buffer.alloc(0) },
      pathAsSent: undefined,
      request: {
        requestId: requestId(),
        service: '',
        operation: '',
        account: this.config.defaultAccount,
        region: DEFAULT_REGION,
        accessKeyId: undefined,
        host: raw.headers['host'] ?? `${this.config.host}:${this.config.port}`,
        protocol: undefined,
        startedAt: this.clock.now(),
      },
      query: new URLSearchParams(query),
      form: undefined,
      serviceId: undefined,
      model: undefined,
      codec: undefined,
      operation: undefined,
      auth: undefined,
      input: undefined,
      output: undefined,
      error: undefined,
      response: undefined,
      timings: [],
    };
  }
}
