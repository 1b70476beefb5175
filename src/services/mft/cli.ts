// HULFT-named commands (utlsend, utlrecv, utllist, …) and `kumo mft serve`: flags as HULFT spells them, talking to a
// node over its admin socket. Exit codes: 0 ok, 10 usage, 13 node unreachable, 20 validation, 30 transfer failed.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminSocketPath, callAdmin, serveAdmin, type AdminResponse } from './admin.js';
import { MftNode, type NodeSettings } from './node.js';
import type { Outcome } from '../../net/transfer/status.js';
import type { LogRow } from './store.js';

export const EXIT = { OK: 0, USAGE: 10, SYSTEM: 13, VALIDATION: 20, TRANSFER: 30 } as const;
export const COMMANDS = ['utlsend', 'utlrecv', 'utllist', 'utlsdisp', 'utlrdisp', 'utlrcan', 'utlscan', 'utliupdt', 'utligen', 'utlrjob', 'hulsndrc'] as const;

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

class Usage extends Error {}

/** Parses `-flag [value]` arguments; `bare` flags take no value. Unknown flags are usage errors. */
export function parseFlags(args: readonly string[], valued: readonly string[], bare: readonly string[]): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    const name = a.replace(/^--?/, '');
    if (bare.includes(name)) flags.set(name, '');
    else if (valued.includes(name)) {
      const v = args[++i];
      if (v === undefined) throw new Usage(`-${name} needs a value`);
      flags.set(name, v);
    } else throw new Usage(`unknown option ${a}`);
  }
  return { flags, rest };
}

const MSG_FLAGS = ['msg0', 'msg1', 'msg2', 'msg3', 'msg4', 'msg5', 'msgl0', 'msgl1'];

function messages(flags: Map<string, string>): Record<string, string> {
  const m: Record<string, string> = {};
  for (const k of MSG_FLAGS) if (flags.has(k)) m[k] = flags.get(k)!;
  return m;
}

function yyyymmdd(v: string | undefined, endOfDay: boolean): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) throw new Usage(`date must be yyyymmdd: ${v}`);
  const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (endOfDay ? 1 : 0)).getTime();
  return t;
}

function fmtTime(t: number): string {
  const d = new Date(t);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function outcomesExit(io: Io, outcomes: Outcome[]): number {
  let code: number = EXIT.OK;
  for (const o of outcomes) {
    const line = `status=${o.statusCode} detail=${o.detailCode} ${o.message}`;
    if (o.statusCode === 0) io.out(line);
    else {
      io.err(line);
      code = EXIT.TRANSFER;
    }
  }
  return code;
}

async function call(io: Io, dataDir: string, op: string, args: Record<string, unknown>, waitSec?: number): Promise<AdminResponse & { exit?: number }> {
  try {
    return await callAdmin(adminSocketPath(dataDir), op, args, waitSec ? waitSec * 1000 : 0);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.name === 'ChannelClosed') return { ok: false, kind: 'system', message: `no result within ${waitSec} s (the transfer goes on)` };
    return { ok: false, kind: 'system', message: `the MFT node at ${dataDir} is not running (${err.code ?? err.message})` };
  }
}

function failExit(io: Io, r: AdminResponse): number | undefined {
  if (r.ok) return undefined;
  io.err(r.message);
  return r.kind === 'validation' ? EXIT.VALIDATION : r.kind === 'usage' ? EXIT.USAGE : EXIT.SYSTEM;
}

