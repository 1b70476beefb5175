// Route 53's authorization declaration: hosted zone, health check and change ids (with or without their /hostedzone/
// prefix) fill the reference's ${Id}, tag operations pick the type their ResourceType names, and
// ChangeResourceRecordSets carries its three condition keys.
import type { ServiceAuthorization, VariableValue } from '../action-map.js';
import { str } from './input-values.js';

/** "/hostedzone/Z1" and "Z1" name the same zone (Route 53 API: Id "The ID of the hosted zone"). */
const bareId = (v: unknown): string | undefined => str(v)?.replace(/^\/(?:hostedzone|healthcheck|change)\//, '');

interface Change {
  Action?: string;
  ResourceRecordSet?: { Name?: string; Type?: string };
}

/** The record name as the condition key compares it: lower case, no trailing dot (Route 53 Developer Guide,
 *  "Using IAM policy conditions for fine-grained access control": route53:ChangeResourceRecordSetsNormalizedRecordNames). */
const normalizedName = (name: string): string => name.toLowerCase().replace(/\.$/, '');

function changes(input: Readonly<Record<string, unknown>>): Change[] {
  const batch = input.ChangeBatch as { Changes?: Change[] } | undefined;
  return Array.isArray(batch?.Changes) ? batch.Changes : [];
}

function variables(operation: string, input: Readonly<Record<string, unknown>>): Record<string, VariableValue> {
  if (operation === 'ListTagsForResources') return { Id: Array.isArray(input.ResourceIds) ? (input.ResourceIds as unknown[]).map(bareId).filter((v): v is string => v !== undefined) : undefined };
  return { Id: bareId(input.Id) ?? bareId(input.HostedZoneId) ?? bareId(input.HealthCheckId) ?? bareId(input.ResourceId) };
}

/** Route 53 ARNs: arn:aws:route53:::hostedzone/<id>, healthcheck/<id>, change/<id> (no region, no account). */
function tagResource(operation: string, input: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  if (operation !== 'ChangeTagsForResource' && operation !== 'ListTagsForResource' && operation !== 'ListTagsForResources') return undefined;
  const type = str(input.ResourceType);
  if (type !== 'hostedzone' && type !== 'healthcheck') return undefined;
  const ids = variables(operation, input).Id;
  const all = ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  return all.length === 0 ? undefined : all.map((id) => `arn:aws:route53:::${type}/${id}`);
}

export const ROUTE53_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'route53',
  resourceVariables: variables,
  resourceArns: tagResource,
  conditionValues: (operation, input) => {
    if (operation !== 'ChangeResourceRecordSets') return {};
    const all = changes(input);
    return {
      'route53:ChangeResourceRecordSetsActions': [...new Set(all.map((c) => c.Action ?? ''))].filter((a) => a !== ''),
      'route53:ChangeResourceRecordSetsRecordTypes': [...new Set(all.map((c) => c.ResourceRecordSet?.Type ?? ''))].filter((t) => t !== ''),
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...new Set(all.map((c) => normalizedName(c.ResourceRecordSet?.Name ?? '')))].filter((n) => n !== ''),
    };
  },
};
