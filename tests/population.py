#!/usr/bin/env python3
"""A fixed population of real sockets on loopback, for comparing netstats.

Run it inside a fresh network namespace of your own with lo up, e.g.

    unshare -n -m sh -c 'ip link set lo up; python3 tests/population.py'

It refuses to run when any interface other than lo exists (so it can never
touch a real network) or when lo is down.  It creates the sockets listed
below, waits until /proc/net shows them in a stable state, prints "ready"
on stdout, and then sleeps until its stdin reaches end-of-file or it gets
SIGTERM/SIGINT/SIGHUP; then it closes everything and removes its socket
files.  Keep its stdin open for as long as the sockets are needed (a pipe
or a coprocess; with </dev/null it exits right after "ready").

Every socket has a fixed address and port (clients bind before they
connect), so two runs give the same rows; only inode numbers, the order
of the established-hash rows and timers differ between runs.  Nothing is
sent anywhere but 127.0.0.0/8 and ::1 of this namespace.

Options
    --plain       leave out the "hostile" unix names (blanks, newline, ESC,
                  0x9b, invalid UTF-8, backslash, a forged /proc line) on
                  which net-tools' output is known to be wrong: the rest
                  must be printed byte-identically by net-tools and us.
    --dir DIR     directory for the unix socket files (default /tmp/nstest;
                  created if missing; at most 21 bytes so that every path
                  fits in sun_path). Hostile files go into DIR/h/.
    --nxdomain-server
                  create no population; instead answer every DNS query on
                  127.0.0.1:53 (UDP) at once with NXDOMAIN, so resolvers
                  that ignore ICMP port-unreachable (musl) don't wait for
                  their timeouts; prints "ready", runs until stdin EOF.
                  (live.sh runs it next to the population: the extra row
                  udp 127.0.0.1:53 shows up for both netstats.)
    --list-hostile
                  print nothing but the hostile unix names, one per line, in
                  the form our netstat prints them (bytes that are not
                  printable ASCII or printable UTF-8 as \\ooo octal, the
                  backslash as \\134), then exit.  Creates no sockets.

TCP (v4: /proc/net/tcp, v6: /proc/net/tcp6)
    LISTEN  0.0.0.0:22 (ssh)         IPv4 wildcard listener
    LISTEN  127.0.0.1:80 (http)      + ESTABLISHED pair 127.0.0.1:40080
    LISTEN  127.0.0.2:25 (smtp)      + ESTABLISHED pair from 127.0.0.2:40025
                                     (127.0.0.2 gets a long host name in
                                     live.sh's /etc/hosts: truncation)
    LISTEN  127.0.0.3:8003           address with no host name (resolver
                                     falls back to numeric)
    LISTEN  127.0.0.1:8000           serves the pairs below:
      ESTABLISHED 127.0.0.1:40001 <-> :8000       plain pair
      ESTABLISHED 127.0.0.1:40010 <-> :8000       server Recv-Q 1234 (unread)
      TIME_WAIT   127.0.0.1:40030 -> :8000        client closed first, server
                                                  closed after EOF (60 s)
      FIN_WAIT2   127.0.0.1:40040 -> :8000        client shutdown(SHUT_WR),
      CLOSE_WAIT  :8000 -> 127.0.0.1:40040        server never closes
    LISTEN  127.0.0.1:8001 backlog 1, TCP_DEFER_ACCEPT, never accepts:
      41000 (sends 1 byte)  -> accept queue     server row Recv-Q 1
      41001 (sends nothing) -> SYN_RECV         (deferred request sock)
      41002 (sends 1 byte)  -> accept queue     listener Recv-Q 2 = full
      41003, 41004          -> SYN_SENT, SYN dropped (Send-Q 1);
                               TCP_SYNCNT 20 keeps them for minutes
    LISTEN  127.0.0.1:8002 tiny SO_RCVBUF, never reads:
      ESTABLISHED 127.0.0.1:40050 -> :8002        tiny SO_SNDBUF, writes until
                                                  EAGAIN: Send-Q and Recv-Q > 0
    LISTEN  127.0.0.1:8100 created with euid 65534 (nobody), and
    LISTEN  127.0.0.1:8101 with euid 4242 (no passwd entry): the -e User
                                     column (only when run as root)
    LISTEN  :::22 (ssh)              IPV6_V6ONLY=1 (v6-only)
    LISTEN  ::1:8443                 + ESTABLISHED v6 pair from ::1:40443
    LISTEN  :::8080 (http-alt)       IPV6_V6ONLY=0 (dual stack), with IPv4
                                     clients 127.0.0.1:40800, 40801 (tcp6
                                     rows ::ffff:127.0.0.1) and a v6 client
                                     ::1:40802
UDP (/proc/net/udp, udp6)
    127.0.0.2:53 (domain)            bound; not 127.0.0.1:53, where the
                                     private resolv.conf points, so resolver
                                     queries are refused instead of queued
    0.0.0.0:123 (ntp)                bound
    127.0.0.1:5353 (mdns)            bound, 3 unread datagrams
    127.0.0.1:9000 <-> :9001         connected pair (ESTABLISHED), 1 unread
                                     datagram at 9000
    127.0.0.1:9020                   created with euid 65534
    :::161 (snmp)                    v6-only wildcard
    ::1:5353                         bound, 2 unread datagrams
    ::1:9002 <-> ::1:9003            connected pair, 1 unread at 9002
    :::9010 dual stack connected to ::ffff:127.0.0.1:9001 (v4-mapped row)
UDP-Lite (/proc/net/udplite, udplite6), if socket(.., 136) works
    127.0.0.1:5000 bound, 1 unread datagram; 127.0.0.1:5002 connected to
    :5000; ::1:5001 bound
RAW (/proc/net/raw, raw6)
    IPPROTO_ICMP v4 unbound          (ICMP_FILTER blocks all types, so the
    IPPROTO_ICMPV6 v6 unbound         resolver's port-unreachables don't
                                      change Recv-Q between two runs)
    proto 253 bound+connected 127.0.0.1 (st 1)
    proto 253 v6 bound ::1
UNIX (/proc/net/unix), files under DIR
    DIR/stream.sock     STREAM listening, one accepted connection (both ends
                        CONNECTED) and one connection left in the backlog
    DIR/seqpacket.sock  SEQPACKET listening, one accepted connection
    DIR/dgram.sock      DGRAM bound, one unnamed DGRAM connected to it
    DIR/bound-only.sock STREAM bound, not listening
    DIR/café.sock       valid UTF-8 name (é = c3 a9)
    DIR/long-xxx...     path of exactly 107 bytes (sun_path holds 108)
    @nstest-abstract    abstract STREAM listening, one connection
    @nstest@nul         abstract name with an embedded NUL ("\\0nstest\\0nul")
    @nstest-dgram       abstract DGRAM bound
    socketpair STREAM and DGRAM (unnamed), one unbound STREAM socket
  hostile (left out with --plain), STREAM listening, under DIR/h/:
    "with blank.sock", "tab<TAB>here.sock", "new<LF>line.sock",
    "esc<ESC>[1mbold.sock", "csi<9b>1m.sock", "bad<ff><fe>utf8.sock",
    "back\\slash.sock", "cr<CR>.sock", "i<LF>0000000000000000: 00000002
    ... 99999 @nstest-hostile-forged" (the text after the newline is a
    well-formed /proc/net/unix line: a reader cannot tell it from a real
    socket, inode 99999, listening, abstract name),
    abstract "@nstest-hostile with blank", "@nstest-hostile<LF>nl",
    "@nstest-hostile<ESC>esc".
"""

