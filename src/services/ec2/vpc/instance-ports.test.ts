// Which of an instance's listening sockets are mirrored on its host loopback address, read from /proc/<pid>/net/tcp
// and tcp6 text: LISTEN sockets on any address or on the instance's own private IPs, each with the address to dial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import { listeningPorts } from './instance-ports.js';

const HEAD = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
/** An IPv4 address as /proc/net/tcp prints it (the 32-bit value in host byte order). */
const hex = (ip: string) => {
  const b = Buffer.from(ip.split('.').map(Number));
  if (endianness() === 'LE') b.reverse();
  return b.toString('hex').toUpperCase();
};
const row = (n: number, ip: string, port: number, st: string) => `   ${n}: ${hex(ip)}:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n`;

test('listening ports on any address or the instance\'s private IPs are mirrored; loopback-only listeners and connections are not', () => {
  const tcp = HEAD + row(0, '0.0.0.0', 80, '0A') + row(1, '10.0.1.5', 8080, '0A') + row(2, '127.0.0.1', 9000, '0A') + row(3, '10.0.1.6', 443, '0A') + row(4, '10.0.1.5', 40000, '01');
  const tcp6 = HEAD + `   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n`;
  const ports = listeningPorts(tcp, tcp6, ['10.0.1.5', '10.0.1.6']);
  assert.deepEqual([...ports].sort((a, b) => a[0] - b[0]), [[80, '10.0.1.5'], [443, '10.0.1.6'], [8080, '10.0.1.5']]);
});
