// The sending side of one transfer: connect, DELIVERY_INFO, then read → code conversion → compression → encryption →
// DATA frames with a window of acknowledged units, checkpointing at every ACK; END, then the receiver's RESULT.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Channel } from './channel.js';
import { deriveKey, makeParams, newSalt, sealBlock } from './cipher.js';
import { blocks, convertText, countRecords, lineFeedOf, stripCr } from './codeconv.js';
import { convertRecords, recordBlocks, wholeRecords, type WireLayout } from './format-records.js';
import { compressBlock, loadZstd, type CompMethod } from './compress.js';
import { FrameError, FrameType, decodeJson, type Frame } from './frames.js';
import {
  DEFAULT_BLOCK_CNT,
  DEFAULT_BLOCK_LEN,
  PROTOCOL_VERSION,
  WINDOW_UNITS,
  type Accept,
  type Ack,
  type DeliveryInfo,
  type Messages,
  type Result,
  type TransType,
} from './protocol.js';
import { Status, TransferError } from './status.js';

export interface SendCheckpoint {
  /** Source bytes consumed up to the last acknowledged unit. */
  srcOffset: number;
  /** Wire plaintext bytes acknowledged by the receiver. */
  wireOffset: number;
  records: number;
}

/** Where the sender reads from: a local file, or an object in kumo's S3. */
export interface ByteSource {
  size(): Promise<number>;
  /** Bytes from `start` up to and including `end` (to the end when omitted). */
  open(start: number, end?: number): AsyncIterable<Buffer>;
}

export function fileSource(path: string): ByteSource {
  return {
    size: async () => (await stat(path)).size,
    open: (start, end) => createReadStream(path, { start, ...(end !== undefined ? { end } : {}), highWaterMark: 1 << 18 }),
  };
}

export interface SendRequest {
  transferId: string;
  fileId: string;
  senderHost: string;
  path: string;
  /** Defaults to the local file at `path`. */
  source?: ByteSource;
  address: string;
  port: number;
  transType: TransType;
  /** The record layout for TRANSTYPE F and M. */
  layout?: WireLayout;
  comp: CompMethod;
  compSize: number;
  deflateLevel: string;
  kjchnge: 'S' | 'R' | 'N';
  /** The local code set (KCODETYPE letter) and the receiving host's. */
  localCodeSet: string;
  remoteCodeSet: string;
  password?: string;
  blockLen: number;
  blockCnt: number;
  intervalMs: number;
  msgs: Messages;
  resume?: { transferId: string } & SendCheckpoint;
  connectRetries: number;
  connectRetryMs: number;
  socketTimeoutMs: number;
  signal?: AbortSignal;
  onCheckpoint?: (cp: SendCheckpoint) => void;
  onProgress?: (bytes: number, records: number) => void;
}

export interface SendOutcome {
  result: Result;
  totalBytes: number;
  totalRecords: number;
  sha256: string;
  startOffset: number;
  comp: CompMethod;
  cipher: 'NONE' | 'AES';
}

export function newTransferId(): string {
  return randomBytes(32).toString('hex');
}

async function open(address: string, port: number, retries: number, retryMs: number, signal?: AbortSignal): Promise<import('node:net').Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise((resolve, reject) => {
        const s = connect({ host: address, port });
        s.once('connect', () => {
          s.off('error', reject);
          resolve(s);
        });
        s.once('error', reject);
      });
    } catch (e) {
      if (attempt >= retries || signal?.aborted) {
        const err = e as NodeJS.ErrnoException;
        throw new TransferError(Status.SOCKET, Math.abs(Number(err.errno ?? 0)), `connect to ${address}:${port} failed: ${err.code ?? err.message}`);
      }
      await sleep(retryMs);
    }
  }
}

function receiverFailure(frame: Frame): TransferError {
  const r = decodeJson<Result>(frame);
  return new TransferError(r.statusCode, r.detailCode, `receiver: ${r.message}`);
}

/** The wire plaintext of one source block: text loses CRs and is converted when the sending side converts; format
 *  records are converted field by field. */
