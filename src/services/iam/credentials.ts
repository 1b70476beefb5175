// The IAM service's in-process interface for the gateway and STS: access key → secret and principal (IAM user keys,
// STS session keys with their token and expiry), the policies that apply to a principal (cached per principal and
// rebuilt after any IAM change), temporary credentials issued by STS, and roles for AssumeRole.
import { randomBytes } from 'node:crypto';
import { randomUpperAlnum } from '../../core/ids.js';
import type { CompiledPolicy } from '../../iam/compile.js';
import type { PolicySet } from '../../iam/evaluate.js';
import type { Principal } from '../../iam/principal.js';
import { newSecret } from './access-keys.js';
import { defaultDocument } from './managed-policies.js';
import { findProvider, type OidcProvider } from './oidc-providers.js';
import type { IamContext } from './context.js';
import type { EntityKind } from './errors.js';
import type { Entity } from './iam-store.js';

export type CredentialLookup =
  | { status: 'ok'; secret: string; principal: Principal; sessionToken?: string; userName?: string }
  | { status: 'unknown' | 'inactive' | 'expired' | 'token-mismatch' };

export interface IssuedSession {
  accessKeyId: string;
  secret: string;
  sessionToken: string;
  expiresAt: number;
}

export interface IamInternal {
  /** Who an access key acts as, without checking token or expiry (GetCallerIdentity with enforcement off);
   *  `test` and 12-digit keys are the root user of their account. */
  principalOf(accessKeyId: string | undefined, defaultAccount: string): Principal;
  lookup(accessKeyId: string, sessionToken: string | undefined, now: number): CredentialLookup;
  policiesFor(principal: Principal): PolicySet;
  role(account: string, name: string): Entity | undefined;
  user(account: string, name: string): Entity | undefined;
  trustPolicy(role: Entity): CompiledPolicy | undefined;
  issueSession(account: string, principal: Principal, sessionPolicies: readonly string[], durationSeconds: number, sourceKey: string | undefined): IssuedSession;
  compile(document: string): CompiledPolicy;
  managedDocument(account: string, arn: string): string | undefined;
  /** The OpenID Connect provider registered for an issuer (iss claim) in the account. */
  oidcProvider(account: string, issuer: string): OidcProvider | undefined;
  recordKeyUse(accessKeyId: string, service: string, region: string, at: number): void;
}

/** What the account's root may do: everything (it is the identity half of a root-made federated session). */
const ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

export function rootPrincipal(account: string): Principal {
  return { type: 'root', arn: `arn:aws:iam::${account}:root`, account, userId: account };
}

interface SessionRow {
  secret: string;
  session_token: string;
  account: string;
  principal: string;
  session_policy: string | null;
  expires_at: number;
}

