// The CLB data plane: one node per enabled AZ on an `elb-nodes` loopback address (key clb/<acct>/<region>/<name>#<az>),
// each listener bound on every node at portFor(LoadBalancerPort). A node forwards only to InService instances of its
// own AZ unless CrossZoneLoadBalancing is on; HTTP/HTTPS run the proxy core, TCP/SSL pipe bytes (Proxy Protocol v1).
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../../../core/logger.js';
import { createHttpProxyServer, serveHttpProxy, UpstreamPool } from '../../../net/proxy/index.js';
import { bindFailure, type Endpoints } from '../../../runtime/endpoints.js';
import { APP_COOKIE, LB_COOKIE, PROXY_PROTOCOL, SSL_NEGOTIATION } from '../policy-types.js';
import { negotiationOf, tlsSettings, type Negotiation } from '../ssl-negotiation.js';
import { backendKeys, peerKeyAllowed } from '../backend-auth.js';
import type { InstanceInfo } from '../ec2-lookup.js';
import type { ClbRecord, ListenerEntry } from '../records.js';
import { lbKey, type ClbState } from '../state.js';
import type { ClbHealth, InstanceLocator } from './health.js';
import { clbError, planClbRequest, type Backend, type HttpRoute } from './http-handler.js';
import { ClbCounters } from './metrics.js';
import { proxyV1Header, unmapped } from './proxy-v1.js';
import type { AccessLogDelivery } from '../../elastic-load-balancing-v2/access-logs/delivery.js';
import { loggedClbPlan, logClbConnection, type ClbLogRoute } from './access-log.js';

interface Bound {
  lbKey: string;
  zone: string;
  address: string;
  localPort: number;
  awsPort: number;
  /** Protocol and certificate: a change rebinds. */
  shape: string;
  server: net.Server;
  error?: string;
  /** The HTTP route built from the current state; dropped on every change (reconcile). */
  http?: HttpRoute | undefined;
  /** Access logging of this node, when the load balancer's AccessLog is enabled; rebuilt with the route. */
  log?: ClbLogRoute | undefined;
}

interface Pool {
  backends: Backend[];
  next: number;
}

interface Ec2View {
  instance?(scope: { account: string; region: string }, id: string): InstanceInfo | undefined;
}

export interface ClbEndpointView {
  loadBalancerName: string;
  loadBalancerArn: string;
  type: 'classic';
  dnsName: string;
  nodes: Array<{ zone: string; address: string; listeners: Array<{ protocol: string; port: number; bound: string; error?: string }> }>;
}

export class ClbDataPlane implements InstanceLocator {
  private readonly bound = new Map<string, Bound>();
  private readonly pools = new Map<string, Pool>();
  private readonly pool = new UpstreamPool();
  /** Open TCP/SSL connections per `<lb>|<instance>`, closed when draining ends. */
  private readonly conns = new Map<string, Set<net.Socket>>();
  private readonly draining = new Map<string, number>();
  private stopped = false;
  /** AWS/ELB traffic counts per node, read once a minute by CloudWatch. */
  readonly counters = new ClbCounters();
  ec2: Ec2View | undefined;
  health!: ClbHealth;
  /** Access log delivery to S3; with none, no load balancer logs. */
  logs: AccessLogDelivery | undefined;
  /** KUMO_ELB_TIME_SCALE: shortens the 5 or 60 minute log interval for tests. */
  timeScale = 1;

  constructor(
    private readonly state: ClbState,
    private readonly endpoints: Endpoints,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly leaf: (names: string[]) => { cert: string; key: string },
  ) {}

  locate(rec: ClbRecord, id: string): { state: string; host: string | undefined } | undefined {
    const v = this.ec2?.instance?.({ account: rec.account, region: rec.region }, id);
    return v ? { state: v.state, host: v.bindAddress } : undefined;
  }

  portFor(port: number): number {
    return this.endpoints.portFor(port);
  }

  nodeAddress(rec: ClbRecord, zone: string): string {
    return this.endpoints.address('elb-nodes', `clb/${rec.account}/${rec.region}/${rec.name.toLowerCase()}#${zone}`);
  }

  invalidate(): void {
    this.pools.clear();
  }

  /** The node's InService instances with a live address; cross-zone adds the other enabled zones' instances. */
  private poolOf(rec: ClbRecord, zone: string): Pool {
    const k = `${lbKey(rec, rec.name)}|${zone}`;
    let p = this.pools.get(k);
    if (!p) {
      const backends: Backend[] = [];
      for (const i of rec.instances) {
        if (!rec.zones.includes(i.zone) || (!rec.attributes.crossZone && i.zone !== zone) || !this.health.isInService(rec, i.id)) continue;
        const where = this.locate(rec, i.id);
        if (where?.state === 'running' && where.host) backends.push({ id: i.id, host: where.host });
      }
      p = { backends, next: 0 };
      this.pools.set(k, p);
    }
    return p;
  }