async function command(name: string, args: string[], io: Io, dataDir: string): Promise<number> {
  switch (name) {
    case 'utlsend': {
      const { flags, rest } = parseFlags(args, ['f', 'p', 'file', 't', 'h', 'w', ...MSG_FLAGS], ['sync', 'r', 'np']);
      if (flags.has('r')) {
        const r = await call(io, dataDir, 'resend', { host: rest[0], fileId: flags.get('f'), restart: flags.has('np'), sync: flags.has('sync') });
        const f = failExit(io, r);
        if (f !== undefined) return f;
        const res = (r as { result: { transferIds: string[]; outcomes: Outcome[] } }).result;
        io.out(`${res.transferIds.length} resend(s) queued`);
        return outcomesExit(io, res.outcomes);
      }
      if (!flags.has('f') || rest.length > 0) throw new Usage('usage: utlsend -f fileid [-p priority] [-file filename] [-t tgrp | -h hostname] [-msg0..5 msg] [-msgl0..1 msg] [-sync [-w time]]');
      if (flags.has('t') && flags.has('h')) throw new Usage('-t and -h are exclusive');
      const prio = flags.has('p') ? Number(flags.get('p')) : undefined;
      const wait = flags.has('w') ? Number(flags.get('w')) : undefined;
      const r = await call(io, dataDir, 'send', { fileId: flags.get('f'), priority: prio, file: flags.get('file'), group: flags.get('t'), host: flags.get('h'), msgs: messages(flags), sync: flags.has('sync') }, wait);
      const f = failExit(io, r);
      if (f !== undefined) return f;
      const res = (r as { result: { transferIds: string[]; outcomes: Outcome[] } }).result;
      for (const id of res.transferIds) io.out(`queued ${id}`);
      return outcomesExit(io, res.outcomes);
    }
    case 'utlrecv': {
      const { flags, rest } = parseFlags(args, ['f', 'h', 'w', ...MSG_FLAGS], ['sync', 'r', 'np']);
      if (rest.length > 0 || (!flags.has('r') && !flags.has('f'))) throw new Usage('usage: utlrecv -f fileID [-h hostname] [-msg0..5 msg] [-sync [-w time]] | utlrecv -r {[-h hostname] [-f fileID]} [-np]');
      const wait = flags.has('w') ? Number(flags.get('w')) : undefined;
      const r = await call(io, dataDir, 'recv', { fileId: flags.get('f') ?? '', host: flags.get('h'), msgs: messages(flags), sync: flags.has('sync'), resend: flags.has('r'), restart: flags.has('np') }, wait);
      return failExit(io, r) ?? outcomesExit(io, (r as { result: Outcome[] }).result);
    }
    case 'utllist': {
      const { flags } = parseFlags(args, ['f', 'h', 'from', 'to'], ['s', 'r', 'l']);
      if (flags.has('s') === flags.has('r')) throw new Usage('usage: utllist {-s|-r} [-f fileID] [-h hostname] [-from yyyymmdd] [-to yyyymmdd] [-l]');
      const r = await call(io, dataDir, 'list', { side: flags.has('r') ? 'rcv' : 'snd', fileId: flags.get('f'), host: flags.get('h'), from: yyyymmdd(flags.get('from'), false), to: yyyymmdd(flags.get('to'), true) });
      const f = failExit(io, r);
      if (f !== undefined) return f;
      io.out('START               END                 FILEID           HOST             STATUS DETAIL BYTES        RECORDS  TRANSFERID');
      for (const l of (r as { result: LogRow[] }).result) {
        const host = flags.has('l') ? l.host : l.host.slice(0, 16);
        io.out(`${fmtTime(l.start)} ${fmtTime(l.end)} ${l.fileId.padEnd(16)} ${host.padEnd(16)} ${String(l.statusCode).padStart(6)} ${String(l.detailCode).padStart(6)} ${String(l.bytes).padEnd(12)} ${String(l.records).padEnd(8)} ${l.transferId}`);
      }
      return EXIT.OK;
    }
    case 'utlsdisp':
    case 'utlrdisp': {
      parseFlags(args, [], []);
      const r = await call(io, dataDir, name === 'utlsdisp' ? 'sdisp' : 'rdisp', {});
      const f = failExit(io, r);
      if (f !== undefined) return f;
      io.out('HOSTNAME         FILEID           RECORDS  BYTE         TRANSFERID');
      for (const t of (r as { result: { running: { host: string; fileId: string; records: number; bytes: number; transferId: string }[] } }).result.running) {
        io.out(`${t.host.padEnd(16)} ${t.fileId.padEnd(16)} ${String(t.records).padEnd(8)} ${String(t.bytes).padEnd(12)} ${t.transferId}`);
      }
      return EXIT.OK;
    }
    case 'utlrcan':
    case 'utlscan': {
      const { flags } = parseFlags(args, ['f', 'h', 'trid'], ['a']);
      if (flags.size === 0) throw new Usage(`usage: ${name} {[-f fileID] [-h hostname] | -trid transfer-id${name === 'utlrcan' ? ' | -a' : ''}}`);
      if (flags.has('trid') && !/^[0-9a-fA-F]{64}$/.test(flags.get('trid')!)) throw new Usage('-trid must be 64 alphanumeric characters');
      const r = await call(io, dataDir, name === 'utlrcan' ? 'rcan' : 'scan', { fileId: flags.get('f'), host: flags.get('h'), transferId: flags.get('trid')?.toLowerCase(), all: flags.has('a') });
      const f = failExit(io, r);
      if (f !== undefined) return f;
      io.out(`${(r as { result: { cancelled: number } }).result.cancelled} transfer(s) cancelled`);
      return EXIT.OK;
    }
    case 'utliupdt': {
      const { flags } = parseFlags(args, ['f'], ['r']);
      if (!flags.has('f')) throw new Usage('usage: utliupdt -f paramfile [-r]');
      let cards: string;
      try {
        cards = readFileSync(resolve(flags.get('f')!), 'utf8');
      } catch {
        io.err(`cannot read ${flags.get('f')}`);
        return EXIT.SYSTEM;
      }
      const r = await call(io, dataDir, 'iupdt', { cards, replace: flags.has('r') });
      const f = failExit(io, r);
      if (f !== undefined) return f;
      const res = (r as { result: { added: string[]; skipped: string[]; errors: string[] } }).result;
      for (const a of res.added) io.out(`registered ${a}`);
      for (const s of res.skipped) io.err(`skipped ${s}: already registered (use -r to replace)`);
      for (const e of res.errors) io.err(`error ${e}`);
      return res.errors.length > 0 || res.skipped.length > 0 ? EXIT.VALIDATION : EXIT.OK;
    }
    case 'utligen': {
      let file: string | undefined;
      const pairs: { kind: string; id: string }[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        const v = args[i + 1];
        if (v === undefined) throw new Usage(`${a} needs a value`);
        if (a === '-f') file = v;
        else if (a === '-i') pairs.push({ kind: v, id: '' });
        else if (a === '-id' && pairs.length > 0 && pairs.at(-1)!.id === '') pairs.at(-1)!.id = v;
        else throw new Usage(`unexpected ${a}`);
        i++;
      }
      if (!file || pairs.length === 0 || pairs.some((p) => p.id === '')) throw new Usage('usage: utligen -f file -i {snd|rcv|job|hst|tgrp} -id ID [-i … -id …]');
      const r = await call(io, dataDir, 'igen', { pairs });
      const f = failExit(io, r);
      if (f !== undefined) return f;
      const res = (r as { result: { cards: string; count: number } }).result;
      writeFileSync(resolve(file), res.cards);
      io.out(`${res.count} record(s) written to ${file}`);
      return EXIT.OK;
    }
    case 'utlrjob': {
      // utlrjob -h hostname -j jobid [-sync [-w time]] (research §2.3; -o output capture is not kept).
      const { flags, rest } = parseFlags(args, ['h', 'j', 'w'], ['sync']);
      if (rest.length > 0 || !flags.has('h') || !flags.has('j')) throw new Usage('usage: utlrjob -h hostname -j jobid [-sync [-w time]]');
      const wait = flags.has('w') ? Number(flags.get('w')) : undefined;
      if (wait !== undefined && !(Number.isInteger(wait) && wait >= 10 && wait <= 259200)) throw new Usage('-w must be 10 to 259200 seconds');
      const r = await call(io, dataDir, 'rjob', { host: flags.get('h'), jobId: flags.get('j'), sync: flags.has('sync') }, wait);
      const f = failExit(io, r);
      if (f !== undefined) return f;
      const o = (r as { result: Outcome }).result;
      if (o.statusCode !== 0) return outcomesExit(io, [o]);
      io.out(o.message);
      return o.detailCode === 0 ? EXIT.OK : EXIT.TRANSFER;
    }
    case 'hulsndrc': {
      // hulsndrc [-h hostname] [-j jobname] [-r returncode] [-m message] [-i retrytime] [-c retrycount]; in a job
      // HULFT started, -h defaults to the $HOST it was started for.
      const { flags, rest } = parseFlags(args, ['h', 'j', 'r', 'm', 'i', 'c'], []);
      const host = flags.get('h') ?? io.env['HOST'];
      const rc = flags.get('r') ?? '0';
      const msg = flags.get('m') ?? '';
      if (rest.length > 0 || !host) throw new Usage('usage: hulsndrc [-h hostname] {[-j jobname] [-r returncode] [-m message]} [-i retrytime] [-c retrycount]');
      if (rc.length > 4) throw new Usage('-r is at most 4 characters');
      if (Buffer.byteLength(msg) > 128) throw new Usage('-m is at most 128 bytes');
      const retries = Number(flags.get('c') ?? 0);
      const interval = Number(flags.get('i') ?? 1);
      if (!Number.isInteger(retries) || retries < 0 || !Number.isInteger(interval) || interval < 0) throw new Usage('-c and -i take whole numbers');
      const r = await call(io, dataDir, 'sndrc', { host, jobName: flags.get('j') ?? io.env['JOBID'] ?? '', returnCode: rc, message: msg, retries, intervalMs: interval * 1000 });
      return failExit(io, r) ?? outcomesExit(io, [(r as { result: Outcome }).result]);
    }
    default:
      throw new Usage(`unknown command ${name}; commands: ${COMMANDS.join(', ')}, serve`);
  }
}

