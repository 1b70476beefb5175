// The elbv2 service descriptor (Application and Network Load Balancers, API 2015-12-01): eager, because listeners
// bind and health checks run at boot without waiting for a request; EC2 (loaded on use) resolves subnets and instances.
import { defineService } from '../service-definition.js';
import type { Elbv2 } from './context.js';
import type { EdgeWaf } from '../../net/edge/waf-port.js';

/** Health checks run from one task on the runtime clock; each target keeps its own next-check time. */
export const HEALTH_TICK_MS = 1000;

export const elbv2Service = defineService<Elbv2>({
  id: 'elastic-load-balancing-v2',
  scope: 'regional',
  validation: 'coral',
  // EC2 is not a load-time dependency: subnets and instances are looked up through deps.internal, which loads EC2
  // on first use, so an eager elbv2 does not make EC2 eager.
  eager: true,
  async load(deps) {
    const { Elbv2State } = await import('./state.js');
    const { HealthMonitor } = await import('./dataplane/health.js');
    const { DataPlane } = await import('./dataplane/data-plane.js');
    const { ELBV2_OPERATIONS } = await import('./operations.js');
    const { lbArnsUsing } = await import('./tg-operations.js');
    const state = new Elbv2State(deps.store);
    const now = (): number => deps.clock.now();
    const health = new HealthMonitor(now, deps.config.elbTimeScale);
    const { localCa } = await import('../../net/tls/local-ca.js');
    const plane = new DataPlane(state, health, deps.endpoints, deps.logger, localCa(deps.config));
    const { AccessLogDelivery, LOG_FLUSH_MS } = await import('./access-logs/delivery.js');
    const { openSpool } = await import('./access-logs/spool.js');
    // Lines wait in a spool under the data directory, so a kill -9 loses at most the last second's batch.
    plane.logs = new AccessLogDelivery(deps.internal, now, (m) => deps.logger.info(m), openSpool(deps.config.inMemory ? undefined : deps.config.dataDir, 'elbv2'));
    plane.timeScale = deps.config.elbTimeScale;
    const service: Elbv2 = { state, deps, health, plane, now };
    plane.attach(service);
    (await import('./dns-names.js')).registerElbv2DnsNames(service);
    // Without target groups a tick returns synchronously: clock advances over days run this every second.
    deps.tasks.every('elbv2.health', HEALTH_TICK_MS, () => {
      plane.expireDraining(now());
      if (state.tgs.size === 0) return undefined;
      return health.tick([...state.tgs.values()].filter((tg) => lbArnsUsing(service, tg.tg.TargetGroupArn).length > 0));
    });
    // Access log files are written once their interval has ended; checked every 5 s of clock time (scaled).
    deps.tasks.every('elbv2.access-logs', LOG_FLUSH_MS * deps.config.elbTimeScale, () => plane.logs!.flush());
    return {
      context: service,
      operations: ELBV2_OPERATIONS,
      components: [{ name: 'elb-nodes', start: async () => {
        // AWS WAF on ALBs (AssociateWebACL): associations kept from before a restart apply from the first request.
        plane.waf = await deps.internal.get<EdgeWaf>('wafv2');
        plane.reconcile();
      }, stop: () => plane.stop(), health: () => ({ endpoints: plane.endpointsView().flatMap((lb) => lb.nodes.flatMap((n) => n.listeners.map((l) => `tcp ${l.bound}`))) }) }],
      reset: () => {
        plane.logs!.discard();
        state.load();
        plane.reconcile();
      },
      internal: { metrics: () => plane.metrics.snapshot(service), endpoints: () => plane.endpointsView(), findListener: (host: string, port: number | undefined) => plane.findListener(host, port) },
    };
  },
});
