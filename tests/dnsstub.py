# A PTR-only DNS stub for tests/resolve.sh, on loopback in a private
# network namespace: answers every PTR query with "hostN.example.test" (N
# the first label of the query), NXDOMAIN for 127.0.0.9, and a name with an
# ESC byte (not a host name: glibc ignores it) for 127.0.0.66.
import socket, struct, sys
fam = socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM); s.bind((sys.argv[1], 53))
print("ready", flush=True)
while True:
    q, peer = s.recvfrom(512)
    qid, flags, qd = struct.unpack(">HHH", q[:6])
    off = 12; labels = []
    while q[off]:
        l = q[off]; labels.append(q[off+1:off+1+l].decode()); off += 1 + l
    qname_end = off + 5
    question = q[12:qname_end]
    name = ".".join(labels)
    if name.startswith("9.0.0.127"):
        s.sendto(struct.pack(">HHHHHH", qid, 0x8183, 1, 0, 0, 0) + question, peer); continue
    host = b"host%s.example.test" % labels[0].encode()
    if name.startswith("66.0.0.127"): host = b"evil\x1b[31m.example.test"
    rdata = b"".join(bytes([len(x)]) + x for x in host.split(b".")) + b"\0"
    ans = b"\xc0\x0c" + struct.pack(">HHIH", 12, 1, 60, len(rdata)) + rdata
    s.sendto(struct.pack(">HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + ans, peer)
