# shellcheck shell=bash
# tests/testnet.sh: the one helper file the test scripts source (bash).
# Sourced by every suite of tests/run.sh but size.sh (POSIX sh), by
# valgrind.sh, by the fixture makers (capture-fixture.sh, make-goldens.sh,
# netinfo-capture.sh, net-tools-foreign.sh), again by the inner scripts
# the suites run under unshare (each given HERE, this directory, as an
# argument), and by busybox-check.sh's inner part (bind_private_etc,
# wait_ready; that script has pass and fail functions of its own, which
# a pass or fail here would replace). It only defines functions and one
# variable, TESTNET_JOINER; sourcing it does nothing else.
#
# The suites' TAP lines, which tests/run.sh counts from each suite's last
# line "NAME: N passed, N failed[, N skipped]":
# ok NAME: "ok - NAME"; pass=pass+1.
# not_ok NAME [DETAIL...]: "not ok - NAME", then each DETAIL's lines as
#   "#   " comments; fail=fail+1.
# skipped NAME WHY: "skip - NAME (WHY)"; skip=skip+1.
#   With TALLY set (a file), ok and not_ok also append "pass" or "fail"
#   to it: for a suite whose cases run in processes of their own (each
#   namespace round a new bash), where the counters cannot add up.
# tally_report NAME: "NAME: N passed, N failed" counted from $TALLY; 1
#   if any failed.
#
# The preamble of a suite (tests/SUITE.sh BINARY):
# abs_path FILE: FILE with its directory made absolute (the suites cd and
#   enter namespaces; BINARY must still be found).
# skip_unless_root WHAT UNSHARE_FLAGS [COMMAND...]: unless we are root,
#   `unshare UNSHARE_FLAGS true` works ("-n", "-m", "-n -m") and each
#   COMMAND is on PATH, prints "skip: WHAT" and exits 77, run.sh's skip.
# work_dir NAME: T, a new directory /tmp/netstat-NAME.XXXXXX, removed on
#   exit unless KEEP is set (KEEP=1 bash tests/hints.sh ./netstat).
# reference_checks WHAT BINARY REF PYTHON: the needs of the byte-for-byte
#   comparisons with net-tools (live.sh, netinfo.sh): exits 2 with a
#   message unless BINARY is an executable file; "skip: WHAT (needs X)"
#   and 77 for the first X missing of root with unshare -n -m, REF (the
#   reference netstat), PYTHON, ip and timeout.
# die MESSAGE: "SCRIPT: MESSAGE" on stderr, exit 1 (the fixture makers).
#
# Anywhere:
# wait_for PID COMMAND...: runs COMMAND every 0.1 s until it succeeds; 1
#   if the background process PID (the one that should make it succeed)
#   exited first. No time bound: a loaded machine is slow, not wrong.
# wait_ready FILE PID: wait_for PID until FILE (PID's stdout) has a line
#   "ready", what every holder of test sockets prints when it holds them.
# in_proc DIR COMMAND...: COMMAND in a mount namespace of its own with
#   DIR bind-mounted over /proc (a fixture's net/ and sys/ for the
#   kernel's); nothing outside sees it. Needs root.
#
# Inside a private network and mount namespace of the caller's own
# (unshare -n -m, mount --make-rprivate /): these touch neither the real
# network nor the machine's files.
# bind_private_etc DIR FILE...: binds DIR/FILE over /etc/FILE for
#   each FILE and checks it is in place, hides a running nscd (glibc would
#   hand it the lookups, outside our namespace) and unsets the variables
#   that steer glibc's resolver. If one did not take: "Bail out! ..."
#   naming it on stdout (the callers print TAP) and 1.
# testnet_build: the network of tests/netinfo.sh (live comparison of -i,
#   -r, -g with net-tools), of which tests/fixtures/netinfo is a capture
#   (tests/netinfo-capture.sh): lo; a bridge br0 with an address label
#   br0:7 (an alias only SIOCGIFCONF lists); a veth pair with IPv4 and
#   IPv6 addresses; a veth with a 13-character name whose peer has 11; a
#   bridge left down; a veth with MTU 9000 in promiscuous mode; a tun
#   device (POINTOPOINT, NOARP); IPv4 routes (default and 0.0.0.0/1 via
#   gateways, a host route, metrics, mtu/window/rtt, unreachable,
#   prohibit, blackhole, metric 4294967295); IPv6 routes (default via a
#   gateway, unreachable, blackhole, prohibit, metric 4294967295,
#   ::ffff:0:0/96); a link-layer multicast address on br0 (ip maddr).
#   Stops at the first command that fails, with its status.
# testnet_join_groups: a python3 socket ($PYTHON) joins multicast groups
#   (IPv4: 239.1.2.3 twice, 239.255.255.250, 224.0.0.251; IPv6 on veth-a:
#   ff15::1234, ff02::fb, ff05::1:3) and holds them until
#   testnet_leave_groups; then waits for the IPv6 addresses to leave DAD
#   (their routes appear then). 1 if the joiner did not start.

