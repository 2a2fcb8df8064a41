#!/bin/sh
# tests/size.sh MACHINE BUILD_PREFIX [X86_FULL]
#
# The size table of one target's profiles, PREFIX-PROFILE/netstat for
# each config/PROFILE (static musl, stripped: text, data and bss from
# size(1), the file from stat), and its budgets, a file size each:
#
#   x86_64        full 72 KiB, noresolve 48 KiB, minimal 16 KiB
#   every other   minimal 20 KiB; full at most 1.4 times X86_FULL, the
#                 x86_64 full build of the same sources (without it
#                 that budget is skipped, and says so)
#
# Prints the table, then "ok - ..." / "not ok - ..." per budget and
# "size: N passed, N failed, N skipped" last; exit 1 if one failed.
set -u
machine=$1 prefix=$2 ref=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 skip=0

printf '%-8s %-10s %8s %6s %6s %8s\n' target profile text data bss file
for c in "$here"/../config/*; do
	p=${c##*/} f=$prefix-$p/netstat
	if [ -f "$f" ]; then
		size "$f" | awk -v m="$machine" -v p="$p" 'NR == 2 { printf "%-8s %-10s %8s %6s %6s ", m, p, $1, $2, $3 }'
		stat -c %s "$f"
	else
		printf '%-8s %-10s (not built: %s)\n' "$machine" "$p" "$f"
	fi
done

# budget PROFILE MAX WHY
budget() {
	f=$prefix-$1/netstat
	bytes=$(stat -c %s "$f" 2>/dev/null || echo missing)
	if [ "$bytes" != missing ] && [ "$bytes" -le "$2" ]; then
		pass=$((pass + 1)); echo "ok - $machine $1: $bytes bytes <= $2 ($3)"
	else
		fail=$((fail + 1)); echo "not ok - $machine $1: $bytes bytes > $2 ($3)"
	fi
}

case $machine in
x86_64)
	budget full 73728 "72 KiB"
	budget noresolve 49152 "48 KiB"
	budget minimal 16384 "16 KiB"
	;;
*)
	budget minimal 20480 "20 KiB on every target"
	if [ -n "$ref" ] && [ -f "$ref" ]; then
		x86=$(stat -c %s "$ref")
		budget full $((x86 * 14 / 10)) "1.4 times x86_64's full, $x86 bytes"
	else
		skip=$((skip + 1))
		echo "# skipped: $machine full against 1.4 times x86_64's full (no x86_64 build at '$ref')"
	fi
	;;
esac
echo "size: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
