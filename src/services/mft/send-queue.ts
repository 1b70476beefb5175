// The send system (HULFT hulsndd): a persistent queue ordered by priority (1 highest) under the per-system (sndpsnum)
// and per-host (HOSTSPSNUM) multiplex caps; failures go to the resend queue with their checkpoint for utlsend -r.
import { truncate, unlink } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { sendFile, newTransferId, type SendOutcome } from '../../net/transfer/sender.js';
import { Status, TransferError, outcomeOf, type Outcome } from '../../net/transfer/status.js';
import { parseS3Uri } from './object-storage.js';
import { MSG_KEYS, type Messages, type TransType } from '../../net/transfer/protocol.js';
import { layoutFor } from './formats.js';
import type { CompMethod } from '../../net/transfer/compress.js';
import { DefinitionError } from './definitions.js';
import type { MftNode } from './node.js';
import type { QueueRow } from './store.js';

export interface SendArgs {
  fileId: string;
  priority?: number;
  host?: string;
  group?: string;
  file?: string;
  msgs: Messages;
  sync: boolean;
  /** Set for sends the node starts itself (send requests): host overrides need no dynparam. */
  trusted?: boolean;
}

export interface SendResult {
  transferIds: string[];
  /** Final outcomes, in transferIds order, when sync. */
  outcomes: Outcome[];
}

interface Running {
  row: QueueRow;
  abort: AbortController;
  bytes: number;
  records: number;
}

export function validateMessages(msgs: Messages): void {
  for (const [k, v] of Object.entries(msgs)) {
    if (!(MSG_KEYS as readonly string[]).includes(k)) throw new DefinitionError(`unknown message ${k}`);
    const max = k.startsWith('msgl') ? 200 : 50;
    if (typeof v !== 'string' || Buffer.byteLength(v) > max) throw new DefinitionError(`-${k} must be at most ${max} bytes`);
  }
}

