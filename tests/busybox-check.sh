#!/bin/bash
# busybox-check.sh [APPLET_FILE]
#
# Drops APPLET_FILE (default: applet/netstat.c of the repository this
# script lives in) over networking/netstat.c of Debian's BusyBox 1.35 and
# checks that it builds there, with BusyBox's own libbb, and behaves as the
# standalone build of the same file. Needs root (apt-get, unshare -n).
#
#  1. Source: `apt-get source busybox` (bookworm, 1.35) into a cache,
#     $BUSYBOX_SRC_CACHE (default /tmp/netstat-busybox-src), downloaded
#     once. A deb-src entry for bookworm main is added first
#     (/etc/apt/sources.list.d/netstat-busybox-src.sources) if apt knows
#     no 1.35 source. The cache is never modified: every run builds in
#     fresh copies under $BUSYBOX_CHECK_DIR (default
#     /tmp/netstat-busybox-check), which are kept for inspection.
#  2. Each copy differs from the pristine tree in networking/netstat.c only
#     (checked with diff -r before configuring).
#  3. Static builds with musl-gcc (make CC=musl-gcc HOSTCC=gcc -j2
#     busybox), each from `make allnoconfig` plus symbols set in .config,
#     then `yes "" | make oldconfig`, then the result checked:
#       on     every FEATURE_NETSTAT_* the applet's //config: lines declare,
#              LONG_OPTS, FEATURE_IPV6
#       off    every FEATURE_NETSTAT_* off, LONG_OPTS and FEATURE_IPV6 off
#       base   BusyBox's own netstat features only (FEATURE_NETSTAT_WIDE,
#              FEATURE_NETSTAT_PRG, FEATURE_IPV6, LONG_OPTS), the applet's
#              further ones off
#       stock  BusyBox's own netstat.c with the same features, for the
#              size comparison
#       none   no netstat at all: what the others add is measured from it
#     (stock and none are reused from the last run while the source, this
#     recipe and musl-gcc are the same) and in all of them STATIC, WERROR,
#     BUSYBOX (busybox APPLET dispatch), SHOW_USAGE and
#     FEATURE_VERBOSE_USAGE (so --help prints the //usage: text), and
#     TRUE: with NETSTAT as the only applet, stock libbb/appletlib.c does
#     not build with WERROR (show_usage_if_dash_dash_help: unused
#     parameter 'applet_no'); any of test/true/false/echo uses it.
#  4. The standalone build of the same APPLET_FILE, with the same features
#     (profiles generated from the same symbols), in a scratch copy of the
#     repository's Makefile and include/ (the repository is not touched).
#     Then, in a private network namespace (unshare -n, lo up) holding
#     tests/population.py's sockets when python3 is there (else no sockets
#     at all): `busybox netstat -an`, `--help`, a bad option, and the same
#     stdout and exit status as the standalone binary for -tuan, -xan and
#     more (with -o the timer columns are masked: they run down between the
#     two runs); in "off" and "base", the options of features that are off
#     refused by both. An option the applet does not have at all is
#     refused by both and so passes. Then the black-box suites of `make
#     check` (cli.sh, live.sh, summary.sh, resolve.sh, netinfo.sh) with
#     "busybox netstat" of the "on" build as their binary.
#  5. Sizes. The budget: the text netstat brings into a BusyBox built with
#     it alone (text of busybox_unstripped less that of "none": its code
#     and the libc and libbb code only it pulls in), "base" at most 1.5
#     times "stock". Noted beside it: networking/netstat.o of each build
#     against stock's, and scripts/bloat-o-meter stock -> base. Then each
#     further feature turned on alone in a copy of "base" (with the feature
#     it depends on, if any) and bloat-o-meter's total against the build
#     before it: $BUSYBOX_CHECK_DIR/feature-sizes.txt.
#  6. Prints "ok - ..." / "not ok - ..." per step, "# ..." notes, and last
#     "busybox-check: N passed, N failed". Exit 0 when nothing failed.
#
# Environment: BUSYBOX_SRC_CACHE, BUSYBOX_CHECK_DIR, JOBS (default 2),
# PYTHON (default python3).
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
applet=${1:-$here/applet/netstat.c}
case $applet in /*) ;; *) applet=$PWD/$applet ;; esac
cache=${BUSYBOX_SRC_CACHE:-/tmp/netstat-busybox-src}
work=${BUSYBOX_CHECK_DIR:-/tmp/netstat-busybox-check}
jobs=${JOBS:-2}
python=${PYTHON:-python3}
MAKEVARS=(CC=musl-gcc HOSTCC=gcc)
# plain ASCII quotes in the compiler's messages
export LANG=C LC_ALL=C

pass() { echo "ok - $*"; echo pass >>"$work/tally"; }
fail() { echo "not ok - $*"; echo fail >>"$work/tally"; }
note() { echo "# $*"; }
# indent FILE [N]: the first N (40) lines of FILE as "#   " notes
indent() { head -n "${2:-40}" "$1" | cat -v | sed 's/^/#   /'; }

# ----------------------------------------------------------------------
# Inner part: the smoke tests, run inside `unshare -n` by the outer part.
# Arguments: WORK LABEL... ; binaries are WORK/LABEL/busybox and
# WORK/standalone/build/bbcheck-LABEL/netstat.

# run_both LABEL ARGS...: both binaries, stdout/stderr/status into $tmp
run_both() {
	local label=$1
	shift
	bbrc=0 sarc=0
	timeout 10 "$work/$label/busybox" netstat "$@" >"$tmp/bb.out" 2>"$tmp/bb.err" </dev/null || bbrc=$?
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
		pass "[$label] busybox netstat $* = standalone (stdout, exit $bbrc)$masked"
		return
	fi
	fail "[$label] busybox netstat $* = standalone (stdout, exit status)"
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
		pass "[$label] busybox netstat $* refused: usage on stderr, exit 3 (standalone: exit 3)"
	else
		fail "[$label] busybox netstat $* refused: usage on stderr, exit 3 (standalone: exit $sarc)"
		note "busybox: exit $bbrc, stderr:"
		indent "$tmp/bb.err" 5
	fi
}

smoke() {
	local label=$1 bb=$work/$1/busybox
	tmp=$work/smoke-$label
	mkdir -p "$tmp"

	# netstat -an: runs, exit 0, prints the tables, nothing on stderr
	local rc=0
	timeout 10 "$bb" netstat -an >"$tmp/an.out" 2>"$tmp/an.err" </dev/null || rc=$?
	if [ $rc = 0 ] && grep -q '^Active Internet connections' "$tmp/an.out" &&
		grep -q '^Active UNIX domain sockets' "$tmp/an.out" && [ ! -s "$tmp/an.err" ]; then
		pass "[$label] busybox netstat -an ($(wc -l <"$tmp/an.out") lines, exit 0)"
	else
		fail "[$label] busybox netstat -an (exit $rc)"
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
		pass "[$label] busybox netstat --help: exit 0, usage text = standalone's"
	else
		fail "[$label] busybox netstat --help: exit 0, usage text = standalone's (exit $rc)"
		diff -u --label standalone --label busybox "$tmp/sahelp.usage" "$tmp/help.usage" |
			head -n 40 | sed 's/^/#   /'
	fi

	refused "$label" -k	# a letter netstat has never had
	local f
	if [ "$label" = on ]; then
		# (an option this applet does not have is refused by both: exit 3)
		for f in -an -tuan -xan -tuanW -tuane -tuanee -wan -Uan -46an -tan \
			-tuanp -xanp -tuano -S -taS -tuawS -rn -g \
			"-tan -G state" "-tuan -G proto,lport,state=LISTEN" -V \
			"--tcp --all --numeric" "--protocol=inet6 -an" "-an --numeric-hosts"; do
			# shellcheck disable=SC2086 # split on blanks on purpose
			compare "$label" $f
		done
	elif [ "$label" = base ]; then
		# BusyBox's own features only: -W and -p, the further ones refused
		for f in -an -tuan -xan -tuanW -tuanp -xanp "--tcp --all --numeric" -V; do
			# shellcheck disable=SC2086
			compare "$label" $f
		done
		for f in -e -w -U -o -S "-G state" -c -s -i -r -g; do
			# shellcheck disable=SC2086
			refused "$label" $f
		done
	else
		for f in -an -tuan -xan -4an -V; do
			compare "$label" $f
		done
		# features that are off must be refused, as the standalone does
		for f in -W -e -w -U -p -o -S "-G state" -c -s -i -r -g "--tcp" "--numeric"; do
			# shellcheck disable=SC2086
			refused "$label" $f
		done
	fi
}

inner() {
	work=$1
	shift
	ip link set lo up || { fail "netns: ip link set lo up"; return; }
	local sockdir pop_pid=
	if command -v "$python" >/dev/null 2>&1 && [ -f "$here/tests/population.py" ]; then
		sockdir=$(mktemp -d /tmp/bbck.XXXXXX)
		coproc POP { exec "$python" "$here/tests/population.py" --dir "$sockdir" --plain 2>/dev/null; }
		# shellcheck disable=SC2153 # POP_PID is set by coproc
		pop_pid=$POP_PID
		local line=
		read -r line <&"${POP[0]}" || true
		if [ "$line" = ready ]; then
			note "netns: lo up, tests/population.py --plain sockets in place"
		else
			note "netns: tests/population.py did not start; comparing with no sockets"
		fi
	else
		note "netns: lo up, no sockets ($python or tests/population.py missing)"
	fi
	local label
	for label in "$@"; do
		smoke "$label"
	done
	if [ -n "$pop_pid" ]; then
		eval "exec ${POP[1]}>&-"
		wait "$pop_pid" 2>/dev/null || true
		rm -rf "$sockdir"
	fi
}

if [ "${1:-}" = --inner ]; then
	shift
	inner "$@"
	exit 0
fi

# ----------------------------------------------------------------------
# Outer part

[ -f "$applet" ] || { echo "busybox-check.sh: $applet: no such file" >&2; exit 2; }
mkdir -p "$work"
exec 9>"$work.lock"
flock -n 9 || { echo "busybox-check.sh: another run holds $work.lock" >&2; exit 2; }
: >"$work/tally"
rm -f "$work/busybox-sizes.txt"
note "applet: $applet"

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
missing=
for t in make gcc musl-gcc dpkg-source bzip2 xz size readelf diff cmp; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
	note "installing build tools (missing:$missing)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential musl-tools \
		dpkg-dev bzip2 xz-utils binutils diffutils >"$work/apt-install.log" 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential musl-tools \
			dpkg-dev bzip2 xz-utils binutils diffutils >"$work/apt-install.log" 2>&1; }
	missing=
	for t in make gcc musl-gcc dpkg-source bzip2 xz size readelf diff cmp; do
		command -v $t >/dev/null 2>&1 || missing="$missing $t"
	done
fi
if [ -n "$missing" ]; then
	fail "tools: missing$missing (apt-get install build-essential musl-tools dpkg-dev bzip2)"
	finish
fi
pass "tools: make, gcc, musl-gcc, dpkg-source, bzip2, xz, binutils"

# --- 1. source ---------------------------------------------------------
# bookworm's busybox source version (1:1.35.0-...), or nothing
bb_version() {
	apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' | grep -m1 '^\(1:\)\{0,1\}1\.35\.'
}

src=
if [ -f "$cache/.complete" ]; then
	src=$(sed -n 1p "$cache/.complete")
	[ -f "$src/Makefile" ] || src=
fi
if [ -n "$src" ]; then
	pass "busybox source: $src (cached, $(sed -n 2p "$cache/.complete"))"
elif [ "$(id -u)" != 0 ]; then
	fail "busybox source: not cached in $cache and not root (apt-get source needs root here)"
	finish
else
	version=$(bb_version)
	if [ -z "$version" ]; then
		# no deb-src entry that knows bookworm's busybox: add one
		# (the sources.list.d of apt's configuration: APT_CONFIG is honoured)
		srcparts=
		eval "$(apt-config shell srcparts Dir::Etc::sourceparts/d)"
		list=${srcparts:-/etc/apt/sources.list.d/}
		list=${list%/}/netstat-busybox-src.sources
		note "adding a deb-src entry for bookworm main: $list"
		cat >"$list" <<-'EOF'
		Types: deb-src
		URIs: http://deb.debian.org/debian
		Suites: bookworm
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOF
		apt-get update >"$work/apt-update.log" 2>&1 ||
			{ note "apt-get update failed:"; indent "$work/apt-update.log" 20; }
		version=$(bb_version)
	fi
	if [ -z "$version" ]; then
		fail "busybox source: apt-cache showsrc busybox knows no 1.35 version"
		finish
	fi
	mkdir -p "$cache"
	rm -rf "$cache"/busybox-1.35* "$cache"/busybox_1.35*	# an unfinished download
	if (cd "$cache" && apt-get source -q "busybox=$version") >"$work/apt-source.log" 2>&1 &&
		src=$(find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'busybox-1.35*' | head -n 1) &&
		[ -f "$src/Makefile" ]; then
		printf '%s\n%s\n' "$src" "$version" >"$cache/.complete"
		pass "busybox source: $src (apt-get source busybox=$version)"
	else
		fail "busybox source: apt-get source busybox=$version"
		indent "$work/apt-source.log" 20
		finish
	fi
fi

# --- 4a. standalone builds of the same file, same features -------------
# Every symbol the applet declares; FEATURE_NETSTAT_* are the switches.
features=$(sed -n 's@^//config:config \(FEATURE_NETSTAT_[A-Za-z0-9_]*\).*@\1@p' "$applet")
# config_field SYMBOL FIELD: what follows FIELD ("bool", "depends on") in
# the //config: block of SYMBOL, quotes taken off
config_field() {
	sed -n "/^\/\/config:config $1\$/,/^\/\/config:\$/s@^//config:[[:space:]]*$2 \"\{0,1\}\([^\"]*\)\"\{0,1\}\$@\1@p" "$applet"
}
note "applet's FEATURE_NETSTAT_* switches: ${features//$'\n'/ }"
# BusyBox 1.35's own netstat features (and FEATURE_IPV6); the applet's
# other switches are the further features, measured one by one
STOCK_FEATURES="FEATURE_NETSTAT_WIDE FEATURE_NETSTAT_PRG"
# shellcheck disable=SC2086 # one word per symbol
further=$(printf '%s\n' $features | grep -vxF -f <(printf '%s\n' $STOCK_FEATURES))
further=${further//$'\n'/ }

sa=$work/standalone
rm -rf "$sa"
mkdir -p "$sa/applet" "$sa/config"
cp "$here/Makefile" "$sa/"
cp -r "$here/include" "$sa/"
cp "$applet" "$sa/applet/netstat.c"
{
	echo CONFIG_NETSTAT=y
	for s in $features FEATURE_IPV6 LONG_OPTS; do echo "CONFIG_$s=y"; done
} >"$sa/config/bbcheck-on"
echo CONFIG_NETSTAT=y >"$sa/config/bbcheck-off"
for s in NETSTAT $STOCK_FEATURES FEATURE_IPV6 LONG_OPTS; do echo "CONFIG_$s=y"; done >"$sa/config/bbcheck-base"
declare -A sa_ok
for label in on off base; do
	if make -C "$sa" -s CONFIG=bbcheck-$label build/bbcheck-$label/netstat \
		>"$sa/build-$label.log" 2>&1; then
		pass "[$label] standalone build of the same file and features (make CONFIG=bbcheck-$label)"
		sa_ok[$label]=1
	else
		fail "[$label] standalone build of the same file and features (make CONFIG=bbcheck-$label)"
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

BASE_SYMS="NETSTAT STATIC WERROR BUSYBOX TRUE SHOW_USAGE FEATURE_VERBOSE_USAGE"

# bb_build LABEL: copy, replace, configure, verify, build. 0 if built.
bb_build() {
	local label=$1 t=$work/$1 want_y want_n s bad=
	rm -rf "$t"
	cp -a "$src" "$t"
	case $label in stock | none) ;; *) cp "$applet" "$t/networking/netstat.c" ;; esac
	# 2. nothing but networking/netstat.c differs from the pristine tree
	diff -rq "$src" "$t" >"$t.diff" 2>&1
	if [ "$label" = stock ] || [ "$label" = none ]; then
		if [ ! -s "$t.diff" ]; then
			pass "[$label] fresh copy of the pristine tree, unchanged"
		else
			fail "[$label] fresh copy of the pristine tree, unchanged"
			indent "$t.diff"
		fi
	elif [ ! -s "$t.diff" ] || { [ "$(wc -l <"$t.diff")" = 1 ] && grep -q "/networking/netstat.c differ\$" "$t.diff"; }; then
		pass "[$label] fresh copy of the pristine tree, networking/netstat.c replaced, nothing else changed"
	else
		fail "[$label] fresh copy of the pristine tree, networking/netstat.c replaced, nothing else changed"
		indent "$t.diff"
	fi

	# 3. configuration
	want_y=$BASE_SYMS want_n=
	case $label in
	on) want_y="$want_y LONG_OPTS FEATURE_IPV6 $features" ;;
	off) want_n="LONG_OPTS FEATURE_IPV6 $features" ;;
	stock) want_y="$want_y LONG_OPTS FEATURE_IPV6 $STOCK_FEATURES" ;;
	base)
		want_y="$want_y LONG_OPTS FEATURE_IPV6 $STOCK_FEATURES"
		want_n=$further
		;;
	none)
		want_y="${BASE_SYMS/NETSTAT /} LONG_OPTS FEATURE_IPV6"
		want_n=NETSTAT
		;;
	esac
	if ! make -C "$t" "${MAKEVARS[@]}" allnoconfig >"$t/bbcheck-config.log" 2>&1; then
		fail "[$label] make allnoconfig"
		indent "$t/bbcheck-config.log"
		return 1
	fi
	for s in $want_y; do set_sym "$t/.config" "$s" y; done
	for s in $want_n; do set_sym "$t/.config" "$s" n; done
	if [ "$label" = off ]; then
		# shellcheck disable=SC2013 # symbol names: no blanks
		for s in $(sed -n 's/^CONFIG_\(FEATURE_NETSTAT_[A-Za-z0-9_]*\)=.*/\1/p' "$t/.config"); do
			set_sym "$t/.config" "$s" n
		done
	fi
	if ! (cd "$t" && yes "" | make "${MAKEVARS[@]}" oldconfig) >>"$t/bbcheck-config.log" 2>&1; then
		fail "[$label] make oldconfig"
		indent "$t/bbcheck-config.log"
		return 1
	fi
	for s in $want_y; do
		grep -qx "CONFIG_$s=y" "$t/.config" || bad="$bad $s(not y)"
	done
	for s in $want_n; do
		! grep -q "^CONFIG_$s=" "$t/.config" || bad="$bad $s(not off)"
	done
	if [ "$label" = off ] && grep -q '^CONFIG_FEATURE_NETSTAT_.*=y' "$t/.config"; then
		bad="$bad $(sed -n 's/^CONFIG_\(FEATURE_NETSTAT_.*\)=y/\1(not off)/p' "$t/.config")"
	fi
	if [ -z "$bad" ]; then
		# shellcheck disable=SC2046 # one word per symbol
		pass "[$label] .config after oldconfig:" $(for s in $want_y; do printf '%s=y ' "$s"; done) \
			$(for s in $want_n; do printf '%s=n ' "$s"; done)
	else
		fail "[$label] .config after oldconfig: wrong:$bad"
		grep -e NETSTAT -e LONG_OPTS -e FEATURE_IPV6 "$t/.config" | sed 's/^/#   /'
	fi

	# build (the busybox target: no docs)
	local start=$SECONDS
	if make -C "$t" "${MAKEVARS[@]}" -j"$jobs" busybox >"$t/bbcheck-build.log" 2>&1 &&
		[ -x "$t/busybox" ]; then
		pass "[$label] make -j$jobs CC=musl-gcc busybox ($((SECONDS - start)) s)"
	else
		fail "[$label] make -j$jobs CC=musl-gcc busybox"
		# the compiler's and linker's messages, else the end of the log
		if grep -q -e 'error:' -e 'warning:' -e 'undefined reference' "$t/bbcheck-build.log"; then
			grep -e 'error:' -e 'warning:' -e 'undefined reference' -e '^ *[0-9]* |' \
				-e '^ *| *\^' -e 'In function' -e '\*\*\* ' \
				"$t/bbcheck-build.log" >"$t/bbcheck-errors.log"
			indent "$t/bbcheck-errors.log" 60
		else
			tail -n 30 "$t/bbcheck-build.log" >"$t/bbcheck-errors.log"
			indent "$t/bbcheck-errors.log" 30
		fi
		note "full log: $t/bbcheck-build.log"
		return 1
	fi
	if readelf -lW "$t/busybox" 2>/dev/null | grep -q 'Requesting program interpreter' ||
		readelf -dW "$t/busybox" 2>/dev/null | grep -q NEEDED; then
		fail "[$label] busybox is static (CONFIG_STATIC)"
	else
		pass "[$label] busybox is static"
	fi
	return 0
}

