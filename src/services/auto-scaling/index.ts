// The Auto Scaling service descriptor: groups in the state store; at boot the group controller (reconcile, health,
// scheduled actions) and the group-metrics emitter run as tasks on the runtime clock. CloudWatch alarm actions call
// the internal `alarmAction`; launches and terminations go to EC2 in process.
import { defineService } from '../service-definition.js';
import type { Publish } from '../cloudwatch/publish.js';
import type { AutoScaling } from './context.js';
import type { GroupRecord } from './records.js';

/** What CloudWatch calls when an alarm action names a scaling policy: a failure reason, or undefined. */
export interface AutoScalingInternal {
  alarmAction(scope: { account: string; region: string }, policyArn: string, alarm: { name: string; threshold: number; value: number | undefined }): string | undefined;
}

export const autoScalingService = defineService<AutoScaling>({
  id: 'auto-scaling',
  scope: 'regional',
  validation: 'coral',
  // Groups keep reconciling after a restart without waiting for a request.
  eager: true,
  // CloudWatch is eager anyway; EC2 is not a dependency so that it stays lazy until a group first calls it
  // (internal.invoke loads it on demand), keeping boot as fast as before Auto Scaling existed.
  dependsOn: ['cloudwatch'],
  async load(deps) {
    const { AutoScaling } = await import('./context.js');
    const { AUTO_SCALING_OPERATIONS } = await import('./operations.js');
    const { AUTO_SCALING_COMPONENT, AUTO_SCALING_MIGRATIONS, AUTO_SCALING_TABLES } = await import('./migrations.js');
    const { GroupController, CONTROLLER_INTERVAL_MS } = await import('./group-controller.js');
    const { runDueActions } = await import('./scheduled-actions.js');
    const { alarmAction } = await import('./policy-operations.js');
    const { METRICS_INTERVAL_MS, groupMetricData } = await import('./metrics.js');
    deps.store.migrate(AUTO_SCALING_COMPONENT, AUTO_SCALING_MIGRATIONS);
    deps.store.registerTables(AUTO_SCALING_COMPONENT, AUTO_SCALING_TABLES);
    const asg = new AutoScaling(deps.store, () => deps.clock.now(), deps.internal);
    const controller = new GroupController(asg);
    deps.tasks.every('auto-scaling.groups', CONTROLLER_INTERVAL_MS, async () => {
      runDueActions(asg);
      await controller.reconcileAll();
    });
    deps.tasks.every('auto-scaling.metrics', METRICS_INTERVAL_MS, async () => {
      const cw = await deps.internal.get<{ publish: Publish }>('cloudwatch');
      if (cw === undefined) return;
      for (const { scope, value } of asg.db.all<GroupRecord>('group')) {
        const data = groupMetricData(value, asg.now());
        if (data.length > 0) cw.publish(scope, 'AWS/AutoScaling', data);
      }
    });
    const internal: AutoScalingInternal = { alarmAction: (scope, policyArn, alarm) => alarmAction(asg, scope, policyArn, alarm) };
    return { context: asg, operations: AUTO_SCALING_OPERATIONS, internal };
  },
});
