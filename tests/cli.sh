#!/bin/bash
# Black-box tests of the binary: options, exit statuses, errors, output
# errors, memory. Usage: tests/cli.sh ./netstat
# BUSYBOX_APPLET=1: BINARY runs `busybox netstat` (tests/busybox-check.sh);
# there usage and option errors are BusyBox's own: the usage after
# BusyBox's banner, always on stderr, and libc getopt's message.
# Prints "ok - NAME" / "not ok - NAME" / "skip - NAME (why)" per case and
# "cli: N passed, N failed, N skipped" last.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# ok, not_ok, skipped, abs_path, work_dir, in_proc, wait_ready
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
work_dir cli
pass=0 fail=0 skip=0

# check NAME EXPECTED_STATUS ACTUAL_STATUS [condition-command...]
check() {
	name=$1 want=$2 got=$3; shift 3
	if [ "$want" != "$got" ]; then
		not_ok "$name" "exit status $got, expected $want; stderr: $(head -c 300 "$T/err")"
	elif [ $# -gt 0 ] && ! "$@"; then
		not_ok "$name" "stdout: $(head -c 300 "$T/out")
stderr: $(head -c 300 "$T/err")"
	else
		ok "$name"
	fi
}
contains() { grep -q -- "$2" "$1"; }
is_empty() { [ ! -s "$1" ]; }

is_root=0
[ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null && is_root=1
# BINARY a wrapper script (an emulator's, or busybox-check's): what is
# measured of the process or the file would be the wrapper's
wrapped=0
[ "$(head -c 2 "$BIN")" = "#!" ] && wrapped=1

# --- options -------------------------------------------------------------
if [ "${BUSYBOX_APPLET:-}" = 1 ]; then
	# glibc's words or musl's
	bad_option="\(invalid\|unrecognized\) option\( --\|:\) '\{0,1\}k'\{0,1\}$"
	usage_out=err
else
	bad_option="invalid option -- 'k'"
	usage_out=out
fi
"$BIN" -k >"$T/out" 2>"$T/err"; st=$?
check "unknown option: usage on stderr, exit 3 as net-tools" 3 $st \
	sh -c "is_empty() { [ ! -s \"\$1\" ]; }; is_empty '$T/out' && grep -q \"$bad_option\" '$T/err' && grep -q '^Usage: netstat' '$T/err'"

"$BIN" --no-such-option >"$T/out" 2>"$T/err"; st=$?
check "unknown long option: exit 3" 3 $st contains "$T/err" "Usage:"

"$BIN" -A >"$T/out" 2>"$T/err"; st=$?
check "-A without its argument: exit 3" 3 $st contains "$T/err" "requires an argument"

"$BIN" -h >"$T/out" 2>"$T/err"; st=$?
check "-h: usage on std$usage_out, exit 0" 0 $st contains "$T/$usage_out" "^Usage: netstat"

"$BIN" --help >"$T/out" 2>"$T/err"; st=$?
cp "$T/$usage_out" "$T/help"
check "--help: usage on std$usage_out, exit 0" 0 $st contains "$T/help" "Display networking information"

"$BIN" -V >"$T/out" 2>"$T/err"; st=$?
check "-V: version, exit 0" 0 $st contains "$T/out" "^netstat "

"$BIN" -A foo >"$T/out" 2>"$T/err"; st=$?
check "-A with an unknown family: net-tools' message, exit 1" 1 $st \
	contains "$T/err" "Unknown address family \`foo'."

"$BIN" -A inet,ax25 >"$T/out" 2>"$T/err"; st=$?
check "-A with a family of old (ax25): net-tools' message, exit 1" 1 $st \
	contains "$T/err" "netstat: no support for \`AF AX25' on this system."

"$BIN" -M >"$T/out" 2>"$T/err"; st=$?
check "-M: net-tools' message, exit 1" 1 $st \
	contains "$T/err" "netstat: no support for \`ip_masquerade' on this system."

# net-tools' surface we do not have: its one line, exit 1
for a in "-Z:SELinux is not enabled on this machine." "-tZ:SELinux is not enabled on this machine." \
	"--sctp:netstat: no support for \`AF INET (sctp)' on this system." \
	"--ipx:netstat: no support for \`AF IPX' on this system."; do
	printf '%s\n' "${a#*:}" >"$T/want"
	"$BIN" ${a%%:*} >"$T/out" 2>"$T/err"; st=$?
	check "${a%%:*}: net-tools' message, exit 1" 1 $st cmp -s "$T/want" "$T/err"
done

"$BIN" -r -i >"$T/out" 2>"$T/err"; st=$?
check "-r with -i: usage, exit 3 as net-tools" 3 $st contains "$T/err" "^Usage:"

# help text and usage agree: every option the usage lists is accepted
for o in $(sed -n 's/^[[:space:]]*\(-[a-zA-Z46]\)[[:space:],].*/\1/p' "$T/help" | sort -u); do
	case $o in -A|-G|-c) continue ;; esac
	"$BIN" $o >/dev/null 2>"$T/err" || true
	if grep -q "invalid option" "$T/err"; then
		not_ok "usage lists $o and it is accepted"
	else
		ok "usage lists $o and it is accepted"
	fi
done

# --- output errors -------------------------------------------------------
"$BIN" -an >/dev/full 2>"$T/err"; st=$?
check "write to a full disk: message, exit 1" 1 $st \
	contains "$T/err" "netstat: write error: No space left on device"

# A reader that has gone away: the kernel's SIGPIPE ends us silently, and
# with SIGPIPE ignored (systemd's IgnoreSIGPIPE=yes, the default for
# services) we end quietly with net-tools' status, 0, so that
# `netstat -an | grep -q` under pipefail works. net-tools itself, run
# the same way, is the reference.
cat >"$T/pipe.py" <<'EOF'
import os, signal, subprocess, sys
for ignore in (False, True):
    r, w = os.pipe()
    os.close(r)
    pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else (lambda: signal.signal(signal.SIGPIPE, signal.SIG_DFL))
    p = subprocess.run(sys.argv[1:] + ["-an"], stdout=w, stderr=subprocess.PIPE, preexec_fn=pre)
    os.close(w)
    print(ignore, p.returncode, repr(p.stderr))
EOF
python3 "$T/pipe.py" "$BIN" >"$T/out" 2>"$T/err"
if grep -qx "False -13 b''" "$T/out" && grep -qx "True 0 b''" "$T/out"; then
	ok "closed pipe: quiet (SIGPIPE, or status 0 when it is ignored)"
else
	not_ok "closed pipe: quiet (SIGPIPE, or status 0 when it is ignored)" "$(cat "$T/out" "$T/err")"
fi
python3 "$T/pipe.py" "${NETSTAT_REF:-/usr/bin/netstat}" >"$T/nt.out" 2>&1
if grep -qx "True 0 b''" "$T/nt.out"; then
	ok "closed pipe with SIGPIPE ignored: net-tools' status is 0 too"
else
	not_ok "closed pipe with SIGPIPE ignored: net-tools' status is 0 too" "$(cat "$T/nt.out")"
fi

# -c into a pipe that closes: the next write ends it (SIGPIPE), quietly.
# (The 10 s limit only tells "ended" from "hangs"; it ends in the second
# round, about a second in.)
timeout 10 sh -c "'$BIN' -ct | head -1" >"$T/out" 2>"$T/err"; st=$?
if [ $st != 124 ] && [ ! -s "$T/err" ] && grep -q '^Active Internet' "$T/out"; then
	ok "-c into a pipe that closes: ends, no message"
else
	not_ok "-c into a pipe that closes: ends, no message" "status $st: $(cat "$T/err")"
fi

# -p as another user: net-tools' messages on stderr, "-" for what we
# cannot see; and with a process of that user holding a socket, its cell
if [ $is_root = 1 ] && command -v setpriv >/dev/null && [ -x "${NETSTAT_REF:-/usr/bin/netstat}" ]; then
	# a command prefix, not a function: run in the background it must be
	# setpriv itself (which execs its command), so that $! is the process
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	for flags in -tnp -xp; do
		$as_nobody "${NETSTAT_REF:-/usr/bin/netstat}" $flags >"$T/ref.out" 2>"$T/ref.err"
		$as_nobody "$BIN" $flags >"$T/out" 2>"$T/err"
		if cmp -s "$T/ref.err" "$T/err" && [ -s "$T/err" ]; then
			ok "-p not root ($flags): net-tools' message"
		else
			not_ok "-p not root ($flags): net-tools' message" "$(diff "$T/ref.err" "$T/err")"
		fi
	done
	if [ -x /usr/bin/python3 ]; then
		# $! is the holder itself, so the kill below reaches it
		$as_nobody /usr/bin/python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind('\0netstat-cli-nobody-$$'); s.listen()
print('ready', flush=True); time.sleep(3600)" >"$T/ready" &
		holder=$!
		wait_ready "$T/ready" $holder
		$as_nobody "${NETSTAT_REF:-/usr/bin/netstat}" -xlp >"$T/ref.out" 2>"$T/ref.err"
		$as_nobody "$BIN" -xlp >"$T/out" 2>"$T/err"
		if cmp -s "$T/ref.err" "$T/err" && grep -q "/python3 .*@netstat-cli-nobody-$$" "$T/out" \
			&& [ "$(grep "netstat-cli-nobody-$$" "$T/ref.out")" = "$(grep "netstat-cli-nobody-$$" "$T/out")" ]; then
			ok "-p not root, own process: its cell, net-tools' message"
		else
			not_ok "-p not root, own process: its cell, net-tools' message" "$(diff "$T/ref.err" "$T/err"; diff "$T/ref.out" "$T/out"; cat "$T/out")"
		fi
		kill $holder 2>/dev/null; wait
	fi
else
	skipped "-p not root" "needs root, setpriv and net-tools"
fi

# -S -c: a summary a second, each followed by an empty line, each round
# flushed; the pipe's reader leaving after the third ends it quietly.
# Its sockets are a namespace's own: one listener, nothing of the host's.
if [ $is_root = 1 ] && unshare -n true 2>/dev/null; then
	unshare -n python3 -c "
import socket, subprocess, sys
subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
s = socket.socket(); s.bind(('127.0.0.1', 7000)); s.listen()
sys.exit(subprocess.run(sys.argv[1] + ' -caS | awk \'{ print } /^$/ && ++n == 3 { exit }\'', shell=True).returncode)" "'$BIN'" >"$T/out" 2>"$T/err"; st=$?
	rounds=$(grep -c '^$' "$T/out")
	if [ $st = 0 ] && [ "$rounds" = 3 ] && [ "$(grep -c '^LISTEN 1$' "$T/out")" = 3 ] && [ ! -s "$T/err" ]; then
		ok "-S -c: one summary per round, a closed pipe ends it quietly"
	else
		not_ok "-S -c: one summary per round" "status $st" "$(cat "$T/out" "$T/err")"
	fi
else
	skipped "-S -c" "needs root and unshare -n"
fi

# --- /proc missing or replaced (needs a private mount namespace) ---------
if [ "${SANITIZED:-}" = 1 ]; then
	for what in "no /proc/net" "missing optional tables" "malformed line"; do
		skipped "$what" "ASan's runtime reads /proc itself; the plain build checks it"
	done
elif [ $is_root = 1 ]; then
	mkdir -p "$T/empty"
	unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs none /proc && exec '$BIN' -tn" >"$T/out" 2>"$T/err"; st=$?
	check "no /proc/net: one clear error, exit 1" 1 $st \
		sh -c "[ \"\$(cat '$T/err')\" = 'netstat: /proc/net/tcp: No such file or directory' ]"

	unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs none /proc && exec '$BIN' -xn" >"$T/out" 2>"$T/err"; st=$?
	check "no /proc/net with -x: names the unix table" 1 $st \
		contains "$T/err" "netstat: /proc/net/unix: No such file or directory"

	# a kernel without IPv6 and UDP-Lite: only tcp, udp, raw, unix
	mkdir -p "$T/noipv6/net"
	for f in tcp udp raw unix; do cp "$HERE/fixtures/basic/net/$f" "$T/noipv6/net/"; done
	in_proc "$T/noipv6" "$BIN" -an >"$T/out" 2>"$T/err"; st=$?
	check "missing optional tables: silent, exit 0" 0 $st is_empty "$T/err"
	in_proc "$T/noipv6" "$BIN" -anv >"$T/out" 2>"$T/err"; st=$?
	check "missing optional tables with -v: named" 0 $st \
		contains "$T/err" "no support for \`AF INET6 (tcp)' on this system."

	# a malformed line: skipped, reported once on stderr, exit 0
	mkdir -p "$T/bad/net"
	cp "$HERE/fixtures/basic/net/"* "$T/bad/net/"
	{ head -2 "$HERE/fixtures/basic/net/tcp"; echo "   9: 0100007F:zzzz"; tail -n +3 "$HERE/fixtures/basic/net/tcp"; } >"$T/bad/net/tcp"
	in_proc "$T/bad" "$BIN" -tan >"$T/out" 2>"$T/err"; st=$?
	check "malformed line: skipped and counted, exit 0" 0 $st \
		sh -c "[ \"\$(cat '$T/err')\" = 'netstat: /proc/net/tcp: skipped malformed lines: 1' ] && grep -q '^tcp ' '$T/out'"
else
	skipped "no /proc/net" "needs root and unshare -m"
	skipped "missing optional tables" "needs root and unshare -m"
	skipped "malformed line" "needs root and unshare -m"
fi

# --- memory: no allocation that grows with the number of sockets ---------
# The same count of brk/mmap calls for 10 sockets and for 100,000, in
# numeric mode. The 100,000-line table is made of one kernel line
# repeated with different slots and ports (hand-made).
if [ "${SANITIZED:-}" = 1 ]; then
	skipped "allocation count" "ASan's allocator maps memory of its own; the plain build checks it"
elif [ $wrapped = 1 ]; then
	skipped "allocation count" "BINARY is a wrapper script: an emulator's own mmaps would be counted"
elif [ $is_root = 1 ] && command -v strace >/dev/null; then
	for n in 10 100000; do
		mkdir -p "$T/n$n/net"
		awk -v n=$n 'BEGIN {
			print "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
			for (i = 0; i < n; i++)
				printf "%6d: 0100007F:%04X 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 %d 1 0000000000000000 20 4 30 10 -1\n", i, 1024 + i % 60000, 100000 + i
		}' >"$T/n$n/net/tcp"
		cp "$HERE/fixtures/basic/net/unix" "$T/n$n/net/"
		in_proc "$T/n$n" strace -f -qq -e trace=brk,mmap,munmap,mremap -o "$T/strace$n" "$BIN" -tan >"$T/out$n" 2>"$T/err"
		grep -c . "$T/strace$n" >"$T/count$n" || true
	done
	rows=$(grep -c '^tcp ' "$T/out100000")
	if [ "$(cat "$T/count10")" = "$(cat "$T/count100000")" ] && [ "$rows" = 100000 ]; then
		ok "numeric mode: $(cat "$T/count10") brk/mmap calls for 10 and for 100,000 sockets"
	else
		not_ok "numeric mode: same brk/mmap count for 10 and 100,000 sockets" \
			"10: $(cat "$T/count10"), 100000: $(cat "$T/count100000"), rows $rows"
	fi
else
	skipped "allocation count" "needs root, unshare -m and strace"
fi

# --- the binary itself ---------------------------------------------------
if [ "${SANITIZED:-}" = 1 ]; then
	skipped "static" "the sanitizer build is dynamic by necessity; the plain build checks it"
elif [ $wrapped = 1 ]; then
	skipped "static" "BINARY is a wrapper script; make size checks each target's binary"
elif command -v readelf >/dev/null; then
	if readelf -l "$BIN" | grep -q INTERP; then
		not_ok "static: no program interpreter"
	else
		ok "static: no program interpreter"
	fi
else
	skipped "static" "no readelf"
fi

echo "cli: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
