// The CloudWatch service descriptor: metrics, alarms and dashboards in the state store; at boot the alarm engine's
// tick (due alarms only, from the timing wheel), the metric expiry and the AWS/* emitters run as tasks on the clock.
import { defineService } from '../service-definition.js';
import type { CloudWatch } from './context.js';
import type { Ec2Source } from './emitters/ec2.js';

export const cloudwatchService = defineService<CloudWatch>({
  id: 'cloudwatch',
  scope: 'regional',
  validation: 'coral',
  // Alarms keep evaluating after a restart without waiting for a request.
  eager: true,
  async load(deps) {
    const { CloudWatch, ALARM_TICK_MS, EXPIRY_INTERVAL_MS } = await import('./context.js');
    const { CLOUDWATCH_OPERATIONS } = await import('./operations.js');
    const { actionRouter } = await import('./action-router.js');
    const { publisher } = await import('./publish.js');
    const cw = new CloudWatch(deps.store, () => deps.clock.now());
    cw.engine.dispatch = actionRouter(deps.internal);
    deps.tasks.every('cloudwatch.alarms', ALARM_TICK_MS, () => cw.engine.tick());
    deps.tasks.every('cloudwatch.expire', EXPIRY_INTERVAL_MS, () => void cw.metrics.expire(deps.clock.now()));
    const publish = publisher(cw);
    // Emitters: each source service's internal API, read once a minute on the clock (a disabled service, or one whose
    // API lacks the method, emits nothing).
    const { EMIT_INTERVAL_MS, emitQueueDepths } = await import('./emitters/sqs.js');
    const emitFrom = <Api>(service: string, emit: (api: Api, now: number) => void): void => {
      deps.tasks.every(`cloudwatch.emit.${service}`, EMIT_INTERVAL_MS, async () => {
        const api = await deps.internal.get<Api>(service);
        if (api !== undefined) emit(api, deps.clock.now());
      });
    };
    emitFrom<{ depths(): Parameters<typeof emitQueueDepths>[0] }>('sqs', (sqs, now) => emitQueueDepths(sqs.depths(), publish, now));
    const { emitLoadBalancers } = await import('./emitters/elb.js');
    emitFrom<{ metrics(): Parameters<typeof emitLoadBalancers>[0] }>('elastic-load-balancing-v2', (elb, now) => emitLoadBalancers(elb.metrics(), publish, now));
    const { emitClassicLoadBalancers } = await import('./emitters/clb.js');
    emitFrom<{ metrics?(): Parameters<typeof emitClassicLoadBalancers>[0] }>('elastic-load-balancing', (clb, now) => {
      if (clb.metrics !== undefined) emitClassicLoadBalancers(clb.metrics(), publish, now);
    });
    const { emitHealthChecks } = await import('./emitters/route53.js');
    emitFrom<{ healthStatuses?(): Parameters<typeof emitHealthChecks>[0] }>('route-53', (r53, now) => {
      if (r53.healthStatuses !== undefined) emitHealthChecks(r53.healthStatuses(), publish, now);
    });
    // Instance CPU and status checks only exist when instances run as processes (then EC2 is eager, so reading it
    // loads nothing).
    if (deps.config.runInstances) {
      const { InstanceEmitter } = await import('./emitters/ec2.js');
      const instances = new InstanceEmitter();
      emitFrom<Ec2Source>('ec2', (ec2, now) => instances.emit(ec2, publish, now));
    }
    return { context: cw, operations: CLOUDWATCH_OPERATIONS, reset: () => cw.reset(), internal: { publish } };
  },
});
