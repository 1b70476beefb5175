// The host-exposure relay: a Node process in the world's "internet" namespace, started by kumo with an IPC channel.
// kumo hands it listening sockets made on host loopback; each connection accepted there is relayed to the public IP.
//
// The listening socket stays in the host's namespace (a socket keeps the namespace it was made in), while the
// connections this process opens are made in the internet namespace, so they reach the instance as internet traffic
// does: through the IGW's 1:1 NAT, the NACLs and the security groups, from HOST_SOURCE.
import { connect, type Server, type Socket } from 'node:net';

/** kumo → relay (a `listen` carries the listening socket as the IPC handle); the relay answers `{ id, ok, error? }`. */
export type RelayRequest = { id: number; op: 'listen'; key: string; publicIp: string; port: number; source: string } | { id: number; op: 'close'; key: string };
export interface RelayReply {
  id: number;
  ok: boolean;
  error?: string;
}

/** Wall time a relayed connection waits for the instance's handshake before the host's side is reset (a drop). */
const CONNECT_TIMEOUT_MS = 20_000;

interface Listener {
  server: Server;
  sockets: Set<Socket>;
}

function main(): void {
  const listeners = new Map<string, Listener>();
  const reply = (r: RelayReply) => process.send?.(r);
  process.on('message', (m: RelayRequest, handle: unknown) => {
    if (m.op === 'listen') {
      listeners.get(m.key)?.server.close();
      const server = handle as Server | undefined;
      if (!server || typeof server.on !== 'function') return reply({ id: m.id, ok: false, error: 'no listening socket came with the message' });
      // Half-closes pass through (a client that ends its side still reads the answer): Node reads this per connection.
      (server as Server & { allowHalfOpen: boolean }).allowHalfOpen = true;
      const l: Listener = { server, sockets: new Set() };
      listeners.set(m.key, l);
      server.on('connection', (host: Socket) => relay(l, host, m.publicIp, m.port, m.source));
      server.on('error', () => undefined);
      return reply({ id: m.id, ok: true });
    }
    const l = listeners.get(m.key);
    listeners.delete(m.key);
    if (l) {
      l.server.close();
      // The public address is gone: connections through it end, as they would on AWS once the NAT entry is removed.
      for (const s of l.sockets) s.destroy();
    }
    reply({ id: m.id, ok: true });
  });
  // kumo went away (even by kill -9): nothing is left listening on the host.
  process.on('disconnect', () => process.exit(0));
  reply({ id: 0, ok: true });
}

function relay(l: Listener, host: Socket, publicIp: string, port: number, source: string): void {
  const inside = connect({ host: publicIp, port, localAddress: source, allowHalfOpen: true });
  l.sockets.add(host);
  l.sockets.add(inside);
  const timer = setTimeout(() => inside.destroy(new Error('timeout')), CONNECT_TIMEOUT_MS);
  inside.once('connect', () => clearTimeout(timer));
  const done = () => {
    clearTimeout(timer);
    l.sockets.delete(host);
    l.sockets.delete(inside);
  };
  // A refusal or drop inside is a reset on the host's side; a clean end is an end.
  inside.on('error', () => {
    done();
    if (!host.destroyed) host.resetAndDestroy();
  });
  host.on('error', () => {
    done();
    inside.destroy();
  });
  inside.on('close', done);
  host.on('close', () => {
    done();
    inside.destroy();
  });
  host.pipe(inside);
  inside.pipe(host);
}

if (process.argv[1]?.endsWith('expose-relay.js')) main();
