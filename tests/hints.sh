#!/bin/bash
# -S -v's hints and -S -c's changes.
#  - fixtures: a /proc written as the kernel writes it (hand-made with
#    its formats: net/ipv4/proc.c sockstat, snmp and netstat line pairs,
#    tcp rows, the sysctls), bind-mounted over /proc: a sockstat whose tw
#    passes half of tcp_max_tw_buckets, listeners with full accept
#    queues, TcpExt counters with overflows, FIN_WAIT2 of both kinds
#    (orphaned: inode 0; owned), reserved ports, a child namespace
#    without the host-wide sysctls. Each hint is checked word for word.
#  - -S -c: a fake /proc whose tcp and netstat files are FIFOs, fed one
#    round at a time (so the rounds see known counts, whatever the load):
#    the first round is plain -S, the next ones add the changes.
#  - live, in a private network namespace: a listener with backlog 1 and
#    several connects (a real accept-queue overflow) and a real
#    TIME_WAIT population; the hints' numbers against the kernel's
#    counters read directly.
# Usage: tests/hints.sh BINARY. Needs root, unshare -n -m, python3 (else 77).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# ok, not_ok, abs_path, skip_unless_root, work_dir, in_proc, wait_for,
# wait_ready
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
skip_unless_root "hint tests (need root, unshare -n -m, python3)" "-n -m" python3
if ! "$BIN" --help 2>&1 | grep -q -- '-S.*Count TCP'; then
	echo "skip: hint tests (a build without -S)"
	exit 77
fi
work_dir hints
pass=0 fail=0

