#!/bin/bash
# tests/cross.sh [TARGET...]     (make cross-check)
#
# The other targets, each built with Debian's cross gcc and Debian's musl
# for it (musl-dev:ARCH) and run under qemu-user: aarch64, armhf, mipsel
# (little-endian) and s390x (big-endian) by default. For each:
#
#  1. the full and minimal builds (binary and unit tests), warning-free
#     (-Werror);
#  2. make check of the full build under qemu (tests/run.sh): the unit
#     tests and fixture goldens, the live suites (cli, live, summary,
#     resolve, netinfo) on this machine's kernel, make install, the size
#     budgets (tests/size.sh). On mipsel the socket tables are compared
#     with Debian's net-tools built for mipsel, under qemu too
#     (tests/net-tools-foreign.sh): this x86_64 kernel numbers socket types
#     x86's way and a MIPS netstat, net-tools' as ours, names them MIPS's
#     way. On s390x the live suites are skipped: qemu-user shows a
#     big-endian guest the host's little-endian /proc/net (only
#     /proc/net/route is rewritten), so nothing there is a big-endian
#     kernel's text;
#  3. the minimal build's unit tests and goldens under qemu;
#  4. where the target's kernel writes other text than x86_64's (s390x:
#     addresses as big-endian u32s; mipsel: socket type numbers), the
#     tests read fixtures converted to that text (tests/kernel-text.c);
#     the control: the same tests reading x86_64's text unconverted must
#     fail;
#  5. s390x: the binary itself, on each fixture converted to big-endian
#     text and bind-mounted over /proc, prints exactly what the x86_64
#     binary prints on the original (stdout and exit status), for every
#     case of the fixtures' case lists. /proc/net/route is the exception:
#     qemu-user rewrites it for a big-endian guest itself (converting it
#     again would undo that), so the s390x binary is given the original
#     route, which qemu turns into big-endian text (in lower-case hex and
#     without the kernel's padding to 127 columns).
#
# Prints TAP-like lines, per target "== TARGET: ... s" with its counts,
# and "cross: N passed, N failed, N skipped" last; exit 1 if any failed.
# Needs root (the namespaces of the live suites and of 5.); .ci/run
# installs the toolchains:
#   dpkg --add-architecture arm64 (armhf, mipsel, s390x); apt-get update
#   apt-get install musl-dev:arm64 gcc-aarch64-linux-gnu qemu-user-static ...
# Logs: build/cross/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 2
logs=build/cross
mkdir -p "$logs"
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
skipped() { skip=$((skip + 1)); echo "# skipped: $1"; }
# add COUNTS-LINE: "... N passed, N failed[, N skipped]"
add() {
	set -- $(printf '%s\n' "$1" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}.*/\1 \2 \4/p')
	if [ $# -ge 2 ]; then
		pass=$((pass + $1)); fail=$((fail + $2)); skip=$((skip + ${3:-0}))
	else
		not_ok "a runner printed no counts"
	fi
}
# greatest's "Pass: N, fail: N, skip: N." as counts
unit_counts() {
	sed -n 's/^Pass: \([0-9]*\), fail: \([0-9]*\), skip: \([0-9]*\)\.$/unit: \1 passed, \2 failed, \3 skipped/p' "$1" | tail -1
}

# target NAME: its gcc prefix, qemu, Debian architecture, musl triplet,
# byte order and socket type numbering
target() {
	case $1 in
	aarch64) cross=aarch64-linux-gnu- qemu=qemu-aarch64-static deb=arm64 musl=aarch64-linux-musl be=0 mips=0 ;;
	armhf) cross=arm-linux-gnueabihf- qemu=qemu-arm-static deb=armhf musl=arm-linux-musleabihf be=0 mips=0 ;;
	mipsel) cross=mipsel-linux-gnu- qemu=qemu-mipsel-static deb=mipsel musl=mipsel-linux-musl be=0 mips=1 ;;
	s390x) cross=s390x-linux-gnu- qemu=qemu-s390x-static deb=s390x musl=s390x-linux-musl be=1 mips=0 ;;
	*) return 1 ;;
	esac
}

