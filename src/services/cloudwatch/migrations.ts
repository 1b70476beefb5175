// CloudWatch schema, versioned through StateStore.migrate('cloudwatch', …): metric series, their buckets at the four
// retention tiers packed in blocks, alarms with their history, and dashboards. Times are epoch milliseconds except
// bucket and block starts (seconds).

export const CLOUDWATCH_COMPONENT = 'cloudwatch';

export const CLOUDWATCH_TABLES = ['cw_blocks', 'cw_points', 'cw_series', 'cw_alarm_history', 'cw_alarms', 'cw_dashboards', 'cw_put_log', 'cw_put_log_gen'] as const;

export const CLOUDWATCH_MIGRATIONS: readonly string[] = [
  `
  -- One row per metric: namespace + name + dimensions sorted by name (dims is that canonical JSON).
  CREATE TABLE cw_series (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    namespace TEXT NOT NULL,
    metric_name TEXT NOT NULL,
    dims TEXT NOT NULL,
    last_put INTEGER NOT NULL,
    UNIQUE (account, region, namespace, metric_name, dims)
  ) STRICT;

  -- Buckets: res is the tier (1, 60, 300, 3600 s), ts the bucket start in epoch seconds. Each datum updates its bucket
  -- in every tier it belongs to, so a read at any period costs the buckets it returns.
  CREATE TABLE cw_points (
    series_id INTEGER NOT NULL,
    res INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    unit TEXT NOT NULL,
    count REAL NOT NULL,
    sum REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    sketch BLOB NOT NULL,
    PRIMARY KEY (series_id, res, ts, unit)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE cw_alarms (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    config TEXT NOT NULL,
    state TEXT NOT NULL,
    tags TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) STRICT;

  -- History outlives its alarm (DescribeAlarmHistory after DeleteAlarms still answers).
  CREATE TABLE cw_alarm_history (
    seq INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    alarm_name TEXT NOT NULL,
    alarm_type TEXT NOT NULL,
    at INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  CREATE INDEX cw_alarm_history_by_alarm ON cw_alarm_history (account, region, alarm_name, at);
  CREATE INDEX cw_alarm_history_by_time ON cw_alarm_history (account, region, at);

  CREATE TABLE cw_dashboards (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, name)
  ) STRICT;
  `,
  `
  -- PutMetricData's datums as acknowledged (one row per call, JSON), not yet merged into cw_points: the metric store
  -- merges them in memory and writes the touched buckets later in one transaction that also deletes these rows, and
  -- replays what is left at start-up.
  CREATE TABLE cw_put_log (
    seq INTEGER PRIMARY KEY,
    datums TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- Buckets packed 60 to a row (metric-blocks.ts): block is the start (epoch seconds) of a run of 60 buckets of tier
  -- res; stats holds their starts, counts, sums, minima and maxima as Float64 columns, sketches their percentile
  -- sketches. A read of 1,440 buckets steps ~24 rows. cw_points (one bucket per row) is emptied into it at start.
  CREATE TABLE cw_blocks (
    series_id INTEGER NOT NULL,
    res INTEGER NOT NULL,
    block INTEGER NOT NULL,
    unit TEXT NOT NULL,
    stats BLOB NOT NULL,
    sketches BLOB NOT NULL,
    UNIQUE (series_id, res, block, unit)
  ) STRICT;
  `,
  `
  -- The generation of the put log file (put-log-file.ts) whose lines are not merged into cw_blocks yet: one row, or
  -- none (fresh, or after a reset) when no file line is to be replayed. The merge transaction advances it.
  CREATE TABLE cw_put_log_gen (
    gen INTEGER NOT NULL
  ) STRICT;
  `,
];
