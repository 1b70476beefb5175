// AWS WAF in front of an ALB's rules: a web ACL associated with the load balancer (AssociateWebACL) judges each
// request before routing, reading at most 8 KB of the body ("Managing body inspection size limits"); Block answers
// ALB's 403 page (or the rule's custom response), CAPTCHA/Challenge their 405/202, Allow forwards with x-amzn-waf-*.
import { completeResponse, dechunk, reasonPhrase, type ClientInfo, type HttpHead, type InspectBodyPlan, type ProxyPlan } from '../../../net/proxy/index.js';
import type { EdgeWaf, EdgeWafRequest, EdgeWafVerdict } from '../../../net/edge/waf-port.js';
import { albError } from './alb-handler.js';

/** An ALB inspects the first 8 KB of a body; more is judged per the rule's OversizeHandling. */
export const ALB_BODY_INSPECTION = 8 * 1024;

function wafRequest(req: HttpHead, client: ClientInfo, body: Buffer, bodyLength: number): EdgeWafRequest {
  const q = req.target.indexOf('?');
  const headers: [string, string][] = [];
  for (let i = 0; i < req.headers.length; i += 2) headers.push([req.headers[i]!, req.headers[i + 1]!]);
  const ip = client.remoteAddress.startsWith('::ffff:') ? client.remoteAddress.slice(7) : client.remoteAddress;
  return { method: req.method, path: q < 0 ? req.target : req.target.slice(0, q), query: q < 0 ? '' : req.target.slice(q + 1), headers, body, bodyLength, clientIp: ip, httpVersion: `HTTP/1.${req.versionMinor}` };
}

/** The answer to a verdict other than ALLOW: ALB's own 403 page for a plain Block, else the response WAF gives. */
export function wafResponse(v: EdgeWafVerdict): Buffer {
  const r = v.response;
  if (!r || (r.status === 403 && r.body === undefined && r.headers.length === 0)) return albError(403);
  const headers: [string, string][] = [['Server', 'awselb/2.0']];
  if (r.contentType) headers.push(['Content-Type', r.contentType]);
  for (const h of r.headers) headers.push([h.Name, h.Value]);
  return completeResponse({ status: r.status, reason: reasonPhrase(r.status) || 'Error', headers, body: r.body ?? '' });
}

/** The plan for a request to an ALB: its rules directly when no web ACL protects it, else WAF first. `route` plans
 *  the request as the listener's rules would, with the headers WAF inserts (x-amzn-waf-*) appended. */
export function planWithWaf(waf: EdgeWaf | undefined, lbArn: string, req: HttpHead, client: ClientInfo, route: (insert: readonly string[]) => ProxyPlan): ProxyPlan | InspectBodyPlan {
  if (!waf || waf.webAclForResource(lbArn) === undefined) return route([]);
  const decide = (raw: Buffer, complete: boolean): ProxyPlan => {
    const body = req.chunked ? dechunk(raw) : raw;
    // A body longer than what was read: its full length (Content-Length), or more than the limit when chunked.
    const length = req.chunked ? (complete ? body.length : ALB_BODY_INSPECTION + 1) : Math.max(req.contentLength, 0);
    const v = waf.evaluate(lbArn, wafRequest(req, client, body.subarray(0, ALB_BODY_INSPECTION), length));
    if (!v || v.action === 'ALLOW') return route(v ? v.insertHeaders.flatMap((h) => [h.Name, h.Value]) : []);
    return { kind: 'respond', response: wafResponse(v) };
  };
  return { kind: 'inspect-body', limit: ALB_BODY_INSPECTION, decide };
}
