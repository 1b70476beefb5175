// Parses AWS request authentication: SigV4 header and presigned query, plus S3's legacy SigV2 forms (parse only).
// Malformed input throws the AwsError AWS itself answers; S3 words its errors differently from query/JSON services.
import { AwsError } from '../core/aws-error.js';
import type { WireRequest } from '../protocol/codec.js';
import { parseQuery } from './canonical.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SigV4Auth {
  /** 4 for AWS4-HMAC-SHA256; 2 for S3's legacy `AWS AKID:sig` header and AWSAccessKeyId/Signature/Expires query. */
  version: 4 | 2;
  accessKeyId: string;
  /** YYYYMMDD from the credential scope ('' for SigV2). */
  date: string;
  region: string;
  service: string;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** The request timestamp, ISO 8601 basic (20150830T123600Z): X-Amz-Date, else the Date header converted. */
  amzDate: string;
  presigned: boolean;
  /** SigV4 presign: X-Amz-Expires. */
  expiresSeconds?: number;
  /** SigV2 presign: Expires, seconds since the epoch. */
  expiresEpochSeconds?: number;
  securityToken?: string;
}

export interface ParseOptions {
  /** Use S3's error codes and wording (the router knows the service before authentication runs). */
  s3?: boolean;
}

/** Longest presigned-URL lifetime S3 accepts: 7 days (S3 API reference, "Authenticating Requests: Using Query Parameters"). */
export const MAX_PRESIGN_SECONDS = 604800;
const CREDENTIAL_SHAPE = '"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"';
const AMZ_DATE = /^\d{8}T\d{6}Z$/;

/** Returns the request's authentication, or undefined for an anonymous request. Throws AwsError when malformed. */
export function parseAuthorization(req: WireRequest, options: ParseOptions = {}): SigV4Auth | undefined {
  const header = req.headers['authorization'];
  if (header !== undefined && header !== '') return parseHeader(req, header, options);
  const query = new Map(parseQuery(req.query));
  if (query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature')) {
    return parsePresigned(req, query, options);
  }
  if (query.has('AWSAccessKeyId') && query.has('Signature')) return parsePresignedV2(query);
  return undefined;
}

/** What a SigV4 header says before its signature, parsed once: a client signs every request with the same credential
 *  scope and header list for a day. Bounded: cleared when it grows past a cap. */
interface HeaderPrefix {
  scope: Pick<SigV4Auth, 'accessKeyId' | 'date' | 'region' | 'service'>;
  signedHeaders: string[];
  /** The credential scope names s3 (S3's error wording). */
  s3: boolean;
}
const headerPrefixes = new Map<string, HeaderPrefix>();
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

