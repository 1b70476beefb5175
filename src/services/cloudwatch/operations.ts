// CloudWatch's operation table: each implemented operation of the model, typed against the generated CloudwatchApi
// input/output shapes; everything else (anomaly detectors, Insight rules, metric streams, mute rules, OTel,
// widget images) is absent from the table and answers NotImplemented.
import type { CloudwatchApi, ListMetricsInput, ListMetricsOutput } from '../../generated/cloudwatch/api.js';
import type { RequestContext } from '../../core/request-context.js';
import { operationTable } from '../service-definition.js';
import {
  deleteAlarms,
  describeAlarmHistory,
  describeAlarms,
  describeAlarmsForMetric,
  putCompositeAlarm,
  putMetricAlarm,
  setActionsEnabled,
  setAlarmState,
  type AlarmDeps,
} from './alarm-operations.js';
import type { CloudWatch } from './context.js';
import { listTags, tagResource, untagResource } from './dashboards-tags.js';
import { invalidNextToken } from './errors.js';
import { getMetricData, getMetricStatistics } from './metric-reads.js';
import { toDatums } from './put-metric-data.js';


const TWO_WEEKS = 14 * 86_400_000;
const LIST_METRICS_PAGE = 500;

function deps(s: CloudWatch): AlarmDeps {
  return { store: s.store, alarms: s.alarms, engine: s.engine, now: s.now };
}

function scope(ctx: RequestContext): { account: string; region: string } {
  return { account: ctx.account, region: ctx.region };
}

export function listMetrics(s: CloudWatch, ctx: RequestContext, input: ListMetricsInput): ListMetricsOutput {
  const now = s.now();
  const since = input.RecentlyActive === 'PT3H' ? now - 3 * 3_600_000 : now - TWO_WEEKS;
  let list = s.metrics.listSeries(scope(ctx), since, input.Namespace, input.MetricName);
  for (const f of input.Dimensions ?? []) {
    list = list.filter((m) => m.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)));
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    const m = /^metrics:(\d+)$/.exec(Buffer.from(input.NextToken, 'base64').toString('utf8'));
    if (!m) throw invalidNextToken();
    start = Number(m[1]);
  }
  const page = list.slice(start, start + LIST_METRICS_PAGE);
  const out: ListMetricsOutput = { Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions })) };
  if (start + LIST_METRICS_PAGE < list.length) out.NextToken = Buffer.from(`metrics:${start + LIST_METRICS_PAGE}`).toString('base64');
  return out;
}

/** Answers once the alarm actions a state change started in process have run (synchronously when there are none). */
function settled(s: CloudWatch): Record<string, never> | Promise<Record<string, never>> {
  const pending = s.engine.settleActions();
  return pending === undefined ? {} : pending.then(() => ({}));
}

export const CLOUDWATCH_OPERATIONS = operationTable<CloudwatchApi, CloudWatch>()({
  PutMetricData: (s, ctx, input) => {
    const datums = toDatums(input, s.now());
    s.metrics.put(scope(ctx), datums, s.now());
    return {};
  },
  ListMetrics: listMetrics,
  GetMetricStatistics: (s, ctx, input) => getMetricStatistics(s.metrics, scope(ctx), input, s.now()),
  GetMetricData: (s, ctx, input) => getMetricData(s.metrics, scope(ctx), input, s.now()),
  PutMetricAlarm: (s, ctx, input) => {
    putMetricAlarm(deps(s), scope(ctx), input);
    return settled(s);
  },
  PutCompositeAlarm: (s, ctx, input) => {
    putCompositeAlarm(deps(s), scope(ctx), input);
    return settled(s);
  },
  DescribeAlarms: (s, ctx, input) => describeAlarms(deps(s), scope(ctx), input),
  DescribeAlarmsForMetric: (s, ctx, input) => ({ MetricAlarms: describeAlarmsForMetric(deps(s), scope(ctx), input) }),
  DeleteAlarms: (s, ctx, input) => {
    deleteAlarms(deps(s), scope(ctx), input.AlarmNames);
    return {};
  },
  SetAlarmState: (s, ctx, input) => {
    setAlarmState(deps(s), scope(ctx), input);
    return settled(s);
  },
  EnableAlarmActions: (s, ctx, input) => {
    setActionsEnabled(deps(s), scope(ctx), input.AlarmNames, true);
    return {};
  },
  DisableAlarmActions: (s, ctx, input) => {
    setActionsEnabled(deps(s), scope(ctx), input.AlarmNames, false);
    return {};
  },
  DescribeAlarmHistory: (s, ctx, input) => describeAlarmHistory(deps(s), scope(ctx), input),
  TagResource: (s, ctx, input) => {
    tagResource(s.store, s.alarms, scope(ctx), input.ResourceARN, input.Tags);
    return {};
  },
  UntagResource: (s, ctx, input) => {
    untagResource(s.store, s.alarms, scope(ctx), input.ResourceARN, input.TagKeys);
    return {};
  },
  ListTagsForResource: (s, ctx, input) => ({ Tags: listTags(s.alarms, scope(ctx), input.ResourceARN) }),
  PutDashboard: (s, ctx, input) => s.dashboards.put(scope(ctx), input.DashboardName, input.DashboardBody),
  GetDashboard: (s, ctx, input) => s.dashboards.get(scope(ctx), input.DashboardName),
  DeleteDashboards: (s, ctx, input) => {
    s.dashboards.delete(scope(ctx), input.DashboardNames);
    return {};
  },
  ListDashboards: (s, ctx, input) => s.dashboards.list(scope(ctx), input.DashboardNamePrefix),
});
