// WAFv2 scopes and ARNs: CLOUDFRONT resources exist only through us-east-1 ("Scope": "call us-east-1 for
// CLOUDFRONT"), and ARNs read arn:aws:wafv2:<region>:<account>:<global|regional>/<kind>/<name>/<id>.
import type { RequestContext } from '../../core/request-context.js';
import type { Kind, WafScope } from './entity-store.js';
import { invalidParameter, REASON } from './errors.js';

const PATH: Record<Kind, string> = { webacl: 'webacl', rulegroup: 'rulegroup', ipset: 'ipset', regexset: 'regexpatternset' };

export function checkScope(ctx: { region: string }, scope: string): WafScope {
  if (scope === 'CLOUDFRONT' && ctx.region !== 'us-east-1') throw invalidParameter('SCOPE_VALUE', 'CLOUDFRONT', REASON.scope);
  if (scope !== 'CLOUDFRONT' && scope !== 'REGIONAL') throw invalidParameter('SCOPE_VALUE', scope, REASON.scope);
  return scope;
}

export function entityArn(ctx: Pick<RequestContext, 'account' | 'region'>, scope: WafScope, kind: Kind, name: string, id: string): string {
  return `arn:aws:wafv2:${ctx.region}:${ctx.account}:${scope === 'CLOUDFRONT' ? 'global' : 'regional'}/${PATH[kind]}/${name}/${id}`;
}

export interface ParsedArn {
  region: string;
  account: string;
  scope: WafScope;
  kind: Kind;
  name: string;
  id: string;
}

export function parseEntityArn(arn: string): ParsedArn | undefined {
  const m = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):(\d{12}):(global|regional)\/(webacl|rulegroup|ipset|regexpatternset)\/([\w-]+)\/([0-9a-f-]{1,36})$/.exec(arn);
  if (!m) return undefined;
  const kind = (m[4] === 'regexpatternset' ? 'regexset' : m[4]) as Kind;
  return { region: m[1]!, account: m[2]!, scope: m[3] === 'global' ? 'CLOUDFRONT' : 'REGIONAL', kind, name: m[5]!, id: m[6]! };
}

/** Resources AssociateWebACL takes here: ALBs (elasticloadbalancing …:loadbalancer/app/…). CloudFront attaches
 *  through its distribution (WebACLId, AssociateDistributionWebACL), and AssociateWebACL refuses its ARNs. */
export function resourceKind(arn: string): 'alb' | 'cloudfront' | 'other' | 'invalid' {
  if (/^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[A-Z0-9]+$/.test(arn)) return 'cloudfront';
  if (/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[\w-]+\/[0-9a-f]+$/.test(arn)) return 'alb';
  if (/^arn:aws[a-z-]*:(apigateway|appsync|cognito-idp|apprunner|ec2):/.test(arn)) return 'other';
  return 'invalid';
}