function parseHeader(req: WireRequest, header: string, options: ParseOptions): SigV4Auth {
  const trimmed = header.trim();
  const at = trimmed.lastIndexOf('Signature=');
  const tail = at > 0 ? trimmed.slice(at + 'Signature='.length) : '';
  const prefix = at > 0 && HEX_SIGNATURE.test(tail) ? trimmed.slice(0, at) : undefined;
  const known = prefix === undefined ? undefined : headerPrefixes.get(prefix);
  const amzDate = known === undefined ? undefined : requestDate(req);
  if (known !== undefined && amzDate !== undefined) {
    // Everything but the request's date and token was checked when this prefix was first parsed in full.
    checkScopeDate(known.scope.date, amzDate, options.s3 === true || known.s3, false);
    const auth: SigV4Auth = { version: 4, ...known.scope, signedHeaders: known.signedHeaders, signature: tail, amzDate, presigned: false };
    const token = req.headers['x-amz-security-token'];
    if (token !== undefined) auth.securityToken = token;
    return auth;
  }
  const auth = parseHeaderFully(req, trimmed, header, options);
  if (prefix !== undefined && auth.version === 4 && auth.signature === tail) {
    if (headerPrefixes.size >= 1000) headerPrefixes.clear();
    const { accessKeyId, date, region, service, signedHeaders } = auth;
    headerPrefixes.set(prefix, { scope: { accessKeyId, date, region, service }, signedHeaders, s3: /Credential=[^/]*\/[^/]*\/[^/]*\/s3\//.test(trimmed) });
  }
  return auth;
}

function parseHeaderFully(req: WireRequest, trimmed: string, header: string, options: ParseOptions): SigV4Auth {
  if (trimmed.startsWith('AWS ')) return parseHeaderV2(trimmed);
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const s3 = options.s3 === true || /Credential=[^/]*\/[^/]*\/[^/]*\/s3\//.test(trimmed);
  if (algorithm !== SIGV4_ALGORITHM) {
    // S3 answers an unknown scheme with InvalidArgument "Unsupported Authorization Type" (ArgumentName Authorization).
    if (s3) {
      throw new AwsError('InvalidArgument', 'Unsupported Authorization Type', {
        fields: { ArgumentName: 'Authorization', ArgumentValue: header },
      });
    }
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'`, header);
  }
  const params = new Map<string, string>();
  // A bare algorithm (no space) has no parameters at all; every missing one is reported below.
  for (const part of space < 0 ? [] : trimmed.slice(space + 1).split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      // STS/IAM wording: "'x' not a valid key=value pair (missing equal-sign) in Authorization header: '...'".
      if (s3) throw s3HeaderMalformed(`the authorization component "${item}" is malformed.`);
      throw new AwsError('IncompleteSignature', `'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    }
    params.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const credential = params.get('Credential');
  const signedHeaders = params.get('SignedHeaders');
  const signature = params.get('Signature');
  const amzDate = requestDate(req);
  if (!credential || !signedHeaders || !signature || amzDate === undefined) {
    if (s3) {
      if (amzDate === undefined && credential && signedHeaders && signature) {
        // S3: 403 AccessDenied "AWS authentication requires a valid Date or x-amz-date header".
        throw new AwsError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', { status: 403 });
      }
      throw s3HeaderMalformed('the authorization header requires three components: Credential, SignedHeaders, and Signature.');
    }
    // Query/JSON services list every missing piece, then echo the header (observed from STS, SQS, DynamoDB).
    let message = '';
    if (!credential) message += "Authorization header requires 'Credential' parameter. ";
    if (!signature) message += "Authorization header requires 'Signature' parameter. ";
    if (!signedHeaders) message += "Authorization header requires 'SignedHeaders' parameter. ";
    if (amzDate === undefined) message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    throw new AwsError('IncompleteSignature', `${message}Authorization=${header}`);
  }
  const scope = parseCredential(credential, s3, false);
  checkScopeDate(scope.date, amzDate, s3, false);
  const auth: SigV4Auth = {
    version: 4,
    ...scope,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
    amzDate,
    presigned: false,
  };
  const token = req.headers['x-amz-security-token'];
  if (token !== undefined) auth.securityToken = token;
  return auth;
}

function parsePresigned(req: WireRequest, query: Map<string, string>, options: ParseOptions): SigV4Auth {
  const credential = query.get('X-Amz-Credential');
  const s3 = options.s3 === true || /^[^/]*\/[^/]*\/[^/]*\/s3\//.test(credential ?? '');
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'];
  if (s3) required.push('X-Amz-Expires');
  const missing = required.find((name) => !query.get(name));
  if (missing !== undefined) {
    if (s3) {
      // S3 ErrorResponses: AuthorizationQueryParametersError, one fixed sentence naming all six parameters.
      throw queryParametersError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    throw new AwsError('IncompleteSignature', `AWS query-string parameters must include '${missing}'. Re-examine the query-string parameters.`);
  }
  const algorithm = query.get('X-Amz-Algorithm') ?? '';
  if (algorithm !== SIGV4_ALGORITHM) {
    if (s3) throw queryParametersError(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
    throw new AwsError('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const amzDate = query.get('X-Amz-Date') ?? '';
  if (!AMZ_DATE.test(amzDate)) {
    if (s3) throw queryParametersError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
    throw new AwsError('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  const scope = parseCredential(credential ?? '', s3, true);
  checkScopeDate(scope.date, amzDate, s3, true);
  const auth: SigV4Auth = {
    version: 4,
    ...scope,
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';').map((h) => h.trim().toLowerCase()),
    signature: query.get('X-Amz-Signature') ?? '',
    amzDate,
    presigned: true,
  };
  const expires = query.get('X-Amz-Expires');
  if (expires !== undefined) auth.expiresSeconds = parseExpires(expires, s3);
  const token = query.get('X-Amz-Security-Token') ?? req.headers['x-amz-security-token'];
  if (token !== undefined) auth.securityToken = token;
  return auth;
}

/** X-Amz-Expires rules as S3 words them (seen in S3-compatible test suites that assert AWS's text). */
function parseExpires(value: string, s3: boolean): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw s3 ? queryParametersError('X-Amz-Expires should be a number') : new AwsError('IncompleteSignature', 'X-Amz-Expires should be a number');
  }
  const seconds = Number(value);
  if (seconds < 0) {
    throw s3 ? queryParametersError('X-Amz-Expires must be non-negative') : new AwsError('IncompleteSignature', 'X-Amz-Expires must be non-negative');
  }
  if (s3 && seconds > MAX_PRESIGN_SECONDS) {
    throw queryParametersError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}`);
  }
  return seconds;
}

function parseCredential(credential: string, s3: boolean, presigned: boolean): Pick<SigV4Auth, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  const wellFormed =
    parts.length === 5 && accessKeyId && date && /^\d{8}$/.test(date) && region && service && terminator === 'aws4_request';
  if (wellFormed) return { accessKeyId, date, region, service };
  if (s3) {
    const what = `the Credential is mal-formed; expecting ${CREDENTIAL_SHAPE}.`;
    throw presigned ? queryParametersError(`Error parsing the X-Amz-Credential parameter; ${what}`) : s3HeaderMalformed(what);
  }
  // STS/IAM wording for credential scope problems.
  if (parts.length !== 5) {
    throw new AwsError(
      'IncompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  if (terminator !== 'aws4_request') {
    throw new AwsError('SignatureDoesNotMatch', `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator ?? ''}'.`, {
      status: 403,
    });
  }
  throw new AwsError('IncompleteSignature', `Credential should be scoped to a valid region, service and date, got '${credential}'.`);
}

function checkScopeDate(scopeDate: string, amzDate: string, s3: boolean, presigned: boolean): void {
  if (amzDate.slice(0, 8) === scopeDate) return;
  if (s3) {
    const what = 'Invalid credential date. Date is not the same as X-Amz-Date.';
    throw presigned ? queryParametersError(what) : s3HeaderMalformed(what);
  }
  throw new AwsError(
    'SignatureDoesNotMatch',
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    { status: 403 },
  );
}

/** X-Amz-Date, else the RFC 1123 Date header converted to ISO 8601 basic; undefined when neither is usable. */
function requestDate(req: WireRequest): string | undefined {
  const amz = req.headers['x-amz-date'];
  if (amz !== undefined) return AMZ_DATE.test(amz) ? amz : undefined;
  const date = req.headers['date'];
  if (date === undefined) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : toAmzDate(new Date(ms));
}

export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function fromAmzDate(amzDate: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return new Date(NaN);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

function parseHeaderV2(header: string): SigV4Auth {
  const value = header.slice(4).trim();
  const colon = value.lastIndexOf(':');
  if (colon <= 0) throw new AwsError('InvalidArgument', 'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature', {
    fields: { ArgumentName: 'Authorization', ArgumentValue: header },
  });
  return v2Auth(value.slice(0, colon), value.slice(colon + 1), false);
}

function parsePresignedV2(query: Map<string, string>): SigV4Auth {
  const auth = v2Auth(query.get('AWSAccessKeyId') ?? '', query.get('Signature') ?? '', true);
  const expires = query.get('Expires');
  if (expires !== undefined && /^\d+$/.test(expires)) auth.expiresEpochSeconds = Number(expires);
  const token = query.get('x-amz-security-token');
  if (token !== undefined) auth.securityToken = token;
  return auth;
}

function v2Auth(accessKeyId: string, signature: string, presigned: boolean): SigV4Auth {
  return { version: 2, accessKeyId, date: '', region: '', service: 's3', signedHeaders: [], signature, amzDate: '', presigned };
}

function incompleteSignature(reason: string, header: string): AwsError {
  return new AwsError('IncompleteSignature', `${reason} Authorization=${header}`);
}

/** S3 ErrorResponses: AuthorizationHeaderMalformed, "The authorization header is malformed; <reason>". */
function s3HeaderMalformed(reason: string): AwsError {
  return new AwsError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${reason}`);
}

function queryParametersError(message: string): AwsError {
  return new AwsError('AuthorizationQueryParametersError', message);
}