  private pick(rec: ClbRecord, zone: string): Backend | undefined {
    const p = this.poolOf(rec, zone);
    if (p.backends.length === 0) return undefined;
    const b = p.backends[p.next % p.backends.length]!;
    p.next = (p.next + 1) % p.backends.length;
    return b;
  }

  /** Brings sockets in line with the state: binds new listeners, closes removed or changed ones. */
  reconcile(): void {
    if (this.stopped) return;
    this.invalidate();
    for (const b of this.bound.values()) b.http = undefined;
    const wanted = new Set<string>();
    const logging = new Set<string>();
    for (const rec of this.state.lbs.values()) {
      for (const [n, zone] of rec.zones.entries()) {
        // With only 127.0.0.1 (not Linux) nodes would collide on one port: the first node serves alone.
        if (!this.endpoints.manyLoopbackAddresses && n > 0) continue;
        const address = this.nodeAddress(rec, zone);
        for (const l of rec.listeners) {
          const localPort = this.endpoints.portFor(l.listener.LoadBalancerPort);
          const key = `${address}:${localPort}`;
          const shape = `${lbKey(rec, rec.name)}|${l.listener.Protocol}|${l.listener.SSLCertificateId ?? ''}|${JSON.stringify(this.negotiation(rec, l) ?? null)}`;
          wanted.add(key);
          const have = this.bound.get(key);
          const b = have && have.shape === shape ? have : this.bind(rec, l, zone, address, localPort, shape);
          if (b !== have) {
            have?.server.close();
            this.bound.set(key, b);
          }
          b.log = this.logRoute(rec, zone, address);
          if (b.log) logging.add(`${lbKey(rec, rec.name)}#${zone}`);
        }
      }
    }
    for (const [key, b] of this.bound) {
      if (wanted.has(key)) continue;
      b.server.close();
      this.bound.delete(key);
    }
    this.logs?.prune(logging);
  }

  /** The node's log sink when AccessLog is enabled: every 5 or 60 minutes (EmitInterval, default 60). */
  private logRoute(rec: ClbRecord, zone: string, address: string): ClbLogRoute | undefined {
    const a = rec.attributes.accessLog;
    if (!this.logs || !a.enabled || !a.bucket) return undefined;
    const sink = this.logs.sink(`${lbKey(rec, rec.name)}#${zone}`, {
      kind: 'classic',
      account: rec.account,
      region: rec.region,
      bucket: a.bucket,
      prefix: a.prefix ?? '',
      lbId: rec.name,
      nodeIp: address,
      intervalMs: (a.interval ?? 60) * 60_000 * this.timeScale,
    });
    return { sink, name: rec.name, now: this.now };
  }

  private route(b: Bound): { rec: ClbRecord; l: ListenerEntry } | undefined {
    const rec = this.state.lbs.get(b.lbKey);
    const l = rec?.listeners.find((x) => x.listener.LoadBalancerPort === b.awsPort);
    return rec && l ? { rec, l } : undefined;
  }

  private bind(rec: ClbRecord, l: ListenerEntry, zone: string, address: string, localPort: number, shape: string): Bound {
    const protocol = l.listener.Protocol;
    const b: Bound = { lbKey: lbKey(rec, rec.name), zone, address, localPort, awsPort: l.listener.LoadBalancerPort, shape, server: undefined as unknown as net.Server };
    const http = {
      pool: this.pool,
      clientIdleTimeoutMs: rec.attributes.idleTimeout * 1000,
      badRequest: () => {
        this.counters.node(b.lbKey, zone).answered(400);
        return clbError(400);
      },
      handler: (req: Parameters<typeof planClbRequest>[0], client: Parameters<typeof planClbRequest>[1], socket: net.Socket) => {
        if (!b.http) {
          const r = this.route(b);
          if (!r) return { kind: 'respond' as const, response: clbError(503), close: true };
          b.http = this.httpRoute(r.rec, r.l, b.zone);
        }
        const plan = planClbRequest(req, client, b.http);
        return b.log ? loggedClbPlan(plan, req, client, socket, protocol === 'HTTPS', b.awsPort, b.log) : plan;
      },
    };
    // HTTPS and SSL listeners present a leaf of kumo's local CA for the DNS name (GET /_kumo/ca.pem); the
    // SSLCertificateId is kept as given (docs/services/elastic-load-balancing.md).
    const n = this.negotiation(rec, l);
    const secure = protocol === 'HTTPS' || protocol === 'SSL' ? { ...this.leaf([rec.dnsName, address]), ...(n ? tlsSettings(n) : {}) } : undefined;
    if (protocol === 'HTTP') b.server = createHttpProxyServer(http);
    else if (protocol === 'HTTPS') b.server = tls.createServer({ ...secure! }, (socket) => serveHttpProxy(socket, http));
    else if (protocol === 'SSL') b.server = tls.createServer({ ...secure! }, (socket) => this.tcpConnection(socket, b));
    else b.server = net.createServer({ noDelay: true }, (socket) => this.tcpConnection(socket, b));
    b.server.on('error', (e) => {
      b.error = bindFailure(e, `${address}:${localPort}`).message;
      this.logger.info(`clb listener ${address}:${localPort} not bound: ${b.error}`);
    });
    b.server.listen({ host: address, port: localPort });
    return b;
  }

