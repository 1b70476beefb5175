// ALB connection and health check log entries: one connection entry when a client connection is established (TLS:
// its handshake finished or failed), one health check entry per check. Only load balancers with the attributes on
// pay for this; the listeners look their route up once per connection.
import type net from 'node:net';
import type tls from 'node:tls';
import type { LogSink } from '../access-logs/delivery.js';
import { connectionLine, healthCheckLine } from '../access-logs/format.js';
import type { TargetGroupRecord, TargetRecord } from '../records.js';
import { connTraceId } from './alb-access-log.js';
import type { Outcome } from './health.js';

export interface NodeLogRoute {
  sink: LogSink;
  /** `app/<name>/<id>`. */
  elb: string;
  nodeIp: string;
  now(): number;
}

export interface ConnLogRoute extends NodeLogRoute {
  awsPort: number;
}

function plainIp(a: string | undefined): string {
  return a === undefined ? '-' : a.startsWith('::ffff:') ? a.slice(7) : a;
}

function base(socket: net.Socket, route: ConnLogRoute): { time: number; clientIp: string; clientPort: number; listenerPort: number; connTraceId: string; elb: string; nodeIp: string } {
  return { time: route.now(), clientIp: plainIp(socket.remoteAddress), clientPort: socket.remotePort ?? 0, listenerPort: route.awsPort, connTraceId: connTraceId(socket), elb: route.elb, nodeIp: route.nodeIp };
}

/** An HTTP listener's connection: the TLS fields are `-` ("for non SSL/TLS requests"). */
export function logPlainConnection(socket: net.Socket, route: ConnLogRoute): void {
  route.sink.add(connectionLine(base(socket, route)));
}

/** An HTTPS listener's connection once its handshake finished; `acceptedAt` is the TCP accept (performance.now()). */
export function logTlsConnection(socket: tls.TLSSocket, route: ConnLogRoute, acceptedAt: number | undefined): void {
  const cipher = socket.getCipher();
  const protocol = socket.getProtocol();
  const group = socket.getEphemeralKeyInfo();
  route.sink.add(
    connectionLine({
      ...base(socket, route),
      ...(protocol ? { tlsProtocol: protocol } : {}),
      ...(cipher ? { tlsCipher: cipher.name } : {}),
      ...(acceptedAt !== undefined ? { handshakeMs: performance.now() - acceptedAt } : {}),
      verifyStatus: 'Success',
      ...(group && 'name' in group && group.name ? { keyExchange: group.name } : {}),
    }),
  );
}

/** A handshake that failed: no latency, and the guide's code for errors outside client certificates. */
export function logTlsFailure(socket: tls.TLSSocket, route: ConnLogRoute): void {
  route.sink.add(connectionLine({ ...base(socket, route), verifyStatus: 'Failed:UnmappedConnectionError' }));
}

/** `ip:port` of a target as the log names it: the registered address, or an instance's process address. */
function targetAddress(t: TargetRecord): string {
  return `${/^[\d.]+$|:/.test(t.id) ? t.id : t.host}:${t.port}`;
}

/** One health check result in the log of each load balancer (routes) using the target group. */
export function logHealthCheck(routes: readonly NodeLogRoute[], rec: TargetGroupRecord, t: TargetRecord, o: Outcome, startedAt: number, latencyMs: number): void {
  for (const route of routes) {
    route.sink.add(
      healthCheckLine({
        type: (rec.tg.HealthCheckProtocol ?? 'HTTP').toLowerCase(),
        time: startedAt,
        latencyMs,
        target: targetAddress(t),
        targetGroup: rec.tg.TargetGroupName ?? '',
        pass: o.ok,
        ...(o.status !== undefined ? { statusCode: o.status } : {}),
        ...(!o.ok ? { reason: o.log } : {}),
        elb: route.elb,
        nodeIp: route.nodeIp,
      }),
    );
  }
}
