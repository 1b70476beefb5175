// S3's HTTP-level hooks (see HttpHooks): virtual-hosted and Transfer Acceleration hosts rewritten to path style,
// acceleration enforced per bucket, and browser CORS answered from the bucket's CORS rules.
import { checkContentMd5 } from '../integrity/content-md5.js';
import { AwsError, notImplemented } from '../../../core/aws-error.js';
import type { CORSRule } from '../../../generated/s3/api.js';
import type { WireRequest, WireResponse } from '../../../protocol/codec.js';
import type { HttpHooks, SignedBody } from '../../service-definition.js';
import type { Readable } from 'node:stream';
import { corsResponseHeaders, matchCorsRule, parseRequestHeaders, type CorsRequest } from '../buckets/cors.js';
import { checkContentSha256Value, invalidArgument, noSuchBucket } from '../s3-errors.js';
import { attachBodyFraming, type BodyFraming } from '../integrity/body-framing.js';
import type { S3State } from '../s3-state.js';
import { escapesAreUtf8 } from '../../../protocol/shared/utf8.js';
import { isPostObjectRequest, servePostObject, type PostObjectEnv } from '../post-object/post-object.js';
import { customDomainSite, websiteHook } from '../website/website-hook.js';

export interface S3Host {
  /** The bucket the host names (`<bucket>.s3.<anything>`), undefined for a path-style S3 host. */
  bucket: string | undefined;
  /** `s3-accelerate` and `s3-accelerate.dualstack` hosts. */
  accelerate: boolean;
}

/**
 * Reads a Host header naming S3: the last label that is `s3` or starts with `s3-` (s3-accelerate, s3-us-west-2)
 * ends the bucket name, so bucket names with dots work (`my.bucket.s3.localhost.localstack.cloud`).
 * Undefined for hosts that do not name S3 (127.0.0.1:4566, localhost).
 */
export function parseS3Host(host: string): S3Host | undefined {
  if (!host.includes('s3')) return undefined;
  const labels = host.replace(/:\d+$/, '').toLowerCase().split('.');
  let at = -1;
  for (let i = labels.length - 1; i >= 0; i--) {
    const l = labels[i]!;
    if (l === 's3' || l.startsWith('s3-')) {
      at = i;
      break;
    }
  }
  if (at === -1) return undefined;
  return { bucket: at > 0 ? labels.slice(0, at).join('.') : undefined, accelerate: labels[at] === 's3-accelerate' };
}

/** `/bucket/key…` → bucket and whether a key follows. */
function bucketOfPath(path: string): { bucket: string | undefined; hasKey: boolean } {
  const slash = path.indexOf('/', 1);
  const bucket = slash === -1 ? path.slice(1) : path.slice(1, slash);
  return { bucket: bucket === '' ? undefined : bucket, hasKey: slash !== -1 && slash < path.length - 1 };
}

function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequest', message, { status: 400 });
}

/** Requests to the accelerate endpoint are served only for buckets with acceleration Enabled. */
function checkAcceleration(s: S3State, bucket: string | undefined): void {
  if (bucket === undefined) throw invalidRequest('S3 Transfer Acceleration endpoint supports only virtual style requests.');
  if (bucket.includes('.')) throw invalidRequest('S3 Transfer Acceleration is not supported for buckets with periods (.) in their names');
  if (!s.buckets.get(bucket)) throw noSuchBucket(bucket);
  const status = s.buckets.getConfig<string>(bucket, 'accelerate');
  if (status === undefined) throw invalidRequest('S3 Transfer Acceleration is not configured on this bucket');
  if (status !== 'Enabled') throw invalidRequest('S3 Transfer Acceleration is disabled on this bucket');
}

function corsForbidden(message: string, method: string, hasKey: boolean): AwsError {
  // test_s3_cors.snapshot.json: 403 AccessForbidden naming the method and the resource type.
  return new AwsError('AccessForbidden', `CORSResponse: ${message}`, {
    status: 403, fields: { Method: method, ResourceType: hasKey ? 'OBJECT' : 'BUCKET' },
  });
}

const NOT_ALLOWED = "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

