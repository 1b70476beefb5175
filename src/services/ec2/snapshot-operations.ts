// EBS snapshots as data: created from a volume (pending → completed on the runtime clock), copied across regions,
// shared with accounts or made public through createVolumePermission, and restored as new volumes.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, isoNow, next, scopeOf, tagsFor, withTags } from './context.js';
import { ec2Error } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { TRANSITION_MS } from './instance-state.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import { loadVolume } from './volume-operations.js';

type SnapshotRecord = api.Snapshot & { _changedAt: number; _permissions: api.CreateVolumePermission[] };
/** A snapshot another account shared with this one, or made public (kept in the PUBLIC account's scope). */
interface SharePointer { SnapshotId: string; OwnerId: string }

type Reader = Pick<UnitOfWork, 'get' | 'list'>;

/** Where public snapshots are listed: no real account is all letters. */
const PUBLIC = 'public';

// "The snapshot 'snap-1234567890abcdef0' does not exist." (EC2 API, "Error codes": InvalidSnapshot.NotFound).
const snapshotNotFound = (id: string) => ec2Error('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);

function present(s: SnapshotRecord, now: number): SnapshotRecord {
  return s.State === 'pending' && now - s._changedAt >= TRANSITION_MS ? { ...s, State: 'completed', Progress: '100%' } : s;
}

function output(s: SnapshotRecord): api.Snapshot {
  const { _changedAt, _permissions, ...out } = withTags(s);
  return out;
}

/** A snapshot the caller may see: its own, shared with its account, or public. */
export function visibleSnapshot(uow: Reader, scope: Scope, id: string, now: number): SnapshotRecord | undefined {
  const own = uow.get<SnapshotRecord>(scope, 'snap', id);
  if (own) return present(own, now);
  const pointer = uow.get<SharePointer>(scope, 'snapshare', id) ?? uow.get<SharePointer>({ account: PUBLIC, region: scope.region }, 'snapshare', id);
  const shared = pointer && uow.get<SnapshotRecord>({ account: pointer.OwnerId, region: scope.region }, 'snap', id);
  return shared && restorableBy(shared, scope.account) ? present(shared, now) : undefined;
}

function restorableBy(s: SnapshotRecord, account: string): boolean {
  return s.OwnerId === account || s._permissions.some((p) => p.Group === 'all' || p.UserId === account);
}

function newSnapshot(ec2: Ec2Context, owner: string, from: { VolumeId: string; VolumeSize: number; Encrypted: boolean }, description: string, tags: api.Tag[]): SnapshotRecord {
  return {
    SnapshotId: ec2Id('snap'), VolumeId: from.VolumeId, VolumeSize: from.VolumeSize, Encrypted: from.Encrypted, State: 'pending', Progress: '',
    StartTime: isoNow(ec2), OwnerId: owner, Description: description, StorageTier: 'standard', Tags: tags, _changedAt: ec2.clock.now(), _permissions: [],
  };
}

export function createSnapshot(ec2: Ec2Context, ctx: RequestContext, input: api.CreateSnapshotRequest): api.Snapshot {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const volume = loadVolume(uow, scope, input.VolumeId, ec2.clock.now());
    const record = newSnapshot(ec2, scope.account, { VolumeId: volume.VolumeId!, VolumeSize: volume.Size!, Encrypted: volume.Encrypted ?? false }, input.Description ?? '', tagsFor(input.TagSpecifications, 'snapshot'));
    uow.put(scope, 'snap', record.SnapshotId!, record);
    return output(record);
  });
}

/** CopySnapshot runs in the destination region and reads the source from SourceRegion (own or shared with the caller). */
export function copySnapshot(ec2: Ec2Context, ctx: RequestContext, input: api.CopySnapshotRequest): api.CopySnapshotResult {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  return ec2.store.write((uow) => {
    const source = visibleSnapshot(uow, { account: scope.account, region: input.SourceRegion }, input.SourceSnapshotId, now);
    if (!source) throw snapshotNotFound(input.SourceSnapshotId);
    if (source.State !== 'completed') throw ec2Error('IncorrectState', `Snapshot is in invalid state - ${source.State!}`);
    // The copy's default description (EBS User Guide, "Copy an Amazon EBS snapshot"): "[Copied snap-… from us-east-1]".
    const description = input.Description ?? `[Copied ${source.SnapshotId!} from ${input.SourceRegion}]`;
    const copy = newSnapshot(ec2, scope.account, { VolumeId: 'vol-ffffffff', VolumeSize: source.VolumeSize!, Encrypted: (input.Encrypted ?? false) || (source.Encrypted ?? false) }, description, tagsFor(input.TagSpecifications, 'snapshot'));
    uow.put(scope, 'snap', copy.SnapshotId!, copy);
    return { SnapshotId: copy.SnapshotId!, ...(copy.Tags!.length > 0 ? { Tags: copy.Tags! } : {}) };
  });
}

