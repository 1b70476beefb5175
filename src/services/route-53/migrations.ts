// Route 53's schema, versioned through StateStore.migrate('route-53', …): hosted zones, their record sets (one row
// each, with a sort key in ListResourceRecordSets order), submitted changes, health checks and tags.
// Route 53 is global: every row's region is us-east-1. Version 2 adds CIDR collections (IP-based routing), the
// collection a record set routes by, and each health check's last probe state so a restart keeps its status.

export const ROUTE53_COMPONENT = 'route-53';

export const ROUTE53_TABLES = ['r53_zones', 'r53_records', 'r53_changes', 'r53_health_checks', 'r53_tags', 'r53_cidr_collections', 'r53_cidr_blocks', 'r53_health_state'] as const;

export const ROUTE53_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE r53_zones (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    caller_ref TEXT NOT NULL,
    comment TEXT,
    private INTEGER NOT NULL,
    vpcs TEXT NOT NULL,
    name_servers TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    UNIQUE (account, caller_ref)
  ) STRICT;
  CREATE INDEX r53_zones_by_name ON r53_zones (account, name, id);

  CREATE TABLE r53_records (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    zone_id TEXT NOT NULL,
    rkey TEXT NOT NULL,
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    health_check_id TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (zone_id, rkey)
  ) STRICT;
  CREATE INDEX r53_records_order ON r53_records (zone_id, sort_key);
  CREATE INDEX r53_records_name ON r53_records (zone_id, name);
  CREATE INDEX r53_records_health ON r53_records (health_check_id) WHERE health_check_id IS NOT NULL;

  CREATE TABLE r53_changes (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    id TEXT NOT NULL PRIMARY KEY,
    submitted_at INTEGER NOT NULL,
    comment TEXT
  ) STRICT;

  CREATE TABLE r53_health_checks (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    id TEXT NOT NULL PRIMARY KEY,
    caller_ref TEXT NOT NULL,
    config TEXT NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    UNIQUE (account, caller_ref)
  ) STRICT;

  CREATE TABLE r53_tags (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (account, resource_type, resource_id, tag_key)
  ) STRICT;
  `,
  `
  CREATE TABLE r53_cidr_collections (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    caller_ref TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (account, name)
  ) STRICT;

  CREATE TABLE r53_cidr_blocks (
    collection_id TEXT NOT NULL,
    location TEXT NOT NULL,
    cidr TEXT NOT NULL,
    PRIMARY KEY (collection_id, cidr)
  ) STRICT;
  CREATE INDEX r53_cidr_blocks_location ON r53_cidr_blocks (collection_id, location, cidr);

  ALTER TABLE r53_records ADD COLUMN cidr_collection TEXT;
  ALTER TABLE r53_records ADD COLUMN cidr_location TEXT;
  CREATE INDEX r53_records_cidr ON r53_records (cidr_collection, cidr_location) WHERE cidr_collection IS NOT NULL;

  CREATE TABLE r53_health_state (
    id TEXT NOT NULL PRIMARY KEY,
    state TEXT NOT NULL
  ) STRICT;
  `,
];
