// Parsing of SigV4 headers and presigned query strings, and the AWS error each malformed form gets:
// S3's AuthorizationHeaderMalformed / AuthorizationQueryParametersError vs the query/JSON services' IncompleteSignature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../core/aws-error.js';
import type { WireRequest } from '../protocol/codec.js';
import { parseAuthorization } from './sigv4-parse.js';

const GOOD_CREDENTIAL = 'AKIDEXAMPLE/20260101/us-east-1/sqs/aws4_request';
const SIG = 'a'.repeat(64);

function headerReq(authorization: string, extra: Record<string, string> = { 'x-amz-date': '20260101T000000Z' }): WireRequest {
  return { method: 'POST', path: '/', query: '', headers: { host: 'localhost', authorization, ...extra }, body: Buffer.alloc(0) };
}

function queryReq(query: string): WireRequest {
  return { method: 'GET', path: '/bucket/key', query, headers: { host: 'localhost' }, body: Buffer.alloc(0) };
}

function fails(req: WireRequest, code: string, message: string | RegExp, s3 = false): void {
  assert.throws(
    () => parseAuthorization(req, { s3 }),
    (e: unknown) => e instanceof AwsError && e.code === code && (typeof message === 'string' ? e.message === message : message.test(e.message)),
  );
}

test('a request without Authorization or presign parameters is anonymous', () => {
  assert.equal(parseAuthorization(queryReq('list-type=2&prefix=a')), undefined);
});

test('a SigV4 header yields key, scope, signed headers, date and session token', () => {
  const req = headerReq(`AWS4-HMAC-SHA256 Credential=${GOOD_CREDENTIAL},SignedHeaders=Host;X-Amz-Date, Signature=${SIG}`, {
    'x-amz-date': '20260101T000000Z',
    'x-amz-security-token': 'token',
  });
  assert.deepEqual(parseAuthorization(req), {
    version: 4,
    accessKeyId: 'AKIDEXAMPLE',
    date: '20260101',
    region: 'us-east-1',
    service: 'sqs',
    signedHeaders: ['host', 'x-amz-date'],
    signature: SIG,
    amzDate: '20260101T000000Z',
    presigned: false,
    securityToken: 'token',
  });
});

test('the Date header stands in for X-Amz-Date', () => {
  const auth = parseAuthorization(headerReq(`AWS4-HMAC-SHA256 Credential=${GOOD_CREDENTIAL}, SignedHeaders=date;host, Signature=${SIG}`, { date: 'Thu, 01 Jan 2026 00:00:00 GMT' }));
  assert.equal(auth?.amzDate, '20260101T000000Z');
});

test('query/JSON services list every missing component and echo the header in IncompleteSignature', () => {
  const header = `AWS4-HMAC-SHA256 Credential=${GOOD_CREDENTIAL}`;
  fails(
    headerReq(header, {}),
    'IncompleteSignature',
    "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`,
  );
});

test('a component without an equals sign is named in the error', () => {
  fails(headerReq(`AWS4-HMAC-SHA256 Credential=${GOOD_CREDENTIAL}, garbage`), 'IncompleteSignature', /^'garbage' not a valid key=value pair \(missing equal-sign\)/);
});

test('a credential without five parts is refused with its AWS wording', () => {
  fails(
    headerReq(`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1, SignedHeaders=host, Signature=${SIG}`),
    'IncompleteSignature',
    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260101/us-east-1'",
  );
});

test('a credential date different from X-Amz-Date is refused', () => {
  fails(
    headerReq(`AWS4-HMAC-SHA256 Credential=${GOOD_CREDENTIAL}, SignedHeaders=host, Signature=${SIG}`, { 'x-amz-date': '20260102T000000Z' }),
    'SignatureDoesNotMatch',
    /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260101' != '20260102'/,
  );
  fails(
    headerReq(`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${SIG}`, { 'x-amz-date': '20260102T000000Z' }),
    'AuthorizationHeaderMalformed',
    'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.',
  );
});

test('S3 answers malformed headers with AuthorizationHeaderMalformed', () => {
  fails(
    headerReq(`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/wrong, SignedHeaders=host, Signature=${SIG}`),
    'AuthorizationHeaderMalformed',
    'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
  );
  fails(headerReq('AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request'), 'AuthorizationHeaderMalformed', /requires three components/, true);
  fails(headerReq('Bearer abc'), 'InvalidArgument', 'Unsupported Authorization Type', true);
  fails(headerReq(`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${SIG}`, {}), 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', true);
});

test('presigned S3 query parameters are parsed, and their problems use AuthorizationQueryParametersError', () => {
  const base = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=' + SIG;
  const auth = parseAuthorization(queryReq(`${base}&X-Amz-Expires=300&X-Amz-Security-Token=tok%2B1`));
  assert.deepEqual([auth?.presigned, auth?.expiresSeconds, auth?.securityToken, auth?.service], [true, 300, 'tok+1', 's3']);
  fails(queryReq(base), 'AuthorizationQueryParametersError', /^Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential/);
  fails(queryReq(`${base}&X-Amz-Expires=-1`), 'AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative');
  fails(queryReq(`${base}&X-Amz-Expires=604801`), 'AuthorizationQueryParametersError', /^X-Amz-Expires must be less than a week/);
  fails(queryReq(`${base}&X-Amz-Expires=soon`), 'AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  fails(queryReq(base.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1') + '&X-Amz-Expires=1'), 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  fails(queryReq(base.replace('aws4_request', 'aws5') + '&X-Amz-Expires=1'), 'AuthorizationQueryParametersError', /^Error parsing the X-Amz-Credential parameter; the Credential is mal-formed/);
});

test('presigned parameters for other services report the missing one in IncompleteSignature', () => {
  fails(
    queryReq('X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z'),
    'IncompleteSignature',
    "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
  );
});

test('the S3 SigV2 header form is parsed for its access key', () => {
  const auth = parseAuthorization(headerReq('AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=', {}));
  assert.deepEqual([auth?.version, auth?.accessKeyId, auth?.signature, auth?.service], [2, 'AKIAIOSFODNN7EXAMPLE', 'frJIUN8DYpKDtOLCwo//yllqDzg=', 's3']);
});

test('a bare AWS4-HMAC-SHA256 header lists every missing parameter, as STS answers it', () => {
  const req: WireRequest = { method: 'POST', path: '/', query: '', headers: { authorization: 'AWS4-HMAC-SHA256' }, body: Buffer.alloc(0) };
  assert.throws(() => parseAuthorization(req), (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'IncompleteSignature');
    assert.match(e.message, /^Authorization header requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\./);
    return true;
  });
});

test('a header whose scope and signed headers were parsed before gives the same answer, errors included', () => {
  const prefix = 'AWS4-HMAC-SHA256 Credential=AKIDREPEAT/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=';
  const first = parseAuthorization(headerReq(prefix + 'b'.repeat(64)));
  const again = parseAuthorization(headerReq(prefix + 'c'.repeat(64), { 'x-amz-date': '20260101T101010Z', 'x-amz-security-token': 't' }));
  assert.deepEqual(again, { ...first, signature: 'c'.repeat(64), amzDate: '20260101T101010Z', securityToken: 't' });
  // A later request of the same client whose date is another day is still refused in S3's words.
  fails(headerReq(prefix + 'd'.repeat(64), { 'x-amz-date': '20260102T000000Z' }), 'AuthorizationHeaderMalformed',
    'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.');
  // Without any date header the full parse answers, as the first time.
  fails(headerReq(prefix + 'e'.repeat(64), {}), 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
});
