// The forwarder that puts kumo's instance services inside the VPC namespaces: one resident perl-base process in the
// world helper that listens in each VPC namespace (IMDS, the Amazon DNS resolver) and relays to kumo over a unix socket.
//
// Why this shape (docs/vpc-data-plane.md, "IMDS and DNS inside the VPCs"): kumo runs in the host's namespaces and the
// world in a user + network namespace of its own, but a filesystem path reaches across both, so kumo serves a unix
// socket and the forwarder carries each connection or datagram to it. Sockets are made in a namespace by setns (as
// the netlink relay does) and keep working from the forwarder's own one, so one process serves every VPC and a new
// VPC starts no process. IP_FREEBIND lets a listener exist before its address does.

/** What a listener serves; kumo's unix socket reads it first, as `<service> <vpc> <source ip> <source port>\n` (the
 * source an IPv4 dotted quad or, on the IPv6 listeners, inet_ntop's IPv6 text). */
export type ServiceTag = 'imds' | 'dns-udp' | 'dns-tcp' | 'api';

/** The helper's command for one listener in namespace `ns`. */
export const listenLine = (id: number, ns: string, tag: ServiceTag, address: string, port: number): string => `${id} listen ${ns} ${tag} ${address} ${port}`;
export const closeLine = (id: number, ns: string): string => `${id} close ${ns}`;
/** Where the forwarder listens for host → instance connections: beside kumo's services socket (same private dir). */
export const dialPathOf = (servicesPath: string): string => servicesPath.replace(/[^/]*$/, 'dial.sock');

/**
 * Per line on stdin: `<id> listen <ns> <tag> <ip> <port>` (tag dns-udp is a UDP socket, the others TCP) or
 * `<id> close <ns>`; answers `<id> OK` or `<id> E <why>`. A TCP connection is paired with a new unix connection that
 * first carries the header line; kumo's first line back is the IP TTL for the replies (the IMDS hop limit, set as
 * IPV6_UNICAST_HOPS on IPv6; 0 keeps the default). A UDP query goes as the header plus the datagram, the write side
 * shut; kumo's answer (read to EOF) is sent back as one datagram, nothing when kumo sends nothing. IPv6 listeners
 * (an address with ':') are IPV6_V6ONLY sockets.
 * The other way (host → instance, vpc/instance-ports.ts): the forwarder also listens on the unix socket given as its
 * third argument; a connection there first sends `<ns> <ip> <port>\n`, the forwarder connects from namespace `ns` to
 * ip:port without blocking, answers `OK\n` (then bytes flow both ways) or `E <why>\n` and closes.
 * A relayed TCP pair (either way) passes a half-close on: one side's EOF shuts the other's write side, and the pair is
 * closed when both have ended, so a client that sends its request and shuts its write side still gets the answer.
 */
