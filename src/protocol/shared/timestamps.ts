// Timestamp formats of the AWS wire protocols: ISO 8601 (query, ec2, rest-xml bodies), RFC 822/7231
// (HTTP headers), and epoch seconds with fractions (json, rest-json bodies). Smithy's defaults per location.
import type { TimestampFormat } from '../../core/model.js';

export function formatTimestamp(date: Date, format: TimestampFormat): string | number {
  switch (format) {
    case 'iso8601':
      return formatIso8601(date);
    case 'rfc822':
      return date.toUTCString();
    case 'unixTimestamp':
      return date.getTime() / 1000;
  }
}

/** ISO 8601 with milliseconds only when there are any, as AWS writes it: 2014-04-29T18:30:38Z or …38.123Z. */
export function formatIso8601(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Parses any timestamp form a client may send; returns undefined when it is not a valid timestamp. */
export function parseTimestamp(value: string | number): Date | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(Math.round(value * 1000)) : undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return new Date(Math.round(Number(trimmed) * 1000));
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * An output timestamp given as epoch seconds, typed as the Date the generated API declares. Every codec takes epoch
 * seconds for an output timestamp (toDate), and a large answer (1,440 datapoints) then makes no Date per value: V8
 * spends ~85 ns constructing one, more than the JSON writer spends on the whole datapoint.
 */
export function epochSecondsTimestamp(seconds: number): Date {
  return seconds as unknown as Date;
}

/** The epoch seconds of an output timestamp, whether a Date or made by epochSecondsTimestamp (for in-process readers
 *  of an operation's output, such as the alarm engine reading GetMetricData). */
export function outputEpochSeconds(timestamp: Date): number {
  const value: unknown = timestamp;
  return typeof value === 'number' ? value : timestamp.getTime() / 1000;
}

/** An output timestamp member's value as a Date: a Date, or epoch seconds / a timestamp string the codecs parse. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'string') {
    const date = parseTimestamp(value);
    if (date) return date;
  }
  throw new Error(`not a timestamp: ${String(value)}`);
}