function corsRequestOf(req: WireRequest, origin: string): CorsRequest {
  return {
    origin,
    method: req.headers['access-control-request-method'] ?? req.method,
    requestHeaders: parseRequestHeaders(req.headers['access-control-request-headers']),
  };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A presigned URL past its expiry is refused even when signatures are not verified (no --enforce-iam): clients test
 * their expiry handling locally. SigV4 (X-Amz-Date + X-Amz-Expires) and SigV2 (Expires, epoch seconds) query forms.
 */
export function checkPresignedExpiry(query: string, now: number): void {
  if (!query.includes('Expires=')) return;
  const q = new URLSearchParams(query);
  const amzDate = q.get('X-Amz-Date');
  const amzExpires = q.get('X-Amz-Expires');
  let expiresAt: number | undefined;
  let expiresField: string | undefined;
  if (amzDate !== null && amzExpires !== null && q.has('X-Amz-Signature')) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!m) return; // malformed dates are the signature parser's to refuse
    expiresAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + Number(amzExpires) * 1000;
    expiresField = amzExpires;
  } else if (q.has('Signature') && q.has('AWSAccessKeyId') && q.get('Expires') !== null) {
    expiresAt = Number(q.get('Expires')) * 1000;
  }
  if (expiresAt === undefined || !Number.isFinite(expiresAt) || now <= expiresAt) return;
  // S3: 403 AccessDenied "Request has expired", with X-Amz-Expires, Expires and ServerTime beside it.
  const fields: Record<string, string> = { Expires: isoSeconds(expiresAt), ServerTime: isoSeconds(now) };
  throw new AwsError('AccessDenied', 'Request has expired', {
    status: 403, fields: expiresField === undefined ? fields : { 'X-Amz-Expires': expiresField, ...fields },
  });
}

/** Query parameters of a presigned URL that are its signature, not hoisted headers. */
const PRESIGN_PARAMS = new Set(['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signedheaders', 'x-amz-signature', 'x-amz-security-token']);

/**
 * A SigV4 presigned URL carries the x-amz-* headers it was made with in its query (the SDKs hoist x-amz-meta-*, x-amz-acl,
 * x-amz-server-side-encryption… there); S3 applies them as if they were headers. A header actually sent wins.
 */
export function applyPresignedHeaders(req: WireRequest): void {
  // SigV4 only: SigV2 signs the x-amz-* headers it was sent with, so headers added here would change what it checks.
  if (!/(?:^|&)X-Amz-Signature=/.test(req.query)) return;
  for (const [name, value] of new URLSearchParams(req.query)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-amz-') || PRESIGN_PARAMS.has(lower)) continue;
    // "Amazon S3 presigned URLs don't support using the following data-integrity checksum algorithms (CRC32, CRC32C,
    // SHA-1, SHA-256) when you upload objects" (S3 user guide, "Uploading objects with presigned URLs"): SDK v3 signs
    // the CRC32 of an empty body into every presigned PUT, and S3 ignores it.
    if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') continue;
    if (req.headers[lower] === undefined) req.headers[lower] = value;
  }
}

