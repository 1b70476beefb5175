// Parses, validates and evaluates S3 Prefix / ErrorOutputPrefix expressions (`!{timestamp:…}`, `!{firehose:…}`)
// by the semantic rules of the Firehose developer guide, "Custom Prefixes for Amazon S3 Objects" (s3-prefixes).
import { randomUUID } from 'node:crypto';
import { notImplemented } from '../../core/aws-error.js';
import { compileDateFormat, DatePatternError, UnsupportedDatePatternError, type CompiledDateFormat } from './java-date-format.js';
import { invalidArgument } from './errors.js';

export type PrefixPart =
  | { kind: 'literal'; text: string }
  | { kind: 'timestamp'; format: CompiledDateFormat }
  | { kind: 'random' }
  | { kind: 'errorType' };

export interface ParsedPrefix {
  readonly parts: readonly PrefixPart[];
  readonly hasExpressions: boolean;
  readonly hasTimestamp: boolean;
  readonly hasErrorType: boolean;
}

export type PrefixField = 'Prefix' | 'ErrorOutputPrefix';

/** The values `!{firehose:error-output-type}` evaluates to (s3-prefixes, "The firehose namespace"). */
export type ErrorOutputType = 'processing-failed' | 'format-conversion-failed' | 'elasticsearch-failed' | 'splunk-failed';

/** Firehose evaluates prefixes to at most 512 characters (s3-prefixes, semantic rules). */
export const MAX_EVALUATED_PREFIX = 512;

// "If you specify a prefix that doesn't contain a timestamp namespace expression, Firehose appends the expression
// !{timestamp:yyyy/MM/dd/HH/} to the value in the Prefix field."
const DEFAULT_TIME_PREFIX = "yyyy/MM/dd/HH/";

function parseExpression(field: PrefixField, namespace: string, value: string): PrefixPart {
  switch (namespace) {
    case 'timestamp':
      try {
        return { kind: 'timestamp', format: compileDateFormat(value) };
      } catch (e) {
        if (e instanceof UnsupportedDatePatternError) throw notImplemented('firehose', 'CreateDeliveryStream', `${field} timestamp ${e.message}`);
        if (e instanceof DatePatternError) throw invalidArgument(`${field} contains an invalid timestamp expression !{timestamp:${value}}: ${e.message}`);
        throw e;
      }
    case 'firehose':
      if (value === 'random-string') return { kind: 'random' };
      if (value === 'error-output-type') {
        if (field === 'Prefix') throw invalidArgument('Prefix cannot contain !{firehose:error-output-type}.');
        return { kind: 'errorType' };
      }
      throw invalidArgument(`${field} contains an unsupported firehose expression !{firehose:${value}}; supported values are error-output-type and random-string.`);
    case 'partitionKeyFromQuery':
    case 'partitionKeyFromLambda':
      throw notImplemented('firehose', 'CreateDeliveryStream', `dynamic partitioning (${field} uses !{${namespace}:…})`);
    default:
      throw invalidArgument(`${field} contains an unsupported namespace !{${namespace}:${value}}; supported namespaces are firehose and timestamp.`);
  }
}

/** Parses one prefix; throws InvalidArgumentException for text Firehose refuses. */
export function parsePrefix(field: PrefixField, text: string): ParsedPrefix {
  const parts: PrefixPart[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('!{', i);
    if (start < 0) {
      parts.push({ kind: 'literal', text: text.slice(i) });
      break;
    }
    if (start > i) parts.push({ kind: 'literal', text: text.slice(i, start) });
    const end = text.indexOf('}', start + 2);
    const colon = text.indexOf(':', start + 2);
    // "The sequence !{ can only appear in !{namespace:value} expressions."
    if (end < 0 || colon < 0 || colon > end) {
      throw invalidArgument(`${field} contains !{ outside a !{namespace:value} expression.`);
    }
    parts.push(parseExpression(field, text.slice(start + 2, colon), text.slice(colon + 1, end)));
    i = end + 1;
  }
  const hasExpressions = parts.some((p) => p.kind !== 'literal');
  return {
    parts,
    hasExpressions,
    hasTimestamp: parts.some((p) => p.kind === 'timestamp'),
    hasErrorType: parts.some((p) => p.kind === 'errorType'),
  };
}

