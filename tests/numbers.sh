#!/bin/bash
# Numbers as the kernel means them: every column at the top of its width,
# in lines written as the kernel writes them (hand-made with its format
# strings: net/ipv4/tcp_ipv4.c get_tcp4_sock, net/unix/af_unix.c
# unix_seq_show), bind-mounted over /proc, against net-tools on the same
# lines. An inode is %lu (18446744073709551615 is not -1), the queues
# and flags %08X, the timer's "when" %08lX: all as net-tools prints them.
# The one deliberate difference: the uid is the kernel's %u, where
# net-tools reads and prints it with %d (4294967294 as -2).
# Usage: tests/numbers.sh BINARY. Needs root and unshare -m (else 77).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# ok, not_ok, abs_path, skip_unless_root, work_dir, in_proc
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
skip_unless_root "number width tests (need root, unshare -m)" -m
if [ "${SANITIZED:-}" = 1 ]; then
	echo "skip: number width tests (the ASan runtime needs the real /proc, which these fixtures replace)"
	exit 77
fi
# net-tools, the reference: a 64-bit one, whose longs hold what the
# kernel prints (32-bit net-tools cuts these numbers: a deliberate
# difference, see the README); the unix rows are SEQPACKET, numbered 5
# on every CPU (MIPS swaps only STREAM and DGRAM)
REF=${NETSTAT_REF:-/usr/bin/netstat}
work_dir numbers
mkdir -p "$T/proc/net"
H4="  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
H6="  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
{
	echo "$H4"
	# queues at 2^32-1, the timer at 2^32-1 ticks (net-tools prints it
	# through a double, so past 2^53 it would round: ours is exact),
	# retransmits 2^32-1,
	# inode 2^64-1 (the most a 64-bit kernel's %lu prints)
	echo "   0: 0100007F:0050 0200007F:D431 01 FFFFFFFF:FFFFFFFF 02:FFFFFFFF FFFFFFFF     0        0 18446744073709551615 1 0000000000000000 20 4 30 10 -1"
	echo "   1: 0100007F:0051 0200007F:D432 0A 00000000:00000000 00:00000000 00000000     0        0 4294967296 1 0000000000000000 20 4 30 10 -1"
} >"$T/proc/net/tcp"
echo "$H6" >"$T/proc/net/tcp6"
{
	echo "Num       RefCount Protocol Flags    Type St Inode Path"
	echo "0000000000000000: FFFFFFFF 00000000 00010000 0005 01 18446744073709551615 /run/big.sock"
	echo "0000000000000000: 00000002 00000000 00000000 0005 03 4294967297"
} >"$T/proc/net/unix"
# the uid: 4294967294, the kernel's %u
{
	echo "$H4"
	echo "   0: 0100007F:0050 0200007F:D431 01 00000000:00000000 00:00000000 00000000 4294967294        0 77 1 0000000000000000 20 4 30 10 -1"
} >"$T/uid-tcp"

pass=0 fail=0
for flags in "-tane" "-tano" "-xa" "-taneo"; do
	# shellcheck disable=SC2086
	in_proc "$T/proc" "$REF" $flags >"$T/theirs" 2>&1
	# shellcheck disable=SC2086
	in_proc "$T/proc" "$BIN" $flags >"$T/ours" 2>&1
	if cmp -s "$T/theirs" "$T/ours" && grep -q -e 18446744073709551615 -e 4294967295 "$T/ours"; then
		ok "widest numbers as net-tools: netstat $flags"
	else
		not_ok "widest numbers as net-tools: netstat $flags"
		diff -u "$T/theirs" "$T/ours" | sed 's/^/#   /'
	fi
done
cp "$T/uid-tcp" "$T/proc/net/tcp"
in_proc "$T/proc" "$BIN" -tanee >"$T/ours" 2>&1
in_proc "$T/proc" "$REF" -tanee >"$T/theirs" 2>&1
if grep -q ' 4294967294 ' "$T/ours" && grep -q ' -2 ' "$T/theirs" &&
	[ "$(sed 's/ 4294967294 / -2         /' "$T/ours")" = "$(cat "$T/theirs")" ]; then
	ok "a uid of 4294967294 prints as the kernel's %u (net-tools: -2), the rest as net-tools"
else
	not_ok "a uid of 4294967294 prints as the kernel's %u"
	diff -u "$T/theirs" "$T/ours" | sed 's/^/#   /'
fi
echo "numbers: $pass passed, $fail failed"
[ $fail = 0 ]
