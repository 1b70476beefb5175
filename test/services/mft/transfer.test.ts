// Two MFT nodes on 127.0.10.1 and 127.0.10.2 transfer over real loopback TCP: code conversion byte-checked, binary
// round trips per compression and cipher, key mismatch, receive cap 516, path escape, pull, jobs and bad frames.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { define, startPair, type Pair } from './mft-support.js';
import { encodeFrame, FrameType } from '../../../src/net/transfer/frames.js';
import { packageRoot } from '../../../src/core/package-root.js';

const A = '127.0.10.1';
const B = '127.0.10.2';
let p: Pair;

before(async () => {
  p = await startPair(A, B, { codeSet: 'S' });
});
after(async () => {
  await p.close();
});

function src(name: string, data: Buffer): string {
  const path = join(p.dirs[0]!, name);
  writeFileSync(path, data);
  return path;
}

test('Shift_JIS text from node A arrives as UTF-8 on node B, every byte checked, CRLF normalised to LF', async () => {
  const text = '日本語のレコード１行目\r\nＨＵＬＦＴ　転送テスト\r\n半角ｶﾅ and ASCII\r\n'.repeat(3000);
  define(p.a, 'snd', 'SJIS01', { FILENAME: src('sjis.txt', iconv.encode(text, 'shift_jis')), GRPID: 'TOB', TRANSTYPE: 'T', KJCHNGE: 'S', BLOCKLEN: '4096' });
  define(p.b, 'rcv', 'SJIS01', { FILENAME: 'in/sjis-utf8.txt', GRPID: 'FROMA' });
  const r = await p.a.send({ fileId: 'SJIS01', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
  const got = readFileSync(join(p.b.receiveRoot, 'in/sjis-utf8.txt'));
  assert.deepEqual(got, Buffer.from(text.replaceAll('\r\n', '\n'), 'utf8'));
  const log = p.b.store.logs('rcv', { fileId: 'SJIS01' }).at(-1)!;
  assert.equal(log.statusCode, 0);
  assert.equal(log.records, 9000);
  assert.equal(log.codeConv, 'S');
  assert.match(log.transferId, /^[0-9a-f]{64}$/);
});

test('Text for an IBM Kanji host (KCODETYPE I) arrives as IBM-939 EBCDIC, byte for byte as the JDK encodes it', async () => {
  // The same node B, registered on A a second time as a mainframe host whose code set is IBM Kanji.
  define(p.a, 'hst', 'mainframe', { ADDRESS: B, KCODETYPE: 'I' });
  define(p.a, 'tgrp', 'TOMF', {}, ['mainframe']);
  const sample = readFileSync(join(packageRoot(), 'test', 'fixtures', 'ebcdic', 'sample.txt'), 'utf8');
  define(p.a, 'snd', 'EBCDIC1', { FILENAME: src('mf.txt', iconv.encode(sample.replaceAll('\n', '\r\n'), 'shift_jis')), GRPID: 'TOMF', TRANSTYPE: 'T', KJCHNGE: 'S' });
  define(p.b, 'rcv', 'EBCDIC1', { FILENAME: 'mf.ebcdic', GRPID: 'FROMA' });
  const r = await p.a.send({ fileId: 'EBCDIC1', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
  assert.deepEqual(readFileSync(join(p.b.receiveRoot, 'mf.ebcdic')), readFileSync(join(packageRoot(), 'test', 'fixtures', 'ebcdic', 'sample.ibm-939.bin')));
  assert.equal(p.b.store.logs('rcv', { fileId: 'EBCDIC1' }).at(-1)!.records, 2);
});

test('GENCTL=Y keeps each received file as the next generation instead of replacing it', async () => {
  define(p.a, 'snd', 'GEN1', { FILENAME: src('gen.bin', Buffer.from('first')), GRPID: 'TOB', TRANSTYPE: 'B' });
  define(p.b, 'rcv', 'GEN1', { FILENAME: 'gen/daily.dat', GENCTL: 'Y' });
  for (const body of ['first', 'second']) {
    writeFileSync(join(p.dirs[0]!, 'gen.bin'), body);
    const r = await p.a.send({ fileId: 'GEN1', msgs: {}, sync: true });
    assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
  }
  assert.deepEqual(readdirSync(join(p.b.receiveRoot, 'gen')).filter((n) => !n.startsWith('.')).sort(), ['daily.dat.g0001', 'daily.dat.g0002']);
  assert.equal(readFileSync(join(p.b.receiveRoot, 'gen', 'daily.dat.g0002'), 'utf8'), 'second');
});

test('receiving-side conversion (KJCHNGE=R) converts on node B into its local code set', async () => {
  const text = '受信側変換\nテスト\n';
  define(p.a, 'snd', 'RCONV', { FILENAME: src('r.txt', iconv.encode(text, 'shift_jis')), GRPID: 'TOB', KJCHNGE: 'R' });
  define(p.b, 'rcv', 'RCONV', { FILENAME: 'rconv.txt', TRANSMODE: 'R' });
  const r = await p.a.send({ fileId: 'RCONV', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
  assert.deepEqual(readFileSync(join(p.b.receiveRoot, 'rconv.txt')), Buffer.from(text, 'utf8'));
  assert.equal(p.b.store.logs('rcv', { fileId: 'RCONV' }).at(-1)!.codeConv, 'R');
});

const data = Buffer.concat([randomBytes(300_000), Buffer.alloc(200_000, 0x41), randomBytes(77_777)]);
for (const [comp, password] of [
  ['N', ''],
  ['1', ''],
  ['2', ''],
  ['3', ''],
  ['Z', ''],
  ['N', 'secret123'],
  ['Z', 'a'.repeat(64)],
] as const) {
  test(`binary round trip with COMP=${comp}${password ? ` and AES-256-GCM (${password.length === 64 ? 'strong key' : 'password'})` : ''} is byte-identical`, async () => {
    const id = `BIN_${comp}_${password.length}`;
    define(p.a, 'snd', id, { FILENAME: src(`${id}.bin`, data), GRPID: 'TOB', TRANSTYPE: 'B', COMP: comp, COMPSIZE: '512', BLOCKLEN: '16384', BLOCKCNT: '2', ...(password ? { PASSWORD: password } : {}) });
    define(p.b, 'rcv', id, { FILENAME: `bin/${id}.bin`, DATAVERIFY: '1', ...(password ? { PASSWORD: password } : {}) });
    const r = await p.a.send({ fileId: id, msgs: {}, sync: true });
    assert.equal(r.outcomes[0]!.statusCode, 0, r.outcomes[0]!.message);
    assert.deepEqual(readFileSync(join(p.b.receiveRoot, 'bin', `${id}.bin`)), data);
    const s = p.a.store.logs('snd', { fileId: id }).at(-1)!;
    const rl = p.b.store.logs('rcv', { fileId: id }).at(-1)!;
    assert.equal(s.sha256, rl.sha256);
    assert.equal(rl.comp, comp);
    assert.equal(rl.cipher, password ? 'AES' : 'NONE');
  });
}

test('a wrong password fails with 503 on both sides and leaves no file', async () => {
  define(p.a, 'snd', 'BADKEY', { FILENAME: src('k.bin', randomBytes(1000)), GRPID: 'TOB', TRANSTYPE: 'B', PASSWORD: 'password1' });
  define(p.b, 'rcv', 'BADKEY', { FILENAME: 'badkey.bin', PASSWORD: 'password2', ABNORMAL: 'K' });
  const r = await p.a.send({ fileId: 'BADKEY', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 503);
  assert.equal(p.a.store.logs('snd', { fileId: 'BADKEY' }).at(-1)!.statusCode, 503);
  assert.equal(p.b.store.logs('rcv', { fileId: 'BADKEY' }).at(-1)!.statusCode, 503);
  assert.equal(existsSync(join(p.b.receiveRoot, 'badkey.bin')), false);
  assert.deepEqual(readdirSync(p.b.receiveRoot).filter((n) => n.endsWith('.mftpart')), []);
  assert.equal(p.a.sends.pending().some((q) => q.fileId === 'BADKEY' && q.state === 'resend'), true);
});

test('an unregistered file ID is refused with 501 and logged on the receiver', async () => {
  define(p.a, 'snd', 'NORMI', { FILENAME: src('n.txt', Buffer.from('x\n')), GRPID: 'TOB' });
  const r = await p.a.send({ fileId: 'NORMI', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 501);
  assert.equal(p.b.store.logs('rcv', { fileId: 'NORMI' }).at(-1)!.statusCode, 501);
});

test('a receive path that escapes the receive directory is refused with 507 and nothing is written', async () => {
  define(p.a, 'snd', 'ESCAPE', { FILENAME: src('esc.txt', Buffer.from('x\n')), GRPID: 'TOB' });
  define(p.b, 'rcv', 'ESCAPE', { FILENAME: '../../outside-$SNDFILE' });
  const r = await p.a.send({ fileId: 'ESCAPE', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 507);
  assert.equal(existsSync(join(p.b.receiveRoot, '../../outside-esc.txt')), false);
});

test('a sender outside the RMI transfer group is refused with 502', async () => {
  define(p.b, 'tgrp', 'OTHERS', {}, ['someone']);
  define(p.a, 'snd', 'GRPCHK', { FILENAME: src('g.txt', Buffer.from('x\n')), GRPID: 'TOB' });
  define(p.b, 'rcv', 'GRPCHK', { FILENAME: 'g.txt', GRPID: 'OTHERS' });
  const r = await p.a.send({ fileId: 'GRPCHK', msgs: {}, sync: true });
  assert.equal(r.outcomes[0]!.statusCode, 502);
});

test('TRANSMODE=N refuses an existing file with 508; R replaces it; M appends', async () => {
  writeFileSync(join(p.b.receiveRoot, 'mode.txt'), 'old\n');
  define(p.a, 'snd', 'MODE', { FILENAME: src('mode.txt', Buffer.from('new\n')), GRPID: 'TOB' });
  define(p.b, 'rcv', 'MODE', { FILENAME: 'mode.txt', TRANSMODE: 'N' });
  assert.equal((await p.a.send({ fileId: 'MODE', msgs: {}, sync: true })).outcomes[0]!.statusCode, 508);
  define(p.b, 'rcv', 'MODE', { FILENAME: 'mode.txt', TRANSMODE: 'M' });
  assert.equal((await p.a.send({ fileId: 'MODE', msgs: {}, sync: true })).outcomes[0]!.statusCode, 0);
  assert.equal(readFileSync(join(p.b.receiveRoot, 'mode.txt'), 'utf8'), 'old\nnew\n');
  define(p.b, 'rcv', 'MODE', { FILENAME: 'mode.txt', TRANSMODE: 'R' });
  assert.equal((await p.a.send({ fileId: 'MODE', msgs: {}, sync: true })).outcomes[0]!.statusCode, 0);
  assert.equal(readFileSync(join(p.b.receiveRoot, 'mode.txt'), 'utf8'), 'new\n');
});

test('the receive multiplex level refuses the transfer over the cap with 516', async () => {
  p.b.settings.rcvpsnum = 1;
  try {
    define(p.a, 'snd', 'SLOW', { FILENAME: src('slow.bin', randomBytes(64 * 1024)), GRPID: 'TOB', TRANSTYPE: 'B', BLOCKLEN: '1024', INTERVAL: '20' });
    define(p.b, 'rcv', 'SLOW', { FILENAME: 'slow.bin', TRANSMODE: 'R' });
    define(p.a, 'snd', 'OVER', { FILENAME: src('over.bin', randomBytes(10)), GRPID: 'TOB', TRANSTYPE: 'B' });
    define(p.b, 'rcv', 'OVER', { FILENAME: 'over.bin', TRANSMODE: 'R' });
    const slow = p.a.send({ fileId: 'SLOW', msgs: {}, sync: true });
    while (p.b.receiveStatus().length === 0) await new Promise((r) => setImmediate(r));
    const over = await p.a.send({ fileId: 'OVER', msgs: {}, sync: true });
    assert.equal(over.outcomes[0]!.statusCode, 516);
    assert.equal(p.b.store.logs('rcv', { fileId: 'OVER' }).at(-1)!.statusCode, 516);
    assert.equal((await slow).outcomes[0]!.statusCode, 0);
  } finally {
    p.b.settings.rcvpsnum = 0;
  }
});

test('a receiver-initiated send request pulls the file, and the post-receive job sees its variables', async () => {
  const out = join(p.dirs[1]!, 'job-env.txt');
  define(p.a, 'snd', 'PULL', { FILENAME: src('pull.txt', Buffer.from('pulled\n')), GRPID: 'TOB' });
  define(p.b, 'job', 'RJOB', {}, [`printf '%s|%s|%s|%s' "$FILEID" "$HOST" "$MSG0" "$FILENM" > ${out}`]);
  define(p.b, 'rcv', 'PULL', { FILENAME: 'pull.txt', GRPID: 'FROMA', JOBID: 'RJOB', JOBWAIT: 'J', TRANSMODE: 'R' });
  const res = await p.b.requestSend({ fileId: 'PULL', msgs: { msg0: 'hello' }, sync: true });
  assert.equal(res[0]!.statusCode, 0, res[0]!.message);
  assert.equal(readFileSync(join(p.b.receiveRoot, 'pull.txt'), 'utf8'), 'pulled\n');
  assert.equal(readFileSync(out, 'utf8'), `PULL|nodea|hello|${join(p.b.receiveRoot, 'pull.txt')}`);
});

test('a send request from a host with SENDPERMIT=N is refused with 511', async () => {
  define(p.a, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: '8', SENDPERMIT: 'N' });
  try {
    const res = await p.b.requestSend({ fileId: 'PULL', msgs: {}, sync: true });
    assert.equal(res[0]!.statusCode, 511);
  } finally {
    define(p.a, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: '8' });
  }
});

test('a frame with an unknown type is logged as 506, the connection closes and the node keeps serving', async () => {
  const before = p.b.store.logs('rcv', {}).length;
  await new Promise<void>((resolve) => {
    const s = connect({ host: B, port: 30000 }, () => s.write(encodeFrame(42 as typeof FrameType.DATA, Buffer.from('x'))));
    s.on('data', () => undefined);
    s.on('close', () => resolve());
  });
  const logs = p.b.store.logs('rcv', {});
  assert.equal(logs.length, before + 1);
  assert.equal(logs.at(-1)!.statusCode, 506);
  define(p.a, 'snd', 'AFTER', { FILENAME: src('after.txt', Buffer.from('still\n')), GRPID: 'TOB' });
  define(p.b, 'rcv', 'AFTER', { FILENAME: 'after.txt', TRANSMODE: 'R' });
  assert.equal((await p.a.send({ fileId: 'AFTER', msgs: {}, sync: true })).outcomes[0]!.statusCode, 0);
});

test('parallel sends honour sndpsnum and HOSTSPSNUM, and queued sends start by priority', async () => {
  p.a.settings.sndpsnum = 3;
  define(p.a, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: '8', HOSTSPSNUM: '2' });
  try {
    define(p.b, 'rcv', 'PAR', { FILENAME: 'par/$SNDFILE', TRANSMODE: 'R' });
    const sends = [];
    for (let i = 0; i < 20; i++) {
      define(p.a, 'snd', 'PAR', { FILENAME: src('par.bin', randomBytes(4096)), GRPID: 'TOB', TRANSTYPE: 'B', BLOCKLEN: '1024', INTERVAL: '2' });
      sends.push(p.a.send({ fileId: 'PAR', msgs: {}, sync: true }));
    }
    let peak = 0;
    let settled = false;
    const all = Promise.all(sends).finally(() => (settled = true));
    while (!settled) {
      peak = Math.max(peak, p.a.sends.status().length);
      await new Promise((r) => setImmediate(r));
    }
    assert.ok((await all).every((r) => r.outcomes[0]!.statusCode === 0));
    assert.equal(peak, 2, 'the per-host cap (2) is below sndpsnum (3) and is reached');

    p.a.settings.sndpsnum = 1;
    define(p.a, 'snd', 'BLOCKER', { FILENAME: src('blocker.bin', randomBytes(8192)), GRPID: 'TOB', TRANSTYPE: 'B', BLOCKLEN: '1024', INTERVAL: '5' });
    define(p.b, 'rcv', 'BLOCKER', { FILENAME: 'blocker.bin', TRANSMODE: 'R' });
    const order: string[] = [];
    const blocker = p.a.send({ fileId: 'BLOCKER', msgs: {}, sync: true });
    const prios = [['P50', 50], ['P1', 1], ['P10', 10]] as const;
    const queued = prios.map(([id, prio]) => {
      define(p.a, 'snd', id, { FILENAME: src(`${id}.txt`, Buffer.from(`${id}\n`)), GRPID: 'TOB' });
      define(p.b, 'rcv', id, { FILENAME: `${id}.txt`, TRANSMODE: 'R' });
      return p.a.send({ fileId: id, priority: prio, msgs: {}, sync: true }).then(() => order.push(id));
    });
    await blocker;
    await Promise.all(queued);
    assert.deepEqual(order, ['P1', 'P10', 'P50']);
  } finally {
    p.a.settings.sndpsnum = 10;
    define(p.a, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: '8' });
  }
});
