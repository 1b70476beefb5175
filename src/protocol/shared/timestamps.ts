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
  const utc = isoUtcMillis(value);
  if (utc !== undefined) return new Date(utc);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return new Date(Math.round(Number(trimmed) * 1000));
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

/**
 * The epoch milliseconds of the form SDKs write, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (botocore, SDK v3), read digit by
 * digit: a query PutMetricData carries one per datum, and this costs ~55 ns against ~140 ns for Date.parse with the
 * checks before it. Anything else, or a field out of range, is undefined and left to the general parser.
 */
export function isoUtcMillis(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 /* T */ ||
    s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const hour = digit(s, 11) * 10 + digit(s, 12);
  const minute = digit(s, 14) * 10 + digit(s, 15);
  const second = digit(s, 17) * 10 + digit(s, 18);
  let millis = 0;
  if (n > 20) {
    // A fraction: '.', then 1-9 digits, of which milliseconds keep the first three (as Date.parse does).
    if (s.charCodeAt(19) !== 46 || n - 21 < 1 || n - 21 > 9) return undefined;
    for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
      const d = digit(s, i);
      if (Number.isNaN(d)) return undefined;
      if (scale >= 1) millis += d * scale;
    }
  }
  // NaN (a non-digit) fails every comparison below.
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && year >= 0)) return undefined;
  if (day > 28 && day > daysInMonth(year, month)) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; those rare years go to the general parser.
  return year < 100 ? undefined : ms;
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