async function serve(args: string[], io: Io): Promise<number> {
  const { flags } = parseFlags(args, ['node', 'address', 'port', 'obs-port', 'data-dir', 'receive-root', 'code-set', 'line-end', 'setting'], []);
  const name = flags.get('node');
  const dataDir = flags.get('data-dir');
  if (!name || !dataDir) throw new Usage('usage: kumo mft serve --node NAME --data-dir DIR [--address 127.0.10.1] [--port 30000] [--obs-port 31000] [--code-set 8] [--line-end LF]');
  const settings: Partial<NodeSettings> = {};
  for (const kv of (flags.get('setting') ?? '').split(',').filter(Boolean)) {
    const [k, v] = kv.split('=');
    if (!k || v === undefined || !/^\d+$/.test(v)) throw new Usage(`--setting takes key=number pairs: ${kv}`);
    (settings as Record<string, number>)[k] = Number(v);
  }
  const node = new MftNode({
    name,
    address: flags.get('address') ?? '127.0.0.1',
    ...(flags.has('port') ? { port: Number(flags.get('port')) } : {}),
    ...(flags.has('obs-port') ? { obsPort: Number(flags.get('obs-port')) } : {}),
    dataDir: resolve(dataDir),
    ...(flags.has('receive-root') ? { receiveRoot: flags.get('receive-root')! } : {}),
    ...(flags.has('code-set') ? { codeSet: flags.get('code-set')! } : {}),
    ...(flags.get('line-end') === 'CRLF' ? { lineEnd: 'CRLF' as const } : {}),
    settings,
  });
  await node.start();
  const admin = await serveAdmin(node, adminSocketPath(resolve(dataDir)));
  io.out(`mft node ${name} receiving on ${node.address}:${node.port}, observing on ${node.obsPort}, admin ${adminSocketPath(resolve(dataDir))}`);
  await new Promise<void>((res) => {
    process.once('SIGTERM', res);
    process.once('SIGINT', res);
  });
  admin.close();
  await node.stop();
  return EXIT.OK;
}

/** Runs one command (`serve` or a HULFT name); never throws. */
export async function runMft(name: string, args: string[], io: Io): Promise<number> {
  try {
    if (name === 'serve') return await serve(args, io);
    if (name === 'identity') return await (await import('./identity-cli.js')).identityCommand(args, io);
    const i = args.indexOf('--data-dir');
    let dataDir = io.env.KUMO_MFT_DATA_DIR;
    if (i >= 0) {
      dataDir = args[i + 1];
      args = [...args.slice(0, i), ...args.slice(i + 2)];
    }
    if (!dataDir) throw new Usage('set KUMO_MFT_DATA_DIR (or pass --data-dir) to the data directory of a running node');
    return await command(name, args, io, resolve(dataDir));
  } catch (e) {
    if (e instanceof Usage) {
      io.err(e.message);
      return EXIT.USAGE;
    }
    io.err(`${(e as Error).message}`);
    return EXIT.SYSTEM;
  }
}
