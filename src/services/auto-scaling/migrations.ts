// Auto Scaling schema, versioned through StateStore.migrate('auto-scaling', …): groups, launch configurations,
// policies, scheduled actions, hooks and notification settings as JSON rows, and the scaling activities of each group.

export const AUTO_SCALING_COMPONENT = 'auto-scaling';

export const AUTO_SCALING_TABLES = ['asg_objects', 'asg_activities'] as const;

export const AUTO_SCALING_MIGRATIONS: readonly string[] = [
  `
  -- kind: group | lc | policy | scheduled | hook | notification. Groups and launch configurations have group_name ''.
  CREATE TABLE asg_objects (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    group_name TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (account, region, kind, group_name, name)
  ) STRICT;

  -- Activities outlive nothing: DeleteAutoScalingGroup removes them with the group.
  CREATE TABLE asg_activities (
    seq INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    group_name TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  CREATE INDEX asg_activities_by_group ON asg_activities (account, region, group_name, seq);
  CREATE UNIQUE INDEX asg_activities_by_id ON asg_activities (id);
  `,
];
