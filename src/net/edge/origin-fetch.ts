// Requests to custom origins on real sockets: http or https per OriginProtocolPolicy, keep-alive agents, the
// connection timeout and attempts of the origin, and OriginReadTimeout. Failures come back as `connect` (CloudFront
// answers 502) or `timeout` (504), never as a throw.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { BodyFile } from './cache-files.js';

export interface OriginRequest {
  protocol: 'http' | 'https';
  /** Address or name to connect to. */
  host: string;
  /** The origin's domain name, for TLS (SNI and the certificate check) when `host` is its resolved address. */
  servername?: string | undefined;
  port: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  attempts: number;
  /** Answer at the response head with the body unread in `stream` (cache fills stream it to viewers and cache). */
  stream?: boolean | undefined;
}

export interface OriginResponse {
  status: number;
  /** Header pairs as the origin sent them (names in lower case). */
  headers: [string, string][];
  /** The body in memory; empty when it was spilled to `file` or is still to be read from `stream`. */
  body: Buffer;
  file?: BodyFile | undefined;
  /** The body as it arrives (requests made with `stream`): whoever takes the response reads or destroys it. The
   *  origin's read timeout still applies between its packets; a failure mid-body errors it. */
  stream?: Readable | undefined;
}

const EMPTY = Buffer.alloc(0);

export type OriginResult = { ok: true; response: OriginResponse } | { ok: false; failure: 'connect' | 'timeout' };

export class OriginClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent: https.Agent;

  /** `extraCa`: kumo's own CA, so https origins served by kumo (ALB listeners) are trusted like public ones. */
  constructor(extraCa: string | undefined) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, ca: extraCa ? [...rootCertificates, extraCa] : undefined });
  }

  async fetch(req: OriginRequest): Promise<OriginResult> {
    let last: OriginResult = { ok: false, failure: 'connect' };
    for (let attempt = 0; attempt < Math.max(1, req.attempts); attempt++) {
      last = await this.once(req);
      if (last.ok || last.failure === 'timeout') return last;
    }
    return last;
  }

  private once(req: OriginRequest): Promise<OriginResult> {
    return new Promise((resolve) => {
      const lib = req.protocol === 'https' ? https : http;
      let connected = false;
      let settled = false;
      const done = (r: OriginResult) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const r = lib.request({
        host: req.host,
        port: req.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent: req.protocol === 'https' ? this.httpsAgent : this.httpAgent,
        servername: req.protocol === 'https' ? (req.servername ?? req.host) : undefined,
      });
      const connectTimer = setTimeout(() => {
        if (!connected) {
          done({ ok: false, failure: 'connect' });
          r.destroy();
        }
      }, req.connectTimeoutMs);
      r.on('socket', (s) => {
        const onConnect = () => {
          connected = true;
          clearTimeout(connectTimer);
          // OriginReadTimeout: how long to wait for the response (and between its packets).
          r.setTimeout(req.readTimeoutMs, () => {
            done({ ok: false, failure: 'timeout' });
            r.destroy();
          });
        };
        if ((s as { connecting?: boolean }).connecting) s.once(req.protocol === 'https' ? 'secureConnect' : 'connect', onConnect);
        else onConnect();
      });
      r.on('error', () => {
        clearTimeout(connectTimer);
        done({ ok: false, failure: connected ? 'timeout' : 'connect' });
      });
      r.on('response', (res) => {
        const headersOf = () => {
          const headers: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
          return headers;
        };
        if (req.stream) {
          clearTimeout(connectTimer);
          // Failures mid-body reach the reader as 'close' without 'end' (an unread 'error' must not throw).
          res.on('error', () => undefined);
          done({ ok: true, response: { status: res.statusCode ?? 502, headers: headersOf(), body: EMPTY, stream: res } });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(connectTimer);
          done({ ok: true, response: { status: res.statusCode ?? 502, headers: headersOf(), body: Buffer.concat(chunks) } });
        });
        res.on('error', () => done({ ok: false, failure: 'timeout' }));
      });
      r.end(req.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
