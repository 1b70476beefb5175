// The receiving side of one transfer: validate DELIVERY_INFO, admit it (the node's RMI, caps, paths), then
// DATA → decrypt → decompress → code conversion → write to a part file, checkpoint at each ACK, commit on END.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { Channel } from './channel.js';
import { checkKey, deriveKey, openBlock } from './cipher.js';
import { convertText, countRecords, isEbcdic, lineFeedOf, toCrlf } from './codeconv.js';
import { convertCountingRecords, wholeRecords } from './format-records.js';
import { COMP_METHODS, decompressBlock, loadZstd, negotiateComp } from './compress.js';
import { FrameError, FrameType, decodeJson, type Frame } from './frames.js';
import { MAX_BLOCK_PLAIN, validateDelivery, type DeliveryInfo, type End } from './protocol.js';
import { Status, TransferError, outcomeOf, type Outcome } from './status.js';

export interface ReceiveCheckpoint {
  wireOffset: number;
  records: number;
}

export interface Admission {
  finalPath: string;
  partPath: string;
  transMode: 'N' | 'R' | 'M';
  abnormal: 'D' | 'K' | 'R';
  verify: boolean;
  password?: string;
  localCodeSet: string;
  lineEnd: 'LF' | 'CRLF';
  /** The checkpoint recorded for the original transfer when this is a resend. */
  checkpoint?: ReceiveCheckpoint;
  /** Replaces the local commit (link/rename/append): e.g. upload the part file to S3, then remove it. */
  commit?: () => Promise<void>;
}

export interface ReceiveHooks {
  /** Resolves the RMI and takes a multiplex slot; throws TransferError to reject. */
  admit(info: DeliveryInfo): Admission | Promise<Admission>;
  /** Persists a checkpoint (called before the ACK is sent). */
  checkpoint(chainId: string, cp: ReceiveCheckpoint): void;
  /** Drops the checkpoint of a finished or discarded chain. */
  forget(chainId: string): void;
  progress?(transferId: string, bytes: number, records: number): void;
  /** Runs once the file is committed; resolves to the job return code when the sender must wait (JOBWAIT=J). */
  committed?(info: DeliveryInfo, adm: Admission, stats: ReceiveStats): Promise<number | undefined>;
  /** Records the final outcome (history) before the sender is told it. */
  finished(out: ReceiveOutcome): void;
}

export interface ReceiveStats {
  bytes: number;
  records: number;
  sha256: string;
  startOffset: number;
  codeConvSide: 'S' | 'R' | 'N';
  comp: string;
  cipher: 'NONE' | 'AES';
}

export interface ReceiveOutcome extends Outcome {
  info?: DeliveryInfo;
  admission?: Admission;
  stats?: ReceiveStats;
}

function receiverTransforms(info: DeliveryInfo, adm: Admission): boolean {
  if (info.layout) return info.kjchnge === 'R' && info.codeSet !== adm.localCodeSet;
  return info.transType === 'T' && ((info.kjchnge === 'R' && info.codeSet !== adm.localCodeSet) || adm.lineEnd === 'CRLF');
}

async function hashPrefix(path: string, end: number): Promise<ReturnType<typeof createHash>> {
  const hash = createHash('sha256');
  if (end > 0) for await (const chunk of createReadStream(path, { end: end - 1 })) hash.update(chunk as Buffer);
  return hash;
}

async function commit(adm: Admission): Promise<void> {
  if (adm.transMode === 'N') {
    try {
      await link(adm.partPath, adm.finalPath); // fails atomically when the file appeared meanwhile
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new TransferError(Status.FILE_EXISTS, 17, `${adm.finalPath} already exists (TRANSMODE=N)`);
      throw e;
    }
    await unlink(adm.partPath);
  } else if (adm.transMode === 'R') {
    await rename(adm.partPath, adm.finalPath);
  } else {
    await pipeline(createReadStream(adm.partPath), createWriteStream(adm.finalPath, { flags: 'a' }));
    await unlink(adm.partPath);
  }
}