const FIELDS: FilterFields<SnapshotRecord> = {
  'snapshot-id': (s) => s.SnapshotId,
  'volume-id': (s) => s.VolumeId,
  'status': (s) => s.State,
  'owner-id': (s) => s.OwnerId,
  'description': (s) => s.Description,
  'volume-size': (s) => String(s.VolumeSize),
  'encrypted': (s) => String(s.Encrypted),
  'progress': (s) => s.Progress,
  'start-time': (s) => String(s.StartTime),
  'storage-tier': (s) => s.StorageTier,
};

function everyVisible(uow: Reader, scope: Scope, now: number): SnapshotRecord[] {
  const own = uow.list<SnapshotRecord>(scope, 'snap').map((s) => present(s, now));
  const pointers = [...uow.list<SharePointer>(scope, 'snapshare'), ...uow.list<SharePointer>({ account: PUBLIC, region: scope.region }, 'snapshare')];
  const shared = new Map<string, SnapshotRecord>();
  for (const p of pointers) {
    if (p.OwnerId === scope.account || shared.has(p.SnapshotId)) continue;
    const s = visibleSnapshot(uow, scope, p.SnapshotId, now);
    if (s) shared.set(p.SnapshotId, s);
  }
  return [...own, ...shared.values()];
}

export function describeSnapshots(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeSnapshotsRequest): api.DescribeSnapshotsResult {
  const scope = scopeOf(ctx);
  const self = (id: string) => (id === 'self' ? scope.account : id);
  let all = everyVisible(ec2.store, scope, ec2.clock.now());
  // OwnerIds: account ids, `self` or `amazon` (kumo publishes no Amazon-owned snapshots); RestorableByUserIds: who
  // may create volumes from it (EC2 API, DescribeSnapshots).
  if (input.OwnerIds?.length) all = all.filter((s) => input.OwnerIds!.map(self).includes(s.OwnerId!));
  if (input.RestorableByUserIds?.length) all = all.filter((s) => input.RestorableByUserIds!.map(self).some((a) => restorableBy(s, a)));
  const missing = input.SnapshotIds?.find((id) => !all.some((s) => s.SnapshotId === id));
  if (missing !== undefined) throw snapshotNotFound(missing);
  if (input.SnapshotIds?.length) all = all.filter((s) => input.SnapshotIds!.includes(s.SnapshotId!));
  const r = describe(all, { idOf: (s) => s.SnapshotId, notFoundPrefix: 'snap', filters: input.Filters, fields: FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { Snapshots: r.page.map(output), ...next(r) };
}

export function deleteSnapshot(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteSnapshotRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const s = uow.get<SnapshotRecord>(scope, 'snap', input.SnapshotId);
    if (!s) throw snapshotNotFound(input.SnapshotId);
    const image = uow.list<api.Image>(scope, 'ami').find((i) => (i.BlockDeviceMappings ?? []).some((b) => b.Ebs?.SnapshotId === s.SnapshotId));
    if (image) throw ec2Error('InvalidSnapshot.InUse', `The snapshot ${s.SnapshotId!} is currently in use by ${image.ImageId!}`);
    unshare(uow, scope, s, s._permissions);
    uow.delete(scope, 'snap', s.SnapshotId!);
  });
}

function share(uow: UnitOfWork, scope: Scope, s: SnapshotRecord, add: readonly api.CreateVolumePermission[]): void {
  for (const p of add) {
    const target = p.Group === 'all' ? PUBLIC : p.UserId;
    if (target !== undefined && target !== scope.account) uow.put({ account: target, region: scope.region }, 'snapshare', s.SnapshotId!, { SnapshotId: s.SnapshotId!, OwnerId: scope.account });
  }
}

