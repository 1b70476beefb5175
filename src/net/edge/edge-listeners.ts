// The edge's two listeners on 127.0.0.1, one HTTP and one HTTPS (80/443 + KUMO_LOW_PORT_OFFSET, or
// KUMO_EDGE_HTTP_PORT/_HTTPS_PORT), as one runtime component. TLS presents a leaf from kumo's local CA for the
// name the viewer asked (SNI): *.cloudfront.net, or the aliases of the distribution it names.
import net from 'node:net';
import tls from 'node:tls';
import { bindFailure } from '../../runtime/endpoints.js';
import type { Component } from '../../runtime/component.js';
import type { LocalCa } from '../tls/local-ca.js';
import type { Edge } from './edge.js';
import { errorPage, REASONS } from './responses.js';
import { serveHttpProxy, UpstreamPool, type HttpProxyOptions } from '../proxy/index.js';
import { viewerHandler } from './viewer.js';

export class EdgeListeners implements Component {
  readonly name = 'cloudfront.edge';
  private http: net.Server | undefined;
  private https: tls.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly pool = new UpstreamPool();
  httpPort = 0;
  httpsPort = 0;

  constructor(
    private readonly edge: Edge,
    private readonly ca: LocalCa,
    private readonly ports: { http: number; https: number },
  ) {}

  /** The names a TLS certificate covers for a requested server name. */
  private namesFor(servername: string | undefined): string[] {
    const name = (servername ?? '').toLowerCase();
    if (!name || name.endsWith('.cloudfront.net')) return ['*.cloudfront.net'];
    const d = this.edge.distributionFor(name);
    if (d) return [name, ...d.aliases.filter((a) => a !== name)];
    return ['*.cloudfront.net', name];
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  async start(): Promise<void> {
    const onError = (status: number) => Buffer.concat(errorPage(status, REASONS.badRequest, this.edge.via));
    // The proxy core's engine; plain-HTTP pass-throughs use its upstream pool, other origins the edge's own clients.
    const options: HttpProxyOptions = { pool: this.pool, clientIdleTimeoutMs: 60_000, badRequest: (e) => onError(e.status), handler: viewerHandler(this.edge.handle.bind(this.edge), onError) };
    this.http = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
      this.track(socket);
      serveHttpProxy(socket, options);
    });
    this.https = tls.createServer({ SNICallback: (name, cb) => cb(null, this.ca.secureContext(this.namesFor(name))), ...this.ca.leaf(['*.cloudfront.net']) }, (socket) => {
      this.track(socket);
      serveHttpProxy(socket, options);
    });
    this.https.on('tlsClientError', () => undefined);
    this.httpPort = await listen(this.http, this.ports.http, 'the CloudFront edge HTTP listener');
    this.httpsPort = await listen(this.https, this.ports.https, 'the CloudFront edge HTTPS listener');
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const closing: Promise<void>[] = [];
    for (const server of [this.http, this.https]) if (server?.listening) closing.push(new Promise<void>((r) => server.close(() => r())));
    await Promise.all(closing);
    this.pool.close();
  }

  health() {
    return { endpoints: [`http 127.0.0.1:${this.httpPort}`, `https 127.0.0.1:${this.httpsPort}`] };
  }
}

function listen(server: net.Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(bindFailure(e, what)));
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}
