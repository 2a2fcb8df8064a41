#!/bin/bash
# busybox-check.sh [APPLET_FILE]
#
# Drops APPLET_FILE (default: applet/netstat.c of the repository this
# script lives in) over networking/netstat.c of three BusyBox trees and
# checks that it builds there, with BusyBox's own libbb and Kconfig, that
# the applet is never silently left out, that integrators' recipes keep
# what stock netstat has, and that it behaves as the standalone build of
# the same file. Needs root (apt-get, unshare -n -m).
#
#  1. Trees, each labelled in every line ("[1.37.0/on] ..."):
#       1.35.0         upstream 1.35.0, unpatched: busybox_1.35.0.orig.tar.bz2
#                      of bookworm's source package
#       1.37.0         upstream 1.37.0, unpatched: trixie's
#                      busybox_1.37.0.orig.tar.bz2
#       1.35.0-debian  Debian's patched 1.35 (dpkg-source -x of bookworm's
#                      .dsc)
#     Downloaded once into $BUSYBOX_SRC_CACHE (default
#     /tmp/netstat-busybox-src) with `apt-get source --download-only`
#     (apt checks every file against the signed Sources index; here each
#     file is checked again against the sha256 its .dsc lists, every run).
#     If apt knows no bookworm source, a deb-src entry for bookworm main is
#     added (netstat-busybox-src.sources in apt's sources.list.d, kept). For
#     1.37 a deb-src entry for trixie (same URI and Signed-By) is added only
#     for the download and removed afterwards, then `apt-get update`, so
#     the machine stays on bookworm; a trap removes it on any exit. Each
#     tree is extracted once under the cache and never modified: every run
#     builds in fresh copies under $BUSYBOX_CHECK_DIR/TREE (default
#     /tmp/netstat-busybox-check), kept for inspection.
#  2. Each copy differs from its pristine tree in networking/netstat.c only
#     (checked with diff -r before configuring).
#  3. Static allnoconfig builds with musl-gcc (make CC=musl-gcc HOSTCC=gcc
#     -j2 busybox), each `make allnoconfig`, symbols set in .config, then
#     `yes "" | make oldconfig`, the result checked:
#       on     every FEATURE_NETSTAT_* the applet's //config: lines declare
#              (FEATURE_NETSTAT_TRIM too), LONG_OPTS, FEATURE_IPV6
#       off    FEATURE_NETSTAT_TRIM on (without it the stock parts cannot
#              be turned off), every other FEATURE_NETSTAT_* off, LONG_OPTS
#              and FEATURE_IPV6 off
#       base   what stock netstat has: FEATURE_NETSTAT_WIDE,
#              FEATURE_NETSTAT_PRG, FEATURE_IPV6, LONG_OPTS, and the parts
#              stock always has (RESOLVE, EXTEND, RAW: those whose prompt
#              is "if FEATURE_NETSTAT_TRIM", left to their hidden default);
#              every other FEATURE_NETSTAT_* off (ROUTE too: the route
#              applet is off in allnoconfig, and stock has -r only with it)
#       stock  BusyBox's own netstat.c with WIDE, PRG, IPV6, LONG_OPTS
#       none   no netstat at all: what the others add is measured from it
#     (stock and none are reused from the last run while the tree, this
#     recipe and musl-gcc are the same), all with STATIC, WERROR, BUSYBOX,
#     SHOW_USAGE and FEATURE_VERBOSE_USAGE (so --help prints the //usage:
#     text). In the 1.35 trees TRUE too: with NETSTAT as the only applet,
#     1.35's libbb/appletlib.c does not build with WERROR
#     (show_usage_if_dash_dash_help: unused parameter 'applet_no'); 1.37
#     builds without it. After every build: static, `busybox --list` names
#     netstat (none: does not), `busybox netstat -an` exits 0.
#  4. Defconfig and the integrators' recipes, from the tree's stock .config
#     (`make defconfig` on a pristine copy, stock netstat.c, STATIC=y),
#     built with CC="musl-gcc -isystem KH", KH a directory of symlinks to
#     the kernel headers (Debian's musl has none). CONFIG_WERROR cannot be
#     on there (BusyBox's own code warns, e.g. miscutils/i2c_tools.c
#     -Wformat-truncation): networking/netstat.c must compile without a
#     warning in the build log instead.
#       defconfig-stock      the stock .config, built (reused as stock is)
#       defconfig-openwrt    a copy of that built tree, our netstat.c,
#                            `yes n | make oldconfig` (OpenWrt's
#                            package/utils/busybox/Makefile), make busybox
#                            (kbuild rebuilds only what the change touches)
#       defconfig-buildroot  the same with `yes "" | make oldconfig`
#                            (Buildroot's package/pkg-kconfig.mk when there
#                            is no olddefconfig, as in BusyBox): every default
#       defconfig-alpine     Alpine's `make -C SRC O=DIR silentoldconfig`
#                            (main/busybox/APKBUILD), stdin not a terminal,
#                            configuration only: it must either keep what
#                            stock has or stop at the first new prompt
#                            ("aborted!") as it does for any new symbol;
#                            then, the configuration refreshed with
#                            `yes n | make oldconfig`, it must pass.
#     Each .config must have NETSTAT, FEATURE_NETSTAT_WIDE, PRG, RESOLVE,
#     EXTEND, RAW and ROUTE (the route applet is on in defconfig) =y; with
#     `yes n` FEATURE_NETSTAT_TRIM and every further feature off.
#     openwrt and buildroot are tested in a private network namespace:
#     `busybox netstat -rn`, `-e`, `-w` exit 0 (not refused), names from a
#     private /etc/hosts without -n, the -an header lines as stock's (blanks
#     squeezed), and `-rn` byte-identical to stock's on a table of common
#     routes in a namespace of its own (reject routes are left out: there
#     we print net-tools' "-" columns, stock BusyBox 0.0.0.0, 0 and *).
#  5. The standalone build of the same APPLET_FILE, with the on, off and
#     base features (profiles generated from the same symbols), once, in a
#     scratch copy of the repository's Makefile and include/ (the
#     repository is not touched). Then, per tree, in a private network and
#     mount namespace (unshare -n -m, lo up, a private /etc/hosts with
#     "127.0.0.1 localhost" and an /etc/resolv.conf naming 127.0.0.1,
#     where tests/population.py --nxdomain-server answers NXDOMAIN at
#     once), holding tests/population.py's sockets when python3 is there:
#     `busybox netstat -an`, `--help`, a bad option, and the same stdout
#     and exit status as the standalone binary for -tuan, -xan and more,
#     with and without names (with -o the timer columns are masked: they
#     run down between the two runs); in "off" and "base", the options of
#     features that are off refused by both. Then the black-box suites of
#     `make check` (cli.sh, live.sh, summary.sh, resolve.sh, netinfo.sh),
#     all of them in every tree (about 25 s a tree), with "busybox netstat"
#     of the tree's "on" build as their binary.
#  6. Sizes, per tree. The budget: the text netstat brings into a BusyBox
#     built with it alone (text of busybox_unstripped less that of "none":
#     its code and the libc and libbb code only it pulls in), "base" at
#     most 1.5 times "stock"; the NETSTAT prompt's "(N kb)" must agree
#     with base's. Noted beside it: networking/netstat.o of each build
#     against stock's, scripts/bloat-o-meter stock -> base, and
#     bloat-o-meter defconfig-stock -> defconfig-openwrt (stock features)
#     and -> defconfig-buildroot (every default), not a budget. All into
#     $BUSYBOX_CHECK_DIR/busybox-sizes.txt, which `make size` prints. In
#     1.37.0 only (about 75 s, two builds side by side): each further
#     feature turned on alone in a copy of "base" (with the feature it
#     depends on, if any), and each part stock always has (RESOLVE,
#     EXTEND, RAW) alone in a build with FEATURE_NETSTAT_TRIM on and all
#     three off ("trim"); bloat-o-meter's total against the build before
#     it, which each prompt's "(+N kb)" must agree with: feature-sizes.txt.
#     Time on 2 cores: about 13 minutes with empty caches (about 4 a
#     tree, 1.37.0 1.5 more for the features), 10 with stock, none and
#     defconfig-stock reused.
#  7. Prints "ok - ..." / "not ok - ..." per step, "# ..." notes, and last
#     "busybox-check: N passed, N failed". Exit 0 when nothing failed.
#
# Environment: BUSYBOX_SRC_CACHE, BUSYBOX_CHECK_DIR, BUSYBOX_TREES (a
# subset of "1.35.0 1.37.0 1.35.0-debian"), JOBS (default 2), PYTHON
# (default python3).
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
applet=${1:-$here/applet/netstat.c}
case $applet in /*) ;; *) applet=$PWD/$applet ;; esac
cache=${BUSYBOX_SRC_CACHE:-/tmp/netstat-busybox-src}
work=${BUSYBOX_CHECK_DIR:-/tmp/netstat-busybox-check}
trees=${BUSYBOX_TREES:-1.35.0 1.37.0 1.35.0-debian}
jobs=${JOBS:-2}
python=${PYTHON:-python3}
MAKEVARS=(CC=musl-gcc HOSTCC=gcc)
# the tree where each feature is measured on its own
FEATURE_TREE=1.37.0
# plain ASCII quotes in the compiler's messages
export LANG=C LC_ALL=C

pass() { echo "ok - $*"; echo pass >>"$work/tally"; }
fail() { echo "not ok - $*"; echo fail >>"$work/tally"; }
note() { echo "# $*"; }
# indent FILE [N]: the first N (40) lines of FILE as "#   " notes
indent() { head -n "${2:-40}" "$1" | cat -v | sed 's/^/#   /'; }

# ----------------------------------------------------------------------
# Inner part: run inside `unshare -n -m` by the outer part. Binaries are
# $W/LABEL/busybox ($W = WORK/TREE) and WORK/standalone/build/bbcheck-LABEL/netstat.

# run_both LABEL ARGS...: both binaries, stdout/stderr/status into $tmp
run_both() {
	local label=$1
	shift
	bbrc=0 sarc=0
	timeout 10 "$W/$label/busybox" netstat "$@" >"$tmp/bb.out" 2>"$tmp/bb.err" </dev/null || bbrc=$?
	timeout 10 "$work/standalone/build/bbcheck-$label/netstat" "$@" \
		>"$tmp/sa.out" 2>"$tmp/sa.err" </dev/null || sarc=$?
}

# compare LABEL ARGS...: same stdout and exit status. With -o (timers)
# the timers run down and retransmits go up between the two runs:
# "(0.25/2/0)" -> "(T)".
compare() {
	local label=$1 a masked=
	shift
	run_both "$label" "$@"
	for a in "$@"; do
		case $a in --timers | -[!-]*o*) masked=" (timer values masked)" ;; esac
	done
	if [ -n "$masked" ]; then
		sed -i -E 's@\([0-9]+\.[0-9]+/[0-9]+/[0-9]+\)@(T)@g' "$tmp/sa.out" "$tmp/bb.out"
	fi
	if [ $bbrc = $sarc ] && cmp -s "$tmp/sa.out" "$tmp/bb.out"; then
		pass "[$tree/$label] busybox netstat $* = standalone (stdout, exit $bbrc)$masked"
		return
	fi
	fail "[$tree/$label] busybox netstat $* = standalone (stdout, exit status)"
	note "exit status: standalone $sarc, busybox $bbrc"
	diff -a -u --label "standalone $*" --label "busybox netstat $*" \
		"$tmp/sa.out" "$tmp/bb.out" | head -n 60 | cat -v | sed 's/^/#   /'
	[ ! -s "$tmp/bb.err" ] || { note "busybox stderr:"; indent "$tmp/bb.err" 10; }
}

# refused LABEL ARGS...: both say usage on stderr and exit 3
refused() {
	local label=$1
	shift
	run_both "$label" "$@"
	if [ $bbrc = 3 ] && [ $sarc = 3 ] && grep -q '^Usage: netstat' "$tmp/bb.err" &&
		[ ! -s "$tmp/bb.out" ]; then
		pass "[$tree/$label] busybox netstat $* refused: usage on stderr, exit 3 (standalone: exit 3)"
	else
		fail "[$tree/$label] busybox netstat $* refused: usage on stderr, exit 3 (standalone: exit $sarc)"
		note "busybox: exit $bbrc, stderr:"
		indent "$tmp/bb.err" 5
	fi
}

smoke() {
	local label=$1 bb=$W/$1/busybox
	tmp=$W/smoke-$label
	mkdir -p "$tmp"

	# netstat -an: runs, exit 0, prints the tables, nothing on stderr
	local rc=0
	timeout 10 "$bb" netstat -an >"$tmp/an.out" 2>"$tmp/an.err" </dev/null || rc=$?
	if [ $rc = 0 ] && grep -q '^Active Internet connections' "$tmp/an.out" &&
		grep -q '^Active UNIX domain sockets' "$tmp/an.out" && [ ! -s "$tmp/an.err" ]; then
		pass "[$tree/$label] busybox netstat -an ($(wc -l <"$tmp/an.out") lines, exit 0)"
	else
		fail "[$tree/$label] busybox netstat -an (exit $rc)"
		indent "$tmp/an.out" 10
		indent "$tmp/an.err" 10
	fi

	# --help: BusyBox prints its banner and the usage on stderr, exit 0;
	# the usage from "Usage: netstat" on must be the standalone's --help.
	rc=0
	timeout 10 "$bb" netstat --help >"$tmp/help.out" 2>&1 </dev/null || rc=$?
	timeout 10 "$work/standalone/build/bbcheck-$label/netstat" --help \
		>"$tmp/sahelp.out" 2>&1 </dev/null
	sed -n '/^Usage: netstat/,$p' "$tmp/help.out" >"$tmp/help.usage"
	sed -n '/^Usage: netstat/,$p' "$tmp/sahelp.out" >"$tmp/sahelp.usage"
	if [ $rc = 0 ] && [ -s "$tmp/help.usage" ] && cmp -s "$tmp/sahelp.usage" "$tmp/help.usage"; then
		pass "[$tree/$label] busybox netstat --help: exit 0, usage text = standalone's"
	else
		fail "[$tree/$label] busybox netstat --help: exit 0, usage text = standalone's (exit $rc)"
		diff -u --label standalone --label busybox "$tmp/sahelp.usage" "$tmp/help.usage" |
			head -n 40 | sed 's/^/#   /'
	fi

	refused "$label" -k	# a letter netstat has never had
	local f
	# (an option this applet does not have is refused by both: exit 3;
	# without -n names come from the private /etc/hosts, and DNS, asked
	# at 127.0.0.1 of this namespace, says NXDOMAIN at once)
	if [ "$label" = on ]; then
		for f in -an -tuan -xan -tuanW -tuane -tuanee -wan -Uan -46an -tan -tua -tuae \
			-tuanp -xanp -tuano -S -taS -tuawS -rn -g \
			"-tan -G state" "-tuan -G proto,lport,state=LISTEN" -V \
			"--tcp --all --numeric" "--protocol=inet6 -an" "-an --numeric-hosts"; do
			# shellcheck disable=SC2086 # split on blanks on purpose
			compare "$label" $f
		done
	elif [ "$label" = base ]; then
		# what stock netstat has: -W, -p, names, -e, -w; the further ones refused
		for f in -an -tuan -xan -tuanW -tuanp -xanp -tuane -tuanee -wan -tua -tuae \
			"--tcp --all --numeric" "--extend --raw -an" "-an --numeric-hosts" -V; do
			# shellcheck disable=SC2086
			compare "$label" $f
		done
		for f in -U -o -S "-G state" -c -s -i -r -g; do
			# shellcheck disable=SC2086
			refused "$label" $f
		done
	else
		# no names either: -tua is numeric
		for f in -an -tuan -xan -4an -tua -V; do
			compare "$label" $f
		done
		# features that are off must be refused, as the standalone does
		for f in -W -e -w -U -p -o -S "-G state" -c -s -i -r -g "--tcp" "--numeric"; do
			# shellcheck disable=SC2086
			refused "$label" $f
		done
	fi
}

# runs K FLAGS: busybox netstat FLAGS of the defconfig-K build exits 0
# and is not refused
runs() {
	local k=$1 rc=0
	shift
	timeout 10 "$W/defconfig-$k/busybox" netstat "$@" >"$tmp/$k.out" 2>"$tmp/$k.err" </dev/null || rc=$?
	if [ $rc = 0 ] && ! grep -qi -e 'unrecognized option' -e 'invalid option' -e '^Usage:' "$tmp/$k.err"; then
		pass "[$tree/defconfig-$k] busybox netstat $*: exit 0 ($(wc -l <"$tmp/$k.out") lines)"
	else
		fail "[$tree/defconfig-$k] busybox netstat $*: exit 0, not refused (exit $rc)"
		indent "$tmp/$k.err" 5
	fi
}

# header_shape FILE: the Active/Proto lines of an -an listing, blanks squeezed
header_shape() { grep -E '^(Active|Proto) ' "$1" | tr -s ' ' | sed 's/ $//'; }

# defconfig_live: the recipes' builds in this namespace
defconfig_live() {
	local k stock=$W/defconfig-stock/busybox
	tmp=$W/smoke-defconfig
	mkdir -p "$tmp"
	timeout 10 "$stock" netstat -an >"$tmp/stock-an.out" 2>&1 </dev/null
	timeout 10 "$stock" netstat -tl >"$tmp/stock-tl.out" 2>&1 </dev/null
	for k in openwrt buildroot; do
		[ -x "$W/defconfig-$k/busybox" ] || continue
		runs $k -rn
		runs $k -e
		runs $k -w
		# names without -n: 127.0.0.1 is localhost in the private /etc/hosts
		runs $k -tl
		if grep -q '^tcp .* localhost:[^ ]* ' "$tmp/$k.out"; then
			pass "[$tree/defconfig-$k] busybox netstat -tl names 127.0.0.1 from /etc/hosts: localhost$(
				grep -q '^tcp .* localhost:' "$tmp/stock-tl.out" && echo ", as stock's")"
		else
			fail "[$tree/defconfig-$k] busybox netstat -tl names 127.0.0.1 from /etc/hosts: localhost"
			indent "$tmp/$k.out" 10
		fi
		runs $k -an
		if [ -n "$(header_shape "$tmp/$k.out")" ] &&
			cmp -s <(header_shape "$tmp/stock-an.out") <(header_shape "$tmp/$k.out"); then
			pass "[$tree/defconfig-$k] busybox netstat -an: header lines as stock's (blanks squeezed)"
		else
			fail "[$tree/defconfig-$k] busybox netstat -an: header lines as stock's (blanks squeezed)"
			diff -u --label stock --label ours <(header_shape "$tmp/stock-an.out") \
				<(header_shape "$tmp/$k.out") | sed 's/^/#   /'
		fi
	done
}

inner() {
	local labels=$*
	ip link set lo up || { fail "[$tree] netns: ip link set lo up"; return; }
	mount --make-rprivate / || { fail "[$tree] netns: mount --make-rprivate /"; return; }
	# bind_private_etc
	# shellcheck source=tests/testnet.sh disable=SC1091
	. "$here/tests/testnet.sh"
	mkdir -p "$W/etc"
	printf '127.0.0.1 localhost\n' >"$W/etc/hosts"
	printf 'nameserver 127.0.0.1\n' >"$W/etc/resolv.conf"
	if ! bind_private_etc "$W/etc" hosts resolv.conf >"$W/etc/bind.log"; then
		fail "[$tree] netns: a private /etc/hosts and /etc/resolv.conf: $(cat "$W/etc/bind.log")"
		return
	fi
	local sockdir pop_pid=
	if command -v "$python" >/dev/null 2>&1 && [ -f "$here/tests/population.py" ]; then
		sockdir=$(mktemp -d /tmp/bbck.XXXXXX)
		coproc POP { exec "$python" "$here/tests/population.py" --dir "$sockdir" --plain 2>/dev/null; }
		# shellcheck disable=SC2153 # POP_PID is set by coproc
		pop_pid=$POP_PID
		local line=
		read -r line <&"${POP[0]}" || true
		if [ "$line" = ready ]; then
			note "[$tree] netns: lo up, private /etc/hosts and resolv.conf, tests/population.py --plain sockets in place"
		else
			note "[$tree] netns: tests/population.py did not start; comparing with no sockets"
		fi
	else
		note "[$tree] netns: lo up, no sockets ($python or tests/population.py missing)"
	fi
	# NXDOMAIN at once from 127.0.0.1:53, so that no resolver waits for
	# its timeouts (musl's, in stock BusyBox, ignores port unreachable)
	local dns_fd='' dns_pid=''
	if [ -n "$pop_pid" ]; then
		exec {dns_fd}> >(exec "$python" "$here/tests/population.py" --nxdomain-server >"$W/etc/dns.out")
		dns_pid=$!
		wait_ready "$W/etc/dns.out" $dns_pid ||
			note "[$tree] netns: tests/population.py --nxdomain-server did not start"
	fi
	local label
	for label in $labels; do
		case $label in
		defconfig) defconfig_live ;;
		*) smoke "$label" ;;
		esac
	done
	if [ -n "$dns_pid" ]; then
		exec {dns_fd}>&-
		wait "$dns_pid" 2>/dev/null || true
	fi
	if [ -n "$pop_pid" ]; then
		eval "exec ${POP[1]}>&-"
		wait "$pop_pid" 2>/dev/null || true
		rm -rf "$sockdir"
	fi
	case " $labels " in
	*" defconfig "*) unshare -n "$BASH" "$0" --routes "$work" "$tree" ||
		fail "[$tree] the -rn comparison in a namespace of its own ended abnormally" ;;
	esac
}

# routes: in a network namespace of its own, a table of common routes
# (connected, default, gateway with metric, host, blackhole, mtu/window/
# rtt); -rn of the recipes' builds must be stock's byte for byte
routes() {
	local k rc tmp=$W/smoke-defconfig
	if ! { ip link set lo up &&
		ip link add veth-a type veth peer name veth-b &&
		ip addr add 192.168.77.1/24 dev veth-a &&
		ip link set veth-a up && ip link set veth-b up &&
		ip route add default via 192.168.77.254 &&
		ip route add 172.16.0.0/12 via 192.168.77.2 metric 50 &&
		ip route add 10.99.0.5 dev veth-a &&
		ip route add blackhole 10.68.0.0/16 &&
		ip route add 10.77.0.0/16 via 192.168.77.3 mtu 1400 window 8000 rtt 30; } \
		>"$tmp/routes.log" 2>&1; then
		fail "[$tree] a namespace with routes for the -rn comparison"
		indent "$tmp/routes.log" 10
		return
	fi
	timeout 10 "$W/defconfig-stock/busybox" netstat -rn >"$tmp/stock-rn.out" 2>&1 </dev/null
	for k in openwrt buildroot; do
		[ -x "$W/defconfig-$k/busybox" ] || continue
		rc=0
		timeout 10 "$W/defconfig-$k/busybox" netstat -rn >"$tmp/$k-rn.out" 2>&1 </dev/null || rc=$?
		if [ $rc = 0 ] && cmp -s "$tmp/stock-rn.out" "$tmp/$k-rn.out"; then
			pass "[$tree/defconfig-$k] busybox netstat -rn = stock's, byte for byte ($(wc -l <"$tmp/$k-rn.out") lines)"
		else
			fail "[$tree/defconfig-$k] busybox netstat -rn = stock's, byte for byte (exit $rc)"
			diff -u --label stock --label ours "$tmp/stock-rn.out" "$tmp/$k-rn.out" |
				head -n 30 | sed 's/^/#   /'
		fi
	done
}

case ${1:-} in
--inner | --routes)
	mode=$1 work=$2 tree=$3
	W=$work/$tree
	shift 3
	if [ "$mode" = --inner ]; then inner "$@"; else routes; fi
	exit 0
	;;
esac

# ----------------------------------------------------------------------
# Outer part

[ -f "$applet" ] || { echo "busybox-check.sh: $applet: no such file" >&2; exit 2; }
for tree in $trees; do
	case $tree in
	1.35.0 | 1.37.0 | 1.35.0-debian) ;;
	*) echo "busybox-check.sh: BUSYBOX_TREES: no tree $tree (1.35.0 1.37.0 1.35.0-debian)" >&2; exit 2 ;;
	esac
done
mkdir -p "$work"
exec 9>"$work.lock"
flock -n 9 || { echo "busybox-check.sh: another run holds $work.lock" >&2; exit 2; }
: >"$work/tally"
rm -f "$work/busybox-sizes.txt" "$work/feature-sizes.txt"
# one copy for the whole run, however long it takes
cp "$applet" "$work/applet.c"
note "applet: $applet (copied to $work/applet.c for this run)"
applet=$work/applet.c
note "trees: $trees"

finish() {
	local p f
	p=$(grep -c '^pass' "$work/tally")
	f=$(grep -c '^fail' "$work/tally")
	note "elapsed: $SECONDS s; trees, logs and binaries kept in $work"
	echo "busybox-check: $p passed, $f failed"
	[ "$f" = 0 ]
	exit
}

# --- tools -------------------------------------------------------------
TOOLS="make gcc musl-gcc dpkg-source tar bzip2 xz sha256sum size readelf diff cmp"
multiarch=$(gcc -print-multiarch 2>/dev/null)
# the kernel headers musl-gcc is given (linux-libc-dev)
KHEADERS="linux asm-generic mtd ${multiarch:-x86_64-linux-gnu}/asm"
missing_tools() {
	local t
	for t in $TOOLS; do command -v "$t" >/dev/null 2>&1 || printf ' %s' "$t"; done
	for t in $KHEADERS; do [ -d "/usr/include/$t" ] || printf ' /usr/include/%s' "$t"; done
}
missing=$(missing_tools)
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
	note "installing build tools (missing:$missing)"
	pkgs="build-essential musl-tools dpkg-dev bzip2 xz-utils binutils diffutils linux-libc-dev"
	# shellcheck disable=SC2086 # one word per package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >"$work/apt-install.log" 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >"$work/apt-install.log" 2>&1; }
	missing=$(missing_tools)
fi
if [ -n "$missing" ]; then
	fail "tools: missing$missing (apt-get install build-essential musl-tools dpkg-dev bzip2 linux-libc-dev)"
	finish
fi
pass "tools: make, gcc, musl-gcc, dpkg-source, tar, bzip2, xz, sha256sum, binutils, kernel headers"

# musl-gcc's kernel headers: a directory of symlinks
kh=$work/kh
rm -rf "$kh"
mkdir -p "$kh"
ln -s /usr/include/linux "$kh/linux"
ln -s "/usr/include/${multiarch:-x86_64-linux-gnu}/asm" "$kh/asm"
ln -s /usr/include/asm-generic "$kh/asm-generic"
ln -s /usr/include/mtd "$kh/mtd"
DEFCONFIG_MAKEVARS=("CC=musl-gcc -isystem $kh" HOSTCC=gcc)

# --- 1. sources ----------------------------------------------------------
SRC_URI=http://deb.debian.org/debian
SRC_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$cache"

# dsc_files DSC: "SHA256 NAME" of each file the .dsc lists
dsc_files() {
	sed -n '/^Checksums-Sha256:/,/^[^ ]/s/^ \([0-9a-f]\{64\}\) [0-9]* \([^ ]*\)$/\1 \2/p' "$1"
}
# dsc_ok DSC: DSC lists files, and each is in the cache with that sha256
dsc_ok() {
	[ -f "$1" ] && [ -n "$(dsc_files "$1")" ] &&
		(cd "$cache" && dsc_files "$1" | sed 's/ /  /' | sha256sum --check --strict --quiet) >/dev/null 2>&1
}
# cached_dsc UPSTREAM: the newest complete busybox_UPSTREAM-*.dsc in the cache
cached_dsc() {
	local d
	for d in $(find "$cache" -maxdepth 1 -name "busybox_$1-*.dsc" | sort -rV); do
		if dsc_ok "$d"; then echo "$d"; return; fi
	done
}
# src_version UPSTREAM: the newest busybox source version apt knows for
# UPSTREAM (1.35.0 -> 1:1.35.0-4+deb12u1), or nothing
src_version() {
	apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' |
		grep "^\(1:\)\{0,1\}$1-" | sort -V | tail -n 1
}
# src_entry SUITE FILE: a deb-src entry for SUITE main
src_entry() {
	printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
		"$SRC_URI" "$1" "$SRC_KEYRING" >"$2"
}
# apt_update: apt-get update; on failure (a mirror in the middle of a
# sync fails some index now and then) its errors as notes
apt_update() {
	: >"$work/apt-update.log"
	apt-get update >"$work/apt-update.log" 2>&1 && return 0
	note "apt-get update failed; its errors ($work/apt-update.log):"
	grep '^E:' "$work/apt-update.log" | head -n 5 | sed 's/^/#   /'
	return 1
}
# src_known UPSTREAM [yes|no]: whether apt knows (yes, default) or does
# not know (no) a source version for UPSTREAM, after apt-get update once
# or again twice, 10 s apart, while it is not so
src_known() {
	local try
	for try in 1 2 3; do
		if [ -n "$(src_version "$1")" ]; then [ "${2:-yes}" = yes ] && return 0
		else [ "${2:-yes}" = no ] && return 0; fi
		[ $try = 3 ] && return 1
		note "apt-get update again in 10 s (apt does not agree yet about a $1 source)"
		sleep 10
		apt_update
	done
}
# the temporary trixie entry, removed on any exit
trixie_list=
drop_trixie() {
	[ -n "$trixie_list" ] || return 0
	rm -f "$trixie_list"
	trixie_list=
	apt_update
}

declare -A dsc
dsc[1.35.0]=$(cached_dsc 1.35.0)
dsc[1.37.0]=$(cached_dsc 1.37.0)
need=
for up in 1.35.0 1.37.0; do
	case " $trees " in
	*" $up"[\ -]*) [ -n "${dsc[$up]}" ] || need="$need $up" ;;
	esac
done
if [ -n "$need" ]; then
	if [ "$(id -u)" != 0 ]; then
		fail "busybox sources:$need not in $cache, and apt-get needs root"
		finish
	fi
	srcparts=
	eval "$(apt-config shell srcparts Dir::Etc::sourceparts/d)"
	parts=${srcparts:-/etc/apt/sources.list.d/}
	parts=${parts%/}
	added=
	case $need in *1.35.0*)
		if [ -z "$(src_version 1.35.0)" ]; then
			# no deb-src entry that knows bookworm's busybox: add one
			note "adding a deb-src entry for bookworm main: $parts/netstat-busybox-src.sources"
			src_entry bookworm "$parts/netstat-busybox-src.sources"
			added=1
		fi ;;
	esac
	case $need in *1.37.0*)
		if [ -z "$(src_version 1.37.0)" ]; then
			trap drop_trixie EXIT
			trap 'exit 130' INT TERM HUP
			trixie_list=$parts/netstat-busybox-trixie-src.sources
			note "adding a temporary deb-src entry for trixie main: $trixie_list"
			src_entry trixie "$trixie_list"
			added=1
		fi ;;
	esac
	[ -z "$added" ] || apt_update
	for up in $need; do
		version=
		! src_known "$up" || version=$(src_version "$up")
		if [ -z "$version" ]; then
			fail "busybox source $up: apt-cache showsrc busybox knows no $up version"
			continue
		fi
		if (cd "$cache" && apt-get source --download-only -q "busybox=$version") \
			>"$work/apt-source-$up.log" 2>&1 && dsc_ok "$cache/busybox_${version#*:}.dsc"; then
			dsc[$up]=$cache/busybox_${version#*:}.dsc
			pass "busybox source $up: apt-get source --download-only busybox=$version into $cache"
		else
			fail "busybox source $up: apt-get source --download-only busybox=$version"
			indent "$work/apt-source-$up.log" 20
		fi
	done
	if [ -n "$trixie_list" ]; then
		drop_trixie
		trap - EXIT INT TERM HUP
		if src_known 1.37.0 no; then
			pass "the temporary trixie deb-src entry removed, apt-get update: apt knows no 1.37 source again"
		else
			fail "the temporary trixie deb-src entry removed, apt-get update: apt still knows $(src_version 1.37.0)"
		fi
	fi
fi

# pristine TREE: the tree extracted once under $cache/tree (never
# modified); sets src[TREE] and what[TREE] (its description), or fails
declare -A src what
pristine() {
	local tree=$1 d up orig id dir tmp
	up=${tree%-debian}
	d=${dsc[$up]:-}
	if [ -z "$d" ]; then
		fail "[$tree] source: no verified busybox_$up-*.dsc in $cache"
		return 1
	fi
	orig=$(dsc_files "$d" | sed -n 's/^[0-9a-f]* \(.*\.orig\.tar\.[a-z0-9]*\)$/\1/p')
	# each file the .dsc lists, against its sha256 there
	if dsc_ok "$d"; then
		pass "[$tree] source: $(dsc_files "$d" | awk '{ printf "%s%s (sha256 %.12s...)", (NR > 1 ? ", " : ""), $2, $1 }') as $(basename "$d") lists them"
	else
		fail "[$tree] source: the files of $(basename "$d") against its sha256 sums"
		return 1
	fi
	case $tree in
	*-debian)
		id="$(basename "$d") $(sha256sum <"$d" | cut -c1-64)"
		what[$tree]="BusyBox $up as Debian patches it ($(basename "$d" .dsc | sed 's/^busybox_//'), dpkg-source -x)"
		;;
	*)
		id="$orig $(dsc_files "$d" | awk -v f="$orig" '$2 == f { print $1 }')"
		what[$tree]="BusyBox $up upstream, unpatched ($orig of Debian's $(basename "$d" .dsc | sed 's/^busybox_//'))"
		;;
	esac
	dir=$cache/tree/$tree
	if [ -f "$dir.complete" ] && [ "$(sed -n 2p "$dir.complete")" = "$id" ] &&
		[ -f "$(sed -n 1p "$dir.complete")/Makefile" ]; then
		src[$tree]=$(sed -n 1p "$dir.complete")
		return 0
	fi
	rm -rf "$dir" "$dir.complete" "$dir.tmp"
	mkdir -p "$dir.tmp"
	case $tree in
	*-debian) dpkg-source -x --no-copy "$d" "$dir.tmp/busybox-$up" >"$work/extract-$tree.log" 2>&1 ;;
	*) tar -xf "$cache/$orig" -C "$dir.tmp" >"$work/extract-$tree.log" 2>&1 ;;
	esac
	tmp=$(find "$dir.tmp" -mindepth 1 -maxdepth 1 -type d -name 'busybox-*' | head -n 1)
	if [ -z "$tmp" ] || [ ! -f "$tmp/Makefile" ]; then
		fail "[$tree] source: extracting $(basename "$d")"
		indent "$work/extract-$tree.log" 20
		return 1
	fi
	mv "$dir.tmp" "$dir"
	src[$tree]=$dir/$(basename "$tmp")
	printf '%s\n%s\n' "${src[$tree]}" "$id" >"$dir.complete"
	note "[$tree] extracted into ${src[$tree]}"
}

# --- 5a. standalone builds of the same file, same features -------------
# Every symbol the applet declares; FEATURE_NETSTAT_* are the switches.
features=$(sed -n 's@^//config:config \(FEATURE_NETSTAT_[A-Za-z0-9_]*\).*@\1@p' "$applet")
# the //config: block of SYMBOL
config_block() { sed -n "/^\/\/config:config $1\$/,/^\/\/config:\$/p" "$applet"; }
# config_prompt SYMBOL: the quoted prompt of its bool line
config_prompt() { config_block "$1" | sed -n 's@^//config:[[:space:]]*bool "\([^"]*\)".*@\1@p'; }
# config_prompt_if SYMBOL: what follows the prompt's "if", if anything
config_prompt_if() { config_block "$1" | sed -n 's@^//config:[[:space:]]*bool "[^"]*" if \(.*\)$@\1@p'; }
# config_depends SYMBOL: what follows "depends on"
config_depends() { config_block "$1" | sed -n 's@^//config:[[:space:]]*depends on \(.*\)$@\1@p'; }
note "applet's FEATURE_NETSTAT_* switches: ${features//$'\n'/ }"
# The gate: on, the parts stock netstat always has get prompts of their
# own. Those parts are the symbols whose prompt shows only with it.
GATE=FEATURE_NETSTAT_TRIM
TRIMMABLE=
for s in $features; do
	[ "$(config_prompt_if "$s")" = "$GATE" ] && TRIMMABLE="$TRIMMABLE $s"
done
TRIMMABLE=${TRIMMABLE# }
# What stock BusyBox netstat has: its own two switches (and FEATURE_IPV6)
# and the parts it always has; the applet's other switches are the
# further features, measured one by one
STOCK_FEATURES="FEATURE_NETSTAT_WIDE FEATURE_NETSTAT_PRG $TRIMMABLE"
# shellcheck disable=SC2086 # one word per symbol
further=$(printf '%s\n' $features | grep -vxF -f <(printf '%s\n' $STOCK_FEATURES $GATE))
further=${further//$'\n'/ }
note "stock netstat's parts: $STOCK_FEATURES (the gate: $GATE); further: $further"
if ! grep -qx "$GATE" <<<"$features" || [ -z "$TRIMMABLE" ]; then
	fail "the applet declares $GATE and parts whose prompt is 'if $GATE' (found: ${TRIMMABLE:-none})"
fi

sa=$work/standalone
rm -rf "$sa"
mkdir -p "$sa/applet" "$sa/config"
cp "$here/Makefile" "$sa/"
cp "$here"/config/* "$sa/config/"	# the Makefile reads config/full
cp -r "$here/include" "$sa/"
cp "$applet" "$sa/applet/netstat.c"
{
	echo CONFIG_NETSTAT=y
	for s in $features FEATURE_IPV6 LONG_OPTS; do echo "CONFIG_$s=y"; done
} >"$sa/config/bbcheck-on"
printf 'CONFIG_NETSTAT=y\nCONFIG_%s=y\n' "$GATE" >"$sa/config/bbcheck-off"
for s in NETSTAT $STOCK_FEATURES FEATURE_IPV6 LONG_OPTS; do echo "CONFIG_$s=y"; done >"$sa/config/bbcheck-base"
declare -A sa_ok
for label in on off base; do
	if make -C "$sa" -s CONFIG=bbcheck-$label build/bbcheck-$label/netstat \
		>"$sa/build-$label.log" 2>&1; then
		pass "[standalone/$label] build of the same file and features (make CONFIG=bbcheck-$label)"
		sa_ok[$label]=1
	else
		fail "[standalone/$label] build of the same file and features (make CONFIG=bbcheck-$label)"
		indent "$sa/build-$label.log"
	fi
done

# --- 2, 3. BusyBox builds ----------------------------------------------
# set_sym CONFIG NAME y|n
set_sym() {
	sed -i -e "/^CONFIG_$2=/d" -e "/^# CONFIG_$2 is not set\$/d" "$1"
	if [ "$3" = y ]; then
		echo "CONFIG_$2=y" >>"$1"
	else
		echo "# CONFIG_$2 is not set" >>"$1"
	fi
}

# config_wrong CONFIG WANT_Y WANT_N: the symbols of WANT_Y that are not
# y and those of WANT_N that are, as " SYM(not y)" " SYM(not off)"
config_wrong() {
	local s
	for s in $2; do grep -qx "CONFIG_$s=y" "$1" || printf ' %s(not y)' "$s"; done
	for s in $3; do ! grep -q "^CONFIG_$s=" "$1" || printf ' %s(not off)' "$s"; done
}

# build_log_errors LOG OUT: the compiler's and linker's messages of LOG
# (else its end) as notes
build_log_errors() {
	if grep -q -e 'error:' -e 'warning:' -e 'undefined reference' "$1"; then
		grep -e 'error:' -e 'warning:' -e 'undefined reference' -e '^ *[0-9]* |' \
			-e '^ *| *\^' -e 'In function' -e '\*\*\* ' "$1" >"$2"
		indent "$2" 60
	else
		tail -n 30 "$1" >"$2"
		indent "$2" 30
	fi
	note "full log: $1"
}

# checked_build LABEL DIR MAKEVAR...: make busybox in DIR; static, and
# the applet there: `busybox --list` names netstat (none: does not) and
# `busybox netstat -an` exits 0 (numeric: no name is looked up). 0 if built.
checked_build() {
	local label=$1 t=$2 start=$SECONDS rc=0
	shift 2
	if make -C "$t" "$@" -j"$jobs" busybox >"$t/bbcheck-build.log" 2>&1 && [ -x "$t/busybox" ]; then
		pass "[$tree/$label] make -j$jobs busybox ($((SECONDS - start)) s)"
	else
		fail "[$tree/$label] make -j$jobs busybox"
		build_log_errors "$t/bbcheck-build.log" "$t/bbcheck-errors.log"
		return 1
	fi
	applet_present "$label" "$t"
}

# applet_present LABEL DIR: the checks after a build
applet_present() {
	local label=$1 t=$2 rc=0 how
	if readelf -lW "$t/busybox" 2>/dev/null | grep -q 'Requesting program interpreter' ||
		readelf -dW "$t/busybox" 2>/dev/null | grep -q NEEDED; then
		fail "[$tree/$label] busybox is static (CONFIG_STATIC)"
	fi
	"$t/busybox" --list >"$t/bbcheck-list.txt" 2>&1 </dev/null
	if [ "$label" = none ]; then
		if grep -qx netstat "$t/bbcheck-list.txt"; then
			fail "[$tree/$label] static; busybox --list has no netstat"
		else
			pass "[$tree/$label] static; busybox --list has no netstat ($(wc -l <"$t/bbcheck-list.txt") applets)"
		fi
		return 0
	fi
	if ! grep -qx netstat "$t/bbcheck-list.txt"; then
		fail "[$tree/$label] busybox --list has netstat: the applet was silently left out"
		indent "$t/bbcheck-list.txt" 10
		grep -e NETSTAT "$t/.config" | sed 's/^/#   .config: /'
		return 1
	fi
	timeout 10 "$t/busybox" netstat -an >"$t/bbcheck-an.out" 2>&1 </dev/null || rc=$?
	how="static; busybox --list has netstat ($(wc -l <"$t/bbcheck-list.txt") applets); busybox netstat -an: exit $rc"
	if [ $rc = 0 ] && grep -q '^Active Internet connections' "$t/bbcheck-an.out"; then
		pass "[$tree/$label] $how"
	else
		fail "[$tree/$label] $how"
		indent "$t/bbcheck-an.out" 10
		return 1
	fi
}

# fresh_copy LABEL DIR [APPLET]: DIR a fresh copy of the pristine tree,
# networking/netstat.c replaced by APPLET if given; nothing else differs
fresh_copy() {
	local label=$1 t=$2
	rm -rf "$t"
	cp -a "${src[$tree]}" "$t"
	[ -z "${3:-}" ] || cp "$3" "$t/networking/netstat.c"
	diff -rq "${src[$tree]}" "$t" >"$t.diff" 2>&1
	if [ -z "${3:-}" ]; then
		if [ ! -s "$t.diff" ]; then
			pass "[$tree/$label] fresh copy of the pristine tree, unchanged"
		else
			fail "[$tree/$label] fresh copy of the pristine tree, unchanged"
			indent "$t.diff"
		fi
	elif [ ! -s "$t.diff" ] || { [ "$(wc -l <"$t.diff")" = 1 ] && grep -q "/networking/netstat.c differ\$" "$t.diff"; }; then
		pass "[$tree/$label] fresh copy of the pristine tree, networking/netstat.c replaced, nothing else changed"
	else
		fail "[$tree/$label] fresh copy of the pristine tree, networking/netstat.c replaced, nothing else changed"
		indent "$t.diff"
	fi
}

# bb_build LABEL: allnoconfig build of LABEL in $W/LABEL. 0 if built.
bb_build() {
	local label=$1 t=$W/$1 want_y want_n s bad
	case $label in
	stock | none) fresh_copy "$label" "$t" ;;
	*) fresh_copy "$label" "$t" "$applet" ;;
	esac

	# 3. configuration
	want_y=$BASE_SYMS want_n=
	case $label in
	on) want_y="$want_y LONG_OPTS FEATURE_IPV6 $features" ;;
	off)
		want_y="$want_y $GATE"
		want_n="LONG_OPTS FEATURE_IPV6 $(grep -vx "$GATE" <<<"$features")"
		;;
	stock) want_y="$want_y LONG_OPTS FEATURE_IPV6 FEATURE_NETSTAT_WIDE FEATURE_NETSTAT_PRG" ;;
	base)
		want_y="$want_y LONG_OPTS FEATURE_IPV6 $STOCK_FEATURES"
		want_n="$GATE $further"
		;;
	none)
		want_y="${BASE_SYMS/NETSTAT /} LONG_OPTS FEATURE_IPV6"
		want_n=NETSTAT
		;;
	esac
	if ! make -C "$t" "${MAKEVARS[@]}" allnoconfig >"$t/bbcheck-config.log" 2>&1; then
		fail "[$tree/$label] make allnoconfig"
		indent "$t/bbcheck-config.log"
		return 1
	fi
	for s in $want_y; do set_sym "$t/.config" "$s" y; done
	for s in $want_n; do set_sym "$t/.config" "$s" n; done
	# base: the stock parts are not set here; their hidden default must
	# bring them (they have no prompt while the gate is off)
	[ "$label" != base ] || for s in $TRIMMABLE; do sed -i "/^CONFIG_$s=/d; /^# CONFIG_$s is not set\$/d" "$t/.config"; done
	if ! (cd "$t" && yes "" | make "${MAKEVARS[@]}" oldconfig) >>"$t/bbcheck-config.log" 2>&1; then
		fail "[$tree/$label] make oldconfig"
		indent "$t/bbcheck-config.log"
		return 1
	fi
	bad=$(config_wrong "$t/.config" "$want_y" "$want_n")
	if [ "$label" = off ]; then
		bad="$bad$(sed -n 's/^CONFIG_\(FEATURE_NETSTAT_.*\)=y/\1/p' "$t/.config" | grep -vx "$GATE" | sed 's/.*/ &(not off)/' | tr -d '\n')"
	fi
	if [ -z "$bad" ]; then
		# shellcheck disable=SC2046 # one word per symbol
		pass "[$tree/$label] .config after oldconfig:" $(for s in $want_y; do printf '%s=y ' "$s"; done) \
			$(for s in $want_n; do printf '%s=n ' "$s"; done)
	else
		fail "[$tree/$label] .config after oldconfig: wrong:$bad"
		grep -e NETSTAT -e LONG_OPTS -e FEATURE_IPV6 "$t/.config" | sed 's/^/#   /'
	fi

	# build (the busybox target: no docs)
	checked_build "$label" "$t" "${MAKEVARS[@]}"
}

