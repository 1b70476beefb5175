// MFT loopback throughput: a file (1 GiB by default, KUMO_BENCH_MFT_MIB) sent between two `mft serve` processes,
// plain and with AES-256-GCM, against a raw node:net copy of the same file in the same run; peak RSS of both nodes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { cpuMs, rssMiB } from '../harness.js';
import { adminSocketPath, callAdmin } from '../../src/services/mft/admin.js';
import type { Scenario } from '../scenario.js';

const A = '127.0.13.1';
const B = '127.0.13.2';

function serveNode(name: string, address: string, dir: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['dist/src/services/mft/bin.js', 'serve', '--node', name, '--address', address, '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    c.stdout.once('data', () => resolve(c));
    c.once('exit', (code) => reject(new Error(`mft serve exited with ${code}`)));
  });
}

async function put(dir: string, kind: string, id: string, fields: Record<string, string>, list: string[] = []): Promise<void> {
  const r = await callAdmin(adminSocketPath(dir), 'def.put', { def: { kind, id, fields, list } });
  if (!r.ok) throw new Error(r.message);
}

async function rawCopy(src: string, dst: string): Promise<number> {
  const srv = createServer((s) => void pipeline(s, createWriteStream(dst)).then(() => srv.emit('copied')));
  await new Promise<void>((r) => srv.listen(0, B, r));
  const port = (srv.address() as { port: number }).port;
  const t0 = process.hrtime.bigint();
  const done = new Promise((r) => srv.once('copied', r));
  const sock = connect({ host: B, port });
  await pipeline(createReadStream(src, { highWaterMark: 1 << 16 }), sock);
  await done;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  srv.close();
  return ms;
}

export const mftThroughput: Scenario = {
  name: 'mft',
  async run() {
    const mib = Number(process.env.KUMO_BENCH_MFT_MIB ?? 1024);
    const root = mkdtempSync(join(tmpdir(), 'kumo-bench-mft-'));
    const dirA = join(root, 'a');
    const dirB = join(root, 'b');
    const src = join(root, 'src.bin');
    const fd = openSync(src, 'w');
    const chunk = randomBytes(1 << 20);
    for (let i = 0; i < mib; i++) writeSync(fd, chunk);
    closeSync(fd);
    const bytes = mib * (1 << 20);
    const lines: string[] = [];
    const a = await serveNode('nodea', A, dirA);
    const b = await serveNode('nodeb', B, dirB);
    try {
      await put(dirA, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: '8' });
      await put(dirA, 'tgrp', 'TOB', {}, ['nodeb']);
      await put(dirB, 'hst', 'nodea', { ADDRESS: A });
      const rates: Record<string, number> = {};
      rates.raw = bytes / (await rawCopy(src, join(root, 'raw.bin'))) / 1048.576;
      rmSync(join(root, 'raw.bin'));
      lines.push(`raw node:net copy ${mib} MiB                 ${rates.raw.toFixed(0)} MiB/s`);
      for (const [label, extra] of [
        ['plain', {}],
        ['AES-256-GCM', { PASSWORD: 'benchpass1' }],
      ] as const) {
        const id = label === 'plain' ? 'PLAIN' : 'AES';
        await put(dirA, 'snd', id, { FILENAME: src, GRPID: 'TOB', TRANSTYPE: 'B', BLOCKLEN: '65520', ...extra });
        await put(dirB, 'rcv', id, { FILENAME: `${id}.bin`, TRANSMODE: 'R', ...extra });
        let peakA = rssMiB(a.pid!);
        let peakB = rssMiB(b.pid!);
        const rssStart = Math.max(peakA, peakB);
        const sampler = setInterval(() => {
          peakA = Math.max(peakA, rssMiB(a.pid!));
          peakB = Math.max(peakB, rssMiB(b.pid!));
        }, 100);
        const cpu0 = cpuMs(a.pid!) + cpuMs(b.pid!);
        const t0 = process.hrtime.bigint();
        const r = await callAdmin(adminSocketPath(dirA), 'send', { fileId: id, msgs: {}, sync: true });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearInterval(sampler);
        const cpu = cpuMs(a.pid!) + cpuMs(b.pid!) - cpu0;
        const o = r.ok ? (r.result as { outcomes: { statusCode: number; message: string }[] }).outcomes[0]! : { statusCode: -1, message: r.message };
        if (o.statusCode !== 0) throw new Error(`${label} transfer failed: ${o.statusCode} ${o.message}`);
        rates[label] = bytes / ms / 1048.576;
        lines.push(
          `mft ${label.padEnd(12)} ${mib} MiB           ${rates[label].toFixed(0)} MiB/s = ${((rates[label] / rates.raw) * 100).toFixed(0)} % of raw; ` +
            `CPU ${(cpu / mib).toFixed(1)} ms/MiB (both nodes); peak RSS sender ${peakA.toFixed(0)} MiB, receiver ${peakB.toFixed(0)} MiB (start ${rssStart.toFixed(0)})`,
        );
        rmSync(join(dirB, 'files', `${id}.bin`), { force: true });
      }
    } finally {
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      rmSync(root, { recursive: true, force: true });
    }
    return lines;
  },
};
