// Compiles parsed policy documents into matchers once, so authorizing a request is a few regular-expression tests
// and no JSON work; the compiled form is cached by document text and shared by every request (see policy-cache.ts).
import type { RequestContextKeys } from './context.js';
import { compileArnPattern } from './arn-pattern.js';
import { compileCondition, parseOperator, type CompiledCondition } from './conditions.js';
import { parsePolicy, type PolicyDocument, type PrincipalBlock, type Statement } from './policy-document.js';
import { matchPrincipal, type Principal, type PrincipalMatch } from './principal.js';
import { globToRegExpSource, type Pattern } from './wildcard.js';

export interface CompiledStatement {
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  matchesAction(action: string): boolean;
  matchesResource(resource: string, ctx: RequestContextKeys): boolean;
  /** The resource test with what does not depend on the request done once: true or false, or the test left to run
   *  per request (patterns with `${…}` variables). */
  resourcePlan(resource: string): boolean | ((ctx: RequestContextKeys) => boolean);
  /** For statements without Principal/NotPrincipal (identity policies) this is always 'any'. */
  matchesPrincipal(principal: Principal): PrincipalMatch | undefined;
  matchesConditions(ctx: RequestContextKeys): boolean;
}

export interface CompiledPolicy {
  /** The managed policy's ARN, named in explicit-deny messages; undefined for inline and resource policies. */
  readonly arn: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /** The statements that can apply to an action on a resource, memoized per action and resource (a principal's
   *  requests repeat a handful of both): the action and variable-free resource tests run once, not per request. */
  forRequest?(action: string, resource: string): readonly Candidate[];
}

/** A statement whose action matches, with its resource test: settled (true) or left to the request context. */
export interface Candidate {
  readonly statement: CompiledStatement;
  readonly resourceTest: ((ctx: RequestContextKeys) => boolean) | undefined;
}

const MAX_MEMO_ENTRIES = 512;

function requestIndex(statements: readonly CompiledStatement[]): (action: string, resource: string) => readonly Candidate[] {
  const byAction = new Map<string, { statements: readonly CompiledStatement[]; byResource: Map<string, readonly Candidate[]> }>();
  return (action, resource) => {
    let entry = byAction.get(action);
    if (entry === undefined) {
      if (byAction.size >= MAX_MEMO_ENTRIES) byAction.clear();
      entry = { statements: statements.filter((s) => s.matchesAction(action)), byResource: new Map() };
      byAction.set(action, entry);
    }
    let candidates = entry.byResource.get(resource);
    if (candidates === undefined) {
      const out: Candidate[] = [];
      for (const statement of entry.statements) {
        const plan = statement.resourcePlan(resource);
        if (plan !== false) out.push({ statement, resourceTest: plan === true ? undefined : plan });
      }
      if (entry.byResource.size >= MAX_MEMO_ENTRIES) entry.byResource.clear();
      entry.byResource.set(resource, out);
      candidates = out;
    }
    return candidates;
  };
}

function actionMatcher(patterns: readonly string[]): (action: string) => boolean {
  if (patterns.includes('*')) return () => true;
  // Action names are case-insensitive ("s3:getobject" grants s3:GetObject); one alternation tests them all.
  const re = new RegExp(`^(?:${patterns.map(globToRegExpSource).join('|')})$`, 'i');
  return (action) => re.test(action);
}

interface ResourceMatcher {
  test: (resource: string, ctx: RequestContextKeys) => boolean;
  /** true/false when the answer does not depend on the context, else the per-request test of what is left. */
  plan: (resource: string) => boolean | ((ctx: RequestContextKeys) => boolean);
}

