// WAFv2 schema, versioned through StateStore.migrate('wafv2', …): web ACLs, rule groups, IP sets and regex pattern
// sets in one table (the entity as JSON with its LockToken), associations to regional resources, logging configs.

export const WAFV2_COMPONENT = 'wafv2';

export const WAFV2_TABLES = ['waf_entities', 'waf_associations', 'waf_logging', 'waf_samples'] as const;

export const WAFV2_MIGRATIONS: readonly string[] = [
  `
  -- kind: webacl | rulegroup | ipset | regexset. scope: REGIONAL | CLOUDFRONT (CLOUDFRONT rows live in us-east-1).
  -- body is the entity as GetX answers it (blobs as {"$b64": …}); tags and the creation order sit beside it.
  CREATE TABLE waf_entities (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    lock_token TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (account, region, kind, id)
  ) STRICT;
  CREATE UNIQUE INDEX waf_entities_name ON waf_entities (account, region, kind, scope, name);

  -- One web ACL per regional resource (an ALB ARN); CloudFront attaches through its distribution's WebACLId.
  CREATE TABLE waf_associations (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    resource_arn TEXT NOT NULL PRIMARY KEY,
    web_acl_arn TEXT NOT NULL
  ) STRICT;
  CREATE INDEX waf_associations_acl ON waf_associations (web_acl_arn);

  CREATE TABLE waf_logging (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    resource_arn TEXT NOT NULL PRIMARY KEY,
    body TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- Sampled requests (GetSampledRequests), written behind the evaluator once a second and at shutdown; rows older
  -- than 3 hours, or beyond the newest 5,000 per web ACL and metric name, are deleted as new ones arrive.
  CREATE TABLE waf_samples (
    acl_arn TEXT NOT NULL,
    metric TEXT NOT NULL,
    at INTEGER NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  CREATE INDEX waf_samples_key ON waf_samples (acl_arn, metric, at);
  CREATE INDEX waf_samples_at ON waf_samples (at);
  `,
];
