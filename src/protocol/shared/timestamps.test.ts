// Unit tests for timestamp parsing: the digit-by-digit reader of the SDKs' ISO 8601 form agrees with Date.parse
// wherever it answers, and hands every other form to the general parser unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoUtcMillis, parseTimestamp } from './timestamps.js';

test('the ISO reader answers exactly what Date.parse answers for the SDK form, across dates, leap days and fractions', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 20_000; i++) {
    const ms = Math.floor(random() * 8e12) - 1e12; // 1938 to 2223
    const iso = new Date(ms).toISOString();
    const forms = [iso, iso.replace(/\.\d+Z$/, 'Z'), iso.replace('Z', `${Math.floor(random() * 1e6)}Z`), iso.replace(/\.(\d)\d\dZ$/, '.$1Z')];
    for (const s of forms) {
      const read = isoUtcMillis(s);
      assert.notEqual(read, undefined, s);
      assert.equal(read, Date.parse(s), s);
    }
  }
  assert.equal(isoUtcMillis('2024-02-29T23:59:59Z'), Date.parse('2024-02-29T23:59:59Z'));
});

test('forms the ISO reader leaves to the general parser still parse as before', () => {
  // Date.parse rolls 2026-02-30 over to March; hour 24, lower-case z, a space and 10 fraction digits are its too.
  for (const s of ['2026-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00z', '2026-01-01 00:00:00Z',
    '2026-01-01T00:00:00.1234567890Z', '0099-01-01T00:00:00Z', '2026-01-01T00:00:00+09:00', ' 2026-01-01T00:00:00Z ']) {
    assert.equal(isoUtcMillis(s), undefined, s);
    assert.equal(parseTimestamp(s)?.getTime(), Date.parse(s.trim()), s);
  }
  for (const s of ['2026-13-01T00:00:00Z', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00.Z', '2026-1-01T00:00:00Z', 'x026-01-01T00:00:00Z']) {
    assert.equal(isoUtcMillis(s), undefined, s);
    assert.equal(parseTimestamp(s), undefined, s);
  }
  assert.equal(parseTimestamp('1700000000.5')?.getTime(), 1_700_000_000_500);
});
