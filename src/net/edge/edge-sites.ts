// Sites kumo serves on the edge's HTTP port at a Host that no distribution has: an S3 website under a custom domain.
// Route 53 answers kumo's address for it, and port 80 is the edge's, so the edge answers as the website would.
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import type { ViewerAnswer, ViewerRequest } from './viewer.js';

/** A site's answer as kumo's gateway gives it (a WireResponse). */
export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | Readable | undefined;
  sent?: (() => void) | undefined;
}

export interface EdgeSites {
  /** The site's answer to this request, or undefined when no site answers it (the edge's unknown-Host page then). */
  answer(req: ViewerRequest): Promise<SiteResponse | undefined>;
}

/** Headers that belong to one connection, written by the edge itself (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'content-length']);

/**
 * The viewer's answer for a site's response, written as kumo's HTTP listener writes the same response (server.ts):
 * its headers, Date, and Content-Length from a buffered body (0 for no body except on HEAD). A streamed body with a
 * length is streamed; without one it is read first, so that the answer can carry its length.
 */
export async function siteAnswer(res: SiteResponse, method: string): Promise<ViewerAnswer> {
  const headers = res.headers;
  let body = res.body;
  let length = headers['content-length'];
  if (method === 'HEAD' && body !== undefined && !Buffer.isBuffer(body)) {
    // As kumo's listener answers HEAD: the head only, the body never read.
    body.destroy();
    body = undefined;
  }
  if (body !== undefined && !Buffer.isBuffer(body) && length === undefined) {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
    body = Buffer.concat(chunks);
    res.sent?.();
  }
  if (Buffer.isBuffer(body)) length = String(body.length);
  else if (body === undefined && length === undefined && method !== 'HEAD') length = '0';
  let head = `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? 'Unknown'}\r\n`;
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) head += `${name}: ${value}\r\n`;
  if (!('date' in headers)) head += `date: ${new Date().toUTCString()}\r\n`;
  if (length !== undefined) head += `content-length: ${length}\r\n`;
  const bytes = Buffer.from(`${head}\r\n`, 'latin1');
  if (method === 'HEAD' || body === undefined) return { bytes };
  if (Buffer.isBuffer(body)) return { bytes: body.length > 0 ? [bytes, body] : [bytes] };
  const stream = body;
  if (res.sent) stream.once('end', res.sent);
  return { bytes: [bytes], stream };
}
