// Format (TRANSTYPE=F) and multi-format (M) transfers between two nodes on 127.0.16.1 and 127.0.16.2 over real TCP:
// Shift_JIS records arrive as IBM-939 EBCDIC field by field on either side (KJCHNGE S or R), packed fields untouched,
// multi-format records chosen by key, and the failures: a bad zoned byte (505), an unregistered format (501).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { define, startPair, type Pair } from './mft-support.js';
import { convertText } from '../../../src/net/transfer/codeconv.js';

const A = '127.0.16.1';
const B = '127.0.16.2';
let p: Pair;

before(async () => {
  p = await startPair(A, B, { codeSet: 'S' }, { codeSet: 'I' });
  // Node B is an IBM Kanji (EBCDIC) host in A's host information.
  define(p.a, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: 'I' });
  define(p.b, 'hst', 'nodea', { ADDRESS: A, KCODETYPE: 'S' });
});
after(async () => {
  await p.close();
});

const sjis = (s: string) => iconv.encode(s, 'shift_jis');
const ebcdic = (s: string) => convertText(Buffer.from(s), '8', 'I');
const dbcs = (s: string) => {
  const e = ebcdic(s);
  return e.subarray(1, e.length - 1);
};
const CUSTOMER = ['ID,,5,0,9', 'NAME,,10,0,X', 'KANJI,,4,0,N', 'AMOUNT,,3,0,P'];

function customer(i: number): Buffer {
  return Buffer.concat([sjis(String(i).padStart(5, '0')), sjis(`CUST${i}`.padEnd(10)), sjis(i % 2 === 0 ? '東京' : '大阪'), Buffer.from([0x00, i % 100, 0x0c])]);
}

function expected(i: number): Buffer {
  return Buffer.concat([ebcdic(String(i).padStart(5, '0')), ebcdic(`CUST${i}`.padEnd(10)), dbcs(i % 2 === 0 ? '東京' : '大阪'), Buffer.from([0x00, i % 100, 0x0c])]);
}

for (const side of ['S', 'R'] as const) {
  test(`a format transfer converts 2,000 records field by field on the ${side === 'S' ? 'sending' : 'receiving'} side (KJCHNGE=${side})`, async () => {
    const id = `FMT_${side}`;
    define(p.a, 'fmt', 'CUSTOMER', {}, CUSTOMER);
    define(p.b, 'fmt', 'CUSTOMER', {}, CUSTOMER);
    const records = Array.from({ length: 2000 }, (_, i) => i);
    writeFileSync(join(p.dirs[0]!, `${id}.dat`), Buffer.concat(records.map(customer)));
    define(p.a, 'snd', id, { FILENAME: join(p.dirs[0]!, `${id}.dat`), GRPID: 'TOB', TRANSTYPE: 'F', FMTID: 'CUSTOMER', KJCHNGE: side, BLOCKLEN: '1000' });
    define(p.b, 'rcv', id, { FILENAME: `${id}.ebc`, GRPID: 'FROMA' });
    const r = await p.a.send({ fileId: id, msgs: {}, sync: true });
    assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
    assert.deepEqual(readFileSync(join(p.b.receiveRoot, `${id}.ebc`)), Buffer.concat(records.map(expected)));
    const log = p.b.store.logs('rcv', { fileId: id }).at(-1)!;
    assert.deepEqual([log.records, log.codeConv], [2000, side]);
  });
}

test('a multi-format transfer picks each record format by its key; unknown keys use the default format', async () => {
  define(p.a, 'fmt', 'HEADER', {}, ['TYPE,,1,0,X', 'DATE,,8,0,9']);
  define(p.a, 'fmt', 'DETAIL', {}, ['TYPE,,1,0,X', 'ITEM,,6,0,X', 'QTY,,3,0,S']);
  define(p.a, 'mfmt', 'ORDERS', { KEYPOS: '1', KEYLEN: '1', DEFAULTFMT: 'DETAIL' }, ['H,HEADER']);
  const file = Buffer.concat([sjis('H20261207'), sjis('DAPPLE 012'), sjis('DPEAR  00'), Buffer.of(0x73)]);
  writeFileSync(join(p.dirs[0]!, 'orders.dat'), file);
  define(p.a, 'snd', 'ORDERS', { FILENAME: join(p.dirs[0]!, 'orders.dat'), GRPID: 'TOB', TRANSTYPE: 'M', FMTID: 'ORDERS' });
  define(p.b, 'rcv', 'ORDERS', { FILENAME: 'orders.ebc', GRPID: 'FROMA' });
  const r = await p.a.send({ fileId: 'ORDERS', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
  // QTY is signed zoned: its last digit carries the sign, ASCII zone 3 (+) or 7 (−) becoming EBCDIC zone C or D.
  const want = Buffer.concat([ebcdic('H20261207'), ebcdic('DAPPLE 01'), Buffer.of(0xc2), ebcdic('DPEAR  00'), Buffer.of(0xd3)]);
  assert.deepEqual(readFileSync(join(p.b.receiveRoot, 'orders.ebc')), want);
  assert.equal(p.b.store.logs('rcv', { fileId: 'ORDERS' }).at(-1)!.records, 3);
});

test('a byte that is not a zoned digit fails the send with 505; an unregistered FMTID fails with 501', async () => {
  define(p.a, 'fmt', 'QTYONLY', {}, ['QTY,,4,0,9']);
  writeFileSync(join(p.dirs[0]!, 'bad.dat'), sjis('00120X34'));
  define(p.a, 'snd', 'BADZONE', { FILENAME: join(p.dirs[0]!, 'bad.dat'), GRPID: 'TOB', TRANSTYPE: 'F', FMTID: 'QTYONLY' });
  define(p.b, 'rcv', 'BADZONE', { FILENAME: 'bad.ebc', GRPID: 'FROMA' });
  const bad = await p.a.send({ fileId: 'BADZONE', msgs: {}, sync: true });
  assert.equal(bad.outcomes[0]!.statusCode, 505);
  assert.match(bad.outcomes[0]!.message, /record 2 field QTY: byte 0x58 is not a zoned digit/);
  define(p.a, 'snd', 'NOFMT', { FILENAME: join(p.dirs[0]!, 'bad.dat'), GRPID: 'TOB', TRANSTYPE: 'F', FMTID: 'MISSING' });
  const missing = await p.a.send({ fileId: 'NOFMT', msgs: {}, sync: true });
  assert.deepEqual([missing.outcomes[0]!.statusCode, missing.outcomes[0]!.message], [501, 'format ID MISSING is not registered']);
});
