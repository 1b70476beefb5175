// The CLB policy types kumo knows, as DescribeLoadBalancerPolicyTypes describes them (CLB guide, "Configure proxy
// protocol" and "Configure sticky sessions"; API reference, PolicyTypeDescription). kumo enforces every type:
// ProxyProtocol and backend authentication on instance ports, stickiness and SSL negotiation on listeners.
import type { PolicyTypeDescription } from '../../generated/elastic-load-balancing/api.js';
import { CIPHER_NAMES } from './ssl-negotiation.js';

export const PROXY_PROTOCOL = 'ProxyProtocolPolicyType';
export const LB_COOKIE = 'LBCookieStickinessPolicyType';
export const APP_COOKIE = 'AppCookieStickinessPolicyType';
export const SSL_NEGOTIATION = 'SSLNegotiationPolicyType';
export const BACKEND_AUTH = 'BackendServerAuthenticationPolicyType';
export const PUBLIC_KEY = 'PublicKeyPolicyType';

export const POLICY_TYPES: readonly PolicyTypeDescription[] = [
  {
    PolicyTypeName: PROXY_PROTOCOL,
    Description: 'Policy that controls whether to include the IP address and port of the originating request for TCP messages. This policy operates on TCP/SSL listeners only',
    PolicyAttributeTypeDescriptions: [{ AttributeName: 'ProxyProtocol', AttributeType: 'Boolean', Cardinality: 'ONE' }],
  },
  {
    PolicyTypeName: LB_COOKIE,
    Description: 'Stickiness policy with session lifetimes controlled by the browser (user-agent) or a specified expiration period. This policy can be associated only with HTTP/HTTPS listeners.',
    PolicyAttributeTypeDescriptions: [{ AttributeName: 'CookieExpirationPeriod', AttributeType: 'Long', Cardinality: 'ZERO_OR_ONE' }],
  },
  {
    PolicyTypeName: APP_COOKIE,
    Description: 'Stickiness policy with session lifetimes controlled by the lifetime of the application-generated cookie. This policy can be associated only with HTTP/HTTPS listeners.',
    PolicyAttributeTypeDescriptions: [{ AttributeName: 'CookieName', AttributeType: 'String', Cardinality: 'ONE' }],
  },
  {
    PolicyTypeName: SSL_NEGOTIATION,
    Description: 'Listener policy that defines the ciphers and protocols that will be accepted by the load balancer. This policy can be associated only with HTTPS/SSL listeners.',
    PolicyAttributeTypeDescriptions: [
      { AttributeName: 'Reference-Security-Policy', AttributeType: 'String', Cardinality: 'ZERO_OR_ONE' },
      { AttributeName: 'Protocol-TLSv1', AttributeType: 'Boolean', DefaultValue: 'false', Cardinality: 'ZERO_OR_ONE' },
      { AttributeName: 'Protocol-TLSv1.1', AttributeType: 'Boolean', DefaultValue: 'false', Cardinality: 'ZERO_OR_ONE' },
      { AttributeName: 'Protocol-TLSv1.2', AttributeType: 'Boolean', DefaultValue: 'false', Cardinality: 'ZERO_OR_ONE' },
      { AttributeName: 'Server-Defined-Cipher-Order', AttributeType: 'Boolean', DefaultValue: 'false', Cardinality: 'ZERO_OR_ONE' },
    ],
  },
  {
    PolicyTypeName: BACKEND_AUTH,
    Description: 'Policy that controls authentication to back-end server(s) and contains one or more policies, such as an instance of a PublicKeyPolicyType. This policy can be associated only with back-end servers that are using HTTPS/SSL.',
    PolicyAttributeTypeDescriptions: [{ AttributeName: 'PublicKeyPolicyName', AttributeType: 'PolicyName', Cardinality: 'ONE_OR_MORE' }],
  },
  {
    PolicyTypeName: PUBLIC_KEY,
    Description: 'Policy containing a list of public keys to accept when authenticating the back-end server(s). This policy cannot be applied directly to back-end servers or listeners but must be part of a BackendServerAuthenticationPolicyType.',
    PolicyAttributeTypeDescriptions: [{ AttributeName: 'PublicKey', AttributeType: 'String', Cardinality: 'ONE' }],
  },
];

/** Types kumo stores but does not enforce: creating one answers NotImplemented rather than succeeding silently. */
export const UNENFORCED_TYPES: ReadonlySet<string> = new Set<string>();

/** Attribute names a policy of `type` accepts; undefined for an unknown type. SSL negotiation policies also take
 *  one Boolean attribute per cipher (ssl-negotiation.ts). */
export function attributeNames(type: string): Set<string> | undefined {
  const t = POLICY_TYPES.find((p) => p.PolicyTypeName === type);
  if (!t) return undefined;
  const names = new Set((t.PolicyAttributeTypeDescriptions ?? []).map((a) => a.AttributeName ?? ''));
  if (type === SSL_NEGOTIATION) for (const c of CIPHER_NAMES) names.add(c);
  return names;
}

/** ONE and ONE_OR_MORE attributes must be given. */
export function requiredAttributes(type: string): string[] {
  const t = POLICY_TYPES.find((p) => p.PolicyTypeName === type);
  return (t?.PolicyAttributeTypeDescriptions ?? []).filter((a) => a.Cardinality === 'ONE' || a.Cardinality === 'ONE_OR_MORE').map((a) => a.AttributeName ?? '');
}
