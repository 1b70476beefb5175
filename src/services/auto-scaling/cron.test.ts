import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRun, parseCron } from './cron.js';

const at = (iso: string): number => Date.parse(iso);

test('every weekday at 08:00 UTC, the example of the scheduled scaling guide', () => {
  const c = parseCron('0 8 * * 1-5')!;
  assert.equal(new Date(nextRun(c, at('2026-12-04T09:00:00Z'))!).toISOString(), '2026-12-07T08:00:00.000Z', 'Friday 09:00 → Monday');
  assert.equal(new Date(nextRun(c, at('2026-12-07T07:59:00Z'))!).toISOString(), '2026-12-07T08:00:00.000Z');
});

test('steps, lists and names; a run strictly after the given time', () => {
  const c = parseCron('*/15 * * * *')!;
  assert.equal(new Date(nextRun(c, at('2026-01-01T00:15:00Z'))!).toISOString(), '2026-01-01T00:30:00.000Z');
  assert.equal(new Date(nextRun(parseCron('30 6 1 jan,jul *')!, at('2026-02-01T00:00:00Z'))!).toISOString(), '2026-07-01T06:30:00.000Z');
});

test('a time zone moves the run: 09:00 in Tokyo is 00:00 UTC', () => {
  assert.equal(new Date(nextRun(parseCron('0 9 * * *')!, at('2026-03-01T12:00:00Z'), 'Asia/Tokyo')!).toISOString(), '2026-03-02T00:00:00.000Z');
  // New York across the DST change of 2026-03-08: 08:00 EDT is 12:00 UTC.
  assert.equal(new Date(nextRun(parseCron('0 8 * * *')!, at('2026-03-08T00:00:00Z'), 'America/New_York')!).toISOString(), '2026-03-08T12:00:00.000Z');
});

test('malformed expressions are refused', () => {
  for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', 'a * * * *', '5-1 * * * *']) assert.equal(parseCron(bad), undefined, bad);
});
