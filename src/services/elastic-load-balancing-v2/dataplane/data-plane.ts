// The load balancers' data plane: one node per enabled AZ on an elb-nodes loopback address, every listener bound on
// each node at portFor(port); ALB HTTP/HTTPS listeners run the proxy core, NLB TCP/TLS/UDP listeners pipe bytes and
// datagrams (nlb-flows). Reconciled from the state after every change; binding turns `provisioning` into `active`.
import type dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { bindFailure, type Endpoints } from '../../../runtime/endpoints.js';
import type { Logger } from '../../../core/logger.js';
import { completeResponse, createHttpProxyServer, createHttpsProxyServer, type HttpProxyOptions, UpstreamPool } from '../../../net/proxy/index.js';
import type { LocalCa } from '../../../net/tls/local-ca.js';
import { minTlsVersion } from '../tls-settings.js';
import type { LoadBalancerRecord } from '../records.js';
import type { Elbv2State } from '../state.js';
import { rulesOf } from '../listener-operations.js';
import type { Elbv2 } from '../context.js';
import { compileRules, planRequest, type ListenerRoute } from './alb-handler.js';
import { planWithWaf } from './alb-waf.js';
import type { EdgeWaf } from '../../../net/edge/waf-port.js';
import type { HealthMonitor } from './health.js';
import { bindUdpListener, pipeConnection, type FlowRoute } from './nlb-flows.js';
import { TrafficMetrics } from './metrics.js';
import { TargetPicker } from './targets.js';
import { loggedPlan, type AlbLogRoute } from './alb-access-log.js';
import type { AlbNote } from './alb-handler.js';
import type { AccessLogDelivery, LogSink } from '../access-logs/delivery.js';
import { lbLogId, lbResourceId } from '../access-logs/format.js';
import type { NlbLogRoute } from './nlb-flows.js';
import { logHealthCheck, logPlainConnection, logTlsConnection, logTlsFailure, type ConnLogRoute, type NodeLogRoute } from './alb-conn-log.js';
import { lbArnsUsing } from '../tg-operations.js';

/** ALB and NLB deliver access logs every 5 minutes (ALB and NLB guides, "Access log files"). */
const LOG_INTERVAL_MS = 5 * 60_000;

interface Bound {
  key: string;
  lbArn: string;
  listenerArn: string;
  zone: string;
  address: string;
  localPort: number;
  awsPort: number;
  protocol: string;
  /** The stream server (HTTP, HTTPS, TCP, TLS, TCP_UDP's TCP half) and the datagram socket (UDP, TCP_UDP). */
  server: net.Server | undefined;
  udp: dgram.Socket | undefined;
  /** Certificates and policy the TLS server was built with: a change rebinds. */
  tlsKey: string;
  error?: string;
  ready: Promise<void>;
}

export interface EndpointView {
  loadBalancerArn: string;
  dnsName: string;
  nodes: Array<{ zone: string; address: string; listeners: Array<{ protocol: string; port: number; bound: string; error?: string }> }>;
}

export class DataPlane {
  private readonly bound = new Map<string, Bound>();
  private readonly routes = new Map<string, ListenerRoute>();
  private readonly pool = new UpstreamPool();
  readonly picker: TargetPicker;
  /** Per load balancer counts for CloudWatch, read once a minute. */
  readonly metrics = new TrafficMetrics();
  private stopped = false;
  private service: Elbv2 | undefined;
  /** WAFv2's in-process API (loaded at start when WAFv2 is part of this kumo): web ACLs associated with ALBs. */
  waf: EdgeWaf | undefined;
  /** Access logs of NLB TLS listeners, by route key (ALB's ride on ListenerRoute.log). */
  private readonly nlbLogs = new Map<string, NlbLogRoute>();
  /** ALB connection logs by route key, and health check logs by load balancer (one checker: the first node's file). */
  private readonly connLogs = new Map<string, ConnLogRoute>();
  private readonly healthLogs = new Map<string, NodeLogRoute>();
  /** Access log delivery to S3 (attach()); with none, no load balancer logs. */
  logs: AccessLogDelivery | undefined;
  /** KUMO_ELB_TIME_SCALE: shortens the 5-minute log interval for tests. */
  timeScale = 1;

  constructor(
    private readonly state: Elbv2State,
    private readonly health: HealthMonitor,
    private readonly endpoints: Endpoints,
    private readonly logger: Logger,
    private readonly ca?: LocalCa,
  ) {
    this.picker = new TargetPicker(state, health, (tgArn) => this.crossZone(tgArn));
    health.onTransition = () => this.picker.invalidate();
  }