H4="  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
H6="  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
# row N LOCAL RPORT-REMOTE STATE RXQ TIMER INODE: one tcp line as
# get_tcp4_sock / get_timewait4_sock print it
row() {
	printf '%4d: %s %s %s 00000000:%08X %s 00000000     0        0 %s 1 0000000000000000 20 4 30 10 -1\n' \
		"$1" "$2" "$3" "$4" "$5" "$6" "$7"
}
# netstat_file PAIRS...: /proc/net/netstat's TcpExt line pair, every
# counter the hints read, with the values given as NAME=VALUE
counters_file() {
	local names="SyncookiesSent SyncookiesRecv SyncookiesFailed ListenOverflows ListenDrops TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPAbortOnMemory"
	local n vals= kv v
	for n in $names; do
		v=0
		for kv in "$@"; do [ "${kv%%=*}" = "$n" ] && v=${kv#*=}; done
		vals="$vals $v"
	done
	printf 'TcpExt: %s\nTcpExt:%s\nIpExt: InNoRoutes\nIpExt: 0\n' "$names" "$vals"
}
snmp_file() {
	printf 'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n'
	printf 'Tcp: 1 200 120000 -1 0 0 0 %s 0 0 0 %s 0 %s 0\n' "${1:-0}" "${2:-0}" "${3:-0}"
}
# sysctls: the host's set (a child namespace lacks tcp_max_orphans)
make_proc() {
	local d=$1
	mkdir -p "$d/net" "$d/sys/net/ipv4" "$d/sys/net/core"
	echo "$H6" >"$d/net/tcp6"
	echo 131072 >"$d/sys/net/ipv4/tcp_max_tw_buckets"
	printf '32768\t60999\n' >"$d/sys/net/ipv4/ip_local_port_range"
	echo "40000-40999,50000" >"$d/sys/net/ipv4/ip_local_reserved_ports"
	echo 2 >"$d/sys/net/ipv4/tcp_tw_reuse"
	echo 1 >"$d/sys/net/ipv4/tcp_timestamps"
	echo 60 >"$d/sys/net/ipv4/tcp_fin_timeout"
	echo 1 >"$d/sys/net/ipv4/tcp_syncookies"
	echo 2048 >"$d/sys/net/ipv4/tcp_max_syn_backlog"
	echo 65536 >"$d/sys/net/ipv4/tcp_max_orphans"
	echo 4096 >"$d/sys/net/core/somaxconn"
	snmp_file >"$d/net/snmp"
}
# expect NAME FILE LINE...: FILE holds each LINE (whole lines)
expect() {
	local name=$1 file=$2 l missing=
	shift 2
	for l in "$@"; do grep -qxF -- "$l" "$file" || missing="$missing
$l"
	done
	if [ -z "$missing" ]; then
		ok "$name"
	else
		not_ok "$name" "missing:$missing" "output:" "$(cat "$file")"
	fi
}

# the fixtures replace /proc, which the ASan runtime needs (its live part
# still runs)
if [ "${SANITIZED:-}" = 1 ]; then
	echo "# skipped: the /proc fixtures (parts 1-3) under ASan, whose runtime needs the real /proc"
else
# --- 1. fixture: a host near its timewait limit, full queues -------------
P=$T/host
make_proc "$P"
# 70,000 timewait mini-sockets of 131,072: more than half
echo "TCP: inuse 9 orphan 3 tw 70000 alloc 12 mem 5" >"$P/net/sockstat"
counters_file ListenOverflows=500 ListenDrops=510 TCPTimeWaitOverflow=12 \
	TCPReqQFullDoCookies=7 SyncookiesSent=7 >"$P/net/netstat"
{
	echo "$H4"
	row 0 0100007F:1F90 00000000:0000 0A 129 00:00000000 1001	# LISTEN :8080, 129 waiting
	row 1 0100007F:0050 00000000:0000 0A 3 00:00000000 1002	# LISTEN :80, 3 waiting
	row 2 0100007F:01BB 00000000:0000 0A 0 00:00000000 1003	# LISTEN :443, none
	row 3 0100007F:9C40 0200007F:0050 01 0 00:00000000 1004	# ESTABLISHED, port 40000
	row 4 0100007F:9C41 0200007F:0050 01 0 00:00000000 1005
	row 5 0100007F:8000 0200007F:0050 06 0 03:00000BB8 0	# TIME_WAIT from port 32768
	row 6 0100007F:8001 0200007F:0050 05 0 03:00000BB8 0	# FIN_WAIT2 orphaned (timewait timer, inode 0)
	row 7 0100007F:8002 0200007F:0050 05 0 03:00000BB8 0	# FIN_WAIT2 orphaned
	row 8 0100007F:8003 0200007F:0050 05 0 00:00000000 1006	# FIN_WAIT2 owned (shutdown())
	row 9 0100007F:0050 0200007F:8004 08 0 00:00000000 1007	# CLOSE_WAIT
	row 10 0100007F:0050 0300007F:9000 03 0 00:00000000 0	# SYN_RECV
} >"$P/net/tcp"
in_proc "$P" "$BIN" -S -v >"$T/out" 2>"$T/err"
expect "fixture: the timewait hint from sockstat tw, past half the limit, with TCPTimeWaitOverflow" "$T/out" \
	"timewait: 70000 in this namespace (sockstat tw: TIME_WAIT and orphaned FIN_WAIT2), 53% of net.ipv4.tcp_max_tw_buckets=131072; TcpExt:TCPTimeWaitOverflow=12; past it new ones skip TIME_WAIT: the limit guards memory, never lower it; TIME_WAIT is a fixed 60 s, not tcp_fin_timeout"
expect "fixture: the accept queues, longest first, with ListenOverflows and ListenDrops" "$T/out" \
	"accept queues: TcpExt:ListenOverflows=500 TcpExt:ListenDrops=510 (a full queue drops handshakes: clients wait in SYN_SENT); waiting: 127.0.0.1:8080 129, 127.0.0.1:80 3 (backlogs: ss -lnt)"
expect "fixture: the SYN queues with the cookie counters; tcp_max_syn_backlog not named while cookies are on" "$T/out" \
	"SYN queues: SYN_RECV 1; TcpExt:TCPReqQFullDrop=0 TcpExt:TCPReqQFullDoCookies=7 TcpExt:SyncookiesSent=7 TcpExt:SyncookiesFailed=0; a listener's SYN queue is bounded by its listen() backlog, capped by net.core.somaxconn=4096; net.ipv4.tcp_syncookies=1 (cookies when full); who: -G rhost,state=SYN_RECV"
expect "fixture: ephemeral ports per (source, destination, port), reserved ports taken off, every state holding a port" "$T/out" \
	"ephemeral ports: 6 connections from 127.0.0.1 to 127.0.0.2:80, the busiest, hold 0% of 27231 ports (net.ipv4.ip_local_port_range=32768-60999 less 1001 reserved), per source, destination and port"
expect "fixture: orphans are host-wide, against tcp_max_orphans where it exists" "$T/out" \
	"orphans: 3 host-wide (sockstat orphan counts every namespace), 0% of net.ipv4.tcp_max_orphans=65536"
expect "fixture: FIN_WAIT2, orphaned (inode 0) and owned apart" "$T/out" \
	"FIN_WAIT2 3: 2 orphaned (inode 0): they end after net.ipv4.tcp_fin_timeout=60 s; 1 still owned (shutdown()): no timer, they wait for the peer"
expect "fixture: CLOSE_WAIT" "$T/out" \
	"CLOSE_WAIT 1: closed by the peer, not yet by the program: no timer ends them, only close(); many mean a leak; -p names the programs"
# -S itself is unchanged by -v: the counts first
if head -n 1 "$T/out" | grep -qx 'FIN_WAIT2 3' && sed -n 2p "$T/out" | grep -qx 'ESTABLISHED 2'; then ok "fixture: -S -v starts with -S's counts"; else not_ok "fixture: -S -v starts with -S's counts" "$(cat "$T/out")"; fi

# --- 2. fixture: a child namespace (no host-wide sysctls), cookies off ----
C=$T/child
make_proc "$C"
rm "$C/sys/net/ipv4/tcp_max_orphans"
echo 0 >"$C/sys/net/ipv4/tcp_syncookies"
echo "TCP: inuse 2 orphan 1 tw 10 alloc 3 mem 1" >"$C/net/sockstat"
counters_file TCPReqQFullDrop=4 >"$C/net/netstat"
{
	echo "$H4"
	row 0 0100007F:0050 0300007F:9000 03 0 00:00000000 0
} >"$C/net/tcp"
in_proc "$C" "$BIN" -S -v >"$T/out" 2>"$T/err"
expect "child namespace: no tcp_max_orphans there, said so" "$T/out" \
	"orphans: 1 host-wide (sockstat orphan counts every namespace); tcp_max_orphans is the host's, not visible here"
expect "cookies off: TCPReqQFullDrop, and tcp_max_syn_backlog named as what then acts" "$T/out" \
	"SYN queues: SYN_RECV 1; TcpExt:TCPReqQFullDrop=4 TcpExt:TCPReqQFullDoCookies=0 TcpExt:SyncookiesSent=0 TcpExt:SyncookiesFailed=0; a listener's SYN queue is bounded by its listen() backlog, capped by net.core.somaxconn=4096; net.ipv4.tcp_syncookies=0 (off: a full queue drops SYNs); net.ipv4.tcp_max_syn_backlog=2048 (acts when cookies are off); who: -G rhost,state=SYN_RECV"
if ! grep -q '^accept queues' "$T/out" && grep -q '^timewait: 10 in this namespace' "$T/out"; then
	ok "child namespace: no accept-queue hint without overflows or queues; timewait from its own tw"
else
	not_ok "child namespace: no accept-queue hint without overflows or queues" "$(cat "$T/out")"
fi

# --- 3. -S -c: the changes, round by round ----------------------------------
F=$T/rounds
make_proc "$F"
echo "TCP: inuse 2 orphan 0 tw 0 alloc 3 mem 1" >"$F/net/sockstat"
rm -f "$F/net/netstat"
mkfifo "$F/net/tcp" "$F/net/netstat"
for r in 1 2 3; do
	{
		echo "$H4"
		i=0
		# round 1: 5 ESTABLISHED, 2 TIME_WAIT; 2: 7 and 2; 3: 4, 0 and a SYN_RECV
		for n in $(seq $((r == 1 ? 5 : r == 2 ? 7 : 4))); do row $i 0100007F:1F90 0200007F:9C40 01 0 00:00000000 $((100 + i)); i=$((i + 1)); done
		[ $r = 3 ] || for n in 1 2; do row $i 0100007F:8000 0200007F:0050 06 0 03:00000BB8 0; i=$((i + 1)); done
		[ $r = 3 ] && row $i 0100007F:0050 0300007F:9000 03 0 00:00000000 0
	} >"$T/tcp.$r"
	counters_file ListenOverflows=$((r * 40)) TCPTimeWaitOverflow=$((r == 3 ? 5 : 0)) >"$T/netstat.$r"
done
snmp_file 0 10 1 >"$F/net/snmp"
# the feeder: round r's tcp, then its netstat, as netstat opens them
( for r in 1 2 3; do cat "$T/tcp.$r" >"$F/net/tcp"; cat "$T/netstat.$r" >"$F/net/netstat"; done ) &
feeder=$!
in_proc "$F" "$BIN" -S -c >"$T/out" 2>&1 &
ns=$!
wait $feeder
# the fourth round waits on the FIFO: the three are printed
three_rounds() { [ "$(grep -c '^$' "$T/out")" -ge 3 ]; }
wait_for $ns three_rounds
kill $ns 2>/dev/null; wait $ns 2>/dev/null
pkill -f "$BIN -S -c" 2>/dev/null
sed -E 's@ [0-9]+/s@ N/s@g' "$T/out" >"$T/masked"
cat >"$T/want" <<'EOF'
ESTABLISHED 5
TIME_WAIT 2

ESTABLISHED 7
TIME_WAIT 2
changes: ESTABLISHED +2
counters: TcpExt:TCPTimeWaitOverflow +0 N/s TcpExt:ListenOverflows +40 N/s TcpExt:ListenDrops +0 N/s TcpExt:TCPReqQFullDrop +0 N/s TcpExt:TCPReqQFullDoCookies +0 N/s TcpExt:SyncookiesSent +0 N/s TcpExt:SyncookiesFailed +0 N/s TcpExt:TCPAbortOnMemory +0 N/s Tcp:RetransSegs +0 N/s Tcp:OutRsts +0 N/s Tcp:EstabResets +0 N/s

ESTABLISHED 4
SYN_RECV 1
changes: ESTABLISHED -3 SYN_RECV +1 TIME_WAIT -2
counters: TcpExt:TCPTimeWaitOverflow +5 N/s TcpExt:ListenOverflows +40 N/s TcpExt:ListenDrops +0 N/s TcpExt:TCPReqQFullDrop +0 N/s TcpExt:TCPReqQFullDoCookies +0 N/s TcpExt:SyncookiesSent +0 N/s TcpExt:SyncookiesFailed +0 N/s TcpExt:TCPAbortOnMemory +0 N/s Tcp:RetransSegs +0 N/s Tcp:OutRsts +0 N/s Tcp:EstabResets +0 N/s

EOF
if cmp -s "$T/want" "$T/masked"; then
	ok "-S -c: round 1 is plain -S; later rounds add each state's change and the counters' (rates masked)"
else
	not_ok "-S -c: the changes round by round" "$(diff -u "$T/want" "$T/masked")"
fi

fi

# --- 4. live: a real accept-queue overflow and TIME_WAIT ------------------
cat >"$T/live.sh" <<'EOF'
set -u
BIN=$1 T=$2 HERE=$3
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
ip link set lo up
mkfifo "$T/hold"
python3 - "$T/hold" >"$T/ready" <<'PY' &
import socket, sys, time
hold = open(sys.argv[1])
# TIME_WAIT: 50 connections closed by the client first
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 7000)); srv.listen(64)
for i in range(50):
    c = socket.create_connection(("127.0.0.1", 7000)); a, _ = srv.accept()
    c.close(); a.close()