function unshare(uow: UnitOfWork, scope: Scope, s: SnapshotRecord, remove: readonly api.CreateVolumePermission[]): void {
  for (const p of remove) {
    const target = p.Group === 'all' ? PUBLIC : p.UserId;
    if (target !== undefined && target !== scope.account) uow.delete({ account: target, region: scope.region }, 'snapshare', s.SnapshotId!);
  }
}

const samePermission = (a: api.CreateVolumePermission, b: api.CreateVolumePermission) => a.UserId === b.UserId && a.Group === b.Group;

export function modifySnapshotAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.ModifySnapshotAttributeRequest): void {
  const scope = scopeOf(ctx);
  if (input.Attribute === 'productCodes') throw ec2Error('NotImplemented', 'kumo does not implement ec2 ModifySnapshotAttribute: productCodes (Marketplace product codes) yet.', 501);
  // Two spellings (EC2 API, ModifySnapshotAttribute): CreateVolumePermission.Add/Remove, or OperationType with
  // UserIds and GroupNames (the only group is `all`).
  const legacy: api.CreateVolumePermission[] = [...(input.UserIds ?? []).map((UserId) => ({ UserId })), ...(input.GroupNames ?? []).map((Group) => ({ Group: Group as 'all' }))];
  const add: api.CreateVolumePermission[] = [...(input.CreateVolumePermission?.Add ?? []), ...(input.OperationType === 'add' ? legacy : [])];
  const remove: api.CreateVolumePermission[] = [...(input.CreateVolumePermission?.Remove ?? []), ...(input.OperationType === 'remove' ? legacy : [])];
  if (add.length === 0 && remove.length === 0) throw ec2Error('MissingParameter', 'No attributes specified.');
  for (const p of [...add, ...remove]) {
    if (p.UserId !== undefined && !/^\d{12}$/.test(p.UserId)) throw ec2Error('InvalidUserID.Malformed', `Invalid user id: '${p.UserId}'`);
    if (p.Group !== undefined && p.Group !== 'all') throw ec2Error('InvalidParameterValue', `Invalid value '${String(p.Group)}' for groupName`);
  }
  ec2.store.write((uow) => {
    const s = uow.get<SnapshotRecord>(scope, 'snap', input.SnapshotId);
    if (!s) throw snapshotNotFound(input.SnapshotId);
    const kept = s._permissions.filter((p) => !remove.some((r) => samePermission(p, r)));
    const permissions = [...kept, ...add.filter((a) => !kept.some((p) => samePermission(p, a)))];
    unshare(uow, scope, s, remove);
    share(uow, scope, s, add);
    uow.put(scope, 'snap', s.SnapshotId!, { ...s, _permissions: permissions });
  });
}

export function describeSnapshotAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeSnapshotAttributeRequest): api.DescribeSnapshotAttributeResult {
  const s = ec2.store.get<SnapshotRecord>(scopeOf(ctx), 'snap', input.SnapshotId);
  if (!s) throw snapshotNotFound(input.SnapshotId);
  if (input.Attribute === 'productCodes') return { SnapshotId: s.SnapshotId!, ProductCodes: [] };
  return { SnapshotId: s.SnapshotId!, CreateVolumePermissions: s._permissions };
}

export function resetSnapshotAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.ResetSnapshotAttributeRequest): void {
  const scope = scopeOf(ctx);
  if (input.Attribute === 'productCodes') throw ec2Error('NotImplemented', 'kumo does not implement ec2 ResetSnapshotAttribute: productCodes (Marketplace product codes) yet.', 501);
  ec2.store.write((uow) => {
    const s = uow.get<SnapshotRecord>(scope, 'snap', input.SnapshotId);
    if (!s) throw snapshotNotFound(input.SnapshotId);
    unshare(uow, scope, s, s._permissions);
    uow.put(scope, 'snap', s.SnapshotId!, { ...s, _permissions: [] });
  });
}

/** The snapshot a new volume restores: visible to the caller and completed; its size is the volume's minimum. */
export function snapshotForVolume(ec2: Ec2Context, scope: Scope, id: string): { VolumeSize: number; Encrypted: boolean } {
  const s = visibleSnapshot(ec2.store, scope, id, ec2.clock.now());
  if (!s) throw snapshotNotFound(id);
  if (s.State !== 'completed') throw ec2Error('IncorrectState', `Snapshot is in invalid state - ${s.State!}`);
  return { VolumeSize: s.VolumeSize!, Encrypted: s.Encrypted ?? false };
}
