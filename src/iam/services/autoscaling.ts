// Auto Scaling's authorization declaration: a group's ARN carries a generated id the request does not name, so the
// group is looked up by name; a group not (yet) there is authorized as `autoScalingGroup:*:autoScalingGroupName/<name>`.
import type { ArnScope, ServiceAuthorization } from '../action-map.js';
import { str, strs } from './input-values.js';

function base(scope: ArnScope): string {
  return `arn:${scope.partition ?? 'aws'}:autoscaling:${scope.region}:${scope.account}`;
}

/** CreateOrUpdateTags/DeleteTags name their groups in each tag's ResourceId. */
function groupNames(operation: string, input: Readonly<Record<string, unknown>>): string[] {
  if (operation === 'CreateOrUpdateTags' || operation === 'DeleteTags') {
    const tags = Array.isArray(input.Tags) ? (input.Tags as Array<{ ResourceId?: unknown }>) : [];
    return [...new Set(tags.map((t) => str(t.ResourceId)).filter((n): n is string => n !== undefined))];
  }
  const name = str(input.AutoScalingGroupName);
  return name === undefined ? [] : [name];
}

export const AUTOSCALING_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'autoscaling',
  resourceArns: (operation, input, scope) => {
    if (operation.startsWith('Describe')) return undefined;
    const config = str(input.LaunchConfigurationName);
    if ((operation === 'CreateLaunchConfiguration' || operation === 'DeleteLaunchConfiguration') && config !== undefined) {
      return [`${base(scope)}:launchConfiguration:*:launchConfigurationName/${config}`];
    }
    const names = groupNames(operation, input);
    return names.length === 0 ? undefined : names.map((n) => `${base(scope)}:autoScalingGroup:*:autoScalingGroupName/${n}`);
  },
  // The group's real ARN, with its id, where the group exists (DescribeAutoScalingGroups through kumo's own service).
  lookupArns: async (operation, input, invoke) => {
    if (operation.startsWith('Describe') || operation === 'CreateAutoScalingGroup' || operation.includes('LaunchConfiguration')) return undefined;
    const names = groupNames(operation, input);
    if (names.length === 0) return undefined;
    const found = await invoke<{ AutoScalingGroups?: Array<{ AutoScalingGroupName?: string; AutoScalingGroupARN?: string }> }>('auto-scaling', 'DescribeAutoScalingGroups', { AutoScalingGroupNames: names });
    const arns = new Map((found.AutoScalingGroups ?? []).map((g) => [g.AutoScalingGroupName, g.AutoScalingGroupARN]));
    return names.every((n) => arns.get(n)) ? names.map((n) => arns.get(n)!) : undefined;
  },
  conditionValues: (operation, input) => {
    const out: Record<string, string | string[] | undefined> = {};
    if (operation === 'CreateAutoScalingGroup' || operation === 'UpdateAutoScalingGroup' || operation === 'PutScheduledUpdateGroupAction') {
      if (input.MinSize !== undefined) out['autoscaling:MinSize'] = String(input.MinSize);
      if (input.MaxSize !== undefined) out['autoscaling:MaxSize'] = String(input.MaxSize);
    }
    if (operation === 'CreateAutoScalingGroup' || operation === 'UpdateAutoScalingGroup') {
      out['autoscaling:LaunchConfigurationName'] = str(input.LaunchConfigurationName);
      const zones = str(input.VPCZoneIdentifier);
      if (zones !== undefined) out['autoscaling:VPCZoneIdentifiers'] = zones.split(',').map((z) => z.trim());
    }
    const groups = strs(input.TargetGroupARNs);
    if (groups.length > 0) out['autoscaling:TargetGroupARNs'] = groups;
    const lbs = strs(input.LoadBalancerNames);
    if (lbs.length > 0) out['autoscaling:LoadBalancerNames'] = lbs;
    if (operation === 'CreateLaunchConfiguration') {
      out['autoscaling:InstanceType'] = str(input.InstanceType);
    }
    return out;
  },
};
