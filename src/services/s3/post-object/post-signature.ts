// Who signed a POST Object form and whether the signature holds: SigV4 (x-amz-algorithm, x-amz-credential,
// x-amz-date, x-amz-signature over the base64 policy) or SigV2 (AWSAccessKeyId, signature), as S3 verifies them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../../core/aws-error.js';
import { signingKey } from '../../../auth/sigv4.js';

export interface PostCredentials {
  version: 2 | 4;
  accessKeyId: string;
  /** SigV4's credential scope region; undefined for SigV2. */
  region: string | undefined;
  date: string | undefined;
  signature: string;
  securityToken: string | undefined;
}

function missingField(name: string): AwsError {
  // test_s3.snapshot.json TestS3PresignedPost test_post_request_missing_fields / missing_signature.
  return new AwsError('InvalidArgument', `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, {
    status: 400, fields: { ArgumentName: name },
  });
}

const V4_FIELDS = ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature'];

/** The signing fields of a form that carries a policy (SigV4 when any x-amz-* signing field is present). */
export function postCredentials(fields: ReadonlyMap<string, string>): PostCredentials {
  const token = fields.get('x-amz-security-token');
  if (V4_FIELDS.some((f) => fields.has(f))) {
    const algorithm = fields.get('x-amz-algorithm');
    if (algorithm === undefined) throw missingField('X-Amz-Algorithm');
    const credential = fields.get('x-amz-credential');
    if (credential === undefined) throw missingField('X-Amz-Credential');
    const date = fields.get('x-amz-date');
    if (date === undefined) throw missingField('X-Amz-Date');
    const signature = fields.get('x-amz-signature');
    if (signature === undefined) throw missingField('X-Amz-Signature');
    if (algorithm !== 'AWS4-HMAC-SHA256') {
      throw new AwsError('InvalidArgument', 'Only AWS4-HMAC-SHA256 is supported for X-Amz-Algorithm.', { status: 400, fields: { ArgumentName: 'X-Amz-Algorithm', ArgumentValue: algorithm } });
    }
    const parts = credential.split('/');
    if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!)) {
      throw new AwsError('InvalidArgument', `Invalid credential: ${credential}`, { status: 400, fields: { ArgumentName: 'X-Amz-Credential', ArgumentValue: credential } });
    }
    return { version: 4, accessKeyId: parts[0]!, date: parts[1], region: parts[2], signature, securityToken: token };
  }
  const accessKeyId = fields.get('awsaccesskeyid');
  if (accessKeyId === undefined) throw missingField('AWSAccessKeyId');
  const signature = fields.get('signature');
  if (signature === undefined) throw missingField('Signature');
  return { version: 2, accessKeyId, region: undefined, date: undefined, signature, securityToken: token };
}

/** The signature the form should carry: SigV4 hex HMAC-SHA256 with the scope's signing key, SigV2 base64 HMAC-SHA1. */
export function expectedPostSignature(creds: PostCredentials, secret: string, policy: string): string {
  if (creds.version === 2) return createHmac('sha1', secret).update(policy, 'utf8').digest('base64');
  const parts = creds.date!;
  return createHmac('sha256', signingKey(secret, parts, creds.region!, 's3')).update(policy, 'utf8').digest('hex');
}

function hexBytes(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** SignatureDoesNotMatch as S3 answers a form whose signature is wrong (test_post_request_malformed_policy). */
export function checkPostSignature(creds: PostCredentials, secret: string, policy: string): void {
  const expected = Buffer.from(expectedPostSignature(creds, secret, policy));
  const given = Buffer.from(creds.signature);
  if (expected.length === given.length && timingSafeEqual(expected, given)) return;
  throw new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
    status: 403,
    fields: { AWSAccessKeyId: creds.accessKeyId, StringToSign: policy, SignatureProvided: creds.signature, StringToSignBytes: hexBytes(policy) },
  });
}
