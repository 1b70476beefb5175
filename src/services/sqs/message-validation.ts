// Message validation: body characters SQS accepts, message (user) and system attributes, and the size a message
// counts against MaximumMessageSize (body + each attribute's name, type and value). Messages copy AWS's wording.
import { dict, setOwn } from '../../core/dict.js';
import type { MessageAttributeValue, MessageSystemAttributeValue } from '../../generated/sqs/api.js';
import { invalidMessageContents, invalidParameterValue, missingParameter } from './errors.js';

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html (MessageBody).
const INVALID_BODY_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
export const MAX_MESSAGE_ATTRIBUTES = 10;

/** A validated attribute as stored: StringValue for String/Number, base64 BinaryValue for Binary. */
export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export function validateBody(body: string | undefined): string {
  // test_sqs.snapshot.json test_send_empty_message[sqs] "send_empty_message".
  if (body === undefined || body === '') throw missingParameter('MessageBody');
  if (INVALID_BODY_CHAR.test(body)) throw invalidMessageContents();
  return body;
}

/** Validates user attributes and returns them normalised; undefined when there are none. */
export function validateMessageAttributes(
  attributes: Readonly<Record<string, MessageAttributeValue>> | undefined,
): Record<string, StoredAttribute> | undefined {
  if (attributes === undefined) return undefined;
  const names = Object.keys(attributes);
  if (names.length === 0) return undefined;
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidParameterValue(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  const out = dict<StoredAttribute>();
  for (const name of names) {
    if (!ATTRIBUTE_NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..') || /^(aws\.|amazon\.)/i.test(name)) {
      throw invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
    }
    setOwn(out, name, validateAttributeValue(name, attributes[name]!, 'user'));
  }
  return out;
}

/** Validates MessageSystemAttributes: only AWSTraceHeader, of type String, exists today. */
export function validateSystemAttributes(
  attributes: Readonly<Record<string, MessageSystemAttributeValue>> | undefined,
): Record<string, StoredAttribute> | undefined {
  if (attributes === undefined) return undefined;
  const names = Object.keys(attributes);
  if (names.length === 0) return undefined;
  const out = dict<StoredAttribute>();
  for (const name of names) {
    if (name !== 'AWSTraceHeader') throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    const value = validateAttributeValue(name, attributes[name]!, 'system');
    if (value.DataType !== 'String') {
      throw invalidParameterValue(`Message system attribute type of '${name}' is invalid. The only valid type is 'String'.`);
    }
    out[name] = value;
  }
  return out;
}

function validateAttributeValue(name: string, value: MessageAttributeValue, kind: 'user' | 'system'): StoredAttribute {
  const dataType = value.DataType;
  if (dataType === undefined || dataType === '') {
    throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  const match = DATA_TYPE.exec(dataType);
  if (!match || dataType.length > 256) {
    throw invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (value.StringListValues?.length || value.BinaryListValues?.length) {
    throw invalidParameterValue('Message attribute list values in SendMessage operation are not supported.');
  }
  const base = match[1]!;
  if (base === 'Binary') {
    // test_sqs.snapshot.json test_send_message_with_empty_string_attribute[sqs] "empty-string-attr" (same shape).
    if (value.BinaryValue === undefined || value.BinaryValue.length === 0) {
      throw invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
    }
    return { DataType: dataType, BinaryValue: value.BinaryValue };
  }
  const text = value.StringValue;
  if (text === undefined || text === '') {
    throw invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type '${base}'.`);
  }
  if (INVALID_BODY_CHAR.test(text)) throw invalidMessageContents();
  if (base === 'Number' && !isSqsNumber(text)) {
    throw invalidParameterValue(`Can't cast the value of message (${kind}) attribute '${name}' to a number.`);
  }
  return { DataType: dataType, StringValue: text };
}

/** SQS numbers: up to 38 significant digits, exponent within ±128 (API reference, MessageAttributeValue). */
function isSqsNumber(text: string): boolean {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE][+-]?\d+)?$/.exec(text.trim());
  if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return false;
  return Number.isFinite(Number(text));
}

/** Bytes a message counts against MaximumMessageSize: body plus each attribute's name, type and value. */
export function messageSize(body: string, attributes: Readonly<Record<string, StoredAttribute>> | undefined): number {
  let size = Buffer.byteLength(body, 'utf8');
  if (attributes) {
    for (const [name, a] of Object.entries(attributes)) {
      size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType, 'utf8');
      size += a.BinaryValue !== undefined ? a.BinaryValue.length : Buffer.byteLength(a.StringValue ?? '', 'utf8');
    }
  }
  return size;
}

/** The reason text AWS gives for an oversized message (test_sqs.snapshot.json test_send_oversized_message[sqs]). */
export function oversizeReason(limit: number): string {
  return `Message must be shorter than ${limit} bytes.`;
}

export function checkMessageSize(size: number, limit: number): void {
  if (size > limit) throw invalidParameterValue(`One or more parameters are invalid. Reason: ${oversizeReason(limit)}`);
}
