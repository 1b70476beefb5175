// Alarm operations: PutMetricAlarm / PutCompositeAlarm rules, DescribeAlarms (filters, paging), DescribeAlarmsForMetric,
// DeleteAlarms, SetAlarmState, Enable/DisableAlarmActions and DescribeAlarmHistory, over AlarmStore + AlarmEngine.
import type {
  CompositeAlarm,
  DescribeAlarmHistoryInput,
  DescribeAlarmHistoryOutput,
  DescribeAlarmsForMetricInput,
  DescribeAlarmsInput,
  DescribeAlarmsOutput,
  MetricAlarm,
  PutCompositeAlarmInput,
  PutMetricAlarmInput,
  SetAlarmStateInput,
} from '../../generated/cloudwatch/api.js';
import { AwsError, notImplemented } from '../../core/aws-error.js';
import type { StateStore } from '../../store/state-store.js';
import { COMPARISON_OPERATORS } from './alarm-evaluator.js';
import { alarmKey, type AlarmEngine } from './alarm-engine.js';
import type { Alarm, AlarmConfig, AlarmStore } from './alarm-store.js';
import { MAX_CHILDREN, MAX_ELEMENTS, parseAlarmRule, RuleError } from './composite-rule.js';
import { invalidNextToken, resourceNotFound, validationError } from './errors.js';
import { MathError, parseExpression } from './metric-math/parser.js';
import type { Scope } from './metric-model.js';
import { parseStatistic } from './statistics.js';

export interface AlarmDeps {
  store: StateStore;
  alarms: AlarmStore;
  engine: AlarmEngine;
  now: () => number;
}

const INITIAL_REASON = 'Unchecked: Initial alarm creation';
const ALARM_PERIODS = [10, 20, 30];

export function alarmArn(scope: Scope, name: string): string {
  return `arn:aws:cloudwatch:${scope.region}:${scope.account}:alarm:${name}`;
}

function checkMetricAlarm(input: PutMetricAlarmInput): void {
  if (input.ThresholdMetricId !== undefined) throw notImplemented('cloudwatch', 'PutMetricAlarm', 'anomaly detection alarms (ThresholdMetricId)');
  if (input.EvaluationCriteria !== undefined) throw notImplemented('cloudwatch', 'PutMetricAlarm', 'EvaluationCriteria (PromQL alarms)');
  const op = input.ComparisonOperator;
  if (op === undefined) throw validationError('ComparisonOperator is required.');
  if (!(COMPARISON_OPERATORS as readonly string[]).includes(op)) throw notImplemented('cloudwatch', 'PutMetricAlarm', `anomaly band comparison ${op}`);
  if (input.Threshold === undefined) throw validationError('Threshold is required for a static threshold alarm.');
  if (input.EvaluationPeriods === undefined) throw validationError('EvaluationPeriods is required.');
  if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > input.EvaluationPeriods) {
    throw validationError('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  if (input.Metrics !== undefined) {
    if (input.MetricName !== undefined || input.Namespace !== undefined || input.Statistic !== undefined || input.ExtendedStatistic !== undefined || input.Dimensions !== undefined || input.Period !== undefined) {
      throw validationError('Metrics list must not be combined with MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions or Period.');
    }
    if (input.Metrics.filter((q) => q.ReturnData !== false).length !== 1) throw validationError('Exactly one element of the metrics list should return data.');
    for (const q of input.Metrics) {
      const period = q.MetricStat?.Period ?? q.Period;
      if (period !== undefined) checkPeriod(period, input.EvaluationPeriods);
      if (q.MetricStat !== undefined && parseStatistic(q.MetricStat.Stat) === undefined) throw validationError(`Invalid statistic ${q.MetricStat.Stat} for metric ${q.Id}.`);
      if (q.Expression !== undefined) {
        try {
          parseExpression(q.Expression);
        } catch (e) {
          if (e instanceof MathError && e.unsupported !== undefined) throw notImplemented('cloudwatch', 'PutMetricAlarm', `metric math ${e.unsupported}`);
          if (e instanceof MathError) throw validationError(`Error in expression ${q.Id}: ${e.message}`);
          throw e;
        }
      }
    }
    return;
  }
  if (input.MetricName === undefined || input.Namespace === undefined) throw validationError('MetricName and Namespace are required unless Metrics is given.');
  if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined)) {
    throw validationError('Exactly one of Statistic and ExtendedStatistic must be specified.');
  }
  if (input.ExtendedStatistic !== undefined) {
    const s = parseStatistic(input.ExtendedStatistic);
    if (s === undefined || s.kind === 'basic') throw validationError(`The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is invalid.`);
  }
  if (input.Period === undefined) throw validationError('Period is required.');
  checkPeriod(input.Period, input.EvaluationPeriods);
}

