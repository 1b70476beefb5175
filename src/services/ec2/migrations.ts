// EC2 schema, versioned through StateStore.migrate('ec2', …): every EC2 resource is one row holding its AWS shape
// as JSON (plus internal fields the codec never writes), keyed by account, region and id, ordered by creation.

export const EC2_COMPONENT = 'ec2';
export const EC2_TABLES = ['ec2_resources'] as const;

export const EC2_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE ec2_resources (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (account, region, kind, id)
  ) STRICT;
  CREATE INDEX ec2_resources_order ON ec2_resources (account, region, seq);
  `,
];