# size_line FILE: "text data bss" of FILE
size_line() { size "$1" 2>/dev/null | awk 'NR == 2 { print $1, $2, $3 }'; }
# text_of FILE: the text column of size(1)
text_of() { size_line "$1" | cut -d' ' -f1; }
# bloat OLD NEW OUT: the tree's scripts/bloat-o-meter OLD NEW into OUT;
# prints its last line's total ("Total: N bytes"), or nothing
bloat() {
	"$python" "${src[$tree]}/scripts/bloat-o-meter" "$1" "$2" >"$3" 2>&1 &&
		sed -n 's/.*Total: \(-\{0,1\}[0-9]*\) bytes.*/\1/p' "$3" | tail -n 1
}
# size_agrees PROMPT BYTES: the "(N kb)" or "(+N kb)" at the end of a
# //config: prompt is BYTES give or take a quarter (at least half a kb)
size_agrees() {
	local kb
	kb=$(printf '%s\n' "$1" | sed -n 's/.*(+\{0,1\}\([0-9.]*\) kb)$/\1/p')
	[ -n "$kb" ] && awk -v kb="$kb" -v b="$2" 'BEGIN {
		d = kb * 1024 - b; if (d < 0) d = -d
		exit !(d <= (b / 4 > 512 ? b / 4 : 512)) }'
}
# reusable LABEL RECIPE: the build in $W/LABEL is from an earlier run
# with the same RECIPE
reusable() {
	[ -f "$W/$1/busybox_unstripped" ] && [ -x "$W/$1/busybox" ] &&
		[ "$(cat "$W/$1.recipe" 2>/dev/null)" = "$2" ]
}

