// Wildcard and policy-variable matching for policy elements: `*` and `?` globs (Action, Resource, StringLike, ArnLike)
// and `${aws:username}`-style variables, compiled once per pattern (IAM JSON reference, "Policy variables").
import type { RequestContextKeys } from './context.js';
import { valuesOf } from './context.js';

/** A compiled pattern: test(value, ctx) answers whether the value matches; undefined variables never match. */
export interface Pattern {
  readonly source: string;
  test(value: string, ctx?: RequestContextKeys): boolean;
  /** Whether the pattern holds `${…}` variables, so its answer depends on the request context. */
  readonly variable?: boolean;
  /** For a variable ARN pattern: whether the segments without variables match (if not, it never matches). */
  staticMatch?(value: string): boolean;
}

const REGEX_SPECIAL = /[.+^$()[\]{}|\\]/g;

/** `*` → any run of characters, `?` → one character, all else literal. */
export function globToRegExpSource(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(REGEX_SPECIAL, '\\$&');
  }
  return out;
}

function literalRegExpSource(text: string): string {
  return text.replace(/[.*+?^$()[\]{}|\\]/g, '\\$&');
}

type Part = { kind: 'glob'; text: string } | { kind: 'var'; key: string; fallback: string | undefined };
/** A part as the request-time resolution uses it: literal text already turned into regular-expression source. */
type ResolvedPart = { kind: 'source'; source: string } | { kind: 'var'; key: string; fallback: string | undefined };

// ${key} or ${key, 'default'}; ${*} ${?} ${$} are the escapes for the literal characters (IAM docs, "Special characters").
const VARIABLE = /\$\{([^}]*)\}/g;

function parseParts(pattern: string, variables: boolean): Part[] {
  if (!variables || !pattern.includes('${')) return [{ kind: 'glob', text: pattern }];
  const parts: Part[] = [];
  let last = 0;
  for (const m of pattern.matchAll(VARIABLE)) {
    const index = m.index;
    if (index > last) parts.push({ kind: 'glob', text: pattern.slice(last, index) });
    const body = (m[1] ?? '').trim();
    if (body === '*' || body === '?' || body === '$') parts.push({ kind: 'var', key: '', fallback: body });
    else {
      const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(body);
      if (withDefault) parts.push({ kind: 'var', key: withDefault[1] ?? '', fallback: withDefault[2] });
      else parts.push({ kind: 'var', key: body, fallback: undefined });
    }
    last = index + m[0].length;
  }
  if (last < pattern.length) parts.push({ kind: 'glob', text: pattern.slice(last) });
  return parts;
}

/** Glob text and escaped characters become regular-expression source once, at compile time. */
function precompile(parts: readonly Part[], globs: boolean): ResolvedPart[] {
  return parts.map((part) => {
    if (part.kind === 'glob') return { kind: 'source', source: globs ? globToRegExpSource(part.text) : literalRegExpSource(part.text) };
    if (part.key === '') return { kind: 'source', source: literalRegExpSource(part.fallback ?? '') };
    return part;
  });
}

/** The pattern's text with variables replaced from ctx; undefined when a variable has no value and no default. */
function resolveRegExpSource(parts: readonly ResolvedPart[], ctx: RequestContextKeys | undefined): string | undefined {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'source') out += part.source;
    else {
      const values = valuesOf(ctx?.get(part.key));
      // A multivalued key cannot stand in a variable; AWS treats it as not matching.
      const value = values.length === 1 ? values[0] : part.fallback;
      if (value === undefined) return undefined;
      out += literalRegExpSource(value);
    }
  }
  return out;
}

export interface PatternOptions {
  ignoreCase?: boolean;
  /** Whether `*` and `?` are wildcards (StringLike) or literal (StringEquals). */
  globs?: boolean;
  /** Whether `${…}` policy variables are substituted (Resource and Condition values, not Action). */
  variables?: boolean;
}

/** Compiles a pattern; the fast paths (`*`, no wildcard, no variable) avoid regular expressions entirely. */
export function compilePattern(source: string, options: PatternOptions = {}): Pattern {
  const ignoreCase = options.ignoreCase ?? false;
  const globs = options.globs ?? true;
  const parts = parseParts(source, options.variables ?? false);
  const flags = ignoreCase ? 'is' : 's';
  if (parts.length === 1 && parts[0]?.kind === 'glob') {
    if (globs && source === '*') return { source, test: () => true };
    if (!globs || !/[*?]/.test(source)) {
      const want = ignoreCase ? source.toLowerCase() : source;
      return { source, test: (value) => (ignoreCase ? value.toLowerCase() : value) === want };
    }
    const re = new RegExp(`^${globToRegExpSource(source)}$`, flags);
    return { source, test: (value) => re.test(value) };
  }
  // With variables the expression depends on the request; cache a few resolutions (usually one per principal).
  const cache = new Map<string, RegExp | null>();
  const resolvedParts = precompile(parts, globs);
  return {
    source,
    variable: true,
    test(value, ctx) {
      const resolved = resolveRegExpSource(resolvedParts, ctx);
      if (resolved === undefined) return false;
      let re = cache.get(resolved);
      if (re === undefined) {
        if (cache.size > 64) cache.clear();
        re = new RegExp(`^${resolved}$`, flags);
        cache.set(resolved, re);
      }
      return re !== null && re.test(value);
    },
  };
}

/** Substitutes variables in a plain value (Condition values of non-string operators); undefined when unresolved. */
export function substituteVariables(text: string, ctx: RequestContextKeys | undefined): string | undefined {
  if (!text.includes('${')) return text;
  let failed = false;
  const out = text.replace(VARIABLE, (_m, rawBody: string) => {
    const body = rawBody.trim();
    if (body === '*' || body === '?' || body === '$') return body;
    const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(body);
    const key = withDefault ? (withDefault[1] ?? '') : body;
    const values = valuesOf(ctx?.get(key));
    const value = values.length === 1 ? values[0] : withDefault?.[2];
    if (value === undefined) failed = true;
    return value ?? '';
  });
  return failed ? undefined : out;
}