function toWire(block: Buffer, req: SendRequest, firstRecord: number): Buffer {
  if (req.transType === 'B') return block;
  if (req.layout) return req.kjchnge === 'S' ? convertRecords(block, req.layout, req.localCodeSet, req.remoteCodeSet, firstRecord) : block;
  const lf = stripCr(block);
  return req.kjchnge === 'S' ? convertText(lf, req.localCodeSet, req.remoteCodeSet) : lf;
}

export async function sendFile(req: SendRequest): Promise<SendOutcome> {
  const blockLen = req.blockLen || DEFAULT_BLOCK_LEN;
  const blockCnt = req.blockCnt || DEFAULT_BLOCK_CNT;
  if (req.comp === 'Z') await loadZstd();
  const source = req.source ?? fileSource(req.path);
  let size: number;
  try {
    size = await source.size();
  } catch (e) {
    if (e instanceof TransferError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new TransferError(Status.FILE_OPEN, Math.abs(Number(err.errno ?? 0)), `cannot open ${req.path}: ${err.code ?? err.message}`);
  }
  const salt = newSalt();
  const key = req.password ? deriveKey(req.password, salt) : undefined;
  if ((req.transType === 'F' || req.transType === 'M') && req.layout?.kind !== req.transType) {
    throw new TransferError(Status.BAD_FIELD, 0, `TRANSTYPE ${req.transType} needs its format information`);
  }
  const wireCodeSet = req.transType !== 'B' && req.kjchnge === 'S' ? req.remoteCodeSet : req.localCodeSet;
  const cut = (from: AsyncIterable<Buffer>) =>
    req.layout ? recordBlocks(from, blockLen, req.layout, req.localCodeSet) : blocks(from, blockLen, req.transType === 'T', lineFeedOf(req.localCodeSet));
  const recordsIn = (wire: Buffer): number =>
    req.transType === 'T' ? countRecords(wire, lineFeedOf(wireCodeSet)) : req.layout ? wholeRecords(req.layout, wire, wireCodeSet).records : 1;
  const info: DeliveryInfo = {
    v: PROTOCOL_VERSION,
    transferId: req.transferId,
    fileId: req.fileId,
    senderHost: req.senderHost,
    sndFile: basename(req.path),
    transType: req.transType,
    ...(req.layout ? { layout: req.layout } : {}),
    comp: req.comp,
    compSize: req.compSize,
    deflateLevel: req.deflateLevel,
    kjchnge: req.kjchnge,
    codeSet: wireCodeSet,
    cipher: key ? 'AES' : 'NONE',
    ...(key ? { cipherParams: makeParams(key, salt) } : {}),
    blockLen,
    blockCnt,
    msgs: req.msgs,
    ...(req.resume ? { resume: { transferId: req.resume.transferId, offset: req.resume.wireOffset, records: req.resume.records } } : {}),
    totalBytes: size,
  };
  const socket = await open(req.address, req.port, req.connectRetries, req.connectRetryMs, req.signal);
  const ch = new Channel(socket, req.socketTimeoutMs);
  const abort = (): void => ch.destroy();
  req.signal?.addEventListener('abort', abort);
  try {
    await ch.sendJson(FrameType.DELIVERY_INFO, info);
    const first = await ch.next();
    if (first.type === FrameType.REJECT || first.type === FrameType.RESULT) throw receiverFailure(first);
    if (first.type !== FrameType.ACCEPT) throw new TransferError(Status.PROTOCOL, 0, `expected ACCEPT, got frame type ${first.type}`);
    const accept = decodeJson<Accept>(first);
    const resumed = req.resume && accept.startOffset === req.resume.wireOffset && accept.startOffset > 0;
    let srcOffset = resumed ? req.resume!.srcOffset : 0;
    let wireOffset = resumed ? req.resume!.wireOffset : 0;
    let records = resumed ? req.resume!.records : 0;
    const hash = createHash('sha256');
    if (resumed) {
      // The verify hash covers the whole stream: re-derive the acknowledged prefix locally, sending none of it.
      let prefixRecords = 0;
      for await (const block of cut(source.open(0, srcOffset - 1))) {
        const wire = toWire(block, req, prefixRecords + 1);
        prefixRecords += recordsIn(wire);
        hash.update(wire);
      }
    }
    const comp = { method: accept.comp, compSize: req.compSize, deflateLevel: req.deflateLevel };
    const inflight: SendCheckpoint[] = [];
    let framesInUnit = 0;
    let seq = 0;
    const handle = (f: Frame): void => {
      if (f.type === FrameType.RESULT || f.type === FrameType.REJECT) throw receiverFailure(f);
      if (f.type !== FrameType.ACK) throw new TransferError(Status.PROTOCOL, 0, `unexpected frame type ${f.type} during data`);
      // ACKs are cumulative: one may cover several units, and it always ends on a unit boundary.
      const ack = decodeJson<Ack>(f);
      let cp: SendCheckpoint | undefined;
      while (inflight.length > 0 && inflight[0]!.wireOffset <= ack.bytesReceived) cp = inflight.shift();
      if (!cp || cp.wireOffset !== ack.bytesReceived) {
        throw new TransferError(Status.PROTOCOL, 0, `ACK for ${ack.bytesReceived} bytes does not match a sent unit`);
      }
      req.onCheckpoint?.(cp);
    };
    for await (const block of cut(source.open(srcOffset))) {
      const wire = toWire(block, req, records + 1);
      hash.update(wire);
      const packed = compressBlock(wire, comp);
      seq++;
      await ch.send(FrameType.DATA, key ? sealBlock(key, seq, packed) : packed);
      srcOffset += block.length;
      wireOffset += wire.length;
      records += recordsIn(wire);
      req.onProgress?.(wireOffset, records);
      if (++framesInUnit === blockCnt) {
        framesInUnit = 0;
        inflight.push({ srcOffset, wireOffset, records });
      }
      for (let f = ch.poll(); f; f = ch.poll()) handle(f);
      while (inflight.length >= WINDOW_UNITS) handle(await ch.next());
      if (req.intervalMs > 0) await sleep(req.intervalMs);
    }
    const sha256 = hash.digest('hex');
    await ch.sendJson(FrameType.END, { sha256, totalBytes: wireOffset, totalRecords: records });
    for (;;) {
      const f = await ch.next();
      if (f.type === FrameType.ACK) {
        handle(f);
        continue;
      }
      if (f.type !== FrameType.RESULT) throw new TransferError(Status.PROTOCOL, 0, `expected RESULT, got frame type ${f.type}`);
      const result = decodeJson<Result>(f);
      if (result.statusCode !== 0) throw new TransferError(result.statusCode, result.detailCode, `receiver: ${result.message}`);
      ch.end();
      return {
        result,
        totalBytes: wireOffset,
        totalRecords: records,
        sha256,
        startOffset: resumed ? req.resume!.wireOffset : 0,
        comp: accept.comp,
        cipher: key ? 'AES' : 'NONE',
      };
    }
  } catch (e) {
    // The receiver may have answered and closed while we were still writing: its verdict wins over our EPIPE.
    for (let f = ch.poll(); f && !(e instanceof TransferError); f = ch.poll()) {
      if (f.type === FrameType.RESULT || f.type === FrameType.REJECT) e = receiverFailure(f);
    }
    ch.destroy();
    if (req.signal?.aborted) throw new TransferError(Status.CANCELLED, 0, 'transfer cancelled');
    if (e instanceof TransferError) throw e;
    if (e instanceof FrameError) throw new TransferError(Status.PROTOCOL, 0, e.message);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') {
      throw new TransferError(Status.FILE_READ, Math.abs(Number(err.errno ?? 0)), `reading ${req.path}: ${err.code}`);
    }
    throw new TransferError(Status.SOCKET, 0, `connection lost: ${err.message}`);
  } finally {
    req.signal?.removeEventListener('abort', abort);
  }
}