# be_binary_check M: step 5 for the big-endian target M
be_binary_check() {
	local m=$1 conv=$logs/$m-fixtures cases=0 same=0 differ=0 inner
	if ! make -s --no-print-directory build/kernel-text build/x86_64-full/netstat >"$logs/$m-host.log" 2>&1; then
		not_ok "$m binary on big-endian fixtures: host builds failed"; sed 's/^/#   /' "$logs/$m-host.log"
		return
	fi
	rm -rf "$conv"
	# FIXTURE:CASE-LISTS
	for fx in "basic:cases cases-frozen" netinfo:cases-netinfo stats:cases-stats \
		stats-every:cases-stats unix-mips:cases-unix; do
		local name=${fx%%:*}
		mkdir -p "$conv/$name/converted/net" "$conv/$name/original"
		cp -r "tests/fixtures/$name/net" "$conv/$name/original/"
		for f in "tests/fixtures/$name/net/"*; do
			local from=x86_64 base=${f##*/}
			[ "$name" = unix-mips ] && from=mipsel
			if [ "$base" = route ]; then	# qemu-user converts it itself
				cp "$f" "$conv/$name/converted/net/route"
			else
				build/kernel-text "$from" s390x "$base" <"$f" >"$conv/$name/converted/net/$base"
			fi
		done
		if [ "$name" = unix-mips ]; then	# its reference: the x86_64 binary on x86_64's text
			build/kernel-text mipsel x86_64 unix <"tests/fixtures/unix-mips/net/unix" >"$conv/$name/original/net/unix"
		fi
		for c in ${fx#*:}; do grep -v '^#' "tests/fixtures/$c" | grep . ; done |
			sed "s/^/$name	/" >>"$conv/cases"
	done
	inner=$conv/inner.sh
	cat >"$inner" <<-'EOF'
	# inside unshare -m: each case on the original (x86_64) and the converted (s390x)
	set -u
	mount --make-rprivate /
	conv=$1 x86=$2 qemu=$3 bin=$4
	export LC_ALL=C
	while IFS='	' read -r name id flags; do
		for side in original converted; do
			mount --bind "$conv/$name/$side" /proc
			if [ $side = original ]; then run="$x86"; else run="$qemu $bin"; fi
			rc=0
			# shellcheck disable=SC2086
			$run $flags >"$conv/$name/$id.$side.out" 2>/dev/null </dev/null || rc=$?
			echo "rc $rc" >>"$conv/$name/$id.$side.out"
			umount /proc
		done
		if cmp -s "$conv/$name/$id.original.out" "$conv/$name/$id.converted.out"; then
			echo "same $name $id"
		else
			echo "differ $name $id $flags"
		fi
	done <"$conv/cases"
	EOF
	unshare -m bash "$inner" "$(pwd)/$conv" "$(pwd)/build/x86_64-full/netstat" "$qemu" \
		"$(pwd)/build/$m-full/netstat" >"$conv/results" 2>&1
	cases=$(grep -c . "$conv/cases")
	same=$(grep -c '^same ' "$conv/results")
	differ=$(grep -c '^differ ' "$conv/results")
	if [ "$cases" -gt 0 ] && [ "$same" = "$cases" ]; then
		ok "$m binary on big-endian fixtures = x86_64 binary on the originals: $same cases (basic, netinfo, stats, stats-every, unix-mips; stdout and status)"
	else
		not_ok "$m binary on big-endian fixtures = x86_64 binary on the originals: $same of $cases the same, $differ differ"
		grep -v '^same ' "$conv/results" | head -20 | sed 's/^/#   /'
		local first
		first=$(sed -n 's/^differ \([^ ]*\) \([^ ]*\).*/\1\/\2/p' "$conv/results" | head -1)
		[ -z "$first" ] || diff "$conv/$first.original.out" "$conv/$first.converted.out" | head -20 | sed 's/^/#   /'
	fi
}

[ "$(id -u)" = 0 ] || echo "# not root: the live suites and the big-endian binary check will skip or fail"
targets=${*:-aarch64 armhf mipsel s390x}
summary=
for m in $targets; do
	start=$SECONDS
	p0=$pass f0=$fail s0=$skip
	echo "== $m"
	if ! target "$m"; then
		not_ok "$m: no such target (aarch64 armhf mipsel s390x)"
		continue
	fi
	specs=/usr/lib/$musl/musl-gcc.specs
	missing=
	command -v "${cross}gcc" >/dev/null || missing="$missing ${cross}gcc (gcc-${cross%-})"
	[ -f "$specs" ] || missing="$missing $specs (musl-dev:$deb)"
	command -v "$qemu" >/dev/null || missing="$missing $qemu (qemu-user-static)"
	if [ -n "$missing" ]; then
		not_ok "$m: missing$missing (dpkg --add-architecture $deb; apt-get install, as .ci/run)"
		continue
	fi
	mk="make -s --no-print-directory CROSS_COMPILE=$cross"

	# 1. builds
	built=1
	for p in full minimal; do
		if $mk CONFIG=$p "build/$m-$p/netstat" "build/$m-$p/unit" >"$logs/$m-$p-build.log" 2>&1; then
			ok "$m $p: binary and unit tests built, warning-free ($(stat -c %s "build/$m-$p/netstat") bytes)"
		else
			not_ok "$m $p: build"; sed 's/^/#   /' "$logs/$m-$p-build.log" | head -30
			built=0
		fi
	done
	[ $built = 1 ] || continue

	# 2. make check of the full build under qemu
	sock_ref= skip_live=
	if [ $mips = 1 ]; then
		if line=$(bash tests/net-tools-foreign.sh "$deb" "build/net-tools-$deb" 2>"$logs/$m-net-tools.log"); then
			sock_ref=${line%% *}
			echo "# socket tables compared with ${line#* }"
		else
			skip_live="of $m: no net-tools:$deb to compare its socket tables with ($(cat "$logs/$m-net-tools.log"))"
		fi
	fi
	SOCKET_REF=$sock_ref SKIP_LIVE=$skip_live $mk CONFIG=full check EMU="$qemu" TESTED="build/$m-full/netstat" \
		>"$logs/$m-full-check.log" 2>&1
	grep -a -e '^not ok' -e '^FAIL' -e '^# skipped' -e '^# emulated' -e '^[a-z]*: [0-9]* passed' "$logs/$m-full-check.log" |
		sed "s/$/ [$m full]/"
	last=$(grep -a '^tests: ' "$logs/$m-full-check.log" | tail -1)
	if [ -n "$last" ]; then add "$last"; else not_ok "$m full: make check printed no count"; tail -20 "$logs/$m-full-check.log"; fi

	# 3. the minimal build's unit tests
	(cd "$here/.." && "$qemu" "build/$m-minimal/unit") >"$logs/$m-minimal-unit.log" 2>&1
	counts=$(unit_counts "$logs/$m-minimal-unit.log")
	echo "[$m minimal] $counts"
	grep -a '^FAIL' "$logs/$m-minimal-unit.log" | sed "s/$/ [$m minimal]/"
	if [ -n "$counts" ]; then add "$counts"; else not_ok "$m minimal: unit tests printed no count"; fi

	# 4. the control: x86_64's text unconverted must fail here
	if [ $be = 1 ] || [ $mips = 1 ]; then
		what=$([ $be = 1 ] && echo "big-endian addresses" || echo "MIPS socket type numbers")
		if $mk CONFIG=full "build/$m-full/unit-unconverted" >"$logs/$m-control-build.log" 2>&1; then
			(cd "$here/.." && "$qemu" "build/$m-full/unit-unconverted") >"$logs/$m-control.log" 2>&1
			nfail=$(unit_counts "$logs/$m-control.log" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
			if [ "${nfail:-0}" -gt 0 ]; then
				ok "$m control: reading x86_64's text unconverted, $nfail unit tests fail ($what: the conversion is what the fixtures test here)"
			else
				not_ok "$m control: reading x86_64's text unconverted, no unit test fails (${nfail:-no count})"
			fi
		else
			not_ok "$m control: build"; sed 's/^/#   /' "$logs/$m-control-build.log" | head -20
		fi
	fi

	# 5. the big-endian binary itself
	if [ $be = 1 ]; then
		if [ "$(id -u)" = 0 ]; then
			be_binary_check "$m"
		else
			skipped "$m binary on big-endian fixtures: needs root (unshare -m)"
		fi
	fi
	t=$((SECONDS - start))
	summary="$summary$(printf '%-8s %4d passed %3d failed %3d skipped %4d s' "$m" $((pass - p0)) $((fail - f0)) $((skip - s0)) $t)
"
	echo "== $m: $t s"
done
printf '%s' "$summary"
echo "cross: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
