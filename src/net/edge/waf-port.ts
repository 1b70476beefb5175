// What the edge needs of WAFv2 (helper "waf"'s in-process API, src/services/wafv2/internal.ts), declared here
// structurally so the edge builds without WAF: judge a viewer request for a web ACL ARN, and the verdict's effect.

export interface EdgeWafRequest {
  method: string;
  path: string;
  query: string;
  headers: readonly (readonly [string, string])[];
  body?: Buffer;
  bodyLength?: number;
  clientIp: string;
  httpVersion?: string;
}

export interface EdgeWafVerdict {
  action: 'ALLOW' | 'BLOCK' | 'CAPTCHA' | 'CHALLENGE';
  /** Added to the forwarded request as x-amzn-waf-<Name> (custom request handling). */
  insertHeaders: readonly { Name: string; Value: string }[];
  /** The answer for BLOCK (403 or custom), CAPTCHA (405), CHALLENGE (202). */
  response?: { status: number; headers: readonly { Name: string; Value: string }[]; body?: string | undefined; contentType?: string | undefined } | undefined;
}

export interface EdgeWaf {
  webAclForResource(resourceArn: string): unknown;
  evaluate(resourceArn: string, request: EdgeWafRequest): EdgeWafVerdict | undefined;
}

/** CloudFront inspects up to 16 KB of a body by default ("Managing body inspection size limits"). */
export const CLOUDFRONT_BODY_INSPECTION = 16 * 1024;
