// Unit tests of code conversion and record blocking: Shift_JIS/EUC-JP/GB18030 ↔ UTF-8, CRLF handling, block cuts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { blocks, convertText, countRecords, encodingOf, stripCr, toCrlf } from './codeconv.js';

test('Shift_JIS, EUC-JP and GB18030 convert to UTF-8 and back', () => {
  const text = '漢字かなカナ ABC\n';
  assert.deepEqual(convertText(iconv.encode(text, 'shift_jis'), 'S', '8'), Buffer.from(text));
  assert.deepEqual(convertText(Buffer.from(text), '8', 'E'), iconv.encode(text, 'euc-jp'));
  assert.deepEqual(convertText(Buffer.from('中文\n'), '8', 'G'), iconv.encode('中文\n', 'gb18030'));
});

test('a code set without a table (JEF) is refused with status 505', () => {
  assert.throws(() => encodingOf('J'), (e: { statusCode?: number }) => e.statusCode === 505);
});

test('UTF-8 text converts to IBM Kanji (IBM-939) with SO/SI around kanji and NL ending records, and back', () => {
  const text = 'ABC 漢字\n';
  const ebcdic = convertText(Buffer.from(text), '8', 'I');
  assert.deepEqual([...ebcdic.subarray(0, 4)], [0xc1, 0xc2, 0xc3, 0x40]);
  assert.equal(ebcdic[4], 0x0e);
  assert.equal(ebcdic[ebcdic.length - 2], 0x0f);
  assert.equal(ebcdic[ebcdic.length - 1], 0x15);
  assert.equal(countRecords(ebcdic, 0x15), 1);
  assert.deepEqual(convertText(ebcdic, 'I', 'S'), iconv.encode(text, 'shift_jis'));
});

test('CRLF becomes LF on the wire and LF becomes CRLF for a CRLF receiver', () => {
  assert.equal(stripCr(Buffer.from('a\r\nb\rc\r\n')).toString(), 'a\nb\rc\n');
  assert.equal(toCrlf(Buffer.from('a\nb\n')).toString(), 'a\r\nb\r\n');
  assert.equal(countRecords(Buffer.from('a\nb\nc')), 2);
});

async function collect(chunks: Buffer[], len: number, text: boolean): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of blocks((async function* () { yield* chunks; })(), len, text)) out.push(Buffer.from(b));
  return out;
}

test('text blocks end on a record boundary; binary blocks are exactly the block length', async () => {
  const t = await collect([Buffer.from('aaaa\nbb'), Buffer.from('b\ncccccccc\nd')], 6, true);
  assert.deepEqual(t.map(String), ['aaaa\n', 'bbb\n', 'cccccccc\n', 'd']);
  const b = await collect([Buffer.alloc(10), Buffer.alloc(5)], 4, false);
  assert.deepEqual(b.map((x) => x.length), [4, 4, 4, 3]);
});
