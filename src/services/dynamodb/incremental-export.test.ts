// Unit tests for incremental exports: the window rules and the net-change records of a key's history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExportTableToPointInTimeInput } from '../../generated/dynamodb/api.js';
import type { HistoryRow } from './backup-store.js';
import { encodeItem } from './item-codec.js';
import { incrementalRecords, incrementalWindow, MAX_WINDOW_MS, MIN_WINDOW_MS } from './incremental-export.js';
import type { KeySchema } from './keys.js';

const H = 3_600_000;
const input = (from: number, to?: number): ExportTableToPointInTimeInput => ({
  TableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t', S3Bucket: 'b', ExportType: 'INCREMENTAL_EXPORT',
  IncrementalExportSpecification: { ExportFromTime: new Date(from), ...(to !== undefined ? { ExportToTime: new Date(to) } : {}) },
});

test('the export period is 15 minutes to 24 hours inside the PITR window; the end defaults to now', () => {
  const now = 100 * H;
  assert.deepEqual(incrementalWindow(input(now - MIN_WINDOW_MS), now, 0), { from: now - MIN_WINDOW_MS, to: now, view: 'NEW_AND_OLD_IMAGES' });
  assert.deepEqual(incrementalWindow(input(now - MAX_WINDOW_MS, now), now, 0).to - (now - MAX_WINDOW_MS), MAX_WINDOW_MS);
  assert.throws(() => incrementalWindow(input(now - MAX_WINDOW_MS - 1000, now), now, 0), { code: 'InvalidExportTimeException', message: /greater than 24 hours/ });
  assert.throws(() => incrementalWindow(input(now - MIN_WINDOW_MS + 1000), now, 0), { code: 'InvalidExportTimeException', message: /less than 15 minutes/ });
  assert.throws(() => incrementalWindow(input(now - 2 * H), now, now - H), { message: /cannot be less than the table creation time : 1970-01-05T03:00:00Z/ });
});

const key: KeySchema = { hash: { name: 'pk', type: 'S' }, range: undefined };
const row = (pk: string, at: number, v: string | null): HistoryRow => ({
  pk: Buffer.from(pk), sk: Buffer.alloc(0), size: v === null ? 0 : 10, changed_at: at, item: v === null ? null : encodeItem({ pk: { S: pk }, v: { S: v } }),
});

test('each key gives one line: its state before the window and at its end, with the last write time in microseconds', () => {
  const rows = [row('a', 5, 'a0'), row('a', 20, 'a1'), row('a', 30, 'a2'), row('b', 25, 'b1'), row('b', 26, null), row('c', 5, 'c0'), row('c', 40, null)];
  const { lines } = incrementalRecords(rows, key, { from: 10, to: 50, view: 'NEW_AND_OLD_IMAGES' });
  assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), [
    { Metadata: { WriteTimestampMicros: { N: '30000' } }, Keys: { pk: { S: 'a' } }, OldImage: { pk: { S: 'a' }, v: { S: 'a0' } }, NewImage: { pk: { S: 'a' }, v: { S: 'a2' } } },
    { Metadata: { WriteTimestampMicros: { N: '40000' } }, Keys: { pk: { S: 'c' } }, OldImage: { pk: { S: 'c' }, v: { S: 'c0' } } },
  ]);
  const newOnly = incrementalRecords(rows, key, { from: 10, to: 50, view: 'NEW_IMAGE' }).lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(newOnly.map((l) => Object.keys(l)), [['Metadata', 'Keys', 'NewImage'], ['Metadata', 'Keys']]);
});
