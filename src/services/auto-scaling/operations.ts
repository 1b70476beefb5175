// Auto Scaling's operation table, typed against the generated AutoScalingApi. The operations of warm pools, instance
// refresh, predictive scaling, traffic sources, lifecycle hooks, SNS notifications and LaunchInstances are absent and
// answer NotImplemented naming the operation; mixed instances policies are refused by name where groups take them.
import type { AutoScalingApi } from '../../generated/auto-scaling/api.js';
import type { RequestContext } from '../../core/request-context.js';
import { operationTable } from '../service-definition.js';
import { type AutoScaling, scopeOf } from './context.js';
import { createAutoScalingGroup, deleteAutoScalingGroup, describeAutoScalingGroups, setDesiredCapacity, updateAutoScalingGroup } from './group-operations.js';
import * as settings from './group-settings.js';
import * as instances from './instance-operations.js';
import { createLaunchConfiguration, deleteLaunchConfiguration, describeLaunchConfigurations } from './launch-configurations.js';
import { deletePolicy, describePolicies, executePolicy, putScalingPolicy } from './policy-operations.js';
import * as scheduled from './scheduled-actions.js';

/** Describe calls for features kumo refuses to create can only answer "none" — after checking the group exists. */
const noneFor = <K extends string>(key: K) => (s: AutoScaling, ctx: RequestContext, input: { AutoScalingGroupName?: string | undefined; AutoScalingGroupNames?: string[] | undefined }) => {
  if (input.AutoScalingGroupName !== undefined) s.group(scopeOf(ctx), input.AutoScalingGroupName);
  return { [key]: [] } as Record<K, never[]>;
};

export const AUTO_SCALING_OPERATIONS = operationTable<AutoScalingApi, AutoScaling>()({
  CreateAutoScalingGroup: createAutoScalingGroup,
  UpdateAutoScalingGroup: updateAutoScalingGroup,
  DeleteAutoScalingGroup: deleteAutoScalingGroup,
  DescribeAutoScalingGroups: describeAutoScalingGroups,
  SetDesiredCapacity: setDesiredCapacity,
  DescribeAutoScalingInstances: instances.describeAutoScalingInstances,
  AttachInstances: instances.attachInstances,
  DetachInstances: instances.detachInstances,
  EnterStandby: instances.enterStandby,
  ExitStandby: instances.exitStandby,
  SetInstanceHealth: instances.setInstanceHealth,
  SetInstanceProtection: instances.setInstanceProtection,
  TerminateInstanceInAutoScalingGroup: instances.terminateInstanceInAutoScalingGroup,
  CreateLaunchConfiguration: createLaunchConfiguration,
  DescribeLaunchConfigurations: describeLaunchConfigurations,
  DeleteLaunchConfiguration: deleteLaunchConfiguration,
  PutScalingPolicy: putScalingPolicy,
  DescribePolicies: describePolicies,
  DeletePolicy: deletePolicy,
  ExecutePolicy: executePolicy,
  PutScheduledUpdateGroupAction: scheduled.putScheduledUpdateGroupAction,
  BatchPutScheduledUpdateGroupAction: scheduled.batchPutScheduledUpdateGroupAction,
  DeleteScheduledAction: scheduled.deleteScheduledAction,
  BatchDeleteScheduledAction: scheduled.batchDeleteScheduledAction,
  DescribeScheduledActions: scheduled.describeScheduledActions,
  CreateOrUpdateTags: settings.createOrUpdateTags,
  DeleteTags: settings.deleteTags,
  DescribeTags: settings.describeTags,
  SuspendProcesses: settings.suspendProcesses,
  ResumeProcesses: settings.resumeProcesses,
  EnableMetricsCollection: settings.enableMetricsCollection,
  DisableMetricsCollection: settings.disableMetricsCollection,
  AttachLoadBalancerTargetGroups: settings.attachLoadBalancerTargetGroups,
  DetachLoadBalancerTargetGroups: settings.detachLoadBalancerTargetGroups,
  DescribeLoadBalancerTargetGroups: settings.describeLoadBalancerTargetGroups,
  AttachLoadBalancers: settings.attachLoadBalancers,
  DetachLoadBalancers: settings.detachLoadBalancers,
  DescribeLoadBalancers: settings.describeLoadBalancers,
  DescribeScalingActivities: settings.describeScalingActivities,
  DescribeAccountLimits: settings.describeAccountLimits,
  DescribeAdjustmentTypes: settings.CATALOGUES.DescribeAdjustmentTypes,
  DescribeScalingProcessTypes: settings.CATALOGUES.DescribeScalingProcessTypes,
  DescribeMetricCollectionTypes: settings.CATALOGUES.DescribeMetricCollectionTypes,
  DescribeTerminationPolicyTypes: settings.CATALOGUES.DescribeTerminationPolicyTypes,
  DescribeAutoScalingNotificationTypes: settings.CATALOGUES.DescribeAutoScalingNotificationTypes,
  DescribeLifecycleHookTypes: settings.CATALOGUES.DescribeLifecycleHookTypes,
  // No hook or notification can be created (PutLifecycleHook and PutNotificationConfiguration answer NotImplemented),
  // so these describe calls answer none.
  DescribeLifecycleHooks: noneFor('LifecycleHooks'),
  DescribeNotificationConfigurations: (s, ctx, input) => {
    for (const name of input.AutoScalingGroupNames ?? []) s.group(scopeOf(ctx), name);
    return { NotificationConfigurations: [] };
  },
});
