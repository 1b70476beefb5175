// The S3 website endpoint's data plane: GET and HEAD by Host, answered from the bucket's website configuration
// (index and error documents, RedirectAllRequestsTo, routing rules, x-amz-website-redirect-location) with HTML errors.
// Objects are read by anonymous in-process GET/HEAD requests, so bucket policies, ACLs and Block Public Access
// decide exactly as for any unsigned REST request ("Website endpoints: supports only publicly readable content").
import type { Readable } from 'node:stream';
import type { WebsiteConfiguration } from '../../../generated/s3/api.js';
import type { WireResponse } from '../../../protocol/codec.js';
import { parseXml } from '../../../protocol/shared/xml.js';
import { websiteEndpointOf } from '../../../net/dns/s3-website-names.js';
import { websiteErrorPage, type WebsiteError } from './website-page.js';
import {
  folderIndexKey, keyOfPath, lookupKey, redirectAll, routingRedirect, ruleBeforeLookup, ruleForError, type Redirect,
} from './website-rules.js';

/** Reads one object of the bucket as an anonymous caller would (GET or HEAD, with the client's conditional headers). */
export type WebsiteFetch = (method: 'GET' | 'HEAD', key: string, headers: Record<string, string>) => Promise<WireResponse>;

export interface WebsiteRequest {
  method: string;
  /** The path as the client sent it (not rewritten to path style). */
  path: string;
  headers: Record<string, string>;
  bucket: string;
  /** The region the Host's website endpoint names; undefined for a custom domain (a CNAME or alias to it). */
  endpointRegion?: string | undefined;
  requestId: string;
  hostId: string;
}

/** What the bucket is, read from S3's state by the hook. */
export interface WebsiteBucket {
  exists: boolean;
  /** Where the bucket lives; its website is served only by that region's endpoint. */
  region: string | undefined;
  website: WebsiteConfiguration | undefined;
  requesterPays: boolean;
}

/** Headers a reader of a website sends that S3 honours on GET and HEAD (conditional requests, ranges). */
const FORWARDED = ['range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'];

function discard(body: Buffer | Readable | undefined): void {
  if (body !== undefined && !Buffer.isBuffer(body)) body.destroy();
}

function redirectResponse(r: Redirect): WireResponse {
  return { status: r.status, headers: { location: r.location, 'content-length': '0' }, body: undefined };
}

function isSuccess(status: number): boolean {
  return (status >= 200 && status < 300) || status === 304;
}

/** The error an in-process S3 answer carries: from its XML body, or (HEAD has none) from its status alone. */
async function errorOf(res: WireResponse, key: string): Promise<WebsiteError> {
  const body = res.body;
  let text: string | undefined;
  if (Buffer.isBuffer(body)) text = body.toString('utf8');
  else if (body !== undefined) {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
    text = Buffer.concat(chunks).toString('utf8');
  }
  if (text !== undefined && text.includes('<Error>')) {
    try {
      const root = parseXml(text);
      let code = 'InternalError';
      let message = '';
      const fields: Array<[string, string]> = [];
      for (const child of root.children) {
        if (child.localName === 'Code') code = child.text;
        else if (child.localName === 'Message') message = child.text;
        else if (child.localName !== 'RequestId' && child.localName !== 'HostId') fields.push([child.localName, child.text]);
      }
      return { status: res.status, code, message, fields };
    } catch {
      // not S3's error document: fall through to the status
    }
  }
  if (res.status === 404) return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', fields: [['Key', key]] };
  if (res.status === 403) return { status: 403, code: 'AccessDenied', message: 'Access Denied', fields: [] };
  return { status: res.status, code: 'InternalError', message: 'We encountered an internal error. Please try again.', fields: [] };
}

export class WebsiteServer {
  constructor(private readonly fetch: WebsiteFetch) {}

