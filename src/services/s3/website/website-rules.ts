// The website configuration's rules as pure functions: which key a path asks for (index documents), which routing
// rule applies before the lookup and which after an error, and the Location a redirect sends the browser to.
// Source: S3 user guide, "Configuring an index document", "(Optional) Configuring a webpage redirect".
import type { RoutingRule, WebsiteConfiguration } from '../../../generated/s3/api.js';

export interface Redirect {
  status: number;
  location: string;
}

/** The object key a website path names: the path without its leading slash, percent-decoded. */
export function keyOfPath(path: string): string {
  const raw = path.startsWith('/') ? path.slice(1) : path;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The key looked up for a request: the root and every key ending in `/` ask for the index document under it
 * (`photos/` → `photos/index.html`; `http://bucket.s3-website…/` → `index.html`); other keys are looked up as they are.
 */
export function lookupKey(key: string, suffix: string | undefined): string {
  if (suffix === undefined) return key;
  return key === '' || key.endsWith('/') ? key + suffix : key;
}

/**
 * A key without a trailing slash that is not an object may be a folder: when `<key>/<suffix>` exists, S3 answers
 * `302 Found` to `<key>/` ("Index documents and folders"). Undefined when the key cannot be a folder.
 */
export function folderIndexKey(key: string, suffix: string | undefined): string | undefined {
  if (suffix === undefined || key === '' || key.endsWith('/')) return undefined;
  return `${key}/${suffix}`;
}

/** Percent-encodes a key for a Location path, keeping its slashes. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function prefixMatches(rule: RoutingRule, key: string): boolean {
  const prefix = rule.Condition?.KeyPrefixEquals;
  return prefix === undefined || key.startsWith(prefix);
}

/**
 * The first rule that applies before the object is looked up: no condition (every request), or a KeyPrefixEquals
 * condition alone that the key starts with. Rules are tried in the order the configuration lists them.
 */
export function ruleBeforeLookup(config: WebsiteConfiguration, key: string): RoutingRule | undefined {
  return config.RoutingRules?.find((r) => r.Condition?.HttpErrorCodeReturnedEquals === undefined && prefixMatches(r, key));
}

/**
 * The first rule for an error: its HttpErrorCodeReturnedEquals equals the status the lookup returned and, when it
 * also has KeyPrefixEquals, the key starts with it ("If both … are specified, both must be true").
 */
export function ruleForError(config: WebsiteConfiguration, key: string, status: number): RoutingRule | undefined {
  return config.RoutingRules?.find((r) => r.Condition?.HttpErrorCodeReturnedEquals === String(status) && prefixMatches(r, key));
}

/**
 * Where a routing rule sends a request for `key`: ReplaceKeyWith replaces the whole key, ReplaceKeyPrefixWith the
 * part KeyPrefixEquals matched (all of nothing when the rule has no prefix condition), else the key stays; HostName
 * defaults to the request's host, Protocol to the request's (website endpoints are HTTP), HttpRedirectCode to 301.
 */
export function routingRedirect(rule: RoutingRule, key: string, requestHost: string, requestProtocol: string): Redirect {
  const r = rule.Redirect;
  let next = key;
  if (r.ReplaceKeyWith !== undefined) next = r.ReplaceKeyWith;
  else if (r.ReplaceKeyPrefixWith !== undefined) next = r.ReplaceKeyPrefixWith + key.slice(rule.Condition?.KeyPrefixEquals?.length ?? 0);
  const status = r.HttpRedirectCode !== undefined && /^3\d\d$/.test(r.HttpRedirectCode) ? Number(r.HttpRedirectCode) : 301;
  return { status, location: `${r.Protocol ?? requestProtocol}://${r.HostName ?? requestHost}/${encodeKeyPath(next)}` };
}

/** RedirectAllRequestsTo: every request, 301 to the same path on the named host (Protocol: the request's by default). */
export function redirectAll(config: WebsiteConfiguration, path: string, requestProtocol: string): Redirect | undefined {
  const to = config.RedirectAllRequestsTo;
  if (!to) return undefined;
  return { status: 301, location: `${to.Protocol ?? requestProtocol}://${to.HostName}${path.startsWith('/') ? path : `/${path}`}` };
}
