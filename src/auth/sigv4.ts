// SigV4 verification (header and presigned), signing-key derivation and the aws-chunked string-to-sign helpers.
// Parsing lives in sigv4-parse.ts; this module recomputes the signature exactly as AWS's SigV4 spec describes.
import { verifySignatureV2 } from './sigv2.js';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';
import type { WireRequest } from '../protocol/codec.js';
import { canonicalHeaders, canonicalQuery, canonicalUri, parseQuery, reencodedS3Uri } from './canonical.js';
import { fromAmzDate, SIGV4_ALGORITHM, toAmzDate, type SigV4Auth } from './sigv4-parse.js';

export { parseAuthorization, toAmzDate, fromAmzDate, SIGV4_ALGORITHM, MAX_PRESIGN_SECONDS } from './sigv4-parse.js';
export type { SigV4Auth, ParseOptions } from './sigv4-parse.js';

/** AWS allows 15 minutes between the request time and its own clock (SigV4 docs, "Time stamp"). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

// Derived keys are valid for a whole day and every request of a client shares one: four HMACs saved per request.
// Bounded, and cleared wholesale when full (a key for a new day simply derives again).
const derivedKeys = new Map<string, Buffer>();
const MAX_DERIVED_KEYS = 1024;

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = derivedKeys.get(cacheKey);
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    if (derivedKeys.size >= MAX_DERIVED_KEYS) derivedKeys.clear();
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

export function credentialScope(auth: Pick<SigV4Auth, 'date' | 'region' | 'service'>): string {
  return `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

/** The string each aws-chunked chunk signs ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", S3 API reference
 *  "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks"). */
export function chunkStringToSign(amzDate: string, scope: string, previousSignature: string, chunkSha256Hex: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previousSignature}\n${EMPTY_SHA256}\n${chunkSha256Hex}`;
}

/** The string the trailing-headers chunk signs ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"). */
export function trailerStringToSign(amzDate: string, scope: string, previousSignature: string, trailerSha256Hex: string): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previousSignature}\n${trailerSha256Hex}`;
}

/** hex(HMAC(signingKey, stringToSign)). */
export function sign(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

/** A 12-digit access key id IS the account id (LocalStack's convention); anything else maps to the default. */
export function accountForAccessKey(accessKeyId: string | undefined, defaultAccount: string): string {
  return accessKeyId !== undefined && /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccount;
}

/** The payload hash for the canonical request: x-amz-content-sha256 verbatim when it is UNSIGNED-PAYLOAD, STREAMING-*
 *  (or a digest of a body still streaming); S3 presigned URLs sign UNSIGNED-PAYLOAD; otherwise the SHA-256 of the body. */
export function payloadHash(req: WireRequest, auth: SigV4Auth): string {
  const header = req.headers['x-amz-content-sha256'];
  if (header !== undefined && header !== '') {
    // A hex digest stands for the body; with the body in hand, hash what arrived, so a body changed in flight fails
    // (S3 reports that first as XAmzContentSHA256Mismatch, see checkContentSha256).
    if (/^[0-9a-f]{64}$/i.test(header) && req.bodyStream === undefined) return sha256Hex(req.body);
    return header;
  }
  if (auth.presigned) {
    const fromQuery = parseQuery(req.query).find(([name]) => name.toLowerCase() === 'x-amz-content-sha256');
    if (fromQuery) return fromQuery[1];
    if (auth.service === 's3') return UNSIGNED_PAYLOAD;
  }
  return req.bodyStream !== undefined ? EMPTY_SHA256 : sha256Hex(req.body);
}

export function canonicalRequest(req: WireRequest, auth: SigV4Auth, uri: string): string {
  return [
    req.method.toUpperCase(),
    uri,
    canonicalQuery(parseQuery(req.query)),
    canonicalHeaders(req.headers, auth.signedHeaders),
    auth.signedHeaders.join(';'),
    payloadHash(req, auth),
  ].join('\n');
}

/**
 * Throws unless the request carries a valid, current signature made with `secretAccessKey`.
 * S3 errors carry S3's extra fields (StringToSign, CanonicalRequest, ...) like S3's own SignatureDoesNotMatch.
 */
export function verifySignature(req: WireRequest, auth: SigV4Auth, secretAccessKey: string, now: Date): void {
  if (auth.version === 2) return verifySignatureV2(req, auth, secretAccessKey, now);
  const s3 = auth.service === 's3';
  checkTime(auth, now, s3);
  checkContentSha256(req, s3);
  const key = signingKey(secretAccessKey, auth.date, auth.region, auth.service);
  const scope = credentialScope(auth);
  const uris = s3 ? [canonicalUri(req.path, true), reencodedS3Uri(req.path)] : [canonicalUri(req.path, false)];
  let first: { canonical: string; toSign: string } | undefined;
  for (const uri of new Set(uris)) {
    const canonical = canonicalRequest(req, auth, uri);
    const toSign = stringToSign(auth.amzDate, scope, canonical);
    if (safeEqualHex(sign(key, toSign), auth.signature)) return;
    first ??= { canonical, toSign };
  }
  throw signatureDoesNotMatch(auth, s3, first);
}

function signatureDoesNotMatch(auth: SigV4Auth, s3: boolean, computed: { canonical: string; toSign: string } | undefined): AwsError {
  if (!s3) {
    return new AwsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      { status: 403 },
    );
  }
  const fields: Record<string, unknown> = { AWSAccessKeyId: auth.accessKeyId, SignatureProvided: auth.signature };
  if (computed) {
    fields['StringToSign'] = computed.toSign;
    fields['StringToSignBytes'] = hexBytes(computed.toSign);
    fields['CanonicalRequest'] = computed.canonical;
    fields['CanonicalRequestBytes'] = hexBytes(computed.canonical);
  }
  // S3's wording differs from the other services' (S3 ErrorResponses: SignatureDoesNotMatch).
  return new AwsError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    { status: 403, fields },
  );
}

