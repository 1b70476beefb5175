// Metric math evaluation over scalars, time series and arrays of them, for the named subset of functions (User
// Guide "Metric math syntax and functions"). Anything else is a MathError naming the function (→ NotImplemented).
import { MathError, type BinaryOp, type Node } from './parser.js';

/** A time series: ascending timestamps (epoch seconds) with a value each. */
export interface Series {
  label: string;
  timestamps: number[];
  values: number[];
}

export type Value = { kind: 'scalar'; v: number } | { kind: 'series'; s: Series } | { kind: 'array'; items: Series[] };

export interface MathContext {
  /** The value of another query id, or undefined when no query has that id. */
  resolve(id: string): Value | undefined;
  /** The metric (non-expression) queries, for METRICS(). */
  metrics(): Series[];
  startSec: number;
  endSec: number;
  periodSec: number;
}

/** Functions AWS offers that kumo does not: named in the NotImplemented answer. */
const UNSUPPORTED = new Set([
  'SEARCH', 'ANOMALY_DETECTION_BAND', 'INSIGHT_RULE_METRIC', 'LAMBDA', 'SORT', 'SLICE', 'TIME_SERIES', 'DATAPOINT_COUNT',
  'CONCAT', 'MAX_VALUE', 'MIN_VALUE', 'PERCENTILE', 'SERVICE_QUOTA', 'AVG_VALUE', 'LOGS', 'EPOCH', 'DB_PERF_INSIGHTS',
  'ANOMALY_DETECTION', 'AWS_METRICS', 'STDDEV_VALUE', 'TEMPLATE', 'TREND',
]);

export function evaluate(node: Node, ctx: MathContext): Value {
  switch (node.kind) {
    case 'num':
      return { kind: 'scalar', v: node.value };
    case 'str':
      throw new MathError('A string is only allowed as an argument of METRICS().');
    case 'id': {
      const v = ctx.resolve(node.name);
      if (v === undefined) throw new MathError(`Unrecognized function or variable: ${node.name}`);
      return v;
    }
    case 'array': {
      const items: Series[] = [];
      for (const n of node.items) {
        const v = evaluate(n, ctx);
        if (v.kind === 'series') items.push(v.s);
        else if (v.kind === 'array') items.push(...v.items);
        else throw new MathError('An array may only contain time series.');
      }
      return { kind: 'array', items };
    }
    case 'unary': {
      const v = evaluate(node.arg, ctx);
      return node.op === '-' ? map1(v, (x) => -x) : map1(v, (x) => (x === 0 ? 1 : 0));
    }
    case 'binary':
      return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case 'call':
      return call(node.name, node.args, ctx);
  }
}

function finite(x: number): boolean {
  return Number.isFinite(x);
}

function mapSeries(s: Series, f: (x: number) => number): Series {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < s.values.length; i++) {
    const y = f(s.values[i] as number);
    if (!finite(y)) continue; // division by zero, LOG of 0 and such leave the datapoint out
    timestamps.push(s.timestamps[i] as number);
    values.push(y);
  }
  return { label: s.label, timestamps, values };
}

function map1(v: Value, f: (x: number) => number): Value {
  switch (v.kind) {
    case 'scalar':
      return { kind: 'scalar', v: f(v.v) };
    case 'series':
      return { kind: 'series', s: mapSeries(v.s, f) };
    case 'array':
      return { kind: 'array', items: v.items.map((s) => mapSeries(s, f)) };
  }
}

/** Pointwise on the timestamps both series have. */
function zip(a: Series, b: Series, f: (x: number, y: number) => number): Series {
  const timestamps: number[] = [];
  const values: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.timestamps.length && j < b.timestamps.length) {
    const ta = a.timestamps[i] as number;
    const tb = b.timestamps[j] as number;
    if (ta < tb) i++;
    else if (tb < ta) j++;
    else {
      const y = f(a.values[i] as number, b.values[j] as number);
      if (finite(y)) {
        timestamps.push(ta);
        values.push(y);
      }
      i++;
      j++;
    }
  }
  return { label: a.label, timestamps, values };
}

const BIN: Record<BinaryOp, (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '^': (x, y) => Math.pow(x, y),
  '==': (x, y) => (x === y ? 1 : 0),
  '!=': (x, y) => (x !== y ? 1 : 0),
  '<': (x, y) => (x < y ? 1 : 0),
  '<=': (x, y) => (x <= y ? 1 : 0),
  '>': (x, y) => (x > y ? 1 : 0),
  '>=': (x, y) => (x >= y ? 1 : 0),
  AND: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  OR: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
};