# --- 4. defconfig and the integrators' recipes ----------------------------
# The symbols every recipe must keep: what stock netstat has in defconfig
RECIPE_Y="NETSTAT $STOCK_FEATURES FEATURE_NETSTAT_ROUTE"
# what `yes n` leaves off: the gate and every further feature but ROUTE
# (whose prompt is hidden while the route applet is on)
# shellcheck disable=SC2086 # one word per symbol
RECIPE_N="$GATE $(printf '%s\n' $further | grep -vx FEATURE_NETSTAT_ROUTE | tr '\n' ' ')"

# recipe_config LABEL CONFIG WHAT [WANT_N]: CONFIG has what stock netstat has
recipe_config() {
	local bad
	bad=$(config_wrong "$2" "$RECIPE_Y" "${4:-}")
	if [ -z "$bad" ]; then
		# shellcheck disable=SC2046 # one word per symbol
		pass "[$tree/$1] $3: .config has" $(for s in $RECIPE_Y; do printf '%s=y ' "${s#FEATURE_NETSTAT_}"; done) \
			$([ -z "${4:-}" ] || for s in $4; do printf '%s=n ' "${s#FEATURE_NETSTAT_}"; done)
	else
		fail "[$tree/$1] $3: .config wrong:$bad"
		grep NETSTAT "$2" | sed 's/^/#   /'
	fi
}

