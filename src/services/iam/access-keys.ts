// Access keys: AKIA… ids with a 40-character secret returned only by CreateAccessKey, at most two per user (IAM
// quota "Access keys assigned to an IAM user"), Active/Inactive, GetAccessKeyLastUsed.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import { randomUpperAlnum } from '../../core/ids.js';
import type * as api from '../../generated/iam/api.js';
import { mutate, paginate, type IamContext } from './context.js';
import { requireEntity } from './entity-operations.js';
import { limitExceeded, noSuchEntityMessage } from './errors.js';

const KEYS_PER_USER = 2;

export function newSecret(): string {
  return randomBytes(30).toString('base64').replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B'));
}

/** The user an operation without UserName acts on: the caller's own, from its access key. */
export type CallerUser = (iam: IamContext, ctx: RequestContext) => string | undefined;

export function callerUserName(iam: IamContext, ctx: RequestContext): string | undefined {
  const key = ctx.accessKeyId ? iam.store.accessKey(ctx.accessKeyId) : undefined;
  return key ? iam.store.getEntity(key.account, 'user', key.userKey)?.name : undefined;
}

function userNameFor(iam: IamContext, ctx: RequestContext, name: string | undefined, operation: string): string {
  const resolved = name ?? callerUserName(iam, ctx);
  // Root credentials have no IAM user: AWS manages root keys elsewhere.
  if (resolved === undefined) throw noSuchEntityMessage(`${operation} without UserName needs the credentials of an IAM user.`);
  return resolved;
}

export function createAccessKey(iam: IamContext, ctx: RequestContext, input: api.CreateAccessKeyRequest): api.CreateAccessKeyResponse {
  const name = userNameFor(iam, ctx, input.UserName, 'CreateAccessKey');
  const id = `AKIA${randomUpperAlnum(16)}`;
  const secret = newSecret();
  const now = iam.clock.now();
  const user = mutate(iam, () => {
    const u = requireEntity(iam.store, ctx.account, 'user', name);
    if (iam.store.accessKeysOf(ctx.account, u.name).length >= KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`);
    iam.store.insertAccessKey({ accessKeyId: id, account: ctx.account, userKey: u.name.toLowerCase(), secret, status: 'Active', createdAt: now });
    return u;
  });
  return { AccessKey: { UserName: user.name, AccessKeyId: id, Status: 'Active', SecretAccessKey: secret, CreateDate: new Date(now) } };
}

export function listAccessKeys(iam: IamContext, ctx: RequestContext, input: api.ListAccessKeysRequest): api.ListAccessKeysResponse {
  const u = requireEntity(iam.store, ctx.account, 'user', userNameFor(iam, ctx, input.UserName, 'ListAccessKeys'));
  const { page, ...rest } = paginate(iam.store.accessKeysOf(ctx.account, u.name), input.Marker, input.MaxItems);
  return { AccessKeyMetadata: page.map((k) => ({ UserName: u.name, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: new Date(k.createdAt) })), ...rest };
}

function requireKey(iam: IamContext, ctx: RequestContext, userName: string | undefined, id: string, operation: string): void {
  const u = requireEntity(iam.store, ctx.account, 'user', userNameFor(iam, ctx, userName, operation));
  const key = iam.store.accessKey(id);
  if (!key || key.account !== ctx.account || key.userKey !== u.name.toLowerCase()) throw noSuchEntityMessage(`The Access Key with id ${id} cannot be found.`);
}

export function updateAccessKey(iam: IamContext, ctx: RequestContext, input: api.UpdateAccessKeyRequest): Record<string, never> {
  mutate(iam, () => {
    requireKey(iam, ctx, input.UserName, input.AccessKeyId, 'UpdateAccessKey');
    iam.store.setAccessKeyStatus(input.AccessKeyId, input.Status === 'Active' ? 'Active' : 'Inactive');
  });
  return {};
}

export function deleteAccessKey(iam: IamContext, ctx: RequestContext, input: api.DeleteAccessKeyRequest): Record<string, never> {
  mutate(iam, () => {
    requireKey(iam, ctx, input.UserName, input.AccessKeyId, 'DeleteAccessKey');
    iam.store.deleteAccessKey(input.AccessKeyId);
  });
  return {};
}

export function getAccessKeyLastUsed(iam: IamContext, ctx: RequestContext, input: api.GetAccessKeyLastUsedRequest): api.GetAccessKeyLastUsedResponse {
  const key = iam.store.accessKey(input.AccessKeyId);
  if (!key || key.account !== ctx.account) throw noSuchEntityMessage(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
  const user = iam.store.getEntity(key.account, 'user', key.userKey);
  // A key never used answers N/A for service and region (IAM API reference, AccessKeyLastUsed).
  const lastUsed: api.AccessKeyLastUsed = key.lastUsedAt === null ? { ServiceName: 'N/A', Region: 'N/A' } : { LastUsedDate: new Date(key.lastUsedAt), ServiceName: key.lastUsedService ?? 'N/A', Region: key.lastUsedRegion ?? 'N/A' };
  return { ...(user ? { UserName: user.name } : {}), AccessKeyLastUsed: lastUsed };
}
