// EBS volumes as data: create in an AZ with each volume type's size limits, attach to an instance in the same AZ at
// a free device, detach, delete unless attached. States move on the runtime clock (creating → available,
// attaching → attached, detaching → available), as instances' do; data-bearing volumes are a later issue.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { zonesOf } from './catalogue.js';
import { type Ec2Context, describe, isoNow, next, require, scopeOf, tagsFor, withTags } from './context.js';
import { ec2Error, missingParameter } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { presentInstance } from './instance-operations.js';
import { TRANSITION_MS } from './instance-state.js';
import { snapshotForVolume } from './snapshot-operations.js';
import type { InstanceRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

type VolumeRecord = api.Volume & { _changedAt: number };

// Size limits per type in GiB (EBS User Guide, "Amazon EBS volume types").
const SIZES: Record<string, [number, number]> = {
  gp2: [1, 16_384], gp3: [1, 16_384], io1: [4, 16_384], io2: [4, 65_536], st1: [125, 16_384], sc1: [125, 16_384], standard: [1, 1024],
};

/** The volume as of now: transitional states settle after TRANSITION_MS of runtime clock. */
export function presentVolume(v: VolumeRecord, now: number): VolumeRecord {
  if (now - v._changedAt < TRANSITION_MS) return v;
  if (v.State === 'creating') return { ...v, State: 'available' };
  const a = v.Attachments?.[0];
  if (a?.State === 'attaching') return { ...v, Attachments: [{ ...a, State: 'attached' }] };
  if (a?.State === 'detaching') return { ...v, State: 'available', Attachments: [] };
  return v;
}

/** The volume as of `now`; InvalidVolume.NotFound when it does not exist. */
export function loadVolume(uow: UnitOfWork, scope: Scope, id: string | undefined, now: number): VolumeRecord {
  const v = uow.get<VolumeRecord>(scope, 'vol', id ?? '');
  if (!v) throw ec2Error('InvalidVolume.NotFound', `The volume '${id ?? ''}' does not exist.`);
  return presentVolume(v, now);
}

export function createVolume(ec2: Ec2Context, ctx: RequestContext, input: api.CreateVolumeRequest): api.Volume {
  const scope = scopeOf(ctx);
  const zones = zonesOf(scope.region);
  const zone = input.AvailabilityZone !== undefined ? zones.find((z) => z.name === input.AvailabilityZone) : zones.find((z) => z.id === input.AvailabilityZoneId);
  if (input.AvailabilityZone === undefined && input.AvailabilityZoneId === undefined) throw missingParameter('AvailabilityZone');
  if (!zone) throw ec2Error('InvalidZone.NotFound', `The zone '${input.AvailabilityZone ?? input.AvailabilityZoneId ?? ''}' does not exist.`);
  // Recorded from EC2: "The request must contain the parameter size/snapshot" (aws-recordings, test_ec2.snapshot.json).
  if (input.Size === undefined && input.SnapshotId === undefined) throw ec2Error('MissingParameter', 'The request must contain the parameter size/snapshot');
  const source = input.SnapshotId !== undefined ? snapshotForVolume(ec2, scope, input.SnapshotId) : undefined;
  const size = input.Size ?? source!.VolumeSize;
  const type = input.VolumeType ?? 'gp2';
  const [typeMin, max] = SIZES[type] ?? [1, 16_384];
  // A volume restored from a snapshot is at least the snapshot's size.
  const min = Math.max(typeMin, source?.VolumeSize ?? 0);
  if (size < min) throw ec2Error('InvalidParameterValue', `Volume of size ${input.Size}GiB is too small; minimum is ${min}GiB.`);
  if (size > max) throw ec2Error('InvalidParameterValue', `Volume of ${size}GiB is too large; maximum is ${max}GiB.`);
  if ((type === 'io1' || type === 'io2') && input.Iops === undefined) throw missingParameter('iops');
  // gp2 gets 3 IOPS per GiB between 100 and 16,000; gp3 a baseline of 3,000 IOPS and 125 MiB/s.
  const iops = input.Iops ?? (type === 'gp2' ? Math.min(16_000, Math.max(100, 3 * size)) : type === 'gp3' ? 3000 : undefined);
  const record: VolumeRecord = {
    VolumeId: ec2Id('vol'), Size: size, SnapshotId: input.SnapshotId ?? '', AvailabilityZone: zone.name, AvailabilityZoneId: zone.id, State: 'creating',
    CreateTime: isoNow(ec2), Attachments: [], Encrypted: (input.Encrypted ?? false) || (source?.Encrypted ?? false), VolumeType: type, MultiAttachEnabled: input.MultiAttachEnabled ?? false,
    Tags: tagsFor(input.TagSpecifications, 'volume'), _changedAt: ec2.clock.now(),
    ...(iops !== undefined ? { Iops: iops } : {}), ...(type === 'gp3' ? { Throughput: input.Throughput ?? 125 } : {}),
  };
  ec2.store.write((uow) => uow.put(scope, 'vol', record.VolumeId!, record));
  const { _changedAt, ...out } = withTags(record);
  return out;
}

const FIELDS: FilterFields<VolumeRecord> = {
  'volume-id': (v) => v.VolumeId,
  'status': (v) => v.State,
  'availability-zone': (v) => v.AvailabilityZone,
  'volume-type': (v) => v.VolumeType,
  'size': (v) => String(v.Size),
  'encrypted': (v) => String(v.Encrypted),
  'attachment.instance-id': (v) => (v.Attachments ?? []).map((a) => a.InstanceId),
  'attachment.device': (v) => (v.Attachments ?? []).map((a) => a.Device),
  'attachment.status': (v) => (v.Attachments ?? []).map((a) => a.State),
};

export function describeVolumes(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeVolumesRequest): api.DescribeVolumesResult {
  const now = ec2.clock.now();
  const all = ec2.store.list<VolumeRecord>(scopeOf(ctx), 'vol').map((v) => presentVolume(v, now));
  if (input.VolumeIds?.length) {
    const missing = input.VolumeIds.find((id) => !all.some((v) => v.VolumeId === id));
    if (missing !== undefined) throw ec2Error('InvalidVolume.NotFound', `The volume '${missing}' does not exist.`);
  }
  const r = describe(all, { ids: input.VolumeIds, idOf: (v) => v.VolumeId, notFoundPrefix: 'vol', filters: input.Filters, fields: FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 500] });
  return { Volumes: r.page.map((v) => { const { _changedAt, ...out } = withTags(v); return out; }), ...next(r) };
}