# size_line FILE: "text data bss" of FILE
size_line() { size "$1" 2>/dev/null | awk 'NR == 2 { print $1, $2, $3 }'; }

# The stock and none builds depend on nothing but the source, this recipe
# and the compiler: reused while they are the same.
recipe="$src $(sed -n 2p "$cache/.complete") $BASE_SYMS LONG_OPTS FEATURE_IPV6 $STOCK_FEATURES ${MAKEVARS[*]} $(musl-gcc --version 2>&1 | head -n 1)"

declare -A bb_ok
for label in on off base stock none; do
	if { [ $label = stock ] || [ $label = none ]; } && [ -f "$work/$label/busybox_unstripped" ] &&
		[ "$(cat "$work/$label.recipe" 2>/dev/null)" = "$recipe" ]; then
		note "[$label] build reused from an earlier run: $work/$label (same source, config and compiler)"
	else
		rm -f "$work/$label.recipe"
		bb_build "$label" || continue
		case $label in stock | none) printf '%s\n' "$recipe" >"$work/$label.recipe" ;; esac
	fi
	bb_ok[$label]=1
	read -r tx da bs <<<"$(size_line "$work/$label/busybox_unstripped")"
	note "[$label] size busybox_unstripped: text $tx data $da bss $bs; busybox file $(stat -c %s "$work/$label/busybox") bytes"
	[ $label = none ] && continue
	read -r tx da bs <<<"$(size_line "$work/$label/networking/netstat.o")"
	note "[$label] size networking/netstat.o: text $tx data $da bss $bs"
