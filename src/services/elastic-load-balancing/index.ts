// The Classic Load Balancer service descriptor (API 2012-06-01; routed by Version beside elbv2): eager, because
// listeners bind and health checks run at boot; EC2 (loaded on first use) resolves subnets, groups and instances.
import { defineService } from '../service-definition.js';
import type { Clb } from './context.js';

/** Health checks run from one task on the runtime clock; each instance keeps its own next-check time. */
export const CLB_HEALTH_TICK_MS = 1000;

export const clbService = defineService<Clb>({
  id: 'elastic-load-balancing',
  scope: 'regional',
  validation: 'coral',
  eager: true,
  async load(deps) {
    const { ClbState } = await import('./state.js');
    const { ClbHealth } = await import('./dataplane/health.js');
    const { ClbDataPlane } = await import('./dataplane/plane.js');
    const { CLB_OPERATIONS } = await import('./operations.js');
    const { localCa } = await import('../../net/tls/local-ca.js');
    const state = new ClbState(deps.store);
    const now = (): number => deps.clock.now();
    const plane = new ClbDataPlane(state, deps.endpoints, deps.logger, now, (names) => localCa(deps.config).leaf(names));
    const { AccessLogDelivery, LOG_FLUSH_MS } = await import('../elastic-load-balancing-v2/access-logs/delivery.js');
    const { openSpool } = await import('../elastic-load-balancing-v2/access-logs/spool.js');
    // Lines wait in a spool under the data directory, so a kill -9 loses at most the last second's batch.
    plane.logs = new AccessLogDelivery(deps.internal, now, (m) => deps.logger.info(m), openSpool(deps.config.inMemory ? undefined : deps.config.dataDir, 'elb'));
    plane.timeScale = deps.config.elbTimeScale;
    // Ended access log intervals are written within 5 s of clock time (scaled).
    deps.tasks.every('clb.access-logs', LOG_FLUSH_MS * deps.config.elbTimeScale, () => plane.logs!.flush());
    const health = new ClbHealth(now, plane);
    plane.health = health;
    health.onTransition = () => plane.invalidate();
    state.onChange = () => plane.reconcile();
    const service: Clb = { state, deps, health, plane, now };
    const { registerClbDnsNames } = await import('./dns-names.js');
    registerClbDnsNames(service);
    // Without registered instances a tick returns synchronously: clock advances over days run this every second.
    deps.tasks.every('clb.health', CLB_HEALTH_TICK_MS, () => {
      plane.expireDraining(now());
      const lbs = [...state.lbs.values()].filter((r) => r.instances.length > 0);
      if (lbs.length === 0) return undefined;
      return (async () => {
        // EC2 loads on first need: instance addresses come from its internal API.
        plane.ec2 ??= await deps.internal.get('ec2');
        await health.tick(lbs);
      })();
    });
    return {
      context: service,
      operations: CLB_OPERATIONS,
      components: [{ name: 'clb-nodes', start: async () => plane.reconcile(), stop: () => plane.stop(), health: () => ({ endpoints: plane.endpointsView().flatMap((lb) => lb.nodes.flatMap((n) => n.listeners.map((l) => `tcp ${l.bound}`))) }) }],
      reset: () => {
        plane.logs!.discard();
        state.load();
        plane.reconcile();
      },
      internal: {
        endpoints: () => plane.endpointsView(),
        findListener: (host: string, port: number | undefined) => plane.findListener(host, port),
        // AWS/ELB counts since the last call (CloudWatch's emitter reads them once a minute).
        metrics: () => plane.counters.snapshot(state.lbs.values(), (rec, id) => health.isInService(rec, id)),
      },
    };
  },
});
