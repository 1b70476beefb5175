// The DNS listener: UDP and TCP (RFC 1035 §4.2.2 two-byte length framing, RFC 7766 pipelining) on one address and
// port, answering every query through the engine. It reads the zone index only; it never writes service state.
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { FORWARD, type DnsEngine } from './engine.js';
import { UpstreamForwarder, type UpstreamAddress } from './upstream.js';
import { bindDnsUdp, type DnsUdpSocket } from './udp-batch.js';

export interface DnsServerOptions {
  host?: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  port: number;
  /** Where names outside kumo's zones go (the engine must be built with forwardOutside). */
  upstream?: UpstreamAddress;
}

/** Idle TCP connections are closed after this long (RFC 7766 §6.2.3 suggests seconds, not minutes). */
const TCP_IDLE_MS = 10_000;

export class DnsServer {
  private udp: DnsUdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<TcpSocket>();
  private boundPort = 0;
  private readonly forwarder: UpstreamForwarder | undefined;
  /** Queries answered since start, over both transports. */
  answered = 0;

  constructor(
    private readonly engine: DnsEngine,
    private readonly options: DnsServerOptions,
  ) {
    this.forwarder = options.upstream ? new UpstreamForwarder(options.upstream) : undefined;
  }

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  async start(): Promise<void> {
    // Bind TCP first when the port is 0, then UDP on the same number; retry a few times if UDP's is taken.
    for (let attempt = 0; ; attempt++) {
      const tcp = await this.listenTcp(this.options.port);
      const port = (tcp.address() as { port: number }).port;
      try {
        this.udp = await this.bindUdp(port);
        this.tcp = tcp;
        this.boundPort = port;
        return;
      } catch (e) {
        await new Promise<void>((r) => tcp.close(() => r()));
        if (this.options.port !== 0 || attempt >= 5) throw e;
      }
    }
  }

  async stop(): Promise<void> {
    this.forwarder?.close();
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    if (udp) await udp.close();
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }

  private bindUdp(port: number): Promise<DnsUdpSocket> {
    return bindDnsUdp(this.host, port, (msg, address, _port, sendLater) => {
      let reply: Buffer | typeof FORWARD | undefined;
      try {
        reply = this.engine.respond(msg, address, 'udp');
      } catch {
        reply = undefined;
      }
      if (reply === FORWARD) {
        // The query's bytes are copied: the batched socket reuses its receive buffer for the next burst.
        this.forwarder?.forward(Buffer.from(msg), 'udp', (r) => {
          this.answered++;
          sendLater(r);
        });
        return undefined;
      }
      if (reply) this.answered++;
      return reply;
    });
  }

  /**
   * Answers one query from `address` inside VPC `vpc` (the VPC's Amazon resolver, src/services/ec2/vpc/): private
   * zones associated with it first, names outside kumo's zones upstream when one is set, else undefined.
   */
  answerInVpc(msg: Buffer, address: string, transport: 'udp' | 'tcp', vpc: string): Promise<Buffer | undefined> {
    let reply: Buffer | typeof FORWARD | undefined;
    try {
      reply = this.engine.respond(msg, address, transport, vpc);
    } catch {
      return Promise.resolve(undefined);
    }
    const forwarder = this.forwarder;
    if (reply !== FORWARD) {
      if (reply) this.answered++;
      return Promise.resolve(reply);
    }
    if (!forwarder) return Promise.resolve(undefined);
    return new Promise((resolve) => forwarder.forward(msg, transport, (r) => {
      this.answered++;
      resolve(r);
    }));
  }

  private listenTcp(port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((conn) => this.serveTcp(conn));
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private serveTcp(conn: TcpSocket): void {
    this.connections.add(conn);
    conn.setNoDelay(true);
    conn.setTimeout(TCP_IDLE_MS, () => conn.destroy());
    conn.on('close', () => this.connections.delete(conn));
    conn.on('error', () => conn.destroy());
    let pending: Buffer = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const msg = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        let reply: Buffer | typeof FORWARD | undefined;
        try {
          reply = this.engine.respond(msg, conn.remoteAddress ?? '127.0.0.1', 'tcp');
        } catch {
          reply = undefined;
        }
        if (!reply) {
          conn.destroy();
          return;
        }
        if (reply === FORWARD) {
          // Replies to pipelined queries may come back out of order; RFC 7766 §7 allows it (IDs match them).
          this.forwarder?.forward(Buffer.from(msg), 'tcp', (r) => {
            if (!conn.destroyed) writeFramed(conn, r);
            this.answered++;
          });
          continue;
        }
        this.answered++;
        writeFramed(conn, reply);
      }
    });
  }
}

function writeFramed(conn: TcpSocket, reply: Buffer): void {
  const framed = Buffer.allocUnsafe(2 + reply.length);
  framed.writeUInt16BE(reply.length, 0);
  reply.copy(framed, 2);
  conn.write(framed);
}