# netstat_warnings LABEL DIR: networking/netstat.c was compiled in DIR's
# build log, without a warning
netstat_warnings() {
	local log=$2/bbcheck-build.log
	if ! grep -q 'CC *networking/netstat\.o' "$log"; then
		fail "[$tree/$1] networking/netstat.c compiled in this build ($log)"
	elif grep -q -e 'networking/netstat\.c:[0-9]*:[0-9:]* \(warning\|error\)' "$log"; then
		fail "[$tree/$1] networking/netstat.c compiles without a warning (no WERROR in defconfig)"
		grep -A3 'networking/netstat\.c:[0-9]*:[0-9:]* \(warning\|error\)' "$log" | head -n 40 | sed 's/^/#   /'
	else
		pass "[$tree/$1] networking/netstat.c compiles without a warning (no WERROR in defconfig: BusyBox's own code warns)"
	fi
}

defconfig_builds() {
	local t=$W/defconfig-stock recipe k cmd
	recipe="${src[$tree]} $(sed -n 2p "$cache/tree/$tree.complete") defconfig STATIC ${DEFCONFIG_MAKEVARS[*]} $(musl-gcc --version 2>&1 | head -n 1)"
	if reusable defconfig-stock "$recipe"; then
		note "[$tree/defconfig-stock] build reused from an earlier run: $t (same source, config and compiler)"
		applet_present defconfig-stock "$t" || return
	else
		rm -f "$W/defconfig-stock.recipe"
		fresh_copy defconfig-stock "$t"
		if ! make -C "$t" "${DEFCONFIG_MAKEVARS[@]}" defconfig >"$t/bbcheck-config.log" 2>&1; then
			fail "[$tree/defconfig-stock] make defconfig"
			indent "$t/bbcheck-config.log"
			return
		fi
		set_sym "$t/.config" STATIC y
		if ! (cd "$t" && yes "" | make "${DEFCONFIG_MAKEVARS[@]}" oldconfig) >>"$t/bbcheck-config.log" 2>&1 ||
			! grep -qx 'CONFIG_STATIC=y' "$t/.config" || ! grep -qx 'CONFIG_NETSTAT=y' "$t/.config"; then
			fail "[$tree/defconfig-stock] make defconfig, STATIC=y: NETSTAT=y, STATIC=y"
			indent "$t/bbcheck-config.log"
			return
		fi
		pass "[$tree/defconfig-stock] make defconfig, STATIC=y: NETSTAT=y, ROUTE=$(grep -q '^CONFIG_ROUTE=y' "$t/.config" && echo y || echo n)"
		checked_build defconfig-stock "$t" "${DEFCONFIG_MAKEVARS[@]}" || return
		printf '%s\n' "$recipe" >"$W/defconfig-stock.recipe"
	fi
	cp "$t/.config" "$W/stock-defconfig.config"

	# OpenWrt's and Buildroot's recipes, each in a copy of the built tree
	for k in openwrt buildroot; do
		case $k in
		openwrt) cmd="yes n | make oldconfig" ;;
		buildroot) cmd='yes "" | make oldconfig' ;;
		esac
		rm -rf "$W/defconfig-$k"
		cp -a "$t" "$W/defconfig-$k"
		cp "$applet" "$W/defconfig-$k/networking/netstat.c"
		if ! (cd "$W/defconfig-$k" && if [ $k = openwrt ]; then yes n; else yes ""; fi |
			make "${DEFCONFIG_MAKEVARS[@]}" oldconfig) >"$W/defconfig-$k/bbcheck-config.log" 2>&1; then
			fail "[$tree/defconfig-$k] $cmd"
			indent "$W/defconfig-$k/bbcheck-config.log"
			continue
		fi
		if [ $k = openwrt ]; then
			recipe_config "defconfig-$k" "$W/defconfig-$k/.config" "stock .config, our netstat.c, $cmd" "$RECIPE_N"
		else
			recipe_config "defconfig-$k" "$W/defconfig-$k/.config" "stock .config, our netstat.c, $cmd"
			note "[$tree/defconfig-$k] on by default: $(sed -n 's/^CONFIG_FEATURE_NETSTAT_\(.*\)=y$/\1/p' "$W/defconfig-$k/.config" | tr '\n' ' ')"
		fi
		checked_build "defconfig-$k" "$W/defconfig-$k" "${DEFCONFIG_MAKEVARS[@]}" || continue
		netstat_warnings "defconfig-$k" "$W/defconfig-$k"
	done

	# Alpine's: silentoldconfig into a build directory of its own (O=),
	# stdin not a terminal, as abuild runs it; configuration only
	local a=$W/defconfig-alpine rc=0
	fresh_copy defconfig-alpine "$W/alpine-src" "$applet"
	rm -rf "$a"
	mkdir -p "$a"
	cp "$W/stock-defconfig.config" "$a/.config"
	make -C "$W/alpine-src" O="$a" "${DEFCONFIG_MAKEVARS[@]}" silentoldconfig \
		</dev/null >"$a/bbcheck-silent.log" 2>&1 || rc=$?
	if [ $rc = 0 ]; then
		recipe_config defconfig-alpine "$a/.config" "stock .config, our netstat.c, make O=DIR silentoldconfig </dev/null"
	elif grep -q '(NEW) aborted!' "$a/bbcheck-silent.log" && cmp -s "$W/stock-defconfig.config" "$a/.config"; then
		pass "[$tree/defconfig-alpine] stock .config, our netstat.c, make O=DIR silentoldconfig </dev/null: stops at the first new prompt, .config untouched (exit $rc: nothing is built without netstat)"
		note "[$tree/defconfig-alpine] stopped at: $(grep -o '([A-Z0-9_]*) \[[^]]*\] (NEW) aborted!' "$a/bbcheck-silent.log" | head -n 1)"
		note "[$tree/defconfig-alpine] as for any new symbol, Alpine's busyboxconfig must be refreshed first (make oldconfig); with yes n:"
		rc=0
		(cd "$a" && yes n | make -C "$W/alpine-src" O="$a" "${DEFCONFIG_MAKEVARS[@]}" oldconfig) \
			>"$a/bbcheck-refresh.log" 2>&1 &&
			make -C "$W/alpine-src" O="$a" "${DEFCONFIG_MAKEVARS[@]}" silentoldconfig \
				</dev/null >"$a/bbcheck-silent2.log" 2>&1 || rc=$?
		if [ $rc = 0 ]; then
			recipe_config defconfig-alpine "$a/.config" "refreshed with yes n | make oldconfig, then make O=DIR silentoldconfig </dev/null" "$RECIPE_N"
		else
			fail "[$tree/defconfig-alpine] refreshed with yes n | make oldconfig, then make O=DIR silentoldconfig </dev/null (exit $rc)"
			indent "$a/bbcheck-silent2.log" 20
		fi
	else
		fail "[$tree/defconfig-alpine] stock .config, our netstat.c, make O=DIR silentoldconfig </dev/null (exit $rc)"
		tail -n 20 "$a/bbcheck-silent.log" | sed 's/^/#   /'
	fi
}