done

# --- 4b. smoke tests in a private network namespace ----------------------
labels=
for label in on off base; do
	[ -n "${bb_ok[$label]:-}" ] && [ -n "${sa_ok[$label]:-}" ] && labels="$labels $label"
done
if [ -z "$labels" ]; then
	note "no smoke tests: no build pair (busybox and standalone) succeeded"
elif [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null &&
	command -v ip >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	unshare -n "$BASH" "$0" --inner "$work" $labels ||
		fail "smoke tests in the private network namespace ended abnormally"
else
	# no namespace: only what does not depend on the sockets of the moment
	note "no private network namespace (needs root, unshare -n, ip): -an and --help only"
	for label in $labels; do
		rc=0
		"$work/$label/busybox" netstat -an >/dev/null 2>&1 </dev/null || rc=$?
		if [ $rc = 0 ]; then
			pass "[$label] busybox netstat -an (exit 0)"
		else
			fail "[$label] busybox netstat -an (exit $rc)"
		fi
		rc=0
		"$work/$label/busybox" netstat --help 2>&1 </dev/null | grep -q '^Usage: netstat' || rc=1
		if [ $rc = 0 ]; then
			pass "[$label] busybox netstat --help prints the usage"
		else
			fail "[$label] busybox netstat --help prints the usage"
		fi
	done
fi

# --- 4c. the black-box suites against busybox netstat ---------------------
# The same scripts `make check` runs on the standalone binary, given a
# NETSTAT that runs "busybox netstat" (every feature on): cli.sh with
# BUSYBOX_APPLET=1 (usage and option errors are BusyBox's there), and the
# live comparisons with net-tools (live.sh, summary.sh, resolve.sh,
# netinfo.sh; they make their own namespaces and skip without root).
if [ -n "${bb_ok[on]:-}" ]; then
	mkdir -p "$work/wrap"
	printf '#!/bin/sh\nexec "%s" netstat "$@"\n' "$work/on/busybox" >"$work/wrap/netstat"
	chmod +x "$work/wrap/netstat"
	for t in cli live summary resolve netinfo; do
		rc=0
		BUSYBOX_APPLET=1 timeout 900 bash "$here/tests/$t.sh" "$work/wrap/netstat" \
			>"$work/suite-$t.log" 2>&1 || rc=$?
		last=$(tail -n 1 "$work/suite-$t.log")
		if [ $rc = 77 ]; then
			note "[on] tests/$t.sh against busybox netstat: skipped ($last)"
		elif [ $rc = 0 ] && printf '%s\n' "$last" | grep -q "^$t: [0-9]* passed, 0 failed"; then
			pass "[on] tests/$t.sh against busybox netstat: ${last#*: }"
		else
			fail "[on] tests/$t.sh against busybox netstat (exit $rc): ${last#*: }"
			grep -A3 '^not ok' "$work/suite-$t.log" | head -n 30 | cat -v | sed 's/^/#   /'
		fi
	done
fi

# --- sizes: ours against stock -------------------------------------------
# text_of FILE: the text column of size(1)
text_of() { size_line "$1" | cut -d' ' -f1; }
# bloat OLD NEW OUT: BusyBox's scripts/bloat-o-meter OLD NEW into OUT;
# prints its last line's total ("Total: N bytes"), or nothing
bloat() {
	"$python" "$src/scripts/bloat-o-meter" "$1" "$2" >"$3" 2>&1 &&
		sed -n 's/.*Total: \(-\{0,1\}[0-9]*\) bytes.*/\1/p' "$3" | tail -n 1
}

if [ -n "${bb_ok[stock]:-}" ]; then
	stock_text=$(text_of "$work/stock/networking/netstat.o")
	for label in on base off; do
		[ -n "${bb_ok[$label]:-}" ] || continue
		ours=$(text_of "$work/$label/networking/netstat.o")
		note "netstat.o text: ours [$label] $ours bytes, stock 1.35 (WIDE, PRG, IPV6) $stock_text bytes:" \
			"$(awk -v a="$ours" -v b="$stock_text" 'BEGIN { printf "%.2fx", a / b }')"
	done
fi

# The budget: with only BusyBox's own features, the text the applet brings
# into a BusyBox built with it alone (its code and the libc and libbb
# code it pulls in: text of busybox_unstripped less that of the same
# build without netstat) is at most 1.5 times what the stock applet brings.
# size_agrees PROMPT BYTES: the "(N kb)" or "(+N kb)" at the end of a
# //config: prompt is BYTES give or take a quarter (at least half a kb)
size_agrees() {
	local kb
	kb=$(printf '%s\n' "$1" | sed -n 's/.*(+\{0,1\}\([0-9.]*\) kb)$/\1/p')
	[ -n "$kb" ] && awk -v kb="$kb" -v b="$2" 'BEGIN {
		d = kb * 1024 - b; if (d < 0) d = -d
		exit !(d <= (b / 4 > 512 ? b / 4 : 512)) }'
}

