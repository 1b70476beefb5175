// The HULFT-named commands against running nodes: utliupdt then utligen reproduces the cards, utlsend/utlrecv/utllist
// drive real transfers, and the exit codes are 0 / 10 usage / 13 no node / 20 validation / 30 transfer failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:net';
import { adminSocketPath, serveAdmin } from '../../../src/services/mft/admin.js';
import { runMft } from '../../../src/services/mft/cli.js';
import { define, startPair, type Pair } from './mft-support.js';

let p: Pair;
let admins: Server[];

before(async () => {
  p = await startPair('127.0.12.1', '127.0.12.2', { settings: { retrycnt: 0, retrytimeMs: 50, dynparam: 1 } });
  admins = [await serveAdmin(p.a, adminSocketPath(p.dirs[0]!)), await serveAdmin(p.b, adminSocketPath(p.dirs[1]!))];
});
after(async () => {
  for (const s of admins) s.close();
  await p.close();
});

async function run(node: 0 | 1, cmd: string, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMft(cmd, args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { KUMO_MFT_DATA_DIR: p.dirs[node]! } });
  return { code, out, err };
}

const CARDS = `SNDFILE=CARD01
COMMENT=from a card
FILENAME=${'/tmp/kumo-mft-card01.txt'}
TRANSTYPE=T
COMP=3
GRPID=TOB
TRANSPRTY=10
END
JOB=POSTJ
JOB DEF
/bin/true
/bin/echo $FILEID
DEFEND
END
`;

test('utliupdt registers a card file and utligen exports records that reproduce it', async () => {
  const cards = join(p.dirs[0]!, 'in.prm');
  writeFileSync(cards, CARDS);
  assert.equal((await run(0, 'utliupdt', '-f', cards)).code, 0);
  const dup = await run(0, 'utliupdt', '-f', cards);
  assert.equal(dup.code, 20);
  assert.match(dup.err.join('\n'), /skipped snd:CARD01/);
  assert.equal((await run(0, 'utliupdt', '-f', cards, '-r')).code, 0);
  const outFile = join(p.dirs[0]!, 'out.prm');
  assert.equal((await run(0, 'utligen', '-f', outFile, '-i', 'snd', '-id', 'CARD*', '-i', 'job', '-id', 'POSTJ')).code, 0);
  const exported = readFileSync(outFile, 'utf8');
  for (const line of CARDS.trim().split('\n')) assert.ok(exported.split('\n').includes(line), `missing ${line}`);
  // Importing the export into the other node and exporting again gives the same text.
  assert.equal((await run(1, 'utliupdt', '-f', outFile)).code, 0);
  const again = join(p.dirs[1]!, 'again.prm');
  assert.equal((await run(1, 'utligen', '-f', again, '-i', 'snd', '-id', 'card01', '-i', 'job', '-id', 'POSTJ')).code, 0);
  assert.equal(readFileSync(again, 'utf8'), exported);
});

test('utlsend -sync transfers, utllist -s/-r show it with status 0 on both nodes', async () => {
  const src = join(p.dirs[0]!, 'cli.txt');
  writeFileSync(src, 'line1\nline2\n');
  writeFileSync(join(p.dirs[0]!, 'c.prm'), `SNDFILE=CLI01\nFILENAME=${src}\nGRPID=TOB\nKJCHNGE=N\nEND\n`);
  writeFileSync(join(p.dirs[1]!, 'c.prm'), `RCVFILE=CLI01\nFILENAME=cli.txt\nTRANSMODE=R\nEND\n`);
  assert.equal((await run(0, 'utliupdt', '-f', join(p.dirs[0]!, 'c.prm'))).code, 0);
  assert.equal((await run(1, 'utliupdt', '-f', join(p.dirs[1]!, 'c.prm'))).code, 0);
  const sent = await run(0, 'utlsend', '-f', 'CLI01', '-msg0', 'm0', '-sync', '-w', '30');
  assert.equal(sent.code, 0, sent.err.join('\n'));
  assert.match(sent.out.at(-1)!, /^status=0 detail=0/);
  assert.equal(readFileSync(join(p.b.receiveRoot, 'cli.txt'), 'utf8'), 'line1\nline2\n');
  const ls = await run(0, 'utllist', '-s', '-f', 'CLI01');
  assert.equal(ls.out.length, 2);
  assert.match(ls.out[1]!, /CLI01 +nodeb +0 +0 +12 +2 +[0-9a-f]{64}$/);
  const lr = await run(1, 'utllist', '-r', '-f', 'cli01', '-h', 'nodea');
  assert.match(lr.out[1]!, /CLI01 +nodea +0 +0 +12 +2 /);
  const pulled = await run(1, 'utlrecv', '-f', 'CLI01', '-h', 'nodea', '-sync');
  assert.equal(pulled.code, 0, pulled.err.join('\n'));
});

