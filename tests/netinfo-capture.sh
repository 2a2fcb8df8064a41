#!/bin/bash
# netinfo-capture.sh [DIR]
#
# Captures the /proc/net files of -i, -r and -g from a private network
# namespace into DIR/proc/net/ (default: this script's directory):
# dev, route, rt_cache, ipv6_route, igmp, igmp6. The namespace holds
# only the test network of tests/testnet.sh (nothing of the real network
# is seen or touched), the one tests/netinfo.sh compares net-tools and
# ours on live.
# Needs root, unshare (util-linux), ip (iproute2), python3.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# testnet_build, testnet_join_groups, testnet_leave_groups, die
# shellcheck source=tests/testnet.sh
. "$here/testnet.sh"
dir=${1:-$here}

if [ "${NSTEST_CAPTURE_INNER:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || die "needs root"
	mkdir -p "$dir/proc/net"
	dir=$(cd "$dir" && pwd)
	exec unshare -n -m env NSTEST_CAPTURE_INNER=1 bash "$0" "$dir"
fi

# --- inside the new network and mount namespaces ----------------------
mount --make-rprivate /
testnet_build || die "could not build the test network"
testnet_join_groups || die "the multicast joiner did not start"

out=$1/proc/net
for f in dev route rt_cache ipv6_route igmp igmp6; do
	cat "/proc/net/$f" >"$out/$f"
done
testnet_leave_groups
echo "captured dev route rt_cache ipv6_route igmp igmp6 into $out"
