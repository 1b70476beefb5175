// CloudFront's schema, versioned through StateStore.migrate('cloudfront', …): every configuration resource
// (distributions, policies, OACs, OAIs, public keys, key groups) as one row per id with its config and ETag,
// invalidations per distribution, and tags per ARN. CloudFront is global: every row's region is us-east-1.

export const CLOUDFRONT_COMPONENT = 'cloudfront';

export const CLOUDFRONT_TABLES = ['cf_resources', 'cf_invalidations', 'cf_tags'] as const;

export const CLOUDFRONT_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cf_resources (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    caller_ref TEXT,
    name TEXT,
    etag TEXT NOT NULL,
    config TEXT NOT NULL,
    extra TEXT NOT NULL,
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
  ) STRICT;
  CREATE INDEX cf_resources_by_account ON cf_resources (account, kind, seq);
  CREATE UNIQUE INDEX cf_resources_caller_ref ON cf_resources (account, kind, caller_ref) WHERE caller_ref IS NOT NULL;

  CREATE TABLE cf_invalidations (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    distribution_id TEXT NOT NULL,
    id TEXT NOT NULL PRIMARY KEY,
    caller_ref TEXT NOT NULL,
    paths TEXT NOT NULL,
    created INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    UNIQUE (distribution_id, caller_ref)
  ) STRICT;
  CREATE INDEX cf_invalidations_by_distribution ON cf_invalidations (distribution_id, seq);

  CREATE TABLE cf_tags (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (arn, key)
  ) STRICT;
  `,
];
