// WAF regexes on a linear-time engine (re2js, RE2's algorithm): AWS supports a PCRE subset without backreferences,
// lookaround, atomic groups or recursion ("Supported regular expression syntax"), which is exactly what RE2 refuses.
import { RE2JS } from 're2js';

export interface CompiledRegex {
  test(input: string): boolean;
}

const cache = new Map<string, CompiledRegex>();

/** Why a pattern cannot run (RE2's words), or undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A compiled pattern, shared by every rule that names it; patterns were checked when the rule was stored. */
export function compileRegex(pattern: string): CompiledRegex {
  let r = cache.get(pattern);
  if (r === undefined) {
    const re = RE2JS.compile(pattern);
    r = { test: (input: string) => re.test(input) };
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, r);
  }
  return r;
}
