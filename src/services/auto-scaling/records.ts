// What the Auto Scaling provider stores, in AWS member names (times as epoch ms); members starting with `_` are
// kumo's bookkeeping and never leave the provider.
import type * as api from '../../generated/auto-scaling/api.js';

export interface Scope {
  account: string;
  region: string;
}

export interface GroupTag {
  Key: string;
  Value: string;
  PropagateAtLaunch: boolean;
}

export interface InstanceRecord {
  InstanceId: string;
  InstanceType?: string;
  AvailabilityZone: string;
  LifecycleState: api.LifecycleState;
  HealthStatus: 'Healthy' | 'Unhealthy';
  LaunchConfigurationName?: string;
  LaunchTemplate?: api.LaunchTemplateSpecification;
  ProtectedFromScaleIn: boolean;
  _launchedAt: number;
  _inServiceAt?: number;
  /** Launched because a scaling policy raised the desired capacity: warming up until its warmup has passed. */
  _scaledOut?: boolean;
  /** Target groups it is registered with (load-balancing.ts). */
  _targetGroups?: string[];
  /** Classic Load Balancers the instance is registered with (LoadBalancerNames). */
  _loadBalancers?: string[];
}

export interface GroupRecord {
  AutoScalingGroupName: string;
  AutoScalingGroupARN: string;
  LaunchConfigurationName?: string;
  LaunchTemplate?: api.LaunchTemplateSpecification;
  MinSize: number;
  MaxSize: number;
  DesiredCapacity: number;
  DefaultCooldown: number;
  AvailabilityZones: string[];
  LoadBalancerNames: string[];
  TargetGroupARNs: string[];
  HealthCheckType: string;
  HealthCheckGracePeriod: number;
  Instances: InstanceRecord[];
  CreatedTime: number;
  SuspendedProcesses: Array<{ ProcessName: string; SuspensionReason: string }>;
  PlacementGroup?: string;
  VPCZoneIdentifier?: string;
  EnabledMetrics: Array<{ Metric: string; Granularity: string }>;
  Status?: string;
  Tags: GroupTag[];
  TerminationPolicies: string[];
  NewInstancesProtectedFromScaleIn: boolean;
  ServiceLinkedRoleARN: string;
  MaxInstanceLifetime?: number;
  CapacityRebalance: boolean;
  Context?: string;
  DesiredCapacityType?: string;
  DefaultInstanceWarmup?: number;
  DeletionProtection?: string;
  /** Subnet id → its AZ, resolved when VPCZoneIdentifier was set. */
  _subnets?: Record<string, string>;
  /** The cause of the last change of desired capacity, prefixed to the next launch or termination activity. */
  _cause?: string;
  /** The pending cause came from a scaling policy (its launches warm up before they count). */
  _causeByPolicy?: boolean;
  /** When the last simple-scaling activity or manual change finished: cooldowns count from it. */
  _lastScalingAt?: number;
}

export interface LaunchConfigurationRecord extends Omit<api.LaunchConfiguration, 'CreatedTime'> {
  CreatedTime: number;
}

export interface PolicyRecord extends Omit<api.ScalingPolicy, 'Alarms'> {
  AutoScalingGroupName: string;
  PolicyName: string;
  PolicyARN: string;
  PolicyType: string;
  /** Alarms owned by a target-tracking policy, created in CloudWatch. */
  _ownedAlarms?: string[];
}

export interface ScheduledRecord {
  AutoScalingGroupName: string;
  ScheduledActionName: string;
  ScheduledActionARN: string;
  StartTime?: number;
  EndTime?: number;
  Recurrence?: string;
  MinSize?: number;
  MaxSize?: number;
  DesiredCapacity?: number;
  TimeZone?: string;
  /** Next time the action runs (epoch ms); undefined once a one-off action ran or past EndTime. */
  _nextRun?: number;
}

export interface ActivityRecord {
  ActivityId: string;
  AutoScalingGroupName: string;
  AutoScalingGroupARN: string;
  Description: string;
  Cause: string;
  StartTime: number;
  EndTime?: number;
  StatusCode: api.ScalingActivityStatusCode;
  StatusMessage?: string;
  Progress: number;
  Details: string;
}

export type ObjectKind = 'group' | 'lc' | 'policy' | 'scheduled' | 'hook' | 'notification';
