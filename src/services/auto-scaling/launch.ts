// What the controller asks EC2 for: a RunInstances request from the group's launch configuration (image, type, key,
// security groups, user data, profile, monitoring) or launch template (passed to EC2 as is), in a subnet of the
// chosen AZ (or the AZ's default subnet), tagged aws:autoscaling:groupName and the tags marked PropagateAtLaunch.
import type { AutoScaling } from './context.js';
import type { GroupRecord, LaunchConfigurationRecord, Scope } from './records.js';

/** The launch source as one comparable key, for "oldest launch configuration/template" ordering. */
export function launchSourceKey(x: { LaunchConfigurationName?: string | undefined; LaunchTemplate?: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined; Version?: string | undefined } | undefined }): string {
  if (x.LaunchConfigurationName !== undefined) return `lc:${x.LaunchConfigurationName}`;
  const lt = x.LaunchTemplate;
  return `lt:${lt?.LaunchTemplateId ?? lt?.LaunchTemplateName ?? ''}:${lt?.Version ?? '$Default'}`;
}

export function launchRequest(s: AutoScaling, scope: Scope, g: GroupRecord, zone: string): Record<string, unknown> {
  const tags = [{ Key: 'aws:autoscaling:groupName', Value: g.AutoScalingGroupName }, ...g.Tags.filter((t) => t.PropagateAtLaunch).map((t) => ({ Key: t.Key, Value: t.Value }))];
  const req: Record<string, unknown> = { MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] };
  const subnet = Object.entries(g._subnets ?? {}).find(([, az]) => az === zone)?.[0];
  if (subnet !== undefined) req['SubnetId'] = subnet;
  else req['Placement'] = { AvailabilityZone: zone };
  if (g.LaunchTemplate !== undefined) {
    req['LaunchTemplate'] = { ...g.LaunchTemplate };
    return req;
  }
  const lc = s.db.get<LaunchConfigurationRecord>(scope, 'lc', g.LaunchConfigurationName ?? '');
  if (lc === undefined) throw new Error(`Launch configuration ${g.LaunchConfigurationName ?? ''} not found`);
  req['ImageId'] = lc.ImageId;
  req['InstanceType'] = lc.InstanceType;
  if (lc.KeyName !== undefined && lc.KeyName !== '') req['KeyName'] = lc.KeyName;
  const groups = lc.SecurityGroups ?? [];
  if (groups.length > 0) {
    if (groups.every((x) => x.startsWith('sg-'))) req['SecurityGroupIds'] = groups;
    else req['SecurityGroups'] = groups;
  }
  if (lc.UserData !== undefined && lc.UserData !== '') req['UserData'] = lc.UserData;
  if (lc.IamInstanceProfile !== undefined) req['IamInstanceProfile'] = lc.IamInstanceProfile.startsWith('arn:') ? { Arn: lc.IamInstanceProfile } : { Name: lc.IamInstanceProfile };
  if (lc.InstanceMonitoring?.Enabled !== undefined) req['Monitoring'] = { Enabled: lc.InstanceMonitoring.Enabled };
  if (lc.EbsOptimized === true) req['EbsOptimized'] = true;
  return req;
}
