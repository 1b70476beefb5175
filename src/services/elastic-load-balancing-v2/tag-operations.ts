// Tags on load balancers, target groups, listeners and rules (AddTags / RemoveTags / DescribeTags): up to 50 per
// resource, duplicate keys in one request refused (DuplicateTagKeys).
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';
import type { Elbv2 } from './context.js';
import type { Scoped } from './records.js';

type Tagged = Scoped & { tags: Api.Tag[] };

function locate(s: Elbv2, ctx: RequestContext, arn: string): { kind: 'lb' | 'tg' | 'listener' | 'rule'; rec: Tagged } {
  const found =
    (s.state.lbs.get(arn) && { kind: 'lb' as const, rec: s.state.lbs.get(arn)! }) ??
    (s.state.tgs.get(arn) && { kind: 'tg' as const, rec: s.state.tgs.get(arn)! }) ??
    (s.state.listeners.get(arn) && { kind: 'listener' as const, rec: s.state.listeners.get(arn)! }) ??
    (s.state.rules.get(arn) && { kind: 'rule' as const, rec: s.state.rules.get(arn)! });
  if (!found || found.rec.account !== ctx.account || found.rec.region !== ctx.region) {
    if (arn.includes(':targetgroup/')) throw modeledError('TargetGroupNotFoundException', `Target groups '${arn}' not found`);
    if (arn.includes(':listener-rule/')) throw modeledError('RuleNotFoundException', 'One or more rules not found');
    if (arn.includes(':listener/')) throw modeledError('ListenerNotFoundException', `Listener '${arn}' not found`);
    throw modeledError('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`);
  }
  return found;
}

function save(s: Elbv2, arn: string, kind: 'lb' | 'tg' | 'listener' | 'rule', rec: Tagged): void {
  // The overloads of put take the matching record type; the record came from the same map.
  (s.state.put as (k: string, a: string, r: Tagged) => void)(kind, arn, rec);
}

export function addTags(s: Elbv2, ctx: RequestContext, input: Api.AddTagsInput): Api.AddTagsOutput {
  const keys = input.Tags.map((t) => t.Key);
  if (new Set(keys).size !== keys.length) throw modeledError('DuplicateTagKeysException', `Tag key '${keys.find((k, i) => keys.indexOf(k) !== i)}' is duplicated`);
  const found = input.ResourceArns.map((arn) => ({ arn, ...locate(s, ctx, arn) }));
  const updates = found.map(({ arn, kind, rec }) => {
    const tags = rec.tags.filter((t) => !keys.includes(t.Key));
    tags.push(...input.Tags);
    if (tags.length > 50) throw modeledError('TooManyTagsException', `The quota for the number of tags that can be assigned to a load balancer has been reached`);
    return { arn, kind, rec: { ...rec, tags } };
  });
  s.state.transaction(() => updates.forEach((u) => save(s, u.arn, u.kind, u.rec)));
  return {};
}

export function removeTags(s: Elbv2, ctx: RequestContext, input: Api.RemoveTagsInput): Api.RemoveTagsOutput {
  const found = input.ResourceArns.map((arn) => ({ arn, ...locate(s, ctx, arn) }));
  s.state.transaction(() => found.forEach(({ arn, kind, rec }) => save(s, arn, kind, { ...rec, tags: rec.tags.filter((t) => !input.TagKeys.includes(t.Key)) })));
  return {};
}

export function describeTags(s: Elbv2, ctx: RequestContext, input: Api.DescribeTagsInput): Api.DescribeTagsOutput {
  return { TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: locate(s, ctx, arn).rec.tags })) };
}