  private httpRoute(rec: ClbRecord, l: ListenerEntry, zone: string): HttpRoute {
    const policies = rec.policies.filter((p) => l.policyNames.includes(p.name));
    const lb = policies.find((p) => p.type === LB_COOKIE);
    const app = policies.find((p) => p.type === APP_COOKIE);
    const attr = (p: { attributes: Array<{ AttributeName?: string; AttributeValue?: string }> }, n: string) => p.attributes.find((a) => a.AttributeName === n)?.AttributeValue;
    const period = lb ? attr(lb, 'CookieExpirationPeriod') : undefined;
    const sticky: HttpRoute['sticky'] = lb ? { kind: 'lb', ...(period && Number(period) > 0 ? { maxAge: Number(period) } : {}) } : app ? { kind: 'app', cookie: attr(app, 'CookieName') ?? '' } : undefined;
    return {
      proto: l.listener.Protocol === 'HTTPS' ? 'https' : 'http',
      awsPort: l.listener.LoadBalancerPort,
      backendPort: this.endpoints.portFor(l.listener.InstancePort),
      ...(l.listener.InstanceProtocol === 'HTTPS' ? { backendTls: true } : {}),
      ...(backendKeys(rec, l.listener.InstancePort) ? { backendKeys: backendKeys(rec, l.listener.InstancePort)! } : {}),
      idleTimeoutMs: rec.attributes.idleTimeout * 1000,
      ...(sticky ? { sticky } : {}),
      pick: () => this.pick(rec, zone),
      byId: (id) => this.poolOf(rec, zone).backends.find((x) => x.id === id),
      counters: this.counters.node(lbKey(rec, rec.name), zone),
    };
  }

  /** The listener's SSL negotiation policy, if one is attached (SetLoadBalancerPoliciesOfListener). */
  private negotiation(rec: ClbRecord, l: ListenerEntry): Negotiation | undefined {
    const p = rec.policies.find((x) => x.type === SSL_NEGOTIATION && l.policyNames.includes(x.name));
    const n = p ? negotiationOf(p.attributes) : undefined;
    return typeof n === 'object' ? n : undefined;
  }

  private proxyProtocol(rec: ClbRecord, instancePort: number): boolean {
    const names = rec.backendPolicies[String(instancePort)] ?? [];
    return rec.policies.some((p) => names.includes(p.name) && p.type === PROXY_PROTOCOL && p.attributes.some((a) => a.AttributeName === 'ProxyProtocol' && a.AttributeValue?.toLowerCase() === 'true'));
  }

