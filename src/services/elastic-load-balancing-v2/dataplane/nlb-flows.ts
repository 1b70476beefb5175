// NLB connections and flows: TCP (and decrypted TLS) connections piped to the target the 5-tuple hash picks, with a
// Proxy Protocol v2 header first when enabled; UDP datagrams pinned per client flow to one target, replies sent back
// from the listener's socket, a flow forgotten after UDP's 120 s idle timeout (NLB guide, "Connection idle timeout").
import dgram from 'node:dgram';
import type { LbCounters } from './metrics.js';
import net from 'node:net';
import tls from 'node:tls';
import type { TargetGroupRecord } from '../records.js';
import { proxyV2Header } from './proxy-protocol.js';
import type { PickedTarget } from './targets.js';
import type { LogSink } from '../access-logs/delivery.js';
import { nlbLine } from '../access-logs/format.js';
import { relay } from '../../../net/proxy/index.js';

/** UDP flows idle out after 120 s (NLB guide); a real socket timer, as it measures I/O, not AWS time. */
const UDP_IDLE_MS = 120_000;

export interface FlowRoute {
  /** The listener's (first) target group and the node's zone. */
  tg: TargetGroupRecord | undefined;
  pick(flow: string): PickedTarget | undefined;
  nodeAddress: string;
  awsPort: number;
  /** The load balancer's traffic counters (AWS/NetworkELB metrics), when CloudWatch is there. */
  counters?: LbCounters;
  /** Access logging of a TLS listener, when the load balancer's access_logs.s3.enabled is true. */
  log?: NlbLogRoute;
}

export interface NlbLogRoute {
  sink: LogSink;
  /** `net/<name>/<id>` and the listener's id. */
  elb: string;
  listener: string;
  certArn?: string;
  now(): number;
  /** When the TCP connection under a TLS socket was accepted (performance.now()), for tls_handshake_time. */
  acceptedAt(socket: tls.TLSSocket): number | undefined;
}

/** One NLB access log entry per TLS connection, written when it closes (NLB guide, "Access log entries"). */
function logTlsConnection(client: tls.TLSSocket, log: NlbLogRoute, destination: string, created: number, startedAt: number, accepted: number | undefined): void {
  const cipher = client.getCipher?.();
  const protocol = client.getProtocol?.();
  log.sink.add(
    nlbLine({
      time: log.now(),
      elb: log.elb,
      listener: log.listener,
      client: `${plainAddress(client.remoteAddress)}:${client.remotePort ?? 0}`,
      destination,
      connectionMs: performance.now() - (accepted ?? startedAt),
      ...(accepted !== undefined ? { handshakeMs: startedAt - accepted } : {}),
      receivedBytes: client.bytesRead,
      sentBytes: client.bytesWritten,
      ...(log.certArn ? { chosenCertArn: log.certArn } : {}),
      ...(cipher ? { cipher: cipher.name } : {}),
      ...(protocol ? { protocol: protocol.toLowerCase().replace('.', '') } : {}),
      ...(typeof client.servername === 'string' ? { domainName: client.servername } : {}),
      ...(typeof client.alpnProtocol === 'string' ? { alpnFrontend: client.alpnProtocol } : {}),
      created,
    }),
  );
}

function plainAddress(a: string | undefined): string {
  return (a ?? '').replace(/^::ffff:/, '');
}