ok() {
	pass=$((${pass:-0} + 1))
	echo "ok - $1"
	[ -z "${TALLY:-}" ] || echo pass >>"$TALLY"
}

not_ok() {
	fail=$((${fail:-0} + 1))
	echo "not ok - $1"
	[ -z "${TALLY:-}" ] || echo fail >>"$TALLY"
	shift
	[ $# = 0 ] || printf '%s\n' "$@" | sed 's/^/#   /'
}

skipped() {
	skip=$((${skip:-0} + 1))
	echo "skip - $1 ($2)"
}

tally_report() {
	local p f
	p=$(grep -c '^pass' "$TALLY" || true)
	f=$(grep -c '^fail' "$TALLY" || true)
	echo "$1: $p passed, $f failed"
	[ "$f" = 0 ]
}

abs_path() {
	echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

skip_unless_root() {
	local what=$1 flags=$2 c
	shift 2
	# shellcheck disable=SC2086 # the flags are split on blanks on purpose
	if [ "$(id -u)" != 0 ] || ! unshare $flags true 2>/dev/null; then
		echo "skip: $what"
		exit 77
	fi
	for c in "$@"; do
		command -v "$c" >/dev/null || { echo "skip: $what"; exit 77; }
	done
}

reference_checks() {
	local what=$1 bin=$2 ref=$3 python=$4
	if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
		echo "${0##*/}: $bin: not an executable file" >&2
		exit 2
	fi
	if [ "$(id -u)" != 0 ] || ! unshare -n -m true 2>/dev/null; then
		echo "skip: $what (needs root and unshare -n -m)"
		exit 77
	fi
	[ -x "$ref" ] || { echo "skip: $what (needs $ref from net-tools)"; exit 77; }
	command -v "$python" >/dev/null 2>&1 || { echo "skip: $what (needs $python)"; exit 77; }
	command -v ip >/dev/null 2>&1 || { echo "skip: $what (needs ip from iproute2)"; exit 77; }
	command -v timeout >/dev/null 2>&1 || { echo "skip: $what (needs timeout from coreutils)"; exit 77; }
}

work_dir() {
	T=$(mktemp -d "/tmp/netstat-$1.XXXXXX") || exit 2
	trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

in_proc() {
	local d=$1
	shift
	unshare -m sh -c "mount --make-rprivate / && mount --bind '$d' /proc && exec \"\$@\"" sh "$@"
}

testnet_build() {
	# fewer IPv6 announcements: steadier counters for -i
	sysctl -qw net.ipv6.conf.default.router_solicitations=0 \
		net.ipv6.conf.all.router_solicitations=0 2>/dev/null || true
	ip link set lo up &&
	ip link add br0 type bridge &&
	ip link set br0 up &&
	ip addr add 10.20.30.1/24 dev br0 &&
	ip addr add 10.20.31.1/24 dev br0 label br0:7 &&
	ip -6 addr add 2001:db8:1::1/64 dev br0 nodad &&
	ip link add veth-a type veth peer name veth-b &&
	ip addr add 192.168.77.1/24 dev veth-a &&
	ip addr add 192.168.77.2/24 dev veth-b &&
	ip -6 addr add 2001:db8:2::1/64 dev veth-a nodad &&
	ip link set veth-a up &&
	ip link set veth-b up &&
	ip link add vethlongname1 type veth peer name abcdefghijk &&
	ip link set vethlongname1 up &&
	ip link set abcdefghijk up &&
	ip addr add 10.6.0.1/24 dev vethlongname1 &&
	ip link add brdown9 type bridge &&
	ip link add veth2 mtu 9000 type veth peer name veth3 &&
	ip link set veth2 up promisc on &&
	ip link set veth3 master br0 &&
	ip tuntap add tun0 mode tun &&
	ip link set tun0 up &&
	ip maddr add 01:00:5e:01:02:03 dev br0 &&

	ip route add default via 10.20.30.254 &&
	ip route add 0.0.0.0/1 via 10.20.30.253 &&
	ip route add 172.16.0.0/12 via 192.168.77.2 metric 50 &&
	ip route add 10.99.0.5 dev veth-a &&
	ip route add 10.52.0.7/32 via 192.168.77.2 &&
	ip route add unreachable 10.66.0.0/16 &&
	ip route add prohibit 10.67.0.0/16 &&
	ip route add blackhole 10.68.0.0/16 &&
	ip route add 169.254.0.0/16 dev br0 metric 1000 &&
	ip route add 10.77.0.0/16 via 10.20.30.2 mtu 1400 window 8000 rtt 30 &&
	ip route add 10.50.0.0/16 dev vethlongname1 metric 4294967295 &&
	ip -6 route add default via 2001:db8:1::fe metric 1024 &&
	ip -6 route add unreachable 2001:db8:dead::/48 &&
	ip -6 route add blackhole 2001:db8:bad::/48 &&
	ip -6 route add prohibit 2001:db8:bae::/48 &&
	ip -6 route add 2001:db8:99::/64 via 2001:db8:2::2 &&
	ip -6 route add 2001:db8:77::/64 dev veth-a metric 4294967295 &&
	ip -6 route add ::ffff:0:0/96 dev veth-a
}

TESTNET_JOINER='
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for g, a in (("239.1.2.3", "192.168.77.1"), ("239.255.255.250", "192.168.77.1"),
             ("224.0.0.251", "10.6.0.1")):
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 socket.inet_aton(g) + socket.inet_aton(a))
t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             socket.inet_aton("239.1.2.3") + socket.inet_aton("192.168.77.1"))
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
idx = socket.if_nametoindex("veth-a")
for g in ("ff15::1234", "ff02::fb", "ff05::1:3"):
    s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                  socket.inet_pton(socket.AF_INET6, g) + struct.pack("@I", idx))
