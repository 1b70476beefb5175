// The encoded authorization failure message EC2 appends to UnauthorizedOperation, and its decoding for STS
// DecodeAuthorizationMessage: the decision, the principal, the action, the resource and the request's condition keys,
// in the JSON layout AWS decodes to (STS API reference, DecodeAuthorizationMessage; AWS re:Post "ec2-not-auth-launch").
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ContextValue } from './context.js';

export interface AuthorizationFailure {
  explicitDeny: boolean;
  principal: { id: string | undefined; name: string | undefined; arn: string };
  action: string;
  resource: string;
  conditions: Readonly<Record<string, ContextValue>>;
}

/** The decoded form: {"allowed":false,"explicitDeny":…,"matchedStatements":{"items":[]},"failures":{"items":[]},"context":{…}}. */
export function decodedMessage(f: AuthorizationFailure): string {
  const items = Object.entries(f.conditions).map(([key, value]) => ({ key, values: { items: (typeof value === 'string' ? [value] : value).map((v) => ({ value: v })) } }));
  const principal: Record<string, string> = {};
  if (f.principal.id !== undefined) principal.id = f.principal.id;
  if (f.principal.name !== undefined) principal.name = f.principal.name;
  principal.arn = f.principal.arn;
  return JSON.stringify({
    allowed: false,
    explicitDeny: f.explicitDeny,
    matchedStatements: { items: [] },
    failures: { items: [] },
    context: { principal, action: f.action, resource: f.resource, conditions: { items } },
  });
}

/**
 * AWS encrypts the message; kumo deflates it and writes it base64url with a version prefix. It is not secret here
 * (a local emulator has no privileged readers to hide it from), but only DecodeAuthorizationMessage reads it back.
 */
export function encodeAuthorizationMessage(f: AuthorizationFailure): string {
  return `k1${deflateRawSync(Buffer.from(decodedMessage(f), 'utf8')).toString('base64url')}`;
}

/** The decoded JSON, or undefined when the text is not a message kumo encoded. */
export function decodeAuthorizationMessage(encoded: string): string | undefined {
  if (!/^k1[\w-]+$/.test(encoded)) return undefined;
  try {
    const text = inflateRawSync(Buffer.from(encoded.slice(2), 'base64url')).toString('utf8');
    const parsed = JSON.parse(text) as { allowed?: unknown; context?: unknown };
    return parsed.allowed === false && typeof parsed.context === 'object' ? text : undefined;
  } catch {
    return undefined;
  }
}
