#!/bin/sh
# The test driver of `make check`: runs the unit tests (greatest), the
# black-box CLI tests and the live comparison against net-tools, and ends
# with one line "tests: N passed, N failed, N skipped".
# Usage: tests/run.sh BUILD_DIR BINARY   (BUILD_DIR holds the unit binary)
# SANITIZED=1: BINARY is the ASan+UBSan build (not static, its own size)
# EMU=qemu-ARCH-static: the unit tests and BINARY are a foreign target's,
# run under that emulator (the scripts get a wrapper that execs it);
# BIG_ENDIAN=1 with EMU: the live suites are skipped, as qemu-user shows
# a big-endian guest the host's little-endian /proc/net; SKIP_LIVE=WHY
# skips them too, saying why.
# SOCKET_REF: the net-tools netstat that live.sh and cli.sh compare the
# socket tables with, where it is not NETSTAT_REF (/usr/bin/netstat): a
# MIPS build's is net-tools built for MIPS (tests/cross.sh).
# MACHINE, BUILD_PREFIX, X86_FULL (from make check): the size budgets of
# the target, PREFIX-PROFILE/netstat (tests/size.sh).
# T="live netns" (make check T=...): only these suites, after the unit
# tests (tests/README lists them).
set -u
B=$1
BIN=$2
HERE=$(cd "$(dirname "$0")" && pwd)
LOG=$(mktemp /tmp/netstat-tests.XXXXXX)
EMU=${EMU:-}
WRAP=
trap 'rm -f "$LOG" ${WRAP:+"$WRAP"}' EXIT
pass=0 fail=0 skip=0 broken=0

# under an emulator the scripts run a wrapper: one path, as they expect
if [ -n "$EMU" ]; then
	WRAP=$(mktemp /tmp/netstat-emu.XXXXXX)
	abs=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$EMU" "$abs" >"$WRAP"
	chmod 755 "$WRAP"
	echo "# emulated: $EMU $abs"
fi

# add_counts LINE: "... N passed, N failed[, N skipped]"
add_counts() {
	set -- $(printf '%s\n' "$1" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}.*/\1 \2 \4/p')
	[ $# -ge 2 ] || { broken=$((broken + 1)); return; }
	pass=$((pass + $1)); fail=$((fail + $2)); skip=$((skip + ${3:-0}))
}

echo "== unit tests (greatest)"
(cd "$HERE/.." && $EMU "$B/unit") >"$LOG" 2>&1; st=$?
cat "$LOG"
# greatest's closing line: "Pass: N, fail: N, skip: N."
line=$(sed -n 's/^Pass: \([0-9]*\), fail: \([0-9]*\), skip: \([0-9]*\)\.$/x \1 passed, \2 failed, \3 skipped/p' "$LOG" | tail -1)
if [ -n "$line" ]; then add_counts "$line"; else broken=$((broken + 1)); fi
[ $st = 0 ] || [ $fail -gt 0 ] || broken=$((broken + 1))
# in TAP's words too, so that a reader of the log finds it by "not ok"
if [ $st != 0 ]; then
	echo "not ok - unit tests (greatest), exit $st:"
	grep -a -e '^FAIL' -e 'runtime error' -e 'ERROR:' "$LOG" | head -20
fi

skip_live=${SKIP_LIVE:-}
if [ -z "$skip_live" ] && [ -n "$EMU" ] && [ "${BIG_ENDIAN:-0}" = 1 ]; then
	skip_live="under $EMU: qemu-user shows this big-endian guest the host's little-endian /proc/net (it rewrites only /proc/net/route), so its output there is not a test of it; the fixtures converted to big-endian text are (unit tests)"
fi
suites="cli live summary resolve netinfo etc flood numbers hints netns diag machine"
for t in ${T:-$suites}; do
	t=${t%.sh}.sh
	echo "== $t"
	if [ -n "$skip_live" ]; then
		echo "# skipped: $t $skip_live"
		skip=$((skip + 1))
		continue
	fi
	# the socket tables' reference: SOCKET_REF where it is another
	# net-tools (make cross-check: for MIPS, net-tools built for MIPS)
	case $t in
	cli.sh | live.sh | netns.sh) ref=${SOCKET_REF:-${NETSTAT_REF:-}} ;;
	*) ref=${NETSTAT_REF:-} ;;
	esac
	NETSTAT_REF=${ref:-/usr/bin/netstat} bash "$HERE/$t" "${WRAP:-$BIN}" >"$LOG" 2>&1; st=$?
	cat "$LOG"
	if [ $st = 77 ]; then
		skip=$((skip + 1))
		continue
	fi
	add_counts "$(tail -1 "$LOG")"
	[ $st = 0 ] || grep -q '[1-9][0-9]* failed' "$LOG" || broken=$((broken + 1))
done

# make install: PREFIX and DESTDIR, the binary and a manual page whose
# options are the --help text's
echo "== install"
if [ "${SANITIZED:-}" != 1 ]; then
	D=$(mktemp -d /tmp/netstat-install.XXXXXX)
	M=$D/opt/ns/share/man/man8/netstat.8
	make -s -C "$HERE/.." install DESTDIR="$D" PREFIX=/opt/ns >/dev/null 2>&1
	$EMU "$D/opt/ns/bin/netstat" --help 2>/dev/null | sed -n 's/^\t\(-[^\t]*\)\t.*/\1/p' >"$D/help-opts"
	sed -n '/^\.TP$/{n;s/\\fB//;s/\\fR//;s/\\-/-/g;p}' "$M" 2>/dev/null >"$D/man-opts"
	if [ -x "$D/opt/ns/bin/netstat" ] && [ -s "$D/help-opts" ] && cmp -s "$D/help-opts" "$D/man-opts"; then
		pass=$((pass + 1)); echo "ok - make install: binary and manual page, options as --help"
	else
		fail=$((fail + 1)); echo "not ok - make install"; diff "$D/help-opts" "$D/man-opts"
	fi
	rm -rf "$D"
fi

# The size budget of each profile (static musl, stripped): a file size,
# not a time, so it is a test (x86_64's own; another target's against
# x86_64's full build: tests/size.sh)
echo "== size budget"
if [ "${SANITIZED:-}" = 1 ]; then
	echo "(not for the sanitizer build)"
else
	sh "$HERE/size.sh" "${MACHINE:-x86_64}" "${BUILD_PREFIX:-$HERE/../build/x86_64}" "${X86_FULL:-}" >"$LOG" 2>&1
	cat "$LOG"
	add_counts "$(tail -1 "$LOG")"
fi

# a runner that crashed or printed no count is a failure, not a pass
fail=$((fail + broken))
echo "tests: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
