// Stored form of message attributes: JSON with Binary values as base64, so a message row is one TEXT column and
// reads back to the exact bytes the sender gave (the MD5 of attributes depends on them).
import { dict, setOwn } from '../../core/dict.js';
import type { StoredAttribute } from './message-validation.js';

interface SerializedAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export function serializeAttributes(attributes: Readonly<Record<string, StoredAttribute>>): string {
  const out = dict<SerializedAttribute>();
  for (const [name, a] of Object.entries(attributes)) {
    setOwn(out, name, a.BinaryValue !== undefined
      ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue).toString('base64') }
      : { DataType: a.DataType, StringValue: a.StringValue ?? '' });
  }
  return JSON.stringify(out);
}

export function deserializeAttributes(json: string): Record<string, StoredAttribute> {
  const parsed = JSON.parse(json) as Record<string, SerializedAttribute>;
  const out = dict<StoredAttribute>();
  for (const [name, a] of Object.entries(parsed)) {
    setOwn(out, name, a.BinaryValue !== undefined
      ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue, 'base64') }
      : { DataType: a.DataType, StringValue: a.StringValue ?? '' });
  }
  return out;
}