function resourceMatcher(patterns: readonly string[]): ResourceMatcher {
  if (patterns.includes('*')) return { test: () => true, plan: () => true };
  const compiled: Pattern[] = patterns.map((p) => compileArnPattern(p));
  const fixed = compiled.filter((p) => p.variable !== true);
  const variable = compiled.filter((p) => p.variable === true);
  return {
    test: (resource, ctx) => compiled.some((p) => p.test(resource, ctx)),
    plan: (resource) => {
      if (fixed.some((p) => p.test(resource))) return true;
      const left = variable.filter((p) => p.staticMatch?.(resource) ?? true);
      if (left.length === 0) return false;
      return (ctx) => left.some((p) => p.test(resource, ctx));
    },
  };
}

function negate(plan: boolean | ((ctx: RequestContextKeys) => boolean)): boolean | ((ctx: RequestContextKeys) => boolean) {
  return typeof plan === 'boolean' ? !plan : (ctx) => !plan(ctx);
}

function principalMatcher(principal: PrincipalBlock | undefined, notPrincipal: PrincipalBlock | undefined): CompiledStatement['matchesPrincipal'] {
  if (principal) return (p) => matchPrincipal(principal, p);
  if (notPrincipal) return (p) => (matchPrincipal(notPrincipal, p) === undefined ? 'any' : undefined);
  return () => 'any';
}

function conditionMatcher(condition: Statement['condition']): (ctx: RequestContextKeys) => boolean {
  const compiled: CompiledCondition[] = [];
  let unknownOperator = false;
  for (const [operator, keys] of Object.entries(condition)) {
    if (!parseOperator(operator)) unknownOperator = true;
    else for (const [key, values] of Object.entries(keys)) compiled.push(compileCondition(operator, key, values));
  }
  // A document IAM never validated (a bucket policy) may name an unknown operator: such a statement never applies.
  if (unknownOperator) return () => false;
  if (compiled.length === 0) return () => true;
  return (ctx) => compiled.every((c) => c.test(ctx));
}

/** Before Version 2012-10-17 `${…}` is plain text: escape its `$` so no variable is substituted (IAM docs, "Version"). */
function literalDollars(values: readonly string[]): string[] {
  return values.map((v) => v.replaceAll('${', '${$}{'));
}

function withoutVariables(s: Statement): Statement {
  const condition: Statement['condition'] = {};
  for (const [op, keys] of Object.entries(s.condition)) {
    condition[op] = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, literalDollars(v)]));
  }
  return {
    ...s,
    resource: s.resource && literalDollars(s.resource),
    notResource: s.notResource && literalDollars(s.notResource),
    condition,
  };
}

export function compileStatement(raw: Statement, variables = true): CompiledStatement {
  const s = variables ? raw : withoutVariables(raw);
  const action = s.action ? actionMatcher(s.action) : undefined;
  const notAction = s.notAction ? actionMatcher(s.notAction) : undefined;
  const resource = s.resource ? resourceMatcher(s.resource) : undefined;
  const notResource = s.notResource ? resourceMatcher(s.notResource) : undefined;
  const resourceTest = resource ? resource.test : undefined;
  const notResourceTest = notResource ? notResource.test : undefined;
  return {
    sid: s.sid,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    matchesAction: action ?? (notAction ? (a) => !notAction(a) : () => false),
    // A trust policy has no Resource: the role it belongs to is the resource.
    matchesResource: resourceTest ?? (notResourceTest ? (r, ctx) => !notResourceTest(r, ctx) : () => true),
    resourcePlan: resource ? resource.plan : notResource ? (r) => negate(notResource.plan(r)) : () => true,
    matchesPrincipal: principalMatcher(s.principal, s.notPrincipal),
    matchesConditions: conditionMatcher(s.condition),
  };
}

export function compileDocument(doc: PolicyDocument, arn?: string): CompiledPolicy {
  const variables = doc.version === '2012-10-17';
  const statements = doc.statements.map((s) => compileStatement(s, variables));
  return { arn, statements, forRequest: requestIndex(statements) };
}

/** Parses (without IAM's validation) and compiles; throws MalformedPolicyDocument on unreadable JSON. */
export function compilePolicy(text: string | object, arn?: string): CompiledPolicy {
  return compileDocument(parsePolicy(text), arn);
}