# --- per tree ----------------------------------------------------------
sizes=$work/busybox-sizes.txt
run_tree() {
	W=$work/$tree
	mkdir -p "$W"
	pristine "$tree" || return
	note "[$tree] ${what[$tree]}: ${src[$tree]}"
	BASE_SYMS="NETSTAT STATIC WERROR BUSYBOX SHOW_USAGE FEATURE_VERBOSE_USAGE"
	case $tree in
	1.35.*)
		# 1.35's libbb/appletlib.c does not build with WERROR when
		# NETSTAT is the only applet: any of test/true/false/echo uses
		# show_usage_if_dash_dash_help's parameter
		BASE_SYMS="$BASE_SYMS TRUE"
		;;
	esac

	# The stock and none builds depend on nothing but the tree, this
	# recipe and the compiler: reused while they are the same.
	local recipe label tx da bs
	recipe="${src[$tree]} $(sed -n 2p "$cache/tree/$tree.complete") $BASE_SYMS LONG_OPTS FEATURE_IPV6 FEATURE_NETSTAT_WIDE FEATURE_NETSTAT_PRG ${MAKEVARS[*]} $(musl-gcc --version 2>&1 | head -n 1)"
	unset bb_ok
	declare -gA bb_ok
	for label in on off base stock none; do
		if { [ $label = stock ] || [ $label = none ]; } && reusable $label "$recipe"; then
			note "[$tree/$label] build reused from an earlier run: $W/$label (same source, config and compiler)"
			applet_present $label "$W/$label" || continue
		else
			rm -f "$W/$label.recipe"
			bb_build "$label" || continue
			case $label in stock | none) printf '%s\n' "$recipe" >"$W/$label.recipe" ;; esac
		fi
		bb_ok[$label]=1
		read -r tx da bs <<<"$(size_line "$W/$label/busybox_unstripped")"
		note "[$tree/$label] size busybox_unstripped: text $tx data $da bss $bs; busybox file $(stat -c %s "$W/$label/busybox") bytes"
		[ $label = none ] && continue
		read -r tx da bs <<<"$(size_line "$W/$label/networking/netstat.o")"
		note "[$tree/$label] size networking/netstat.o: text $tx data $da bss $bs"
	done
	case $tree in
	1.35.*) ;;
	*) [ -z "${bb_ok[on]:-}${bb_ok[off]:-}${bb_ok[base]:-}" ] ||
		note "[$tree] WERROR without TRUE: the netstat builds need no other applet here (1.35 needs TRUE)" ;;
	esac

	defconfig_builds

	# --- 5b. the smoke tests in a private network and mount namespace
	local labels=
	for label in on off base; do
		[ -n "${bb_ok[$label]:-}" ] && [ -n "${sa_ok[$label]:-}" ] && labels="$labels $label"
	done
	[ ! -x "$W/defconfig-stock/busybox" ] || labels="$labels defconfig"
	if [ -z "$labels" ]; then
		note "[$tree] no smoke tests: no build pair (busybox and standalone) succeeded"
	elif [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -n -m true 2>/dev/null &&
		command -v ip >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		unshare -n -m "$BASH" "$0" --inner "$work" "$tree" $labels ||
			fail "[$tree] smoke tests in the private network namespace ended abnormally"
	else
		fail "[$tree] no private network namespace (needs root, unshare -n -m, ip): no smoke tests"
	fi

	# --- 5c. the black-box suites against busybox netstat
	# The same scripts `make check` runs on the standalone binary, given a
	# NETSTAT that runs "busybox netstat" (every feature on): cli.sh with
	# BUSYBOX_APPLET=1 (usage and option errors are BusyBox's there), and
	# the live comparisons with net-tools (live.sh, summary.sh,
	# resolve.sh, netinfo.sh; they make their own namespaces and skip
	# without root).
	if [ -n "${bb_ok[on]:-}" ]; then
		local t rc last
		mkdir -p "$W/wrap"
		printf '#!/bin/sh\nexec "%s" netstat "$@"\n' "$W/on/busybox" >"$W/wrap/netstat"
		chmod +x "$W/wrap/netstat"
		for t in cli live summary resolve netinfo; do
			rc=0
			BUSYBOX_APPLET=1 timeout 900 bash "$here/tests/$t.sh" "$W/wrap/netstat" \
				>"$W/suite-$t.log" 2>&1 || rc=$?
			last=$(tail -n 1 "$W/suite-$t.log")
			if [ $rc = 77 ]; then
				note "[$tree/on] tests/$t.sh against busybox netstat: skipped ($last)"
			elif [ $rc = 0 ] && printf '%s\n' "$last" | grep -q "^$t: [0-9]* passed, 0 failed"; then
				pass "[$tree/on] tests/$t.sh against busybox netstat: ${last#*: }"
			else
				fail "[$tree/on] tests/$t.sh against busybox netstat (exit $rc): ${last#*: }"
				grep -A3 '^not ok' "$W/suite-$t.log" | head -n 30 | cat -v | sed 's/^/#   /'
			fi
		done
	fi

	tree_sizes
	[ "$tree" != "$FEATURE_TREE" ] || feature_sizes
}