  /** Health check results go to the logs of the load balancers using the group, while any has them on. */
  private healthResult(rec: Parameters<typeof logHealthCheck>[1], t: Parameters<typeof logHealthCheck>[2], o: Parameters<typeof logHealthCheck>[3], startedAt: number, latencyMs: number): void {
    const routes = lbArnsUsing(this.service!, rec.tg.TargetGroupArn).flatMap((arn) => this.healthLogs.get(arn) ?? []);
    if (routes.length > 0) logHealthCheck(routes, rec, t, o, startedAt, latencyMs);
  }

  attach(service: Elbv2): void {
    this.service = service;
  }

  /** The node's log sink when the load balancer has `<family>.s3.enabled` (undefined otherwise): access logs, or an
   *  ALB's connection or health check logs. */
  private logSink(lb: LoadBalancerRecord, zone: string, address: string, family: 'access_logs' | 'connection_logs' | 'health_check_logs' = 'access_logs'): LogSink | undefined {
    const a = lb.attributes;
    if (!this.logs || a[`${family}.s3.enabled`] !== 'true') return undefined;
    const arn = lb.lb.LoadBalancerArn;
    const log = family === 'connection_logs' ? ('connection' as const) : family === 'health_check_logs' ? ('health' as const) : undefined;
    return this.logs.sink(`${arn}#${zone}${log ? `#${log}` : ''}`, {
      kind: lb.lb.Type === 'network' ? 'net' : 'app',
      account: lb.account,
      region: lb.region,
      bucket: a[`${family}.s3.bucket`] ?? '',
      prefix: a[`${family}.s3.prefix`] ?? '',
      lbId: lbLogId(arn),
      nodeIp: address,
      intervalMs: LOG_INTERVAL_MS * this.timeScale,
      ...(log ? { log } : {}),
    });
  }

  private crossZone(tgArn: string): boolean {
    const tg = this.state.tgs.get(tgArn);
    const own = tg?.attributes['load_balancing.cross_zone.enabled'];
    if (own === 'true' || own === 'false') return own === 'true';
    for (const l of this.state.listeners.values()) {
      const uses = [...l.defaultActions, ...[...this.state.rules.values()].filter((r) => r.listenerArn === l.arn).flatMap((r) => r.actions)].some((a) => a.TargetGroupArn === tgArn || a.ForwardConfig?.TargetGroups?.some((g) => g.TargetGroupArn === tgArn));
      if (uses) return this.state.lbs.get(l.lbArn)?.attributes['load_balancing.cross_zone.enabled'] === 'true';
    }
    return false;
  }

  private nodeAddress(lb: LoadBalancerRecord, zone: string): string {
    return this.endpoints.address('elb-nodes', `${lb.lb.LoadBalancerArn}#${zone}`);
  }

  /** Brings sockets and routes in line with the state: binds new listeners, closes removed ones. */
  reconcile(): void {
    if (this.stopped) return;
    this.picker.invalidate();
    this.routes.clear();
    this.nlbLogs.clear();
    this.connLogs.clear();
    this.healthLogs.clear();
    const logging = new Set<string>();
    const now = (): number => this.service!.now();
    const wanted = new Set<string>();
    const settling: Array<{ lb: LoadBalancerRecord; binds: Bound[] }> = [];
    for (const lb of this.state.lbs.values()) {
      const binds: Bound[] = [];
      const zones = (lb.lb.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '');
      const elb = lbResourceId(lb.lb.LoadBalancerArn);
      if (zones[0] !== undefined) {
        const nodeIp = this.nodeAddress(lb, zones[0]);
        const sink = this.logSink(lb, zones[0], nodeIp, 'health_check_logs');
        if (sink) {
          logging.add(sink.key);
          this.healthLogs.set(lb.lb.LoadBalancerArn, { sink, elb, nodeIp, now });
        }
      }
      for (const l of this.state.listeners.values()) {
        if (l.lbArn !== lb.lb.LoadBalancerArn) continue;
        for (const [i, zone] of zones.entries()) {
          // With only 127.0.0.1 (not Linux) the nodes would collide on one port: the first node serves alone.
          if (!this.endpoints.manyLoopbackAddresses && i > 0) continue;
          const address = this.nodeAddress(lb, zone);
          const localPort = this.endpoints.portFor(l.port);
          const key = `${address}:${localPort}`;
          wanted.add(key);
          const sink = this.logSink(lb, zone, address);
          if (sink) logging.add(sink.key);
          const connSink = l.protocol === 'HTTP' || l.protocol === 'HTTPS' ? this.logSink(lb, zone, address, 'connection_logs') : undefined;
          if (connSink) {
            logging.add(connSink.key);
            this.connLogs.set(`${l.arn}|${zone}`, { sink: connSink, elb, nodeIp: address, awsPort: l.port, now });
          }
          const scheme = l.protocol === 'HTTPS' ? 'https' : 'http';
          const certArn = l.certificates?.find((c) => c.IsDefault !== false)?.CertificateArn;
          const log: AlbLogRoute | undefined = sink && (l.protocol === 'HTTP' || l.protocol === 'HTTPS') ? { sink, elb: lbResourceId(lb.lb.LoadBalancerArn), scheme, awsPort: l.port, ...(certArn ? { certArn } : {}), now } : undefined;
          this.routes.set(`${l.arn}|${zone}`, { awsPort: l.port, scheme, zone, attributes: lb.attributes, rules: compileRules(rulesOf(this.service!, l)), counters: this.metrics.lb(lb.lb.LoadBalancerArn), ...(log ? { log } : {}) });
          // NLB access logs cover TLS listeners only (NLB guide, "Access logs").
          if (sink && l.protocol === 'TLS') {
            this.nlbLogs.set(`${l.arn}|${zone}`, { sink, elb: lbResourceId(lb.lb.LoadBalancerArn), listener: l.arn.slice(l.arn.lastIndexOf('/') + 1), ...(certArn ? { certArn } : {}), now, acceptedAt: (socket) => this.acceptedAt(socket) });
          }
          const tlsKey = JSON.stringify([l.certificates, l.sslPolicy]);
          let b = this.bound.get(key);
          if (b && (b.listenerArn !== l.arn || b.protocol !== l.protocol || b.tlsKey !== tlsKey)) {
            void closeBound(b);
            this.bound.delete(key);
            b = undefined;
          }
          if (!b) {
            b = this.bind(lb, l.arn, l.protocol, tlsKey, l.sslPolicy, zone, address, localPort, l.port);
            this.bound.set(key, b);
          }
          binds.push(b);
        }
      }
      if (lb.lb.State?.Code === 'provisioning' || binds.some((b) => b.error)) settling.push({ lb, binds });
    }
    for (const [key, b] of this.bound) {
      if (wanted.has(key)) continue;
      void closeBound(b);
      this.bound.delete(key);
    }
    for (const { lb, binds } of settling) void this.settle(lb.lb.LoadBalancerArn, binds);
    this.logs?.prune(logging);
    this.health.onResult = this.healthLogs.size > 0 ? (rec, t, o, startedAt, ms) => this.healthResult(rec, t, o, startedAt, ms) : undefined;
  }

  /** A TLS socket's accept time, recorded from the raw connection under it (by its remote address and port). */
  private acceptedAt(socket: tls.TLSSocket): number | undefined {
    return this.acceptedByPeer.get(`${socket.remoteAddress}|${socket.remotePort}`);
  }

  /** When each raw TCP connection of a logging TLS listener was accepted, for NLB's tls_handshake_time. */
  private readonly acceptedByPeer = new Map<string, number>();

  /** Once every node's listeners are bound: `active`, or `active_impaired` naming the address that failed. */
  private async settle(lbArn: string, binds: Bound[]): Promise<void> {
    await Promise.all(binds.map((b) => b.ready));
    const rec = this.state.lbs.get(lbArn);
    if (!rec || this.stopped) return;
    const failed = binds.find((b) => b.error);
    const code = failed ? 'active_impaired' : 'active';
    if (rec.lb.State?.Code === code && rec.lb.State.Reason === failed?.error) return;
    this.state.put('lb', lbArn, { ...rec, lb: { ...rec.lb, State: failed ? { Code: 'active_impaired', Reason: failed.error ?? '' } : { Code: 'active' } } });
  }

  private bind(lb: LoadBalancerRecord, listenerArn: string, protocol: string, tlsKey: string, sslPolicy: string | undefined, zone: string, address: string, localPort: number, awsPort: number): Bound {
    const routeKey = `${listenerArn}|${zone}`;
    const flowRoute = (): FlowRoute | undefined => this.flowRoute(routeKey, address, awsPort);
    const stream = (socket: net.Socket): void => pipeConnection(socket, flowRoute());
    const proxy: HttpProxyOptions = {
      pool: this.pool,
      clientIdleTimeoutMs: Number(lb.attributes['idle_timeout.timeout_seconds'] ?? '60') * 1000,
      badRequest: () => completeResponse({ status: 400, headers: [['Server', 'awselb/2.0'], ['Content-Type', 'text/html']], close: true }),
      handler: (req, client, socket) => {
        const route = this.routes.get(routeKey);
        if (!route) return { kind: 'respond', response: completeResponse({ status: 503, headers: [['Server', 'awselb/2.0']], close: true }), close: true };
        const lbArn = lb.lb.LoadBalancerArn;
        const note: AlbNote | undefined = route.log ? { actions: '' } : undefined;
        const plan = this.waf?.webAclForResource(lbArn) !== undefined ? planWithWaf(this.waf, lbArn, req, client, (insert) => planRequest(req, client, route, this.picker, insert, note)) : planRequest(req, client, route, this.picker, undefined, note);
        return route.log && note ? loggedPlan(plan, note, req, client, socket, route.log) : plan;
      },
    };
    let server: net.Server | undefined;
    if (protocol === 'HTTP') server = createHttpProxyServer(proxy);
    else if (protocol === 'HTTPS') server = createHttpsProxyServer(proxy, this.tlsOptions(lb, sslPolicy, ['http/1.1']));
    if (server && (protocol === 'HTTP' || protocol === 'HTTPS')) this.watchConnections(server, routeKey, protocol === 'HTTPS');
    else if (protocol === 'TCP' || protocol === 'TCP_UDP') server = net.createServer({ noDelay: true }, stream);
    else if (protocol === 'TLS') {
      server = tls.createServer(this.tlsOptions(lb, sslPolicy, undefined), stream);
      // tls_handshake_time needs the accept time of the TCP connection; kept only while the load balancer logs.
      server.on('connection', (raw: net.Socket) => {
        if (!this.nlbLogs.has(routeKey)) return;
        const key = `${raw.remoteAddress}|${raw.remotePort}`;
        this.acceptedByPeer.set(key, performance.now());
        raw.once('close', () => this.acceptedByPeer.delete(key));
      });
    }
    const b: Bound = { key: `${address}:${localPort}`, lbArn: lb.lb.LoadBalancerArn, listenerArn, zone, address, localPort, awsPort, protocol, server, udp: undefined, tlsKey, ready: Promise.resolve() };
    const failed = (e: Error): void => {
      b.error ??= bindFailure(e, `${address}:${localPort}`).message;
      this.logger.info(`elb listener ${address}:${localPort} not bound: ${b.error}`);
    };
    const waits: Array<Promise<void>> = [];
    if (server) {
      const srv = server;
      waits.push(
        new Promise<void>((resolve) => {
          srv.once('error', (e) => {
            failed(e);
            resolve();
          });
          srv.listen({ host: address, port: localPort }, () => resolve());
        }),
      );
    }
    if (protocol === 'UDP' || protocol === 'TCP_UDP') {
      waits.push(
        new Promise<void>((resolve) => {
          b.udp = bindUdpListener(address, localPort, flowRoute, (e) => {
            if (e) failed(e);
            resolve();
          });
        }),
      );
    }
    b.ready = Promise.all(waits).then(() => undefined);
    return b;
  }

  /** ALB connection logs: an entry per accepted connection (HTTPS: when its handshake ends), while they are on. */
  private watchConnections(server: net.Server, routeKey: string, secure: boolean): void {
    server.on('connection', (raw: net.Socket) => {
      const route = this.connLogs.get(routeKey);
      if (!route) return;
      if (!secure) return logPlainConnection(raw, route);
      const key = `${raw.remoteAddress}|${raw.remotePort}`;
      this.acceptedByPeer.set(key, performance.now());
      raw.once('close', () => this.acceptedByPeer.delete(key));
    });
    if (!secure) return;
    server.on('secureConnection', (socket: tls.TLSSocket) => {
      const route = this.connLogs.get(routeKey);
      if (route) logTlsConnection(socket, route, this.acceptedAt(socket));
    });
    server.on('tlsClientError', (_e: Error, socket: tls.TLSSocket) => {
      const route = this.connLogs.get(routeKey);
      if (route) logTlsFailure(socket, route);
    });
  }

  /** TLS termination: a local-CA leaf for the SNI name (else the DNS name), the listener policy's lowest version. */
  private tlsOptions(lb: LoadBalancerRecord, sslPolicy: string | undefined, alpn: string[] | undefined): tls.TlsOptions {
    const ca = this.ca;
    if (!ca) throw new Error('elbv2: TLS listeners need the local CA');
    const dnsName = lb.lb.DNSName ?? 'localhost';
    return {
      ...ca.leaf([dnsName]),
      minVersion: minTlsVersion(sslPolicy),
      ...(alpn ? { ALPNProtocols: alpn } : {}),
      SNICallback: (name, cb) => cb(null, ca.secureContext([name || dnsName])),
    };
  }

  private flowRoute(routeKey: string, nodeAddress: string, awsPort: number): FlowRoute | undefined {
    const route = this.routes.get(routeKey);
    const listener = this.state.listeners.get(routeKey.split('|')[0]!);
    const action = listener?.defaultActions[0];
    const tgArn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
    if (!route || !tgArn) return undefined;
    const log = this.nlbLogs.get(routeKey);
    return { tg: this.state.tgs.get(tgArn), nodeAddress, awsPort, pick: (flow) => this.picker.pickByFlow(tgArn, route.zone, flow), ...(route.counters ? { counters: route.counters } : {}), ...(log ? { log } : {}) };
  }

  endpointsView(scope?: { account: string; region: string }): EndpointView[] {
    const out: EndpointView[] = [];
    for (const lb of this.state.lbs.values()) {
      if (scope && (lb.account !== scope.account || lb.region !== scope.region)) continue;
      const nodes = (lb.lb.AvailabilityZones ?? []).map((z) => {
        const zone = z.ZoneName ?? '';
        const address = this.nodeAddress(lb, zone);
        const listeners = [...this.bound.values()].filter((b) => b.lbArn === lb.lb.LoadBalancerArn && b.zone === zone).map((b) => ({ protocol: b.protocol, port: b.awsPort, bound: `${b.address}:${b.localPort}`, ...(b.error ? { error: b.error } : {}) }));
        return { zone, address, listeners };
      });
      out.push({ loadBalancerArn: lb.lb.LoadBalancerArn, dnsName: lb.lb.DNSName ?? '', nodes });
    }
    return out;
  }

  /** The bound listener for a DNS name (or `<name>.elb.localhost.localstack.cloud`) and port, for the gateway. */
  findListener(host: string, port: number | undefined): { address: string; port: number } | undefined {
    const name = host.toLowerCase();
    const lb = [...this.state.lbs.values()].find((r) => r.lb.DNSName?.toLowerCase() === name || `${r.lb.LoadBalancerName}.elb.localhost.localstack.cloud`.toLowerCase() === name);
    if (!lb) return undefined;
    const mine = [...this.bound.values()].filter((b) => b.lbArn === lb.lb.LoadBalancerArn && !b.error && b.protocol === 'HTTP').sort((a, b) => a.awsPort - b.awsPort);
    const hit = mine.find((b) => b.awsPort === port || b.localPort === port) ?? mine[0];
    return hit ? { address: hit.address, port: hit.localPort } : undefined;
  }

  /** Removes targets whose deregistration delay has passed. */
  expireDraining(now: number): void {
    for (const rec of this.state.tgs.values()) {
      const keep = rec.targets.filter((t) => t.drainUntil === undefined || t.drainUntil > now);
      if (keep.length === rec.targets.length) continue;
      for (const t of rec.targets) if (!keep.includes(t)) this.health.forget(rec.tg.TargetGroupArn, t);
      this.state.put('tg', rec.tg.TargetGroupArn, { ...rec, targets: keep });
      this.picker.invalidate();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pool.close();
    await Promise.all([...this.bound.values()].map((b) => closeBound(b)));
    this.bound.clear();
    this.logs?.close(); // lines batched in memory go to the spool, delivered after a restart
  }
}

function closeBound(b: Bound): Promise<void> {
  const closing: Array<Promise<void>> = [];
  if (b.server) {
    const srv = b.server;
    closing.push(new Promise<void>((r) => srv.close(() => r())));
  }
  if (b.udp) {
    const udp = b.udp;
    closing.push(
      new Promise<void>((r) => {
        try {
          udp.close(() => r());
        } catch {
          r(); // never bound, or closed already
        }
      }),
    );
  }
  return Promise.all(closing).then(() => undefined);
}
