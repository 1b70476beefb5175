// Edge test support: a counting test origin on 127.0.0.1, the edge's ports from /_kumo/health, and a viewer
// request helper on node:http/https (fetch cannot set Host).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestKumo } from '../../support/kumo.js';

export interface TestOrigin {
  port: number;
  /** Requests seen per path (path and query). */
  count(path: string): number;
  /** The last request's headers for a path. */
  lastHeaders(path: string): http.IncomingHttpHeaders | undefined;
  close(): Promise<void>;
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startOrigin(routes: Record<string, Route>): Promise<TestOrigin> {
  const counts = new Map<string, number>();
  const headers = new Map<string, http.IncomingHttpHeaders>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    counts.set(url, (counts.get(url) ?? 0) + 1);
    headers.set(url, req.headers);
    const path = url.split('?')[0]!;
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    count: (path) => counts.get(path) ?? 0,
    lastHeaders: (path) => headers.get(path),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export function edgePorts(kumo: TestKumo): { http: number; https: number } {
  const health = kumo.health() as { components: Record<string, { endpoints?: string[] }> };
  const endpoints = health.components['cloudfront.edge']?.endpoints ?? [];
  const port = (scheme: string) => Number(/:(\d+)$/.exec(endpoints.find((e) => e.startsWith(`${scheme} `)) ?? '')?.[1]);
  return { http: port('http'), https: port('https') };
}

export interface ViewerResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function viewerGet(port: number, host: string, path: string, opts: { headers?: Record<string, string>; method?: string; localAddress?: string; tls?: { ca: string }; body?: string } = {}): Promise<ViewerResponse> {
  return new Promise((resolve, reject) => {
    const lib = opts.tls ? https : http;
    const req = lib.request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host, ...opts.headers }, localAddress: opts.localAddress, agent: false, ...(opts.tls ? { ca: opts.tls.ca, servername: host } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
