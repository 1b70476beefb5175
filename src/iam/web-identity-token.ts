// Reads an OpenID Connect ID token (a JWT) for STS AssumeRoleWithWebIdentity and checks what can be checked offline:
// its shape, a signing algorithm other than `none`, issuer, audience, expiry and issue time. The signature is not
// verified: that needs the provider's JWKS from its issuer URL, which kumo never fetches [D] (README, IAM enforcement).
export interface WebIdentityClaims {
  iss: string;
  sub: string;
  /** `aud`, or the first of a list; the client id the provider must know. */
  aud: string;
  audiences: string[];
  exp: number;
  iat: number | undefined;
  amr: string[];
}

export type TokenCheck = { ok: true; claims: WebIdentityClaims } | { ok: false; code: 'InvalidIdentityToken' | 'IDPRejectedClaim' | 'ExpiredTokenException'; message: string };

function part(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const invalid = (message: string): TokenCheck => ({ ok: false, code: 'InvalidIdentityToken', message });

/** Decodes and checks a token at `nowMs` (claims in seconds since the epoch, RFC 7519). */
export function checkWebIdentityToken(token: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p))) return invalid("Couldn't parse the provided token.");
  const header = part(parts[0]!);
  const payload = part(parts[1]!);
  if (!header || !payload) return invalid("Couldn't parse the provided token.");
  // An unsigned token is refused whatever its claims say.
  if (typeof header.alg !== 'string' || header.alg === 'none' || parts[2] === '') return invalid('The provided token is not signed.');
  const { iss, sub, exp, iat } = payload;
  if (typeof iss !== 'string' || iss === '') return invalid('The provided token has no issuer.');
  if (typeof sub !== 'string' || sub === '') return invalid('The provided token has no subject.');
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud.filter((a): a is string => typeof a === 'string') : [];
  if (audiences.length === 0) return invalid('The provided token has no audience.');
  if (typeof exp !== 'number') return invalid('The provided token has no expiration.');
  if (exp * 1000 <= nowMs) return { ok: false, code: 'ExpiredTokenException', message: 'Token is expired' };
  if (typeof iat === 'number' && iat * 1000 > nowMs + 5 * 60_000) return invalid('The provided token was issued in the future.');
  const amr = typeof payload.amr === 'string' ? [payload.amr] : Array.isArray(payload.amr) ? payload.amr.filter((a): a is string => typeof a === 'string') : [];
  return { ok: true, claims: { iss, sub, aud: audiences[0]!, audiences, exp, iat: typeof iat === 'number' ? iat : undefined, amr } };
}
