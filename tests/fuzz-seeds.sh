#!/bin/sh
# Seeds for a fuzz target's corpus: the kernel captures of tests/fixtures,
# and this machine's own /etc files where the format is an /etc file.
# Usage: tests/fuzz-seeds.sh TARGET DIR
set -eu
t=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
seed() { [ -f "$1" ] && cp "$1" "$dir/seed-$(echo "$1" | tr / _)" || true; }
for fx in "$here"/fixtures/*/net; do
	case $t in
	tcp) seed "$fx/tcp"; seed "$fx/udp"; seed "$fx/raw" ;;
	tcp6) seed "$fx/tcp6" ;;
	udp) seed "$fx/udp"; seed "$fx/udplite" ;;
	raw6) seed "$fx/raw6"; seed "$fx/udp6" ;;
	unix) seed "$fx/unix" ;;
	esac
done
# a line past the /etc readers' 1 KiB buffer, whose head is still read
long() { printf '%s' "$1"; i=0; while [ $i -lt 300 ]; do printf ' alias%d' $i; i=$((i + 1)); done; echo; }
case $t in
services) seed /etc/services; seed /etc/protocols; long 'svc 7100/tcp' >"$dir/seed-long" ;;
hosts) seed /etc/hosts; printf '127.0.0.1 localhost\n::1 ip6-localhost\n::ffff:127.0.0.1 mapped\n' >"$dir/seed-hosts"
	long '127.0.0.5 longhost' >"$dir/seed-long" ;;
passwd) seed /etc/passwd; long 'user:x:1000:1000:' >"$dir/seed-long" ;;
resolvconf) seed /etc/resolv.conf; printf 'nameserver 127.0.0.1\nnameserver ::1\noptions timeout:1\n' >"$dir/seed-resolv" ;;
dns) # a PTR reply for 1.0.0.127.in-addr.arpa, id 0x1234, pointing back at the question
	printf '\022\064\201\200\000\001\000\001\000\000\000\000\0011\0010\0010\003127\007in-addr\004arpa\000\000\014\000\001\300\014\000\014\000\001\000\000\000\074\000\013\011localhost\000' >"$dir/seed-reply"
	# the same question, a CNAME to 1.0-25.0.0.127.in-addr.arpa (RFC 2317), then its PTR
	printf '\022\064\201\200\000\001\000\002\000\000\000\000\0011\0010\0010\003127\007in-addr\004arpa\000\000\014\000\001\300\014\000\005\000\001\000\000\000\074\000\011\0011\0040-25\300\016\300\064\000\014\000\001\000\000\000\074\000\013\011localhost\000' >"$dir/seed-cname" ;;
diag) # tcp: one ESTABLISHED row 127.0.0.1:8000 -> 127.0.0.1:40001, then NLMSG_DONE
	{ printf '\000'
	  printf '\130\000\000\000\024\000\002\000\001\000\000\000\000\000\000\000'
	  printf '\002\001\000\000\037\100\234\101\177\000\000\001\000\000\000\000\000\000\000\000\000\000\000\000'
	  printf '\177\000\000\001\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000'
	  printf '\000\000\000\000\000\000\000\000\000\000\000\000\350\003\000\000\071\060\000\000'
	  printf '\024\000\000\000\003\000\002\000\001\000\000\000\000\000\000\000\000\000\000\000'; } >"$dir/seed-tcp" ;;
cmdline) printf '/usr/sbin/sshd\000-D\000' >"$dir/seed-abs"; printf 'nginx: worker process\000' >"$dir/seed-rel" ;;
numbers) seed /proc/net/sockstat; printf '32768\t60999\n' >"$dir/seed-range" ;;
netinfo) # the first byte picks the file: 0 route 1 ipv6_route 2 igmp 3 igmp6 4 dev
	i=0
	for f in route ipv6_route igmp igmp6 dev; do
		for fx in "$here"/fixtures/netinfo*/net; do
			[ -f "$fx/$f" ] && { printf "\\$(printf %o $i)"; cat "$fx/$f"; } >"$dir/seed-$f-$(basename "$(dirname "$fx")")"
		done
		i=$((i + 1))
	done ;;
stats) # the first byte picks the format: 0 snmp/netstat pairs, 2 snmp6
	for fx in "$here"/fixtures/stats*/net; do
		n=$(basename "$(dirname "$fx")")
		for f in snmp netstat; do { printf '\000'; cat "$fx/$f"; } >"$dir/seed-$n-$f"; done
		{ printf '\002'; cat "$fx/snmp6"; } >"$dir/seed-$n-snmp6"
	done ;;
esac
