// The HTML error page a website endpoint answers instead of S3's XML errors: status line as title and heading, the
// error's Code, Message and fields, RequestId and HostId, and the failed custom error document when there was one.
// Byte layout from test_s3.snapshot.json TestS3StaticWebsiteHosting (test_website_hosting_404, _no_such_website, …).
import { STATUS_CODES } from 'node:http';

export interface WebsiteError {
  status: number;
  code: string;
  message: string;
  /** Further fields in S3's order (Key, BucketName, Method, ResourceType). */
  fields: Array<[string, string]>;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function items(error: WebsiteError): string {
  const lines = [`<li>Code: ${escapeHtml(error.code)}</li>`, `<li>Message: ${escapeHtml(error.message)}</li>`];
  for (const [name, value] of error.fields) lines.push(`<li>${name}: ${escapeHtml(value)}</li>`);
  return lines.join('\n');
}

/**
 * The page: `404 Not Found` as title and heading, the error as a list, then (when the bucket's ErrorDocument could
 * not be read) "An Error Occurred While Attempting to Retrieve a Custom Error Document" with that error.
 */
export function websiteErrorPage(error: WebsiteError, ids: { requestId: string; hostId: string }, errorDocument?: WebsiteError): string {
  const status = `${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`;
  const parts = [
    '<html>',
    `<head><title>${status}</title></head>`,
    '<body>',
    `<h1>${status}</h1>`,
    '<ul>',
    items(error),
    `<li>RequestId: ${ids.requestId}</li>`,
    `<li>HostId: ${ids.hostId}</li>`,
    '</ul>',
  ];
  if (errorDocument) {
    parts.push('<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>', '<ul>', items(errorDocument), '</ul>');
  }
  parts.push('<hr/>', '</body>', '</html>', '');
  return parts.join('\n');
}
