#!/bin/bash
# tests/net-tools-foreign.sh ARCH DIR
#
# Debian's net-tools built for another architecture, runnable here under
# qemu-user: the reference a build for that target is compared with
# where its numbers are not x86_64's (MIPS numbers SOCK_DGRAM 1 and
# SOCK_STREAM 2, so on MIPS /usr/bin/netstat of x86_64 is not the
# reference). ARCH is Debian's name (mipsel, arm64, armhf, s390x).
#
# apt-get download net-tools:ARCH and the libraries it links (libc6,
# libselinux1, libpcre2-8-0), dpkg -x each into DIR/root (nothing is
# installed), and write DIR/netstat, a wrapper that runs DIR/root's
# /bin/netstat under qemu-QEMU-static -L DIR/root. Prints the wrapper's
# path and the net-tools version; a DIR made before is reused.
#
# Needs `dpkg --add-architecture ARCH` and `apt-get update` before (as
# .ci/run does), apt-get, dpkg-deb and qemu-user-static.
set -eu

# die
# shellcheck source=tests/testnet.sh
. "$(dirname "$0")/testnet.sh"
[ $# = 2 ] || die "usage: net-tools-foreign.sh ARCH DIR"
arch=$1 dir=$2
case $arch in	# Debian's architecture names, qemu's
arm64) qemu=qemu-aarch64-static ;;
armhf | armel) qemu=qemu-arm-static ;;
ppc64el) qemu=qemu-ppc64le-static ;;
*) qemu=qemu-$arch-static ;;
esac
command -v "$qemu" >/dev/null || die "$qemu not found (apt-get install qemu-user-static)"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ ! -x "$dir/root/bin/netstat" ]; then
	rm -rf "$dir/debs" "$dir/root"
	mkdir -p "$dir/debs" "$dir/root"
	(cd "$dir/debs" && apt-get download -q "net-tools:$arch" "libc6:$arch" \
		"libselinux1:$arch" "libpcre2-8-0:$arch" >/dev/null 2>&1) ||
		die "apt-get download net-tools:$arch failed (dpkg --add-architecture $arch; apt-get update)"
	for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$dir/root"; done
fi
printf '#!/bin/sh\nexec %s -L %s %s/root/bin/netstat "$@"\n' "$qemu" "$dir/root" "$dir" >"$dir/netstat"
chmod 755 "$dir/netstat"
"$dir/netstat" -V >/dev/null 2>&1 || die "$dir/netstat -V does not run"
version=$(cd "$dir/debs" && ls net-tools_*.deb | sed 's/^net-tools_\(.*\)_[^_]*\.deb$/\1/')
echo "$dir/netstat net-tools $version ($arch, under $qemu)"
