// Where alarm actions go in process: an Auto Scaling policy ARN runs the policy (ExecutePolicy's rules, alarm
// cooldowns), `arn:aws:automate:<region>:ec2:stop|terminate|reboot` acts on the alarm's InstanceId dimension through
// EC2; everything else (SNS, Lambda, SSM, EC2 recover) fails with its reason until kumo has that service.
import type { InternalServices } from '../service-definition.js';
import { actionFailure, type ActionDispatch } from './alarm-engine.js';

interface AutoScalingInternal {
  alarmAction(scope: { account: string; region: string }, policyArn: string, alarm: { name: string; threshold: number; value: number | undefined }): string | undefined;
}

const EC2_ACTIONS: Record<string, string> = { stop: 'StopInstances', terminate: 'TerminateInstances', reboot: 'RebootInstances' };

export function actionRouter(internal: InternalServices): ActionDispatch {
  let asg: AutoScalingInternal | undefined;
  return (alarm, arn, latestValue) => {
    const scope = { account: alarm.account, region: alarm.region };
    if (/^arn:[^:]+:autoscaling:[^:]+:\d+:scalingPolicy:/.test(arn)) {
      // Composite alarms take no Auto Scaling actions (PutCompositeAlarm refuses them).
      const run = (x: AutoScalingInternal | undefined): string | undefined =>
        x === undefined ? 'Auto Scaling is disabled in this kumo' : x.alarmAction(scope, arn, { name: alarm.name, threshold: alarm.config.Threshold ?? 0, value: latestValue });
      if (asg !== undefined) return run(asg);
      return internal.get<AutoScalingInternal>('auto-scaling').then((x) => {
        asg = x;
        return run(x);
      });
    }
    const ec2 = /^arn:[^:]+:automate:([^:]+):ec2:(stop|terminate|reboot)$/.exec(arn);
    if (ec2 !== null) {
      if (ec2[1] !== alarm.region) return `The action ${arn} is not in the alarm's region ${alarm.region}`;
      const instance = alarm.config.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
      if (instance === undefined) return 'EC2 actions need an alarm on a metric with an InstanceId dimension';
      return internal.invoke('ec2', EC2_ACTIONS[ec2[2] as string] as string, scope, { InstanceIds: [instance] }).then(() => undefined);
    }
    return actionFailure(arn);
  };
}
