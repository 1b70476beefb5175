// The rtnetlink encoder of the world helper's relay: the bytes of the `ip` lines it takes over, and the lines it
// leaves to `ip` (anything but link up, an IPv4 address, a default route).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeIpLines, setnsSyscall } from './netlink.js';

test('an address, link up and a default route become RTM_NEWADDR, RTM_NEWLINK and RTM_NEWROUTE with ACK and their device index slots', () => {
  const b = encodeIpLines(['addr add 10.0.1.10/24 dev eth0', 'link set eth0 up', 'route add default via 10.0.1.1 dev eth0'], 7)!;
  assert.equal(b.count, 3);
  const first = b.bytes.readUInt32LE(0);
  assert.equal(first, 16 + 8 + 8 + 8); // header, ifaddrmsg, IFA_LOCAL, IFA_ADDRESS
  assert.equal(b.bytes.readUInt16LE(4), 20); // RTM_NEWADDR
  assert.equal(b.bytes.readUInt16LE(6), 0x1 | 0x4 | 0x200 | 0x400); // REQUEST | ACK | EXCL | CREATE
  assert.equal(b.bytes.readUInt32LE(8), 7);
  assert.deepEqual([...b.bytes.subarray(16, 18)], [2, 24]); // AF_INET, /24
  assert.deepEqual([...b.bytes.subarray(28, 32)], [10, 0, 1, 10]); // IFA_LOCAL's value
  const second = b.bytes.subarray(first);
  assert.equal(second.readUInt16LE(4), 16); // RTM_NEWLINK
  assert.equal(second.readUInt32LE(8), 8);
  assert.equal(second.readUInt32LE(16 + 8), 1); // IFF_UP in flags and change
  assert.equal(second.readUInt32LE(16 + 12), 1);
  const third = second.subarray(second.readUInt32LE(0));
  assert.equal(third.readUInt16LE(4), 24); // RTM_NEWROUTE
  assert.deepEqual([...third.subarray(16, 24)], [2, 0, 0, 0, 254, 3, 0, 1]); // main table, boot protocol, unicast
  assert.deepEqual(b.fixups, [['eth0', 20], ['eth0', first + 20], ['eth0', first + second.readUInt32LE(0) + 16 + 12 + 8 + 4]]);
  assert.equal(third.readUInt32LE(16 + 12 + 8 + 4), 0); // the index slot, filled by the relay inside the namespace
});

test('deletions are RTM_DELADDR and RTM_DELROUTE without CREATE; other lines are left to ip', () => {
  const b = encodeIpLines(['addr del 10.0.1.11/24 dev eth1', 'route del default via 10.0.1.1 dev eth0'], 1)!;
  assert.equal(b.bytes.readUInt16LE(4), 21);
  assert.equal(b.bytes.readUInt16LE(6), 0x1 | 0x4);
  assert.equal(b.bytes.subarray(b.bytes.readUInt32LE(0)).readUInt16LE(4), 25);
  assert.equal(encodeIpLines(['link set lo up', 'route add blackhole 10.0.0.0/8'], 1), undefined);
  assert.equal(encodeIpLines(['link set e1 master b1 up'], 1), undefined);
  assert.equal(encodeIpLines(['addr add 10.0.1.10/33 dev eth0'], 1), undefined);
  assert.equal(encodeIpLines(['addr add 10.0.1.10/24 dev a-name-far-too-long'], 1), undefined);
  assert.equal(setnsSyscall('x64'), 308);
  assert.equal(setnsSyscall('mips'), undefined);
});

test('a dual-stack instance batch is relayed too: IPv6 addresses with nodad, the router host route and ::/0 via it', () => {
  const b = encodeIpLines(['addr add 2600:1f18:0:1::10/128 dev eth0 nodad', 'route add 2600:1f18:0:1::1/128 dev eth0', 'route add ::/0 via 2600:1f18:0:1::1 dev eth0'], 1)!;
  assert.equal(b.count, 3);
  const addr = b.bytes.subarray(0, b.bytes.readUInt32LE(0));
  assert.equal(addr.length, 16 + 8 + 20 + 20); // header, ifaddrmsg, IFA_LOCAL and IFA_ADDRESS of 16 bytes each
  assert.equal(addr.readUInt16LE(4), 20); // RTM_NEWADDR
  assert.deepEqual([...addr.subarray(16, 20)], [10, 128, 0x02, 0]); // AF_INET6, /128, IFA_F_NODAD, scope
  assert.deepEqual([addr.readUInt16LE(24), addr.readUInt16LE(26)], [20, 2]); // IFA_LOCAL, 4 + 16 bytes
  assert.equal(addr.subarray(28, 44).toString('hex'), '26001f18000000010000000000000010');
  const host = b.bytes.subarray(addr.length, addr.length + b.bytes.readUInt32LE(addr.length));
  assert.equal(host.readUInt16LE(4), 24); // RTM_NEWROUTE
  assert.deepEqual([...host.subarray(16, 28)], [10, 128, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]); // /128, main, boot, universe, unicast
  assert.deepEqual([host.readUInt16LE(28), host.readUInt16LE(30)], [20, 1]); // RTA_DST
  assert.equal(host.subarray(32, 48).toString('hex'), '26001f18000000010000000000000001');
  assert.deepEqual([host.readUInt16LE(48), host.readUInt16LE(50)], [8, 4]); // RTA_OIF
  const dflt = b.bytes.subarray(addr.length + host.length);
  assert.deepEqual([...dflt.subarray(16, 20)], [10, 0, 0, 0]); // ::/0: no RTA_DST
  assert.deepEqual([dflt.readUInt16LE(28), dflt.readUInt16LE(30)], [20, 5]); // RTA_GATEWAY
  assert.equal(dflt.subarray(32, 48).toString('hex'), '26001f18000000010000000000000001');
  assert.deepEqual(b.fixups, [['eth0', 20], ['eth0', addr.length + 52], ['eth0', addr.length + host.length + 52]]);
});

test('route deletions follow iproute2 per family (IPv4 scope nowhere, IPv6 universe); mixed families and nodad on IPv4 are left to ip', () => {
  const del6 = encodeIpLines(['route del ::/0 via fe80::1 dev eth0'], 1)!.bytes;
  assert.equal(del6.readUInt16LE(4), 25);
  assert.equal(del6.readUInt16LE(6), 0x1 | 0x4);
  assert.deepEqual([...del6.subarray(16, 24)], [10, 0, 0, 0, 254, 0, 0, 0]);
  const del4 = encodeIpLines(['addr del 2600::5/128 dev eth1', 'route del default via 10.0.1.1 dev eth0'], 1)!.bytes;
  assert.deepEqual([...del4.subarray(16, 18)], [10, 128]);
  assert.deepEqual([...del4.subarray(del4.readUInt32LE(0) + 16, del4.readUInt32LE(0) + 24)], [2, 0, 0, 0, 254, 0, 255, 0]);
  const link = encodeIpLines(['route add 10.0.2.0/24 dev eth1'], 1)!.bytes;
  assert.deepEqual([...link.subarray(16, 24)], [2, 24, 0, 0, 254, 3, 253, 1]); // no gateway: scope link
  assert.equal(encodeIpLines(['route add ::/0 via 10.0.1.1 dev eth0'], 1), undefined);
  assert.equal(encodeIpLines(['addr add 10.0.1.10/24 dev eth0 nodad'], 1), undefined);
  assert.equal(encodeIpLines(['addr add 2600::1/129 dev eth0'], 1), undefined);
  assert.equal(encodeIpLines(['route add 2600::/64 dev b1 table 1000'], 1), undefined);
});
