// The runtime clock and tasks: advance() runs due timers in time order with the clock reading each due time, awaits
// asynchronous ones, a periodic task never overlaps itself, and failures are counted instead of escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../core/clock.js';
import { RuntimeClock } from './clock.js';
import { TaskRunner } from './tasks.js';

const START = Date.UTC(2026, 0, 1);

test('advance runs due timers in time order, each seeing its own due time', async () => {
  const clock = new RuntimeClock({ start: START, rate: 0 });
  const seen: Array<[string, number]> = [];
  clock.after(3_000, () => void seen.push(['c', clock.now() - START]));
  clock.after(1_000, () => void seen.push(['a', clock.now() - START]));
  clock.every(2_000, () => void seen.push(['tick', clock.now() - START]));
  await clock.advance(4_500);
  assert.deepEqual(seen, [['a', 1000], ['tick', 2000], ['c', 3000], ['tick', 4000]]);
  assert.equal(clock.now() - START, 4_500);
});

test('advance awaits an asynchronous timer before running the next one', async () => {
  const clock = new RuntimeClock({ start: START, rate: 0 });
  const order: string[] = [];
  clock.after(10, async () => {
    await new Promise((r) => setImmediate(r));
    order.push('slow');
  });
  clock.after(20, () => void order.push('next'));
  await clock.advance(30);
  assert.deepEqual(order, ['slow', 'next']);
});

test('a clock at rate 1 fires its timers on wall time too', async () => {
  const clock = new RuntimeClock({ rate: 1 });
  const hold = setInterval(() => {}, 50); // the clock's own timer is unref'd so it never keeps a process alive
  const fired = await new Promise<boolean>((resolve) => {
    clock.after(5, () => resolve(true));
  });
  clearInterval(hold);
  assert.equal(fired, true);
  clock.close();
});

test('a periodic task never overlaps itself and its failures are counted, not thrown', async () => {
  const clock = new RuntimeClock({ start: START, rate: 0 });
  const errors: string[] = [];
  const tasks = new TaskRunner(clock, (m) => errors.push(m));
  let release: () => void = () => {};
  let runs = 0;
  const slow = tasks.every('slow', 1_000, () => {
    runs++;
    return new Promise<void>((r) => (release = r));
  });
  const advancing = clock.advance(1_000); // the first run starts and waits
  await new Promise((r) => setImmediate(r));
  assert.equal(runs, 1);
  release();
  await advancing;
  slow.cancel();
  tasks.every('broken', 500, () => {
    throw new Error('boom');
  });
  await clock.advance(1_000);
  const report = tasks.report();
  assert.equal(report['broken']?.failures, 2);
  assert.equal(report['broken']?.lastError, 'boom');
  assert.equal(errors.length, 2);
  await tasks.stop();
});

test('a run still going when the next falls due makes that tick skip', async () => {
  const clock = new FakeClock(START); // fires ticks back to back without awaiting them
  const tasks = new TaskRunner(clock, () => {});
  let release: () => void = () => {};
  tasks.every('held', 100, () => new Promise<void>((r) => (release = r)));
  clock.advance(300);
  assert.deepEqual({ runs: tasks.report()['held']?.runs, skipped: tasks.report()['held']?.skipped }, { runs: 1, skipped: 2 });
  release();
  await tasks.stop();
});

test('advance waits for a wall-clock tick in flight, then runs the periodic task tick it makes due', async () => {
  // Wall time is a variable here: the clock's one real timeout fires the first tick, then wall time stands still.
  let wall = START;
  const clock = new RuntimeClock({ start: START, rate: 1, wall: () => wall });
  const tasks = new TaskRunner(clock, () => {});
  const releases: Array<() => void> = [];
  tasks.every('checks', 5, () => new Promise<void>((r) => releases.push(r)));
  wall += 5; // the first tick is due; the armed real timeout (5 ms) fires it
  const deadline = Date.now() + 30_000;
  while (releases.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.equal(releases.length, 1, 'the wall-clock tick started');
  const advancing = clock.advance(5); // the second tick falls due while the first run is in flight
  await new Promise((r) => setImmediate(r));
  releases[0]!();
  while (releases.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  releases[1]?.();
  await advancing;
  const report = tasks.report()['checks'];
  assert.deepEqual({ runs: report?.runs, skipped: report?.skipped }, { runs: 2, skipped: 0 });
  await tasks.stop();
  clock.close();
});
