// CLB SSL negotiation policies (SSLNegotiationPolicyType): a predefined ELBSecurityPolicy-* named by
// Reference-Security-Policy, or custom Protocol-* and cipher attributes, turned into the listener's TLS settings
// (CLB guide, "SSL negotiation configurations" and "Predefined SSL security policies"). CLB offers no TLS 1.3.
import type tls from 'node:tls';

const FS_CIPHERS = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA'];
const RSA_CIPHERS = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA'];
const TLS12_ONLY = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384', 'AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256'];

export type TlsProtocol = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';
const ORDER: readonly TlsProtocol[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];

export interface Negotiation {
  protocols: TlsProtocol[];
  ciphers: string[];
  serverOrder: boolean;
}

/** The predefined policies kumo carries, with their protocols and ciphers (CLB guide's policy table). */
export const PREDEFINED: Readonly<Record<string, Negotiation>> = {
  'ELBSecurityPolicy-2016-08': { protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], ciphers: [...FS_CIPHERS, ...RSA_CIPHERS], serverOrder: true },
  'ELBSecurityPolicy-TLS-1-1-2017-01': { protocols: ['TLSv1.1', 'TLSv1.2'], ciphers: [...FS_CIPHERS, ...RSA_CIPHERS], serverOrder: true },
  'ELBSecurityPolicy-TLS-1-2-2017-01': { protocols: ['TLSv1.2'], ciphers: TLS12_ONLY, serverOrder: true },
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06': { protocols: ['TLSv1.2'], ciphers: [...FS_CIPHERS, ...RSA_CIPHERS], serverOrder: true },
  'ELBSecurityPolicy-2015-05': { protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], ciphers: [...FS_CIPHERS, ...RSA_CIPHERS, 'DES-CBC3-SHA'], serverOrder: true },
};

/** Cipher attribute names a custom policy may set (the union of the predefined policies' ciphers). */
export const CIPHER_NAMES: ReadonlySet<string> = new Set(Object.values(PREDEFINED).flatMap((p) => p.ciphers));

type Attr = { AttributeName?: string; AttributeValue?: string };

/** The policy's protocols and ciphers, or a message naming what is wrong (InvalidConfigurationRequest). */
export function negotiationOf(attributes: readonly Attr[]): Negotiation | string {
  const value = (n: string): string | undefined => attributes.find((a) => a.AttributeName === n)?.AttributeValue;
  const ref = value('Reference-Security-Policy');
  if (ref !== undefined) {
    const p = PREDEFINED[ref];
    return p ?? `Reference-Security-Policy '${ref}' is not a predefined SSL negotiation policy`;
  }
  const on = (n: string): boolean => (value(n) ?? '').toLowerCase() === 'true';
  const protocols = ORDER.filter((p) => on(`Protocol-${p}`));
  const ciphers = attributes.filter((a) => CIPHER_NAMES.has(a.AttributeName ?? '') && (a.AttributeValue ?? '').toLowerCase() === 'true').map((a) => a.AttributeName!);
  if (protocols.length === 0) return 'An SSL negotiation policy must enable at least one protocol';
  if (ciphers.length === 0) return 'An SSL negotiation policy must enable at least one cipher';
  return { protocols, ciphers, serverOrder: on('Server-Defined-Cipher-Order') };
}

/** Node TLS settings for a listener: the enabled protocols' range (never TLS 1.3) and the cipher list, in order. */
export function tlsSettings(n: Negotiation): Pick<tls.TlsOptions, 'minVersion' | 'maxVersion' | 'ciphers' | 'honorCipherOrder'> {
  const low = ORDER.find((p) => n.protocols.includes(p))!;
  const high = [...ORDER].reverse().find((p) => n.protocols.includes(p))!;
  // TLS 1.0/1.1 need OpenSSL's security level 0 on current systems, as they would on a CLB.
  const legacy = low !== 'TLSv1.2' ? ':@SECLEVEL=0' : '';
  return { minVersion: low, maxVersion: high, ciphers: `${n.ciphers.join(':')}${legacy}`, honorCipherOrder: n.serverOrder };
}
