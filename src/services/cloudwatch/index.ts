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
    // Emitters: each source service's internal API, read once a minute on the clock (a disabled service emits nothing).
    const { EMIT_INTERVAL_MS, emitQueueDepths } = await import('./emitters/sqs.js');
    deps.tasks.every('cloudwatch.emit.sqs', EMIT_INTERVAL_MS, async () => {
      const sqs = await deps.internal.get<{ depths(): Parameters<typeof emitQueueDepths>[0] }>('sqs');
      if (sqs !== undefined) emitQueueDepths(sqs.depths(), publish, deps.clock.now());
    });
    const { emitLoadBalancers } = await import('./emitters/elb.js');
    deps.tasks.every('cloudwatch.emit.elb', EMIT_INTERVAL_MS, async () => {
      const elb = await deps.internal.get<{ metrics(): Parameters<typeof emitLoadBalancers>[0] }>('elastic-load-balancing-v2');
      if (elb !== undefined) emitLoadBalancers(elb.metrics(), publish, deps.clock.now());
    });
    const { emitClassicLoadBalancers } = await import('./emitters/clb.js');
    deps.tasks.every('cloudwatch.emit.clb', EMIT_INTERVAL_MS, async () => {
      const clb = await deps.internal.get<{ metrics?(): Parameters<typeof emitClassicLoadBalancers>[0] }>('elastic-load-balancing');
      if (clb?.metrics !== undefined) emitClassicLoadBalancers(clb.metrics(), publish, deps.clock.now());
    });
    const { emitHealthChecks } = await import('./emitters/route53.js');
    deps.tasks.every('cloudwatch.emit.route53', EMIT_INTERVAL_MS, async () => {
      const r53 = await deps.internal.get<{ healthStatuses?(): Parameters<typeof emitHealthChecks>[0] }>('route-53');
      if (r53?.healthStatuses !== undefined) emitHealthChecks(r53.healthStatuses(), publish, deps.clock.now());
    });
    // Instance CPU and status checks only exist when instances run as processes (then EC2 is eager, so reading it
    // loads nothing).
    if (deps.config.runInstances) {
      const { InstanceEmitter } = await import('./emitters/ec2.js');
      const instances = new InstanceEmitter();
      deps.tasks.every('cloudwatch.emit.ec2', EMIT_INTERVAL_MS, async () => {
        const ec2 = await deps.internal.get<Ec2Source>('ec2');
        if (ec2 !== undefined) instances.emit(ec2, publish, deps.clock.now());
      });
    }
    return { context: cw, operations: CLOUDWATCH_OPERATIONS, reset: () => cw.reset(), internal: { publish } };
  },
});
