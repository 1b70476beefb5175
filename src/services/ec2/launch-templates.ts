// Launch templates: a named, versioned set of launch parameters (default and latest version, $Default/$Latest
// aliases), stored as one `lt` record plus one `ltv` record per version, with EC2's errors for names, ids and versions.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, isoNow, next, scopeOf, tagsFor } from './context.js';
import { ec2Error, missingParameter } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import type { Scope, UnitOfWork } from './resource-store.js';

export type TemplateRecord = api.LaunchTemplate & { LaunchTemplateId: string; LaunchTemplateName: string; DefaultVersionNumber: number; LatestVersionNumber: number; _nextVersion?: number };
export type VersionRecord = api.LaunchTemplateVersion & { LaunchTemplateId: string; VersionNumber: number; _data: api.RequestLaunchTemplateData; Tags?: undefined };

// Name rule from the CreateLaunchTemplate reference: 3–128 characters of [a-zA-Z0-9().-/_].
const NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;

const versionKey = (ltId: string, n: number) => `${ltId}:${n}`;

function createdBy(scope: Scope): string {
  return `arn:aws:iam::${scope.account}:root`;
}

/** Real EC2: "The specified launch template, with template name timski, does not exist." */
function nameNotFound(name: string) {
  return ec2Error('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`);
}
function idNotFound(id: string) {
  return ec2Error('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
}
/** Real EC2: "Could not find the specified version 1 for the launch template with ID lt-0f3e2efa769a315f6." */
function versionNotFound(version: string, id: string) {
  return ec2Error('InvalidLaunchTemplateId.VersionNotFound', `Could not find the specified version ${version} for the launch template with ID ${id}.`);
}

/** The template named by id or name (exactly one of them), or EC2's NotFound. */
export function findTemplate(uow: UnitOfWork, scope: Scope, ref: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined }): TemplateRecord {
  if (ref.LaunchTemplateId !== undefined && ref.LaunchTemplateName !== undefined) {
    throw ec2Error('InvalidParameterCombination', 'Specify either the launch template ID or the launch template name, but not both.');
  }
  if (ref.LaunchTemplateId !== undefined) {
    const lt = uow.get<TemplateRecord>(scope, 'lt', ref.LaunchTemplateId);
    if (!lt) {
      if (!/^lt-[0-9a-f]{17}$/.test(ref.LaunchTemplateId)) throw ec2Error('InvalidLaunchTemplateId.Malformed', `The specified ID for the launch template (${ref.LaunchTemplateId}) is not valid.`);
      throw idNotFound(ref.LaunchTemplateId);
    }
    return lt;
  }
  if (ref.LaunchTemplateName !== undefined) {
    const lt = uow.list<TemplateRecord>(scope, 'lt').find((t) => t.LaunchTemplateName === ref.LaunchTemplateName);
    if (!lt) throw nameNotFound(ref.LaunchTemplateName);
    return lt;
  }
  throw missingParameter('launchTemplateId or launchTemplateName');
}

/** "$Latest", "$Default" or a number, resolved to a stored version. */
export function findVersion(uow: UnitOfWork, scope: Scope, lt: TemplateRecord, version: string | undefined): VersionRecord {
  const v = version ?? '$Default';
  const n = v === '$Latest' ? lt.LatestVersionNumber : v === '$Default' ? lt.DefaultVersionNumber : /^\d+$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n)) throw ec2Error('InvalidLaunchTemplateId.VersionNotFound', `Could not find the specified version ${v} for the launch template with ID ${lt.LaunchTemplateId}.`);
  const rec = uow.get<VersionRecord>(scope, 'ltv', versionKey(lt.LaunchTemplateId, n));
  if (!rec) throw versionNotFound(v, lt.LaunchTemplateId);
  return rec;
}

