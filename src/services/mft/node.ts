// An MFT node (a "host" in HULFT's sense): its own store, send queue with priority and multiplex caps, receive
// listener (30000) and observe listener (31000) on its own loopback address, history and job runner.
import { existsSync, mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Status, TransferError, outcomeOf, type Outcome } from '../../net/transfer/status.js';
import type { DeliveryInfo, Messages } from '../../net/transfer/protocol.js';
import { serveTransfer, type Admission, type ReceiveOutcome } from '../../net/transfer/receiver.js';
import { DefinitionError, type DefKind, type Definition } from './definitions.js';
import { NodeStore, type LogRow } from './store.js';
import { SendQueue, type SendArgs, type SendResult } from './send-queue.js';
import { dateVars, runCommands, type JobVars } from './jobs.js';
import { serveObserve, requestRemote, type ObserveRequest } from './observe.js';
import { parseS3Uri, type ObjectStorage } from './object-storage.js';
import { nextGenerationPath } from './generations.js';

export interface NodeSettings {
  /** Send process multiplex level (HULFT sndpsnum, default 10). */
  sndpsnum: number;
  /** Receive multiplex level; 0 = unlimited (HULFT default). Over it → 516. */
  rcvpsnum: number;
  retrycnt: number;
  retrytimeMs: number;
  sockerrAutoretry: number;
  socktimeMs: number;
  /** Transfer group check on receive: 0 none, 1 check when the RMI has GRPID, 2 require and check. */
  tgrpchk: number;
  /** 1 allows utlsend -file/-h/-t (HULFT dynparam). */
  dynparam: number;
}

export const DEFAULT_SETTINGS: NodeSettings = {
  sndpsnum: 10,
  rcvpsnum: 0,
  retrycnt: 5,
  retrytimeMs: 20_000,
  sockerrAutoretry: 0,
  socktimeMs: 3_600_000,
  tgrpchk: 1,
  dynparam: 0,
};

export interface NodeOptions {
  name: string;
  address: string;
  port?: number;
  obsPort?: number;
  dataDir: string;
  receiveRoot?: string;
  /** Local code set as a KCODETYPE letter (default 8 = UTF-8). */
  codeSet?: string;
  lineEnd?: 'LF' | 'CRLF';
  settings?: Partial<NodeSettings>;
  /** kumo's S3 for `s3://bucket/key` file names; without it such names fail with 601. */
  objects?: ObjectStorage;
}

interface ActiveReceive {
  fileId: string;
  host: string;
  bytes: number;
  records: number;
  socket: Socket;
  cancelled: boolean;
}

export class MftNode {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly obsPort: number;
  readonly receiveRoot: string;
  readonly codeSet: string;
  readonly lineEnd: 'LF' | 'CRLF';
  readonly settings: NodeSettings;
  readonly store: NodeStore;
  readonly sends: SendQueue;
  readonly objects: ObjectStorage | undefined;
  private readonly receives = new Map<string, ActiveReceive>();
  private servers: Server[] = [];
  private readonly sockets = new Set<Socket>();

  constructor(opts: NodeOptions) {
    this.name = opts.name;
    this.address = opts.address;
    this.port = opts.port ?? 30000;
    this.obsPort = opts.obsPort ?? 31000;
    mkdirSync(opts.dataDir, { recursive: true });
    this.receiveRoot = resolve(opts.receiveRoot ?? join(opts.dataDir, 'files'));
    mkdirSync(this.receiveRoot, { recursive: true });
    this.codeSet = opts.codeSet ?? '8';
    this.lineEnd = opts.lineEnd ?? 'LF';
    this.settings = { ...DEFAULT_SETTINGS, ...opts.settings };
    this.store = new NodeStore(join(opts.dataDir, 'mft.db'));
    this.sends = new SendQueue(this);
    this.objects = opts.objects;
  }

  async start(): Promise<void> {
    const listen = (port: number, onConn: (s: Socket) => void): Promise<Server> =>
      new Promise((res, rej) => {
        const srv = createServer((s) => {
          this.sockets.add(s);
          s.once('close', () => this.sockets.delete(s));
          onConn(s);
        });
        srv.once('error', rej);
        srv.listen(port, this.address, () => res(srv));
      });
    this.servers.push(await listen(this.port, (s) => void this.onTransfer(s)));
    this.servers.push(await listen(this.obsPort, (s) => void serveObserve(s, this)));
    this.sends.recover();
  }