print("ready", flush=True)
sys.stdin.read()
'

testnet_join_groups() {
	local line=
	coproc TESTNET_JOIN { exec "${PYTHON:-python3}" -c "$TESTNET_JOINER"; }
	read -r line <&"${TESTNET_JOIN[0]}" || true
	[ "$line" = ready ] || return 1
	wait_for "$TESTNET_JOIN_PID" testnet_settled
}

# no IPv6 address in DAD any more: their local routes are in place
testnet_settled() {
	! ip -6 addr show | grep -v dadfailed | grep -q tentative
}

testnet_leave_groups() {
	# shellcheck disable=SC2153 # TESTNET_JOIN_PID is set by coproc
	local pid=$TESTNET_JOIN_PID
	eval "exec ${TESTNET_JOIN[1]}>&-"
	wait "$pid" 2>/dev/null || true
}

bind_private_etc() {
	local dir=$1 f
	shift
	for f in "$@"; do
		if ! mount --bind "$dir/$f" "/etc/$f" || ! cmp -s "$dir/$f" "/etc/$f"; then
			echo "Bail out! could not put a private /etc/$f in place"
			return 1
		fi
	done
	for f in /run/nscd /var/run/nscd; do
		[ ! -d "$f" ] || mount -t tmpfs nstest-nscd "$f"
	done
	unset LOCALDOMAIN RES_OPTIONS HOSTALIASES
}

wait_for() {
	local pid=$1
	shift
	until "$@"; do
		kill -0 "$pid" 2>/dev/null || { "$@"; return; }
		sleep 0.1
	done
}

wait_ready() {
	wait_for "$2" grep -q '^ready' "$1" 2>/dev/null
}