# --- 6. sizes ------------------------------------------------------------
tree_sizes() {
	local stock_text ours label none_text stock_share base_share ratio row prompt total
	if [ -n "${bb_ok[stock]:-}" ]; then
		stock_text=$(text_of "$W/stock/networking/netstat.o")
		for label in on base off; do
			[ -n "${bb_ok[$label]:-}" ] || continue
			ours=$(text_of "$W/$label/networking/netstat.o")
			note "[$tree] netstat.o text: ours [$label] $ours bytes, stock (WIDE, PRG, IPV6) $stock_text bytes:" \
				"$(awk -v a="$ours" -v b="$stock_text" 'BEGIN { printf "%.2fx", a / b }')"
		done
	fi

	# The budget: with what stock netstat has, the text the applet brings
	# into a BusyBox built with it alone (its code and the libc and libbb
	# code it pulls in: text of busybox_unstripped less that of the same
	# build without netstat) is at most 1.5 times what the stock applet
	# brings.
	{
		echo
		echo "inside ${what[$tree]} (make busybox-check, $(date -u +%F)):"
	} >>"$sizes"
	if [ -n "${bb_ok[stock]:-}" ] && [ -n "${bb_ok[base]:-}" ] && [ -n "${bb_ok[none]:-}" ]; then
		none_text=$(text_of "$W/none/busybox_unstripped")
		stock_share=$(($(text_of "$W/stock/busybox_unstripped") - none_text))
		base_share=$(($(text_of "$W/base/busybox_unstripped") - none_text))
		ratio=$(awk -v a="$base_share" -v b="$stock_share" 'BEGIN { printf "%.2f", a / b }')
		{
			printf '%-40s %10s %10s\n' "BusyBox allnoconfig with netstat alone" "brings in" "netstat.o"
			for label in stock base on off; do
				[ -n "${bb_ok[$label]:-}" ] || continue
				case $label in
				stock) row="stock netstat (WIDE, PRG, IPV6)" ;;
				base) row="ours, what stock has (+names, -e, -w)" ;;
				on) row="ours, every feature" ;;
				off) row="ours, every feature off (TRIM)" ;;
				esac
				printf '%-40s %10s %10s\n' "$row" \
					$(($(text_of "$W/$label/busybox_unstripped") - none_text)) \
					"$(text_of "$W/$label/networking/netstat.o")"
			done
			echo "budget: ours/stock ${ratio}x, at most 1.5x (text brought in)"
		} >>"$sizes"
		if [ $((base_share * 2)) -le $((stock_share * 3)) ]; then
			pass "[$tree] size budget: text netstat brings into BusyBox, what stock has: ours $base_share bytes, stock $stock_share bytes (${ratio}x <= 1.5x)"
		else
			fail "[$tree] size budget: text netstat brings into BusyBox, what stock has: ours $base_share bytes, stock $stock_share bytes (${ratio}x > 1.5x)"
		fi
		prompt=$(config_prompt NETSTAT)
		if size_agrees "$prompt" "$base_share"; then
			pass "[$tree] the NETSTAT prompt agrees with base's $base_share bytes: \"$prompt\""
		else
			fail "[$tree] the NETSTAT prompt does not agree with base's $base_share bytes: \"$prompt\""
		fi
		if command -v "$python" >/dev/null 2>&1 && command -v nm >/dev/null 2>&1; then
			total=$(bloat "$W/stock/busybox_unstripped" "$W/base/busybox_unstripped" "$W/bloat-stock-base.txt")
			note "[$tree] bloat-o-meter stock -> base, busybox_unstripped: Total: ${total:-?} bytes ($W/bloat-stock-base.txt)"
			total=$(bloat "$W/stock/networking/netstat.o" "$W/base/networking/netstat.o" "$W/bloat-stock-base.o.txt")
			note "[$tree] bloat-o-meter stock -> base, netstat.o: Total: ${total:-?} bytes ($W/bloat-stock-base.o.txt)"
		fi
	fi
	# defconfig: what our netstat adds, not a budget
	local k o
	for k in openwrt buildroot; do
		if [ ! -f "$W/defconfig-stock/busybox_unstripped" ] || [ ! -f "$W/defconfig-$k/busybox_unstripped" ]; then
			continue
		fi
		total=$(bloat "$W/defconfig-stock/busybox_unstripped" "$W/defconfig-$k/busybox_unstripped" "$W/bloat-defconfig-$k.txt")
		case $k in
		openwrt) o="what stock has (yes n | make oldconfig)" ;;
		buildroot) o="every default (yes \"\" | make oldconfig)" ;;
		esac
		note "[$tree] defconfig, bloat-o-meter stock -> ours, $o: Total: ${total:-?} bytes ($W/bloat-defconfig-$k.txt)"
		printf 'defconfig (static musl), bloat-o-meter stock -> ours, %s: %s bytes\n' "$o" "${total:-?}" >>"$sizes"
	done
}