  async serve(req: WebsiteRequest, bucket: WebsiteBucket): Promise<WireResponse> {
    const ids = { requestId: req.requestId, hostId: req.hostId };
    const page = (error: WebsiteError, errorDocument?: WebsiteError): WireResponse => {
      const html = Buffer.from(websiteErrorPage(error, ids, errorDocument));
      return {
        status: error.status,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-length': String(html.length), 'x-amz-id-2': req.hostId },
        body: req.method === 'HEAD' ? undefined : html,
      };
    };
    // Another region's endpoint: `400 Bad Request`, IncorrectEndpoint, naming the bucket's own endpoint in its region's
    // form. Pages AWS answered, quoted in public write-ups (a takeover report's `aag.acorns.com.s3-website-us-west-2…`,
    // a CTF write-up's `cats-in-a-bucket.s3-website-eu-west-1` → `…s3-website.eu-central-1…`); S3 ErrorResponses lists
    // IncorrectEndpoint as 400. No BucketName line. Checked first, since that endpoint knows only where the bucket
    // lives (its order against the 405 below is our reading; no capture shows both).
    if (bucket.exists && req.endpointRegion !== undefined && bucket.region !== undefined && bucket.region !== req.endpointRegion) {
      return page({
        status: 400, code: 'IncorrectEndpoint', message: 'The specified bucket exists in another region. Please direct requests to the specified endpoint.',
        fields: [['Endpoint', `${req.bucket}.${websiteEndpointOf(bucket.region)}`]],
      });
    }
    // test_website_hosting_http_methods: POST and DELETE answer 405 MethodNotAllowed, naming the method.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return page({ status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.', fields: [['Method', req.method], ['ResourceType', 'OBJECT']] });
    }
    // test_website_hosting_no_such_website: a missing bucket, or one without a website configuration, is a 404 page.
    if (!bucket.exists) return page({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', fields: [['BucketName', req.bucket]] });
    const config = bucket.website;
    if (!config) return page({ status: 404, code: 'NoSuchWebsiteConfiguration', message: 'The specified bucket does not have a website configuration', fields: [['BucketName', req.bucket]] });
    // "Requester Pays buckets do not allow access through a website endpoint … 403 Access Denied" (Website endpoints).
    if (bucket.requesterPays) return page({ status: 403, code: 'AccessDenied', message: 'Access Denied', fields: [] });

    const protocol = 'http';
    const host = req.headers['host'] ?? '';
    const all = redirectAll(config, req.path, protocol);
    if (all) return redirectResponse(all);

    const key = keyOfPath(req.path);
    const before = ruleBeforeLookup(config, key);
    if (before) return redirectResponse(routingRedirect(before, key, host, protocol));

    const suffix = config.IndexDocument?.Suffix;
    const wanted = lookupKey(key, suffix);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    const res = await this.fetch(req.method, wanted, headers);
    if (isSuccess(res.status)) {
      // "The website then interprets the object as a 301 redirect" (x-amz-website-redirect-location).
      const location = res.headers['x-amz-website-redirect-location'];
      if (location !== undefined) {
        discard(res.body);
        return redirectResponse({ status: 301, location });
      }
      return res;
    }

    // A key that is a folder: `photos` → 302 Found to `photos/` when photos/index.html can be read.
    const folder = (res.status === 404 || res.status === 403) ? folderIndexKey(key, suffix) : undefined;
    if (folder !== undefined) {
      const index = await this.fetch('HEAD', folder, {});
      if (isSuccess(index.status)) {
        discard(res.body);
        return redirectResponse({ status: 302, location: `${req.path.replace(/\?.*$/, '')}/` });
      }
    }

    const rule = ruleForError(config, key, res.status);
    if (rule) {
      discard(res.body);
      return redirectResponse(routingRedirect(rule, key, host, protocol));
    }
    const error = await errorOf(res, wanted);
    // "Amazon S3 returns your custom error document for only the HTTP 4XX class of error codes", with that status.
    const errorKey = config.ErrorDocument?.Key;
    if (errorKey === undefined || error.status < 400 || error.status >= 500) return page(error);
    const doc = await this.fetch(req.method, errorKey, {});
    if (doc.status !== 200) return page(error, await errorOf(doc, errorKey));
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(doc.headers)) {
      if (name !== 'accept-ranges' && name !== 'content-range') out[name] = value;
    }
    return { status: error.status, headers: out, body: doc.body };
  }
}
