// S3 object keys as Firehose names delivered objects: <evaluated prefix><stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid>
// <extension> (developer guide, "Configure Amazon S3 object name format"), in UTC unless CustomTimeZone says otherwise.
import { randomUUID } from 'node:crypto';
import { evaluatePrefix, type ErrorOutputType, type ParsedPrefix } from './prefix-expression.js';
import { zonedFields } from './zoned-time.js';

export interface ObjectKeyInput {
  streamName: string;
  /** The delivery stream's VersionId: starts at 1, one more for every configuration change. */
  version: string;
  /** Approximate arrival time of the oldest record in the object. */
  epochMs: number;
  zone?: string;
  /** FileExtension when set, else the compression format's extension ('' when uncompressed). */
  extension: string;
  uuid?: string;
  random?: () => string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The fixed suffix: `<stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid><extension>`. */
export function objectSuffix(input: ObjectKeyInput): string {
  const f = zonedFields(input.epochMs, input.zone ?? 'UTC');
  const stamp = `${f.year}-${pad(f.month)}-${pad(f.day)}-${pad(f.hour)}-${pad(f.minute)}-${pad(f.second)}`;
  return `${input.streamName}-${input.version}-${stamp}-${input.uuid ?? randomUUID()}${input.extension}`;
}

export function objectKey(prefix: ParsedPrefix, input: ObjectKeyInput, errorType?: ErrorOutputType): string {
  const ctx = { epochMs: input.epochMs, ...(input.zone !== undefined ? { zone: input.zone } : {}), ...(input.random ? { random: input.random } : {}) };
  const evaluated = evaluatePrefix(prefix, errorType !== undefined ? { ...ctx, errorType } : ctx);
  return evaluated + objectSuffix(input);
}
