#!/bin/bash
# /etc lines of any length, as glibc reads them: in a private network and
# mount namespace, our own /etc/hosts, services, protocols, passwd,
# networks and resolv.conf, each with lines at and past the reader's
# 1 KiB buffer (1023, 1024, 1025, 1500 and 5000 bytes: many aliases, a
# long GECOS field, a long comment after a nameserver), and the names of
# each compared with net-tools' (glibc's) on live sockets, routes and a
# DNS stub. Before, a line past 1 KiB was skipped: the number printed.
# Usage: tests/etc.sh BINARY. Needs root, unshare -n -m, python3 (else
# exit 77). Prints TAP-like lines and "etc: N passed, N failed" last.
# KEEP=1 keeps the work directory (each run's output as ours-FLAGS).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
skip_unless_root "/etc line tests (need root, unshare -n -m, python3)" "-n -m" python3
work_dir etc

cat >"$T/inside.sh" <<'EOF'
set -u
BIN=$1 HERE=$2 T=$3
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
mount --make-rprivate /
pass=0 fail=0

# The files: entry i of each kind is a line of LENGTH[i] bytes (without
# its newline), padded with aliases (or GECOS, or a comment) to that
# length; the name netstat must print comes first, as glibc reads it.
mkdir -p "$T/etc"
python3 - "$T/etc" <<'PY'
import sys
d = sys.argv[1]
LENGTHS = [1023, 1024, 1025, 1500, 5000]
def pad(head, sep, word, length):
    line = head
    n = 0
    while len(line) < length:
        line += sep + "%s%d" % (word, n); n += 1
    return line[:length] if line[length - 1:length] not in (" ", ":") else line[:length - 1] + "x"
def write(name, lines):
    open("%s/%s" % (d, name), "w").write("".join(l + "\n" for l in lines))
write("hosts", ["127.0.0.1 localhost"] + [pad("127.0.0.%d longhost%d" % (10 + i, i), " ", "alias", L)
                                          for i, L in enumerate(LENGTHS)])
write("services", [pad("svc%d %d/tcp" % (i, 7100 + i), " ", "svcalias", L) for i, L in enumerate(LENGTHS)])
write("protocols", [pad("proto%d %d PROTO%d" % (i, 240 + i, i), " ", "protoalias", L) for i, L in enumerate(LENGTHS)])
write("passwd", ["root:x:0:0:root:/root:/bin/sh"] +
      [pad("user%d:x:%d:%d:" % (i, 4240 + i, 4240 + i), ",", "Gecos", L - 14) + ":/home:/bin/sh"
       for i, L in enumerate(LENGTHS)])
write("networks", [pad("net%d 10.%d" % (i, 20 + i), " ", "netalias", L) for i, L in enumerate(LENGTHS)])
write("resolv.conf", [pad("search", " ", "domain.example", 5000),
                      "nameserver 127.0.0.53 " + "#" * 1500])
PY
for f in hosts services protocols passwd networks resolv.conf; do
	awk -v f=$f '{ n[length($0)]++ } END { for (l in n) if (l + 0 >= 1023) printf "# %s: a line of %d bytes\n", f, l }' "$T/etc/$f" | sort -t' ' -k6n
done
bind_private_etc "$T/etc" hosts services protocols passwd networks resolv.conf || exit 1
ip link set lo up
for i in 0 1 2 3 4; do ip route add 10.$((20 + i)).0.0/16 dev lo || exit 1; done

# the sockets: listener i on 127.0.0.(10+i):(7100+i) owned by uid 4240+i,
# raw sockets of protocols 240..244, and one connection to 127.0.0.99
# (named only by the DNS stub)
mkfifo "$T/hold"
python3 -c "
import os, socket, sys
L = []
for i in range(5):
    r, w = os.pipe()
    if os.fork() == 0:
        os.setresgid(4240 + i, 4240 + i, 4240 + i); os.setresuid(4240 + i, 4240 + i, 4240 + i)
        s = socket.socket(); s.bind(('127.0.0.%d' % (10 + i), 7100 + i)); s.listen()
        os.write(w, b'x'); sys.stdin.read(); os._exit(0)
    os.read(r, 1)
    L.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, 240 + i))
s = socket.socket(); s.bind(('127.0.0.99', 7000)); s.listen()
c = socket.create_connection(('127.0.0.99', 7000)); L += [s, c, s.accept()]
print('ready', flush=True); sys.stdin.read()" <"$T/hold" >"$T/ready" &
holder=$!
exec 9>"$T/hold"
python3 "$HERE/dnsstub.py" 127.0.0.53 >"$T/dns-ready" &
stub=$!
wait_ready "$T/ready" $holder
wait_ready "$T/dns-ready" $stub

# what each flag set must name (from each file), beside net-tools agreeing
for case in "-tl:longhost4:svc4" "-tle:user4:user0" "-wa:proto4:proto0" "-r:net4:net0" "-t:host99.example:localhost"; do
	flags=${case%%:*} want=${case#*:}
	netstat $flags >"$T/theirs" 2>&1
	"$BIN" $flags >"$T/ours" 2>&1
	missing=
	for w in ${want//:/ }; do grep -q "$w" "$T/ours" || missing="$missing $w"; done
	cp "$T/ours" "$T/ours$flags"
	if cmp -s "$T/theirs" "$T/ours" && [ -z "$missing" ]; then
		ok "long /etc lines, as net-tools: netstat $flags (names ${want//:/, })"
	else
		not_ok "long /etc lines, as net-tools: netstat $flags" "missing:${missing:- none}" "$(diff -u "$T/theirs" "$T/ours")"
	fi
done
kill $stub; wait $stub 2>/dev/null
exec 9>&-
echo "etc: $pass passed, $fail failed"
[ $fail = 0 ]
EOF
unshare -n -m bash "$T/inside.sh" "$BIN" "$HERE" "$T"
