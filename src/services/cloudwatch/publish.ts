// The one in-process way services emit their AWS/* metrics (Auto Scaling group metrics, and the emitters to come):
// straight into the metric store, where PutMetricData would refuse the reserved AWS/ namespaces.
import type { CloudWatch } from './context.js';
import type { Dimension, MetricDatum } from './metric-store.js';

export interface PublishedMetric {
  MetricName: string;
  Dimensions: Dimension[];
  Value: number;
  Unit?: string;
  /** Epoch ms; the clock's now when absent. */
  Timestamp?: number;
}

export type Publish = (scope: { account: string; region: string }, namespace: string, metrics: readonly PublishedMetric[]) => void;

export function publisher(cw: CloudWatch): Publish {
  return (scope, namespace, metrics) => {
    const now = cw.now();
    const datums: MetricDatum[] = metrics.map((m) => ({
      namespace, metricName: m.MetricName, dimensions: m.Dimensions, timestamp: m.Timestamp ?? now, unit: m.Unit ?? 'None', storageResolution: 60, values: [[m.Value, 1]],
    }));
    cw.metrics.put(scope, datums, now);
  };
}
