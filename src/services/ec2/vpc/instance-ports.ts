// Host → instance: the TCP ports an instance's process listens on inside its namespace, mirrored on its host loopback
// address, so ELB, Route 53 health checks and users reach it there; each connection is relayed by the world's forwarder.
//
// Why (docs/designs/vpc-instance-services.md, "User data inside the namespace"): nothing on the host can connect into a
// VPC namespace, and every caller (ELB nodes, health checks, curl) already dials the instance's loopback address. The
// ports come from /proc/<pid>/net/tcp{,6} (the namespace's own tables), read every POLL_MS while a process runs and
// whenever its console is read; a connection to a mirrored port asks the forwarder's dial socket for `<vpc ns>
// <private ip> <port>`, which connects from the VPC namespace (source: the subnet router's address) and relays.
import { readFileSync, readlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { endianness } from 'node:os';

/** Wall time between two looks at a process's listening sockets: process plumbing, not AWS behaviour. */
export const POLL_MS = 100;

interface Watched {
  pid: number;
  vpcNs: string;
  privateIps: readonly string[];
  bindAddress: string;
  /** Port inside → its host listener (undefined while the host port is taken by something else). */
  servers: Map<number, Server | undefined>;
}

/** An address in /proc/net/tcp's hex form (the 32-bit value in host byte order) as dotted quad. */
function ipv4Of(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  if (endianness() === 'LE') b.reverse();
  return [...b].join('.');
}

/**
 * The ports listening (state 0A) on any address or on one of `ips`, from the text of /proc/<pid>/net/tcp and tcp6,
 * each with the address to dial: the one it listens on, or `ips[0]` for a wildcard listener.
 */
export function listeningPorts(tcp: string, tcp6: string, ips: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const [text, v6] of [[tcp, false], [tcp6, true]] as const) {
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A' || !f[1]) continue;
      const [addr, portHex] = f[1].split(':') as [string, string];
      const port = parseInt(portHex, 16);
      const any = /^0+$/.test(addr);
      const ip = v6 ? undefined : ipv4Of(addr);
      if (any && ips[0]) out.set(port, out.get(port) ?? ips[0]);
      else if (ip && ips.includes(ip)) out.set(port, ip);
    }
  }
  return out;
}

const OWN_NET = readOr('/proc/self/ns/net', true);

export class InstancePorts {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;

  /** `dialPath`: the forwarder's dial socket, read at each connection; `portFor`: the host port for a port inside. */
  constructor(private readonly dialPath: () => string | undefined, private readonly portFor: (port: number) => number) {}

  watch(id: string, pid: number, vpcNs: string, privateIps: readonly string[], bindAddress: string): void {
    this.unwatch(id);
    this.watched.set(id, { pid, vpcNs, privateIps, bindAddress, servers: new Map() });
    this.timer ??= setInterval(() => {
      for (const key of this.watched.keys()) this.refresh(key);
    }, POLL_MS).unref();
    this.refresh(id);
  }

  unwatch(id: string): void {
    const w = this.watched.get(id);
    if (!w) return;
    this.watched.delete(id);
    for (const s of w.servers.values()) s?.close();
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  stop(): void {
    for (const id of [...this.watched.keys()]) this.unwatch(id);
  }

  /** The ports mirrored for `id` now (inside port → host port), for tests and `kumo ec2 ps`. */
  ports(id: string): Map<number, number> {
    const w = this.watched.get(id);
    return new Map([...(w?.servers ?? new Map<number, Server | undefined>()).entries()].filter(([, s]) => s?.listening).map(([p]) => [p, this.portFor(p)]));
  }

  /** Looks at the process's listening sockets now: new ports get a host listener, closed ones lose theirs. */
  refresh(id: string): void {
    const w = this.watched.get(id);
    if (!w) return;
    let ports: Map<number, string>;
    try {
      // Until nsenter and `ip netns exec` have exec'd into the namespace, the group's leader still sees the host's tables.
      if (readlinkSync(`/proc/${w.pid}/ns/net`) === OWN_NET) return;
      ports = listeningPorts(readFileSync(`/proc/${w.pid}/net/tcp`, 'latin1'), readOr(`/proc/${w.pid}/net/tcp6`), w.privateIps);
    } catch {
      return; // the process is gone; its exit unwatches it
    }
    for (const [port, s] of w.servers) {
      if (ports.has(port)) continue;
      s?.close();
      w.servers.delete(port);
    }
    for (const [port, ip] of ports) {
      if (w.servers.has(port)) continue;
      const server = createServer({ allowHalfOpen: true }, (client) => this.relay(client, w.vpcNs, ip, port));
      // A host port already taken (another kumo listener) leaves this port unmirrored; it is not tried again.
      server.on('error', () => w.servers.set(port, undefined));
      server.listen(this.portFor(port), w.bindAddress);
      w.servers.set(port, server);
    }
  }

  /** One host connection: the forwarder connects from the VPC namespace to ip:port; a refusal resets the client. */
  private relay(client: Socket, vpcNs: string, ip: string, port: number): void {
    client.pause();
    const path = this.dialPath();
    if (!path) return void client.resetAndDestroy();
    const u = connect({ path, allowHalfOpen: true });
    let head = Buffer.alloc(0);
    const fail = () => {
      u.destroy();
      if (!client.destroyed) client.resetAndDestroy();
    };
    u.on('error', fail);
    client.on('error', () => u.destroy());
    u.once('connect', () => u.write(`${vpcNs} ${ip} ${port}\n`));
    const onHead = (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      u.off('data', onHead);
      if (head.subarray(0, nl).toString('latin1') !== 'OK') return fail();
      const rest = head.subarray(nl + 1);
      if (rest.length > 0) client.write(rest);
      // Half-closes pass both ways (both sockets allow half-open): the client's FIN ends u and the forwarder shuts the
      // instance's write side; the instance's FIN comes back as u's end, and pipe ends the client after what is buffered.
      client.on('close', () => u.destroy());
      client.pipe(u);
      u.pipe(client);
      client.resume();
    };
    u.on('data', onHead);
  }
}

function readOr(path: string, link = false): string {
  try {
    return link ? readlinkSync(path) : readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