  async stop(): Promise<void> {
    this.sends.stop();
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
    this.servers = [];
    await this.sends.idle();
    this.store.close();
  }

  // ---- management information
  def(kind: DefKind, id: string): Definition | undefined {
    return this.store.getDef(kind, kind === 'snd' || kind === 'rcv' ? id.toUpperCase() : id);
  }

  requireDef(kind: DefKind, id: string, what: string): Definition {
    const d = this.def(kind, id);
    if (!d) throw new DefinitionError(`${what} ${id} is not registered`);
    return d;
  }

  /** Host information, or HULFT's defaults for an unregistered host. */
  host(name: string): Definition {
    return this.def('hst', name) ?? { kind: 'hst', id: name, fields: { RCVPORT: '30000', REQPORT: '31000', KCODETYPE: 'S', HOSTSPSNUM: '0', SENDPERMIT: 'Y' }, list: [] };
  }

  // ---- transfers
  send(args: SendArgs): Promise<SendResult> {
    return this.sends.send(args);
  }

  /** utlrecv: asks each host (or the RMI's group) to send fileId back to this node. */
  async requestSend(args: { fileId: string; host?: string; msgs: Messages; sync: boolean; resend?: boolean; restart?: boolean }): Promise<Outcome[]> {
    const hosts = args.host ? [args.host] : this.requireDef('tgrp', this.requireDef('rcv', args.fileId, 'receive file ID').fields.GRPID ?? '', 'transfer group').list;
    const out: Outcome[] = [];
    for (const h of hosts) {
      const req: ObserveRequest = args.resend
        ? { kind: 'RESEND_REQUEST', host: this.name, fileId: args.fileId, restart: Boolean(args.restart), sync: args.sync }
        : { kind: 'SEND_REQUEST', host: this.name, fileId: args.fileId.toUpperCase(), msgs: args.msgs, sync: args.sync };
      const hd = this.host(h);
      out.push(await requestRemote(hd.fields.ADDRESS ?? h, Number(hd.fields.REQPORT ?? 31000), req, this.settings.socktimeMs));
    }
    return out;
  }

  /** utlrjob: asks `host` to run its Job Information `jobId`; with sync, the answer carries the job's RC. */
  async requestRemoteJob(args: { host: string; jobId: string; sync: boolean }): Promise<Outcome> {
    const hd = this.host(args.host);
    return requestRemote(hd.fields.ADDRESS ?? args.host, Number(hd.fields.REQPORT ?? 31000), { kind: 'REMOTE_JOB', host: this.name, jobId: args.jobId.toUpperCase(), sync: args.sync }, this.settings.socktimeMs);
  }

  /** hulsndrc: reports a job's result to `host`, retrying `retries` times `intervalMs` apart when it cannot be reached. */
  async notifyJobResult(args: { host: string; jobName: string; returnCode: string; message: string; retries: number; intervalMs: number }): Promise<Outcome> {
    const hd = this.host(args.host);
    const req: ObserveRequest = { kind: 'JOB_RESULT', host: this.name, jobName: args.jobName, returnCode: args.returnCode, message: args.message };
    for (let attempt = 0; ; attempt++) {
      const out = await requestRemote(hd.fields.ADDRESS ?? args.host, Number(hd.fields.REQPORT ?? 31000), req, this.settings.socktimeMs);
      if (out.statusCode !== Status.SOCKET || attempt >= args.retries) return out;
      await new Promise((r) => setTimeout(r, args.intervalMs));
    }
  }

  /** The remote side of utlrjob: HULRJOBPERMIT, a registered job, then the run, logged as kind `remote`. */
  private async runRemoteJob(host: string, jobId: string, sync: boolean): Promise<Outcome> {
    const hd = this.def('hst', host);
    if (!hd || hd.fields.HULRJOBPERMIT === 'N') return { statusCode: Status.NOT_PERMITTED, detailCode: 0, message: `host ${host} may not run jobs here (HULRJOBPERMIT)` };
    if (!this.def('job', jobId)) return { statusCode: Status.NOT_REGISTERED, detailCode: 0, message: `job ID ${jobId} has no job information` };
    const start = Date.now();
    const run = this.runJob(jobId, 'remote', { JOBID: jobId, HOST: host, ...dateVars('S', start) });
    if (!sync) {
      void run;
      return { statusCode: 0, detailCode: 0, message: `JOBID=${jobId} HOST=${this.name} started` };
    }
    const rc = await run;
    const end = Date.now();
    const started = dateVars('S', start);
    // utlrjob's answer line (research §2.3): JOBID= HOST= DATE= STIME= ETIME= RC=nnnn.
    const line = `JOBID=${jobId} HOST=${this.name} DATE=${started.SDATE} STIME=${started.STIME} ETIME=${dateVars('E', end).ETIME} RC=${String(rc).padStart(4, '0')}`;
    return { statusCode: 0, detailCode: rc, message: line };
  }

