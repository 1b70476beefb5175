// Proxy Protocol v2 (haproxy.org proxy-protocol.txt §2.2): the binary header an NLB sends before the first client
// byte when proxy_protocol_v2.enabled is set; source = client, destination = node address and AWS listener port.
import { isIPv4 } from 'node:net';

const SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

export interface ProxyAddresses {
  sourceAddress: string;
  sourcePort: number;
  destAddress: string;
  destPort: number;
}

/** PROXY command over TCP/IPv4 with the addresses; LOCAL (no addresses) when `addresses` is undefined, as for
 *  health check connections (NLB guide, "Proxy protocol"). */
export function proxyV2Header(addresses: ProxyAddresses | undefined): Buffer {
  if (!addresses || !isIPv4(addresses.sourceAddress) || !isIPv4(addresses.destAddress)) {
    return Buffer.concat([SIGNATURE, Buffer.from([0x20, 0x00, 0x00, 0x00])]);
  }
  const out = Buffer.alloc(16 + 12);
  SIGNATURE.copy(out, 0);
  out[12] = 0x21; // version 2, PROXY
  out[13] = 0x11; // AF_INET, STREAM
  out.writeUInt16BE(12, 14);
  addresses.sourceAddress.split('.').forEach((o, i) => (out[16 + i] = Number(o)));
  addresses.destAddress.split('.').forEach((o, i) => (out[20 + i] = Number(o)));
  out.writeUInt16BE(addresses.sourcePort, 24);
  out.writeUInt16BE(addresses.destPort, 26);
  return out;
}
