// The gateway: the AWS API's request pipeline as one component of the runtime. It turns one GatewayRequest into one
// WireResponse; the runtime owns the stores and services, server.ts feeds it from node:http, tests call handle().
import type { KumoConfig } from '../config.js';
import type { Clock } from '../core/clock.js';
import { requestId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { WireResponse } from '../protocol/codec.js';
import type { ServiceRegistry } from '../runtime/service-registry.js';
import type { GatewayRequest, PipelineContext } from './pipeline-context.js';
import { orderedPhases, orderedResponsePhases, runPhases, type Phase, type ResponsePhase } from './pipeline.js';
import { authenticate, resolveAccountRegion, DEFAULT_REGION } from './phases/authenticate.js';
import { authorize, verifyWithIam } from './phases/authorize.js';
import { applyCors, corsPreflight } from './phases/cors.js';
import { allowedHostsFor, checkHost } from './phases/check-host.js';
import { dispatch, validate } from './phases/dispatch.js';
import { internalRoutes, type RuntimeControl } from './phases/internal-routes.js';
import { checkBody, parse, readRequestBody } from './phases/parse.js';
import { routeService } from './phases/route-service.js';
import { serialize, stampRequestId } from './phases/serialize.js';
import { requestLogLine } from './request-log.js';
import { isDiskFull, NO_RESERVE, type DiskReserve } from '../store/disk-reserve.js';
import { answerDiskFull, guardDiskFull } from './disk-full.js';

export interface GatewayDeps {
  config: KumoConfig;
  services: ServiceRegistry;
  clock: Clock;
  logger: Logger;
  runtime: RuntimeControl;
  /** Room kept on the data dir's disk so deletes work when it fills (none in memory). */
  reserve?: DiskReserve;
}

export class Gateway {
  private readonly phases: ReadonlyArray<[string, Phase]>;
  private readonly responsePhases: ReadonlyArray<[string, ResponsePhase]>;
  private readonly config: KumoConfig;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly reserve: DiskReserve;

  constructor(deps: GatewayDeps) {
    this.reserve = deps.reserve ?? NO_RESERVE;
    this.config = deps.config;
    this.logger = deps.logger;
    this.clock = deps.clock;
    this.phases = orderedPhases({
      checkHost: checkHost(allowedHostsFor(deps.config, deps.services), deps.services),
      internalRoutes: internalRoutes(deps.runtime, deps.config),
      routeService: routeService(deps.services),
      corsPreflight: corsPreflight(deps.config),
      authenticate,
      resolveAccountRegion: resolveAccountRegion(deps.config),
      readRequestBody,
      verifySignatures: verifyWithIam(deps.config, deps.services, deps.clock),
      checkBody: checkBody(deps.config),
      parse,
      validate,
      authorize: authorize(deps.config, deps.services, deps.clock),
      dispatch: guardDiskFull(this.reserve, dispatch),
    });
    this.responsePhases = orderedResponsePhases({ stampRequestId, applyCors: applyCors(deps.config) });
  }

  async handle(raw: GatewayRequest): Promise<WireResponse> {
    const timed = this.logger.debugEnabled('pipeline');
    const logged = timed || this.logger.debugEnabled('requests');
    const started = logged ? process.hrtime.bigint() : 0n;
    const ctx = this.createContext(raw);
    await runPhases(ctx, this.phases, timed);
    if (isDiskFull(ctx.error)) ctx.error = answerDiskFull(ctx.error, ctx.serviceId, this.reserve, this.logger, this.clock.now());
    const response = serialize(ctx, this.logger);
    for (const [, phase] of this.responsePhases) phase(ctx, response);
    if (logged) {
      this.logger.info(requestLogLine(ctx, response, Number(process.hrtime.bigint() - started) / 1e6, timed));
    }
    return response;
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
      descriptor: undefined,
      instance: undefined,
      model: undefined,
      codec: undefined,
      operation: undefined,
      auth: undefined,
      principal: undefined,
      input: undefined,
      output: undefined,
      error: undefined,
      response: undefined,
      timings: [],
    };
  }
}
