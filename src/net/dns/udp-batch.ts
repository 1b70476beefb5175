// The DNS server's UDP socket: batched recvmmsg/sendmmsg through the small native add-on in native/udp-batch when
// it is built (Linux), else node:dgram. Both hand each datagram to the same handler; only the system calls differ.
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';

/** Answers one datagram: returns the reply, or undefined for none; `send` replies later (a forwarded query). */
export type DatagramHandler = (msg: Buffer, address: string, port: number, send: (reply: Buffer) => void) => Buffer | undefined;

export interface DnsUdpSocket {
  readonly port: number;
  /** 'batch' (recvmmsg/sendmmsg) or 'dgram'. */
  readonly kind: 'batch' | 'dgram';
  close(): Promise<void>;
}

interface NativeHandle {
  in: ArrayBuffer;
  out: ArrayBuffer;
  meta: Int32Array;
  addr: Uint8Array;
  port: number;
  batch: number;
  slot: number;
}

interface NativeModule {
  open(family: number, host: string, port: number, onBurst: (count: number) => void): NativeHandle;
  close(handle: NativeHandle): void;
  sendTo(handle: NativeHandle, reply: Buffer, port: number, address: string): void;
}

/** Per-slot Int32 fields written by the add-on (see udp_batch.c). */
const META = 6;
const ADDR = 64;

let loaded: NativeModule | null | undefined;

/** The add-on, or null when it is not built, not Linux, or KUMO_DNS_UDP=dgram asks for node:dgram. */
export function nativeUdp(): NativeModule | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux' || process.env['KUMO_DNS_UDP'] === 'dgram') return loaded;
  const file = join(packageRoot(), 'dist', 'native', 'udp_batch.node');
  if (!existsSync(file)) return loaded;
  try {
    loaded = createRequire(import.meta.url)(file) as NativeModule;
  } catch {
    loaded = null;
  }
  return loaded;
}

/** Binds a UDP socket on host:port (0: any free port) that answers every datagram through `handler`; `kind`
 *  'dgram' asks for node:dgram even when the add-on is built (tests of both paths). */
export async function bindDnsUdp(host: string, port: number, handler: DatagramHandler, kind?: 'dgram'): Promise<DnsUdpSocket> {
  const family = host.includes(':') ? 6 : 4;
  const native = kind === 'dgram' ? null : nativeUdp();
  return native ? bindBatch(native, family, host, port, handler) : bindDgram(family, host, port, handler);
}

function bindBatch(native: NativeModule, family: number, host: string, port: number, handler: DatagramHandler): DnsUdpSocket {
  let handle: NativeHandle | undefined;
  let input = Buffer.alloc(0);
  let output = Buffer.alloc(0);
  let lastV4 = -1;
  let lastV4Text = '';
  const onBurst = (count: number): void => {
    const { meta, addr, slot } = handle!;
    for (let i = 0; i < count; i++) {
      const m = i * META;
      const a = i * ADDR;
      let address: string;
      if (meta[m + 3] === 4) {
        const v4 = ((addr[a]! << 24) | (addr[a + 1]! << 16) | (addr[a + 2]! << 8) | addr[a + 3]!) >>> 0;
        if (v4 !== lastV4) {
          lastV4 = v4;
          lastV4Text = `${addr[a]}.${addr[a + 1]}.${addr[a + 2]}.${addr[a + 3]}`;
        }
        address = lastV4Text;
      } else {
        address = Buffer.from(addr.buffer, addr.byteOffset + a, meta[m + 4]).toString('latin1');
      }
      const clientPort = meta[m + 1]!;
      const msg = input.subarray(i * slot, i * slot + meta[m]!);
      const reply = handler(msg, address, clientPort, (later) => {
        if (handle) native.sendTo(handle, later, clientPort, address);
      });
      if (reply && reply.length <= slot) {
        output.set(reply, i * slot);
        meta[m + 2] = reply.length;
      }
    }
  };
  handle = native.open(family, host, port, onBurst);
  input = Buffer.from(handle.in);
  output = Buffer.from(handle.out);
  const bound = handle.port;
  return {
    port: bound,
    kind: 'batch',
    close: () => {
      if (handle) native.close(handle);
      handle = undefined;
      return Promise.resolve();
    },
  };
}

function bindDgram(family: number, host: string, port: number, handler: DatagramHandler): Promise<DnsUdpSocket> {
  return new Promise((resolve, reject) => {
    // Replies go back to the source address of the query, always an IP literal: a synchronous lookup spares each
    // send dns.lookup's deferral to the next tick (about a quarter of the socket's CPU per answer, measured).
    const socket: Socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', lookup: (address, _options, callback) => callback(null, address, family) });
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      socket.on('error', () => {
        // A failed send (client gone) is not the server's failure; UDP has no connection to clean up.
      });
      socket.on('message', (msg, rinfo) => {
        const reply = handler(msg, rinfo.address, rinfo.port, (later) => socket.send(later, rinfo.port, rinfo.address));
        if (reply) socket.send(reply, rinfo.port, rinfo.address);
      });
      resolve({ port: socket.address().port, kind: 'dgram', close: () => new Promise<void>((r) => socket.close(() => r())) });
    });
  });
}
