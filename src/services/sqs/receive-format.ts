// Shapes a stored message for ReceiveMessage: the system attributes the caller asked for (AttributeNames or
// MessageSystemAttributeNames) and the message attributes matching MessageAttributeNames (All, .*, prefix.*, names).
import { dict, setOwn } from '../../core/dict.js';
import type * as api from '../../generated/sqs/api.js';
import { sequenceNumber } from './fifo.js';
import { md5OfAttributes } from './md5.js';
import { deserializeAttributes, type StoredMessage } from './message-store.js';
import type { StoredAttribute } from './message-validation.js';

const SYSTEM_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

export interface AttributeSelection {
  system: Set<string> | 'all';
  messageAttributes: readonly string[];
}

export function attributeSelection(input: api.ReceiveMessageRequest): AttributeSelection {
  const names: string[] = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
  return {
    system: names.includes('All') ? 'all' : new Set(names),
    messageAttributes: input.MessageAttributeNames ?? [],
  };
}

export function formatMessage(m: StoredMessage, receiptHandle: string, fifo: boolean, selection: AttributeSelection): api.Message {
  const out: api.Message = { MessageId: m.messageId, ReceiptHandle: receiptHandle, MD5OfBody: m.md5Body, Body: m.body };
  const system = systemAttributes(m, fifo, selection.system);
  if (system) out.Attributes = system;
  if (m.attributesJson !== null && selection.messageAttributes.length > 0) {
    const chosen = pickAttributes(deserializeAttributes(m.attributesJson), selection.messageAttributes);
    if (chosen) {
      out.MD5OfMessageAttributes = md5OfAttributes(chosen);
      out.MessageAttributes = toWire(chosen);
    }
  }
  return out;
}

function systemAttributes(m: StoredMessage, fifo: boolean, wanted: Set<string> | 'all'): Record<string, string> | undefined {
  if (wanted !== 'all' && wanted.size === 0) return undefined;
  const values: Record<string, string | undefined> = {
    SenderId: m.senderId,
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: m.firstReceiveAt === null ? undefined : String(m.firstReceiveAt),
    SequenceNumber: fifo ? sequenceNumber(m.seq) : undefined,
    MessageDeduplicationId: fifo ? (m.dedupId ?? undefined) : undefined,
    MessageGroupId: m.groupId ?? undefined,
    AWSTraceHeader: m.systemAttributesJson === null ? undefined : deserializeAttributes(m.systemAttributesJson)['AWSTraceHeader']?.StringValue,
    DeadLetterQueueSourceArn: m.dlqSourceArn ?? undefined,
  };
  const out: Record<string, string> = {};
  for (const name of SYSTEM_NAMES) {
    const value = values[name];
    if (value !== undefined && (wanted === 'all' || wanted.has(name))) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Attributes matching the filters; undefined when none match. */
export function pickAttributes(all: Record<string, StoredAttribute>, filters: readonly string[]): Record<string, StoredAttribute> | undefined {
  const everything = filters.some((f) => f === 'All' || f === '.*');
  const out = dict<StoredAttribute>();
  for (const [name, value] of Object.entries(all)) {
    const match =
      everything || filters.some((f) => (f.endsWith('.*') ? name.startsWith(f.slice(0, -2)) : f === name));
    if (match) setOwn(out, name, value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function toWire(attributes: Record<string, StoredAttribute>): Record<string, api.MessageAttributeValue> {
  const out = dict<api.MessageAttributeValue>();
  for (const [name, a] of Object.entries(attributes)) {
    setOwn(out, name, a.BinaryValue !== undefined ? { DataType: a.DataType, BinaryValue: a.BinaryValue } : { DataType: a.DataType, StringValue: a.StringValue ?? '' });
  }
  return out;
}