/** The framing an upload's headers announce, with the checks a verified signature calls for. */
export function framingOf(headers: Record<string, string>, signed: SignedBody | undefined): BodyFraming {
  const framing: BodyFraming = {};
  const sha = headers['x-amz-content-sha256'];
  if (sha !== undefined) framing.contentSha256 = sha;
  const decoded = headers['x-amz-decoded-content-length'];
  if (decoded !== undefined) {
    if (!/^\d{1,15}$/.test(decoded)) throw invalidArgument('x-amz-decoded-content-length must be a number.', 'x-amz-decoded-content-length', decoded);
    framing.decodedContentLength = Number(decoded);
  }
  if (headers['x-amz-trailer'] !== undefined) framing.trailer = headers['x-amz-trailer'];
  if (headers['content-encoding'] !== undefined) framing.contentEncoding = headers['content-encoding'];
  if (signed !== undefined && sha !== undefined) {
    if (sha.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD')) framing.verifier = signed.chunks;
    else if (sha.startsWith('STREAMING-AWS4-ECDSA')) throw notImplemented('S3', 'PutObject', 'SigV4a (ECDSA) signed streaming uploads');
    else if (/^[0-9a-fA-F]{64}$/.test(sha)) framing.expectedSha256 = sha.toLowerCase();
  }
  return framing;
}

export function s3HttpHooks(s: S3State, post: PostObjectEnv): HttpHooks {
  const website = websiteHook(s, post);
  return {
    /** A website endpoint's GET or HEAD (website/website-hook.ts); POST to a bucket without a sub-resource: a browser
     *  form upload (post-object/post-object.ts). */
    serve(req: WireRequest, body: Buffer | Readable, requestId: string): Promise<WireResponse> | undefined {
      const site = website(req, requestId);
      if (site) return site;
      return isPostObjectRequest(req) ? servePostObject(post, s, req, body) : undefined;
    },

    /** A Host kumo does not otherwise answer that names a website bucket: its website, for unsigned requests only. */
    site(req: WireRequest, requestId: string): Promise<WireResponse> | undefined {
      return customDomainSite(s, req) ? website(req, requestId) : undefined;
    },

    rewrite(req: WireRequest): void {
      // A key or parameter whose escapes are not UTF-8 (`/bucket/a%FFb`): S3's 400 InvalidURI "Couldn't parse the
      // specified URI." (github.com/gaul/s3proxy/issues/201 shows S3's 400 for HEAD of `%AE%8A-`).
      if (!escapesAreUtf8(req.path) || !escapesAreUtf8(req.query)) throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", { status: 400 });
      checkPresignedExpiry(req.query, s.exactNow());
      applyPresignedHeaders(req);
      checkContentSha256Value(req.headers['x-amz-content-sha256']);
      const host = parseS3Host(req.headers['host'] ?? '');
      if (host === undefined) return;
      if (host.accelerate) checkAcceleration(s, host.bucket);
      if (host.bucket !== undefined) req.path = req.path === '/' || req.path === '' ? `/${host.bucket}` : `/${host.bucket}${req.path}`;
    },

    /** Content-MD5 on the buffered XML bodies (DeleteObjects, tagging, policy…); object bodies check it as they stream. */
    checkBody(req: WireRequest): void {
      checkContentMd5(req.headers['content-md5'], req.body);
    },

    /** Notes how an upload body is framed (from headers only: a body is aws-chunked only when the request says so)
     *  and, under --enforce-iam, what it must match: a hex x-amz-content-sha256 or its chunk signatures. */
    streamingBody(req: WireRequest, body: Readable, signed: SignedBody | undefined): void {
      attachBodyFraming(body, framingOf(req.headers, signed));
    },

    /**
     * OPTIONS to a bucket: claimed when the host names S3 or the path's bucket exists (otherwise it may be another
     * service's browser preflight, which the gateway answers generically). Errors as in test_s3_cors.snapshot.json.
     */
    preflight(req: WireRequest): WireResponse | undefined {
      const { bucket, hasKey } = bucketOfPath(req.path);
      if (bucket === undefined) return undefined;
      const row = s.buckets.get(bucket);
      if (!row && parseS3Host(req.headers['host'] ?? '') === undefined) return undefined;
      const origin = req.headers['origin'];
      if (origin === undefined) throw new AwsError('BadRequest', 'Insufficient information. Origin request header needed.', { status: 400 });
      const method = req.headers['access-control-request-method'] ?? 'OPTIONS';
      // test_s3_cors.snapshot.json test_cors_http_options_non_existent_bucket options-with-origin: a key in a missing
      // bucket still names the BUCKET as the resource.
      if (!row) throw corsForbidden('Bucket not found', method, false);
      const rules = s.buckets.getConfig<CORSRule[]>(bucket, 'cors');
      if (rules === undefined) throw corsForbidden('CORS is not enabled for this bucket.', method, hasKey);
      const cors = corsRequestOf(req, origin);
      const rule = matchCorsRule(rules, cors);
      if (!rule) throw corsForbidden(NOT_ALLOWED, method, hasKey);
      return { status: 200, headers: corsResponseHeaders(rule, cors), body: undefined };
    },

    /** Requests to an existing bucket carry exactly what its CORS rules grant: nothing without a matching rule. */
    corsHeaders(req: WireRequest): Record<string, string> | undefined {
      const origin = req.headers['origin'];
      if (origin === undefined) return undefined;
      const { bucket } = bucketOfPath(req.path);
      if (bucket === undefined || !s.buckets.get(bucket)) return undefined;
      const rules = s.buckets.getConfig<CORSRule[]>(bucket, 'cors');
      if (rules === undefined) return {};
      const cors = corsRequestOf(req, origin);
      const rule = matchCorsRule(rules, cors);
      return rule ? corsResponseHeaders(rule, cors) : {};
    },
  };
}
