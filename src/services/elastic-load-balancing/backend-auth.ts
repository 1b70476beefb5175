// CLB backend authentication (BackendServerAuthenticationPolicyType naming PublicKeyPolicyType policies): on an
// instance port, the load balancer talks HTTPS/SSL only to instances whose certificate's public key is listed
// (CLB guide, "Configure back-end server authentication"). Keys compare as base64 DER SubjectPublicKeyInfo.
import { createPublicKey } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ClbRecord } from './records.js';
import { BACKEND_AUTH, PUBLIC_KEY } from './policy-types.js';

/** A PublicKey attribute (base64 DER, or PEM with or without its armour) as base64 DER SPKI; undefined if bad. */
export function normalizeKey(value: string): string | undefined {
  const body = value.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  try {
    return createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' }).toString('base64');
  } catch {
    return undefined;
  }
}

/** The public keys the backend port's authentication policies accept; undefined when it has none. */
export function backendKeys(rec: ClbRecord, instancePort: number): string[] | undefined {
  const names = rec.backendPolicies[String(instancePort)] ?? [];
  const auth = rec.policies.filter((p) => names.includes(p.name) && p.type === BACKEND_AUTH);
  if (auth.length === 0) return undefined;
  const keyPolicies = new Set(auth.flatMap((p) => p.attributes.filter((a) => a.AttributeName === 'PublicKeyPolicyName').map((a) => a.AttributeValue)));
  return rec.policies.filter((p) => p.type === PUBLIC_KEY && keyPolicies.has(p.name)).flatMap((p) => {
    const k = normalizeKey(p.attributes.find((a) => a.AttributeName === 'PublicKey')?.AttributeValue ?? '');
    return k ? [k] : [];
  });
}

/** Whether a connected TLS socket's peer certificate carries one of `keys`. */
export function peerKeyAllowed(socket: TLSSocket, keys: readonly string[]): boolean {
  const cert = socket.getPeerX509Certificate?.();
  if (!cert) return false;
  return keys.includes(cert.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));
}
