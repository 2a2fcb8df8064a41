#!/bin/bash
# make-goldens.sh NAME
#
# Writes what Debian's net-tools netstat prints for fixture NAME: for each
# "ID<TAB>FLAGS" line of tests/fixtures/cases it runs
#     /usr/bin/netstat FLAGS
# with tests/fixtures/NAME bind-mounted over /proc (so /proc/net/tcp is the
# fixture's net/tcp), in a private mount namespace so that nothing else on
# the machine sees the substituted /proc. Results go to
# tests/fixtures/NAME/golden/: ID.out (stdout, always), ID.err (stderr,
# only if non-empty), ID.rc (exit status, only if not 0).
#
# All cases are numeric, so no name service is asked anything. Needs root
# (unshare -m, mount). $NETSTAT overrides /usr/bin/netstat.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# die
# shellcheck source=tests/testnet.sh
. "$here/testnet.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: make-goldens.sh NAME [CASES]"
name=$1
# CASES: a list of its own (tests/fixtures/cases-stats for the -s
# fixtures); by default the socket cases, cases and cases-frozen
case_lists=${2:-}
fix=$here/fixtures/$name
cases=$here/fixtures/cases
ref=${NETSTAT:-/usr/bin/netstat}
[ -d "$fix/net" ] || die "$fix/net: no such fixture (tests/capture-fixture.sh $name)"
[ -n "$case_lists" ] || case_lists="$cases $cases-frozen"
for c in $case_lists; do [ -f "$c" ] || die "$c: missing"; done
[ -x "$ref" ] || die "$ref: not found (apt-get install net-tools)"

if [ "${NSTEST_GOLDEN_INNER:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || die "needs root (unshare -m, mount)"
	exec unshare -m env NSTEST_GOLDEN_INNER=1 "$0" "$name" "$(cd "$here/.." && for c in $case_lists; do printf '%s ' "$(readlink -f "$c")"; done)"
fi

# --- inside our own mount namespace ------------------------------------
mount --make-rprivate /		# our mounts must not propagate back
out=$fix/golden
rm -rf "$out"
mkdir -p "$out"
# both case lists, read after /proc is replaced (no /dev/fd then)
# shellcheck disable=SC2086 # a list of files
cat $case_lists >"$out/.cases"
mount --bind "$fix" /proc

# Fixed environment: English messages, no terminal-dependent behaviour.
export LC_ALL=C
unset LANG LANGUAGE COLUMNS

set -f				# FLAGS are split on blanks, never globbed
n=0
while IFS=$'\t' read -r id flags; do
	case $id in '' | '#'*) continue ;; esac
	case $id in *[!A-Za-z0-9_-]*) die "bad case ID '$id'" ;; esac
	rc=0
	# shellcheck disable=SC2086 # word splitting of FLAGS is intended
	"$ref" $flags >"$out/$id.out" 2>"$out/$id.err" </dev/null || rc=$?
	[ -s "$out/$id.err" ] || rm -f "$out/$id.err"
	[ "$rc" = 0 ] || echo "$rc" >"$out/$id.rc"
	n=$((n + 1))
done <"$out/.cases"
rm -f "$out/.cases"
umount /proc
echo "wrote $n goldens to $out"
