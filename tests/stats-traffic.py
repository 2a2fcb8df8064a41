#!/usr/bin/env python3
"""Loopback traffic that moves many counters of /proc/net/{snmp,netstat,snmp6}.

Run inside a private network namespace (unshare -n, lo up): every packet
goes to 127.0.0.1 or ::1 of that namespace only.
"""
import socket, struct, time, os

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff

def tcp(fam, addr, n):
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, 0))
    srv.listen(16)
    port = srv.getsockname()[1]
    for i in range(n):
        c = socket.create_connection((addr, port))
        s, _ = srv.accept()
        c.sendall(b'x' * (1000 * (i + 1)))
        got = 0
        while got < 1000 * (i + 1):
            got += len(s.recv(65536))
        s.sendall(b'y' * 100)
        c.recv(100)
        if i % 3 == 0:
            # close with unread data: the kernel sends a RST (TCPAbortOnClose)
            s.sendall(b'z' * 10)
            time.sleep(0.05)
            c.close()
            s.close()
        else:
            c.close()
            s.close()
    srv.close()
    # a connection refused: AttemptFails, OutRsts
    for i in range(2):
        c = socket.socket(fam, socket.SOCK_STREAM)
        try:
            c.connect((addr, port))
        except OSError:
            pass
        c.close()

def udp(fam, addr, proto=0):
    r = socket.socket(fam, socket.SOCK_DGRAM, proto)
    r.bind((addr, 0))
    port = r.getsockname()[1]
    s = socket.socket(fam, socket.SOCK_DGRAM, proto)
    for i in range(5):
        s.sendto(b'hello', (addr, port))
        r.recv(100)
    r.close()
    # to a closed port: NoPorts, ICMP port unreachable out and in
    for i in range(3):
        s.sendto(b'nobody', (addr, port))
        time.sleep(0.01)
    s.close()

def ping4(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    for i in range(n):
        hdr = struct.pack('!BBHHH', 8, 0, 0, 0x1234, i)
        pkt = hdr + b'ping'
        pkt = struct.pack('!BBHHH', 8, 0, csum(pkt), 0x1234, i) + b'ping'
        s.sendto(pkt, ('127.0.0.1', 0))
        s.recv(1500)   # our own echo request
        s.recv(1500)   # the kernel's echo reply
    # a timestamp request: the kernel answers with a timestamp reply
    body = struct.pack('!III', 0, 0, 0)
    pkt = struct.pack('!BBHHH', 13, 0, 0, 0x4321, 1) + body
    pkt = struct.pack('!BBHHH', 13, 0, csum(pkt), 0x4321, 1) + body
    s.sendto(pkt, ('127.0.0.1', 0))
    s.close()

def ping6(n):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    for i in range(n):
        pkt = struct.pack('!BBHHH', 128, 0, 0, 0x1234, i) + b'ping'
        s.sendto(pkt, ('::1', 0))
        s.recv(1500)
        s.recv(1500)
    s.close()

tcp(socket.AF_INET, '127.0.0.1', 7)
tcp(socket.AF_INET6, '::1', 4)
udp(socket.AF_INET, '127.0.0.1')
udp(socket.AF_INET6, '::1')
udp(socket.AF_INET, '127.0.0.1', 136)   # UDP-Lite
udp(socket.AF_INET6, '::1', 136)
ping4(4)
ping6(3)
time.sleep(0.3)