import argparse
import errno
import fcntl
import os
import pwd
import select
import signal
import socket
import struct
import sys
import time

IPPROTO_UDPLITE = 136
SOL_RAW = 255
ICMP_FILTER = 1
ICMP6_FILTER = 1
SIOCGIFFLAGS = 0x8913
IFF_UP = 0x1

FORGED_INODE = 99999
FORGED_NAME = "@nstest-hostile-forged"


def die(msg):
    sys.stderr.write("population.py: %s\n" % msg)
    sys.exit(2)


# ---------------------------------------------------------------- names

def long_path(d):
    """DIR/long-xxx... of exactly 107 bytes (sun_path has 108)."""
    long_name = d + "/long-"
    long_name += "x" * (107 - len(long_name.encode()))
    return long_name


def hostile_paths(d):
    """File names (bytes) of the hostile listening sockets."""
    h = d.encode() + b"/h/"
    forged_line = ("0000000000000000: 00000002 00000000 00010000 0001 01 %d %s"
                   % (FORGED_INODE, FORGED_NAME)).encode()
    return [
        h + b"with blank.sock",
        h + b"tab\there.sock",
        h + b"new\nline.sock",
        h + b"esc\x1b[1mbold.sock",
        h + b"csi\x9b1m.sock",
        h + b"bad\xff\xfeutf8.sock",
        h + b"back\\slash.sock",
        h + b"cr\r.sock",
        h + b"i\n" + forged_line,
    ]