export function createIamInternal(iam: IamContext): IamInternal {
  const cache = new Map<string, { generation: number; set: PolicySet }>();

  function entityPolicies(account: string, kind: EntityKind, name: string): CompiledPolicy[] {
    const out: CompiledPolicy[] = [];
    for (const p of iam.store.inlinePolicies(account, kind, name)) out.push(iam.policies.get(p.document));
    for (const arn of iam.store.attachments(account, kind, name)) {
      const doc = defaultDocument(iam, account, arn);
      if (doc !== undefined) out.push(iam.policies.get(doc, arn));
    }
    return out;
  }

  function boundaryOf(account: string, arn: string | undefined): CompiledPolicy | undefined {
    if (arn === undefined) return undefined;
    const doc = defaultDocument(iam, account, arn);
    // A boundary that names a policy kumo does not hold allows nothing, as an empty boundary would.
    return doc === undefined ? { arn, statements: [] } : iam.policies.get(doc, arn);
  }

  function build(principal: Principal, sessionPolicies: readonly string[]): PolicySet {
    const session = sessionPolicies.map((d) => iam.policies.get(d));
    if (principal.type === 'user') {
      const name = principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
      const user = iam.store.getEntity(principal.account, 'user', name);
      if (!user) return { identity: [] };
      const identity = entityPolicies(principal.account, 'user', user.name);
      for (const g of iam.store.groupsOf(principal.account, user.name)) identity.push(...entityPolicies(principal.account, 'group', g.name));
      return { identity, permissionsBoundary: boundaryOf(principal.account, user.attrs.boundaryArn), session };
    }
    if (principal.type === 'assumed-role' && principal.roleArn) {
      const name = principal.roleArn.slice(principal.roleArn.lastIndexOf('/') + 1);
      const role = iam.store.getEntity(principal.account, 'role', name);
      if (!role) return { identity: [] };
      return { identity: entityPolicies(principal.account, 'role', role.name), permissionsBoundary: boundaryOf(principal.account, role.attrs.boundaryArn), session };
    }
    if (principal.type === 'federated-user') {
      // A federated user's permissions are the intersection of its IAM user's policies and the session policies it
      // was given; without a session policy it has none (STS API reference, GetFederationToken).
      const capped = session.length > 0 ? session : [{ arn: undefined, statements: [] }];
      if (principal.federatedFrom === undefined) return { identity: [iam.policies.get(ALLOW_ALL)], session: capped };
      const user = iam.store.getEntity(principal.account, 'user', principal.federatedFrom);
      if (!user) return { identity: [] };
      const identity = entityPolicies(principal.account, 'user', user.name);
      for (const g of iam.store.groupsOf(principal.account, user.name)) identity.push(...entityPolicies(principal.account, 'group', g.name));
      return { identity, permissionsBoundary: boundaryOf(principal.account, user.attrs.boundaryArn), session: capped };
    }
    return { identity: [], session };
  }

  const sessionPolicies = new Map<string, string[]>();
  // Lookups per access key, valid while nothing in IAM changed (every mutation bumps the generation); session
  // expiry is checked against the clock on every use.
  const lookups = new Map<string, { generation: number; token: string | undefined; result: CredentialLookup; expiresAt: number }>();
  const sessionStatement = iam.store.db.prepare('SELECT * FROM iam_sessions WHERE access_key_id = ?');

  const internal: IamInternal & { lookupUncached(accessKeyId: string, sessionToken: string | undefined, now: number): CredentialLookup } = {
    principalOf(accessKeyId, defaultAccount) {
      if (accessKeyId?.startsWith('ASIA')) {
        const row = iam.store.db.prepare('SELECT principal FROM iam_sessions WHERE access_key_id = ?').get(accessKeyId) as { principal: string } | undefined;
        if (row) return JSON.parse(row.principal) as Principal;
      } else if (accessKeyId !== undefined) {
        const key = iam.store.accessKey(accessKeyId);
        const user = key && iam.store.getEntity(key.account, 'user', key.userKey);
        if (user) return { type: 'user', arn: user.arn, account: user.account, userId: user.id };
      }
      return rootPrincipal(accessKeyId !== undefined && /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccount);
    },
    lookup(accessKeyId, sessionToken, now) {
      const hit = lookups.get(accessKeyId);
      if (hit && hit.generation === iam.generation && hit.token === sessionToken && now < hit.expiresAt) return hit.result;
      const result = this.lookupUncached(accessKeyId, sessionToken, now);
      if (result.status === 'ok') {
        if (lookups.size > 10_000) lookups.clear();
        const row = accessKeyId.startsWith('ASIA') ? (sessionStatement.get(accessKeyId) as SessionRow | undefined) : undefined;
        lookups.set(accessKeyId, { generation: iam.generation, token: sessionToken, result, expiresAt: row ? row.expires_at : Number.POSITIVE_INFINITY });
      }
      return result;
    },
    lookupUncached(accessKeyId: string, sessionToken: string | undefined, now: number): CredentialLookup {
      if (accessKeyId.startsWith('ASIA')) {
        const row = sessionStatement.get(accessKeyId) as SessionRow | undefined;
        if (!row) return { status: 'unknown' };
        if (sessionToken !== row.session_token) return { status: 'token-mismatch' };
        if (now >= row.expires_at) return { status: 'expired' };
        const principal = JSON.parse(row.principal) as Principal;
        sessionPolicies.set(accessKeyId, row.session_policy ? (JSON.parse(row.session_policy) as string[]) : []);
        return { status: 'ok', secret: row.secret, principal, sessionToken: row.session_token };
      }
      const key = iam.store.accessKey(accessKeyId);
      if (!key) return { status: 'unknown' };
      if (key.status !== 'Active') return { status: 'inactive' };
      const user = iam.store.getEntity(key.account, 'user', key.userKey);
      if (!user) return { status: 'unknown' };
      return { status: 'ok', secret: key.secret, principal: { type: 'user', arn: user.arn, account: user.account, userId: user.id }, userName: user.name };
    },
    policiesFor(principal) {
      const extra = principal.sessionKey ? (sessionPolicies.get(principal.sessionKey) ?? []) : [];
      const cacheKey = `${principal.arn}\n${principal.sessionKey ?? ''}`;
      const hit = cache.get(cacheKey);
      if (hit && hit.generation === iam.generation) return hit.set;
      const set = build(principal, extra);
      if (cache.size > 10_000) cache.clear();
      cache.set(cacheKey, { generation: iam.generation, set });
      return set;
    },
    role: (account, name) => iam.store.getEntity(account, 'role', name),
    user: (account, name) => iam.store.getEntity(account, 'user', name),
    trustPolicy: (role) => (role.attrs.trustPolicy === undefined ? undefined : iam.policies.get(role.attrs.trustPolicy)),
    issueSession(account, principal, policies, durationSeconds, sourceKey) {
      const accessKeyId = `ASIA${randomUpperAlnum(16)}`;
      const secret = newSecret();
      // Session tokens are opaque to clients; AWS's are long base64 strings.
      const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`;
      const now = iam.clock.now();
      const expiresAt = now + durationSeconds * 1000;
      iam.store.transaction(() =>
        iam.store.db
          .prepare('INSERT INTO iam_sessions (access_key_id, secret, session_token, account, principal, session_policy, source_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(accessKeyId, secret, sessionToken, account, JSON.stringify({ ...principal, sessionKey: accessKeyId }), policies.length > 0 ? JSON.stringify(policies) : null, sourceKey ?? null, now, expiresAt),
      );
      return { accessKeyId, secret, sessionToken, expiresAt };
    },
    compile: (document) => iam.policies.get(document),
    managedDocument: (account, arn) => defaultDocument(iam, account, arn),
    oidcProvider: (account, issuer) => findProvider(iam, account, issuer),
    recordKeyUse(accessKeyId, service, region, at) {
      iam.store.db.prepare('UPDATE iam_access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?').run(at, service, region, accessKeyId);
    },
  };
  return internal;
}