/** One client connection of a TCP or TLS listener (the socket is already decrypted for TLS). */
export function pipeConnection(client: net.Socket, route: FlowRoute | undefined): void {
  const tg = route?.tg;
  const remote = plainAddress(client.remoteAddress);
  // source_ip stickiness: the client address alone picks the target (NLB guide, "Sticky sessions").
  const flow = tg?.attributes['stickiness.enabled'] === 'true' ? remote : `${remote}|${client.remotePort}|${plainAddress(client.localAddress)}|${client.localPort}|tcp`;
  const target = route && tg ? route.pick(flow) : undefined;
  if (!route || !tg || !target) {
    client.destroy();
    return;
  }
  // preserve_client_ip: on, the upstream socket binds the client's address (local here; its port cannot be kept).
  const preserve = tg.attributes['preserve_client_ip.enabled'] === 'true';
  const localAddress = preserve ? remote : route.nodeAddress === '127.0.0.1' ? undefined : route.nodeAddress;
  // A TLS target group gets TLS without verification (NLB guide: targets' certificates are not checked).
  const upstream =
    tg.tg.Protocol === 'TLS'
      ? tls.connect({ host: target.host, port: target.port, ...(localAddress ? { localAddress } : {}), rejectUnauthorized: false })
      : net.connect({ host: target.host, port: target.port, ...(localAddress ? { localAddress } : {}) });
  upstream.setNoDelay(true);
  if (tg.attributes['proxy_protocol_v2.enabled'] === 'true') {
    upstream.write(proxyV2Header({ sourceAddress: remote, sourcePort: client.remotePort ?? 0, destAddress: route.nodeAddress, destPort: route.awsPort }));
  }
  const moved = relay(client, upstream);
  const counters = route.counters;
  counters?.flowOpened();
  const log = route.log && client instanceof tls.TLSSocket ? route.log : undefined;
  const created = log ? log.now() : 0;
  const startedAt = log ? performance.now() : 0;
  const accepted = log ? log.acceptedAt(client as tls.TLSSocket) : undefined;
  let closed = false;
  const close = (): void => {
    if (!closed) {
      closed = true;
      counters?.flowClosed(moved.bytes());
      if (log) logTlsConnection(client as tls.TLSSocket, log, `${route.nodeAddress}:${route.awsPort}`, created, startedAt, accepted);
    }
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
}

interface UdpFlow {
  upstream: dgram.Socket;
  timer: NodeJS.Timeout;
  /** Datagrams that arrived before the upstream socket connected; undefined once it has. */
  waiting: Buffer[] | undefined;
}

/** A UDP listener on one node: datagrams of a client flow go to one target; the target's replies come back. */
export function bindUdpListener(address: string, port: number, route: () => FlowRoute | undefined, onBound: (error?: Error) => void): dgram.Socket {
  const socket = dgram.createSocket({ type: net.isIPv6(address) ? 'udp6' : 'udp4' });
  const flows = new Map<string, UdpFlow>();
  const forget = (key: string): void => {
    const f = flows.get(key);
    if (!f) return;
    flows.delete(key);
    clearTimeout(f.timer);
    f.upstream.close();
  };
  socket.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}|${rinfo.port}`;
    let flow = flows.get(key);
    if (!flow) {
      const r = route();
      const sourceIp = r?.tg?.attributes['stickiness.enabled'] === 'true';
      const target = r?.tg ? r.pick(sourceIp ? rinfo.address : `${rinfo.address}|${rinfo.port}|${address}|${port}|udp`) : undefined;
      if (!r || !target) return; // no target: the datagram is dropped, as UDP allows
      const preserve = r.tg?.attributes['preserve_client_ip.enabled'] === 'true';
      const upstream = dgram.createSocket({ type: net.isIPv6(target.host) ? 'udp6' : 'udp4' });
      const created: UdpFlow = { upstream, timer: setTimeout(() => forget(key), UDP_IDLE_MS).unref(), waiting: [] };
      flow = created;
      flows.set(key, created);
      upstream.on('message', (reply) => {
        created.timer.refresh();
        socket.send(reply, rinfo.port, rinfo.address);
      });
      upstream.on('error', () => forget(key));
      const bindTo = preserve ? rinfo.address : address === '127.0.0.1' ? undefined : address;
      upstream.bind({ port: 0, ...(bindTo && net.isIPv6(bindTo) === net.isIPv6(target.host) ? { address: bindTo } : {}) }, () => {
        upstream.connect(target.port, target.host, () => {
          const waiting = created.waiting ?? [];
          created.waiting = undefined;
          for (const m of waiting) upstream.send(m);
        });
      });
    }
    flow.timer.refresh();
    if (flow.waiting) flow.waiting.push(msg);
    else flow.upstream.send(msg);
  });
  socket.on('close', () => {
    for (const key of [...flows.keys()]) forget(key);
  });
  socket.once('error', (e) => onBound(e));
  socket.bind({ address, port, exclusive: true }, () => onBound());
  return socket;
}
