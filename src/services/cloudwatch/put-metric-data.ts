// PutMetricData rules (pure): the limits and exclusive members of the PutMetricData reference, with the messages AWS
// recorded (aws-recordings/cloudwatch, test_put_metric_data_validation), turning the input into store datums.
import type { PutMetricDataInput } from '../../generated/cloudwatch/api.js';
import { notImplemented } from '../../core/aws-error.js';
import { invalidParameterCombination, invalidParameterValue, missingParameter } from './errors.js';
import type { MetricDatum } from './metric-model.js';

export const MAX_METRIC_DATA = 1000;
export const MAX_VALUES = 150;
export const MAX_DIMENSIONS = 30;
/** Values must lie within ±2^360 (PutMetricData reference, MetricDatum.Value). */
const MAX_MAGNITUDE = 2 ** 360;
const TWO_WEEKS = 14 * 86_400_000;
const TWO_HOURS = 2 * 3_600_000;

function badValue(v: number): boolean {
  return !Number.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE;
}

function invalidValue(v: number, member: string): Error {
  return invalidParameterValue(`The value ${String(v)} for parameter ${member} is invalid.`);
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
  const out: MetricDatum[] = new Array<MetricDatum>(data.length);
  for (let index = 0; index < data.length; index++) out[index] = toDatum(input.Namespace, data[index]!, index, nowMs);
  return out;
}

type InputDatum = NonNullable<PutMetricDataInput['MetricData']>[number];

/** `MetricData.member.N`, spelled out only for an error. */
function memberName(index: number): string {
  return `MetricData.member.${index + 1}`;
}

/** One datum checked and converted. */
function toDatum(namespace: string, d: InputDatum, index: number, nowMs: number): MetricDatum {
  const hasValue = d.Value !== undefined;
  const hasValues = d.Values !== undefined && d.Values.length > 0;
  const hasStats = d.StatisticValues !== undefined;
  if (hasValue && hasValues) throw invalidParameterCombination(`The parameters ${memberName(index)}.Value and ${memberName(index)}.Values are mutually exclusive and you have specified both.`);
  if (hasValue && hasStats) throw invalidParameterCombination(`The parameters ${memberName(index)}.Value and ${memberName(index)}.StatisticValues are mutually exclusive and you have specified both.`);
  if (hasValues && hasStats) throw invalidParameterCombination(`The parameters ${memberName(index)}.Values and ${memberName(index)}.StatisticValues are mutually exclusive and you have specified both.`);
  const counts = d.Counts ?? [];
  if (counts.length > 0 && !hasValues) throw invalidParameterCombination(`The parameter ${memberName(index)}.Counts requires ${memberName(index)}.Values.`);
  if (hasValues && counts.length > 0 && counts.length !== d.Values?.length) {
    throw invalidParameterValue(`The parameters ${memberName(index)}.Values and ${memberName(index)}.Counts must be of the same size.`);
  }
  if ((d.Values?.length ?? 0) > MAX_VALUES) throw invalidParameterValue(`The collection ${memberName(index)}.Values must not have a size greater than ${MAX_VALUES}.`);
  const dims = d.Dimensions ?? [];
  if (dims.length > MAX_DIMENSIONS) {
    throw invalidParameterValue(`The collection ${memberName(index)}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`);
  }
  const dimensions = new Array<{ Name: string; Value: string }>(dims.length);
  for (let i = 0; i < dims.length; i++) {
    const dim = dims[i]!;
    // At most 30 names: comparing with the earlier ones costs less than a Set per datum.
    for (let j = 0; j < i; j++) {
      if (dims[j]!.Name === dim.Name) throw invalidParameterValue(`No metric may have duplicate dimension names. ${memberName(index)}.Dimensions has the name ${dim.Name} more than once.`);
    }
    dimensions[i] = { Name: dim.Name, Value: dim.Value };
  }
  const resolution = d.StorageResolution ?? 60;
  if (resolution !== 1 && resolution !== 60) {
    throw invalidParameterValue(`The value ${resolution} for parameter ${memberName(index)}.StorageResolution is invalid. Valid values are 1 and 60.`);
  }
  const timestamp = d.Timestamp === undefined ? nowMs : d.Timestamp.getTime();
  if (timestamp < nowMs - TWO_WEEKS || timestamp > nowMs + TWO_HOURS) {
    // Datapoints are accepted from two weeks in the past to two hours in the future (MetricDatum.Timestamp).
    throw invalidParameterValue(`The parameter ${memberName(index)}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
  }
  const unit = d.Unit ?? 'None';
  const storageResolution = resolution === 1 ? (1 as const) : (60 as const);
  if (hasStats) {
    const s = d.StatisticValues as { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
    for (const [k, v] of [['SampleCount', s.SampleCount], ['Sum', s.Sum], ['Minimum', s.Minimum], ['Maximum', s.Maximum]] as const) {
      if (badValue(v)) throw invalidValue(v, `${memberName(index)}.StatisticValues.${k}`);
    }
    if (!(s.SampleCount > 0)) throw invalidParameterValue(`The value ${s.SampleCount} for parameter ${memberName(index)}.StatisticValues.SampleCount is invalid.`);
    if (s.Minimum > s.Maximum) throw invalidParameterValue(`The parameter ${memberName(index)}.StatisticValues.Maximum must be greater than ${memberName(index)}.StatisticValues.Minimum.`);
    return { namespace, metricName: d.MetricName, dimensions, timestamp, unit, storageResolution, statisticSet: { sampleCount: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum } };
  }
  if (hasValues) {
    const values = d.Values as number[];
    for (let i = 0; i < values.length; i++) if (badValue(values[i]!)) throw invalidValue(values[i]!, `${memberName(index)}.Values.member.${i + 1}`);
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      if (!Number.isFinite(c) || c < 0) throw invalidParameterValue(`The value ${String(c)} for parameter ${memberName(index)}.Counts.member.${i + 1} is invalid.`);
    }
    return { namespace, metricName: d.MetricName, dimensions, timestamp, unit, storageResolution, values: values.map((v, i) => [v, counts[i] ?? 1] as const) };
  }
  if (!hasValue) {
    throw missingParameter(`At least one of the parameters ${memberName(index)}.Value, ${memberName(index)}.StatisticValues or ${memberName(index)}.Values must be specified.`);
  }
  const value = d.Value as number;
  if (badValue(value)) throw invalidValue(value, `${memberName(index)}.Value`);
  return { namespace, metricName: d.MetricName, dimensions, timestamp, unit, storageResolution, values: [[value, 1] as const] };
}
