// Launch configurations: create (with the defaults DescribeLaunchConfigurations shows: empty strings and lists,
// detailed monitoring on), describe with paging, delete unless a group uses it.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/auto-scaling/api.js';
import { type AutoScaling, arn, scopeOf } from './context.js';
import { launchConfigurationExists, launchConfigurationInUse, launchConfigurationNotFound, unsupported, validationError } from './errors.js';
import { page, presentLaunchConfiguration } from './present.js';
import type { GroupRecord, LaunchConfigurationRecord } from './records.js';

export async function createLaunchConfiguration(s: AutoScaling, ctx: RequestContext, input: api.CreateLaunchConfigurationType): Promise<void> {
  const scope = scopeOf(ctx);
  const name = input.LaunchConfigurationName;
  if (input.InstanceId !== undefined) throw unsupported('CreateLaunchConfiguration', 'launch configurations copied from an instance (InstanceId)');
  if (s.db.get(scope, 'lc', name) !== undefined) throw launchConfigurationExists(name);
  if (input.ImageId === undefined) throw validationError('Valid requests must contain either the ImageId or the InstanceId parameter.');
  if (input.InstanceType === undefined) throw validationError('Valid requests must contain either the InstanceType or the InstanceId parameter.');
  if (input.UserData !== undefined && Buffer.byteLength(input.UserData) > 21_847) throw validationError('User data is limited to 21847 bytes.');
  // The image must exist in EC2 (its catalogue); EC2's error names it.
  await s.ec2(scope, 'DescribeImages', { ImageIds: [input.ImageId] }).catch(() => {
    throw validationError(`The image id '[${input.ImageId ?? ''}]' does not exist`);
  });
  const lc: LaunchConfigurationRecord = {
    LaunchConfigurationName: name,
    LaunchConfigurationARN: arn(scope, `launchConfiguration:${randomUUID()}:launchConfigurationName/${name}`),
    ImageId: input.ImageId,
    KeyName: input.KeyName ?? '',
    SecurityGroups: [...(input.SecurityGroups ?? [])],
    ClassicLinkVPCSecurityGroups: [],
    UserData: input.UserData ?? '',
    InstanceType: input.InstanceType,
    KernelId: input.KernelId ?? '',
    RamdiskId: input.RamdiskId ?? '',
    BlockDeviceMappings: [...(input.BlockDeviceMappings ?? [])],
    InstanceMonitoring: { Enabled: input.InstanceMonitoring?.Enabled ?? true },
    CreatedTime: s.now(),
    EbsOptimized: input.EbsOptimized ?? false,
  };
  if (input.SpotPrice !== undefined) lc.SpotPrice = input.SpotPrice;
  if (input.IamInstanceProfile !== undefined) lc.IamInstanceProfile = input.IamInstanceProfile;
  if (input.AssociatePublicIpAddress !== undefined) lc.AssociatePublicIpAddress = input.AssociatePublicIpAddress;
  if (input.PlacementTenancy !== undefined) lc.PlacementTenancy = input.PlacementTenancy;
  if (input.MetadataOptions !== undefined) lc.MetadataOptions = input.MetadataOptions;
  if (s.db.get(scope, 'lc', name) !== undefined) throw launchConfigurationExists(name);
  s.db.put(scope, 'lc', name, lc);
}

export function describeLaunchConfigurations(s: AutoScaling, ctx: RequestContext, input: api.LaunchConfigurationNamesType): api.LaunchConfigurationsType {
  let list = s.db.list<LaunchConfigurationRecord>(scopeOf(ctx), 'lc');
  if (input.LaunchConfigurationNames !== undefined && input.LaunchConfigurationNames.length > 0) {
    const names = new Set(input.LaunchConfigurationNames);
    list = list.filter((lc) => names.has(lc.LaunchConfigurationName));
  }
  const p = page(list, input.MaxRecords, input.NextToken, { default: 50, max: 100 });
  const out: api.LaunchConfigurationsType = { LaunchConfigurations: p.items.map(presentLaunchConfiguration) };
  if (p.NextToken !== undefined) out.NextToken = p.NextToken;
  return out;
}

export function deleteLaunchConfiguration(s: AutoScaling, ctx: RequestContext, input: api.LaunchConfigurationNameType): void {
  const scope = scopeOf(ctx);
  const name = input.LaunchConfigurationName;
  if (s.db.get(scope, 'lc', name) === undefined) throw launchConfigurationNotFound(name);
  const user = s.db.list<GroupRecord>(scope, 'group').find((g) => g.LaunchConfigurationName === name);
  if (user !== undefined) throw launchConfigurationInUse(name, user.AutoScalingGroupName);
  s.db.delete(scope, 'lc', name);
}