# a listener with backlog 1 that never accepts, and 6 clients
full = socket.socket(); full.bind(("127.0.0.1", 8080)); full.listen(1)
clients = []
for i in range(6):
    c = socket.socket(); c.setblocking(False)
    try:
        c.connect(("127.0.0.1", 8080))
    except BlockingIOError:
        pass
    clients.append(c)
time.sleep(1.5)	# the kernel's SYN retransmits (1 s) meet the full queue again
print("ready", flush=True)
hold.read()
PY
holder=$!
exec 9>"$T/hold"
wait_ready "$T/ready" $holder
"$BIN" -S -v >"$T/live.out" 2>&1
# the kernel's own numbers, read directly
tw=$(sed -n 's/^TCP:.* tw \([0-9]*\).*/\1/p' /proc/net/sockstat)
ovf=$(awk '/^TcpExt:/ { if (!n) { for (i = 2; i <= NF; i++) h[i] = $i; n = 1 } else for (i = 2; i <= NF; i++) if (h[i] == "ListenOverflows") print $i }' /proc/net/netstat)
queue=$(awk '$4 == "0A" && $2 ~ /:1F90$/ { split($5, q, ":"); print strtonum("0x" q[2]) }' /proc/net/tcp 2>/dev/null ||
	awk '$4 == "0A" && $2 ~ /:1F90$/ { split($5, q, ":"); print q[2] + 0 }' /proc/net/tcp)
echo "kernel: tw=$tw ListenOverflows=$ovf queue=$queue"
cat "$T/live.out"
exec 9>&-
EOF
unshare -n bash "$T/live.sh" "$BIN" "$T" "$HERE" >"$T/live.log" 2>&1
read -r _ tw ovf queue <<<"$(sed -n 's/^kernel: tw=\([0-9]*\) ListenOverflows=\([0-9]*\) queue=\([0-9]*\)$/x \1 \2 \3/p' "$T/live.log")"
if [ -n "${tw:-}" ] && [ "$tw" -ge 50 ] && [ "${ovf:-0}" -ge 1 ] &&
	grep -q "^timewait: $tw in this namespace " "$T/live.log" &&
	grep -q "^accept queues: TcpExt:ListenOverflows=$ovf .*waiting: 127.0.0.1:8080 $queue " "$T/live.log" &&
	grep -q '^TIME_WAIT ' "$T/live.log"; then
	ok "live: timewait $tw and ListenOverflows $ovf (queue $queue) as the kernel's counters say"
else
	not_ok "live: the hints against the kernel's counters" "$(cat "$T/live.log")"
fi
echo "hints: $pass passed, $fail failed"
[ $fail = 0 ]
