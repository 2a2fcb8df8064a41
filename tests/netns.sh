#!/bin/bash
# --netns, on three network namespaces of our own (unshare -n, each with
# its own loopback population held by processes inside it):
#  - per namespace, ours --netns=PID against net-tools run inside it
#    (nsenter -t PID -n netstat), byte for byte, for the listing flags;
#    -S against the awk one-liner there;
#  - --netns=all -S: each namespace's line against its own -S, and the
#    sums; --netns=all -G state keyed by namespace;
#  - --netns=NAME and --netns=/path of `ip netns add` (a name of ours,
#    deleted at the end) against `ip netns exec NAME netstat`;
#  - as nobody: a root process's namespace read from /proc/PID/net (the
#    same listing), -p gives net-tools' message and no owner, -i and
#    --netns=NAME are refused, --netns=all shows only what nobody sees;
#  - errors: a PID that does not exist, a name that is not one, a path
#    that is not a namespace: one line, exit 1.
# Usage: tests/netns.sh BINARY. Needs root, unshare, nsenter, setpriv,
# ip, python3 and a build with --netns (else exit 77).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# ok, not_ok, abs_path, skip_unless_root, wait_ready
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
skip_unless_root "--netns tests (need root, unshare, nsenter, setpriv, ip, python3)" -n nsenter setpriv python3 ip
if ! "$BIN" --help 2>&1 | grep -q -- '--netns'; then
	echo "skip: --netns tests (a build without --netns)"
	exit 77
fi
# net-tools, the reference: NETSTAT_REF where it is not /usr/bin/netstat
# (make cross-check: for MIPS, net-tools built for MIPS)
REF=${NETSTAT_REF:-/usr/bin/netstat}
T=$(mktemp -d /tmp/netstat-netns.XXXXXX)
NAME=nstest$$
holders=
cleanup() {
	exec 7>&- 8>&- 9>&- 2>/dev/null
	for p in $holders; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$NAME" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
pass=0 fail=0
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

# a holder: N TCP connections to 127.0.0.1:7000, a UDP socket, a unix
# socket, in the namespace it runs in
cat >"$T/holder.py" <<'EOF'
import os, socket, sys
n, path = int(sys.argv[1]), sys.argv[2]
L = []
s = socket.socket(); s.bind(("127.0.0.1", 7000)); s.listen(64); L.append(s)
for i in range(n):
    c = socket.create_connection(("127.0.0.1", 7000)); L += [c, s.accept()[0]]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 5353 + n)); L.append(u)
