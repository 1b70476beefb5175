// elbv2 schema: one JSON document per resource (load balancer, target group, listener, rule), keyed by ARN; the
// whole set is small and is loaded at boot so that listeners bind and health checks run without a request.
export const ELBV2_COMPONENT = 'elastic-load-balancing-v2';
export const ELBV2_TABLES = ['elbv2_resources'] as const;
export const ELBV2_MIGRATIONS: readonly string[] = [
  `CREATE TABLE elbv2_resources (
    arn TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;`,
];