test('exit codes: usage 10, validation 20, transfer failure 30 with status and detail, no node 13', async () => {
  assert.equal((await run(0, 'utlsend')).code, 10);
  assert.equal((await run(0, 'utlsend', '-f', 'X', '-bogus')).code, 10);
  assert.equal((await run(0, 'utllist', '-s', '-r')).code, 10);
  assert.equal((await run(0, 'utlsend', '-f', 'NOSUCH')).code, 20);
  assert.equal((await run(0, 'utlsend', '-f', 'CLI01', '-p', '300')).code, 20);
  assert.equal((await run(0, 'utlsend', '-f', 'CLI01', '-msg0', 'x'.repeat(51))).code, 20);
  writeFileSync(join(p.dirs[0]!, 'bad.prm'), `SNDFILE=BADREMOTE\nFILENAME=${join(p.dirs[0]!, 'cli.txt')}\nGRPID=TOB\nEND\n`);
  assert.equal((await run(0, 'utliupdt', '-f', join(p.dirs[0]!, 'bad.prm'))).code, 0);
  const failed = await run(0, 'utlsend', '-f', 'BADREMOTE', '-sync');
  assert.equal(failed.code, 30);
  assert.match(failed.err.join('\n'), /status=501 detail=0/);
  const none = await runMft('utlsdisp', [], { out: () => undefined, err: () => undefined, env: { KUMO_MFT_DATA_DIR: join(p.dirs[0]!, 'nowhere') } });
  assert.equal(none, 13);
  assert.equal((await run(0, 'utlrcan', '-trid', 'zz')).code, 10);
  assert.equal((await run(0, 'utlsdisp')).code, 0);
});

test('utlrjob -sync runs a job registered on the remote host and prints its RC line', async () => {
  const marker = join(p.dirs[1]!, 'rjob.out');
  define(p.b, 'job', 'RJOB1', {}, [`echo "$JOBID from $HOST" > ${marker}`, 'exit 0']);
  const r = await run(0, 'utlrjob', '-h', 'nodeb', '-j', 'rjob1', '-sync');
  assert.equal(r.code, 0, r.err.join('\n'));
  assert.match(r.out[0]!, /^JOBID=RJOB1 HOST=nodeb DATE=\d{8} STIME=\d{6} ETIME=\d{6} RC=0000$/);
  assert.equal(readFileSync(marker, 'utf8'), 'RJOB1 from nodea\n');
  define(p.b, 'job', 'RJOB2', {}, ['exit 7']);
  const failed = await run(0, 'utlrjob', '-h', 'nodeb', '-j', 'RJOB2', '-sync');
  assert.equal(failed.code, 30);
  assert.match(failed.out[0]!, /RC=0007$/);
});

test('utlrjob is refused by a host that does not permit remote jobs, and an unknown job is 501', async () => {
  define(p.b, 'job', 'RJOB3', {}, ['true']);
  define(p.b, 'hst', 'nodea', { ADDRESS: '127.0.12.1', KCODETYPE: 'S', HULRJOBPERMIT: 'N' });
  try {
    const denied = await run(0, 'utlrjob', '-h', 'nodeb', '-j', 'RJOB3', '-sync');
    assert.equal(denied.code, 30);
    assert.match(denied.err[0]!, /^status=511 .*HULRJOBPERMIT/);
  } finally {
    define(p.b, 'hst', 'nodea', { ADDRESS: '127.0.12.1', KCODETYPE: 'S' });
  }
  const unknown = await run(0, 'utlrjob', '-h', 'nodeb', '-j', 'NOSUCHJOB', '-sync');
  assert.match(unknown.err[0]!, /^status=501 /);
  assert.equal((await run(0, 'utlrjob', '-j', 'X')).code, 10);
});

test('hulsndrc reports a job result that the other host keeps in its job log', async () => {
  const r = await run(1, 'hulsndrc', '-h', 'nodea', '-j', 'NIGHTLY', '-r', '12', '-m', 'done with warnings');
  assert.equal(r.code, 0, r.err.join('\n'));
  const log = p.a.store.jobLogs().find((l) => l.kind === 'result' && l.jobId === 'NIGHTLY');
  assert.deepEqual({ host: log?.host, rc: log?.rc, message: log?.message }, { host: 'nodeb', rc: 12, message: 'done with warnings' });
  assert.equal((await run(1, 'hulsndrc', '-h', 'nodea', '-r', '12345')).code, 10);
});
