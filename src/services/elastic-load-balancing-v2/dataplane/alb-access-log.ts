// ALB access log entries from the proxy core's plans: a request answered by the load balancer is logged at once, a
// forwarded one when its exchange ends (sizes and target time from ExchangeStats). Only load balancers with
// access_logs.s3.enabled pay for this; the others never reach this module.
import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import type tls from 'node:tls';
import { headerValue, type ClientInfo, type ForwardPlan, type HttpHead, type InspectBodyPlan, type PendingPlan, type ProxyPlan } from '../../../net/proxy/index.js';
import { albLine } from '../access-logs/format.js';
import type { LogSink } from '../access-logs/delivery.js';
import type { AlbNote } from './alb-handler.js';

export interface AlbLogRoute {
  sink: LogSink;
  /** `app/<name>/<id>`. */
  elb: string;
  scheme: 'http' | 'https';
  awsPort: number;
  /** The listener's default certificate (HTTPS). */
  certArn?: string;
  /** The runtime clock (ms). */
  now(): number;
}

// conn_trace_id: one per client connection, kept while the socket lives.
const connIds = new WeakMap<net.Socket, string>();
export function connTraceId(socket: net.Socket): string {
  let id = connIds.get(socket);
  if (!id) connIds.set(socket, (id = `TID_${randomBytes(16).toString('hex')}`));
  return id;
}

function plainIp(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

type AnyPlan = ProxyPlan | InspectBodyPlan | PendingPlan;

/** Wraps a plan so its outcome is logged; `note` is what planRequest filled in. */
export function loggedPlan(plan: AnyPlan, note: AlbNote, req: HttpHead, client: ClientInfo, socket: net.Socket, log: AlbLogRoute): AnyPlan {
  const created = log.now();
  const startedAt = performance.now();
  const host = (headerValue(req, 'host') ?? client.localAddress).replace(/:\d+$/, '');
  const tlsSocket = log.scheme === 'https' ? (socket as tls.TLSSocket) : undefined;
  const cipher = tlsSocket?.getCipher?.();
  const base = {
    type: log.scheme,
    elb: log.elb,
    client: `${plainIp(client.remoteAddress)}:${client.remotePort}`,
    request: `${req.method} ${log.scheme}://${host}:${log.awsPort}${req.target.startsWith('/') ? req.target : `/${req.target}`} HTTP/1.${req.versionMinor}`,
    ...(headerValue(req, 'user-agent') !== undefined ? { userAgent: headerValue(req, 'user-agent')! } : {}),
    ...(cipher ? { sslCipher: cipher.name, sslProtocol: tlsSocket!.getProtocol() ?? '-' } : {}),
    ...(tlsSocket && typeof tlsSocket.servername === 'string' ? { domainName: tlsSocket.servername } : {}),
    ...(log.certArn ? { chosenCertArn: log.certArn } : {}),
    requestCreated: created,
    connTraceId: connTraceId(socket),
  };
  const wrap = (p: ProxyPlan): ProxyPlan => {
    if (p.kind === 'respond') {
      const status = Number(p.response.toString('latin1', 9, 12));
      const sent = p.response.length + (p.parts ?? []).reduce((n, b) => n + b.length, 0);
      log.sink.add(albLine({ ...base, time: log.now(), requestMs: 0, responseMs: 0, elbStatus: status, receivedBytes: req.length + Math.max(req.contentLength, 0), sentBytes: sent, ...noteFields(note, note.actions || 'waf'), ...(note.rulePriority !== undefined ? { rulePriority: note.rulePriority } : {}) }));
      return p;
    }
    const logged: ForwardPlan = {
      ...p,
      timed: true,
      onDone: (status, failure, stats) => {
        p.onDone?.(status, failure, stats);
        const end = performance.now();
        const headAt = stats.responseHeadAt;
        log.sink.add(
          albLine({
            ...base,
            time: log.now(),
            requestMs: 0,
            ...(headAt > 0 ? { targetMs: headAt - startedAt, responseMs: end - headAt } : {}),
            elbStatus: status,
            ...(failure === undefined && headAt > 0 ? { targetStatus: status } : {}),
            receivedBytes: stats.receivedBytes,
            sentBytes: stats.sentBytes,
            ...noteFields(note, 'forward'),
            ...(note.rulePriority !== undefined ? { rulePriority: note.rulePriority } : {}),
          }),
        );
      },
    };
    return logged;
  };
  const settle = (p: ProxyPlan | PendingPlan): ProxyPlan | PendingPlan => (p.kind === 'pending' ? { kind: 'pending', plan: p.plan.then(wrap) } : wrap(p));
  if (plan.kind === 'inspect-body') return { ...plan, decide: (body, complete) => settle(plan.decide(body, complete)) };
  return settle(plan);
}

function noteFields(note: AlbNote, actions: string): { actions: string; target?: string; targetGroupArn?: string; traceId?: string; redirectUrl?: string } {
  return {
    actions,
    ...(note.target ? { target: note.target } : {}),
    ...(note.tgArn ? { targetGroupArn: note.tgArn } : {}),
    ...(note.traceId ? { traceId: note.traceId } : {}),
    ...(note.redirectUrl ? { redirectUrl: note.redirectUrl } : {}),
  };
}
