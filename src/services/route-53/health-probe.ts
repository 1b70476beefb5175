// One health-check probe as a Route 53 checker makes it: TCP connect, HTTP or HTTPS GET (self-signed certificates
// accepted) with 2xx/3xx as healthy and an optional search string in the first 5,120 bytes of the body.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP } from 'node:net';

export interface ProbeTarget {
  Type: string;
  IPAddress?: string;
  FullyQualifiedDomainName?: string;
  Port?: number;
  ResourcePath?: string;
  SearchString?: string;
  EnableSNI?: boolean;
}

export interface ProbeResult {
  healthy: boolean;
  /** Route 53's StatusReport text: "Success: HTTP Status Code 200, OK" or "Failure: ...". */
  report: string;
}

/** Route 53: a TCP connection within 4 s, then a status line within 2 s of connecting ("How Route 53 determines..."). */
const CONNECT_MS = 4000;
const RESPONSE_MS = 2000;
/** Route 53 searches the first 5,120 bytes of the response body for SearchString. */
export const SEARCH_BYTES = 5120;

/** Loopback addresses (and `localhost`) only: kumo sends no traffic off the machine unless told to. */
export function isLoopbackTarget(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function hostOf(t: ProbeTarget): string {
  return t.IPAddress ?? t.FullyQualifiedDomainName ?? '';
}

export function defaultPort(type: string): number {
  return type.startsWith('HTTPS') ? 443 : 80;
}

export async function probe(t: ProbeTarget, options: { allowNonLoopback?: boolean } = {}): Promise<ProbeResult> {
  const host = hostOf(t);
  if (!options.allowNonLoopback && !isLoopbackTarget(host)) {
    return { healthy: false, report: `Failure: kumo probes loopback endpoints only; ${host} was not probed (KUMO_ROUTE53_PROBE_ANY_ADDRESS=true allows it)` };
  }
  const port = t.Port ?? defaultPort(t.Type);
  if (t.Type === 'TCP') return probeTcp(host, port);
  return probeHttp(t, host, port);
}

function probeTcp(host: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: CONNECT_MS });
    const done = (r: ProbeResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.once('connect', () => done({ healthy: true, report: 'Success: TCP connection established' }));
    socket.once('timeout', () => done({ healthy: false, report: 'Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked by your firewall.' }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ healthy: false, report: `Failure: ${connectFailure(e)}` }));
  });
}

function connectFailure(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'Connection refused. The endpoint is not accepting connections on this port.';
  return `Connection failed: ${e.code ?? e.message}`;
}

function probeHttp(t: ProbeTarget, host: string, port: number): Promise<ProbeResult> {
  const https = t.Type.startsWith('HTTPS');
  const matching = t.Type.endsWith('_STR_MATCH');
  const path = t.ResourcePath ? (t.ResourcePath.startsWith('/') ? t.ResourcePath : '/' + t.ResourcePath) : '/';
  const headers = { Host: t.FullyQualifiedDomainName ?? host, 'User-Agent': 'Amazon-Route53-Health-Check-Service (ref kumo; report http://amzn.to/1vsZADi)' };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(r);
    };
    const common = { host, port, path, method: 'GET', headers, timeout: CONNECT_MS };
    const req = https
      ? httpsRequest({ ...common, rejectUnauthorized: false, ...(t.EnableSNI && t.FullyQualifiedDomainName ? { servername: t.FullyQualifiedDomainName } : {}) })
      : httpRequest(common);
    req.once('socket', (s) => s.once('connect', () => req.setTimeout(RESPONSE_MS)));
    req.once('timeout', () => finish({ healthy: false, report: 'Failure: The health checker could not establish a connection within the timeout limit.' }));
    req.once('error', (e: NodeJS.ErrnoException) => finish({ healthy: false, report: `Failure: ${connectFailure(e)}` }));
    req.once('response', (res) => {
      const code = res.statusCode ?? 0;
      const status = `HTTP Status Code ${code}, ${res.statusMessage ?? ''}`;
      if (code < 200 || code >= 400) return finish({ healthy: false, report: `Failure: Resolved IP: ${host}. The endpoint responded with a status code of ${code}.` });
      if (!matching) return finish({ healthy: true, report: `Success: ${status}` });
      let body = Buffer.alloc(0);
      const check = () => {
        const found = body.subarray(0, SEARCH_BYTES).includes(Buffer.from(t.SearchString ?? ''));
        finish(found ? { healthy: true, report: `Success: ${status}. Search string found in the response body.` } : { healthy: false, report: `Failure: ${status}. Search string not found in the first ${SEARCH_BYTES} bytes of the response body.` });
      };
      res.on('data', (c: Buffer) => {
        body = Buffer.concat([body, c]);
        if (body.length >= SEARCH_BYTES) check();
      });
      res.once('end', check);
      res.once('error', check);
    });
    req.end();
  });
}