export function deleteVolume(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteVolumeRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const v = loadVolume(uow, scope, input.VolumeId, ec2.clock.now());
    const a = v.Attachments?.[0];
    if (a) throw ec2Error('VolumeInUse', `Volume ${v.VolumeId!} is currently attached to ${a.InstanceId!}`);
    uow.delete(scope, 'vol', v.VolumeId!);
  });
}

export function attachVolume(ec2: Ec2Context, ctx: RequestContext, input: api.AttachVolumeRequest): api.VolumeAttachment {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  return ec2.store.write((uow) => {
    const v = loadVolume(uow, scope, input.VolumeId, now);
    const stored = require<InstanceRecord>(uow, scope, 'instance', input.InstanceId, 'i');
    const i = presentInstance(stored, now);
    if (v.State !== 'available') throw ec2Error('VolumeInUse', `${v.VolumeId!} is already attached to an instance`);
    if (i.State?.Name !== 'running' && i.State?.Name !== 'stopped') throw ec2Error('IncorrectState', `Instance '${i.InstanceId!}' is not 'running'.`);
    if (v.AvailabilityZone !== i.Placement?.AvailabilityZone) throw ec2Error('InvalidVolume.ZoneMismatch', `The volume '${v.VolumeId!}' is not in the same availability zone as instance '${i.InstanceId!}'`);
    if ((i.BlockDeviceMappings ?? []).some((b) => b.DeviceName === input.Device) || i.RootDeviceName === input.Device) {
      throw ec2Error('InvalidParameterValue', `Invalid value '${input.Device}' for unixDevice. Attachment point ${input.Device} is already in use`);
    }
    const attachment: api.VolumeAttachment = { AttachTime: isoNow(ec2), Device: input.Device, InstanceId: i.InstanceId!, State: 'attaching', VolumeId: v.VolumeId!, DeleteOnTermination: false };
    uow.put(scope, 'vol', v.VolumeId!, { ...v, State: 'in-use', Attachments: [attachment], _changedAt: now });
    uow.put(scope, 'instance', i.InstanceId!, { ...stored, BlockDeviceMappings: [...(stored.BlockDeviceMappings ?? []), { DeviceName: input.Device, Ebs: { AttachTime: attachment.AttachTime!, DeleteOnTermination: false, Status: 'attached', VolumeId: v.VolumeId! } }] });
    return attachment;
  });
}

export function detachVolume(ec2: Ec2Context, ctx: RequestContext, input: api.DetachVolumeRequest): api.VolumeAttachment {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  return ec2.store.write((uow) => {
    const v = loadVolume(uow, scope, input.VolumeId, now);
    const a = v.Attachments?.[0];
    if (!a || a.State === 'detaching') throw ec2Error('IncorrectState', `Volume '${v.VolumeId!}' is in the '${v.State!}' state.`);
    if (input.InstanceId !== undefined && input.InstanceId !== a.InstanceId) throw ec2Error('InvalidAttachment.NotFound', `The volume '${v.VolumeId!}' is not attached to instance '${input.InstanceId}'.`);
    const detaching = { ...a, State: 'detaching' as const };
    uow.put(scope, 'vol', v.VolumeId!, { ...v, Attachments: [detaching], _changedAt: now });
    detachFromInstance(uow, scope, a.InstanceId!, v.VolumeId!);
    return detaching;
  });
}

function detachFromInstance(uow: UnitOfWork, scope: Scope, instanceId: string, volumeId: string): void {
  const i = uow.get<InstanceRecord>(scope, 'instance', instanceId);
  if (i) uow.put(scope, 'instance', instanceId, { ...i, BlockDeviceMappings: (i.BlockDeviceMappings ?? []).filter((b) => b.Ebs?.VolumeId !== volumeId) });
}

/** A terminated instance's attached volumes (DeleteOnTermination false) are detached and kept. */
export function releaseVolumes(uow: UnitOfWork, scope: Scope, instanceId: string, now: number): void {
  for (const v of uow.list<VolumeRecord>(scope, 'vol')) {
    const a = v.Attachments?.[0];
    if (a?.InstanceId === instanceId) uow.put(scope, 'vol', v.VolumeId!, { ...v, Attachments: [{ ...a, State: 'detaching' }], _changedAt: now });
  }
}
