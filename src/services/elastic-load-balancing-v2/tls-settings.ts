// HTTPS and TLS listener settings: which certificate ARNs a listener accepts and which SSL policies exist, mapped to
// Node TLS versions. kumo has no ACM or IAM server certificates yet, so a well-formed ARN of either kind is accepted
// and the listener presents a leaf from kumo's local CA for the name the client asks (SNI), else the DNS name.
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';
import { validationError } from './names.js';

// ACM: arn:aws:acm:<region>:<account>:certificate/<id>; IAM: arn:aws:iam::<account>:server-certificate/[path/]<name>.
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:(acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+|iam::\d{12}:server-certificate\/[\w+=,.@/-]+)$/;

/** AWS's predefined policies (ALB and NLB guides, "Security policies") and the lowest TLS version each allows. */
const POLICIES: Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  'ELBSecurityPolicy-2016-08': 'TLSv1',
  'ELBSecurityPolicy-2015-05': 'TLSv1',
  'ELBSecurityPolicy-TLS-1-0-2015-04': 'TLSv1',
  'ELBSecurityPolicy-TLS-1-1-2017-01': 'TLSv1.1',
  'ELBSecurityPolicy-TLS-1-2-2017-01': 'TLSv1.2',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06': 'TLSv1.2',
  'ELBSecurityPolicy-FS-2018-06': 'TLSv1',
  'ELBSecurityPolicy-FS-1-1-2019-08': 'TLSv1.1',
  'ELBSecurityPolicy-FS-1-2-2019-08': 'TLSv1.2',
  'ELBSecurityPolicy-FS-1-2-Res-2019-08': 'TLSv1.2',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10': 'TLSv1.2',
  'ELBSecurityPolicy-TLS13-1-0-2021-06': 'TLSv1',
  'ELBSecurityPolicy-TLS13-1-1-2021-06': 'TLSv1.1',
  'ELBSecurityPolicy-TLS13-1-2-2021-06': 'TLSv1.2',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06': 'TLSv1.2',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06': 'TLSv1.2',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06': 'TLSv1.2',
  'ELBSecurityPolicy-TLS13-1-3-2021-06': 'TLSv1.3',
};

/** The API's default when CreateListener names no policy (CreateListener reference: "ELBSecurityPolicy-2016-08"). */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

export function isTlsProtocol(protocol: string): boolean {
  return protocol === 'HTTPS' || protocol === 'TLS';
}

export function minTlsVersion(policy: string | undefined): 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' {
  return POLICIES[policy ?? DEFAULT_SSL_POLICY] ?? 'TLSv1.2';
}

export function checkSslPolicy(policy: string): void {
  if (!(policy in POLICIES)) throw modeledError('SSLPolicyNotFoundException', `SSL policy '${policy}' not found`);
}

/** A listener's certificates: exactly one for HTTPS/TLS (the default certificate); none for other protocols. */
export function checkCertificates(protocol: string, certificates: Api.Certificate[] | undefined): Api.Certificate[] | undefined {
  if (!isTlsProtocol(protocol)) {
    if (certificates?.length) throw validationError(`Certificates are not supported for ${protocol} listeners`);
    return undefined;
  }
  if (!certificates?.length) throw validationError(`A certificate must be specified for ${protocol} listeners`);
  if (certificates.length > 1) throw validationError('You can specify only one default certificate for a listener');
  for (const c of certificates) {
    if (!c.CertificateArn || !CERTIFICATE_ARN.test(c.CertificateArn)) throw modeledError('CertificateNotFoundException', `Certificate '${c.CertificateArn ?? ''}' not found`);
  }
  return certificates.map((c) => ({ CertificateArn: c.CertificateArn! }));
}