def hostile_abstract():
    """Abstract names (bytes, without the leading NUL) of hostile sockets."""
    return [
        b"nstest-hostile with blank",
        b"nstest-hostile\nnl",
        b"nstest-hostile\x1besc",
    ]


def utf8_printable_len(b, i):
    """Length of a valid UTF-8 sequence at b[i] for a character >= U+00A0
    (so not a C1 control), else 0.  Mirrors applet/netstat.c."""
    c = b[i]
    if c < 0xc2 or c > 0xf4:
        return 0
    n = 4 if c >= 0xf0 else 3 if c >= 0xe0 else 2
    if len(b) - i < n:
        return 0
    cp = c & (0x3f >> (n - 1))
    for k in range(1, n):
        if b[i + k] & 0xc0 != 0x80:
            return 0
        cp = cp << 6 | (b[i + k] & 0x3f)
    if (cp < 0xa0 or (n == 3 and cp < 0x800)
            or (n == 4 and (cp < 0x10000 or cp > 0x10ffff))
            or 0xd800 <= cp <= 0xdfff):
        return 0
    return n


def escape(b):
    """The documented escaping of our netstat: printable ASCII and
    printable UTF-8 as they are, other bytes and the backslash as \\ooo."""
    out = bytearray()
    i = 0
    while i < len(b):
        c = b[i]
        if 0x20 <= c < 0x7f and c != 0x5c:
            out.append(c)
            i += 1
            continue
        n = utf8_printable_len(b, i)
        if n:
            out += b[i:i + n]
            i += n
            continue
        out += b"\\%03o" % c
        i += 1
    return bytes(out)


def hostile_escaped(d):
    """The hostile names as the kernel renders them in /proc/net/unix
    (abstract: '@' for each NUL), then escaped."""
    names = list(hostile_paths(d))
    names += [b"@" + a.replace(b"\0", b"@") for a in hostile_abstract()]
    return [escape(n) for n in names]


# ---------------------------------------------------------------- checks

