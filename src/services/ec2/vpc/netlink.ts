// rtnetlink messages for the simple `ip` lines of an instance or NAT namespace (link up, an IPv4 or IPv6 address, a
// route via the subnet router), so the world helper's resident relay applies them without starting `ip`. Pure.
import { parseIpv4 } from '../cidr.js';
import { parseIpv6 } from '../cidr6.js';

/** The messages of a batch, and where each device's interface index goes (filled in by the relay, inside the ns). */
export interface NetlinkBatch {
  bytes: Buffer;
  /** [device name, byte offset of its 32-bit index]. */
  fixups: [string, number][];
  count: number;
}

// linux/rtnetlink.h, linux/netlink.h, linux/if_addr.h, linux/socket.h
const RTM_NEWLINK = 16, RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_NEWROUTE = 24, RTM_DELROUTE = 25;
const NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
const IFA_ADDRESS = 1, IFA_LOCAL = 2, RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5;
const AF_INET = 2, AF_INET6 = 10, IFF_UP = 1, IFA_F_NODAD = 0x02;
const RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_NOWHERE = 255, RTN_UNICAST = 1;

const IF_NAME = /^[\w.-]{1,15}$/;
const LINK_UP = /^link set (\S+) up$/;
const ADDR = /^addr (add|del) ([\d.]+|[\da-fA-F:]+)\/(\d+) dev (\S+)( nodad)?$/;
const ROUTE = /^route (add|del) (default|[\d.]+\/\d+|[\da-fA-F:]+\/\d+)(?: via ([\d.]+|[\da-fA-F:]+))? dev (\S+)$/;

function attr(type: number, value: Buffer): Buffer {
  const len = 4 + value.length;
  const out = Buffer.alloc((len + 3) & ~3);
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  value.copy(out, 4);
  return out;
}

/** An address's family and network-order bytes, or undefined. */
function address(text: string): { family: number; bytes: Buffer } | undefined {
  const four = parseIpv4(text);
  if (four !== undefined) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(four, 0);
    return { family: AF_INET, bytes: b };
  }
  const six = parseIpv6(text);
  if (six === undefined) return undefined;
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(six >> 64n, 0);
  b.writeBigUInt64BE(six & 0xffff_ffff_ffff_ffffn, 8);
  return { family: AF_INET6, bytes: b };
}

/** One message: header, fixed part and attributes; `indexAt` is where in `body` the device's index goes. */
interface Message {
  type: number;
  flags: number;
  body: Buffer;
  dev: string;
  indexAt: number;
}

const changeFlags = (add: boolean) => NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);

function message(line: string): Message | undefined {
  let m = LINK_UP.exec(line);
  if (m) {
    const body = Buffer.alloc(16); // ifinfomsg: family, pad, type, index, flags, change
    body.writeUInt32LE(IFF_UP, 8);
    body.writeUInt32LE(IFF_UP, 12);
    return { type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK, body, dev: m[1]!, indexAt: 4 };
  }
  m = ADDR.exec(line);
  if (m) {
    const a = address(m[2]!);
    const prefix = Number(m[3]);
    // `nodad` is an IPv6 flag (ip refuses it with IPv4).
    if (!a || prefix > a.bytes.length * 8 || (m[5] && a.family !== AF_INET6)) return undefined;
    const head = Buffer.from([a.family, prefix, m[5] ? IFA_F_NODAD : 0, 0, 0, 0, 0, 0]); // ifaddrmsg: family, prefixlen, flags, scope, index
    const add = m[1] === 'add';
    return { type: add ? RTM_NEWADDR : RTM_DELADDR, flags: changeFlags(add), body: Buffer.concat([head, attr(IFA_LOCAL, a.bytes), attr(IFA_ADDRESS, a.bytes)]), dev: m[4]!, indexAt: 4 };
  }
  m = ROUTE.exec(line);
  if (m) {
    const add = m[1] === 'add';
    const gateway = m[3] === undefined ? undefined : address(m[3]);
    if (m[3] !== undefined && !gateway) return undefined;
    let family: number;
    let dst: Buffer | undefined;
    let dstLen = 0;
    if (m[2] === 'default') {
      // `default` takes its family from the gateway (a batch line has no -4/-6); without one it would be IPv4.
      family = gateway?.family ?? AF_INET;
    } else {
      const [text, len] = m[2]!.split('/') as [string, string];
      const a = address(text);
      dstLen = Number(len);
      if (!a || dstLen > a.bytes.length * 8) return undefined;
      family = a.family;
      if (dstLen > 0) dst = a.bytes;
    }
    if (gateway && gateway.family !== family) return undefined;
    // rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags, as iproute2 fills it: protocol boot,
    // type unicast and (IPv4 without a gateway) scope link on add; scope nowhere on an IPv4 delete; IPv6 universe.
    const scope = family === AF_INET6 ? RT_SCOPE_UNIVERSE : !add ? RT_SCOPE_NOWHERE : gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    const head = Buffer.from([family, dstLen, 0, 0, RT_TABLE_MAIN, add ? RTPROT_BOOT : 0, scope, add ? RTN_UNICAST : 0, 0, 0, 0, 0]);
    const attrs = [...(dst ? [attr(RTA_DST, dst)] : []), ...(gateway ? [attr(RTA_GATEWAY, gateway.bytes)] : [])];
    const before = head.length + attrs.reduce((n, b) => n + b.length, 0);
    return { type: add ? RTM_NEWROUTE : RTM_DELROUTE, flags: changeFlags(add), body: Buffer.concat([head, ...attrs, attr(RTA_OIF, Buffer.alloc(4))]), dev: m[4]!, indexAt: before + 4 };
  }
  return undefined;
}

