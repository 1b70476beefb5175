// Queue attributes: AWS's defaults, the settable names per queue type, range checks with AWS's messages, and the
// parsed settings the hot paths read. Pure: the provider stores the string map and caches the parsed form.
import { invalidAttributeName, invalidAttributeValue, invalidParameter } from './errors.js';

export type AttributeMap = Record<string, string>;

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** What send/receive read on every call, parsed once per attribute change. */
export interface QueueSettings {
  delaySeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  receiveMessageWaitTimeSeconds: number;
  visibilityTimeout: number;
  contentBasedDeduplication: boolean;
  deduplicationScope: 'queue' | 'messageGroup';
  fifoThroughputLimit: 'perQueue' | 'perMessageGroupId';
  redrivePolicy: RedrivePolicy | undefined;
}

interface IntRange {
  min: number;
  max: number;
}

// Ranges from the SQS API reference (CreateQueue "Attributes"); MaximumMessageSize's upper bound is 1 MiB since 2025,
// as test_sqs.snapshot.json test_set_queue_attributes_default_values[sqs] shows (default "1048576").
const INT_ATTRIBUTES: Readonly<Record<string, IntRange>> = {
  DelaySeconds: { min: 0, max: 900 },
  MaximumMessageSize: { min: 1024, max: 1048576 },
  MessageRetentionPeriod: { min: 60, max: 1209600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20 },
  VisibilityTimeout: { min: 0, max: 43200 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86400 },
};

