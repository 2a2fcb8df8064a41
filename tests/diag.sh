#!/bin/bash
# The NETLINK_SOCK_DIAG path of -S and -G against /proc, the ground
# truth: in a private network namespace holding tests/population.py's
# sockets (every TCP state, v4, v6 and v4-mapped, UDP) and 10,000 more
# (ESTABLISHED pairs, v4 and v4-mapped, from 2,500 client addresses, and
# 500 TIME_WAIT), every counting command must print
# the same with the netlink path and with --no-netlink; -v says which
# path counted. Then the fallback: with socket() failing (strace's fault
# injection: no netlink, as in gVisor or a seccomp sandbox) and with a
# read failing in the middle of a dump (what was counted is undone), the
# output is /proc's and -v says so.
# Usage: tests/diag.sh BINARY. Needs root, unshare, python3, strace and a
# build with the netlink path (else exit 77).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
for t in python3 strace unshare; do
	command -v $t >/dev/null || { echo "skip: netlink tests ($t missing)"; exit 77; }
done
skip_unless_root "netlink tests (need root and unshare -n)" -n
if ! "$BIN" --help 2>&1 | grep -q -- '--no-netlink'; then
	echo "skip: netlink tests (a build without the netlink path)"; exit 77
fi
work_dir diag
cat >"$T/more.py" <<'PY'
import resource, socket, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
held = []
v4 = socket.socket(); v4.bind(("127.0.0.1", 9000)); v4.listen(1024); held.append(v4)
v6 = socket.socket(socket.AF_INET6); v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
v6.bind(("::", 9001)); v6.listen(1024); held.append(v6)
for i in range(4750):
    srv = v4 if i % 4 else v6
    c = socket.socket(); c.bind(("127.0.%d.%d" % (10 + i // 250 % 10, i % 250 + 1), 0))
    c.connect(("127.0.0.1", 9000 if i % 4 else 9001)); held += [c, srv.accept()[0]]
for i in range(500):
    c = socket.create_connection(("127.0.0.1", 9000)); a, _ = v4.accept()
    c.close(); a.close()
print("ready", flush=True)
sys.stdin.read()
PY

cat >"$T/inside.sh" <<'EOF'
set -u
BIN=$1 HERE=$2 T=$3
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
ip link set lo up
pass=0 fail=0
mkfifo "$T/pop.in" "$T/bench.in"
python3 "$HERE/population.py" --plain --dir "/tmp/nsd$$" <"$T/pop.in" >"$T/pop.ready" 2>"$T/pop.log" &
pop=$!
exec 8>"$T/pop.in"
# one after the other: the 10,000's ephemeral ports must not take a port
# population.py binds (it binds fixed ones, 41004 among them)
wait_ready "$T/pop.ready" $pop
python3 "$T/more.py" <"$T/bench.in" >"$T/bench.ready" 2>"$T/bench.log" &
more=$!
exec 9>"$T/bench.in"
if ! wait_ready "$T/pop.ready" $pop || ! wait_ready "$T/bench.ready" $more; then
	not_ok "the populations did not start" "$(cat "$T/pop.log" "$T/bench.log")"
fi
echo "# $(grep -c . /proc/net/tcp) + $(grep -c . /proc/net/tcp6) lines of /proc/net/tcp, tcp6"
# where netlink cannot be had (qemu-user passes only NETLINK_ROUTE and
# a few others: the fallback, for real) both runs read /proc: still the
# same output, and -v must say /proc
nl_word="counted from NETLINK_SOCK_DIAG"
if "$BIN" -S -v 2>&1 >/dev/null | grep -q 'counted from /proc/net'; then
	nl_word="counted from /proc/net"
	echo "# NETLINK_SOCK_DIAG is not available here: both paths are /proc's (the fallback), and the fault injection is skipped"
fi
# each: the same stdout through netlink and from /proc, and -v's word on
# the path
for args in "-S" "-aS" "-lS" "-4S" "-6aS" "-S -tuw" "-aS -tuw" "-aS -v" "-S -p" \
	"-tn -G rhost" "-n -G rhost,state=SYN_REC" "-ntu -G rhost,state=ESTAB" \
	"-an -G rhost,port=8000" "-n -G raddr,state=TIME_WAIT,top=20" "-nat -G state" \
	"-ant -G prog,state" "-uan -G laddr,state" "-an -G proto,lport,state=LISTEN" \
	"-tan -G lhost,raddr,state=FIN_WAIT" "-6tan -G raddr"; do
	# (with -v the hints print kernel counters that move on their own:
	# the SYN_SENT clients' retries overflow a full queue now and then)
	# shellcheck disable=SC2086
	"$BIN" $args -v 2>"$T/nl.err" | sed -E 's/(TcpExt:[A-Za-z]+)=[0-9]+/\1=N/g' >"$T/nl"
	# shellcheck disable=SC2086
	"$BIN" $args -v --no-netlink 2>"$T/proc.err" | sed -E 's/(TcpExt:[A-Za-z]+)=[0-9]+/\1=N/g' >"$T/proc"
	if [ -s "$T/nl" ] && cmp -s "$T/nl" "$T/proc" && grep -q "$nl_word" "$T/nl.err" &&
		grep -q 'counted from /proc/net' "$T/proc.err"; then
		ok "netstat $args: netlink = /proc ($(wc -l <"$T/nl") lines)"
	else
		not_ok "netstat $args: netlink = /proc" "$(diff -u "$T/proc" "$T/nl" | head -n 30)" "$(cat "$T/nl.err" "$T/proc.err")"
	fi
done
# the fallback: no netlink socket at all, and a dump that breaks
[ "$nl_word" = "counted from /proc/net" ] && injects= || injects="socket:error=EAFNOSUPPORT socket:error=EPERM recvfrom:error=EIO:when=3"
for inject in $injects; do
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null -e trace=socket,recvfrom -e inject="$inject" \
		"$BIN" -aS -v 2>"$T/nl.err" | sed -E 's/(TcpExt:[A-Za-z]+)=[0-9]+/\1=N/g' >"$T/nl"
	"$BIN" -aS -v --no-netlink 2>/dev/null | sed -E 's/(TcpExt:[A-Za-z]+)=[0-9]+/\1=N/g' >"$T/proc"
	if [ -s "$T/nl" ] && cmp -s "$T/nl" "$T/proc" && grep -q 'counted from /proc/net' "$T/nl.err"; then
		ok "fallback ($inject): -aS counted from /proc, the same"
	else
		not_ok "fallback ($inject): -aS counted from /proc" "$(diff -u "$T/proc" "$T/nl" | head -n 20)" "$(cat "$T/nl.err")"
	fi
done
exec 8>&- 9>&-
wait
echo "diag: $pass passed, $fail failed"
[ $fail = 0 ]
EOF
unshare -n bash "$T/inside.sh" "$BIN" "$HERE" "$T"