/** Period 10, 20, 30 or 60·k; Period × EvaluationPeriods ≤ 1 day, or ≤ 7 days for periods of an hour or more. */
function checkPeriod(period: number, evaluationPeriods: number): void {
  if (!(ALARM_PERIODS.includes(period) || period % 60 === 0)) throw validationError('Period must be 10, 20, 30 or a multiple of 60.');
  if (period >= 3600) {
    if (period * evaluationPeriods > 604_800) throw validationError('Metrics cannot be checked across more than 7 days (EvaluationPeriods * Period must be <= 604800).');
  } else if (period * evaluationPeriods > 86_400) {
    throw validationError('Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).');
  }
}

function commonConfig(scope: Scope, input: PutMetricAlarmInput | PutCompositeAlarmInput, now: number): AlarmConfig {
  const config: AlarmConfig = {
    AlarmName: input.AlarmName,
    AlarmArn: alarmArn(scope, input.AlarmName),
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    AlarmConfigurationUpdatedTimestamp: now,
  };
  if (input.AlarmDescription !== undefined) config.AlarmDescription = input.AlarmDescription;
  return config;
}

function save(deps: AlarmDeps, scope: Scope, kind: Alarm['kind'], config: AlarmConfig, tags: Array<{ Key: string; Value: string }>): Alarm {
  const now = deps.now();
  const existing = deps.alarms.get(scope, config.AlarmName);
  if (existing !== undefined && existing.kind !== kind) {
    throw validationError(`An alarm named ${config.AlarmName} already exists as a ${existing.kind === 'metric' ? 'metric' : 'composite'} alarm.`);
  }
  const alarm: Alarm = {
    account: scope.account,
    region: scope.region,
    name: config.AlarmName,
    kind,
    config,
    // An update keeps the state; only a new alarm starts unchecked. Tags given on update are ignored (PutMetricAlarm).
    state: existing?.state ?? { value: 'INSUFFICIENT_DATA', reason: INITIAL_REASON, updatedAt: now, transitionedAt: now },
    tags: existing?.tags ?? tags,
  };
  deps.store.transaction(() => {
    deps.alarms.save(alarm);
    deps.alarms.addHistory(scope, {
      AlarmName: alarm.name,
      AlarmType: kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
      Timestamp: now,
      HistoryItemType: 'ConfigurationUpdate',
      HistorySummary: `Alarm "${alarm.name}" ${existing ? 'updated' : 'created'}`,
      HistoryData: JSON.stringify({ version: '1.0', type: existing ? 'Update' : 'Create', [existing ? 'updatedAlarm' : 'createdAlarm']: describe(alarm) }),
    });
  });
  deps.engine.register(alarm);
  return alarm;
}

export function putMetricAlarm(deps: AlarmDeps, scope: Scope, input: PutMetricAlarmInput): void {
  checkMetricAlarm(input);
  const config = commonConfig(scope, input, deps.now());
  const copy = ['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Period', 'Unit', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'EvaluateLowSampleCountPercentile'] as const;
  for (const k of copy) if (input[k] !== undefined) (config as unknown as Record<string, unknown>)[k] = input[k];
  if (input.Metrics === undefined) config.Dimensions = (input.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value }));
  else config.Metrics = JSON.parse(JSON.stringify(input.Metrics)) as Array<Record<string, unknown>>;
  save(deps, scope, 'metric', config, input.Tags ?? []);
}

export function putCompositeAlarm(deps: AlarmDeps, scope: Scope, input: PutCompositeAlarmInput): void {
  let children: Set<string>;
  try {
    const parsed = parseAlarmRule(input.AlarmRule);
    children = parsed.children;
    if (children.size > MAX_CHILDREN) throw validationError(`An alarm rule can reference at most ${MAX_CHILDREN} alarms.`);
    if (parsed.elements > MAX_ELEMENTS) throw validationError(`An alarm rule can contain at most ${MAX_ELEMENTS} elements.`);
  } catch (e) {
    if (e instanceof RuleError) throw validationError(`Invalid alarm rule: ${e.message}`);
    throw e;
  }
  const missing = [...children].filter((c) => deps.alarms.get(scope, c) === undefined);
  if (missing.length > 0) throw validationError(`Could not save the composite alarm as alarms [${missing.join(', ')}] in the alarm rule do not exist`);
  if (children.has(input.AlarmName)) throw validationError('A composite alarm cannot reference itself.');
  // Composite alarms take neither Auto Scaling nor EC2 actions (PutCompositeAlarm reference, AlarmActions).
  for (const arn of [...(input.AlarmActions ?? []), ...(input.OKActions ?? []), ...(input.InsufficientDataActions ?? [])]) {
    if (/^arn:[^:]+:(autoscaling|automate):/.test(arn)) throw validationError(`Composite alarms do not support the action ${arn}.`);
  }
  const config = commonConfig(scope, input, deps.now());
  config.AlarmRule = input.AlarmRule;
  if (input.ActionsSuppressor !== undefined) {
    config.ActionsSuppressor = input.ActionsSuppressor;
    config.ActionsSuppressorWaitPeriod = input.ActionsSuppressorWaitPeriod ?? 60;
    config.ActionsSuppressorExtensionPeriod = input.ActionsSuppressorExtensionPeriod ?? 60;
  }
  const alarm = save(deps, scope, 'composite', config, input.Tags ?? []);
  deps.engine.evaluateComposite(alarm, deps.now());
}