function checkData(data: api.RequestLaunchTemplateData | undefined): api.RequestLaunchTemplateData {
  // Real EC2 (MissingParameter): "No launch template data was provided. Launch template data is required to create a launch template."
  if (data === undefined) throw ec2Error('MissingParameter', 'No launch template data was provided. Launch template data is required to create a launch template.');
  if (data.InstanceType !== undefined && !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(data.InstanceType)) {
    throw ec2Error('InvalidParameterValue', `Invalid value '${data.InstanceType}' for InstanceType.`);
  }
  return data;
}

/** The stored version as Describe answers it: its data in the response shape, DefaultVersion as of now. */
function presentVersion(v: VersionRecord, lt: TemplateRecord): api.LaunchTemplateVersion {
  const { _data, ...rest } = v;
  return { ...rest, LaunchTemplateName: lt.LaunchTemplateName, DefaultVersion: v.VersionNumber === lt.DefaultVersionNumber, LaunchTemplateData: _data };
}

function presentTemplate(lt: TemplateRecord): api.LaunchTemplate {
  const { _nextVersion, Tags, ...rest } = lt;
  return Tags && Tags.length > 0 ? { ...rest, Tags } : rest;
}

function putVersion(uow: UnitOfWork, scope: Scope, ec2: Ec2Context, lt: TemplateRecord, n: number, data: api.RequestLaunchTemplateData, description: string | undefined): VersionRecord {
  const rec: VersionRecord = {
    LaunchTemplateId: lt.LaunchTemplateId, LaunchTemplateName: lt.LaunchTemplateName, VersionNumber: n,
    CreateTime: isoNow(ec2), CreatedBy: createdBy(scope), _data: data,
    ...(description !== undefined ? { VersionDescription: description } : {}),
  };
  uow.put(scope, 'ltv', versionKey(lt.LaunchTemplateId, n), rec);
  return rec;
}

export function createLaunchTemplate(ec2: Ec2Context, ctx: RequestContext, input: api.CreateLaunchTemplateRequest): api.CreateLaunchTemplateResult {
  const scope = scopeOf(ctx);
  const name = input.LaunchTemplateName;
  if (name === undefined) throw missingParameter('LaunchTemplateName');
  if (!NAME.test(name)) {
    throw ec2Error('InvalidLaunchTemplateName.MalformedException', 'A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.');
  }
  const data = checkData(input.LaunchTemplateData);
  return ec2.store.write((uow) => {
    // Real EC2: "InvalidLaunchTemplateName.AlreadyExistsException: Launch template name already in use."
    if (uow.list<TemplateRecord>(scope, 'lt').some((t) => t.LaunchTemplateName === name)) {
      throw ec2Error('InvalidLaunchTemplateName.AlreadyExistsException', 'Launch template name already in use.');
    }
    const lt: TemplateRecord = {
      LaunchTemplateId: ec2Id('lt'), LaunchTemplateName: name, CreateTime: isoNow(ec2), CreatedBy: createdBy(scope),
      DefaultVersionNumber: 1, LatestVersionNumber: 1, Tags: tagsFor(input.TagSpecifications, 'launch-template'),
    };
    uow.put(scope, 'lt', lt.LaunchTemplateId, lt);
    putVersion(uow, scope, ec2, lt, 1, data, input.VersionDescription);
    return { LaunchTemplate: presentTemplate(lt) };
  });
}

export function createLaunchTemplateVersion(ec2: Ec2Context, ctx: RequestContext, input: api.CreateLaunchTemplateVersionRequest): api.CreateLaunchTemplateVersionResult {
  const scope = scopeOf(ctx);
  const given = checkData(input.LaunchTemplateData);
  return ec2.store.write((uow) => {
    const lt = findTemplate(uow, scope, input);
    // With SourceVersion the new version starts from that version's data; the parameters given replace its members.
    const base = input.SourceVersion !== undefined ? findVersion(uow, scope, lt, input.SourceVersion)._data : {};
    // Numbers are not reused after a version is deleted.
    const n = Math.max(lt.LatestVersionNumber, lt._nextVersion ?? 0) + 1;
    const updated: TemplateRecord = { ...lt, LatestVersionNumber: n, _nextVersion: n };
    uow.put(scope, 'lt', lt.LaunchTemplateId, updated);
    const rec = putVersion(uow, scope, ec2, updated, n, { ...base, ...given }, input.VersionDescription);
    return { LaunchTemplateVersion: presentVersion(rec, updated) };
  });
}