function binary(op: BinaryOp, a: Value, b: Value): Value {
  const f = BIN[op];
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', v: f(a.v, b.v) };
  if (a.kind === 'scalar') return map1(b, (y) => f(a.v, y));
  if (b.kind === 'scalar') return map1(a, (x) => f(x, b.v));
  if (a.kind === 'series' && b.kind === 'series') return { kind: 'series', s: zip(a.s, b.s, f) };
  if (a.kind === 'array' && b.kind === 'series') return { kind: 'array', items: a.items.map((s) => zip(s, b.s, f)) };
  if (a.kind === 'series' && b.kind === 'array') return { kind: 'array', items: b.items.map((s) => zip(a.s, s, f)) };
  throw new MathError(`The operator ${op} cannot combine two arrays of time series.`);
}

function one(name: string, args: Node[], count: number, max = count): void {
  if (args.length < count || args.length > max) throw new MathError(`${name} takes ${count === max ? count : `${count} to ${max}`} argument${max === 1 ? '' : 's'}.`);
}

function aggregate(values: number[], fn: string): number {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  switch (fn) {
    case 'SUM':
      return sum;
    case 'AVG':
      return sum / n;
    case 'MIN':
      return Math.min(...values);
    case 'MAX':
      return Math.max(...values);
    default: {
      const mean = sum / n;
      return Math.sqrt(values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / n);
    }
  }
}

function call(name: string, args: Node[], ctx: MathContext): Value {
  if (UNSUPPORTED.has(name)) throw new MathError(`The metric math function ${name} is not supported by kumo.`, name);
  const arg = (i: number): Value => evaluate(args[i] as Node, ctx);
  switch (name) {
    case 'ABS':
    case 'CEIL':
    case 'FLOOR':
    case 'LOG':
    case 'LOG10':
    case 'SQRT': {
      one(name, args, 1);
      const f = { ABS: Math.abs, CEIL: Math.ceil, FLOOR: Math.floor, LOG: Math.log, LOG10: Math.log10, SQRT: Math.sqrt }[name];
      return map1(arg(0), f);
    }
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX':
    case 'STDDEV': {
      one(name, args, 1);
      const v = arg(0);
      if (v.kind === 'scalar') return v;
      // One series → a scalar over its values; an array → a series across its members at each timestamp.
      if (v.kind === 'series') return v.s.values.length === 0 ? { kind: 'series', s: { ...v.s } } : { kind: 'scalar', v: aggregate(v.s.values, name) };
      const byTs = new Map<number, number[]>();
      for (const s of v.items) s.timestamps.forEach((t, i) => (byTs.get(t) ?? byTs.set(t, []).get(t))?.push(s.values[i] as number));
      const timestamps = [...byTs.keys()].sort((x, y) => x - y);
      return { kind: 'series', s: { label: name, timestamps, values: timestamps.map((t) => aggregate(byTs.get(t) as number[], name)) } };
    }
    case 'METRICS': {
      one(name, args, 0, 1);
      const filter = args[0];
      if (filter !== undefined && filter.kind !== 'str') throw new MathError('METRICS() takes an optional string.');
      const all = ctx.metrics();
      return { kind: 'array', items: filter === undefined ? all : all.filter((s) => s.label.includes(filter.value)) };
    }
    case 'FILL': {
      one(name, args, 2);
      const how = args[1] as Node;
      const mode = how.kind === 'id' && (how.name.toUpperCase() === 'REPEAT' || how.name.toUpperCase() === 'LINEAR') ? how.name.toUpperCase() : undefined;
      let constant = 0;
      if (mode === undefined) {
        const c = evaluate(how, ctx);
        if (c.kind !== 'scalar') throw new MathError('FILL takes a number, REPEAT or LINEAR as its second argument.');
        constant = c.v;
      }
      return perSeries(arg(0), (s) => fill(s, ctx, mode, constant));
    }
    case 'RATE':
    case 'DIFF':
    case 'DIFF_TIME':
      one(name, args, 1);
      return perSeries(arg(0), (s) => differences(s, name));
    case 'PERIOD':
      one(name, args, 1);
      return perSeries(arg(0), (s) => ({ label: s.label, timestamps: [...s.timestamps], values: s.values.map(() => ctx.periodSec) }));
    case 'RUNNING_SUM':
      one(name, args, 1);
      return perSeries(arg(0), (s) => {
        let acc = 0;
        return { label: s.label, timestamps: [...s.timestamps], values: s.values.map((x) => (acc += x)) };
      });
    case 'IF':
      one(name, args, 2, 3);
      return ifThen(arg(0), arg(1), args.length === 3 ? arg(2) : undefined);
    case 'REMOVE_EMPTY': {
      one(name, args, 1);
      const v = arg(0);
      if (v.kind === 'array') return { kind: 'array', items: v.items.filter((s) => s.values.length > 0) };
      return v;
    }
    case 'FIRST':
    case 'LAST': {
      one(name, args, 1);
      const v = arg(0);
      if (v.kind !== 'array') return v;
      const s = name === 'FIRST' ? v.items[0] : v.items[v.items.length - 1];
      if (s === undefined) throw new MathError(`${name} was given an empty array.`);
      return { kind: 'series', s };
    }
    default:
      throw new MathError(`Unrecognized function or variable: ${name}`, UNSUPPORTED.has(name) ? name : undefined);
  }
}

