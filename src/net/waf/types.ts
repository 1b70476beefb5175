// What the WAF evaluator reads and answers: a web request as the edge or the ALB proxy saw it, the context a web
// ACL is judged in (clock, body limit, geo, referenced sets), and the verdict the data plane enforces.
import type { CustomHTTPHeader } from '../../generated/wafv2/api.js';

export interface WafRequest {
  method: string;
  /** The path as sent, without the query string (e.g. /a%20b/c). */
  path: string;
  /** The raw query string without '?', '' when there is none. */
  query: string;
  /** Header names and values in the order the client sent them (names as sent; matched case-insensitively). */
  headers: readonly (readonly [string, string])[];
  /** The body bytes the data plane buffered (it needs at most the inspection limit), and its full length. */
  body?: Buffer;
  bodyLength?: number;
  /** The viewer's address (the socket peer). */
  clientIp: string;
  httpVersion?: string;
  /** The URI fragment when a client sent one (browsers never do). */
  fragment?: string;
  ja3?: string;
  ja4?: string;
}

export type Action = 'ALLOW' | 'BLOCK' | 'COUNT' | 'CAPTCHA' | 'CHALLENGE';

export interface CustomResponseOut {
  status: number;
  headers: CustomHTTPHeader[];
  body?: string | undefined;
  contentType?: string | undefined;
}

/** One rule that matched, for metrics and samples: its metric name and what it did (COUNT for counted rules). */
export interface RuleHit {
  ruleName: string;
  metricName: string;
  action: Action;
  /** The rule inside a rule group (managed or yours) that matched. */
  ruleWithinGroup?: string | undefined;
  sampled: boolean;
}

export interface Verdict {
  /** ALLOW forwards the request (with insertHeaders); the others answer with `response`. */
  action: 'ALLOW' | 'BLOCK' | 'CAPTCHA' | 'CHALLENGE';
  /** The rule that ended evaluation, or 'Default_Action'. */
  terminatingRule: string;
  terminatingRuleWithinGroup?: string | undefined;
  labels: string[];
  /** Headers to add to the forwarded request (x-amzn-waf-<name>), from Allow or Count custom request handling. */
  insertHeaders: CustomHTTPHeader[];
  /** The answer for BLOCK (403 or a custom response), CAPTCHA (405) and CHALLENGE (202). */
  response?: CustomResponseOut | undefined;
  hits: RuleHit[];
}
