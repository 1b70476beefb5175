// PutMetricData rules (pure): the limits and exclusive members of the PutMetricData reference, with the messages AWS
// recorded (aws-recordings/cloudwatch, test_put_metric_data_validation), turning the input into store datums.
import type { PutMetricDataInput } from '../../generated/cloudwatch/api.js';
import { notImplemented } from '../../core/aws-error.js';
import { invalidParameterCombination, invalidParameterValue, missingParameter } from './errors.js';
import type { MetricDatum } from './metric-store.js';

export const MAX_METRIC_DATA = 1000;
export const MAX_VALUES = 150;
export const MAX_DIMENSIONS = 30;
/** Values must lie within ±2^360 (PutMetricData reference, MetricDatum.Value). */
const MAX_MAGNITUDE = 2 ** 360;
const TWO_WEEKS = 14 * 86_400_000;
const TWO_HOURS = 2 * 3_600_000;

function checkValue(v: number, member: string): void {
  if (!Number.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE) {
    throw invalidParameterValue(`The value ${String(v)} for parameter ${member} is invalid.`);
  }
}

/** Validates a request and returns its datums, or throws AWS's error; nothing is stored on a rejection. */
export function toDatums(input: PutMetricDataInput, nowMs: number): MetricDatum[] {
  if (input.EntityMetricData !== undefined && input.EntityMetricData.length > 0) {
    throw notImplemented('cloudwatch', 'PutMetricData', 'EntityMetricData (entity-associated metrics)');
  }
  if (input.Namespace.startsWith('AWS/')) {
    // Namespaces beginning with AWS/ are reserved for AWS services (MetricDatum reference, Namespace).
    throw invalidParameterValue(`The value ${input.Namespace} for parameter Namespace is invalid.`);
  }
  const data = input.MetricData ?? [];
  if (data.length === 0) throw missingParameter('The parameter MetricData is required.');
  if (data.length > MAX_METRIC_DATA) {
    throw invalidParameterValue(`The collection MetricData must not have a size greater than ${MAX_METRIC_DATA}.`);
  }
  return data.map((d, index) => {
    const m = `MetricData.member.${index + 1}`;
    const hasValue = d.Value !== undefined;
    const hasValues = d.Values !== undefined && d.Values.length > 0;
    const hasStats = d.StatisticValues !== undefined;
    if (hasValue && hasValues) throw invalidParameterCombination(`The parameters ${m}.Value and ${m}.Values are mutually exclusive and you have specified both.`);
    if (hasValue && hasStats) throw invalidParameterCombination(`The parameters ${m}.Value and ${m}.StatisticValues are mutually exclusive and you have specified both.`);
    if (hasValues && hasStats) throw invalidParameterCombination(`The parameters ${m}.Values and ${m}.StatisticValues are mutually exclusive and you have specified both.`);
    const counts = d.Counts ?? [];
    if (counts.length > 0 && !hasValues) throw invalidParameterCombination(`The parameter ${m}.Counts requires ${m}.Values.`);
    if (hasValues && counts.length > 0 && counts.length !== d.Values?.length) {
      throw invalidParameterValue(`The parameters ${m}.Values and ${m}.Counts must be of the same size.`);
    }
    if ((d.Values?.length ?? 0) > MAX_VALUES) throw invalidParameterValue(`The collection ${m}.Values must not have a size greater than ${MAX_VALUES}.`);
    if ((d.Dimensions?.length ?? 0) > MAX_DIMENSIONS) {
      throw invalidParameterValue(`The collection ${m}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`);
    }
    const names = new Set<string>();
    for (const dim of d.Dimensions ?? []) {
      if (names.has(dim.Name)) throw invalidParameterValue(`No metric may have duplicate dimension names. ${m}.Dimensions has the name ${dim.Name} more than once.`);
      names.add(dim.Name);
    }
    const resolution = d.StorageResolution ?? 60;
    if (resolution !== 1 && resolution !== 60) {
      throw invalidParameterValue(`The value ${resolution} for parameter ${m}.StorageResolution is invalid. Valid values are 1 and 60.`);
    }
    const timestamp = d.Timestamp === undefined ? nowMs : d.Timestamp.getTime();
    if (timestamp < nowMs - TWO_WEEKS || timestamp > nowMs + TWO_HOURS) {
      // Datapoints are accepted from two weeks in the past to two hours in the future (MetricDatum.Timestamp).
      throw invalidParameterValue(`The parameter ${m}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
    }
    const base = {
      namespace: input.Namespace,
      metricName: d.MetricName,
      dimensions: (d.Dimensions ?? []).map((x) => ({ Name: x.Name, Value: x.Value })),
      timestamp,
      unit: d.Unit ?? 'None',
      storageResolution: resolution === 1 ? (1 as const) : (60 as const),
    };
    if (hasStats) {
      const s = d.StatisticValues as { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
      for (const [k, v] of [['SampleCount', s.SampleCount], ['Sum', s.Sum], ['Minimum', s.Minimum], ['Maximum', s.Maximum]] as const) checkValue(v, `${m}.StatisticValues.${k}`);
      if (!(s.SampleCount > 0)) throw invalidParameterValue(`The value ${s.SampleCount} for parameter ${m}.StatisticValues.SampleCount is invalid.`);
      if (s.Minimum > s.Maximum) throw invalidParameterValue(`The parameter ${m}.StatisticValues.Maximum must be greater than ${m}.StatisticValues.Minimum.`);
      return { ...base, statisticSet: { sampleCount: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum } };
    }
    if (hasValues) {
      const values = d.Values as number[];
      values.forEach((v, i) => checkValue(v, `${m}.Values.member.${i + 1}`));
      counts.forEach((c, i) => {
        if (!Number.isFinite(c) || c < 0) throw invalidParameterValue(`The value ${String(c)} for parameter ${m}.Counts.member.${i + 1} is invalid.`);
      });
      return { ...base, values: values.map((v, i) => [v, counts[i] ?? 1] as const) };
    }
    if (!hasValue) {
      throw missingParameter(`At least one of the parameters ${m}.Value, ${m}.StatisticValues or ${m}.Values must be specified.`);
    }
    checkValue(d.Value as number, `${m}.Value`);
    return { ...base, values: [[d.Value as number, 1] as const] };
  });
}