function perSeries(v: Value, f: (s: Series) => Series): Value {
  if (v.kind === 'scalar') throw new MathError('This function takes a time series or an array of time series.');
  return v.kind === 'series' ? { kind: 'series', s: f(v.s) } : { kind: 'array', items: v.items.map(f) };
}

function fill(s: Series, ctx: MathContext, mode: string | undefined, constant: number): Series {
  const have = new Map<number, number>();
  s.timestamps.forEach((t, i) => have.set(t, s.values[i] as number));
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let t = ctx.startSec; t < ctx.endSec; t += ctx.periodSec) {
    const v = have.get(t);
    if (v !== undefined) {
      timestamps.push(t);
      values.push(v);
      continue;
    }
    if (mode === undefined) {
      timestamps.push(t);
      values.push(constant);
    } else if (mode === 'REPEAT') {
      // The most recent actual value before the gap; nothing before the first one.
      if (values.length > 0) {
        timestamps.push(t);
        values.push(values[values.length - 1] as number);
      }
    } else {
      // LINEAR: interpolate between the actual values around the gap; edges stay missing.
      let k = 0;
      while (k < s.timestamps.length && (s.timestamps[k] as number) < t) k++;
      if (k === 0 || k === s.timestamps.length) continue;
      const t0 = s.timestamps[k - 1] as number;
      const t1 = s.timestamps[k] as number;
      const v0 = s.values[k - 1] as number;
      const v1 = s.values[k] as number;
      timestamps.push(t);
      values.push(v0 + ((v1 - v0) * (t - t0)) / (t1 - t0));
    }
  }
  return { label: s.label, timestamps, values };
}

function differences(s: Series, fn: 'RATE' | 'DIFF' | 'DIFF_TIME'): Series {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < s.values.length; i++) {
    const dt = (s.timestamps[i] as number) - (s.timestamps[i - 1] as number);
    const dv = (s.values[i] as number) - (s.values[i - 1] as number);
    timestamps.push(s.timestamps[i] as number);
    values.push(fn === 'DIFF' ? dv : fn === 'DIFF_TIME' ? dt : dv / dt);
  }
  return { label: s.label, timestamps, values };
}

function at(v: Value, t: number): number | undefined {
  if (v.kind === 'scalar') return v.v;
  if (v.kind === 'series') {
    const i = v.s.timestamps.indexOf(t);
    return i < 0 ? undefined : v.s.values[i];
  }
  throw new MathError('IF takes time series or numbers, not arrays.');
}

function ifThen(cond: Value, then: Value, otherwise: Value | undefined): Value {
  if (cond.kind === 'scalar') return cond.v !== 0 ? then : (otherwise ?? { kind: 'series', s: { label: 'IF', timestamps: [], values: [] } });
  if (cond.kind === 'array') throw new MathError('IF takes time series or numbers, not arrays.');
  const timestamps: number[] = [];
  const values: number[] = [];
  cond.s.timestamps.forEach((t, i) => {
    const pick = (cond.s.values[i] as number) !== 0 ? then : otherwise;
    const v = pick === undefined ? undefined : at(pick, t);
    if (v === undefined) return;
    timestamps.push(t);
    values.push(v);
  });
  return { kind: 'series', s: { label: cond.s.label, timestamps, values } };
}

/** A result as the series GetMetricData returns: a scalar stands at every timestamp of the query's grid. */
export function resultSeries(v: Value, ctx: MathContext, label: string): Series[] {
  if (v.kind === 'series') return [{ ...v.s, label }];
  if (v.kind === 'array') return v.items;
  const timestamps: number[] = [];
  for (let t = ctx.startSec; t < ctx.endSec; t += ctx.periodSec) timestamps.push(t);
  return [{ label, timestamps, values: timestamps.map(() => v.v) }];
}