# Each further feature alone on top of base, and each part stock always
# has alone on top of "trim" (the gate on, all those parts off), as
# bloat-o-meter reports it (busybox_unstripped, against the build
# before): one feature at a time in a copy of the base tree (a feature
# that depends on another is measured against the build with it). Each
# build recompiles little more than netstat.o and links, on one core: two
# lanes, each in a copy of its own, run side by side (JOBS/2 each).

# feature_lane LANE FEATURE...: the builds of one lane in $W/features-LANE;
# its rows ("NAME TOTAL NETSTAT.O-TEXT AGAINST") into $W/feature-sizes-LANE.txt
feature_lane() {
	local lane=$1 ft=$W/features-$1 f s dep ref refbin refo total text prompt gate
	shift
	rm -rf "$ft"
	cp -a "$W/base" "$ft"
	for f in "$@"; do
		for s in $further; do set_sym "$ft/.config" "$s" n; done
		if [ "$f" = trim ] || [[ " $TRIMMABLE " == *" $f "* ]]; then
			# the gate on, the parts stock always has off but f
			gate=y dep=
			for s in $TRIMMABLE; do set_sym "$ft/.config" "$s" n; done
			set_sym "$ft/.config" "$GATE" y
			[ "$f" = trim ] || set_sym "$ft/.config" "$f" y
		else
			gate=n
			set_sym "$ft/.config" "$GATE" n
			dep=$(feature_dep "$f")
			for s in $dep $f; do set_sym "$ft/.config" "$s" y; done
		fi
		if ! (cd "$ft" && yes "" | make "${MAKEVARS[@]}" oldconfig) >"$ft/bbcheck-$f.log" 2>&1 ||
			{ [ "$f" != trim ] && ! grep -qx "CONFIG_$f=y" "$ft/.config"; } ||
			{ [ $gate = y ] && ! grep -qx "CONFIG_$GATE=y" "$ft/.config"; } ||
			{ [ $gate = n ] && grep -qx "CONFIG_$GATE=y" "$ft/.config"; } ||
			! make -C "$ft" "${MAKEVARS[@]}" -j"$lane_jobs" busybox >>"$ft/bbcheck-$f.log" 2>&1; then
			fail "[$tree/base + $f] configure and build"
			grep -e 'error:' -e 'warning:' "$ft/bbcheck-$f.log" | head -n 20 | sed 's/^/#   /'
			continue
		fi
		cp "$ft/.config" "$ft/bbcheck-$f.config"
		cp "$ft/busybox_unstripped" "$W/busybox_unstripped.$f"
		cp "$ft/networking/netstat.o" "$W/netstat.o.$f"
		if ! grep -qx netstat <("$ft/busybox" --list 2>&1) ||
			! timeout 10 "$ft/busybox" netstat -an >/dev/null 2>&1 </dev/null; then
			fail "[$tree/base + $f] busybox --list has netstat, busybox netstat -an exits 0"
			continue
		fi
		if [ "$f" = trim ]; then
			pass "[$tree/trim] base with $GATE on and ${TRIMMABLE// /, } off: builds, netstat listed and runs; netstat.o text $(text_of "$ft/networking/netstat.o")"
			printf '%s %s %s %s\n' trim "$(bloat "$W/base/busybox_unstripped" "$ft/busybox_unstripped" "$W/bloat-base-trim.txt")" \
				$(($(text_of "$ft/networking/netstat.o") - $(text_of "$W/base/networking/netstat.o"))) base \
				>>"$W/feature-sizes-$lane.txt"
			continue
		fi
		if [ $gate = y ]; then
			ref=trim
		elif [ -n "$dep" ]; then
			ref=$dep
		else
			ref=base
		fi
		if [ "$ref" = base ]; then
			refbin=$W/base/busybox_unstripped refo=$W/base/networking/netstat.o
		else
			refbin=$W/busybox_unstripped.$ref refo=$W/netstat.o.$ref
		fi
		total=$(bloat "$refbin" "$W/busybox_unstripped.$f" "$W/bloat-$f.txt")
		text=$(($(text_of "$W/netstat.o.$f") - $(text_of "$refo")))
		prompt=$(config_prompt "$f")
		printf '%s %s %s %s\n' "$f" "${total:-?}" "$text" "$ref" >>"$W/feature-sizes-$lane.txt"
		if [ -z "$total" ]; then
			fail "[$tree/$ref + $f] bloat-o-meter gave no total ($W/bloat-$f.txt)"
		elif size_agrees "$prompt" "$total"; then
			pass "[$tree/$ref + $f] builds, netstat listed and runs; bloat-o-meter Total: $total bytes, netstat.o text $text (against $ref); the prompt agrees: \"$prompt\""
		else
			fail "[$tree/$ref + $f] builds; bloat-o-meter Total: $total bytes (against $ref); the prompt does not agree: \"$prompt\""
		fi
	done
}

