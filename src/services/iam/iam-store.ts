// IAM's repository over the state store: prepared statements for entities, managed policies and versions,
// attachments, inline policies, memberships, access keys and tags. Rows only; IAM's rules live in the operations.
import type Database from 'better-sqlite3';
import type { StateStore } from '../../store/state-store.js';
import type { EntityKind } from './errors.js';
import { IAM_COMPONENT, IAM_MIGRATIONS, IAM_TABLES } from './migrations.js';

export interface EntityAttrs {
  trustPolicy?: string;
  maxSessionDuration?: number;
  description?: string;
  boundaryArn?: string;
}

export interface Entity {
  account: string;
  kind: EntityKind;
  name: string;
  id: string;
  path: string;
  arn: string;
  createdAt: number;
  attrs: EntityAttrs;
}

export interface ManagedPolicy {
  account: string;
  arn: string;
  name: string;
  id: string;
  path: string;
  description: string | undefined;
  defaultVersion: string;
  nextVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface PolicyVersionRow {
  versionId: string;
  versionNumber: number;
  document: string;
  createdAt: number;
}

export interface AccessKeyRow {
  accessKeyId: string;
  account: string;
  userKey: string;
  secret: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}

interface EntityRow {
  account: string;
  kind: EntityKind;
  name: string;
  id: string;
  path: string;
  arn: string;
  created_at: number;
  attrs: string;
}

interface PolicyRow {
  account: string;
  arn: string;
  name: string;
  id: string;
  path: string;
  description: string | null;
  default_version: string;
  next_version: number;
  created_at: number;
  updated_at: number;
}

const key = (name: string): string => name.toLowerCase();

function entityOf(r: EntityRow): Entity {
  return { account: r.account, kind: r.kind, name: r.name, id: r.id, path: r.path, arn: r.arn, createdAt: r.created_at, attrs: JSON.parse(r.attrs) as EntityAttrs };
}

function policyOf(r: PolicyRow): ManagedPolicy {
  return {
    account: r.account,
    arn: r.arn,
    name: r.name,
    id: r.id,
    path: r.path,
    description: r.description ?? undefined,
    defaultVersion: r.default_version,
    nextVersion: r.next_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class IamStore {
  readonly db: Database.Database;

  constructor(readonly store: StateStore) {
    store.migrate(IAM_COMPONENT, IAM_MIGRATIONS);
    store.registerTables(IAM_COMPONENT, IAM_TABLES);
    this.db = store.db;
  }

  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  // ---- entities (users, groups, roles, instance profiles)

  getEntity(account: string, kind: EntityKind, name: string): Entity | undefined {
    const row = this.db.prepare('SELECT * FROM iam_entities WHERE account = ? AND kind = ? AND name_key = ?').get(account, kind, key(name)) as EntityRow | undefined;
    return row && entityOf(row);
  }

  entityById(id: string): Entity | undefined {
    const row = this.db.prepare('SELECT * FROM iam_entities WHERE id = ?').get(id) as EntityRow | undefined;
    return row && entityOf(row);
  }

  insertEntity(e: Entity): void {
    this.db
      .prepare('INSERT INTO iam_entities (account, kind, name_key, name, id, path, arn, created_at, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.account, e.kind, key(e.name), e.name, e.id, e.path, e.arn, e.createdAt, JSON.stringify(e.attrs));
  }

  updateEntity(e: Entity, oldName = e.name): void {
    this.db
      .prepare('UPDATE iam_entities SET name_key = ?, name = ?, path = ?, arn = ?, attrs = ? WHERE account = ? AND kind = ? AND name_key = ?')
      .run(key(e.name), e.name, e.path, e.arn, JSON.stringify(e.attrs), e.account, e.kind, key(oldName));
  }

  deleteEntity(account: string, kind: EntityKind, name: string): void {
    const k = key(name);
    this.db.prepare('DELETE FROM iam_entities WHERE account = ? AND kind = ? AND name_key = ?').run(account, kind, k);
    this.db.prepare('DELETE FROM iam_tags WHERE account = ? AND kind = ? AND name_key = ?').run(account, kind, k);
  }

  /** Entities of a kind whose path starts with prefix, ordered by name as IAM lists them. */
  listEntities(account: string, kind: EntityKind, pathPrefix = '/'): Entity[] {
    const rows = this.db
      .prepare("SELECT * FROM iam_entities WHERE account = ? AND kind = ? AND substr(path, 1, length(?)) = ? ORDER BY name_key")
      .all(account, kind, pathPrefix, pathPrefix) as EntityRow[];
    return rows.map(entityOf);
  }

  countEntities(account: string, kind: EntityKind): number {
    return (this.db.prepare('SELECT count(*) AS n FROM iam_entities WHERE account = ? AND kind = ?').get(account, kind) as { n: number }).n;
  }

  // ---- managed policies

  getPolicy(account: string, arn: string): ManagedPolicy | undefined {
    const row = this.db.prepare('SELECT * FROM iam_policies WHERE account = ? AND arn = ?').get(account, arn) as PolicyRow | undefined;
    return row && policyOf(row);
  }

  insertPolicy(p: ManagedPolicy): void {
    this.db
      .prepare('INSERT INTO iam_policies (account, arn, name, id, path, description, default_version, next_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.account, p.arn, p.name, p.id, p.path, p.description ?? null, p.defaultVersion, p.nextVersion, p.createdAt, p.updatedAt);
  }

  updatePolicy(p: ManagedPolicy): void {
    this.db
      .prepare('UPDATE iam_policies SET default_version = ?, next_version = ?, updated_at = ? WHERE account = ? AND arn = ?')
      .run(p.defaultVersion, p.nextVersion, p.updatedAt, p.account, p.arn);
  }

  deletePolicy(account: string, arn: string): void {
    this.db.prepare('DELETE FROM iam_policies WHERE account = ? AND arn = ?').run(account, arn);
    this.db.prepare('DELETE FROM iam_policy_versions WHERE account = ? AND policy_arn = ?').run(account, arn);
    this.db.prepare("DELETE FROM iam_tags WHERE account = ? AND kind = 'policy' AND name_key = ?").run(account, arn);
  }

  listPolicies(account: string, pathPrefix = '/'): ManagedPolicy[] {
    const rows = this.db
      .prepare('SELECT * FROM iam_policies WHERE account = ? AND substr(path, 1, length(?)) = ? ORDER BY lower(name)')
      .all(account, pathPrefix, pathPrefix) as PolicyRow[];
    return rows.map(policyOf);
  }

  versions(account: string, arn: string): PolicyVersionRow[] {
    return this.db
      .prepare('SELECT version_id AS versionId, version_number AS versionNumber, document, created_at AS createdAt FROM iam_policy_versions WHERE account = ? AND policy_arn = ? ORDER BY version_number DESC')
      .all(account, arn) as PolicyVersionRow[];
  }

  version(account: string, arn: string, versionId: string): PolicyVersionRow | undefined {
    return this.db
      .prepare('SELECT version_id AS versionId, version_number AS versionNumber, document, created_at AS createdAt FROM iam_policy_versions WHERE account = ? AND policy_arn = ? AND version_id = ?')
      .get(account, arn, versionId) as PolicyVersionRow | undefined;
  }

  insertVersion(account: string, arn: string, v: PolicyVersionRow): void {
    this.db
      .prepare('INSERT INTO iam_policy_versions (account, policy_arn, version_id, version_number, document, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(account, arn, v.versionId, v.versionNumber, v.document, v.createdAt);
  }

  deleteVersion(account: string, arn: string, versionId: string): void {
    this.db.prepare('DELETE FROM iam_policy_versions WHERE account = ? AND policy_arn = ? AND version_id = ?').run(account, arn, versionId);
  }

  /** The default version's document of a managed policy. */
  defaultDocument(account: string, arn: string): string | undefined {
    const row = this.db
      .prepare('SELECT v.document FROM iam_policies p JOIN iam_policy_versions v ON v.account = p.account AND v.policy_arn = p.arn AND v.version_id = p.default_version WHERE p.account = ? AND p.arn = ?')
      .get(account, arn) as { document: string } | undefined;
    return row?.document;
  }

  // ---- attachments

  attachments(account: string, kind: EntityKind, name: string): string[] {
    return (this.db.prepare('SELECT policy_arn FROM iam_attachments WHERE account = ? AND kind = ? AND name_key = ? ORDER BY attached_at, policy_arn').all(account, kind, key(name)) as Array<{ policy_arn: string }>).map((r) => r.policy_arn);
  }

  attach(account: string, kind: EntityKind, name: string, policyArn: string, at: number): void {
    this.db.prepare('INSERT OR IGNORE INTO iam_attachments (account, kind, name_key, policy_arn, attached_at) VALUES (?, ?, ?, ?, ?)').run(account, kind, key(name), policyArn, at);
  }

  detach(account: string, kind: EntityKind, name: string, policyArn: string): boolean {
    return this.db.prepare('DELETE FROM iam_attachments WHERE account = ? AND kind = ? AND name_key = ? AND policy_arn = ?').run(account, kind, key(name), policyArn).changes > 0;
  }

  attachedTo(account: string, policyArn: string): Array<{ kind: EntityKind; nameKey: string }> {
    return this.db.prepare('SELECT kind, name_key AS nameKey FROM iam_attachments WHERE account = ? AND policy_arn = ? ORDER BY kind, name_key').all(account, policyArn) as Array<{ kind: EntityKind; nameKey: string }>;
  }

  // ---- inline policies

  inlinePolicy(account: string, kind: EntityKind, name: string, policyName: string): string | undefined {
    const row = this.db.prepare('SELECT document FROM iam_inline_policies WHERE account = ? AND kind = ? AND name_key = ? AND policy_name = ?').get(account, kind, key(name), policyName) as { document: string } | undefined;
    return row?.document;
  }

  inlinePolicies(account: string, kind: EntityKind, name: string): Array<{ policyName: string; document: string }> {
    return this.db.prepare('SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE account = ? AND kind = ? AND name_key = ? ORDER BY policy_name').all(account, kind, key(name)) as Array<{ policyName: string; document: string }>;
  }

  putInline(account: string, kind: EntityKind, name: string, policyName: string, document: string): void {
    this.db
      .prepare('INSERT INTO iam_inline_policies (account, kind, name_key, policy_name, document) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET document = excluded.document')
      .run(account, kind, key(name), policyName, document);
  }

  deleteInline(account: string, kind: EntityKind, name: string, policyName: string): boolean {
    return this.db.prepare('DELETE FROM iam_inline_policies WHERE account = ? AND kind = ? AND name_key = ? AND policy_name = ?').run(account, kind, key(name), policyName).changes > 0;
  }

  // ---- group membership and instance profile roles

  groupsOf(account: string, userName: string): Entity[] {
    const rows = this.db
      .prepare("SELECT e.* FROM iam_group_members m JOIN iam_entities e ON e.account = m.account AND e.kind = 'group' AND e.name_key = m.group_key WHERE m.account = ? AND m.user_key = ? ORDER BY e.name_key")
      .all(account, key(userName)) as EntityRow[];
    return rows.map(entityOf);
  }

  membersOf(account: string, groupName: string): Entity[] {
    const rows = this.db
      .prepare("SELECT e.* FROM iam_group_members m JOIN iam_entities e ON e.account = m.account AND e.kind = 'user' AND e.name_key = m.user_key WHERE m.account = ? AND m.group_key = ? ORDER BY e.name_key")
      .all(account, key(groupName)) as EntityRow[];
    return rows.map(entityOf);
  }

  addMember(account: string, groupName: string, userName: string, at: number): void {
    this.db.prepare('INSERT OR IGNORE INTO iam_group_members (account, group_key, user_key, added_at) VALUES (?, ?, ?, ?)').run(account, key(groupName), key(userName), at);
  }

  removeMember(account: string, groupName: string, userName: string): boolean {
    return this.db.prepare('DELETE FROM iam_group_members WHERE account = ? AND group_key = ? AND user_key = ?').run(account, key(groupName), key(userName)).changes > 0;
  }

  profileRoles(account: string, profileName: string): Entity[] {
    const rows = this.db
      .prepare("SELECT e.* FROM iam_profile_roles p JOIN iam_entities e ON e.account = p.account AND e.kind = 'role' AND e.name_key = p.role_key WHERE p.account = ? AND p.profile_key = ?")
      .all(account, key(profileName)) as EntityRow[];
    return rows.map(entityOf);
  }

  profilesOfRole(account: string, roleName: string): string[] {
    return (this.db.prepare('SELECT profile_key FROM iam_profile_roles WHERE account = ? AND role_key = ?').all(account, key(roleName)) as Array<{ profile_key: string }>).map((r) => r.profile_key);
  }

  setProfileRole(account: string, profileName: string, roleName: string, present: boolean): void {
    if (present) this.db.prepare('INSERT OR IGNORE INTO iam_profile_roles (account, profile_key, role_key) VALUES (?, ?, ?)').run(account, key(profileName), key(roleName));
    else this.db.prepare('DELETE FROM iam_profile_roles WHERE account = ? AND profile_key = ? AND role_key = ?').run(account, key(profileName), key(roleName));
  }

  // ---- access keys

  accessKey(accessKeyId: string): AccessKeyRow | undefined {
    return this.db
      .prepare('SELECT access_key_id AS accessKeyId, account, user_key AS userKey, secret, status, created_at AS createdAt, last_used_at AS lastUsedAt, last_used_service AS lastUsedService, last_used_region AS lastUsedRegion FROM iam_access_keys WHERE access_key_id = ?')
      .get(accessKeyId) as AccessKeyRow | undefined;
  }

  accessKeysOf(account: string, userName: string): AccessKeyRow[] {
    return this.db
      .prepare('SELECT access_key_id AS accessKeyId, account, user_key AS userKey, secret, status, created_at AS createdAt, last_used_at AS lastUsedAt, last_used_service AS lastUsedService, last_used_region AS lastUsedRegion FROM iam_access_keys WHERE account = ? AND user_key = ? ORDER BY created_at, access_key_id')
      .all(account, key(userName)) as AccessKeyRow[];
  }

  insertAccessKey(k: Omit<AccessKeyRow, 'lastUsedAt' | 'lastUsedService' | 'lastUsedRegion'>): void {
    this.db.prepare('INSERT INTO iam_access_keys (access_key_id, account, user_key, secret, status, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(k.accessKeyId, k.account, k.userKey, k.secret, k.status, k.createdAt);
  }

  setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): void {
    this.db.prepare('UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?').run(status, accessKeyId);
  }

  deleteAccessKey(accessKeyId: string): void {
    this.db.prepare('DELETE FROM iam_access_keys WHERE access_key_id = ?').run(accessKeyId);
  }

  // ---- tags (kind 'policy' keys by ARN)

  tags(account: string, kind: string, name: string): Array<{ Key: string; Value: string }> {
    return this.db.prepare('SELECT key AS Key, value AS Value FROM iam_tags WHERE account = ? AND kind = ? AND name_key = ? ORDER BY position').all(account, kind, kind === 'policy' ? name : key(name)) as Array<{ Key: string; Value: string }>;
  }

  putTags(account: string, kind: string, name: string, tags: ReadonlyArray<{ Key: string; Value: string }>): void {
    const k = kind === 'policy' ? name : key(name);
    const next = (this.db.prepare('SELECT coalesce(max(position), 0) AS p FROM iam_tags WHERE account = ? AND kind = ? AND name_key = ?').get(account, kind, k) as { p: number }).p;
    const stmt = this.db.prepare('INSERT INTO iam_tags (account, kind, name_key, key, value, position) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value');
    tags.forEach((t, i) => stmt.run(account, kind, k, t.Key, t.Value, next + i + 1));
  }

  removeTags(account: string, kind: string, name: string, keys: readonly string[]): void {
    const k = kind === 'policy' ? name : key(name);
    const stmt = this.db.prepare('DELETE FROM iam_tags WHERE account = ? AND kind = ? AND name_key = ? AND key = ?');
    for (const tagKey of keys) stmt.run(account, kind, k, tagKey);
  }
}
