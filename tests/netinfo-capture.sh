#!/bin/bash
# capture.sh [DIR]
#
# Captures the /proc/net files of -i, -r and -g from a private network
# namespace into DIR/proc/net/ (default: this script's directory):
# dev, route, rt_cache, ipv6_route, igmp, igmp6. The namespace holds
# only what is built below (nothing of the real network is seen or
# touched): lo, a bridge br0 with an address label br0:7, a veth pair,
# a veth with a long name and one with a name of 11 characters, a tun
# device, IPv4 routes (default via a gateway, host route, metrics,
# mtu/window/rtt, unreachable, prohibit, blackhole, 0.0.0.0/1, metric
# 4294967295), IPv6 routes (default via a gateway, unreachable,
# blackhole, prohibit, metric 4294967295, ::ffff:0:0/96) and multicast
# groups joined by a socket (IPv4: 239.1.2.3 twice, 239.255.255.250,
# 224.0.0.251; IPv6: ff15::1234, ff02::fb, ff05::1:3).
# Needs root, unshare (util-linux), ip (iproute2), python3.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here}

if [ "${NSTEST_CAPTURE_INNER:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || { echo "capture.sh: needs root" >&2; exit 1; }
	mkdir -p "$dir/proc/net"
	dir=$(cd "$dir" && pwd)
	exec unshare -n -m env NSTEST_CAPTURE_INNER=1 bash "$0" "$dir"
fi

# --- inside the new network and mount namespaces ----------------------
mount --make-rprivate /
ip link set lo up
ip link add br0 type bridge
ip link set br0 up
ip addr add 10.20.30.1/24 dev br0
ip addr add 10.20.31.1/24 dev br0 label br0:7
ip -6 addr add 2001:db8:1::1/64 dev br0 nodad
ip link add veth-a type veth peer name veth-b
ip addr add 192.168.77.1/24 dev veth-a
ip addr add 192.168.77.2/24 dev veth-b
ip -6 addr add 2001:db8:2::1/64 dev veth-a nodad
ip link set veth-a up
ip link set veth-b up
ip link add vethlongname1 type veth peer name abcdefghijk
ip link set vethlongname1 up
ip link set abcdefghijk up
ip addr add 10.6.0.1/24 dev vethlongname1
ip link add veth2 mtu 9000 type veth peer name veth3
ip link set veth2 up promisc on
ip link set veth3 master br0
ip tuntap add tun0 mode tun
ip link set tun0 up

ip route add default via 10.20.30.254
ip route add 0.0.0.0/1 via 10.20.30.253
ip route add 172.16.0.0/12 via 192.168.77.2 metric 50
ip route add 10.99.0.5 dev veth-a
ip route add 10.52.0.7/32 via 192.168.77.2
ip route add unreachable 10.66.0.0/16
ip route add prohibit 10.67.0.0/16
ip route add blackhole 10.68.0.0/16
ip route add 169.254.0.0/16 dev br0 metric 1000
ip route add 10.77.0.0/16 via 10.20.30.2 mtu 1400 window 8000 rtt 30
ip route add 10.50.0.0/16 dev vethlongname1 metric 4294967295
ip -6 route add default via 2001:db8:1::fe metric 1024
ip -6 route add unreachable 2001:db8:dead::/48
ip -6 route add blackhole 2001:db8:bad::/48
ip -6 route add prohibit 2001:db8:bae::/48
ip -6 route add 2001:db8:99::/64 via 2001:db8:2::2
ip -6 route add 2001:db8:77::/64 dev veth-a metric 4294967295
ip -6 route add ::ffff:0:0/96 dev veth-a

# Multicast groups: a socket joins them and holds them until its stdin closes.
coproc JOIN { exec python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for g, a in (("239.1.2.3", "192.168.77.1"), ("239.255.255.250", "192.168.77.1"),
             ("224.0.0.251", "10.6.0.1")):
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 socket.inet_aton(g) + socket.inet_aton(a))
t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             socket.inet_aton("239.1.2.3") + socket.inet_aton("192.168.77.1"))
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
idx = socket.if_nametoindex("veth-a")
for g in ("ff15::1234", "ff02::fb", "ff05::1:3"):
    s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                  socket.inet_pton(socket.AF_INET6, g) + struct.pack("@I", idx))
print("ready", flush=True)
sys.stdin.read()
'; }
read -r line <&"${JOIN[0]}"
[ "$line" = ready ] || { echo "capture.sh: the multicast joiner did not start" >&2; exit 1; }
sleep 3		# IPv6 link-local addresses leave DAD, their routes appear

out=$1/proc/net
for f in dev route rt_cache ipv6_route igmp igmp6; do
	cat "/proc/net/$f" >"$out/$f"
done
eval "exec ${JOIN[1]}>&-"
wait "$JOIN_PID" 2>/dev/null || true
echo "captured dev route rt_cache ipv6_route igmp igmp6 into $out"
