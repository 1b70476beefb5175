// rtnetlink messages for the simple `ip` lines of an instance or NAT namespace (link up, an address, a default route),
// so the world helper's resident relay can apply them from one process instead of starting `ip` per namespace. Pure.
import { parseIpv4 } from '../cidr.js';

/** The messages of a batch, and where each device's interface index goes (filled in by the relay, inside the ns). */
export interface NetlinkBatch {
  bytes: Buffer;
  /** [device name, byte offset of its 32-bit index]. */
  fixups: [string, number][];
  count: number;
}

// linux/rtnetlink.h, linux/netlink.h, linux/if_addr.h
const RTM_NEWLINK = 16, RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_NEWROUTE = 24, RTM_DELROUTE = 25;
const NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
const IFA_ADDRESS = 1, IFA_LOCAL = 2, RTA_OIF = 4, RTA_GATEWAY = 5;
const AF_INET = 2, IFF_UP = 1, RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_NOWHERE = 255, RTN_UNICAST = 1;

const IF_NAME = /^[\w.-]{1,15}$/;
const LINK_UP = /^link set (\S+) up$/;
const ADDR = /^addr (add|del) (\d+\.\d+\.\d+\.\d+)\/(\d+) dev (\S+)$/;
const DEFAULT_ROUTE = /^route (add|del) default via (\d+\.\d+\.\d+\.\d+) dev (\S+)$/;

function attr(type: number, value: Buffer): Buffer {
  const len = 4 + value.length;
  const out = Buffer.alloc((len + 3) & ~3);
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  value.copy(out, 4);
  return out;
}

function ipv4(text: string): Buffer | undefined {
  const n = parseIpv4(text);
  if (n === undefined) return undefined;
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** One message: header, fixed part and attributes; `indexAt` is where in `body` the device's index goes. */
interface Message {
  type: number;
  flags: number;
  body: Buffer;
  dev: string;
  indexAt: number;
}

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
    const address = ipv4(m[2]!);
    const prefix = Number(m[3]);
    if (!address || prefix > 32) return undefined;
    const head = Buffer.from([AF_INET, prefix, 0, 0, 0, 0, 0, 0]); // ifaddrmsg: family, prefixlen, flags, scope, index
    const add = m[1] === 'add';
    return { type: add ? RTM_NEWADDR : RTM_DELADDR, flags: NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0), body: Buffer.concat([head, attr(IFA_LOCAL, address), attr(IFA_ADDRESS, address)]), dev: m[4]!, indexAt: 4 };
  }
  m = DEFAULT_ROUTE.exec(line);
  if (m) {
    const gateway = ipv4(m[2]!);
    if (!gateway) return undefined;
    const add = m[1] === 'add';
    // rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags (as `ip route add/del default via`).
    const head = Buffer.from([AF_INET, 0, 0, 0, RT_TABLE_MAIN, add ? RTPROT_BOOT : 0, add ? 0 : RT_SCOPE_NOWHERE, add ? RTN_UNICAST : 0, 0, 0, 0, 0]);
    const gw = attr(RTA_GATEWAY, gateway);
    return { type: add ? RTM_NEWROUTE : RTM_DELROUTE, flags: NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0), body: Buffer.concat([head, gw, attr(RTA_OIF, Buffer.alloc(4))]), dev: m[3]!, indexAt: head.length + gw.length + 4 };
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