const COMMON_SETTABLE = new Set([
  ...Object.keys(INT_ATTRIBUTES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
]);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/** Computed attributes GetQueueAttributes may name besides the stored ones. */
export const COMPUTED_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

export function defaultAttributes(fifo: boolean): AttributeMap {
  const attributes: AttributeMap = {
    DelaySeconds: '0',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: '30',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) {
    attributes['FifoQueue'] = 'true';
    attributes['ContentBasedDeduplication'] = 'false';
    attributes['DeduplicationScope'] = 'queue';
    attributes['FifoThroughputLimit'] = 'perQueue';
  }
  return attributes;
}

/** True when name is an attribute GetQueueAttributes knows (for InvalidAttributeName). */
export function isKnownAttributeName(name: string): boolean {
  return name === 'All' || name === 'FifoQueue' || COMMON_SETTABLE.has(name) || FIFO_ONLY.has(name) || (COMPUTED_ATTRIBUTES as readonly string[]).includes(name);
}

/**
 * Validates `input` for a queue of the given type and returns the new stored map (current + input).
 * `creating` allows FifoQueue (CreateQueue); SetQueueAttributes cannot change the queue type.
 */
export function applyAttributes(current: AttributeMap, input: AttributeMap, fifo: boolean, creating: boolean): AttributeMap {
  const next: AttributeMap = { ...current };
  // test_sqs.snapshot.json test_sse_kms_and_sqs_are_mutually_exclusive[sqs] "error".
  if (input['KmsMasterKeyId'] && input['SqsManagedSseEnabled']?.toLowerCase() === 'true') {
    throw invalidAttributeName('You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
  }
  for (const [name, raw] of Object.entries(input)) {
    const value = String(raw);
    if (name === 'FifoQueue') {
      applyFifoQueue(value, fifo, creating);
      continue;
    }
    if (FIFO_ONLY.has(name)) {
      if (!fifo) throw fifoOnlyError(name);
      next[name] = validateFifoAttribute(name, value);
      continue;
    }
    if (!COMMON_SETTABLE.has(name)) throw invalidAttributeName(`Unknown Attribute ${name}.`);
    const range = INT_ATTRIBUTES[name];
    if (range) {
      next[name] = String(parseIntAttribute(name, value, range));
      continue;
    }
    applyOther(next, name, value);
  }
  return next;
}

function applyFifoQueue(value: string, fifo: boolean, creating: boolean): void {
  const wantsFifo = value.toLowerCase() === 'true';
  // test_sqs.snapshot.json test_create_standard_queue_with_fifo_attribute_raises_error[sqs] "invalid-attribute-fifo-queue"
  // and test_set_unsupported_attribute_{standard,fifo}[sqs]: on a standard queue FifoQueue is always an unknown
  // attribute; on a FIFO queue naming the current type is unknown and turning it off is refused.
  if (creating && wantsFifo === fifo && fifo) return;
  if (!creating && fifo && !wantsFifo) {
    throw invalidAttributeValue('Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.');
  }
  throw invalidAttributeName('Unknown Attribute FifoQueue.');
}

// test_sqs.snapshot.json test_create_standard_queue_with_fifo_attribute_raises_error[sqs].
function fifoOnlyError(name: string): Error {
  if (name === 'ContentBasedDeduplication') return invalidAttributeName(`Unknown Attribute ${name}.`);
  return invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
}

function validateFifoAttribute(name: string, value: string): string {
  const allowed: Record<string, readonly string[]> = {
    ContentBasedDeduplication: ['true', 'false'],
    DeduplicationScope: ['queue', 'messageGroup'],
    FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
  };
  const normalised = name === 'ContentBasedDeduplication' ? value.toLowerCase() : value;
  if (!allowed[name]?.includes(normalised)) throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return normalised;
}

function parseIntAttribute(name: string, value: string, range: IntRange): number {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  const n = Number(trimmed);
  if (n < range.min || n > range.max) throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return n;
}

function applyOther(next: AttributeMap, name: string, value: string): void {
  switch (name) {
    case 'SqsManagedSseEnabled': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
      next[name] = v;
      if (v === 'true') {
        delete next['KmsMasterKeyId'];
        delete next['KmsDataKeyReusePeriodSeconds'];
      }
      return;
    }
    case 'KmsMasterKeyId':
      if (value === '') {
        delete next['KmsMasterKeyId'];
        delete next['KmsDataKeyReusePeriodSeconds'];
        return;
      }
      // test_sqs.snapshot.json test_set_queue_attributes_default_values[sqs]: KMS turns SQS-managed SSE off.
      next[name] = value;
      next['SqsManagedSseEnabled'] = 'false';
      next['KmsDataKeyReusePeriodSeconds'] ??= '300';
      return;
    case 'RedrivePolicy':
      if (value === '') delete next[name];
      else next[name] = JSON.stringify(parseRedrivePolicy(value));
      return;
    case 'RedriveAllowPolicy':
      if (value === '') {
        delete next[name];
        return;
      }
      parseRedriveAllowPolicy(value);
      next[name] = value;
      return;
    case 'Policy':
      if (value === '') {
        delete next[name];
        return;
      }
      if (!isJsonObject(value)) throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
      next[name] = value;
      return;
    default:
      throw invalidAttributeName(`Unknown Attribute ${name}.`);
  }
}

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Parses and range-checks a RedrivePolicy; the caller checks the target queue exists and has the same type. */
export function parseRedrivePolicy(value: string): RedrivePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter('RedrivePolicy', value, 'Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidParameter('RedrivePolicy', value, 'Redrive policy is not a valid JSON map.');
  const record = parsed as Record<string, unknown>;
  const arn = record['deadLetterTargetArn'];
  const count = record['maxReceiveCount'];
  if (typeof arn !== 'string' || arn === '') {
    throw invalidParameter('RedrivePolicy', value, 'Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  }
  if (count === undefined || count === null || count === '') {
    throw invalidParameter('RedrivePolicy', value, 'Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  }
  const n = typeof count === 'number' ? count : Number(count);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw invalidParameter('RedrivePolicy', value, `Invalid value for maxReceiveCount: ${String(count)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: n };
}

export interface RedriveAllowPolicy {
  redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  sourceQueueArns: string[];
}

/** Parses RedriveAllowPolicy: allowAll, denyAll, or byQueue with 1..10 source queue ARNs (API reference, SetQueueAttributes). */
export function parseRedriveAllowPolicy(value: string): RedriveAllowPolicy {
  const invalid = (reason: string): Error => invalidAttributeValue(`Invalid value for the parameter RedriveAllowPolicy. Reason: ${reason}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('The RedriveAllowPolicy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('The RedriveAllowPolicy is not a valid JSON map.');
  const record = parsed as Record<string, unknown>;
  const permission = record['redrivePermission'];
  const arns = record['sourceQueueArns'];
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw invalid('redrivePermission must be one of allowAll, denyAll or byQueue.');
  }
  if (permission === 'byQueue') {
    if (!Array.isArray(arns) || arns.length < 1 || arns.length > 10 || !arns.every((a) => typeof a === 'string')) {
      throw invalid('sourceQueueArns must list 1 to 10 queue ARNs when redrivePermission is byQueue.');
    }
    return { redrivePermission: permission, sourceQueueArns: arns };
  }
  if (arns !== undefined) throw invalid('sourceQueueArns can be given only when redrivePermission is byQueue.');
  return { redrivePermission: permission, sourceQueueArns: [] };
}

/** The first attribute in `requested` whose normalised value differs from `existing` (for QueueAlreadyExists). */
export function firstDifference(existing: AttributeMap, requested: AttributeMap): string | undefined {
  for (const name of Object.keys(requested)) {
    if (name === 'FifoQueue') continue;
    if (existing[name] !== requested[name]) return name;
  }
  return undefined;
}

export function parseSettings(attributes: AttributeMap): QueueSettings {
  const int = (name: string, fallback: number): number => {
    const v = attributes[name];
    return v === undefined ? fallback : Number(v);
  };
  const redrive = attributes['RedrivePolicy'];
  return {
    delaySeconds: int('DelaySeconds', 0),
    maximumMessageSize: int('MaximumMessageSize', 1048576),
    messageRetentionPeriod: int('MessageRetentionPeriod', 345600),
    receiveMessageWaitTimeSeconds: int('ReceiveMessageWaitTimeSeconds', 0),
    visibilityTimeout: int('VisibilityTimeout', 30),
    contentBasedDeduplication: attributes['ContentBasedDeduplication'] === 'true',
    deduplicationScope: attributes['DeduplicationScope'] === 'messageGroup' ? 'messageGroup' : 'queue',
    fifoThroughputLimit: attributes['FifoThroughputLimit'] === 'perMessageGroupId' ? 'perMessageGroupId' : 'perQueue',
    redrivePolicy: redrive === undefined ? undefined : (JSON.parse(redrive) as RedrivePolicy),
  };
}

/** The names GetQueueAttributes returns for a request (All, or the listed known names); throws for unknown names. */
export function selectAttributeNames(requested: readonly string[] | undefined): Set<string> | 'all' {
  const names = requested ?? [];
  for (const name of names) if (!isKnownAttributeName(name)) throw invalidAttributeName(`Unknown Attribute ${name}.`);
  return names.includes('All') ? 'all' : new Set(names);
}