# feature_dep FEATURE: the (first) FEATURE_NETSTAT_* it depends on, if any
feature_dep() { config_depends "$1" | grep -o 'FEATURE_NETSTAT_[A-Za-z0-9_]*' | head -n 1; }

feature_sizes() {
	[ -n "${bb_ok[base]:-}" ] && command -v "$python" >/dev/null 2>&1 && command -v nm >/dev/null 2>&1 || return
	local f dep a="trim $TRIMMABLE" b='' na nb trim_share="?" start=$SECONDS
	# lane a: trim and what is measured against it; each further feature
	# into the lane of the one it depends on, else into the shorter lane
	for f in $further; do
		dep=$(feature_dep "$f")
		na=$(wc -w <<<"$a") nb=$(wc -w <<<"$b")
		if [[ -n "$dep" && " $a " == *" $dep "* ]]; then
			a="$a $f"
		elif [[ -n "$dep" && " $b " == *" $dep "* ]] || [ "$nb" -lt "$na" ]; then
			b="$b $f"
		else
			a="$a $f"
		fi
	done
	lane_jobs=$(((jobs + 1) / 2))
	rm -f "$W"/feature-sizes-[ab].txt
	# shellcheck disable=SC2086 # one word per feature
	feature_lane a $a >"$W/features-a.out" 2>&1 &
	local pid_a=$!
	# shellcheck disable=SC2086
	feature_lane b $b >"$W/features-b.out" 2>&1 &
	wait "$pid_a" $!
	cat "$W/features-a.out" "$W/features-b.out"
	note "[$tree] the features in two lanes ($a | $b): $((SECONDS - start)) s"
	: >"$work/feature-sizes.txt"
	for f in $further trim $TRIMMABLE; do
		cat "$W"/feature-sizes-[ab].txt 2>/dev/null | awk -v f="$f" '$1 == f' >>"$work/feature-sizes.txt"
	done
	[ -z "${bb_ok[none]:-}" ] || [ ! -f "$W/busybox_unstripped.trim" ] ||
		trim_share=$(($(text_of "$W/busybox_unstripped.trim") - $(text_of "$W/none/busybox_unstripped")))
	note "[$tree] feature sizes (name, bloat-o-meter total, netstat.o text, measured against): $work/feature-sizes.txt"
	{
		printf '%-40s %10s\n' "each feature alone (bloat-o-meter)" "bytes"
		awk '$1 != "trim" { printf "%-40s %10s%s\n", $1, $2, $4 == "base" ? "" : "  (against " $4 ")" }' \
			"$work/feature-sizes.txt"
		printf 'trim (%s on, %s off): brings in %s, netstat.o %s, bloat-o-meter against base %s\n' \
			"$GATE" "$TRIMMABLE" "$trim_share" "$(text_of "$W/netstat.o.trim" 2>/dev/null)" \
			"$(awk '$1 == "trim" { print $2 }' "$work/feature-sizes.txt")"
	} >>"$sizes"
}

for tree in $trees; do
	run_tree
done

finish
