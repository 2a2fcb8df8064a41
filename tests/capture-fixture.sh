#!/bin/bash
# capture-fixture.sh NAME [population.py options]
#
# Captures a fixture of real kernel output: in a fresh network namespace
# (so only our own loopback sockets exist) and a private mount namespace
# (so population.py's socket files sit at fixed paths under a private
# /tmp and the real /tmp is never touched), starts tests/population.py,
# waits for its "ready", copies /proc/net/{tcp,tcp6,udp,udp6,udplite,
# udplite6,raw,raw6,unix} into tests/fixtures/NAME/net/, stops the
# population and writes tests/fixtures/NAME/README.
#
#   tests/capture-fixture.sh basic --plain    # byte-identical fixture
#   tests/capture-fixture.sh hostile          # with the hostile unix names
#
# Needs root (unshare -n -m, mount). Python: $PYTHON, default python3.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tables="tcp tcp6 udp udp6 udplite udplite6 raw raw6 unix"

# die
# shellcheck source=tests/testnet.sh
. "$here/testnet.sh"

[ $# -ge 1 ] || die "usage: capture-fixture.sh NAME [population.py options]"
name=$1
shift
case $name in
'' | *[!A-Za-z0-9_-]*) die "NAME must be letters, digits, - and _" ;;
esac

if [ "${NSTEST_CAPTURE_INNER:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || die "needs root (unshare -n -m)"
	# Re-run this script inside new network + mount namespaces.
	exec unshare -n -m env NSTEST_CAPTURE_INNER=1 "$0" "$name" "$@"
fi

# --- from here on: inside our own namespaces ---------------------------
mount --make-rprivate /
mount -t tmpfs -o mode=1777 nstest-tmp /tmp
ip link set lo up

out=$here/fixtures/$name
rm -rf "$out/net"
mkdir -p "$out/net"

# population.py keeps its sockets until its stdin closes; a coprocess
# gives us both its stdout (for "ready") and its stdin (to stop it).
coproc POP { exec "${PYTHON:-python3}" "$here/population.py" "$@"; }
# shellcheck disable=SC2153 # POP_PID is set by coproc
pop_pid=$POP_PID
line=
read -r line <&"${POP[0]}" || true
[ "$line" = ready ] || die "population.py did not get ready"

missing=
copied=0
for t in $tables; do
	if [ -e "/proc/net/$t" ]; then
		cat "/proc/net/$t" >"$out/net/$t"
		copied=$((copied + 1))
	else
		missing="$missing $t"
	fi
done

eval "exec ${POP[1]}>&-"	# EOF on its stdin: it cleans up and exits
wait "$pop_pid" || die "population.py failed"

{
	echo "Fixture '$name': real /proc/net files captured from the kernel."
	echo
	echo "kernel:   $(uname -r) ($(uname -m))"
	echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "command:  tests/capture-fixture.sh $name${*:+ $*}"
	echo "sockets:  tests/population.py${*:+ $*} (see its header for the list)"
	echo "          population.py sha256 $(sha256sum "$here/population.py" | cut -d' ' -f1)"
	echo
	echo "How: unshare -n -m; mount --make-rprivate /; tmpfs on /tmp;"
	echo "ip link set lo up; population.py --dir /tmp/nstest (default) was"
	echo "started, and after its 'ready' each file was copied with"
	echo "cat /proc/net/FILE > net/FILE. Only the population's sockets exist"
	echo "in that namespace. Inode numbers, the order of established rows"
	echo "and the timer columns differ from one capture to the next."
	[ -z "$missing" ] || echo "Not present on this kernel:$missing"
	echo
	echo "golden/ (tests/make-goldens.sh $name): net-tools' own output for"
	echo "each case of tests/fixtures/cases, with this directory mounted"
	echo "over /proc; ID.out is stdout, ID.err stderr (only if non-empty),"
	echo "ID.rc the exit status (only if not 0)."
} >"$out/README"

echo "captured $out/net ($copied files)"
