// ALB target stickiness (ALB guide, "Sticky sessions"): duration-based `lb_cookie` sets AWSALB and AWSALBCORS
// (SameSite=None; Secure) on every response; application-based `app_cookie` sets AWSALBAPP-0 when the target's
// response sets the configured cookie. A cookie naming a target still in the node's pool routes to it. The values are
// opaque to clients (AWS encrypts them; here base64url of group id and target address).

export interface StickyConfig {
  type: 'lb_cookie' | 'app_cookie';
  durationSeconds: number;
  appCookieName: string;
}

/** The target group's stickiness, undefined when off. */
export function stickyConfig(attributes: Record<string, string>): StickyConfig | undefined {
  if (attributes['stickiness.enabled'] !== 'true') return undefined;
  const type = attributes['stickiness.type'] === 'app_cookie' ? 'app_cookie' : 'lb_cookie';
  const duration = Number(attributes[type === 'app_cookie' ? 'stickiness.app_cookie.duration_seconds' : 'stickiness.lb_cookie.duration_seconds'] ?? '86400');
  return { type, durationSeconds: duration, appCookieName: attributes['stickiness.app_cookie.cookie_name'] ?? '' };
}

function groupId(tgArn: string): string {
  return tgArn.slice(tgArn.lastIndexOf('/') + 1);
}

export function stickyToken(tgArn: string, host: string, port: number): string {
  return Buffer.from(`${groupId(tgArn)}|${host}|${port}`).toString('base64url');
}

/** The target a request's stickiness cookie names for this group, if any. */
export function stickyTarget(cookieHeader: string | undefined, tgArn: string, config: StickyConfig): { host: string; port: number } | undefined {
  if (!cookieHeader) return undefined;
  const names = config.type === 'lb_cookie' ? ['AWSALB', 'AWSALBCORS'] : ['AWSALBAPP-0'];
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || !names.includes(part.slice(0, eq).trim())) continue;
    const [id, host, port] = Buffer.from(part.slice(eq + 1).trim(), 'base64url').toString().split('|');
    if (id === groupId(tgArn) && host && port) return { host, port: Number(port) };
  }
  return undefined;
}

/** Set-Cookie values (as appended [name, value] pairs) for a response from `host:port`. */
export function stickyCookies(config: StickyConfig, tgArn: string, host: string, port: number, wallNow: number, responseSetsAppCookie: boolean): string[] {
  const value = stickyToken(tgArn, host, port);
  const expires = new Date(wallNow + config.durationSeconds * 1000).toUTCString();
  if (config.type === 'lb_cookie') {
    return ['Set-Cookie', `AWSALB=${value}; Expires=${expires}; Path=/`, 'Set-Cookie', `AWSALBCORS=${value}; Expires=${expires}; Path=/; SameSite=None; Secure`];
  }
  return responseSetsAppCookie ? ['Set-Cookie', `AWSALBAPP-0=${value}; Expires=${expires}; Path=/`] : [];
}

/** Whether a response head's Set-Cookie fields set the application cookie `name`. */
export function setsCookie(headers: readonly string[], name: string): boolean {
  if (!name) return false;
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]!.toLowerCase() === 'set-cookie' && headers[i + 1]!.trimStart().startsWith(`${name}=`)) return true;
  }
  return false;
}