  /** The receiving side of hulsndrc: HULSNDRCPERMIT, then the result is kept in the job log (kind `result`). */
  private recordJobResult(host: string, jobName: string, returnCode: string, message: string): Outcome {
    const hd = this.def('hst', host);
    if (!hd || hd.fields.HULSNDRCPERMIT === 'N') return { statusCode: Status.NOT_PERMITTED, detailCode: 0, message: `host ${host} may not report job results here (HULSNDRCPERMIT)` };
    const now = Date.now();
    const rc = Number.parseInt(returnCode, 10);
    this.store.jobLog({ fileId: '', host, jobId: jobName, kind: 'result', start: now, end: now, rc: Number.isNaN(rc) ? -1 : rc, message });
    return { statusCode: 0, detailCode: 0, message: 'job result recorded' };
  }

  receiveStatus(): { transferId: string; fileId: string; host: string; bytes: number; records: number }[] {
    return [...this.receives].map(([transferId, r]) => ({ transferId, fileId: r.fileId, host: r.host, bytes: r.bytes, records: r.records }));
  }

  /** utlrcan: interrupts matching receives; each ends with status 312 (interrupt). */
  cancelReceive(f: { fileId?: string; host?: string; transferId?: string; all?: boolean }): number {
    let n = 0;
    for (const [id, r] of this.receives) {
      const match = f.all || (f.transferId ? id === f.transferId : (!f.fileId || r.fileId === f.fileId.toUpperCase()) && (!f.host || r.host === f.host));
      if (match) {
        r.cancelled = true;
        r.socket.destroy();
        n++;
      }
    }
    return n;
  }

  // ---- jobs
  async runJob(jobId: string, kind: string, vars: JobVars): Promise<number> {
    const job = this.def('job', jobId);
    const start = Date.now();
    const rc = job ? await runCommands(job.list, vars, this.receiveRoot) : 127;
    this.store.jobLog({ fileId: vars.FILEID ?? '', host: vars.HOST ?? '', jobId, kind, start, end: Date.now(), rc });
    return rc;
  }

  jobVars(fileId: string, host: string, fileName: string, msgs: Messages, start: number, o: Outcome, extra: JobVars = {}): JobVars {
    const vars: JobVars = { FILEID: fileId, HOST: host, FILENM: fileName, STATUS: String(o.statusCode), DETAIL: String(o.detailCode), ...dateVars('S', start), ...dateVars('E', Date.now()), ...extra };
    for (const [k, v] of Object.entries(msgs)) if (typeof v === 'string') vars[k.toUpperCase()] = v;
    return vars;
  }