if [ -n "${bb_ok[stock]:-}" ] && [ -n "${bb_ok[base]:-}" ] && [ -n "${bb_ok[none]:-}" ]; then
	none_text=$(text_of "$work/none/busybox_unstripped")
	stock_share=$(($(text_of "$work/stock/busybox_unstripped") - none_text))
	base_share=$(($(text_of "$work/base/busybox_unstripped") - none_text))
	ratio=$(awk -v a="$base_share" -v b="$stock_share" 'BEGIN { printf "%.2f", a / b }')
	# the table `make size` prints after the standalone one
	{
		echo "inside BusyBox $(sed -n 2p "$cache/.complete") (make busybox-check, $(date -u +%F)):"
		printf '%-34s %10s %10s\n' "BusyBox built with netstat alone" "brings in" "netstat.o"
		for label in stock base on off; do
			[ -n "${bb_ok[$label]:-}" ] || continue
			case $label in
			stock) what="stock netstat (WIDE, PRG, IPV6)" ;;
			base) what="ours, the same features" ;;
			on) what="ours, every feature" ;;
			off) what="ours, every feature off" ;;
			esac
			printf '%-34s %10s %10s\n' "$what" \
				$(($(text_of "$work/$label/busybox_unstripped") - none_text)) \
				"$(text_of "$work/$label/networking/netstat.o")"
		done
		echo "budget: ours/stock ${ratio}x, at most 1.5x (text brought in)"
	} >"$work/busybox-sizes.txt"
	if [ $((base_share * 2)) -le $((stock_share * 3)) ]; then
		pass "size budget: text netstat brings into BusyBox, stock features only: ours $base_share bytes, stock $stock_share bytes (${ratio}x <= 1.5x)"
	else
		fail "size budget: text netstat brings into BusyBox, stock features only: ours $base_share bytes, stock $stock_share bytes (${ratio}x > 1.5x)"
	fi
	prompt=$(config_field NETSTAT bool)
	if size_agrees "$prompt" "$base_share"; then
		pass "the NETSTAT prompt agrees with the $base_share bytes: \"$prompt\""
	else
		fail "the NETSTAT prompt does not agree with the $base_share bytes: \"$prompt\""
	fi
	if command -v "$python" >/dev/null 2>&1 && command -v nm >/dev/null 2>&1; then
		total=$(bloat "$work/stock/busybox_unstripped" "$work/base/busybox_unstripped" "$work/bloat-stock-base.txt")
		note "bloat-o-meter stock -> ours (stock features), busybox_unstripped: Total: ${total:-?} bytes ($work/bloat-stock-base.txt)"
		total=$(bloat "$work/stock/networking/netstat.o" "$work/base/networking/netstat.o" "$work/bloat-stock-base.o.txt")
		note "bloat-o-meter stock -> ours (stock features), netstat.o: Total: ${total:-?} bytes ($work/bloat-stock-base.o.txt)"
	fi