const TEMPLATE_FIELDS: FilterFields<TemplateRecord> = {
  'launch-template-name': (t) => t.LaunchTemplateName,
  'create-time': (t) => String(t.CreateTime),
};

export function describeLaunchTemplates(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeLaunchTemplatesRequest): api.DescribeLaunchTemplatesResult {
  const scope = scopeOf(ctx);
  let all = ec2.store.list<TemplateRecord>(scope, 'lt');
  if (input.LaunchTemplateNames && input.LaunchTemplateNames.length > 0) {
    const names = new Set(input.LaunchTemplateNames);
    all = all.filter((t) => names.has(t.LaunchTemplateName));
    // Real EC2 answers one message for any missing name in the list.
    if (all.length < names.size) throw ec2Error('InvalidLaunchTemplateName.NotFoundException', 'At least one of the launch templates specified in the request does not exist.');
  }
  for (const id of input.LaunchTemplateIds ?? []) {
    if (!all.some((t) => t.LaunchTemplateId === id)) throw idNotFound(id);
  }
  const r = describe(all, { ids: input.LaunchTemplateIds, idOf: (t) => t.LaunchTemplateId, notFoundPrefix: 'lt', filters: input.Filters, fields: TEMPLATE_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [1, 200] });
  return { LaunchTemplates: r.page.map(presentTemplate), ...next(r) };
}

function versionFields(lt: TemplateRecord): FilterFields<VersionRecord> {
  return {
    'create-time': (v) => String(v.CreateTime),
    'ebs-optimized': (v) => String(v._data.EbsOptimized ?? false),
    'iam-instance-profile': (v) => [v._data.IamInstanceProfile?.Arn, v._data.IamInstanceProfile?.Name],
    'image-id': (v) => v._data.ImageId,
    'instance-type': (v) => v._data.InstanceType,
    'is-default-version': (v) => String(v.VersionNumber === lt.DefaultVersionNumber),
    'kernel-id': (v) => v._data.KernelId,
    'ram-disk-id': (v) => v._data.RamDiskId,
  };
}

export function describeLaunchTemplateVersions(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeLaunchTemplateVersionsRequest): api.DescribeLaunchTemplateVersionsResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const lt = findTemplate(uow, scope, input);
    let versions: VersionRecord[];
    if (input.Versions && input.Versions.length > 0) {
      const seen = new Set<number>();
      versions = [];
      for (const v of input.Versions) {
        const rec = findVersion(uow, scope, lt, v);
        if (!seen.has(rec.VersionNumber)) versions.push(rec);
        seen.add(rec.VersionNumber);
      }
    } else {
      const all = uow.list<VersionRecord>(scope, 'ltv').filter((v) => v.LaunchTemplateId === lt.LaunchTemplateId);
      const bound = (s: string | undefined, fallback: number) => (s === undefined ? fallback : s === '$Latest' ? lt.LatestVersionNumber : s === '$Default' ? lt.DefaultVersionNumber : Number(s));
      const lo = bound(input.MinVersion, 1);
      const hi = bound(input.MaxVersion, Number.MAX_SAFE_INTEGER);
      versions = all.filter((v) => v.VersionNumber >= lo && v.VersionNumber <= hi).sort((a, b) => a.VersionNumber - b.VersionNumber);
    }
    const r = describe(versions, { idOf: (v) => String(v.VersionNumber), notFoundPrefix: 'lt', filters: input.Filters, fields: versionFields(lt), maxResults: input.MaxResults, nextToken: input.NextToken, limits: [1, 200] });
    return { LaunchTemplateVersions: r.page.map((v) => presentVersion(v, lt)), ...next(r) };
  });
}