export class SendQueue {
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Map<string, ((o: Outcome) => void)[]>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly node: MftNode) {}

  async send(args: SendArgs): Promise<SendResult> {
    const smi = this.node.requireDef('snd', args.fileId, 'send file ID');
    if (args.priority !== undefined && (!Number.isInteger(args.priority) || args.priority < 1 || args.priority > 256)) {
      throw new DefinitionError('priority must be an integer in 1–256');
    }
    if ((args.host || args.group || args.file) && !args.trusted && this.node.settings.dynparam !== 1) {
      throw new DefinitionError('-file, -t and -h need the system setting dynparam=1');
    }
    if (args.file !== undefined && Buffer.byteLength(args.file) > 200) throw new DefinitionError('-file must be at most 200 bytes');
    validateMessages(args.msgs);
    const hosts = args.host ? [args.host] : this.node.requireDef('tgrp', args.group ?? smi.fields.GRPID!, 'transfer group').list;
    if (smi.fields.PREJOBID) {
      const rc = await this.node.runJob(smi.fields.PREJOBID, 'pre-send', this.node.jobVars(smi.id, hosts.join(','), smi.fields.FILENAME!, args.msgs, Date.now(), { statusCode: 0, detailCode: 0, message: '' }));
      if (rc !== 0) {
        const o = { statusCode: Status.PRESEND_JOB_FAILED, detailCode: rc, message: `pre-send job ${smi.fields.PREJOBID} ended with ${rc}` };
        for (const h of hosts) this.log({ transferId: newTransferId(), fileId: smi.id, host: h } as QueueRow, args.file ?? smi.fields.FILENAME!, Date.now(), o);
        return { transferIds: [], outcomes: hosts.map(() => o) };
      }
    }
    const ids: string[] = [];
    for (const host of hosts) {
      const id = newTransferId();
      this.node.store.enqueue({
        transferId: id,
        fileId: smi.id,
        host,
        priority: args.priority ?? Number(smi.fields.TRANSPRTY),
        state: 'queued',
        msgs: { ...(args.msgs as Record<string, string>), ...(args.file ? { $file: args.file } : {}) },
        chainId: id,
        srcOffset: 0,
        wireOffset: 0,
        records: 0,
        resume: 0,
        attempts: 0,
      });
      ids.push(id);
    }
    const done = args.sync ? this.wait(ids) : undefined;
    this.pump();
    return { transferIds: ids, outcomes: done ? await done : [] };
  }

  wait(ids: readonly string[]): Promise<Outcome[]> {
    return Promise.all(ids.map((id) => new Promise<Outcome>((res) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), res]))));
  }

  /** utlsend -r: moves matching resend-queue entries back to the send queue; restart (-np) drops the checkpoint. */
  resend(f: { host?: string; fileId?: string; restart: boolean }): string[] {
    const ids: string[] = [];
    for (const row of this.node.store.queue()) {
      if (row.state !== 'resend' || (f.host && row.host !== f.host) || (f.fileId && row.fileId !== f.fileId.toUpperCase())) continue;
      Object.assign(row, { state: 'queued', resume: f.restart ? 0 : 1 });
      if (f.restart) Object.assign(row, { srcOffset: 0, wireOffset: 0, records: 0, chainId: newTransferId() });
      this.node.store.updateQueue(row);
      ids.push(row.transferId);
    }
    this.pump();
    return ids;
  }

  /** After a restart: transfers that were running when the node died wait in the resend queue. */
  recover(): void {
    for (const row of this.node.store.queue()) {
      if (row.state === 'running') this.node.store.updateQueue({ ...row, state: 'resend', resume: 1 });
    }
    this.pump();
  }

  status(): { transferId: string; fileId: string; host: string; bytes: number; records: number }[] {
    return [...this.running.values()].map((r) => ({ transferId: r.row.transferId, fileId: r.row.fileId, host: r.row.host, bytes: r.bytes, records: r.records }));
  }

  /** Queue and resend-queue entries not running now. */
  pending(): QueueRow[] {
    return this.node.store.queue().filter((r) => !this.running.has(r.transferId));
  }

  /** utlscan: cancels running and queued sends matching the filter; each ends with status 230. */
  cancel(f: { fileId?: string; host?: string; transferId?: string }): number {
    let n = 0;
    for (const row of this.node.store.queue()) {
      const match = f.transferId ? row.transferId === f.transferId : (!f.fileId || row.fileId === f.fileId.toUpperCase()) && (!f.host || row.host === f.host);
      if (!match) continue;
      n++;
      const run = this.running.get(row.transferId);
      if (run) run.abort.abort();
      else {
        this.node.store.dequeue(row.transferId);
        this.settle(row.transferId, { statusCode: Status.CANCELLED, detailCode: 0, message: 'send cancelled' });
      }
    }
    return n;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const r of this.running.values()) r.abort.abort();
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private pump(): void {
    if (this.stopped) return;
    const queued = this.node.store
      .queue()
      .filter((r) => r.state === 'queued' && !this.running.has(r.transferId))
      .sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    for (const row of queued) {
      if (this.running.size >= this.node.settings.sndpsnum) break;
      const cap = Number(this.node.host(row.host).fields.HOSTSPSNUM ?? 0);
      const onHost = [...this.running.values()].filter((r) => r.row.host === row.host).length;
      if (cap > 0 && onHost >= cap) continue;
      this.start(row);
    }
  }

  private start(row: QueueRow): void {
    Object.assign(row, { state: 'running', attempts: row.attempts + 1 });
    this.node.store.updateQueue(row);
    const run: Running = { row, abort: new AbortController(), bytes: 0, records: 0 };
    this.running.set(row.transferId, run);
    const p = this.run(run).finally(() => {
      this.running.delete(row.transferId);
      this.inflight.delete(p);
      this.pump();
    });
    this.inflight.add(p);
  }

  private async run(run: Running): Promise<void> {
    const { row } = run;
    const start = Date.now();
    const smi = this.node.def('snd', row.fileId);
    const msgs = { ...row.msgs };
    const fileOverride = msgs.$file;
    delete msgs.$file;
    const fileName = fileOverride ?? smi?.fields.FILENAME ?? '';
    const s3 = parseS3Uri(fileName);
    const path = s3 ? fileName : isAbsolute(fileName) ? fileName : resolve(this.node.receiveRoot, fileName);
    const resume = row.resume === 1 && row.wireOffset > 0;
    // A resumed attempt gets a new transfer id and names its chain; any other attempt starts a new chain.
    const transferId = resume || row.attempts > 1 ? newTransferId() : row.chainId;
    if (!resume) Object.assign(row, { chainId: transferId, srcOffset: 0, wireOffset: 0, records: 0 });
    let outcome: Outcome;
    let sent: SendOutcome | undefined;
    try {
      if (!smi) throw new DefinitionError(`send file ID ${row.fileId} is no longer registered`);
      const hd = this.node.host(row.host);
      const f = smi.fields;
      if (s3 && !this.node.objects) throw new TransferError(Status.CLOUD, 0, 'cloud storage is not available on this node');
      const layout = layoutFor((kind, id) => this.node.def(kind, id), f.TRANSTYPE!, f.FMTID ?? '');
      sent = await sendFile({
        transferId,
        fileId: row.fileId,
        senderHost: this.node.name,
        path,
        ...(s3 ? { source: this.node.objects!.source(s3.bucket, s3.key) } : {}),
        address: hd.fields.ADDRESS ?? row.host,
        port: Number(hd.fields.RCVPORT ?? 30000),
        transType: f.TRANSTYPE as TransType,
        ...(layout ? { layout } : {}),
        comp: f.COMP as CompMethod,
        compSize: Number(f.COMPSIZE),
        deflateLevel: f.DEFLATELEVEL!,
        kjchnge: f.KJCHNGE as 'S' | 'R' | 'N',
        localCodeSet: this.node.codeSet,
        remoteCodeSet: hd.fields.KCODETYPE ?? 'S',
        ...(f.PASSWORD ? { password: f.PASSWORD } : {}),
        blockLen: Number(f.BLOCKLEN),
        blockCnt: Number(f.BLOCKCNT),
        intervalMs: Number(f.INTERVAL),
        msgs: msgs,
        ...(resume ? { resume: { transferId: row.chainId, srcOffset: row.srcOffset, wireOffset: row.wireOffset, records: row.records } } : {}),
        connectRetries: this.node.settings.retrycnt,
        connectRetryMs: this.node.settings.retrytimeMs,
        socketTimeoutMs: this.node.settings.socktimeMs,
        signal: run.abort.signal,
        onCheckpoint: (cp) => {
          Object.assign(row, cp);
          this.node.store.updateQueue(row);
        },
        onProgress: (bytes, records) => Object.assign(run, { bytes, records }),
      });
      outcome = { statusCode: 0, detailCode: 0, message: sent.startOffset > 0 ? `sent (resumed at ${sent.startOffset})` : 'sent' };
      this.node.store.dequeue(row.transferId);
      if (s3) {
        // CLEAR applies to local files only.
      } else if (f.CLEAR === 'D') await unlink(path).catch(() => undefined);
      else if (f.CLEAR === 'C') await truncate(path, 0).catch(() => undefined);
    } catch (e) {
      outcome = outcomeOf(e, Status.SOCKET);
      if (outcome.statusCode === Status.CANCELLED) this.node.store.dequeue(row.transferId);
      else {
        Object.assign(row, { state: 'resend', resume: 1 });
        this.node.store.updateQueue(row);
        if (outcome.statusCode === Status.SOCKET && row.attempts <= this.node.settings.sockerrAutoretry && !this.stopped) {
          const t = setTimeout(() => {
            this.timers.delete(t);
            if (row.state === 'resend') this.resend({ host: row.host, fileId: row.fileId, restart: false });
          }, this.node.settings.retrytimeMs);
          this.timers.add(t);
        }
      }
    }
    this.log({ ...row, transferId }, path, start, outcome, sent);
    const jobId = outcome.statusCode === 0 ? smi?.fields.JOBID : smi?.fields.EJOBID;
    if (jobId) await this.node.runJob(jobId, outcome.statusCode === 0 ? 'post-send' : 'post-send-error', this.node.jobVars(row.fileId, row.host, path, msgs, start, outcome, { TRANSFERID: transferId }));
    this.settle(row.transferId, { ...outcome, ...(sent ? { transferId, bytes: sent.totalBytes } : { transferId }) });
  }

  private settle(id: string, o: Outcome): void {
    const ws = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    for (const w of ws) w(o);
  }

  private log(row: QueueRow, fileName: string, start: number, o: Outcome, sent?: SendOutcome): void {
    this.node.store.log({
      side: 'snd',
      transferId: row.transferId,
      fileId: row.fileId,
      host: row.host,
      fileName,
      transType: this.node.def('snd', row.fileId)?.fields.TRANSTYPE ?? '',
      start,
      end: Date.now(),
      bytes: sent?.totalBytes ?? row.wireOffset ?? 0,
      records: sent?.totalRecords ?? row.records ?? 0,
      statusCode: o.statusCode,
      detailCode: o.detailCode,
      message: o.message,
      codeConv: this.node.def('snd', row.fileId)?.fields.KJCHNGE ?? '',
      comp: sent?.comp ?? '',
      cipher: sent?.cipher ?? '',
      startOffset: sent?.startOffset ?? 0,
      sha256: sent?.sha256 ?? '',
      msgs: row.msgs ?? {},
    });
  }
}
