// IAM schema, versioned through StateStore.migrate('iam', …): users, groups, roles and instance profiles in one
// entity table (names unique case-insensitively per kind, as IAM's are), managed policies and their versions,
// attachments, inline policies, group members, access keys, tags, and STS's temporary credentials.

export const IAM_COMPONENT = 'iam';

export const IAM_TABLES = [
  'iam_entities',
  'iam_policies',
  'iam_policy_versions',
  'iam_attachments',
  'iam_inline_policies',
  'iam_group_members',
  'iam_profile_roles',
  'iam_access_keys',
  'iam_tags',
  'iam_sessions',
  'iam_oidc_providers',
  'iam_login_profiles',
  'iam_account_aliases',
  'iam_slr_deletions',
] as const;

export const IAM_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE iam_entities (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,            -- user | group | role | instance-profile
    name_key TEXT NOT NULL,        -- lower-cased name: IAM names are unique regardless of case
    name TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attrs TEXT NOT NULL,           -- JSON: trust policy, max session duration, description, boundary ARN
    PRIMARY KEY (account, kind, name_key)
  ) STRICT;

  CREATE TABLE iam_policies (
    account TEXT NOT NULL,
    arn TEXT NOT NULL,
    name TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    description TEXT,
    default_version TEXT NOT NULL,
    next_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account, arn)
  ) STRICT;

  CREATE TABLE iam_policy_versions (
    account TEXT NOT NULL,
    policy_arn TEXT NOT NULL,
    version_id TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account, policy_arn, version_id)
  ) STRICT;

  CREATE TABLE iam_attachments (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    name_key TEXT NOT NULL,
    policy_arn TEXT NOT NULL,
    attached_at INTEGER NOT NULL,
    PRIMARY KEY (account, kind, name_key, policy_arn)
  ) STRICT;
  CREATE INDEX iam_attachments_policy ON iam_attachments (account, policy_arn);

  CREATE TABLE iam_inline_policies (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    name_key TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account, kind, name_key, policy_name)
  ) STRICT;

  CREATE TABLE iam_group_members (
    account TEXT NOT NULL,
    group_key TEXT NOT NULL,
    user_key TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (account, group_key, user_key)
  ) STRICT;
  CREATE INDEX iam_group_members_user ON iam_group_members (account, user_key);

  CREATE TABLE iam_profile_roles (
    account TEXT NOT NULL,
    profile_key TEXT NOT NULL,
    role_key TEXT NOT NULL,
    PRIMARY KEY (account, profile_key, role_key)
  ) STRICT;

  CREATE TABLE iam_access_keys (
    access_key_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    user_key TEXT NOT NULL,
    secret TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    last_used_service TEXT,
    last_used_region TEXT
  ) STRICT;
  CREATE INDEX iam_access_keys_user ON iam_access_keys (account, user_key);

  CREATE TABLE iam_tags (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    name_key TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (account, kind, name_key, key)
  ) STRICT;

  -- Temporary credentials from STS (ASIA… keys): who they act as, their session policy, when they expire.
  CREATE TABLE iam_sessions (
    access_key_id TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    session_token TEXT NOT NULL,
    account TEXT NOT NULL,
    principal TEXT NOT NULL,       -- JSON Principal (type, arn, roleArn, userId)
    session_policy TEXT,           -- JSON array of policy documents (inline + managed ARNs resolved at use)
    source_key TEXT,               -- the long-term key GetSessionToken was called with
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX iam_sessions_expiry ON iam_sessions (expires_at);
  `,
  `
  -- OpenID Connect providers (AssumeRoleWithWebIdentity checks tokens against them), console login profiles (the
  -- password only as a scrypt hash), the account alias, and service-linked role deletion tasks.
  CREATE TABLE iam_oidc_providers (
    account TEXT NOT NULL,
    url TEXT NOT NULL,             -- without https://, as the ARN and GetOpenIDConnectProvider show it
    client_ids TEXT NOT NULL,      -- JSON array
    thumbprints TEXT NOT NULL,     -- JSON array
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account, url)
  ) STRICT;

  CREATE TABLE iam_login_profiles (
    account TEXT NOT NULL,
    user_key TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    reset_required INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account, user_key)
  ) STRICT;

  CREATE TABLE iam_account_aliases (
    account TEXT PRIMARY KEY,
    alias TEXT NOT NULL UNIQUE
  ) STRICT;

  CREATE TABLE iam_slr_deletions (
    task_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    role_name TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  `,
];
