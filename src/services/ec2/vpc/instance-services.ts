// kumo's end of the instance services inside the VPC namespaces: a unix socket the world's forwarder (forwarder.ts)
// connects to, one connection per TCP connection or UDP query, each opened by `<service> <vpc> <ip> <port>\n`.
// IMDS connections are piped to the instance's own metadata service (the same server, tokens and answers as on its
// loopback address); DNS queries are answered by the VPC's resolver (a callback: EC2 names, then Route 53); `api`
// connections (kumo's API endpoint inside the VPCs) are handed to kumo's own HTTP server.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface InstanceServiceHandlers {
  /** The metadata service of the instance that has `ip` in `vpcId`, and its hop limit; undefined: no such instance. */
  imds(vpcId: string, ip: string): { host: string; port: number; hopLimit: number } | undefined;
  /** The answer to a DNS query from `ip` in `vpcId`, or undefined for none (the query goes unanswered). */
  dns(vpcId: string, ip: string, query: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer | undefined>;
  /** Hands a connection to kumo's API (the gateway's HTTP server); false when kumo does not listen (closed then). */
  api?(socket: Socket): boolean;
}

const MAX_HEADER = 256;
/** The source is IPv4 or, from the fd00:ec2:: listeners, IPv6 text (inet_ntop). */
const HEADER = /^(imds|dns-udp|dns-tcp|api) (vpc-[0-9a-f]+) (\d+\.\d+\.\d+\.\d+|[0-9a-f:.]+) (\d+)$/;

export class InstanceServiceSocket {
  private server: Server | undefined;
  private dir: string | undefined;
  path = '';
  /** Connections served, by service (for health). */
  readonly served = { imds: 0, dns: 0, api: 0 };

  constructor(private readonly handlers: InstanceServiceHandlers) {}

  async start(): Promise<string> {
    this.dir = mkdtempSync(join(tmpdir(), 'kumo-vpc-'));
    this.path = join(this.dir, 'services.sock');
    // Half open: a UDP query arrives as data then EOF, and its answer goes back after that EOF.
    const server = createServer({ allowHalfOpen: true }, (s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    this.server = server;
    return this.path;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    let head = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const nl = head.indexOf(10);
      if (nl < 0) {
        if (head.length > MAX_HEADER) socket.destroy();
        return;
      }
      socket.off('data', onData);
      socket.pause();
      const m = HEADER.exec(head.subarray(0, nl).toString('latin1'));
      if (!m) return socket.destroy();
      const rest = head.subarray(nl + 1);
      const [, service, vpcId, ip] = m as unknown as [string, string, string, string];
      if (service === 'imds') this.imds(socket, vpcId, ip, rest);
      else if (service === 'api') this.api(socket, rest);
      else if (service === 'dns-udp') this.dnsUdp(socket, vpcId, ip, rest);
      else this.dnsTcp(socket, vpcId, ip, rest);
    };
    socket.on('data', onData);
  }

  private imds(socket: Socket, vpcId: string, ip: string, rest: Buffer): void {
    const target = this.handlers.imds(vpcId, ip);
    if (!target) return void socket.destroy();
    this.served.imds++;
    // The forwarder sets this TTL on the instance's TCP connection: the hop limit, as EC2 sets it on IMDS replies.
    socket.write(`${target.hopLimit}\n`);
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    if (rest.length > 0) upstream.write(rest);
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.resume();
  }

  /** kumo's API from inside a VPC: the connection goes to the gateway's HTTP server as if accepted by it. */
  private api(socket: Socket, rest: Buffer): void {
    socket.write('\n'); // no TTL change
    if (rest.length > 0) socket.unshift(rest);
    if (!this.handlers.api?.(socket)) return void socket.destroy();
    this.served.api++;
    socket.resume();
  }

  private dnsUdp(socket: Socket, vpcId: string, ip: string, rest: Buffer): void {
    const parts = [rest];
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('end', () => {
      this.served.dns++;
      this.handlers.dns(vpcId, ip, Buffer.concat(parts), 'udp').then(
        (answer) => socket.end(answer ?? Buffer.alloc(0)),
        () => socket.destroy(),
      );
    });
    socket.resume();
  }

  /** DNS over TCP: messages framed by a 2-byte length (RFC 1035 §4.2.2), answered in order. */
  private dnsTcp(socket: Socket, vpcId: string, ip: string, rest: Buffer): void {
    socket.write('\n'); // no TTL change
    let buf = rest;
    let chain = Promise.resolve();
    const drain = () => {
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const query = Buffer.from(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + query.length);
        this.served.dns++;
        chain = chain.then(async () => {
          const answer = await this.handlers.dns(vpcId, ip, query, 'tcp');
          if (!answer || socket.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(answer.length, 0);
          socket.write(Buffer.concat([len, answer]));
        });
      }
    };
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      drain();
    });
    socket.on('end', () => void chain.then(() => socket.end()));
    drain();
    socket.resume();
  }
}
