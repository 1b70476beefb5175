// Condition operators: String*, Numeric*, Date*, Bool, Binary, IpAddress, Arn*, Null, with …IfExists and the
// ForAnyValue:/ForAllValues: set qualifiers, compiled once per condition block (IAM JSON reference, "Condition operators").
import { isIP } from 'node:net';
import { BlockList } from 'node:net';
import type { RequestContextKeys } from './context.js';
import { valuesOf } from './context.js';
import { compileArnPattern } from './arn-pattern.js';
import { compilePattern, substituteVariables, type Pattern } from './wildcard.js';

/** A compiled condition: one operator applied to one key with its policy values. */
export interface CompiledCondition {
  readonly operator: string;
  readonly key: string;
  test(ctx: RequestContextKeys): boolean;
}

type ValueMatcher = (requestValue: string, ctx: RequestContextKeys) => boolean;

interface BaseOperator {
  /** Negated operators (StringNotEquals, NotIpAddress …) are true when the key is absent. */
  negated: boolean;
  compile(policyValues: readonly string[]): ValueMatcher;
}

function strings(ignoreCase: boolean, globs: boolean): BaseOperator['compile'] {
  return (policyValues) => {
    const patterns: Pattern[] = policyValues.map((v) => compilePattern(v, { ignoreCase, globs, variables: true }));
    return (value, ctx) => patterns.some((p) => p.test(value, ctx));
  };
}

function numeric(cmp: (a: number, b: number) => boolean): BaseOperator['compile'] {
  return (policyValues) => (value, ctx) => {
    const a = Number(value);
    if (value.trim() === '' || Number.isNaN(a)) return false;
    return policyValues.some((pv) => {
      const resolved = substituteVariables(pv, ctx);
      const b = resolved === undefined ? NaN : Number(resolved);
      return !Number.isNaN(b) && cmp(a, b);
    });
  };
}

/** ISO 8601 dates or epoch seconds, as AWS accepts both in Date conditions. */
export function parseConditionDate(text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000;
  return Date.parse(text);
}

function date(cmp: (a: number, b: number) => boolean): BaseOperator['compile'] {
  return (policyValues) => (value, ctx) => {
    const a = parseConditionDate(value);
    if (Number.isNaN(a)) return false;
    return policyValues.some((pv) => {
      const resolved = substituteVariables(pv, ctx);
      const b = resolved === undefined ? NaN : parseConditionDate(resolved);
      return !Number.isNaN(b) && cmp(a, b);
    });
  };
}

function bool(policyValues: readonly string[]): ValueMatcher {
  return (value, ctx) => policyValues.some((pv) => (substituteVariables(pv, ctx) ?? '').toLowerCase() === value.toLowerCase());
}

function binary(policyValues: readonly string[]): ValueMatcher {
  return (value) => policyValues.some((pv) => Buffer.from(pv, 'base64').equals(Buffer.from(value, 'base64')));
}

function ipAddress(policyValues: readonly string[]): ValueMatcher {
  const list = new BlockList();
  for (const cidr of policyValues) {
    const [address = '', prefix] = cidr.split('/');
    const family = isIP(address);
    if (family === 0) continue;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (value) => {
    const family = isIP(value);
    if (family === 0) return false;
    return list.check(value, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function arns(policyValues: readonly string[]): ValueMatcher {
  const patterns = policyValues.map((v) => compileArnPattern(v));
  return (value, ctx) => patterns.some((p) => p.test(value, ctx));
}

const ny = (compile: BaseOperator['compile'], negated = false): BaseOperator => ({ compile, negated });

/** Base operators by lower-cased name. */
const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map<string, BaseOperator>([
  ['stringequals', ny(strings(false, false))],
  ['stringnotequals', ny(strings(false, false), true)],
  ['stringequalsignorecase', ny(strings(true, false))],
  ['stringnotequalsignorecase', ny(strings(true, false), true)],
  ['stringlike', ny(strings(false, true))],
  ['stringnotlike', ny(strings(false, true), true)],
  ['numericequals', ny(numeric((a, b) => a === b))],
  ['numericnotequals', ny(numeric((a, b) => a === b), true)],
  ['numericlessthan', ny(numeric((a, b) => a < b))],
  ['numericlessthanequals', ny(numeric((a, b) => a <= b))],
  ['numericgreaterthan', ny(numeric((a, b) => a > b))],
  ['numericgreaterthanequals', ny(numeric((a, b) => a >= b))],
  ['dateequals', ny(date((a, b) => a === b))],
  ['datenotequals', ny(date((a, b) => a === b), true)],
  ['datelessthan', ny(date((a, b) => a < b))],
  ['datelessthanequals', ny(date((a, b) => a <= b))],
  ['dategreaterthan', ny(date((a, b) => a > b))],
  ['dategreaterthanequals', ny(date((a, b) => a >= b))],
  ['bool', ny(bool)],
  ['binaryequals', ny(binary)],
  ['ipaddress', ny(ipAddress)],
  ['notipaddress', ny(ipAddress, true)],
  ['arnequals', ny(arns)],
  ['arnlike', ny(arns)],
  ['arnnotequals', ny(arns, true)],
  ['arnnotlike', ny(arns, true)],
]);

export interface ParsedOperator {
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  base: string;
  ifExists: boolean;
}

/** Splits `ForAllValues:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === 'foranyvalue') set = 'ForAnyValue';
    else if (qualifier === 'forallvalues') set = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = rest.toLowerCase();
  if (base === 'null') return ifExists ? undefined : { set, base, ifExists };
  return OPERATORS.has(base) ? { set, base, ifExists } : undefined;
}

/** Compiles one operator/key/values triple; the operator must have passed parseOperator. */
export function compileCondition(operator: string, key: string, policyValues: readonly string[]): CompiledCondition {
  const parsed = parseOperator(operator);
  if (!parsed) throw new Error(`unknown condition operator ${operator}`);
  if (parsed.base === 'null') {
    // Null: "true" asks that the key be absent, "false" that it be present.
    const wantAbsent = policyValues.map((v) => v.toLowerCase() === 'true');
    return { operator, key, test: (ctx) => wantAbsent.some((absent) => absent === !ctx.has(key)) };
  }
  const base = OPERATORS.get(parsed.base)!;
  const matches = base.compile(policyValues);
  // A negated operator matches a request value when no policy value matches it.
  const one = base.negated ? (v: string, ctx: RequestContextKeys) => !matches(v, ctx) : matches;
  const { set, ifExists } = parsed;
  return {
    operator,
    key,
    test(ctx) {
      const present = ctx.has(key);
      const values = valuesOf(ctx.get(key));
      if (set === 'ForAllValues') {
        // True for an absent key or empty set (the documented ForAllValues pitfall); else every value must match.
        return values.every((v) => one(v, ctx));
      }
      if (set === 'ForAnyValue') {
        if (!present || values.length === 0) return ifExists;
        return values.some((v) => one(v, ctx));
      }
      if (!present) return ifExists || base.negated;
      // Single-valued operator on a key: a negated operator needs every request value to miss the policy values.
      return base.negated ? values.every((v) => one(v, ctx)) : values.some((v) => one(v, ctx));
    },
  };
}