def check_namespace():
    """Refuse to run anywhere but in a namespace that has only lo, up."""
    names = [n for _, n in socket.if_nameindex()]
    if names != ["lo"]:
        die("interfaces %s: run me in a fresh network namespace "
            "(unshare -n; ip link set lo up)" % ",".join(names))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        req = struct.pack("16sh14x", b"lo", 0)
        flags = struct.unpack("16sh14x", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
    finally:
        s.close()
    if not flags & IFF_UP:
        die("lo is down: ip link set lo up")


# ---------------------------------------------------------------- builder

class Population:
    def __init__(self, args):
        self.args = args
        self.dir = args.dir
        self.keep = []          # every socket, so none is garbage-collected
        self.files = []         # socket files to unlink at the end
        self.dirs = []          # directories we created
        self.notes = []         # things left out (stderr at the end)

    # -- helpers

    def k(self, s):
        self.keep.append(s)
        return s

    def tcp(self, fam, addr, backlog=None, v6only=None, rcvbuf=None,
            sndbuf=None, defer=None, syncnt=None):
        s = self.k(socket.socket(fam, socket.SOCK_STREAM))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if sndbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
        if defer:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, defer)
        if syncnt:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, syncnt)
        s.bind(addr)
        if backlog is not None:
            s.listen(backlog)
        return s

    def pair(self, listener, fam, src, dst):
        """Client bound to src connects to dst; returns (client, server)."""
        c = self.tcp(fam, src)
        c.connect(dst)
        srv, _ = listener.accept()
        self.k(srv)
        return c, srv

    def udp(self, fam, addr, proto=0, v6only=None):
        s = self.k(socket.socket(fam, socket.SOCK_DGRAM, proto))
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
        s.bind(addr)
        return s

    def as_uid(self, uid, fn):
        """Create a socket with another effective uid (the kernel records
        the creator's fsuid as the socket's uid); only possible as root."""
        if os.geteuid() != 0:
            self.notes.append("not root: no sockets owned by uid %d" % uid)
            return None
        os.seteuid(uid)
        try:
            return fn()
        finally:
            os.seteuid(0)

    def unix(self, kind, name, listen=None):
        s = self.k(socket.socket(socket.AF_UNIX, kind))
        if isinstance(name, str):
            name = name.encode()
        if name and name[:1] != b"\0":
            try:
                os.unlink(name)
            except FileNotFoundError:
                pass
            self.files.append(name)
        if name is not None:
            s.bind(name)
        if listen is not None:
            s.listen(listen)
        return s

    def mkdir(self, d):
        if not os.path.isdir(d):
            os.mkdir(d, 0o755)
            self.dirs.append(d)

    # -- the population

    def build(self):
        self.build_tcp()
        self.build_udp()
        self.build_udplite()
        self.build_raw()
        self.build_unix()
        if not self.args.plain:
            self.build_hostile()

    def build_tcp(self):
        A4, A6 = socket.AF_INET, socket.AF_INET6
        lo = "127.0.0.1"
        self.tcp(A4, ("0.0.0.0", 22), backlog=16)
        http = self.tcp(A4, (lo, 80), backlog=16)
        self.pair(http, A4, (lo, 40080), (lo, 80))
        smtp = self.tcp(A4, ("127.0.0.2", 25), backlog=16)
        self.pair(smtp, A4, ("127.0.0.2", 40025), ("127.0.0.2", 25))
        self.tcp(A4, ("127.0.0.3", 8003), backlog=16)

        srv = self.tcp(A4, (lo, 8000), backlog=16)
        self.pair(srv, A4, (lo, 40001), (lo, 8000))
        c, _ = self.pair(srv, A4, (lo, 40010), (lo, 8000))
        c.sendall(b"u" * 1234)                 # server never reads it
        # TIME_WAIT: the client closes first, the server closes on EOF.
        c, s = self.pair(srv, A4, (lo, 40030), (lo, 8000))
        self.keep.remove(c)
        c.close()
        s.recv(1)
        self.keep.remove(s)
        s.close()
        # FIN_WAIT2 (client) / CLOSE_WAIT (server): half close, no close.
        c, _ = self.pair(srv, A4, (lo, 40040), (lo, 8000))
        c.shutdown(socket.SHUT_WR)

        self.build_backlog()

        # Unsent data: tiny buffers, the receiver never reads.
        slow = self.tcp(A4, (lo, 8002), backlog=16, rcvbuf=2048)
        c = self.tcp(A4, (lo, 40050), sndbuf=4096)
        c.connect((lo, 8002))
        self.k(slow.accept()[0])
        c.setblocking(False)
        try:
            while True:
                c.send(b"s" * 65536)
        except BlockingIOError:
            pass

        self.as_uid(65534, lambda: self.tcp(A4, (lo, 8100), backlog=16))
        self.as_uid(4242, lambda: self.tcp(A4, (lo, 8101), backlog=16))

        self.tcp(A6, ("::", 22), backlog=16, v6only=1)
        l6 = self.tcp(A6, ("::1", 8443), backlog=16, v6only=1)
        self.pair(l6, A6, ("::1", 40443), ("::1", 8443))
        dual = self.tcp(A6, ("::", 8080), backlog=16, v6only=0)
        self.pair(dual, A4, (lo, 40800), (lo, 8080))
        self.pair(dual, A4, (lo, 40801), (lo, 8080))
        self.pair(dual, A6, ("::1", 40802), ("::1", 8080))

    def build_backlog(self):
        """A listener with backlog 1 that never accepts.  With
        TCP_DEFER_ACCEPT a connection joins the accept queue only once
        data arrives, so a silent client leaves a SYN_RECV request sock;
        when two connections with data are queued the queue is full
        (backlog + 1) and later SYNs are dropped: SYN_SENT clients."""
        lo = "127.0.0.1"
        full = self.tcp(socket.AF_INET, (lo, 8001), backlog=1, defer=120)

        def client(port, data):
            c = self.tcp(socket.AF_INET, (lo, port), syncnt=20)
            c.setblocking(False)
            try:
                c.connect((lo, 8001))
            except BlockingIOError:
                pass
            time.sleep(0.05)
            if data:
                c.send(data)
                time.sleep(0.05)
            return c

        client(41000, b"a")
        client(41001, None)
        client(41002, b"b")
        client(41003, None)
        client(41004, None)
        return full

    def build_udp(self):
        A4, A6 = socket.AF_INET, socket.AF_INET6
        lo = "127.0.0.1"
        self.udp(A4, ("127.0.0.2", 53))
        self.udp(A4, ("0.0.0.0", 123))
        mdns = self.udp(A4, (lo, 5353))
        a = self.udp(A4, (lo, 9000))
        b = self.udp(A4, (lo, 9001))
        a.connect((lo, 9001))
        b.connect((lo, 9000))
        b.send(b"x" * 100)
        self.as_uid(65534, lambda: self.udp(A4, (lo, 9020)))

        self.udp(A6, ("::", 161), v6only=1)
        mdns6 = self.udp(A6, ("::1", 5353), v6only=1)
        a = self.udp(A6, ("::1", 9002))
        b = self.udp(A6, ("::1", 9003))
        a.connect(("::1", 9003))
        b.connect(("::1", 9002))
        b.send(b"y" * 50)
        d = self.udp(A6, ("::", 9010), v6only=0)
        d.connect(("::ffff:127.0.0.1", 9001))   # UDP connect sends nothing

        tx = socket.socket(A4, socket.SOCK_DGRAM)
        for n in (10, 200, 1000):
            tx.sendto(b"m" * n, (lo, 5353))
        tx.close()
        tx = socket.socket(A6, socket.SOCK_DGRAM)
        for n in (20, 300):
            tx.sendto(b"n" * n, ("::1", 5353))
        tx.close()
        return mdns, mdns6

    def build_udplite(self):
        try:
            s = self.udp(socket.AF_INET, ("127.0.0.1", 5000), IPPROTO_UDPLITE)
        except OSError as e:
            self.notes.append("no UDP-Lite: %s" % e)
            return
        c = self.udp(socket.AF_INET, ("127.0.0.1", 5002), IPPROTO_UDPLITE)
        c.connect(("127.0.0.1", 5000))
        c.send(b"l" * 64)
        try:
            self.udp(socket.AF_INET6, ("::1", 5001), IPPROTO_UDPLITE,
                     v6only=1)
        except OSError as e:
            self.notes.append("no UDP-Lite over IPv6: %s" % e)
        return s

    def build_raw(self):
        r = self.k(socket.socket(socket.AF_INET, socket.SOCK_RAW,
                                 socket.IPPROTO_ICMP))
        r.setsockopt(SOL_RAW, ICMP_FILTER, struct.pack("I", 0xffffffff))
        r = self.k(socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                                 socket.IPPROTO_ICMPV6))
        r.setsockopt(socket.IPPROTO_ICMPV6, ICMP6_FILTER, b"\xff" * 32)
        r = self.k(socket.socket(socket.AF_INET, socket.SOCK_RAW, 253))
        r.bind(("127.0.0.1", 0))
        r.connect(("127.0.0.1", 0))
        r = self.k(socket.socket(socket.AF_INET6, socket.SOCK_RAW, 253))
        r.bind(("::1", 0))

    def build_unix(self):
        d = self.dir
        ST, DG, SP = socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET
        self.mkdir(d)
        lst = self.unix(ST, d + "/stream.sock", listen=4)
        c = self.unix(ST, None)
        c.connect(d + "/stream.sock")
        self.k(lst.accept()[0])
        c = self.unix(ST, None)
        c.connect(d + "/stream.sock")           # left in the backlog

        lst = self.unix(SP, d + "/seqpacket.sock", listen=4)
        c = self.unix(SP, None)
        c.connect(d + "/seqpacket.sock")
        self.k(lst.accept()[0])

        self.unix(DG, d + "/dgram.sock")
        c = self.unix(DG, None)
        c.connect(d + "/dgram.sock")
        c.send(b"d" * 10)

        self.unix(ST, d + "/bound-only.sock")
        self.unix(ST, d + "/café.sock", listen=4)
        self.unix(ST, long_path(d), listen=4)

        lst = self.unix(ST, b"\0nstest-abstract", listen=4)
        c = self.unix(ST, None)
        c.connect(b"\0nstest-abstract")
        self.k(lst.accept()[0])
        self.unix(ST, b"\0nstest\0nul", listen=4)
        self.unix(DG, b"\0nstest-dgram")

        for kind in (ST, DG):
            a, b = socket.socketpair(socket.AF_UNIX, kind)
            self.k(a)
            self.k(b)
        self.unix(ST, None)                     # never bound or connected

    def build_hostile(self):
        self.mkdir(self.dir + "/h")
        for p in hostile_paths(self.dir):
            self.unix(socket.SOCK_STREAM, p, listen=4)
        for a in hostile_abstract():
            self.unix(socket.SOCK_STREAM, b"\0" + a, listen=4)

    # -- waiting

    @staticmethod
    def snapshot():
        """Address, state and queue columns of every /proc/net row (the
        timer columns change all the time and are left out)."""
        rows = []
        for f in ("tcp", "tcp6", "udp", "udp6", "udplite", "udplite6",
                  "raw", "raw6"):
            try:
                with open("/proc/net/" + f) as fh:
                    for line in fh.readlines()[1:]:
                        rows.append((f,) + tuple(line.split()[1:5]))
            except FileNotFoundError:
                pass
        return sorted(rows)

    def settle(self):
        """Wait (at most 5 s) until two snapshots 200 ms apart agree, so
        that the FIN/ACK exchanges and the zero-window fill are over."""
        prev = self.snapshot()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            time.sleep(0.2)
            cur = self.snapshot()
            if cur == prev:
                return
            prev = cur
        self.notes.append("sockets still changing after 5 s")

    def cleanup(self):
        for s in self.keep:
            try:
                s.close()
            except OSError:
                pass
        for f in self.files:
            try:
                os.unlink(f)
            except OSError:
                pass
        for d in reversed(self.dirs):
            try:
                os.rmdir(d)
            except OSError:
                pass


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop()


