// Proxy Protocol v1 (haproxy.org proxy-protocol.txt §2.1): the text line a CLB sends to a backend port carrying an
// enabled ProxyProtocolPolicyType policy, before the client's first byte (CLB guide, "Configure proxy protocol").
import { isIPv4 } from 'node:net';

export function unmapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** `PROXY TCP4 <client> <node> <client port> <listener port>\r\n`; TCP6 when either side is IPv6. */
export function proxyV1Header(client: string, clientPort: number, node: string, listenerPort: number): string {
  const src = unmapped(client);
  const dst = unmapped(node);
  const family = isIPv4(src) && isIPv4(dst) ? 'TCP4' : 'TCP6';
  return `PROXY ${family} ${src} ${dst} ${clientPort} ${listenerPort}\r\n`;
}
