// Launch templates in use: RunInstances with a LaunchTemplate spec (the version's values, overridden by parameters
// given explicitly, as the RunInstances reference says) and GetLaunchTemplateData, a template made from an instance.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, require, scopeOf } from './context.js';
import { findTemplate, findVersion } from './launch-templates.js';
import type { InstanceRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

/** Merges tag specifications by resource type; a key given explicitly wins over the template's. */
function mergeTags(template: readonly api.LaunchTemplateTagSpecificationRequest[] | undefined, given: readonly api.TagSpecification[] | undefined, system: api.Tag[]): api.TagSpecification[] {
  const byType = new Map<string, Map<string, string>>();
  const add = (type: string | undefined, tags: readonly api.Tag[] | undefined) => {
    const key = type ?? 'instance';
    let m = byType.get(key);
    if (!m) byType.set(key, (m = new Map()));
    for (const t of tags ?? []) m.set(t.Key ?? '', t.Value ?? '');
  };
  for (const s of template ?? []) add(s.ResourceType, s.Tags);
  for (const s of given ?? []) add(s.ResourceType, s.Tags);
  add('instance', system);
  return [...byType].map(([type, m]) => ({ ResourceType: type as api.ResourceType, Tags: [...m].map(([Key, Value]) => ({ Key, Value })) }));
}

/**
 * The RunInstances request with the launch template's version folded in. EC2 tags instances launched from a
 * template with aws:ec2launchtemplate:id and aws:ec2launchtemplate:version (EC2 User Guide, "Launch templates").
 */
export function withLaunchTemplate(uow: UnitOfWork, scope: Scope, input: api.RunInstancesRequest): api.RunInstancesRequest {
  const spec = input.LaunchTemplate;
  if (spec === undefined) return input;
  const lt = findTemplate(uow, scope, spec);
  const version = findVersion(uow, scope, lt, spec.Version);
  const d = version._data;
  const pick = <K extends keyof api.RunInstancesRequest>(key: K, fromTemplate: api.RunInstancesRequest[K] | undefined): Partial<api.RunInstancesRequest> =>
    input[key] !== undefined ? { [key]: input[key] } : fromTemplate !== undefined ? { [key]: fromTemplate } : {};
  const system = [{ Key: 'aws:ec2launchtemplate:id', Value: lt.LaunchTemplateId }, { Key: 'aws:ec2launchtemplate:version', Value: String(version.VersionNumber) }];
  const nics = d.NetworkInterfaces?.map((n) => ({ ...n, Groups: n.Groups })) as api.InstanceNetworkInterfaceSpecification[] | undefined;
  const fromTemplate: Partial<api.RunInstancesRequest> = {
    ...pick('ImageId', d.ImageId),
    ...pick('InstanceType', d.InstanceType),
    ...pick('KeyName', d.KeyName),
    ...pick('KernelId', d.KernelId),
    ...pick('RamdiskId', d.RamDiskId),
    ...pick('EbsOptimized', d.EbsOptimized),
    ...pick('UserData', d.UserData),
    ...pick('DisableApiTermination', d.DisableApiTermination),
    ...pick('DisableApiStop', d.DisableApiStop),
    ...pick('InstanceInitiatedShutdownBehavior', d.InstanceInitiatedShutdownBehavior),
    ...pick('Monitoring', d.Monitoring?.Enabled !== undefined ? { Enabled: d.Monitoring.Enabled } : undefined),
    ...pick('Placement', d.Placement as api.Placement | undefined),
    ...pick('IamInstanceProfile', d.IamInstanceProfile),
    ...pick('MetadataOptions', d.MetadataOptions as api.InstanceMetadataOptionsRequest | undefined),
    // A subnet or security groups given to RunInstances replace the template's network interfaces.
    ...(input.NetworkInterfaces === undefined && input.SubnetId === undefined && nics !== undefined ? { NetworkInterfaces: nics } : {}),
    ...(input.SecurityGroupIds === undefined && input.SecurityGroups === undefined ? { ...(d.SecurityGroupIds ? { SecurityGroupIds: d.SecurityGroupIds } : {}), ...(d.SecurityGroups ? { SecurityGroups: d.SecurityGroups } : {}) } : {}),
    TagSpecifications: mergeTags(d.TagSpecifications, input.TagSpecifications, system),
  };
  return { ...input, ...fromTemplate };
}

/** GetLaunchTemplateData: the launch parameters of an existing instance, in launch template form. */
export function getLaunchTemplateData(ec2: Ec2Context, ctx: RequestContext, input: api.GetLaunchTemplateDataRequest): api.GetLaunchTemplateDataResult {
  const scope = scopeOf(ctx);
  const i = ec2.store.write((uow) => require<InstanceRecord>(uow, scope, 'instance', input.InstanceId, 'i'));
  const tags = (i.Tags ?? []).filter((t) => !(t.Key ?? '').startsWith('aws:'));
  const data: api.ResponseLaunchTemplateData = {
    ImageId: i.ImageId ?? '',
    InstanceType: i.InstanceType ?? 'm1.small',
    ...(i.KeyName !== undefined ? { KeyName: i.KeyName } : {}),
    EbsOptimized: i.EbsOptimized ?? false,
    Monitoring: { Enabled: i.Monitoring?.State === 'enabled' },
    Placement: { AvailabilityZone: i.Placement?.AvailabilityZone ?? '', GroupName: '', Tenancy: i.Placement?.Tenancy ?? 'default' },
    DisableApiTermination: i._disableApiTermination ?? false,
    DisableApiStop: i._disableApiStop ?? false,
    InstanceInitiatedShutdownBehavior: (i._shutdownBehavior ?? 'stop') as api.ShutdownBehavior,
    ...(i._userData !== undefined ? { UserData: i._userData } : {}),
    ...(i.IamInstanceProfile?.Arn !== undefined ? { IamInstanceProfile: { Arn: i.IamInstanceProfile.Arn } } : {}),
    NetworkInterfaces: (i.NetworkInterfaces ?? []).map((n) => ({
      DeviceIndex: n.Attachment?.DeviceIndex ?? 0, NetworkInterfaceId: n.NetworkInterfaceId ?? '', SubnetId: n.SubnetId ?? '', Description: n.Description ?? '',
      Groups: (n.Groups ?? []).map((g) => g.GroupId!), DeleteOnTermination: n.Attachment?.DeleteOnTermination ?? true,
      PrivateIpAddresses: (n.PrivateIpAddresses ?? []).map((p) => ({ Primary: p.Primary ?? true, PrivateIpAddress: p.PrivateIpAddress ?? '' })),
    })),
    MetadataOptions: i.MetadataOptions as api.LaunchTemplateInstanceMetadataOptions,
    ...(tags.length > 0 ? { TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] } : {}),
  };
  return { LaunchTemplateData: data };
}
