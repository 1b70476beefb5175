// One DNS question over UDP to a kumo DNS server on loopback, decoded with dns-packet: for tests that check flags,
// TTLs and answers on the wire rather than through node's resolver.
import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface DnsReply {
  rcode: string;
  aa: boolean;
  answers: Array<{ type: string; data: string; ttl: number }>;
}

/** Sends `name`/`type` to 127.0.0.1:`port` and resolves with the reply, or rejects after 5 s without one. */
export async function queryUdp(port: number, name: string, type = 'A'): Promise<DnsReply> {
  const socket = createSocket('udp4');
  try {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no DNS answer for ${name}`)), 5000);
      socket.once('message', (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      socket.send(dnsPacket.encode({ id: 7, type: 'query', questions: [{ name, type: type as 'A', class: 'IN' }] }), port, '127.0.0.1');
    });
    const p = dnsPacket.decode(reply) as unknown as { rcode: string; flag_aa: boolean; answers: Array<{ type: string; data: unknown; ttl: number }> };
    return { rcode: p.rcode, aa: p.flag_aa, answers: p.answers.map((x) => ({ type: x.type, data: String(x.data), ttl: x.ttl })) };
  } finally {
    socket.close();
  }
}
