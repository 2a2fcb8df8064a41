#!/bin/bash
# -G past any table size, against the pipelines it replaces over
# net-tools: a flood from many peers (15,000 addresses with one
# connection each, found first) and three top talkers after them
# (3,000, 2,000 and 1,000 connections), where a fixed table of keys
# would drop the top talkers onto an "uncounted" line:
#  - fixture: a /proc/net/tcp written as the kernel writes it (hand-made,
#    one line per socket, kernel field widths), bind-mounted over /proc
#    for both net-tools and us;
#  - live: the same shape on loopback in a private network namespace
#    (15,000 source addresses 127.1.x.y connected to 127.0.0.1:8080, then
#    the talkers 127.0.0.2, .3 and .4);
#  - a mapping that fails (ulimit -v) is "out of memory", exit 1, and no
#    count at all on stdout.
# Usage: tests/flood.sh BINARY. Needs root, unshare -n -m, python3 (else
# exit 77).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
skip_unless_root "-G flood tests (need root, unshare -n -m, python3)" "-n -m" python3
work_dir flood
# the cases run in processes of their own (inside.sh in the namespace, the
# fixture's checks in a mount namespace inside it): ok and not_ok count
# in the tally
export TALLY=$T/tally
: >"$TALLY"

# the comparison helpers, for the namespace and for the fixture's mount
# namespace inside it (after tests/testnet.sh)
cat >"$T/lib.sh" <<'EOF'
# same NAME OURS PIPELINE: the two outputs, blanks before the count taken
# off, equal (sorted too when SORTED=1: uniq -c's order is sort's)
same() {
	sh -c "$2" 2>"$T/err" | sed 's/^ *//' >"$T/ours"
	sh -c "$3" 2>/dev/null | sed 's/^ *//' >"$T/theirs"
	if [ "${SORTED:-}" = 1 ]; then
		sort -o "$T/ours" "$T/ours"; sort -o "$T/theirs" "$T/theirs"
	fi
	if [ -s "$T/ours" ] && cmp -s "$T/ours" "$T/theirs" && [ ! -s "$T/err" ]; then
		ok "$1 ($(wc -l <"$T/ours") lines)"
	else
		not_ok "$1"
		diff -u "$T/theirs" "$T/ours" | head -n 20 | sed 's/^/#   /'
		head -n 5 "$T/err" | sed 's/^/#   stderr: /'
	fi
}
TOP3="awk '/^tcp/ {print \$5}' | cut -d: -f1 | sort | uniq -c | sort -rn | head -3"
ALL="awk '/^tcp/ {print \$5}' | cut -d: -f1 | sort | uniq -c"
# a mapping that fails: 1 MiB of address space is enough to start, not
# for the table of 15,003 keys (not under ASan, which maps terabytes)
out_of_memory() {
	if [ "${SANITIZED:-}" = 1 ]; then
		echo "# skipped: out of memory under ulimit -v (ASan's shadow memory needs the address space)"
		return
	fi
	if [ "$(head -c 2 "$BIN")" = "#!" ]; then
		echo "# skipped: out of memory under ulimit -v (BINARY is a wrapper, an emulator's: the limit would bind it too)"
		return
	fi
	( ulimit -v 1024; exec "$BIN" -tn -G raddr ) >"$T/out" 2>"$T/err"; st=$?
	if [ $st = 1 ] && grep -q 'out of memory' "$T/err" && ! grep -q '^ *[0-9]' "$T/out"; then
		ok "a mapping that fails: out of memory, exit 1, no count printed"
	else
		not_ok "a mapping that fails: exit $st"
		head -n 3 "$T/out" "$T/err" | sed 's/^/#   /'
	fi
}
checks() {
	same "$1: -tn -G rhost,top=3 = the top-3 pipeline over net-tools" \
		"'$BIN' -tn -G rhost,top=3" "netstat -tn | $TOP3"
	SORTED=1 same "$1: -tn -G rhost = sort | uniq -c over net-tools, every key" \
		"'$BIN' -tn -G rhost" "netstat -tn | $ALL"
}

EOF

cat >"$T/inside.sh" <<'EOF'
set -u
BIN=$1 HERE=$2 T=$3
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
export BIN T HERE
. "$T/lib.sh"
mount --make-rprivate /
# --- fixture -----------------------------------------------------------
mkdir -p "$T/proc/net"
awk 'BEGIN {
	print "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
	n = 0
	for (i = 0; i < 15000; i++)
		row(sprintf("%02X%02X%02X0A", (i % 250) + 1, int(i / 250) % 250, 1), 40000 + i % 20000)
	for (t = 2; t <= 4; t++)
		for (i = 0; i < (5 - t) * 1000; i++)
			row(sprintf("%02X01020B", t), 1024 + i)
}
function row(raddr, rport) {
	printf "%4d: 0100007F:0050 %s:%04X 01 00000000:00000000 00:00000000 00000000     0        0 %d 1 0000000000000000 20 4 30 10 -1\n", n, raddr, rport, 100000 + n
	n++
}' >"$T/proc/net/tcp"
printf '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' >"$T/proc/net/tcp6"
# the checks where /proc is the fixture (not under ASan, whose runtime
# needs the real /proc)
if [ "${SANITIZED:-}" = 1 ]; then
	echo "# skipped: the fixture over /proc under ASan, whose runtime needs the real /proc"
else
	in_proc "$T/proc" bash -c '. "$HERE/testnet.sh"; . "$T/lib.sh"; checks fixture; out_of_memory' 2>&1
fi

# --- live ----------------------------------------------------------------
ip link set lo up
mkfifo "$T/hold"
cat >"$T/pop.py" <<'PY'
# RLIMIT_NOFILE's hard limit (20,000 here) cannot be raised without
# CAP_SYS_RESOURCE: workers of at most 7,000 connections (14,000 fds)
# each, made one after the other, hold them until stdin ends
import os, resource, signal, socket, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 8080)); srv.listen(4096)
sources = ["127.1.%d.%d" % (i // 250, i % 250 + 1) for i in range(15000)]
for t, n in ((2, 3000), (3, 2000), (4, 1000)):
    sources += ["127.0.0.%d" % t] * n
per = min(7000, (hard - 64) // 2)
workers = []
for lo in range(0, len(sources), per):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        held = []
        for src in sources[lo:lo + per]:
            c = socket.socket(); c.bind((src, 0)); c.connect(("127.0.0.1", 8080))
            held += [c, srv.accept()[0]]
        os.write(w, b"x")
        signal.pause()
        os._exit(0)
    os.read(r, 1)
    workers.append(pid)
print("ready", flush=True)
sys.stdin.read()
for pid in workers:
    os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
PY
python3 "$T/pop.py" <"$T/hold" >"$T/ready" &
pop=$!
exec 9>"$T/hold"
if ! wait_ready "$T/ready" $pop; then
	not_ok "live: the population did not start"
else
	checks live
	# the client sides (local 127.1.x.y, remote 127.0.0.1:8080) are one
	# key: the server sides hold the 15,000 + 3 peers
	same "live: -tn -G rhost,state=ESTAB,top=4 = the pipeline with grep ESTAB" \
		"'$BIN' -tn -G rhost,state=ESTAB,top=4" \
		"netstat -tn | grep ESTAB | awk '{print \$5}' | cut -d: -f1 | sort | uniq -c | sort -rn | head -4"
fi

exec 9>&-
EOF

unshare -n -m bash "$T/inside.sh" "$BIN" "$HERE" "$T" 2>&1
tally_report flood