/** The batch for these `ip` lines, or undefined when one of them is not a shape this module encodes. */
export function encodeIpLines(lines: readonly string[], firstSeq: number): NetlinkBatch | undefined {
  const parts: Buffer[] = [];
  const fixups: [string, number][] = [];
  let offset = 0;
  for (const [i, line] of lines.entries()) {
    const msg = message(line.trim());
    if (!msg || !IF_NAME.test(msg.dev)) return undefined;
    const header = Buffer.alloc(16); // nlmsghdr: len, type, flags, seq, pid
    header.writeUInt32LE(16 + msg.body.length, 0);
    header.writeUInt16LE(msg.type, 4);
    header.writeUInt16LE(msg.flags, 6);
    header.writeUInt32LE((firstSeq + i) >>> 0, 8);
    fixups.push([msg.dev, offset + 16 + msg.indexAt]);
    parts.push(header, msg.body);
    offset += 16 + msg.body.length;
  }
  return { bytes: Buffer.concat(parts), fixups, count: lines.length };
}

/**
 * The relay, a Perl script for perl-base (Essential in Debian, so present wherever iproute2 is): per request line
 * `<id> <ns> <name@offset,…> <hex>` it enters the namespace (setns), opens a NETLINK_ROUTE socket there, returns to
 * its own namespace (the socket stays bound to the one it was made in), fills each device's index (SIOCGIFINDEX),
 * sends the batch and reads one acknowledgement per message; it answers `<id> OK` or `<id> E <errors>`.
 */
export const RELAY_SCRIPT = String.raw`
use strict; use warnings;
$| = 1;
my $SETNS = $ARGV[0];
open(my $home, '<', '/proc/self/ns/net') or die "own namespace: $!";
while (my $line = <STDIN>) {
  chomp $line;
  my ($id, $ns, $fix, $hex) = split / /, $line;
  my @errors = eval { relay($ns, $fix, pack('H*', $hex)) };
  @errors = ("relay: " . ($@ =~ s/\s+/ /gr)) if $@;
  print "$id ", (@errors ? "E " . join('; ', @errors) : 'OK'), "\n";
}
sub relay {
  my ($ns, $fix, $buf) = @_;
  open(my $fh, '<', "/run/netns/$ns") or die "namespace $ns: $!\n";
  syscall($SETNS, fileno($fh), 0x40000000) == 0 or die "setns $ns: $!\n";
  my $made = socket(my $s, 16, 3, 0);
  my $why = "$!";
  syscall($SETNS, fileno($home), 0x40000000) == 0 or die "setns back: $!\n";
  die "netlink socket: $why\n" unless $made;
  for my $f (split /,/, $fix) {
    my ($name, $off) = split /@/, $f;
    my $ifr = pack('a16 x24', $name);
    ioctl($s, 0x8933, $ifr) or die "Cannot find device \"$name\"\n";
    substr($buf, $off, 4) = substr($ifr, 16, 4);
  }
  my ($count, $pos, @errors) = (0, 0);
  while ($pos + 16 <= length $buf) { $count++; $pos += unpack('L', substr($buf, $pos, 4)); }
  defined(send($s, $buf, 0)) or die "send: $!\n";
  while ($count > 0) {
    defined(recv($s, my $reply, 65536, 0)) or die "recv: $!\n";
    my $at = 0;
    while ($at + 16 <= length $reply) {
      my ($len, $type, $flags, $seq) = unpack('L S S L', substr($reply, $at, 12));
      last if $len < 16;
      if ($type == 2) {
        $count--;
        my $err = unpack('l', substr($reply, $at + 16, 4));
        if ($err != 0) { local $! = -$err; push @errors, "message $seq: $!"; }
      }
      $at += ($len + 3) & ~3;
    }
  }
  close $s;
  return @errors;
}
`;

/** setns(2)'s number on the architectures Node runs on here, or undefined (then `ip` runs instead). */
export function setnsSyscall(arch: string): number | undefined {
  return ({ x64: 308, arm64: 268, riscv64: 268, loong64: 268, arm: 375, ppc64: 350, s390x: 339, ia32: 346 } as Record<string, number>)[arch];
}
