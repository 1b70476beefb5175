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
