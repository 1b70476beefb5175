// CLB access log entries: an HTTP/HTTPS request when its exchange ends (or at once when the load balancer answers
// it), a TCP/SSL connection when it closes, in the CLB guide's field order ("Access log entries").
import type net from 'node:net';
import type tls from 'node:tls';
import { headerValue, type ClientInfo, type HttpHead, type ProxyPlan } from '../../../net/proxy/index.js';
import type { LogSink } from '../../elastic-load-balancing-v2/access-logs/delivery.js';
import { clbLine, type ClbEntry } from '../../elastic-load-balancing-v2/access-logs/format.js';
import { unmapped } from './proxy-v1.js';

export interface ClbLogRoute {
  sink: LogSink;
  name: string;
  now(): number;
}

function tlsFields(socket: net.Socket, secure: boolean): Pick<ClbEntry, 'sslCipher' | 'sslProtocol'> {
  if (!secure) return {};
  const s = socket as tls.TLSSocket;
  const cipher = s.getCipher?.();
  const protocol = s.getProtocol?.();
  return { ...(cipher ? { sslCipher: cipher.name } : {}), ...(protocol ? { sslProtocol: protocol } : {}) };
}

/** Logs an HTTP/HTTPS plan's outcome. */
export function loggedClbPlan(plan: ProxyPlan, req: HttpHead, client: ClientInfo, socket: net.Socket, secure: boolean, awsPort: number, log: ClbLogRoute): ProxyPlan {
  const time = log.now();
  const startedAt = performance.now();
  const scheme = secure ? 'https' : 'http';
  const host = (headerValue(req, 'host') ?? client.localAddress).replace(/:\d+$/, '');
  const base = {
    time,
    name: log.name,
    client: `${unmapped(client.remoteAddress)}:${client.remotePort}`,
    request: `${req.method} ${scheme}://${host}:${awsPort}${req.target.startsWith('/') ? req.target : `/${req.target}`} HTTP/1.${req.versionMinor}`,
    ...(headerValue(req, 'user-agent') !== undefined ? { userAgent: headerValue(req, 'user-agent')! } : {}),
    ...tlsFields(socket, secure),
  };
  if (plan.kind === 'respond') {
    log.sink.add(clbLine({ ...base, elbStatus: Number(plan.response.toString('latin1', 9, 12)), receivedBytes: Math.max(req.contentLength, 0), sentBytes: plan.response.length - plan.response.indexOf('\r\n\r\n') - 4 }));
    return plan;
  }
  const backend = `${plan.target.host}:${plan.target.port}`;
  return {
    ...plan,
    timed: true,
    onDone: (status, failure, stats) => {
      plan.onDone?.(status, failure, stats);
      const end = performance.now();
      const headAt = stats.responseHeadAt;
      // HTTP listeners count bodies only, not headers (CLB guide, received_bytes and sent_bytes).
      log.sink.add(
        clbLine({
          ...base,
          backend,
          requestMs: 0,
          ...(headAt > 0 ? { backendMs: headAt - startedAt, responseMs: end - headAt, backendStatus: status } : {}),
          elbStatus: status,
          receivedBytes: Math.max(0, stats.receivedBytes - req.length),
          sentBytes: Math.max(0, stats.sentBytes - stats.responseHeadBytes),
        }),
      );
    },
  };
}

/** Logs a TCP/SSL connection when it closes: no request line or status codes (`"- - - "`, `-`). */
export function logClbConnection(client: net.Socket, secure: boolean, backend: string, connectedAt: () => number | undefined, startedAt: number, log: ClbLogRoute, time: number): void {
  const connected = connectedAt();
  log.sink.add(
    clbLine({
      time,
      name: log.name,
      client: `${unmapped(client.remoteAddress ?? '')}:${client.remotePort ?? 0}`,
      backend,
      requestMs: connected === undefined ? -1 : connected - startedAt,
      backendMs: connected === undefined ? -1 : 0,
      responseMs: connected === undefined ? -1 : 0,
      receivedBytes: client.bytesRead,
      sentBytes: client.bytesWritten,
      ...tlsFields(client, secure),
    }),
  );
}
