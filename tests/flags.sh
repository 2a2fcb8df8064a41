#!/bin/bash
# tests/flags.sh      (make flags-check)
#
# The compiler and flag matrix, warning-free: every profile (config/*)
# for every target (x86_64 with musl-gcc; aarch64, armhf, mipsel, s390x
# with Debian's cross gcc and musl), built
#   gcc    -Os -O2 -O3
#   clang  -Os -O2     (clang 14 --target=TRIPLE on the target's musl
#                       headers: -nostdinc -isystem /usr/include/TRIPLE
#                       -isystem $(clang -print-resource-dir)/include;
#                       its object linked by the target's musl gcc)
# each with our warning set and -Werror, a warning of the linker counting
# as one too. MIPS: clang 14 has no -mno-shared and crashes on -mips16,
# so clang's MIPS builds are PIC (no per-target flags).
#
# Tests: the x86_64 builds' unit tests and goldens at each compiler and
# level, every profile (TEST_OPTFLAGS: the unit tests compiled at the same
# level); the other targets' unit tests under qemu-user for the full
# profile at gcc -O2 and clang -O2 (make cross-check runs them at -Os).
#
# Prints "ok - ..." / "not ok - ..." per build and run, the time taken,
# "flags: N passed, N failed, N skipped" last. Logs: build/flags/.
# JOBS (default: the number of CPUs) builds at once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 2
logs=build/flags
rm -rf "$logs"
mkdir -p "$logs"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
res=$(clang -print-resource-dir 2>/dev/null)
profiles=$(cd config && echo *)
start=$SECONDS

# TARGET: gcc prefix (none: musl-gcc), musl triplet, clang's target, qemu
targets="x86_64::x86_64-linux-musl:x86_64-linux-musl:
aarch64:aarch64-linux-gnu-:aarch64-linux-musl:aarch64-linux-musl:qemu-aarch64-static
armhf:arm-linux-gnueabihf-:arm-linux-musleabihf:armv7a-linux-musleabihf:qemu-arm-static
mipsel:mipsel-linux-gnu-:mipsel-linux-musl:mipsel-linux-musl:qemu-mipsel-static
s390x:s390x-linux-gnu-:s390x-linux-musl:s390x-linux-musl:qemu-s390x-static"

# one job: NAME and make's arguments; its result in $logs/NAME.result
build_one() {
	local name=$1 rc=0
	shift
	make -s --no-print-directory "$@" >"$logs/$name.log" 2>&1 || rc=$?
	if [ $rc = 0 ] && ! grep -qi 'warning' "$logs/$name.log"; then
		echo "ok - $name: warning-free" >"$logs/$name.result"
	else
		{ echo "not ok - $name: $([ $rc = 0 ] && echo 'a warning' || echo "make exit $rc")"
		  grep -a -i -e 'warning' -e 'error' "$logs/$name.log" | head -8 | sed 's/^/#   /'; } >"$logs/$name.result"
	fi
}

# the jobs, one line each: NAME, then make's arguments (TAB-separated)
: >"$logs/jobs"
while IFS=: read -r m cross musl triple qemu; do
	if [ -n "$cross" ]; then
		gcc_cc="${cross}gcc -specs /usr/lib/$musl/musl-gcc.specs"
		if ! command -v "${cross}gcc" >/dev/null || [ ! -f "/usr/lib/$musl/musl-gcc.specs" ]; then
			echo "not ok - $m: no ${cross}gcc or /usr/lib/$musl/musl-gcc.specs (.ci/run installs them)"
			echo fail >>"$logs/tally"
			continue
		fi
	else
		gcc_cc=musl-gcc
	fi
	clang_cc="clang --target=$triple -nostdinc -isystem /usr/include/$musl -isystem $res/include"
	units=
	for p in $profiles; do
		for o in Os O2 O3; do
			what="build/$m-gcc-$o-$p/netstat"
			[ "$m" = x86_64 ] || [ "$o $p" = "O2 full" ] && what="$what	build/$m-gcc-$o-$p/unit"
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m-gcc-$o-$p" "CC=$gcc_cc" "OPTFLAGS=-$o" \
				"TEST_OPTFLAGS=-$o" "BUILD_TAG=-gcc-$o" "CONFIG=$p" "$what" >>"$logs/jobs"
		done
		for o in Os O2; do
			what="build/$m-clang-$o-$p/netstat"
			[ "$m" = x86_64 ] || [ "$o $p" = "O2 full" ] && what="$what	build/$m-clang-$o-$p/unit"
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m-clang-$o-$p" "CC=$clang_cc" "LINK_CC=$gcc_cc" \
				"MACHINE_CFLAGS=" "OPTFLAGS=-$o" "TEST_OPTFLAGS=-$o" "BUILD_TAG=-clang-$o" "CONFIG=$p" "$what" >>"$logs/jobs"
		done
	done
done <<<"$targets"

if ! command -v clang >/dev/null; then
	echo "not ok - clang not found (apt-get install clang)"
	echo fail >>"$logs/tally"
fi

# run the jobs, $jobs at a time
running=0
while IFS= read -r line; do
	IFS=$'\t' read -r -a args <<<"$line"
	build_one "${args[@]}" &
	running=$((running + 1))
	if [ $running -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done <"$logs/jobs"
wait
for r in "$logs"/*.result; do cat "$r"; done
grep -h '^ok' "$logs"/*.result | sed 's/.*/pass/' >>"$logs/tally"
grep -h '^not ok' "$logs"/*.result | sed 's/.*/fail/' >>"$logs/tally"
echo "# builds: $(grep -c . "$logs/jobs") in $((SECONDS - start)) s, $jobs at a time"

# the unit tests (and goldens) of what was built
t0=$SECONDS
while IFS= read -r line; do
	name=${line%%	*}
	unit=build/$name/unit
	m=${name%%-*}
	[ -x "$unit" ] || continue
	qemu=$(printf '%s\n' "$targets" | awk -F: -v m="$m" '$1 == m { print $5 }')
	(cd "$here/.." && $qemu "$unit") >"$logs/$name.unit.log" 2>&1
	c=$(sed -n 's/^Pass: \([0-9]*\), fail: \([0-9]*\), skip: \([0-9]*\)\.$/\1 passed, \2 failed, \3 skipped/p' "$logs/$name.unit.log" | tail -1)
	if [ -n "$c" ] && [ "${c#* passed, 0 failed}" != "$c" ]; then
		echo "ok - $name: unit tests${qemu:+ under $qemu}: $c"
		echo pass >>"$logs/tally"
	else
		echo "not ok - $name: unit tests${qemu:+ under $qemu}: ${c:-no count}"
		grep -a '^FAIL' "$logs/$name.unit.log" | head -5 | sed 's/^/#   /'
		echo fail >>"$logs/tally"
	fi
done <"$logs/jobs"
echo "# unit test runs: $((SECONDS - t0)) s"
echo "flags: $(grep -c '^pass' "$logs/tally") passed, $(grep -c '^fail' "$logs/tally") failed, 0 skipped"
! grep -q '^fail' "$logs/tally"
