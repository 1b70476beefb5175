// Console login profiles (a password for an IAM user, kept only as a scrypt hash, and whether it must be reset) and
// the account alias (one per account, unique across accounts). kumo has no console: these are state, as IAM keeps it.
import { randomBytes, scryptSync } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import { mutate, paginate, type IamContext } from './context.js';
import { requireEntity } from './entity-operations.js';
import { entityAlreadyExistsMessage, noSuchEntityMessage } from './errors.js';

interface ProfileRow {
  reset_required: number;
  created_at: number;
}

/** IAM's default password policy, in force while the account sets none (IAM User Guide, "Set an account password
 *  policy for IAM users": at least 8 characters and three of uppercase, lowercase, numbers, symbols). */
function checkPassword(password: string): void {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || classes < 3) {
    throw new AwsError('PasswordPolicyViolation', 'Password does not conform to the account password policy.', { status: 400 });
  }
}

function hash(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

function profile(iam: IamContext, account: string, userName: string): ProfileRow | undefined {
  return iam.store.db.prepare('SELECT reset_required, created_at FROM iam_login_profiles WHERE account = ? AND user_key = ?').get(account, userName.toLowerCase()) as ProfileRow | undefined;
}

export function hasLoginProfile(iam: IamContext, account: string, userName: string): boolean {
  return profile(iam, account, userName) !== undefined;
}

const notFound = (user: string) => noSuchEntityMessage(`Login Profile for User ${user} cannot be found.`);

export function createLoginProfile(iam: IamContext, ctx: RequestContext, input: api.CreateLoginProfileRequest): api.CreateLoginProfileResponse {
  const user = requireEntity(iam.store, ctx.account, 'user', input.UserName ?? '');
  if (input.Password === undefined) throw new AwsError('ValidationError', 'Password is required to create a login profile for a user.', { status: 400 });
  checkPassword(input.Password);
  const now = iam.clock.now();
  const reset = input.PasswordResetRequired === true;
  mutate(iam, () => {
    if (profile(iam, ctx.account, user.name)) throw entityAlreadyExistsMessage(`Login Profile for user ${user.name} already exists.`);
    iam.store.db.prepare('INSERT INTO iam_login_profiles (account, user_key, password_hash, reset_required, created_at) VALUES (?, ?, ?, ?, ?)').run(ctx.account, user.name.toLowerCase(), hash(input.Password!), reset ? 1 : 0, now);
  });
  return { LoginProfile: { UserName: user.name, CreateDate: new Date(now), PasswordResetRequired: reset } };
}

export function getLoginProfile(iam: IamContext, ctx: RequestContext, input: api.GetLoginProfileRequest): api.GetLoginProfileResponse {
  const user = requireEntity(iam.store, ctx.account, 'user', input.UserName ?? '');
  const row = profile(iam, ctx.account, user.name);
  if (!row) throw notFound(user.name);
  return { LoginProfile: { UserName: user.name, CreateDate: new Date(row.created_at), PasswordResetRequired: row.reset_required === 1 } };
}

export function updateLoginProfile(iam: IamContext, ctx: RequestContext, input: api.UpdateLoginProfileRequest): Record<string, never> {
  if (input.Password !== undefined) checkPassword(input.Password);
  mutate(iam, () => {
    const user = requireEntity(iam.store, ctx.account, 'user', input.UserName);
    const row = profile(iam, ctx.account, user.name);
    if (!row) throw notFound(user.name);
    const key = user.name.toLowerCase();
    if (input.Password !== undefined) iam.store.db.prepare('UPDATE iam_login_profiles SET password_hash = ? WHERE account = ? AND user_key = ?').run(hash(input.Password), ctx.account, key);
    if (input.PasswordResetRequired !== undefined) iam.store.db.prepare('UPDATE iam_login_profiles SET reset_required = ? WHERE account = ? AND user_key = ?').run(input.PasswordResetRequired ? 1 : 0, ctx.account, key);
  });
  return {};
}

export function deleteLoginProfile(iam: IamContext, ctx: RequestContext, input: api.DeleteLoginProfileRequest): Record<string, never> {
  mutate(iam, () => {
    const user = requireEntity(iam.store, ctx.account, 'user', input.UserName ?? '');
    if (iam.store.db.prepare('DELETE FROM iam_login_profiles WHERE account = ? AND user_key = ?').run(ctx.account, user.name.toLowerCase()).changes === 0) throw notFound(user.name);
  });
  return {};
}

// ---- account alias

export function accountAlias(iam: IamContext, account: string): string | undefined {
  return (iam.store.db.prepare('SELECT alias FROM iam_account_aliases WHERE account = ?').get(account) as { alias: string } | undefined)?.alias;
}

export function createAccountAlias(iam: IamContext, ctx: RequestContext, input: api.CreateAccountAliasRequest): Record<string, never> {
  mutate(iam, () => {
    const owner = iam.store.db.prepare('SELECT account FROM iam_account_aliases WHERE alias = ?').get(input.AccountAlias) as { account: string } | undefined;
    if (owner && owner.account !== ctx.account) throw entityAlreadyExistsMessage(`The account alias ${input.AccountAlias} already exists.`);
    // An account has one alias: a new one replaces it (IAM User Guide, "Your AWS account ID and its alias").
    iam.store.db.prepare('INSERT INTO iam_account_aliases (account, alias) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET alias = excluded.alias').run(ctx.account, input.AccountAlias);
  });
  return {};
}

export function deleteAccountAlias(iam: IamContext, ctx: RequestContext, input: api.DeleteAccountAliasRequest): Record<string, never> {
  mutate(iam, () => {
    if (iam.store.db.prepare('DELETE FROM iam_account_aliases WHERE account = ? AND alias = ?').run(ctx.account, input.AccountAlias).changes === 0) {
      throw noSuchEntityMessage(`The account alias ${input.AccountAlias} cannot be found.`);
    }
  });
  return {};
}

export function listAccountAliases(iam: IamContext, ctx: RequestContext, input: api.ListAccountAliasesRequest): api.ListAccountAliasesResponse {
  const alias = accountAlias(iam, ctx.account);
  const { page, ...rest } = paginate(alias === undefined ? [] : [alias], input.Marker, input.MaxItems);
  return { AccountAliases: page, ...rest };
}
