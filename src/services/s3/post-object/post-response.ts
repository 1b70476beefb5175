// POST Object's two translations: form fields → the PutObject headers they stand for (Content-Type, x-amz-meta-*,
// acl, tagging as XML…), and PutObject's answer → the form's (success_action_redirect 303, success_action_status).
import { parseXml, renderXml, xmlNode, childElements, childText } from '../../../protocol/shared/xml.js';
import type { WireRequest, WireResponse } from '../../../protocol/codec.js';
import { malformedXml } from '../s3-errors.js';
import { parseS3Host } from '../http/http-hooks.js';

/** Fields S3 reads as the object's standard headers (S3 API reference, "POST Object": form fields). */
const STANDARD = ['cache-control', 'content-type', 'content-disposition', 'content-encoding', 'content-language', 'expires', 'content-md5'];

/** Signing fields: they authenticate the form and are never object headers. */
const SIGNING = new Set(['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature', 'x-amz-security-token']);

/**
 * The `tagging` field is a Tagging XML document (test_post_object_with_tags): its tags become x-amz-tagging; a
 * document that is not XML is MalformedXML, and one without Tag elements sets none (the `invalid` case).
 */
export function taggingHeader(xml: string): string | undefined {
  let root;
  try {
    root = parseXml(xml);
  } catch {
    throw malformedXml();
  }
  const params = new URLSearchParams();
  for (const set of childElements(root, 'TagSet')) {
    for (const tag of childElements(set, 'Tag')) {
      const key = childText(tag, 'Key');
      if (key !== undefined) params.append(key, childText(tag, 'Value') ?? '');
    }
  }
  const header = params.toString().replaceAll('+', '%20');
  return header === '' ? undefined : header;
}

/** The PutObject headers a form's fields ask for (field names are lower-cased already). */
export function objectHeaders(fields: ReadonlyMap<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (STANDARD.includes(name)) headers[name] = value;
    else if (name.startsWith('x-amz-') && !SIGNING.has(name)) headers[name] = value;
    else if (name === 'acl') headers['x-amz-acl'] = value;
    else if (name === 'tagging') {
      const tagging = taggingHeader(value);
      if (tagging !== undefined) headers['x-amz-tagging'] = tagging;
    }
  }
  return headers;
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** The object's URL as S3 gives it in Location: virtual-hosted when the request was, else path style. */
function locationOf(req: WireRequest, bucket: string, key: string): string {
  const host = req.headers['host'] ?? '127.0.0.1';
  const virtual = parseS3Host(host)?.bucket !== undefined;
  return virtual ? `http://${host}/${encodeKey(key)}` : `http://${host}/${encodeURIComponent(bucket)}/${encodeKey(key)}`;
}

function redirectTarget(value: string | undefined): URL | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined; // S3 ignores a redirect it cannot use and answers with the status instead
  }
}

/**
 * The answer to a stored form upload (S3 API reference, "POST Object", success_action_redirect and
 * success_action_status): a 303 to the redirect with bucket, key and etag added; else 201 with a PostResponse
 * document, 200 empty, or the default 204 empty. ETag, Location and the version id ride along as headers.
 */
export function postAnswer(req: WireRequest, bucket: string, key: string, put: WireResponse, fields: ReadonlyMap<string, string>): WireResponse {
  const etag = put.headers['ETag'] ?? put.headers['etag'] ?? '';
  const location = locationOf(req, bucket, key);
  const headers: Record<string, string> = { ETag: etag, Location: location };
  for (const [name, value] of Object.entries(put.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'x-amz-version-id' || lower.startsWith('x-amz-server-side-encryption') || lower.startsWith('x-amz-checksum-')) headers[name] = value;
  }
  const redirect = redirectTarget(fields.get('success_action_redirect') ?? fields.get('redirect'));
  if (redirect) {
    redirect.searchParams.append('bucket', bucket);
    redirect.searchParams.append('key', key);
    redirect.searchParams.append('etag', etag);
    return { status: 303, headers: { ...headers, Location: redirect.toString() }, body: undefined };
  }
  const status = fields.get('success_action_status');
  if (status === '201') {
    const doc = xmlNode('PostResponse', [xmlNode('Location', location), xmlNode('Bucket', bucket), xmlNode('Key', key), xmlNode('ETag', etag)]);
    const body = Buffer.from(renderXml(doc, { declaration: true }));
    return { status: 201, headers: { ...headers, 'Content-Type': 'application/xml' }, body };
  }
  return { status: status === '200' ? 200 : 204, headers, body: undefined };
}
