// Unit tests of format and multi-format record conversion: layouts and their limits, X/N/9/S/P fields between
// Shift_JIS and IBM-939 (EBCDIC), truncation and padding to the field, multi-format records chosen by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { convertText } from './codeconv.js';
import { convertCountingRecords, convertRecords, layoutFormat, LayoutError, wholeRecords, type WireLayout } from './format-records.js';

const sjis = (s: string) => iconv.encode(s, 'shift_jis');
const ebcdic = (s: string) => convertText(Buffer.from(s), '8', 'I');

test('a layout places fields after each other when start is empty and refuses overlaps, odd N lengths and limits', () => {
  const f = layoutFormat('CUST', ['ID,,5,0,9', 'NAME,,8,0,X', 'AMT,14,4,2,P']);
  assert.deepEqual(f.fields.map((x) => [x.name, x.start, x.length]), [['ID', 1, 5], ['NAME', 6, 8], ['AMT', 14, 4]]);
  assert.equal(f.recordLength, 17);
  assert.throws(() => layoutFormat('X', ['A,1,4,0,X', 'B,3,2,0,X']), LayoutError);
  assert.throws(() => layoutFormat('X', ['A,1,3,0,N']), /even length/);
  assert.throws(() => layoutFormat('X', ['A,1,4,0,Q']), /type of field A/);
  assert.throws(() => layoutFormat('X', Array.from({ length: 1001 }, (_, i) => `F${i},,1,0,X`)), /at most 1000 fields/);
});

test('Shift_JIS records become EBCDIC field by field: zoned digits, padded text, DBCS without SO/SI, packed untouched', () => {
  const format = layoutFormat('CUST', ['ID,,4,0,9', 'NAME,,6,0,X', 'KANA,,4,0,N', 'AMT,,2,0,P', 'BAL,,3,0,S']);
  const packed = Buffer.from([0x12, 0x3c]);
  const record = Buffer.concat([sjis('0042'), sjis('ABC   '), sjis('漢字'), packed, Buffer.from('12'), Buffer.of(0x75)]);
  const out = convertRecords(record, { kind: 'F', format }, 'S', 'I');
  assert.equal(out.length, record.length);
  assert.deepEqual(out.subarray(0, 4), Buffer.from([0xf0, 0xf0, 0xf4, 0xf2]));
  assert.deepEqual(out.subarray(4, 10), ebcdic('ABC   '));
  const kanji = ebcdic('漢字');
  assert.deepEqual(out.subarray(10, 14), kanji.subarray(1, kanji.length - 1));
  assert.deepEqual(out.subarray(14, 16), packed);
  // Signed zoned: ASCII zone 7 on the last digit is negative, which is EBCDIC zone D.
  assert.deepEqual(out.subarray(16, 19), Buffer.from([0xf1, 0xf2, 0xd5]));
  assert.deepEqual(convertRecords(out, { kind: 'F', format }, 'I', 'S'), record);
});

test('text that grows is cut at a character boundary; shorter text is padded with the target code set spaces', () => {
  const format = layoutFormat('T', ['NAME,,5,0,X', 'WIDE,,6,0,N']);
  // Into UTF-8 a half-width ｱ takes 3 bytes, so only one fits 5 bytes of X; 漢 and U+3000 take 3 each of N's 6.
  const out = convertRecords(Buffer.concat([sjis('ｱｲｳｴｵ'), sjis('漢　　')]), { kind: 'F', format }, 'S', '8');
  assert.equal(out.subarray(0, 5).toString('utf8'), 'ｱ\u0020\u0020');
  assert.deepEqual(out.subarray(5, 11), Buffer.concat([Buffer.from('漢　')]));
});

test('a byte that is not a zoned digit fails the conversion with status 505 naming the record and field', () => {
  const format = layoutFormat('N', ['QTY,,3,0,9']);
  assert.throws(() => convertRecords(Buffer.from('12A'), { kind: 'F', format }, 'S', 'I', 7), (e: { statusCode?: number; message: string }) => e.statusCode === 505 && /record 7 field QTY/.test(e.message));
});

test('multi-format records are chosen by their key and cut whole; an unknown key takes the default format', () => {
  const header = layoutFormat('HDR', ['TYPE,,1,0,X', 'DATE,,8,0,9']);
  const detail = layoutFormat('DTL', ['TYPE,,1,0,X', 'QTY,,3,0,9']);
  const layout: WireLayout = { kind: 'M', keyStart: 1, keyLength: 1, choices: [{ key: 'H', format: header }], fallback: detail };
  const data = Buffer.from('H20261207D001D002D0');
  assert.deepEqual(wholeRecords(layout, data, 'S'), { bytes: 17, records: 3 });
  const out = convertRecords(data.subarray(0, 17), layout, 'S', 'I');
  assert.deepEqual(convertRecords(out, layout, 'I', 'S'), data.subarray(0, 17));
  assert.equal(out[0], 0xc8); // 'H' in EBCDIC
  assert.deepEqual(out.subarray(9, 13), Buffer.from([0xc4, 0xf0, 0xf0, 0xf1]));
});

test('convertCountingRecords counts the records it converts, and counts unconverted ones when code sets match', () => {
  const format = layoutFormat('F1', ['A,1,3,0,X']);
  const data = Buffer.from('abcdefghi');
  assert.equal(convertCountingRecords(data, { kind: 'F', format }, 'S', 'I').records, 3);
  assert.equal(convertCountingRecords(data, { kind: 'F', format }, 'S', 'S').records, 3);
});