fi

# Each further feature alone on top of the stock ones, as bloat-o-meter
# reports it (busybox_unstripped, the stock-features build before): built
# in one more copy of the base tree, one feature at a time (a feature that
# depends on another is measured against the build with that one).
if [ -n "${bb_ok[base]:-}" ] && command -v "$python" >/dev/null 2>&1 && command -v nm >/dev/null 2>&1; then
	ft=$work/features
	rm -rf "$ft"
	cp -a "$work/base" "$ft"
	: >"$work/feature-sizes.txt"
	for f in $further; do
		# the FEATURE_NETSTAT_* this one depends on, from the //config: lines
		dep=$(config_field "$f" "depends on" | sed -n 's/^\(FEATURE_NETSTAT_[A-Za-z0-9_]*\).*/\1/p')
		for s in $further; do set_sym "$ft/.config" "$s" n; done
		for s in $dep $f; do set_sym "$ft/.config" "$s" y; done
		if ! (cd "$ft" && yes "" | make "${MAKEVARS[@]}" oldconfig) >"$ft/bbcheck-$f.log" 2>&1 ||
			! grep -qx "CONFIG_$f=y" "$ft/.config" ||
			! make -C "$ft" "${MAKEVARS[@]}" -j"$jobs" busybox >>"$ft/bbcheck-$f.log" 2>&1; then
			fail "[base + $f] configure and build"
			grep -e 'error:' -e 'warning:' "$ft/bbcheck-$f.log" | head -n 20 | sed 's/^/#   /'
			continue
		fi
		cp "$ft/busybox_unstripped" "$work/busybox_unstripped.$f"
		cp "$ft/networking/netstat.o" "$work/netstat.o.$f"
		if [ -n "$dep" ]; then
			ref=$dep refbin=$work/busybox_unstripped.$dep refo=$work/netstat.o.$dep
		else
			ref=base refbin=$work/base/busybox_unstripped refo=$work/base/networking/netstat.o
		fi
		total=$(bloat "$refbin" "$work/busybox_unstripped.$f" "$work/bloat-$f.txt")
		text=$(($(text_of "$work/netstat.o.$f") - $(text_of "$refo")))
		prompt=$(config_field "$f" bool)
		printf '%s %s %s %s\n' "$f" "${total:-?}" "$text" "$ref" >>"$work/feature-sizes.txt"
		if [ -z "$total" ]; then
			fail "[base + $f] bloat-o-meter gave no total ($work/bloat-$f.txt)"
		elif size_agrees "$prompt" "$total"; then
			pass "[base + $f] builds; bloat-o-meter Total: $total bytes, netstat.o text $text (against $ref); the prompt agrees: \"$prompt\""
		else
			fail "[base + $f] builds; bloat-o-meter Total: $total bytes (against $ref); the prompt does not agree: \"$prompt\""
		fi
	done
	note "feature sizes (name, bloat-o-meter total, netstat.o text, measured against): $work/feature-sizes.txt"
	sizes=$work/busybox-sizes.txt
	if [ -f "$sizes" ]; then
		{
			printf '%-34s %10s\n' "each further feature" "bloat-o-m."
			awk '{ printf "%-34s %10s%s\n", $1, $2, $4 == "base" ? "" : "  (against " $4 ")" }' \
				"$work/feature-sizes.txt"
		} >>"$sizes"
	fi
fi

finish