export interface EffectivePrefixes {
  readonly prefix: ParsedPrefix;
  readonly errorPrefix: ParsedPrefix;
}

function withTimestamp(parsed: ParsedPrefix): ParsedPrefix {
  if (parsed.hasTimestamp) return parsed;
  return { ...parsed, hasTimestamp: true, parts: [...parsed.parts, { kind: 'timestamp', format: compileDateFormat(DEFAULT_TIME_PREFIX) }] };
}

/**
 * Validates a destination's pair of prefixes and returns the prefixes Firehose really evaluates: the default
 * time prefix appended where no timestamp expression is given, and the error prefix derived when none is set.
 */
export function effectivePrefixes(prefix: string | undefined, errorOutputPrefix: string | undefined): EffectivePrefixes {
  const parsed = parsePrefix('Prefix', prefix ?? '');
  const hasErrorPrefix = errorOutputPrefix !== undefined && errorOutputPrefix !== '';
  // "ErrorOutputPrefix can be null only if Prefix contains no expressions."
  if (parsed.hasExpressions && !hasErrorPrefix) {
    throw invalidArgument('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.');
  }
  let errorPrefix: ParsedPrefix;
  if (hasErrorPrefix) {
    errorPrefix = parsePrefix('ErrorOutputPrefix', errorOutputPrefix);
    // "If you specify an expression for ErrorOutputPrefix, you must include at least one instance of
    // !{firehose:error-output-type}."
    if (errorPrefix.hasExpressions && !errorPrefix.hasErrorType) {
      throw invalidArgument('ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions.');
    }
  } else {
    // "ErrorOutputPrefix evaluates to <specified-prefix><error-output-type>YYYY/MM/DD/HH/"; as delivered, the
    // error type is its own folder level.
    errorPrefix = parsePrefix('ErrorOutputPrefix', `${prefix ?? ''}!{firehose:error-output-type}/!{timestamp:${DEFAULT_TIME_PREFIX}}`);
  }
  const effective = { prefix: withTimestamp(parsed), errorPrefix };
  // "Neither Prefix nor ErrorOutputPrefix can be greater than 512 characters after they're evaluated."
  const sample = Date.UTC(2000, 8, 30, 23, 59, 59);
  const checked = hasErrorPrefix ? ([['Prefix', effective.prefix], ['ErrorOutputPrefix', effective.errorPrefix]] as const) : ([['Prefix', effective.prefix]] as const);
  for (const [field, p] of checked) {
    const length = evaluatePrefix(p, { epochMs: sample, errorType: 'processing-failed' }).length;
    if (length > MAX_EVALUATED_PREFIX) {
      throw invalidArgument(`${field} cannot be longer than ${MAX_EVALUATED_PREFIX} characters after evaluation.`);
    }
  }
  return effective;
}

export interface PrefixContext {
  /** Approximate arrival time of the oldest record in the object. */
  epochMs: number;
  /** CustomTimeZone; UTC when unset. */
  zone?: string;
  errorType?: ErrorOutputType;
  /** 11 characters; every `!{firehose:random-string}` instance draws a new one. */
  random?: () => string;
}

/** An 11-character random string, as the guide's example `046b6c7f-0b`. */
export function randomString(): string {
  return randomUUID().slice(0, 11);
}

export function evaluatePrefix(parsed: ParsedPrefix, ctx: PrefixContext): string {
  let out = '';
  for (const part of parsed.parts) {
    if (part.kind === 'literal') out += part.text;
    else if (part.kind === 'timestamp') out += part.format.format(ctx.epochMs, ctx.zone ?? 'UTC');
    else if (part.kind === 'random') out += (ctx.random ?? randomString)();
    else out += ctx.errorType ?? 'processing-failed';
  }
  return out;
}