export const FORWARDER_SCRIPT = String.raw`
use strict; use warnings;
use Socket qw(AF_INET AF_INET6 AF_UNIX SOCK_STREAM SOCK_DGRAM SOL_SOCKET SO_REUSEADDR SO_ERROR IPPROTO_IP inet_aton inet_ntoa inet_pton inet_ntop pack_sockaddr_in unpack_sockaddr_in pack_sockaddr_in6 unpack_sockaddr_in6 pack_sockaddr_un);
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use Errno qw(EINPROGRESS);
$| = 1;
$SIG{PIPE} = 'IGNORE';
my ($SETNS, $PATH, $DIAL) = @ARGV;
my ($IP_TTL, $IP_FREEBIND) = (2, 15);
# IPv6 (Linux): IPPROTO_IPV6, IPV6_UNICAST_HOPS (the reply TTL's twin), IPV6_V6ONLY, IPV6_FREEBIND (4.15+).
my ($IPPROTO_IPV6, $IPV6_UNICAST_HOPS, $IPV6_V6ONLY, $IPV6_FREEBIND) = (41, 16, 26, 78);
open(my $home, '<', '/proc/self/ns/net') or die "own namespace: $!";
my %h;   # fileno -> { kind => listen-tcp|listen-udp|tcp|unix|udp-answer, ... }
my $in = '';
sub listen_in {
  my ($ns, $tag, $ip, $port) = @_;
  open(my $fh, '<', "/run/netns/$ns") or die "namespace $ns: $!\n";
  syscall($SETNS, fileno($fh), 0x40000000) == 0 or die "setns $ns: $!\n";
  my $udp = $tag eq 'dns-udp';
  my $v6 = index($ip, ':') >= 0;
  my $made = socket(my $s, $v6 ? AF_INET6 : AF_INET, $udp ? SOCK_DGRAM : SOCK_STREAM, 0);
  my $why = "$!";
  syscall($SETNS, fileno($home), 0x40000000) == 0 or die "setns back: $!\n";
  die "socket: $why\n" unless $made;
  setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
  if ($v6) {
    setsockopt($s, $IPPROTO_IPV6, $IPV6_V6ONLY, 1);
    setsockopt($s, $IPPROTO_IPV6, $IPV6_FREEBIND, 1) or setsockopt($s, IPPROTO_IP, $IP_FREEBIND, 1) or die "IPV6_FREEBIND: $!\n";
    bind($s, pack_sockaddr_in6($port, inet_pton(AF_INET6, $ip))) or die "bind [$ip]:$port in $ns: $!\n";
  } else {
    setsockopt($s, IPPROTO_IP, $IP_FREEBIND, 1) or die "IP_FREEBIND: $!\n";
    bind($s, pack_sockaddr_in($port, inet_aton($ip))) or die "bind $ip:$port in $ns: $!\n";
  }
  listen($s, 128) or die "listen: $!\n" unless $udp;
  $h{fileno $s} = { kind => $udp ? 'listen-udp' : 'listen-tcp', s => $s, ns => $ns, tag => $tag, v6 => $v6 };
}
# Host -> instance: a connection made from namespace $ns to $ip:$port, without blocking; $u gets OK or E once it is known.
sub dial {
  my ($u, $ns, $ip, $port) = @_;
  open(my $fh, '<', "/run/netns/$ns") or die "namespace $ns: $!\n";
  syscall($SETNS, fileno($fh), 0x40000000) == 0 or die "setns $ns: $!\n";
  my $made = socket(my $s, AF_INET, SOCK_STREAM, 0);
  my $why = "$!";
  syscall($SETNS, fileno($home), 0x40000000) == 0 or die "setns back: $!\n";
  die "socket: $why\n" unless $made;
  my $fl = fcntl($s, F_GETFL, 0);
  fcntl($s, F_SETFL, $fl | O_NONBLOCK);
  connect($s, pack_sockaddr_in($port, inet_aton($ip))) or $! == EINPROGRESS or die "connect: $!\n";
  $h{fileno $s} = { kind => 'connecting', s => $s, u => $u, fl => $fl };
}
if ($DIAL) {
  socket(my $d, AF_UNIX, SOCK_STREAM, 0) or die "dial socket: $!";
  unlink $DIAL;
  bind($d, pack_sockaddr_un($DIAL)) or die "bind $DIAL: $!";
  listen($d, 128) or die "listen $DIAL: $!";
  $h{fileno $d} = { kind => 'listen-dial', s => $d };
}
sub to_kumo {
  my ($header) = @_;
  socket(my $u, AF_UNIX, SOCK_STREAM, 0) or return undef;
  connect($u, pack_sockaddr_un($PATH)) or return undef;
  write_all($u, $header) or return undef;
  return $u;
}
sub write_all {
  my ($s, $data) = @_;
  while (length $data) {
    my $n = syswrite($s, $data);
    return 0 unless defined $n && $n > 0;
    substr($data, 0, $n) = '';
  }
  return 1;
}
sub peer_text {
  my ($v6, $peer) = @_;
  if ($v6) { my ($port, $addr) = unpack_sockaddr_in6($peer); return inet_ntop(AF_INET6, $addr) . " $port"; }
  my ($port, $addr) = unpack_sockaddr_in($peer);
  return inet_ntoa($addr) . " $port";
}
sub drop {
  for my $s (@_) { next unless $s; delete $h{fileno $s} if defined fileno $s; close $s; }
}
sub command {
  my ($line) = @_;
  my ($id, $op, @args) = split / /, $line;
  my $ok = eval {
    if ($op eq 'listen') { listen_in(@args); }
    elsif ($op eq 'close') { for my $e (values %h) { drop($e->{s}) if $e->{kind} =~ /^listen/ && $e->{ns} eq $args[0]; } }
    else { die "unknown command $op\n"; }
    1;
  };
  print "$id ", ($ok ? 'OK' : 'E ' . ($@ =~ s/\s+/ /gr)), "\n";
}
while (1) {
  my ($rin, $win) = ('', '');
  vec($rin, 0, 1) = 1;
  for (keys %h) { if ($h{$_}{kind} eq 'connecting') { vec($win, $_, 1) = 1 } else { vec($rin, $_, 1) = 1 } }
  my $n = select(my $rout = $rin, my $wout = $win, undef, undef);
  next if $n < 0;
  for my $fd (grep { vec($wout, $_, 1) } keys %h) {
    my $e = $h{$fd};
    next unless $e->{kind} eq 'connecting';
    my $err = unpack('i', getsockopt($e->{s}, SOL_SOCKET, SO_ERROR) // pack('i', 5));
    if ($err) { $! = $err; write_all($e->{u}, "E $!\n"); drop($e->{s}); close $e->{u}; next; }
    fcntl($e->{s}, F_SETFL, $e->{fl});
    unless (write_all($e->{u}, "OK\n")) { drop($e->{s}); close $e->{u}; next; }
    my $t = { kind => 'tcp', s => $e->{s} };
    my $k = { kind => 'unix', s => $e->{u}, first => 0, buf => '' };
    $t->{peer} = $k; $k->{peer} = $t;
    $h{$fd} = $t; $h{fileno $e->{u}} = $k;
  }
  if (vec($rout, 0, 1)) {
    my $got = sysread(STDIN, $in, 65536, length $in);
    exit 0 unless $got;
    while ($in =~ s/^([^\n]*)\n//) { command($1); }
  }
  # What was ready when select answered: a descriptor closed and reused during this round is not read blindly.
  my %ready = map { ($_ => $h{$_}) } grep { vec($rout, $_, 1) } keys %h;
  for my $fd (keys %ready) {
    my $e = $h{$fd};
    next unless $e && $e == $ready{$fd};
    if ($e->{kind} eq 'listen-dial') {
      accept(my $c, $e->{s}) or next;
      $h{fileno $c} = { kind => 'dial-head', s => $c, buf => '' };
    } elsif ($e->{kind} eq 'dial-head') {
      my $got = sysread($e->{s}, $e->{buf}, 256, length $e->{buf});
      if (!$got || length $e->{buf} > 255) { drop($e->{s}); next; }
      next unless $e->{buf} =~ /^([\w.-]+) (\d+\.\d+\.\d+\.\d+) (\d+)\n/;
      delete $h{$fd};
      my ($ns, $ip, $port) = ($1, $2, $3);
      unless (eval { dial($e->{s}, $ns, $ip, $port); 1 }) { write_all($e->{s}, 'E ' . ($@ =~ s/\s+/ /gr) . "\n"); close $e->{s}; }
    } elsif ($e->{kind} eq 'listen-tcp') {
      my $peer = accept(my $c, $e->{s}) or next;
      my $u = to_kumo("$e->{tag} $e->{ns} " . peer_text($e->{v6}, $peer) . "\n");
      unless ($u) { close $c; next; }
      my $t = { kind => 'tcp', s => $c, v6 => $e->{v6} };
      my $k = { kind => 'unix', s => $u, first => 1, buf => '' };
      $t->{peer} = $k; $k->{peer} = $t;
      $h{fileno $c} = $t; $h{fileno $u} = $k;
    } elsif ($e->{kind} eq 'listen-udp') {
      my $peer = recv($e->{s}, my $data, 65535, 0);
      next unless defined $peer && length $peer;
      my $u = to_kumo("$e->{tag} $e->{ns} " . peer_text($e->{v6}, $peer) . "\n") or next;
      write_all($u, $data);
      shutdown($u, 1);
      $h{fileno $u} = { kind => 'udp-answer', s => $u, l => $e->{s}, to => $peer, buf => '' };
    } elsif ($e->{kind} eq 'udp-answer') {
      my $got = sysread($e->{s}, $e->{buf}, 65536, length $e->{buf});
      next if $got;
      send($e->{l}, $e->{buf}, 0, $e->{to}) if length $e->{buf} && defined fileno $e->{l};
      drop($e->{s});
    } else {
      my $data = '';
      my $got = sysread($e->{s}, $data, 65536);
      if (!$got) {
        # A clean EOF travels on as a half-close (SHUT_WR) and this side is read no more; the pair closes once both
        # directions have ended. A read error closes both at once.
        if (defined $got && !$e->{peer}{eof}) { $e->{eof} = 1; delete $h{$fd}; shutdown($e->{peer}{s}, 1); next; }
        drop($e->{s}, $e->{peer}{s});
        next;
      }
      if ($e->{kind} eq 'unix' && $e->{first}) {
        $e->{buf} .= $data;
        next unless $e->{buf} =~ s/^(\d*)\n//;
        if (length $1 && $1 > 0) {
          if ($e->{peer}{v6}) { setsockopt($e->{peer}{s}, $IPPROTO_IPV6, $IPV6_UNICAST_HOPS, $1 + 0); }
          else { setsockopt($e->{peer}{s}, IPPROTO_IP, $IP_TTL, $1 + 0); }
        }
        $e->{first} = 0;
        $data = $e->{buf};
        $e->{buf} = '';
      }
      drop($e->{s}, $e->{peer}{s}) unless write_all($e->{peer}{s}, $data);
    }
  }
}
`;
