#!/bin/bash
# tests/netinfo.sh BINARY
#
# Live comparison of BINARY with Debian's net-tools netstat for -i, -r
# and -g: both run on the same machine state and their stdout and exit
# status must be identical, byte for byte.
#
# Everything happens in a private network + mount namespace of its own
# (unshare -n -m), so only what this script builds there is seen, and
# nothing reaches the real network: tests/testnet.sh builds it (a
# bridge with an address label, veths, a bridge left down, a tun device, IPv4
# and IPv6 routes of every kind, multicast groups joined by a socket and
# by ip maddr), the same network tests/fixtures/netinfo was captured from.
#
# Resolving runs (-r, -re, -ree, -r6, -g, -i) are safe: the mount
# namespace gets our own /etc/hosts, /etc/networks, /etc/nsswitch.conf
# (files, then dns for hosts) and /etc/resolv.conf naming 127.0.0.1,
# this namespace's own loopback, where nothing listens (a query is
# refused at once); /run/nscd is hidden. The script checks they are in
# place, and that net-tools names a gateway from our hosts file, before
# any resolving run.
#
# Interface counters move while IPv6 and IGMP announce themselves, so
# an -i case is retried (up to 5 times, a second apart) until both
# tools print the same; each retry is noted.
#
# -gn -4 and -gn -6 print the groups only if select_tables() keeps
# KIND_GROUPS when a family alone selects all protocols (see the report
# that came with this script).
#
# Output: "ok - FLAGS" or "not ok - FLAGS" and a diff (net-tools first);
# last line "netinfo: N passed, N failed". Exit 0 if all passed, 1 if
# any failed, 77 ("skip: ...") without root, unshare, ip, python3 or
# net-tools, 2 on usage errors.
#
# Environment: NETSTAT_REF (default /usr/bin/netstat), PYTHON (python3).
set -u

ref=${NETSTAT_REF:-/usr/bin/netstat}
python=${PYTHON:-python3}
# testnet_build, testnet_join_groups, testnet_leave_groups, bind_private_etc,
# ok, not_ok, tally_report, abs_path, reference_checks
# shellcheck source=tests/testnet.sh
. "$(dirname "$0")/testnet.sh"

usage() { echo "usage: tests/netinfo.sh BINARY" >&2; exit 2; }

# the namespace's part runs in a bash of its own: ok and not_ok count in
# $TALLY
# compare FLAGS...: one run of each; 0 if stdout and status are the same
run_both() {
	local rrc=0 brc=0
	timeout 10 "$ref" "$@" >"$tmp/ref.out" 2>"$tmp/ref.err" </dev/null || rrc=$?
	timeout 10 "$bin" "$@" >"$tmp/bin.out" 2>"$tmp/bin.err" </dev/null || brc=$?
	echo "# exit status: net-tools $rrc, $bin $brc" >"$tmp/status"
	[ $brc != 124 ] && [ $rrc = $brc ] && cmp -s "$tmp/ref.out" "$tmp/bin.out"
}

# compare [-retry] FLAGS...
compare() {
	local tries=1 n=1
	if [ "$1" = -retry ]; then
		tries=5
		shift
	fi
	until run_both "$@"; do
		if [ $n -ge $tries ]; then
			not_ok "$*"
			cat "$tmp/status"
			diff -u --label "net-tools $*" --label "$bin $*" \
				"$tmp/ref.out" "$tmp/bin.out" | sed 's/^/# /'
			[ ! -s "$tmp/bin.err" ] || sed 's/^/# stderr: /' "$tmp/bin.err"
			return
		fi
		n=$((n + 1))
		sleep 1
	done
	[ $n = 1 ] || echo "# $*: identical on attempt $n (counters moved meanwhile)"
	ok "$*"
}

private_name_service() {
	local etc=$work/etc
	mkdir -p "$etc"
	cat >"$etc/hosts" <<-'EOF'
	127.0.0.1	localhost
	10.20.30.254	gw-main.example.test
	10.20.30.253	half-default-gw
	192.168.77.2	peer-b.example.test
	10.20.30.2	a-very-long-gateway-name.example.test
	10.99.0.5	host99
	::1	ip6-localhost ip6-loopback
	2001:db8:1::fe	gw6.example.test
	2001:db8:2::2	v6peer-with-a-rather-long-name.example.test
	ff02::1	ip6-allnodes
	ff02::2	ip6-allrouters
	ff15::1234	v6group.example.test
	224.0.0.1	all-systems.mcast.net
	239.1.2.3	my-mcast-group-with-long-name
	EOF
	# glibc pads "10.20.30" to 10.20.30.0 and "172.16" to 172.16.0.0
	printf '%s\n' 'default		0.0.0.0' 'loopback	127.0.0.0' \
		'link-local	169.254.0.0' 'net-ten-twenty	10.20.30' \
		'bignet		172.16' >"$etc/networks"
	echo "nameserver 127.0.0.1" >"$etc/resolv.conf"
	printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' \
		'networks: files' 'protocols: files' 'services: files' \
		>"$etc/nsswitch.conf"
	bind_private_etc "$etc" hosts networks resolv.conf nsswitch.conf || { echo fail >>"$TALLY"; exit 1; }
}

inner() {
	bin=$1
	work=$2
	TALLY=$work/tally
	tmp=$work/tmp
	mkdir -p "$tmp"
	mount --make-rprivate /		# nothing we mount leaks out
	private_name_service
	export LC_ALL=C
	if ! testnet_build >"$tmp/setup.log" 2>&1; then
		echo "Bail out! could not build the test network:"
		sed 's/^/# /' "$tmp/setup.log"
		echo fail >>"$TALLY"
		exit 1
	fi
	if ! PYTHON=$python testnet_join_groups; then
		echo "Bail out! the multicast joiner did not start"
		echo fail >>"$TALLY"
		exit 1
	fi

	# Resolving runs count only if net-tools reads our hosts file.
	if timeout 10 "$ref" -r 2>/dev/null | grep -q '^default  *gw-main\.example '; then
		ok "setup: private /etc/hosts in use"
	else
		not_ok "setup: private /etc/hosts in use (net-tools -r did not name gw-main.example)"
	fi

	compare -retry -i
	compare -retry -ia
	compare -retry -in
	local flags
	set -f
	for flags in -rn -rne -rnee -rneee -r6n '-rn -A inet6' '-rn -4 -6' \
		-rN -rnC -rneeC -r6nC -rnCF '-rn -x' \
		-gn '-gn -4' '-gn -6' \
		-r -re -ree -r6 '-r -4 -6' -g; do
		# shellcheck disable=SC2086 # FLAGS are split on blanks on purpose
		compare $flags
	done
	set +f

	testnet_leave_groups
}

if [ -n "${NSTEST_NETINFO_INNER:-}" ]; then
	inner "$@"
	exit 0
fi

# ----------------------------------------------------------------------
# Outer part: checks, then the namespace.

[ $# -eq 1 ] || usage
reference_checks "netinfo live comparison" "$1" "$ref" "$python"
bin=$(abs_path "$1")

work=$(mktemp -d /tmp/netinfo.XXXXXX)
trap 'rm -rf "$work"' EXIT
TALLY=$work/tally
: >"$TALLY"

unshare -n -m env NSTEST_NETINFO_INNER=1 "$BASH" "$0" "$bin" "$work" ||
	not_ok "the namespace round ended abnormally"

tally_report netinfo