/** Presigned URLs expire after X-Amz-Expires (15 minutes when absent); every request must be at most 15 minutes
 *  in the future, and header-signed ones at most 15 minutes in the past. */
export function checkTime(auth: SigV4Auth, now: Date, s3: boolean): void {
  const signedAt = fromAmzDate(auth.amzDate).getTime();
  const ahead = signedAt - now.getTime();
  if (auth.presigned) {
    const expiresAt = signedAt + (auth.expiresSeconds ?? MAX_SKEW_MS / 1000) * 1000;
    if (now.getTime() > expiresAt) {
      if (s3) {
        // S3: 403 AccessDenied "Request has expired", with X-Amz-Expires, Expires and ServerTime beside it.
        throw new AwsError('AccessDenied', 'Request has expired', {
          status: 403,
          fields: { 'X-Amz-Expires': String(auth.expiresSeconds ?? ''), Expires: isoSeconds(new Date(expiresAt)), ServerTime: isoSeconds(now) },
        });
      }
      throw skewError(auth, now, s3, true);
    }
    if (ahead > MAX_SKEW_MS) throw skewError(auth, now, s3, false);
    return;
  }
  if (Math.abs(ahead) > MAX_SKEW_MS) throw skewError(auth, now, s3, ahead < 0);
}

function skewError(auth: SigV4Auth, now: Date, s3: boolean, past: boolean): AwsError {
  if (s3) {
    // S3: 403 RequestTimeTooSkewed with RequestTime, ServerTime and MaxAllowedSkewMilliseconds.
    return new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      status: 403,
      fields: { RequestTime: auth.amzDate, ServerTime: isoSeconds(now), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
    });
  }
  // Query/JSON services (STS, IAM, SQS, DynamoDB): 403 SignatureDoesNotMatch with these sentences.
  const message = past
    ? `Signature expired: ${auth.amzDate} is now earlier than ${toAmzDate(new Date(now.getTime() - MAX_SKEW_MS))} (${toAmzDate(now)} - 15 min.)`
    : `Signature not yet current: ${auth.amzDate} is still later than ${toAmzDate(new Date(now.getTime() + MAX_SKEW_MS))} (${toAmzDate(now)} + 15 min.)`;
  return new AwsError('SignatureDoesNotMatch', message, { status: 403 });
}

/** S3 checks a hex x-amz-content-sha256 against the body it received (XAmzContentSHA256Mismatch, 400). */
function checkContentSha256(req: WireRequest, s3: boolean): void {
  const claimed = req.headers['x-amz-content-sha256'];
  if (s3 && claimed === undefined && !isPresigned(req)) {
    // S3 requires the header on every header-signed SigV4 request (S3 API reference, "Common Request Headers").
    throw new AwsError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  if (!s3 || claimed === undefined || req.bodyStream !== undefined || !/^[0-9a-f]{64}$/i.test(claimed)) return;
  const actual = sha256Hex(req.body);
  if (actual !== claimed.toLowerCase()) {
    throw new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
      fields: { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: actual },
    });
  }
}

function isPresigned(req: WireRequest): boolean {
  return parseQuery(req.query).some(([name]) => name === 'X-Amz-Signature');
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function hexBytes(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