  private tcpConnection(client: net.Socket, b: Bound): void {
    const r = this.route(b);
    const backend = r ? this.pick(r.rec, b.zone) : undefined;
    if (!r || !backend) {
      client.destroy();
      return;
    }
    const log = b.log;
    const logTime = log ? log.now() : 0;
    const startedAt = log ? performance.now() : 0;
    let connectedAt: number | undefined;
    const { rec, l } = r;
    const port = this.endpoints.portFor(l.listener.InstancePort);
    const localAddress = b.address === '127.0.0.1' ? undefined : b.address;
    // SSL to instances: CLB does not verify the instance's certificate without a backend authentication policy.
    const upstream =
      l.listener.InstanceProtocol === 'SSL'
        ? tls.connect({ host: backend.host, port, rejectUnauthorized: false, ...(localAddress ? { localAddress } : {}) })
        : net.connect({ host: backend.host, port, ...(localAddress ? { localAddress } : {}) });
    upstream.setNoDelay(true);
    const keys = l.listener.InstanceProtocol === 'SSL' ? backendKeys(rec, l.listener.InstancePort) : undefined;
    if (keys) upstream.once('secureConnect', () => (peerKeyAllowed(upstream as tls.TLSSocket, keys) ? undefined : upstream.destroy()));
    if (log) upstream.once('connect', () => (connectedAt = performance.now()));
    if (this.proxyProtocol(rec, l.listener.InstancePort)) upstream.write(proxyV1Header(client.remoteAddress ?? '', client.remotePort ?? 0, unmapped(client.localAddress ?? b.address), l.listener.LoadBalancerPort));
    // AWS/ELB for TCP/SSL listeners: RequestCount counts connections made to instances, Latency the time to connect.
    const counters = this.counters.node(b.lbKey, b.zone);
    const started = performance.now();
    let connected = false;
    upstream.once(l.listener.InstanceProtocol === 'SSL' ? 'secureConnect' : 'connect', () => {
      connected = true;
      counters.requests++;
      counters.latency((performance.now() - started) / 1000);
    });
    upstream.once('error', () => {
      if (!connected) counters.backendConnectionErrors++;
    });
    const key = `${b.lbKey}|${backend.id}`;
    let set = this.conns.get(key);
    if (!set) this.conns.set(key, (set = new Set()));
    set.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    const idle = rec.attributes.idleTimeout * 1000;
    client.setTimeout(idle, () => client.destroy());
    let logged = false;
    const close = (): void => {
      if (log && !logged) {
        logged = true;
        logClbConnection(client, l.listener.Protocol === 'SSL', `${backend.host}:${port}`, () => connectedAt, startedAt, log, logTime);
      }
      set.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }

  /** A deregistered instance: its open TCP connections close after `ms` (connection draining) or at once. */
  drain(rec: ClbRecord, id: string, ms: number): void {
    const key = `${lbKey(rec, rec.name)}|${id}`;
    if (ms <= 0) this.closeConnections(key);
    else this.draining.set(key, this.now() + ms);
  }

  undrain(rec: ClbRecord, id: string): void {
    this.draining.delete(`${lbKey(rec, rec.name)}|${id}`);
  }

  expireDraining(now: number): void {
    for (const [key, until] of this.draining) {
      if (until > now) continue;
      this.draining.delete(key);
      this.closeConnections(key);
    }
  }

  private closeConnections(key: string): void {
    for (const s of this.conns.get(key) ?? []) s.destroy();
    this.conns.delete(key);
  }

  endpointsView(): ClbEndpointView[] {
    return [...this.state.lbs.values()].map((rec) => ({
      loadBalancerName: rec.name,
      loadBalancerArn: `arn:aws:elasticloadbalancing:${rec.region}:${rec.account}:loadbalancer/${rec.name}`,
      type: 'classic' as const,
      dnsName: rec.dnsName,
      nodes: rec.zones.map((zone) => {
        const address = this.nodeAddress(rec, zone);
        const listeners = rec.listeners.flatMap((l) => {
          const b = this.bound.get(`${address}:${this.endpoints.portFor(l.listener.LoadBalancerPort)}`);
          return b ? [{ protocol: l.listener.Protocol, port: l.listener.LoadBalancerPort, bound: `${b.address}:${b.localPort}`, ...(b.error ? { error: b.error } : {}) }] : [];
        });
        return { zone, address, listeners };
      }),
    }));
  }

  /** The bound HTTP listener for a DNS name (or LocalStack's `<name>.elb.localhost.localstack.cloud`), for the gateway. */
  findListener(host: string, port: number | undefined): { address: string; port: number } | undefined {
    const name = host.toLowerCase();
    const rec = [...this.state.lbs.values()].find((r) => r.dnsName.toLowerCase() === name || `${r.name}.elb.localhost.localstack.cloud`.toLowerCase() === name);
    if (!rec) return undefined;
    const mine = [...this.bound.values()].filter((b) => b.lbKey === lbKey(rec, rec.name) && !b.error && b.shape.split('|')[1] === 'HTTP').sort((a, b) => a.awsPort - b.awsPort);
    const hit = mine.find((b) => b.awsPort === port || b.localPort === port) ?? mine[0];
    return hit ? { address: hit.address, port: hit.localPort } : undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pool.close();
    for (const set of this.conns.values()) for (const s of set) s.destroy();
    await Promise.all([...this.bound.values()].map((b) => new Promise<void>((r) => b.server.close(() => r()))));
    this.bound.clear();
    this.logs?.close(); // lines batched in memory go to the spool, delivered after a restart
  }
}
