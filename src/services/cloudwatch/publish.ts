// The one in-process way services emit their AWS/* metrics (Auto Scaling group metrics and the emitters/ modules):
// straight into the metric store, where PutMetricData would refuse the reserved AWS/ namespaces.
import type { CloudWatch } from './context.js';
import type { Dimension, MetricDatum } from './metric-model.js';

export interface PublishedMetric {
  MetricName: string;
  Dimensions: Dimension[];
  Value: number;
  Unit?: string;
  /** Epoch ms; the clock's now when absent. */
  Timestamp?: number;
  /** Many samples at once (a minute of response times): stored as a statistic set instead of Value. */
  StatisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
}

export type Publish = (scope: { account: string; region: string }, namespace: string, metrics: readonly PublishedMetric[]) => void;

export function publisher(cw: CloudWatch): Publish {
  return (scope, namespace, metrics) => {
    const now = cw.now();
    const datums: MetricDatum[] = metrics.map((m) => {
      const base = { namespace, metricName: m.MetricName, dimensions: m.Dimensions, timestamp: m.Timestamp ?? now, unit: m.Unit ?? 'None', storageResolution: 60 as const };
      const sv = m.StatisticValues;
      return sv !== undefined ? { ...base, statisticSet: { sampleCount: sv.SampleCount, sum: sv.Sum, min: sv.Minimum, max: sv.Maximum } } : { ...base, values: [[m.Value, 1]] };
    });
    cw.metrics.put(scope, datums, now);
  };
}