/** The DescribeAlarms shape of an alarm. */
export function describe(alarm: Alarm): MetricAlarm | CompositeAlarm {
  const { AlarmConfigurationUpdatedTimestamp, Metrics, ...rest } = alarm.config;
  const out: Record<string, unknown> = {
    ...rest,
    AlarmConfigurationUpdatedTimestamp: new Date(AlarmConfigurationUpdatedTimestamp),
    StateValue: alarm.state.value,
    StateReason: alarm.state.reason,
    StateUpdatedTimestamp: new Date(alarm.state.updatedAt),
    StateTransitionedTimestamp: new Date(alarm.state.transitionedAt),
  };
  if (Metrics !== undefined) out['Metrics'] = Metrics;
  if (alarm.state.reasonData !== undefined) out['StateReasonData'] = alarm.state.reasonData;
  return out;
}

export function describeAlarms(deps: AlarmDeps, scope: Scope, input: DescribeAlarmsInput): DescribeAlarmsOutput {
  if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) {
    throw new AwsError('InvalidParameterCombinationException', 'AlarmNames and AlarmNamePrefix are mutually exclusive.', { status: 400 });
  }
  let list: Alarm[];
  let types = new Set(input.AlarmTypes ?? ['MetricAlarm']);
  if (input.ChildrenOfAlarmName !== undefined) {
    const parent = deps.alarms.get(scope, input.ChildrenOfAlarmName);
    const names = parent?.kind === 'composite' ? parseAlarmRule(parent.config.AlarmRule ?? '').children : new Set<string>();
    list = deps.alarms.list(scope).filter((a) => names.has(a.name));
    types = new Set(['MetricAlarm', 'CompositeAlarm']);
  } else if (input.ParentsOfAlarmName !== undefined) {
    const keys = new Set(deps.engine.parentsOf(scope, input.ParentsOfAlarmName));
    list = deps.alarms.list(scope).filter((a) => keys.has(alarmKey(scope, a.name)));
    types = new Set(['CompositeAlarm']);
  } else if (input.AlarmNames !== undefined) {
    const names = new Set(input.AlarmNames);
    list = deps.alarms.list(scope).filter((a) => names.has(a.name));
  } else {
    const prefix = input.AlarmNamePrefix ?? '';
    list = deps.alarms.list(scope).filter((a) => a.name.startsWith(prefix));
  }
  list = list.filter((a) => types.has(a.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm'));
  if (input.StateValue !== undefined) list = list.filter((a) => a.state.value === input.StateValue);
  if (input.ActionPrefix !== undefined) {
    const p = input.ActionPrefix;
    list = list.filter((a) => [...a.config.AlarmActions, ...a.config.OKActions, ...a.config.InsufficientDataActions].some((x) => x.startsWith(p)));
  }
  const { items, next } = pageByName(list, input.MaxRecords ?? 50, input.NextToken);
  const out: DescribeAlarmsOutput = {
    MetricAlarms: items.filter((a) => a.kind === 'metric').map((a) => describe(a) as MetricAlarm),
    CompositeAlarms: items.filter((a) => a.kind === 'composite').map((a) => describe(a) as CompositeAlarm),
  };
  if (next !== undefined) out.NextToken = next;
  return out;
}

function pageByName(list: Alarm[], max: number, token: string | undefined): { items: Alarm[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64').toString('utf8');
    if (!after.startsWith('alarm:')) throw invalidNextToken();
    start = list.findIndex((a) => a.name > after.slice(6));
    if (start < 0) start = list.length;
  }
  const items = list.slice(start, start + max);
  const last = items[items.length - 1];
  return start + max < list.length && last !== undefined ? { items, next: Buffer.from(`alarm:${last.name}`).toString('base64') } : { items };
}

export function describeAlarmsForMetric(deps: AlarmDeps, scope: Scope, input: DescribeAlarmsForMetricInput): MetricAlarm[] {
  return deps.engine
    .alarmsForSeries(scope, input.Namespace, input.MetricName, input.Dimensions ?? [])
    .map((key) => deps.alarms.get(scope, key.split('\u0000')[2] as string))
    .filter((a): a is Alarm => a !== undefined && a.config.Metrics === undefined)
    .filter((a) => input.Statistic === undefined || a.config.Statistic === input.Statistic)
    .filter((a) => input.ExtendedStatistic === undefined || a.config.ExtendedStatistic === input.ExtendedStatistic)
    .filter((a) => input.Period === undefined || a.config.Period === input.Period)
    .filter((a) => input.Unit === undefined || a.config.Unit === input.Unit)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((a) => describe(a) as MetricAlarm);
}

export function deleteAlarms(deps: AlarmDeps, scope: Scope, names: readonly string[]): void {
  const alarms = names.map((n) => deps.alarms.get(scope, n));
  if (alarms.some((a) => a === undefined)) throw resourceNotFound();
  for (const a of alarms as Alarm[]) {
    const parents = deps.engine.parentsOf(scope, a.name).filter((k) => !names.includes(k.split('\u0000')[2] as string));
    if (parents.length > 0) throw validationError(`The alarm ${a.name} is referenced by the composite alarm ${parents[0]?.split('\u0000')[2]} and cannot be deleted.`);
  }
  const now = deps.now();
  deps.store.transaction(() => {
    for (const a of alarms as Alarm[]) {
      deps.alarms.delete(a);
      deps.alarms.addHistory(scope, {
        AlarmName: a.name,
        AlarmType: a.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
        Timestamp: now,
        HistoryItemType: 'ConfigurationUpdate',
        HistorySummary: `Alarm "${a.name}" deleted`,
        HistoryData: JSON.stringify({ version: '1.0', type: 'Delete', deletedAlarm: describe(a) }),
      });
    }
  });
  for (const a of alarms as Alarm[]) deps.engine.unregister(a);
}

export function setAlarmState(deps: AlarmDeps, scope: Scope, input: SetAlarmStateInput): void {
  const alarm = deps.alarms.get(scope, input.AlarmName);
  if (alarm === undefined) throw resourceNotFound();
  let data: string | undefined;
  if (input.StateReasonData !== undefined) {
    try {
      JSON.parse(input.StateReasonData);
    } catch {
      throw new AwsError('InvalidFormatFault', 'The StateReasonData parameter is not valid JSON.', { status: 400 });
    }
    data = input.StateReasonData;
  }
  // The state holds until the next evaluation (metric alarms) or a child's change (composites).
  deps.engine.transition(alarm, { value: input.StateValue, reason: input.StateReason, reasonData: data }, deps.now());
}

export function setActionsEnabled(deps: AlarmDeps, scope: Scope, names: readonly string[], enabled: boolean): void {
  deps.store.transaction(() => {
    for (const name of names) {
      const alarm = deps.alarms.get(scope, name);
      if (alarm === undefined || alarm.config.ActionsEnabled === enabled) continue;
      alarm.config = { ...alarm.config, ActionsEnabled: enabled };
      deps.alarms.save(alarm);
    }
  });
}

export function describeAlarmHistory(deps: AlarmDeps, scope: Scope, input: DescribeAlarmHistoryInput): DescribeAlarmHistoryOutput {
  if (input.AlarmContributorId !== undefined) throw notImplemented('cloudwatch', 'DescribeAlarmHistory', 'AlarmContributorId (contributor alarms)');
  const limit = input.MaxRecords ?? 100;
  let afterSeq: number | undefined;
  if (input.NextToken !== undefined) {
    const m = /^history:(\d+)$/.exec(Buffer.from(input.NextToken, 'base64').toString('utf8'));
    if (!m) throw invalidNextToken();
    afterSeq = Number(m[1]);
  }
  const rows = deps.alarms.history(scope, {
    alarmName: input.AlarmName,
    alarmTypes: input.AlarmTypes,
    itemType: input.HistoryItemType,
    startMs: input.StartDate?.getTime() ?? 0,
    endMs: input.EndDate?.getTime() ?? Number.MAX_SAFE_INTEGER,
    ascending: input.ScanBy === 'TimestampAscending',
    afterSeq,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const out: DescribeAlarmHistoryOutput = {
    AlarmHistoryItems: page.map(({ seq: _seq, Timestamp, ...rest }) => ({ ...rest, Timestamp: new Date(Timestamp) })),
  };
  const last = page[page.length - 1];
  if (rows.length > limit && last !== undefined) out.NextToken = Buffer.from(`history:${last.seq}`).toString('base64');
  return out;
}
