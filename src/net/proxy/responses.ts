// Complete HTTP/1.1 responses a proxy writes itself (load balancer errors, fixed responses, redirects), built once
// into one Buffer so that writing one is a single socket write.

export interface ResponseSpec {
  status: number;
  reason?: string;
  /** Header fields as [name, value] pairs, in order; Content-Length is added. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: string | Buffer;
  /** Adds `Connection: close`. */
  close?: boolean;
  /** Adds a Date header (RFC 9110 IMF-fixdate). */
  date?: boolean;
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Payload Too Large',
  414: 'URI Too Long', 431: 'Request Header Fields Too Large', 460: '', 463: '', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out',
  505: 'HTTP Version Not Supported',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

export function completeResponse(spec: ResponseSpec): Buffer {
  const body = spec.body === undefined ? Buffer.alloc(0) : typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : spec.body;
  let head = `HTTP/1.1 ${spec.status} ${spec.reason ?? reasonPhrase(spec.status)}\r\n`;
  if (spec.date) head += `Date: ${new Date().toUTCString()}\r\n`;
  for (const [name, value] of spec.headers ?? []) head += `${name}: ${value}\r\n`;
  head += `Content-Length: ${body.length}\r\n`;
  if (spec.close) head += 'Connection: close\r\n';
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body.length === 0 ? headBytes : Buffer.concat([headBytes, body]);
}
