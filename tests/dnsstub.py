# A PTR-only DNS stub for tests/resolve.sh, on loopback in a private
# network namespace: answers every PTR query with "hostN.example.test" (N
# the first label of the query), and for some addresses as a hostile or
# unusual server would:
#   127.0.0.9   NXDOMAIN
#   127.0.0.66  a name with an ESC byte (not a host name: glibc ignores it)
#   127.0.0.88  first a forged reply (our ID, but the question and answer
#               of another address), then the real one: glibc's
#               res_queriesmatch() skips the forged one
#   127.0.0.89  an answer owned by another name (glibc skips the record:
#               no name)
#   127.0.0.90  a CNAME into a classless delegation (RFC 2317), then the
#               PTR of the CNAME's target (glibc follows it)
# Usage: dnsstub.py ADDRESS [--delay SECONDS] [--ids FILE]: --delay waits
# before each answer; --ids appends each query's ID (decimal) to FILE.
import socket, struct, sys, time
args = sys.argv[2:]
delay = float(args[args.index("--delay") + 1]) if "--delay" in args else 0
ids = open(args[args.index("--ids") + 1], "a") if "--ids" in args else None
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 53))
print("ready", flush=True)

def wire(name):
    return b"".join(bytes([len(x)]) + x for x in name.split(b".")) + b"\0"

def reply(qid, question, answers, rcode=0):
    return struct.pack(">HHHHHH", qid, 0x8180 | rcode, 1, len(answers), 0, 0) + question + b"".join(answers)

def rr(owner, rtype, target):
    rdata = wire(target)
    return owner + struct.pack(">HHIH", rtype, 1, 60, len(rdata)) + rdata

PTR, CNAME, AT_QNAME = 12, 5, b"\xc0\x0c"
while True:
    q, peer = s.recvfrom(512)
    qid = struct.unpack(">H", q[:2])[0]
    if ids:
        print(qid, file=ids, flush=True)
    off = 12; labels = []
    while q[off]:
        l = q[off]; labels.append(q[off+1:off+1+l]); off += 1 + l
    question = q[12:off + 5]
    name = b".".join(labels)
    first = labels[0]
    time.sleep(delay)
    if name.startswith(b"9.0.0.127"):
        s.sendto(reply(qid, question, [], rcode=3), peer); continue
    if name.startswith(b"88.0.0.127"):
        other = wire(b"5.0.0.127.in-addr.arpa") + struct.pack(">HH", PTR, 1)
        s.sendto(reply(qid, other, [rr(AT_QNAME, PTR, b"forged.example.test")]), peer)
    if name.startswith(b"89.0.0.127"):
        s.sendto(reply(qid, question, [rr(wire(b"other.example.test"), PTR, b"wrongowner.example.test")]), peer)
        continue
    if name.startswith(b"90.0.0.127"):
        target = b"90.0-25.0.0.127.in-addr.arpa"
        s.sendto(reply(qid, question, [rr(AT_QNAME, CNAME, target),
                                       rr(wire(target), PTR, b"host90-cname.example.test")]), peer)
        continue
    host = b"host%s.example.test" % first
    if name.startswith(b"66.0.0.127"): host = b"evil\x1b[31m.example.test"
    s.sendto(reply(qid, question, [rr(AT_QNAME, PTR, host)]), peer)
