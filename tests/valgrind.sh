#!/bin/bash
# Memcheck: the unit tests and the binary on the live machine's sockets,
# no error and no leak (definite or indirect). Valgrind cannot follow
# malloc inside a static binary, so this uses a gcc/glibc build of the
# same sources (BUILD_DIR holds it: make valgrind builds it).
# Usage: tests/valgrind.sh BUILD_DIR
set -u
B=$1
HERE=$(cd "$(dirname "$0")" && pwd)
# ok, not_ok, work_dir
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
if ! command -v valgrind >/dev/null; then
	echo "skip: valgrind (not installed)"; exit 77
fi
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
work_dir vg
pass=0 fail=0
run() {
	name=$1; shift
	if (cd "$HERE/.." && $VG "$@") >"$T/out" 2>"$T/err"; then
		ok "valgrind $name"
	elif [ $? = 99 ] || grep -q '^==[0-9]*==' "$T/err"; then
		not_ok "valgrind $name"; sed 's/^/#   /' "$T/err" | head -30
	else
		# a non-zero status of netstat itself (e.g. no such table) is fine
		ok "valgrind $name"
	fi
}
run "unit tests" "$B/unit"
for flags in -tuwxane -tuwxanep -tuwxaneo -Sa -Sav "-nat -G rhost,state" "-nat -G prog" -tuwanW; do
	run "netstat $flags" "$B/netstat" $flags
done
if [ "$(id -u)" = 0 ] && unshare -n -m true 2>/dev/null; then
	# resolving mode, with our own hosts file and no DNS server
	printf '127.0.0.1 localhost\n::1 ip6-localhost\n' >"$T/hosts"
	echo "nameserver 127.0.0.9" >"$T/resolv"
	run "netstat -tuwae (resolving, own namespace)" unshare -n -m sh -c "
		mount --make-rprivate / && mount --bind '$T/hosts' /etc/hosts &&
		mount --bind '$T/resolv' /etc/resolv.conf && ip link set lo up &&
		exec $VG '$PWD/$B/netstat' -tuwae"
fi
echo "valgrind: $pass passed, $fail failed"
[ $fail = 0 ]
