// Resource and ArnLike matching: an ARN pattern is compared segment by segment (partition, service, region, account,
// resource), so a wildcard in one segment never spans a colon into the next (IAM JSON reference, "Resource" / ARN*).
import type { RequestContextKeys } from './context.js';
import { compilePattern, type Pattern } from './wildcard.js';

/** Splits arn:partition:service:region:account:resource into its six parts; the resource keeps its colons. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts[0] === 'arn' ? parts : undefined;
}

// One request tests the same resource ARN against every statement's patterns: split it once.
let lastArn: string | undefined;
let lastParts: string[] | undefined;

function splitValue(arn: string): string[] | undefined {
  if (arn !== lastArn) {
    lastParts = splitArn(arn);
    lastArn = arn;
  }
  return lastParts;
}

export interface ArnPatternOptions {
  /** ArnLike uses globs, ArnEquals also does (AWS treats both alike); literal matching is for tests of quirks. */
  variables?: boolean;
}

/** Compiles an ARN pattern; `*` alone matches every resource, a non-ARN pattern is compared as a whole glob. */
export function compileArnPattern(source: string, options: ArnPatternOptions = {}): Pattern {
  const variables = options.variables ?? true;
  if (source === '*') return { source, test: () => true };
  const parts = splitArn(source);
  if (!parts) {
    // An ARN pattern with fewer than six segments names no resource; other text is compared as a whole.
    if (source.startsWith('arn:')) return { source, test: () => false };
    return compilePattern(source, { variables });
  }
  const segments: Pattern[] = parts.map((p) => compilePattern(p, { variables }));
  const variable = segments.some((s) => s.variable === true);
  return {
    source,
    variable,
    staticMatch(value: string): boolean {
      const valueParts = splitValue(value);
      if (!valueParts) return false;
      for (let i = 0; i < 6; i++) if (segments[i]!.variable !== true && !segments[i]!.test(valueParts[i]!)) return false;
      return true;
    },
    test(value: string, ctx?: RequestContextKeys): boolean {
      const valueParts = splitValue(value);
      if (!valueParts) return false;
      for (let i = 0; i < 6; i++) if (!segments[i]!.test(valueParts[i]!, ctx)) return false;
      return true;
    },
  };
}
