// The node's local admin endpoint: a Unix socket `<data-dir>/admin.sock` speaking the MFT frame codec (REQUEST →
// RESPONSE, JSON). The HULFT-named commands (utlsend, utllist, …) are thin clients of it.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Channel } from '../../net/transfer/channel.js';
import { FrameType, decodeJson } from '../../net/transfer/frames.js';
import type { Messages } from '../../net/transfer/protocol.js';
import { formatCards, parseCards } from './cards.js';
import { DEF_KINDS, DefinitionError, validate, type DefKind, type Definition } from './definitions.js';
import type { MftNode } from './node.js';

export type AdminErrorKind = 'usage' | 'validation' | 'system';
export type AdminResponse = { ok: true; result: unknown } | { ok: false; kind: AdminErrorKind; message: string };

export function adminSocketPath(dataDir: string): string {
  return join(dataDir, 'admin.sock');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** utligen's ID match: `*` as a prefix or suffix wildcard, case-insensitive (research §2.4). */
export function idMatches(pattern: string, id: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(id);
}

async function dispatch(node: MftNode, op: string, a: Record<string, unknown>): Promise<unknown> {
  const msgs = (a.msgs ?? {}) as Messages;
  switch (op) {
    case 'send':
      return node.send({
        fileId: str(a.fileId) ?? '',
        ...(typeof a.priority === 'number' ? { priority: a.priority } : {}),
        ...(str(a.host) ? { host: str(a.host)! } : {}),
        ...(str(a.group) ? { group: str(a.group)! } : {}),
        ...(str(a.file) ? { file: str(a.file)! } : {}),
        msgs,
        sync: a.sync === true,
      });
    case 'resend': {
      const ids = node.sends.resend({ ...(str(a.host) ? { host: str(a.host)! } : {}), ...(str(a.fileId) ? { fileId: str(a.fileId)! } : {}), restart: a.restart === true });
      return { transferIds: ids, outcomes: a.sync === true ? await node.sends.wait(ids) : [] };
    }
    case 'recv':
      return node.requestSend({ fileId: str(a.fileId) ?? '', ...(str(a.host) ? { host: str(a.host)! } : {}), msgs, sync: a.sync === true, resend: a.resend === true, restart: a.restart === true });
    case 'rjob':
      return node.requestRemoteJob({ host: str(a.host) ?? '', jobId: str(a.jobId) ?? '', sync: a.sync === true });
    case 'sndrc':
      return node.notifyJobResult({
        host: str(a.host) ?? '',
        jobName: str(a.jobName) ?? '',
        returnCode: str(a.returnCode) ?? '0',
        message: str(a.message) ?? '',
        retries: typeof a.retries === 'number' ? a.retries : 0,
        intervalMs: typeof a.intervalMs === 'number' ? a.intervalMs : 1000,
      });
    case 'joblog':
      return node.store.jobLogs();
    case 'sdisp':
      return { running: node.sends.status(), queued: node.sends.pending() };
    case 'rdisp':
      return { running: node.receiveStatus() };
    case 'rcan':
      return { cancelled: node.cancelReceive({ ...(str(a.fileId) ? { fileId: str(a.fileId)! } : {}), ...(str(a.host) ? { host: str(a.host)! } : {}), ...(str(a.transferId) ? { transferId: str(a.transferId)! } : {}), all: a.all === true }) };
    case 'scan':
      return { cancelled: node.sends.cancel({ ...(str(a.fileId) ? { fileId: str(a.fileId)! } : {}), ...(str(a.host) ? { host: str(a.host)! } : {}), ...(str(a.transferId) ? { transferId: str(a.transferId)! } : {}) }) };
    case 'list':
      return node.store.logs(a.side === 'rcv' ? 'rcv' : 'snd', {
        ...(str(a.fileId) ? { fileId: str(a.fileId)!.toUpperCase() } : {}),
        ...(str(a.host) ? { host: str(a.host)! } : {}),
        ...(typeof a.from === 'number' ? { from: a.from } : {}),
        ...(typeof a.to === 'number' ? { to: a.to } : {}),
      });
    case 'iupdt': {
      const defs = parseCards(str(a.cards) ?? '');
      const added: string[] = [];
      const skipped: string[] = [];
      const errors: string[] = [];
      for (const d of defs) {
        try {
          const v = validate(d);
          (node.store.putDef(v, a.replace === true) ? added : skipped).push(`${v.kind}:${v.id}`);
        } catch (e) {
          errors.push(`${d.kind}:${d.id}: ${(e as Error).message}`);
        }
      }
      return { added, skipped, errors };
    }
    case 'igen': {
      const pairs = (a.pairs ?? []) as { kind: string; id: string }[];
      const out: Definition[] = [];
      for (const p of pairs) {
        if (!(DEF_KINDS as readonly string[]).includes(p.kind)) throw new DefinitionError(`-i must be one of ${DEF_KINDS.join(', ')}`);
        for (const d of node.store.listDefs(p.kind as DefKind)) if (idMatches(p.id, d.id) && !out.includes(d)) out.push(d);
      }
      return { cards: formatCards(out), count: out.length };
    }
    case 'def.put':
      return node.store.putDef(validate(a.def as Definition), a.replace !== false);
    case 'def.get':
      return node.def(a.kind as DefKind, str(a.id) ?? '') ?? null;
    case 'def.list':
      return node.store.listDefs(a.kind as DefKind);
    case 'def.delete':
      return node.store.deleteDef(a.kind as DefKind, str(a.id) ?? '');
    default:
      throw new UsageError(`unknown admin operation ${op}`);
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function serveAdmin(node: MftNode, path: string): Promise<Server> {
  rmSync(path, { force: true });
  const srv = createServer((socket) => {
    const ch = new Channel(socket);
    void (async () => {
      try {
        const f = await ch.next();
        const req = decodeJson<{ op?: string; args?: Record<string, unknown> }>(f);
        let res: AdminResponse;
        try {
          res = { ok: true, result: await dispatch(node, String(req.op), req.args ?? {}) };
        } catch (e) {
          const kind: AdminErrorKind = e instanceof DefinitionError ? 'validation' : e instanceof UsageError ? 'usage' : 'system';
          res = { ok: false, kind, message: (e as Error).message };
        }
        await ch.sendJson(FrameType.RESPONSE, res);
        ch.end();
      } catch {
        ch.destroy();
      }
    })();
  });
  return new Promise((res, rej) => {
    srv.once('error', rej);
    srv.listen(path, () => res(srv));
  });
}

/** Sends one admin request; rejects when the node is not running (no socket). */
export async function callAdmin(path: string, op: string, args: Record<string, unknown>, timeoutMs = 0): Promise<AdminResponse> {
  const socket = await new Promise<Socket>((res, rej) => {
    const s = connect(path);
    s.once('connect', () => res(s));
    s.once('error', rej);
  });
  const ch = new Channel(socket, timeoutMs);
  try {
    await ch.sendJson(FrameType.REQUEST, { op, args });
    return decodeJson<AdminResponse>(await ch.next());
  } finally {
    ch.end();
  }
}