x = socket.socket(socket.AF_UNIX); x.bind(path); x.listen(1); L.append(x)
print("ready", flush=True)
sys.stdin.read()
EOF
# start N FD: a holder in a new namespace, its stdin on fd FD; its PID
start() {
	mkfifo "$T/in$1"
	unshare -n sh -c "ip link set lo up && exec python3 '$T/holder.py' $1 '$T/sock$1'" <"$T/in$1" >"$T/ready$1" &
	holders="$holders $!"
	eval "exec $2>'$T/in$1'"
	wait_ready "$T/ready$1" "${holders##* }"
}
start 3 7; p3=${holders##* }
start 5 8; p5=${holders##* }
start 8 9; p8=${holders##* }

ONELINER="awk '/^tcp/ {++S[\$NF]} END {for(a in S) print a, S[a]}'"
for p in $p3 $p5 $p8; do
	for flags in -tan -tuan -xan -an -tanp -tuanep -ln; do
		# shellcheck disable=SC2086
		nsenter -t "$p" -n "$REF" $flags >"$T/theirs" 2>/dev/null
		# shellcheck disable=SC2086
		"$BIN" --netns="$p" $flags >"$T/ours" 2>/dev/null
		if cmp -s "$T/theirs" "$T/ours" && [ -s "$T/ours" ]; then
			ok "--netns=$p $flags = nsenter -t $p -n netstat $flags"
		else
			not_ok "--netns=$p $flags = nsenter -t $p -n netstat $flags" "$(diff -u "$T/theirs" "$T/ours")"
		fi
	done
	"$BIN" --netns="$p" -aS | sort >"$T/ours"
	nsenter -t "$p" -n sh -c "\"$REF\" -an | $ONELINER" | sort >"$T/theirs"
	if cmp -s "$T/theirs" "$T/ours" && [ -s "$T/ours" ]; then
		ok "--netns=$p -aS = the one-liner inside it"
	else
		not_ok "--netns=$p -aS = the one-liner inside it" "$(diff -u "$T/theirs" "$T/ours")"
	fi
done

# --netns=all -S: each of ours is a line, its counts those of its own -aS
"$BIN" --netns=all -aS >"$T/all" 2>/dev/null
bad=
for p in $p3 $p5 $p8; do
	ino=$(readlink "/proc/$p/ns/net" | tr -dc 0-9)
	line=$(awk -v i="$ino" '$1 == i' "$T/all")
	est=$("$BIN" --netns="$p" -aS | awk '$1 == "ESTABLISHED" { print $2 }')
	lis=$("$BIN" --netns="$p" -aS | awk '$1 == "LISTEN" { print $2 }')
	# columns: NETNS PID/Program Sockets ESTABLISHED ... LISTEN (12th) ...
	set -- $line
	[ "${3:-}" = $((est + lis)) ] && [ "${4:-}" = "$est" ] && [ "${13:-}" = "$lis" ] &&
		[ "${2:-}" = "$p/python3" ] || bad="$bad $p"
done
order=$(awk 'NR > 1 { print $3 }' "$T/all" | tr '\n' ' ')
if [ -z "$bad" ] && [ "$(awk 'NR > 1 { print $3 }' "$T/all" | sort -rn | tr '\n' ' ')" = "$order" ]; then
	ok "--netns=all -aS: a line per namespace, its counts its own -aS's, most sockets first"
else
	not_ok "--netns=all -aS: a line per namespace (wrong:$bad)" "$(cat "$T/all")"
fi
"$BIN" --netns=all -an -G state >"$T/allg" 2>/dev/null
bad=
for p in $p3 $p5 $p8; do
	ino=$(readlink "/proc/$p/ns/net" | tr -dc 0-9)
	want=$("$BIN" --netns="$p" -an -G state | awk -v i="$ino" '{ print $1, i, $2 }')
	got=$(awk -v i="$ino" '$2 == i { print $1, $2, $3 }' "$T/allg")
	[ -n "$want" ] && [ "$want" = "$got" ] || bad="$bad $p"
done
if [ -z "$bad" ]; then
	ok "--netns=all -G state: the namespace is the first key, each namespace's counts its own"
else
	not_ok "--netns=all -G state (wrong:$bad)" "$(cat "$T/allg")"
fi

# --netns=NAME and a path: a namespace of ip netns
if ip netns add "$NAME" 2>/dev/null; then
	ip netns exec "$NAME" ip link set lo up
	ip netns exec "$NAME" python3 -c "
import socket, sys
s = socket.socket(); s.bind(('127.0.0.1', 7100)); s.listen(1)
c = socket.create_connection(('127.0.0.1', 7100)); a = s.accept()
print('ready', flush=True); sys.stdin.read()" <"$T/in3" >"$T/readyname" &
	holders="$holders $!"
	wait_ready "$T/readyname" $!
	ip netns exec "$NAME" netstat -tan >"$T/theirs" 2>&1
	"$BIN" --netns="$NAME" -tan >"$T/ours" 2>&1
	"$BIN" --netns="/run/netns/$NAME" -tan >"$T/ours2" 2>&1
	if cmp -s "$T/theirs" "$T/ours" && cmp -s "$T/theirs" "$T/ours2" && grep -q ':7100 ' "$T/ours"; then
		ok "--netns=$NAME and --netns=/run/netns/$NAME = ip netns exec $NAME netstat -tan"
	else
		not_ok "--netns=NAME and a path = ip netns exec" "$(diff -u "$T/theirs" "$T/ours")" "$(diff -u "$T/theirs" "$T/ours2")"
	fi
	$NOBODY "$BIN" --netns="$NAME" -tan >"$T/out" 2>"$T/err"; st=$?
	if [ $st = 1 ] && [ ! -s "$T/out" ] && grep -q "^netstat: --netns=$NAME: setns: Operation not permitted" "$T/err"; then
		ok "as nobody, --netns=NAME: setns refused, one line, exit 1"
	else
		not_ok "as nobody, --netns=NAME: setns refused, one line, exit 1" "exit $st" "$(cat "$T/out" "$T/err")"
	fi
else
	echo "# skipped: --netns=NAME (ip netns add failed here)"
fi

# as nobody: the holders are root's
$NOBODY "$BIN" --netns="$p5" -tuan >"$T/ours" 2>"$T/err"; st=$?
"$BIN" --netns="$p5" -tuan >"$T/theirs" 2>/dev/null
if [ $st = 0 ] && cmp -s "$T/theirs" "$T/ours" && [ ! -s "$T/err" ]; then
	ok "as nobody, --netns=PID of a root process: its tables from /proc/PID/net, as root sees them"
else
	not_ok "as nobody, --netns=PID: its tables from /proc/PID/net" "exit $st" "$(diff -u "$T/theirs" "$T/ours")" "$(cat "$T/err")"
fi
$NOBODY "$BIN" --netns="$p5" -tanp >"$T/ours" 2>"$T/err"
$NOBODY nsenter --help >/dev/null 2>&1
if grep -qF '(No info could be read for "-p": geteuid()=65534 but you should be root.)' "$T/err" &&
	! grep -q 'python' "$T/ours" && grep -q ' - *$' "$T/ours"; then
	ok "as nobody, --netns=PID -p: net-tools' message, no owner shown"
else
	not_ok "as nobody, --netns=PID -p: net-tools' message, no owner shown" "$(cat "$T/ours" "$T/err")"
fi
$NOBODY "$BIN" --netns="$p5" -i >"$T/out" 2>"$T/err"; st=$?
if [ $st = 1 ] && grep -q -- '-i: --netns needs to enter the namespace (root)' "$T/err"; then
	ok "as nobody, --netns=PID -i: refused (its ioctls need the namespace), exit 1"
else
	not_ok "as nobody, --netns=PID -i: refused, exit 1" "exit $st" "$(cat "$T/err")"
fi
$NOBODY "$BIN" --netns=all -aS >"$T/out" 2>"$T/err"; st=$?
if [ $st = 0 ] && grep -q 'processes could not be seen' "$T/err" &&
	! grep -q python3 "$T/out"; then
	ok "as nobody, --netns=all: only the namespaces nobody may see, and it says so"
else
	not_ok "as nobody, --netns=all: only what nobody may see" "exit $st" "$(cat "$T/out" "$T/err")"
fi

# errors
sh -c 'exit 0' & gone=$!; wait $gone
for c in "$gone:no such process" "not-a-namespace-$$:/run/netns/not-a-namespace-$$: No such file or directory" \
	"/etc/hosts:not a network namespace"; do
	arg=${c%%:*} msg=${c#*:}
	"$BIN" --netns="$arg" -tan >"$T/out" 2>"$T/err"; st=$?
	if [ $st = 1 ] && [ ! -s "$T/out" ] && [ "$(cat "$T/err")" = "netstat: --netns=$arg: $msg" ]; then
		ok "--netns=$arg: \"$msg\", exit 1"
	else
		not_ok "--netns=$arg: \"$msg\", exit 1" "exit $st" "$(cat "$T/out" "$T/err")"
	fi
done
echo "netns: $pass passed, $fail failed"
[ $fail = 0 ]
