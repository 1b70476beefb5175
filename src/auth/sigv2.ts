// S3's legacy Signature Version 2, verified as S3 does: HMAC-SHA1 of VERB, Content-MD5, Content-Type, Date (or the
// presigned Expires), the x-amz-* headers and the canonical resource with its sub-resources ("Signing and
// authenticating REST requests", Amazon S3 Developer Guide). aws-cli v1 and boto3 presign this way by default.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';
import type { WireRequest } from '../protocol/codec.js';
import { parseQuery } from './canonical.js';
import type { SigV4Auth } from './sigv4-parse.js';

/** The query parameters that are part of the canonical resource (the guide's sub-resource and override list). */
const SUB_RESOURCES = new Set([
  'acl', 'accelerate', 'analytics', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle',
  'location', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber', 'policy', 'policyStatus',
  'publicAccessBlock', 'replication', 'requestPayment', 'response-cache-control', 'response-content-disposition',
  'response-content-encoding', 'response-content-language', 'response-content-type', 'response-expires', 'restore',
  'retention', 'select', 'select-type', 'tagging', 'torrent', 'uploadId', 'uploads', 'versionId', 'versioning', 'versions',
  'website',
]);

/** Largest gap S3 accepts between a header-signed request's Date and its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

function canonicalAmzHeaders(headers: Record<string, string | undefined>): string {
  const amz = Object.entries(headers)
    .filter(([name, value]) => name.startsWith('x-amz-') && value !== undefined)
    .map(([name, value]) => [name, value!.replace(/\s+/g, ' ').trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return amz.map(([name, value]) => `${name}:${value}\n`).join('');
}

function subResources(query: string): string {
  const parts = parseQuery(query)
    .filter(([name]) => SUB_RESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * The string S3 signs. `resourcePath` is the request path in path style (`/bucket/key`, as it was sent, still
 * percent-encoded); the query's sub-resources are appended decoded, as the guide shows them.
 */
export function stringToSignV2(req: WireRequest, auth: SigV4Auth, resourcePath: string): string {
  const h = req.headers;
  // With x-amz-date the Date line is empty (the date travels among the x-amz headers); presigned URLs sign Expires.
  const date = auth.presigned ? String(auth.expiresEpochSeconds ?? '') : h['x-amz-date'] !== undefined ? '' : (h['date'] ?? '');
  return [req.method.toUpperCase(), h['content-md5'] ?? '', h['content-type'] ?? '', date].join('\n') + '\n' + canonicalAmzHeaders(h) + resourcePath + subResources(req.query);
}

export function signV2(secretAccessKey: string, toSign: string): string {
  return createHmac('sha1', secretAccessKey).update(toSign, 'utf8').digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Throws unless `auth` is a valid, current SigV2 signature. The canonical resource is tried in path style and, when
 * the Host's first label can be a bucket (a virtual-hosted request), as `/<bucket><path>`.
 */
export function verifySignatureV2(req: WireRequest, auth: SigV4Auth, secretAccessKey: string, now: Date): void {
  if (auth.presigned) {
    if (auth.expiresEpochSeconds === undefined) throw new AwsError('AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters', { status: 403 });
    if (now.getTime() > auth.expiresEpochSeconds * 1000) {
      throw new AwsError('AccessDenied', 'Request has expired', { status: 403, fields: { Expires: new Date(auth.expiresEpochSeconds * 1000).toISOString(), ServerTime: now.toISOString() } });
    }
  } else {
    const stamp = Date.parse(req.headers['x-amz-date'] ?? req.headers['date'] ?? '');
    if (Number.isNaN(stamp)) throw new AwsError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', { status: 403 });
    if (Math.abs(stamp - now.getTime()) > MAX_SKEW_MS) {
      throw new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
        status: 403,
        fields: { RequestTime: new Date(stamp).toUTCString(), ServerTime: now.toISOString(), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
      });
    }
  }
  const path = req.path === '' ? '/' : req.path;
  const candidates = [path];
  const host = (req.headers['host'] ?? '').replace(/:\d+$/, '');
  const label = host.split('.')[0] ?? '';
  if (host.includes('.') && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(label) && !/^\d+$/.test(label)) candidates.push(`/${label}${path}`);
  let first: string | undefined;
  for (const resource of candidates) {
    const toSign = stringToSignV2(req, auth, resource);
    if (safeEqual(signV2(secretAccessKey, toSign), auth.signature)) return;
    first ??= toSign;
  }
  throw new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
    status: 403,
    fields: { AWSAccessKeyId: auth.accessKeyId, StringToSign: first ?? '', SignatureProvided: auth.signature },
  });
}