/** Serves one inbound connection to the end; never throws. The node logs the returned outcome. */
export async function serveTransfer(socket: Socket, hooks: ReceiveHooks, socketTimeoutMs: number): Promise<ReceiveOutcome> {
  const ch = new Channel(socket, socketTimeoutMs);
  let info: DeliveryInfo | undefined;
  let adm: Admission | undefined;
  let fh: FileHandle | undefined;
  let chainId = '';
  let stats: ReceiveStats | undefined;
  try {
    const first = await ch.next();
    if (first.type !== FrameType.DELIVERY_INFO) throw new TransferError(Status.PROTOCOL, 0, `expected DELIVERY_INFO, got frame type ${first.type}`);
    info = validateDelivery(decodeJson<Partial<DeliveryInfo>>(first));
    chainId = info.resume?.transferId ?? info.transferId;
    const admitted = await hooks.admit(info);
    adm = admitted;
    if (Boolean(admitted.password) !== (info.cipher === 'AES')) {
      throw new TransferError(Status.CIPHER_KEY, 0, 'cipher key mismatch: encryption is configured on one side only');
    }
    const key = admitted.password ? deriveKey(admitted.password, Buffer.from(info.cipherParams!.salt, 'base64')) : undefined;
    if (key && !checkKey(key, info.cipherParams!)) throw new TransferError(Status.CIPHER_KEY, 0, 'cipher key mismatch');
    const comp = negotiateComp(info.comp, COMP_METHODS);
    if (comp === 'Z') await loadZstd();
    const transforms = receiverTransforms(info, admitted);
    let startOffset = 0;
    const cp = admitted.checkpoint;
    if (info.resume && cp && !transforms && cp.wireOffset >= info.resume.offset) {
      const have = await stat(admitted.partPath).then((s) => s.size, () => -1);
      if (have >= info.resume.offset) startOffset = info.resume.offset;
    }
    try {
      await mkdir(dirname(admitted.partPath), { recursive: true });
      fh = await open(admitted.partPath, startOffset > 0 ? 'r+' : 'w');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new TransferError(Status.FILE_OPEN, Math.abs(Number(err.errno ?? 0)), `cannot open ${admitted.partPath}: ${err.code ?? err.message}`);
    }
    await fh.truncate(startOffset);
    const hash = await hashPrefix(admitted.partPath, startOffset);
    let wireOffset = startOffset;
    let fileOffset = startOffset;
    let records = startOffset > 0 ? info.resume!.records : 0;
    if (startOffset === 0) hooks.forget(chainId);
    await ch.sendJson(FrameType.ACCEPT, { startOffset, comp });
    const copt = { method: comp, compSize: info.compSize, deflateLevel: info.deflateLevel };
    let seq = 0;
    let framesInUnit = 0;
    let held: Frame | undefined;
    const openData = (payload: Buffer): Buffer => {
      seq++;
      let plain = payload;
      if (key) {
        try {
          plain = openBlock(key, seq, payload);
        } catch {
          throw new TransferError(Status.CIPHER_KEY, 0, `DATA frame ${seq} failed authentication`);
        }
      }
      try {
        return decompressBlock(plain, copt, MAX_BLOCK_PLAIN);
      } catch (e) {
        throw new TransferError(Status.PROTOCOL, 0, `DATA frame ${seq} does not decompress: ${(e as Error).message}`);
      }
    };
    for (;;) {
      const f = held ?? (await ch.next());
      held = undefined;
      if (f.type === FrameType.DATA) {
        // Frames already buffered are processed as one batch: one writev, one checkpoint, one cumulative ACK.
        const batch = [f];
        for (let g = ch.poll(); g; g = batch.length < 64 ? ch.poll() : undefined) {
          if (g.type !== FrameType.DATA) {
            held = g;
            break;
          }
          batch.push(g);
        }
        const outs: Buffer[] = [];
        let unitEnd: ReceiveCheckpoint | undefined;
        for (const d of batch) {
          const plain = openData(d.payload);
          hash.update(plain);
          wireOffset += plain.length;
          let out = plain;
          if (info.transType === 'T') {
            records += countRecords(plain, lineFeedOf(info.codeSet));
            if (info.kjchnge === 'R') out = convertText(out, info.codeSet, admitted.localCodeSet);
            // EBCDIC records end with NL alone; CRLF is an ASCII-family convention.
            if (admitted.lineEnd === 'CRLF' && !isEbcdic(info.kjchnge === 'R' ? admitted.localCodeSet : info.codeSet)) out = toCrlf(out);
          } else if (info.layout) {
            // Format records: the receiving side converts field by field when KJCHNGE=R (blocks hold whole records).
            if (info.kjchnge === 'R') {
              const converted = convertCountingRecords(out, info.layout, info.codeSet, admitted.localCodeSet, records + 1);
              out = converted.out;
              records += converted.records;
            } else records += wholeRecords(info.layout, plain, info.codeSet).records;
          } else records++;
          outs.push(out);
          if (++framesInUnit === info.blockCnt) {
            framesInUnit = 0;
            unitEnd = { wireOffset, records };
          }
        }
        try {
          const { bytesWritten } = await fh.writev(outs, fileOffset);
          fileOffset += bytesWritten;
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          throw new TransferError(err.code === 'ENOSPC' ? 307 : Status.FILE_WRITE, Math.abs(Number(err.errno ?? 0)), `writing ${admitted.partPath}: ${err.code}`);
        }
        hooks.progress?.(info.transferId, wireOffset, records);
        if (unitEnd) {
          // Checkpoint committed before the ACK: what the sender sees acknowledged survives a kill of this process.
          if (!transforms) hooks.checkpoint(chainId, unitEnd);
          await ch.sendJson(FrameType.ACK, { bytesReceived: unitEnd.wireOffset, recordsReceived: unitEnd.records });
        }
      } else if (f.type === FrameType.END) {
        const end = decodeJson<End>(f);
        const sha256 = hash.digest('hex');
        if (end.totalBytes !== wireOffset) throw new TransferError(Status.PROTOCOL, 0, `END says ${end.totalBytes} bytes, ${wireOffset} arrived`);
        if (admitted.verify && end.sha256 !== sha256) throw new TransferError(Status.VERIFY, 0, 'data verification failed: SHA-256 differs');
        await fh.datasync();
        await fh.close();
        fh = undefined;
        await (admitted.commit ?? (() => commit(admitted)))();
        hooks.forget(chainId);
        stats = {
          bytes: wireOffset,
          records,
          sha256,
          startOffset,
          codeConvSide: info.transType === 'B' ? 'N' : info.kjchnge,
          comp,
          cipher: key ? 'AES' : 'NONE',
        };
        const jobRc = await hooks.committed?.(info, admitted, stats);
        const ok = { statusCode: 0, detailCode: 0, message: 'received', ...(jobRc !== undefined ? { jobRc } : {}) };
        const out = { ...ok, info, admission: admitted, stats };
        hooks.finished(out);
        await ch.sendJson(FrameType.RESULT, ok);
        ch.end();
        return out;
      } else {
        throw new TransferError(Status.PROTOCOL, 0, `unexpected frame type ${f.type} during data`);
      }
    }
  } catch (e) {
    const o = e instanceof FrameError ? { statusCode: Status.PROTOCOL, detailCode: 0, message: e.message } : outcomeOf(e, Status.SOCKET);
    const out: ReceiveOutcome = { ...o, ...(info ? { info } : {}), ...(adm ? { admission: adm } : {}) };
    hooks.finished(out);
    if (!ch.failed) {
      await ch.sendJson(adm ? FrameType.RESULT : FrameType.REJECT, o).catch(() => undefined);
      ch.end();
    } else ch.destroy();
    if (fh) await fh.close().catch(() => undefined);
    if (adm && !stats) {
      if (adm.abnormal !== 'K' || o.statusCode === Status.CIPHER_KEY || o.statusCode === Status.VERIFY) {
        await unlink(adm.partPath).catch(() => undefined);
        hooks.forget(chainId);
      }
    }
    return out;
  }
}
