// IP sets and regex pattern sets: create, get, list, update and delete under a LockToken that changes on every
// update (a stale one answers WAFOptimisticLockException); a set still referenced by a rule cannot be deleted.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/wafv2/api.js';
import { parseCidr } from '../../net/waf/ip.js';
import { regexProblem } from '../../net/waf/regex.js';
import type { Wafv2Context } from './context.js';
import type { Entity, Kind, WafScope } from './entity-store.js';
import { associated, duplicate, invalidParameter, limitsExceeded, nonexistent, optimisticLock, REASON } from './errors.js';
import { checkScope, entityArn } from './scope.js';
import { compact } from '../../net/waf/compact.js';

/** "AWS WAF quotas": 100 IP sets and 10 regex pattern sets per account and Region (per scope). */
const MAX_IP_SETS = 100;
const MAX_REGEX_SETS = 10;
const MAX_REGEXES = 10;

export function requireEntity<B>(c: Wafv2Context, ctx: RequestContext, kind: Kind, scope: WafScope, name: string, id: string): Entity<B> {
  const e = c.entities.get<B>(ctx.account, ctx.region, kind, id);
  if (!e || e.name !== name || e.scope !== scope) throw nonexistent();
  return e;
}

export function checkLock(e: Entity<unknown>, token: string): void {
  if (e.lockToken !== token) throw optimisticLock();
}

function checkAddresses(version: api.IPAddressVersion, addresses: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of addresses) {
    const c = parseCidr(a);
    if (!c) throw invalidParameter('IP_ADDRESS', a, REASON.invalidIp);
    if (c.v6 !== (version === 'IPV6')) throw invalidParameter('IP_ADDRESS_VERSION', a, REASON.ipVersion);
    out.push(a);
  }
  return out;
}

function checkRegexes(list: readonly api.Regex[]): void {
  if (list.length > MAX_REGEXES) throw limitsExceeded(`A regex pattern set holds at most ${MAX_REGEXES} regular expressions.`);
  for (const r of list) {
    if (r.RegexString === undefined || regexProblem(r.RegexString)) throw invalidParameter('REGEX_PATTERN_SET', r.RegexString ?? '', REASON.unsupportedRegex);
  }
}

function create<B>(c: Wafv2Context, ctx: RequestContext, kind: Kind, scope: WafScope, name: string, body: (id: string, arn: string) => B, tags: api.Tag[] | undefined, max: number): { id: string; arn: string; lockToken: string } {
  return c.store.transaction(() => {
    if (c.entities.byName(ctx.account, ctx.region, kind, scope, name)) throw duplicate();
    if (c.entities.count(ctx.account, ctx.region, kind, scope) >= max) throw limitsExceeded(`You can create at most ${max} of these per scope in a Region.`);
    const id = randomUUID();
    const arn = entityArn(ctx, scope, kind, name, id);
    const lockToken = randomUUID();
    c.entities.insert({ account: ctx.account, region: ctx.region, kind, scope, id, name, arn, lockToken, body: body(id, arn), tags: tags ?? [] });
    return { id, arn, lockToken };
  });
}

export function createIPSet(c: Wafv2Context, ctx: RequestContext, input: api.CreateIPSetRequest): api.CreateIPSetResponse {
  const scope = checkScope(ctx, input.Scope);
  const addresses = checkAddresses(input.IPAddressVersion, input.Addresses);
  const r = create<api.IPSet>(c, ctx, 'ipset', scope, input.Name, (Id, ARN) => compact({ Name: input.Name, Id, ARN, Description: input.Description, IPAddressVersion: input.IPAddressVersion, Addresses: addresses }), input.Tags, MAX_IP_SETS);
  return { Summary: compact({ Name: input.Name, Id: r.id, Description: input.Description, LockToken: r.lockToken, ARN: r.arn }) };
}

export function getIPSet(c: Wafv2Context, ctx: RequestContext, input: api.GetIPSetRequest): api.GetIPSetResponse {
  const e = requireEntity<api.IPSet>(c, ctx, 'ipset', checkScope(ctx, input.Scope), input.Name, input.Id);
  return { IPSet: e.body, LockToken: e.lockToken };
}

