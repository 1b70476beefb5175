// CloudWatch scenarios, measured on the operation table in this process over a file-backed store (no HTTP, no codec):
// PutMetricData of 20 datums, GetMetricStatistics of 1,440 points, GetMetricData of 5 × 1,440 points, one alarm tick at
// 100 and 10,000 alarms (CPU per alarm evaluated), and PutMetricData with 10,000 alarms defined.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatch } from '../../src/services/cloudwatch/context.js';
import { callCloudWatch } from '../../src/services/cloudwatch/testing.js';
import { openStateStore } from '../../src/store/state-store.js';
import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { closedLoop, formatResult, startServer, waitUntilSettled, type BenchServer } from '../harness.js';
import { encodeCborValue } from '../../src/protocol/shared/cbor-encode.js';
import { presignEach, replayLoop, replayWarm, WARM_REQUESTS } from '../support/replay-client.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';

const DAY_MINUTES = 1440;

function cpuMsOf(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
}

function withWorld<T>(fn: (cw: CloudWatch, clock: { now: number }) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-bench-cw-'));
  const clock = { now: Date.UTC(2026, 11, 6, 0, 0, 0) };
  const store = openStateStore({ dataDir: dir });
  try {
    return fn(new CloudWatch(store, () => clock.now), clock);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function put20(cw: CloudWatch, at: number, i: number): void {
  const MetricData = Array.from({ length: 20 }, (_, j) => ({ MetricName: `m${j}`, Dimensions: [{ Name: 'Host', Value: 'h1' }], Value: i + j, Timestamp: new Date(at) }));
  callCloudWatch(cw, 'PutMetricData', { Namespace: 'Bench', MetricData });
}

function addAlarms(cw: CloudWatch, count: number): void {
  cw.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      callCloudWatch(cw, 'PutMetricAlarm', {
        AlarmName: `alarm-${i}`, Namespace: 'Bench', MetricName: `m${i % 20}`, Dimensions: [{ Name: 'Host', Value: `h${i}` }],
        Statistic: 'Average', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });
}

function putLoop(cw: CloudWatch, clock: { now: number }, n: number): number {
  return cpuMsOf(() => {
    for (let i = 0; i < n; i++) {
      clock.now += 1000;
      put20(cw, clock.now, i);
    }
  }) / n;
}

export const cloudwatchPut: Scenario = {
  name: 'cloudwatch-put',
  async run({ ops: n }) {
    const plain = withWorld((cw, clock) => {
      putLoop(cw, clock, 500); // warm up
      return putLoop(cw, clock, n);
    });
    const withAlarms = withWorld((cw, clock) => {
      addAlarms(cw, 10_000);
      putLoop(cw, clock, 500);
      return putLoop(cw, clock, n);
    });
    return [
      `cloudwatch PutMetricData 20 datums: ${plain.toFixed(3)} ms CPU/op (target ≤ 0.2)`,
      `cloudwatch PutMetricData 20 datums, 10,000 alarms defined: ${withAlarms.toFixed(3)} ms CPU/op (${(withAlarms / plain).toFixed(2)}× none; target ≤ 1.1×)`,
    ];
  },
};

export const cloudwatchRead: Scenario = {
  name: 'cloudwatch-read',
  async run({ ops: n }) {
    return withWorld((cw, clock) => {
      const start = clock.now;
      // One datum per minute for a day on 5 metrics (20 datums a call, the other 15 ride along).
      for (let i = 0; i < DAY_MINUTES; i++) {
        clock.now = start + i * 60_000 + 1000;
        put20(cw, clock.now, i);
      }
      clock.now = start + DAY_MINUTES * 60_000;
      const range = { StartTime: new Date(start), EndTime: new Date(clock.now) };
      const metric = (j: number): { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> } => ({ Namespace: 'Bench', MetricName: `m${j}`, Dimensions: [{ Name: 'Host', Value: 'h1' }] });
      const stats = (): unknown => callCloudWatch(cw, 'GetMetricStatistics', { ...metric(0), ...range, Period: 60, Statistics: ['Average', 'Maximum'] });
      const data = (): unknown =>
        callCloudWatch(cw, 'GetMetricData', { ...range, MetricDataQueries: [0, 1, 2, 3, 4].map((j) => ({ Id: `q${j}`, MetricStat: { Metric: metric(j), Period: 60, Stat: 'Average' } })) });
      const points = (stats() as { Datapoints: unknown[] }).Datapoints.length;
      const reps = Math.max(50, Math.floor(n / 20));
      for (let i = 0; i < 20; i++) stats();
      const statsMs = cpuMsOf(() => {
        for (let i = 0; i < reps; i++) stats();
      }) / reps;
      for (let i = 0; i < 5; i++) data();
      const dataMs = cpuMsOf(() => {
        for (let i = 0; i < reps; i++) data();
      }) / reps;
      return [
        `cloudwatch GetMetricStatistics ${points} points: ${statsMs.toFixed(3)} ms CPU/op (target ≤ 0.5)`,
        `cloudwatch GetMetricData 5 × ${points} points: ${dataMs.toFixed(3)} ms CPU/op (target ≤ 2)`,
      ];
    });
  },
};

function tickCost(count: number): { first: number; steady: number } {
  return withWorld((cw, clock) => {
    addAlarms(cw, count);
    for (let i = 0; i < 20; i++) {
      clock.now += 1000;
      put20(cw, clock.now, 60);
    }
    const perAlarm = (): number => {
      clock.now += 60_000;
      const before = cw.engine.evaluations;
      const ms = cpuMsOf(() => void cw.engine.tick());
      return ms / Math.max(1, cw.engine.evaluations - before);
    };
    // The first tick after the alarms were created, then the median of the next five minutes' (caches warm, as in a
    // running server; one tick of 100 alarms is ~1 ms of CPU, so a single sample is mostly scheduler noise).
    const first = perAlarm();
    const next: number[] = [];
    for (let i = 0; i < 5; i++) {
      put20(cw, clock.now, i + 1);
      next.push(perAlarm());
    }
    next.sort((a, b) => a - b);
    return { first, steady: next[2] as number };
  });
}

export const cloudwatchAlarms: Scenario = {
  name: 'cloudwatch-alarms',
  async run() {
    const small = tickCost(100);
    const large = tickCost(10_000);
    return [
      `cloudwatch alarm evaluation, 100 alarms: first tick ${small.first.toFixed(4)}, next minutes (median of 5) ${small.steady.toFixed(4)} ms CPU/alarm`,
      `cloudwatch alarm evaluation, 10,000 alarms: first tick ${large.first.toFixed(4)}, next minutes (median of 5) ${large.steady.toFixed(4)} ms CPU/alarm (${(large.steady / small.steady).toFixed(2)}× at 100; target ≤ 0.02 ms, ≤ 1.2×)`,
    ];
  },
};

/** Over HTTP through the SDK (JSON 1.0, as boto3 and SDK v3 send): server CPU per PutMetricData of 20 datums, and per
 *  GetMetricStatistics of up to 1,440 one-minute points written just before (the clock's own "now"). */
export const cloudwatchHttp: Scenario = {
  name: 'cloudwatch-http',
  async run({ ops, workers }) {
    const server = await startServer();
    await waitUntilSettled(server); // boot work is not per-request cost (see waitUntilSettled)
    const cw = new CloudWatchClient(sdkConfig(server.url));
    try {
      const base = Date.now() - 23 * 3_600_000;
      let n = 0;
      const put = (): Promise<unknown> => cw.send(new PutMetricDataCommand(putInput(base, n++)));
      const puts = await closedLoop(server, workers, ops, put);
      const stats = (): Promise<unknown> =>
        cw.send(new GetMetricStatisticsCommand({ Namespace: 'Bench', MetricName: 'm0', Dimensions: [{ Name: 'Host', Value: 'h1' }], StartTime: new Date(base), EndTime: new Date(base + DAY_MINUTES * 60_000), Period: 60, Statistics: ['Average', 'Maximum'] }));
      const points = ((await stats()) as { Datapoints?: unknown[] }).Datapoints?.length ?? 0;
      const reads = await closedLoop(server, workers, Math.max(200, Math.floor(ops / 10)), stats);
      const signedPuts = await signedCloudWatch(server, ops, (n) => putBody(base, n + DAY_MINUTES));
      const signedReads = await signedCloudWatch(server, Math.max(200, Math.floor(ops / 10)), () => statsBody(base), 'GetMetricStatistics');
      const replayPuts = await replayLoop(server, signedPuts);
      const replayReads = await replayLoop(server, signedReads);
      const warmPuts = await replayWarm(server, signedPuts, WARM_REQUESTS);
      const warmReads = await replayWarm(server, signedReads, WARM_REQUESTS);
      // The same datums in the other two protocols the model lists (issue 22: Go v2, Ruby, PHP and Swift SDKs send
      // CBOR; older clients query), warmed the same way.
      const cborPuts = await replayWarm(server, await signedCloudWatchCbor(server, ops, (n) => putInput(base, n)), WARM_REQUESTS);
      const queryPuts = await replayWarm(server, await signedCloudWatchQuery(server, ops, (n) => putInput(base, n)), WARM_REQUESTS);
      // The SDK client once more, now on the warmed server: what is left between its line and the replayed one is the
      // client's pace (the server idles between its requests), not V8 warming up.
      const warmSdkPuts = await closedLoop(server, workers, ops, put);
      const warmSdkReads = await closedLoop(server, workers, Math.max(200, Math.floor(ops / 10)), stats);
      return [
        formatResult('cloudwatch PutMetricData 20 (HTTP)', puts),
        formatResult(`cloudwatch GetMetricStatistics ${points} (HTTP)`, reads),
        formatResult('  same PutMetricData, replayed', replayPuts),
        formatResult('  same GetMetricStatistics, replayed', replayReads),
        formatResult(`  replayed after ${WARM_REQUESTS.toLocaleString('en')} more`, warmPuts),
        formatResult(`  replayed after ${WARM_REQUESTS.toLocaleString('en')} more`, warmReads),
        formatResult('  PutMetricData as CBOR, replayed warm', cborPuts),
        formatResult('  PutMetricData as query, replayed warm', queryPuts),
        formatResult('  SDK client again, warmed server', warmSdkPuts),
        formatResult('  SDK client again, warmed server', warmSdkReads),
      ];
    } finally {
      cw.destroy();
      await server.stop();
    }
  },
};

/** PutMetricData's input: 20 datums at minute `n` of the day after `base`. */
export function putInput(base: number, n: number): { Namespace: string; MetricData: Array<{ MetricName: string; Dimensions: Array<{ Name: string; Value: string }>; Value: number; Timestamp: Date }> } {
  const Timestamp = new Date(base + (n % DAY_MINUTES) * 60_000);
  return { Namespace: 'Bench', MetricData: Array.from({ length: 20 }, (_, j) => ({ MetricName: `m${j}`, Dimensions: [{ Name: 'Host', Value: 'h1' }], Value: j, Timestamp })) };
}

/** PutMetricData's JSON 1.0 body as the SDK sends it: putInput with timestamps in epoch seconds. */
export function putBody(base: number, n: number): string {
  const input = putInput(base, n);
  return JSON.stringify({ ...input, MetricData: input.MetricData.map((d) => ({ ...d, Timestamp: d.Timestamp.getTime() / 1000 })) });
}

/** The same PutMetricData as Smithy RPC v2 CBOR requests (timestamps as tag 1), as the Go v2 SDK sends them. */
export function signedCloudWatchCbor(server: BenchServer, count: number, input: (n: number) => object): Promise<Buffer[]> {
  const headers = { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' };
  const path = '/service/GraniteServiceVersion20100801/operation/PutMetricData';
  return presignEach(server, count, (n) => ({ service: 'monitoring', headers, body: encodeCborValue(input(n)), path }));
}

/** The same PutMetricData as query requests (form-encoded members, ISO 8601 timestamps), as older clients send them. */
export function signedCloudWatchQuery(server: BenchServer, count: number, input: (n: number) => ReturnType<typeof putInput>): Promise<Buffer[]> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  return presignEach(server, count, (n) => {
    const { Namespace, MetricData } = input(n);
    const params: Array<[string, string]> = [['Action', 'PutMetricData'], ['Version', '2010-08-01'], ['Namespace', Namespace]];
    MetricData.forEach((d, i) => {
      const m = `MetricData.member.${i + 1}`;
      params.push([`${m}.MetricName`, d.MetricName], [`${m}.Value`, String(d.Value)], [`${m}.Timestamp`, d.Timestamp.toISOString()]);
      d.Dimensions.forEach((dim, k) => params.push([`${m}.Dimensions.member.${k + 1}.Name`, dim.Name], [`${m}.Dimensions.member.${k + 1}.Value`, dim.Value]));
    });
    return { service: 'monitoring', headers, body: new URLSearchParams(params).toString() };
  });
}

export function statsBody(base: number): string {
  return JSON.stringify({ Namespace: 'Bench', MetricName: 'm0', Dimensions: [{ Name: 'Host', Value: 'h1' }], StartTime: base / 1000, EndTime: base / 1000 + DAY_MINUTES * 60, Period: 60, Statistics: ['Average', 'Maximum'] });
}

/** `count` CloudWatch JSON 1.0 requests signed up front, for replayLoop (the same bytes the SDK client sends). */
export function signedCloudWatch(server: BenchServer, count: number, body: (n: number) => string, operation = 'PutMetricData'): Promise<Buffer[]> {
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `GraniteServiceVersion20100801.${operation}`, 'x-amzn-query-mode': 'true' };
  return presignEach(server, count, (n) => ({ service: 'monitoring', headers, body: body(n) }));
}

export const CLOUDWATCH_SCENARIOS: Scenario[] = [cloudwatchPut, cloudwatchRead, cloudwatchAlarms, cloudwatchHttp];
