// Receipt handles: opaque base64 tokens naming the queue row, message sequence and the receive they came from, so a
// handle from an earlier receive is recognisably stale. Anything that does not decode is ReceiptHandleIsInvalid.
import { randomBytes } from 'node:crypto';
import { receiptHandleIsInvalid } from './errors.js';

const PREFIX = 'kumo1';

export interface ReceiptHandle {
  queueId: number;
  seq: number;
  /** The message's ApproximateReceiveCount at the receive that issued this handle. */
  receiveCount: number;
  messageId: string;
  /** When that receive happened (epoch ms): a visibility timeout may not reach beyond 12 hours from it. */
  receivedAt?: number;
}

export function encodeReceiptHandle(handle: ReceiptHandle): string {
  const salt = randomBytes(6).toString('hex');
  const text = `${PREFIX}:${handle.queueId}:${handle.seq}:${handle.receiveCount}:${handle.messageId}:${handle.receivedAt ?? 0}:${salt}`;
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Decodes a handle; throws ReceiptHandleIsInvalid for anything kumo did not issue. */
export function decodeReceiptHandle(value: string): ReceiptHandle {
  const decoded = tryDecode(value);
  if (!decoded) throw receiptHandleIsInvalid(value);
  return decoded;
}

function tryDecode(value: string): ReceiptHandle | undefined {
  if (value.length === 0 || value.length > 1024 || !/^[A-Za-z0-9+/]+=*$/.test(value)) return undefined;
  const parts = Buffer.from(value, 'base64').toString('utf8').split(':');
  if (parts.length !== 7 || parts[0] !== PREFIX) return undefined;
  const [queueId, seq, receiveCount, receivedAt] = [Number(parts[1]), Number(parts[2]), Number(parts[3]), Number(parts[5])];
  if (![queueId, seq, receiveCount, receivedAt].every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  const handle: ReceiptHandle = { queueId, seq, receiveCount, messageId: parts[4]! };
  if (receivedAt > 0) handle.receivedAt = receivedAt;
  return handle;
}
