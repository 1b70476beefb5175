// The CloudWatch service descriptor: metrics, alarms and dashboards in the state store; at boot the alarm engine's
// tick (due alarms only, from the timing wheel) and the metric expiry run as tasks on the runtime clock.
import { defineService } from '../service-definition.js';
import type { CloudWatch } from './context.js';

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
    return { context: cw, operations: CLOUDWATCH_OPERATIONS, reset: () => cw.reset(), internal: { publish } };
  },
});