  // ---- receiving
  private resolveReceivePath(fileName: string, sndFile: string): string {
    const substituted = fileName.replaceAll('$SNDFILE', sndFile);
    const full = resolve(this.receiveRoot, substituted);
    const rel = relative(this.receiveRoot, full);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new TransferError(Status.PATH_ESCAPE, 0, `receive path ${substituted} escapes the receive directory`);
    }
    return full;
  }

  /** Receive to S3 (HULFT: TRANSMODE N|R only): data lands in a local part file, uploaded only on success. The
   *  node's identity needs what HULFT documents: s3:ListBucket (N only, the existence check) and s3:PutObject. */
  private async admitS3(info: DeliveryInfo, fileName: string, socket: Socket): Promise<Admission> {
    const target = parseS3Uri(fileName.replaceAll('$SNDFILE', info.sndFile))!;
    const adm = this.admit(info, socket, `.s3/${info.fileId}`);
    try {
      if (!this.objects) throw new TransferError(Status.CLOUD, 0, 'cloud storage is not available on this node');
      if (adm.transMode === 'M') throw new TransferError(Status.BAD_FIELD, 0, 'receive to s3:// allows TRANSMODE N or R only');
      if (this.def('rcv', info.fileId)?.fields.GENCTL === 'Y') throw new TransferError(Status.BAD_FIELD, 0, 'receive to s3:// needs GENCTL=N');
      if (adm.transMode === 'N' && (await this.objects.exists(target.bucket, target.key))) {
        throw new TransferError(Status.FILE_EXISTS, 17, `s3://${target.bucket}/${target.key} already exists (TRANSMODE=N)`);
      }
      // Refuse before any data moves when the node's identity may not s3:PutObject (301, detail EACCES).
      await this.objects.checkPut(target.bucket, target.key);
    } catch (e) {
      this.receives.delete(info.transferId);
      throw e;
    }
    const objects = this.objects;
    return {
      ...adm,
      finalPath: `s3://${target.bucket}/${target.key}`,
      commit: async () => {
        await objects.put(target.bucket, target.key, adm.partPath);
        await unlink(adm.partPath);
      },
    };
  }

  private admit(info: DeliveryInfo, socket: Socket, localName?: string): Admission {
    if (this.settings.rcvpsnum > 0 && this.receives.size >= this.settings.rcvpsnum) {
      throw new TransferError(Status.RECEIVE_CAP, 0, `receive multiplex level ${this.settings.rcvpsnum} exceeded`);
    }
    const rmi = this.def('rcv', info.fileId);
    if (!rmi) throw new TransferError(Status.NOT_REGISTERED, 0, `file ID ${info.fileId} has no receive management information`);
    const grp = rmi.fields.GRPID;
    if ((this.settings.tgrpchk === 1 && grp) || this.settings.tgrpchk === 2) {
      const members = grp ? (this.def('tgrp', grp)?.list ?? []) : [];
      if (!members.includes(info.senderHost)) throw new TransferError(Status.GROUP_CHECK, 0, `host ${info.senderHost} is not in transfer group ${grp ?? '(none)'}`);
    }
    const named = this.resolveReceivePath(localName ?? rmi.fields.FILENAME!, info.sndFile);
    // GENCTL=Y keeps every received file as its own generation (generations.ts); not for s3:// targets.
    const finalPath = rmi.fields.GENCTL === 'Y' && localName === undefined ? nextGenerationPath(named) : named;
    const chainId = info.resume?.transferId ?? info.transferId;
    const transMode = rmi.fields.TRANSMODE as 'N' | 'R' | 'M';
    const checkpoint = info.resume ? this.store.getCheckpoint(chainId) : undefined;
    if (transMode === 'N' && existsSync(finalPath)) throw new TransferError(Status.FILE_EXISTS, 17, `${finalPath} already exists (TRANSMODE=N)`);
    // The part file sits beside the final name (same file system, so the commit is a rename/link) under a hidden name.
    const partPath = join(finalPath, '..', `.${chainId.slice(0, 16)}.mftpart`);
    this.receives.set(info.transferId, { fileId: info.fileId, host: info.senderHost, bytes: 0, records: 0, socket, cancelled: false });
    return {
      finalPath,
      partPath,
      transMode,
      abnormal: rmi.fields.ABNORMAL as 'D' | 'K' | 'R',
      verify: rmi.fields.DATAVERIFY === '1',
      ...(rmi.fields.PASSWORD ? { password: rmi.fields.PASSWORD } : {}),
      localCodeSet: this.codeSet,
      lineEnd: this.lineEnd,
      ...(checkpoint ? { checkpoint } : {}),
    };
  }

  private async onTransfer(socket: Socket): Promise<void> {
    const start = Date.now();
    const remote = socket.remoteAddress ?? '';
    const out: ReceiveOutcome = await serveTransfer(
      socket,
      {
        admit: (info) => {
          const name = this.def('rcv', info.fileId)?.fields.FILENAME ?? '';
          return parseS3Uri(name) ? this.admitS3(info, name, socket) : this.admit(info, socket);
        },
        checkpoint: (chain, cp) => this.store.putCheckpoint(chain, cp.wireOffset, cp.records),
        forget: (chain) => this.store.dropCheckpoint(chain),
        progress: (id, bytes, records) => {
          const r = this.receives.get(id);
          if (r) Object.assign(r, { bytes, records });
        },
        finished: (out) => {
          const info = out.info;
          const active = info ? this.receives.get(info.transferId) : undefined;
          if (info) this.receives.delete(info.transferId);
          if (active?.cancelled && out.statusCode !== 0) Object.assign(out, { statusCode: Status.INTERRUPT, message: 'receive cancelled' });
          const row: LogRow = {
            side: 'rcv',
            transferId: info?.transferId ?? '',
            fileId: info?.fileId ?? '',
            host: info?.senderHost ?? remote,
            fileName: out.admission?.finalPath ?? '',
            transType: info?.transType ?? '',
            start,
            end: Date.now(),
            bytes: out.stats?.bytes ?? active?.bytes ?? 0,
            records: out.stats?.records ?? active?.records ?? 0,
            statusCode: out.statusCode,
            detailCode: out.detailCode,
            message: out.message,
            codeConv: out.stats?.codeConvSide ?? info?.kjchnge ?? '',
            comp: out.stats?.comp ?? info?.comp ?? '',
            cipher: out.stats?.cipher ?? info?.cipher ?? '',
            startOffset: out.stats?.startOffset ?? 0,
            sha256: out.stats?.sha256 ?? '',
            msgs: (info?.msgs ?? {}) as Record<string, string>,
          };
          this.store.log(row);
        },
        committed: async (info, adm, stats) => {
          const jobId = this.def('rcv', info.fileId)?.fields.JOBID;
          if (!jobId) return undefined;
          const vars = this.jobVars(info.fileId, info.senderHost, adm.finalPath, info.msgs, start, { statusCode: 0, detailCode: 0, message: '' }, { SNDFILE: info.sndFile, TRANSFERID: info.transferId, BYTES: String(stats.bytes) });
          const job = this.runJob(jobId, 'post-receive', vars);
          return this.def('rcv', info.fileId)?.fields.JOBWAIT === 'J' ? await job : undefined;
        },
      },
      this.settings.socktimeMs,
    ).catch((e: unknown) => ({ ...outcomeOf(e, Status.RECEIVER_ERROR) }));
    const info = out.info;
    if (out.statusCode !== 0 && info) {
      const row = { fileName: out.admission?.finalPath ?? '' };
      const ejob = this.def('rcv', info.fileId)?.fields.EJOBID;
      if (ejob) await this.runJob(ejob, 'post-receive-error', this.jobVars(info.fileId, info.senderHost, row.fileName, info.msgs, start, out));
    }
  }

  /** Serves an observe-port request from a remote host (send request, resend request). */
  async onObserve(req: ObserveRequest): Promise<Outcome> {
    if (req.kind === 'REMOTE_JOB') return this.runRemoteJob(req.host, req.jobId, req.sync);
    if (req.kind === 'JOB_RESULT') return this.recordJobResult(req.host, req.jobName, req.returnCode, req.message);
    const hd = this.def('hst', req.host);
    if (!hd || hd.fields.SENDPERMIT === 'N') return { statusCode: Status.NOT_PERMITTED, detailCode: 0, message: `host ${req.host} may not request sends (SENDPERMIT)` };
    if (req.kind === 'RESEND_REQUEST') {
      const ids = this.sends.resend({ host: req.host, ...(req.fileId ? { fileId: req.fileId } : {}), restart: req.restart });
      if (!req.sync) return { statusCode: 0, detailCode: 0, message: `${ids.length} resend(s) queued` };
      const results = await this.sends.wait(ids);
      return results.find((r) => r.statusCode !== 0) ?? { statusCode: 0, detailCode: 0, message: `${ids.length} resend(s) done` };
    }
    const smi = this.def('snd', req.fileId);
    if (!smi) return { statusCode: Status.NOT_REGISTERED, detailCode: 0, message: `file ID ${req.fileId} has no send management information` };
    const members = this.def('tgrp', smi.fields.GRPID ?? '')?.list ?? [];
    if (!members.includes(req.host)) return { statusCode: Status.GROUP_CHECK, detailCode: 0, message: `host ${req.host} is not in transfer group ${smi.fields.GRPID}` };
    try {
      const r = await this.sends.send({ fileId: req.fileId, host: req.host, msgs: req.msgs, sync: req.sync, trusted: true });
      return r.outcomes.find((o) => o.statusCode !== 0) ?? { statusCode: 0, detailCode: 0, message: req.sync ? 'sent' : 'queued' };
    } catch (e) {
      return outcomeOf(e, Status.RECEIVER_ERROR);
    }
  }
}