export function modifyLaunchTemplate(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyLaunchTemplateRequest): api.ModifyLaunchTemplateResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const lt = findTemplate(uow, scope, input);
    if (input.DefaultVersion === undefined) return { LaunchTemplate: presentTemplate(lt) };
    const v = findVersion(uow, scope, lt, input.DefaultVersion);
    const updated = { ...lt, DefaultVersionNumber: v.VersionNumber };
    uow.put(scope, 'lt', lt.LaunchTemplateId, updated);
    return { LaunchTemplate: presentTemplate(updated) };
  });
}

export function deleteLaunchTemplate(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteLaunchTemplateRequest): api.DeleteLaunchTemplateResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const lt = findTemplate(uow, scope, input);
    for (const v of uow.list<VersionRecord>(scope, 'ltv')) {
      if (v.LaunchTemplateId === lt.LaunchTemplateId) uow.delete(scope, 'ltv', versionKey(lt.LaunchTemplateId, v.VersionNumber));
    }
    uow.delete(scope, 'lt', lt.LaunchTemplateId);
    const { Tags: _t, _nextVersion: _n, ...rest } = lt;
    return { LaunchTemplate: rest };
  });
}

/** Deletes versions one by one; each failure is reported in the answer rather than failing the call (EC2 API). */
export function deleteLaunchTemplateVersions(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteLaunchTemplateVersionsRequest): api.DeleteLaunchTemplateVersionsResult {
  const scope = scopeOf(ctx);
  if (!input.Versions || input.Versions.length === 0) throw missingParameter('LaunchTemplateVersion');
  if (input.Versions.length > 200) throw ec2Error('InvalidParameterValue', 'You can specify up to 200 launch template version numbers.');
  return ec2.store.write((uow) => {
    const lt = findTemplate(uow, scope, input);
    const ok: api.DeleteLaunchTemplateVersionsResponseSuccessItem[] = [];
    const failed: api.DeleteLaunchTemplateVersionsResponseErrorItem[] = [];
    const item = { LaunchTemplateId: lt.LaunchTemplateId, LaunchTemplateName: lt.LaunchTemplateName };
    for (const v of input.Versions) {
      const n = Number(v);
      if (!/^\d+$/.test(v) || !uow.get(scope, 'ltv', versionKey(lt.LaunchTemplateId, n))) {
        failed.push({ ...item, ...(/^\d+$/.test(v) ? { VersionNumber: n } : {}), ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: 'The specified launch template version does not exist.' } });
      } else if (n === lt.DefaultVersionNumber) {
        // The default version can't be deleted; the template itself must be (DeleteLaunchTemplateVersions reference).
        failed.push({ ...item, VersionNumber: n, ResponseError: { Code: 'unexpectedError', Message: 'Cannot delete the default version of a launch template. Use DeleteLaunchTemplate instead.' } });
      } else {
        uow.delete(scope, 'ltv', versionKey(lt.LaunchTemplateId, n));
        ok.push({ ...item, VersionNumber: n });
      }
    }
    if (ok.length > 0) {
      // $Latest then names the highest remaining version.
      const left = uow.list<VersionRecord>(scope, 'ltv').filter((x) => x.LaunchTemplateId === lt.LaunchTemplateId).map((x) => x.VersionNumber);
      uow.put(scope, 'lt', lt.LaunchTemplateId, { ...lt, LatestVersionNumber: Math.max(...left), _nextVersion: Math.max(lt.LatestVersionNumber, lt._nextVersion ?? 0) });
    }
    return { SuccessfullyDeletedLaunchTemplateVersions: ok, UnsuccessfullyDeletedLaunchTemplateVersions: failed };
  });
}
