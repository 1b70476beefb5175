// IBM-930/939 against the JDK's own converters: fixtures in test/fixtures/ebcdic/ were written by Java's IBM939 and
// IBM930 encoders (String.getBytes) from sample.txt; kumo must produce and read the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';
import { decodeIbmKanji, encodeIbmKanji } from './ebcdic-kanji.js';

const fixture = (name: string) => readFileSync(join(packageRoot(), 'test', 'fixtures', 'ebcdic', name));
const sample = fixture('sample.txt').toString('utf8');

for (const page of ['ibm-939', 'ibm-930'] as const) {
  test(`${page} encodes kanji, kana and Latin text byte for byte as the JDK does, DBCS runs between SO and SI`, () => {
    assert.deepEqual(encodeIbmKanji(sample, page), fixture(`sample.${page}.bin`));
  });

  test(`${page} decodes the JDK's bytes back to the text`, () => {
    assert.equal(decodeIbmKanji(fixture(`sample.${page}.bin`), page), sample);
  });
}

test('Characters IBM Kanji cannot hold become the SBCS or DBCS substitute', () => {
  const out = encodeIbmKanji('a😀b', 'ibm-939');
  assert.deepEqual([...out], [0x81, 0x0e, 0xfe, 0xfe, 0x0f, 0x82]);
});

test('A DBCS run left open at the end is closed with SI', () => {
  const out = encodeIbmKanji('漢', 'ibm-939');
  assert.equal(out[0], 0x0e);
  assert.equal(out[out.length - 1], 0x0f);
  assert.equal(out.length, 4);
});