def nxdomain_reply(query):
    """The NXDOMAIN answer to a DNS query: same id and question, QR and
    RA set, RD and opcode copied, no records.  None if it is no query."""
    if len(query) < 12 or query[2] & 0x80:
        return None
    i = 12
    while i < len(query) and query[i] != 0:    # QNAME labels
        if query[i] & 0xc0:
            return None
        i += 1 + query[i]
    i += 1 + 4                                  # root label, QTYPE, QCLASS
    if i > len(query):
        return None
    flags = 0x8000 | (query[2] << 8 & 0x7900) | 0x0080 | 3
    return query[:2] + struct.pack(">HHHHH", flags, 1, 0, 0, 0) + query[12:i]


def nxdomain_server():
    """Answer DNS queries on 127.0.0.1:53 with NXDOMAIN until stdin EOF."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 53))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    fd = sys.stdin.fileno()
    try:
        while True:
            r, _, _ = select.select([fd, s], [], [])
            if s in r:
                query, peer = s.recvfrom(4096)
                reply = nxdomain_reply(query)
                if reply:
                    s.sendto(reply, peer)
            if fd in r and not os.read(fd, 4096):
                return
    except Stop:
        pass
    finally:
        s.close()


def wait_for_eof():
    """Sleep until stdin reaches EOF (or a signal raises Stop)."""
    fd = sys.stdin.fileno()
    while True:
        try:
            r, _, _ = select.select([fd], [], [])
        except InterruptedError:
            continue
        if r:
            try:
                if not os.read(fd, 4096):
                    return
            except OSError as e:
                if e.errno in (errno.EAGAIN, errno.EINTR):
                    continue
                return


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plain", action="store_true",
                    help="leave out the hostile unix names")
    ap.add_argument("--dir", default="/tmp/nstest",
                    help="directory for unix socket files")
    ap.add_argument("--nxdomain-server", action="store_true",
                    help="only answer DNS on 127.0.0.1:53 with NXDOMAIN")
    ap.add_argument("--list-hostile", action="store_true",
                    help="print the hostile names escaped, then exit")
    args = ap.parse_args()
    args.dir = args.dir.rstrip("/") or "/"
    longest = max(len(p) for p in hostile_paths(args.dir))
    if longest > 107:
        die("--dir %s: too long, socket paths would exceed 107 bytes"
            % args.dir)

    if args.list_hostile:
        out = sys.stdout.buffer
        for n in hostile_escaped(args.dir):
            out.write(n + b"\n")
        out.flush()
        return 0

    check_namespace()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    if args.nxdomain_server:
        nxdomain_server()
        return 0
    pop = Population(args)
    try:
        pop.build()
        pop.settle()
        for n in pop.notes:
            sys.stderr.write("population.py: %s\n" % n)
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        wait_for_eof()
    except Stop:
        pass
    finally:
        pop.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