export function updateIPSet(c: Wafv2Context, ctx: RequestContext, input: api.UpdateIPSetRequest): api.UpdateIPSetResponse {
  const scope = checkScope(ctx, input.Scope);
  const addresses = checkAddresses(requireEntity<api.IPSet>(c, ctx, 'ipset', scope, input.Name, input.Id).body.IPAddressVersion, input.Addresses);
  return c.store.transaction(() => {
    const e = requireEntity<api.IPSet>(c, ctx, 'ipset', scope, input.Name, input.Id);
    checkLock(e, input.LockToken);
    const next = randomUUID();
    c.entities.update(e.arn, compact({ ...e.body, Description: input.Description, Addresses: addresses }), next);
    return { NextLockToken: next };
  });
}

export function createRegexPatternSet(c: Wafv2Context, ctx: RequestContext, input: api.CreateRegexPatternSetRequest): api.CreateRegexPatternSetResponse {
  const scope = checkScope(ctx, input.Scope);
  checkRegexes(input.RegularExpressionList);
  const r = create<api.RegexPatternSet>(c, ctx, 'regexset', scope, input.Name, (Id, ARN) => compact({ Name: input.Name, Id, ARN, Description: input.Description, RegularExpressionList: input.RegularExpressionList }), input.Tags, MAX_REGEX_SETS);
  return { Summary: compact({ Name: input.Name, Id: r.id, Description: input.Description, LockToken: r.lockToken, ARN: r.arn }) };
}

export function getRegexPatternSet(c: Wafv2Context, ctx: RequestContext, input: api.GetRegexPatternSetRequest): api.GetRegexPatternSetResponse {
  const e = requireEntity<api.RegexPatternSet>(c, ctx, 'regexset', checkScope(ctx, input.Scope), input.Name, input.Id);
  return { RegexPatternSet: e.body, LockToken: e.lockToken };
}

export function updateRegexPatternSet(c: Wafv2Context, ctx: RequestContext, input: api.UpdateRegexPatternSetRequest): api.UpdateRegexPatternSetResponse {
  const scope = checkScope(ctx, input.Scope);
  checkRegexes(input.RegularExpressionList);
  return c.store.transaction(() => {
    const e = requireEntity<api.RegexPatternSet>(c, ctx, 'regexset', scope, input.Name, input.Id);
    checkLock(e, input.LockToken);
    const next = randomUUID();
    c.entities.update(e.arn, compact({ ...e.body, Description: input.Description, RegularExpressionList: input.RegularExpressionList }), next);
    return { NextLockToken: next };
  });
}

/** Deletes a set, rule group or web ACL after its lock and use checks (shared by every Delete operation). */
export function deleteEntity(c: Wafv2Context, ctx: RequestContext, kind: Kind, input: { Name: string; Scope: string; Id: string; LockToken: string }): void {
  const scope = checkScope(ctx, input.Scope);
  c.store.transaction(() => {
    const e = requireEntity(c, ctx, kind, scope, input.Name, input.Id);
    checkLock(e, input.LockToken);
    if (kind === 'webacl' ? c.entities.resourcesOf(e.arn).length > 0 : c.entities.referencedBy(ctx.account, ctx.region, e.arn) !== undefined) throw associated();
    c.entities.delete(e.arn);
    c.entities.deleteLogging(e.arn);
  });
}

export function listEntities(c: Wafv2Context, ctx: RequestContext, kind: Kind, input: { Scope: string; NextMarker?: string; Limit?: number }): { summaries: { Name: string; Id: string; Description?: string; LockToken: string; ARN: string }[]; next?: string | undefined } {
  const scope = checkScope(ctx, input.Scope);
  const all = c.entities.list<{ Description?: string }>(ctx.account, ctx.region, kind, scope);
  const start = input.NextMarker === undefined ? 0 : Math.max(0, all.findIndex((e) => e.id === input.NextMarker) + 1);
  const limit = input.Limit ?? 100;
  const page = all.slice(start, start + limit);
  return {
    summaries: page.map((e) => compact({ Name: e.name, Id: e.id, Description: e.body.Description, LockToken: e.lockToken, ARN: e.arn })),
    next: start + limit < all.length ? page[page.length - 1]!.id : undefined,
  };
}
