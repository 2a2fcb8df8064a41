/* vi: set sw=4 ts=4: */
/*
 * netstat for machines that have almost nothing: parses /proc/net itself,
 * streams over fixed buffers, and prints what net-tools' netstat prints,
 * byte for byte, for the flags the two share.
 *
 * The same file builds inside a BusyBox tree (dropped over
 * networking/netstat.c) and on its own against include/libbb.h.
 *
 * Licensed under GPLv2 or later, see file LICENSE in this source tree.
 *
 * The sections, in reading order (each opens with a ---- rule):
 *   Options            getopt32's string and the OPT_* bits
 *   /proc/net tables   proc_tables[]: file, Proto label, kind, family
 *   Globals            struct globals G
 *   Output             one buffer (out_*); decimal numbers (fmt_ulong)
 *   Escaping           bytes from others made printable
 *   Machine output     --format's JSON and Prometheus helpers (each
 *                      table's emitter sits beside its text one)
 *   Line reader        read_line(); proc_net_open() and each_line():
 *                      every /proc/net file is opened and read there
 *   Field parsers      parse_*, next_*; a socket's line into a struct
 *                      inet_row or unix_row (parse_inet_line and
 *                      parse_unix_line: the one place rows are parsed)
 *   Addresses          IPv4 and IPv6 text as glibc and net-tools print
 *   Memory             mappings that grow (no malloc); shell_sort
 *   Name resolution    /etc/hosts, services, passwd, networks; DNS
 *   -p                 one scan of /proc/PID/fd: inode to "PID/name"
 *   -o                 the Timer column
 *   Which sockets      -a, -l: what the listing shows
 *   Rows               print_inet_row, print_unix_row: net-tools' text
 *   Socket tables      open_table(); each row of a table to a handler
 *   -s                 snmp, netstat, snmp6 in net-tools' words
 *   -i, -r, -g         interfaces, routes, multicast groups
 *   Socket listing     show_sockets(): the tables in net-tools' order
 *   NETLINK_SOCK_DIAG  counting through the kernel; each_inet_row(),
 *                      the rows every counting mode is fed
 *   -S                 counts by state
 *   -G                 counts by key
 *   -S -v              the hints
 *   Selecting tables   -t -u -x -A... combined as net-tools does
 *   --netns            another namespace, or all of them
 *   Rounds, and main   --output's file; one_round(): the mode;
 *                      netstat_main()
 */
//config:config NETSTAT
//config:	bool "netstat (21 kb)"
//config:	default y
//config:	help
//config:	netstat prints information about the Linux networking subsystem:
//config:	TCP, UDP, raw and unix sockets read from /proc/net, with the
//config:	columns of net-tools' netstat.
//config:	The sizes in these prompts are what each part adds to a static
//config:	musl BusyBox: netstat with what stock netstat has: wide output,
//config:	programs, IPv6, names, -e and -w (the text it brings in), then
//config:	each further feature (the total of scripts/bloat-o-meter; names,
//config:	-e and -w against a build with FEATURE_NETSTAT_TRIM on and all
//config:	three off).
//config:
//config:config FEATURE_NETSTAT_WIDE
//config:	bool "Enable wide output"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	Add support for -W: addresses are never truncated.
//config:
//config:config FEATURE_NETSTAT_TRIM
//config:	bool "Allow leaving out what stock netstat always has"
//config:	default n
//config:	depends on NETSTAT
//config:	help
//config:	Stock BusyBox netstat always resolves names and has -e and -w,
//config:	and has -r when the route applet is built. Those parts are
//config:	kept, and not asked about, unless this is on: then each of
//config:	them has a prompt of its own (for the smallest builds).
//config:
//config:config FEATURE_NETSTAT_RESOLVE
//config:	bool "Resolve host, service and user names (+5.4 kb)" if FEATURE_NETSTAT_TRIM
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	Without -n, print names from /etc/hosts and DNS, /etc/services,
//config:	/etc/protocols and /etc/passwd, as net-tools does. Off: output is
//config:	always numeric, as with -n. DNS is asked by a small PTR client of
//config:	its own (2 s, one try per server), not libc's resolver.
//config:
//config:config FEATURE_NETSTAT_EXTEND
//config:	bool "Enable -e (User and Inode columns) (+0.1 kb)" if FEATURE_NETSTAT_TRIM
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-e adds the User and Inode columns of net-tools (-ee as well).
//config:	Off: -e is refused.
//config:
//config:config FEATURE_NETSTAT_RAW
//config:	bool "Enable -w (raw sockets) (+0.1 kb)" if FEATURE_NETSTAT_TRIM
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	Add the raw socket tables (/proc/net/raw, raw6) and -w.
//config:
//config:config FEATURE_NETSTAT_UDPLITE
//config:	bool "Enable -U (UDP-Lite sockets) (+0.1 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	Add the UDP-Lite tables (/proc/net/udplite, udplite6) and -U.
//config:
//config:config FEATURE_NETSTAT_SUMMARY
//config:	bool "Enable -S (TCP state summary) (+0.6 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-S prints one line "STATE COUNT" per TCP state, what
//config:	netstat -n | awk '/^tcp/ {++S[$NF]} END ...' prints, without awk.
//config:
//config:config FEATURE_NETSTAT_SUMMARY_HINTS
//config:	bool "Enable -S -v and -S -c (hints and changes) (+5.5 kb)"
//config:	default y
//config:	depends on FEATURE_NETSTAT_SUMMARY
//config:	help
//config:	With -v, -S adds hints from the kernel's own counters
//config:	(/proc/net/sockstat, netstat, snmp, /proc/sys/net): timewait
//config:	sockets against tcp_max_tw_buckets, ephemeral ports per peer,
//config:	accept and SYN queues, orphans, CLOSE_WAIT, FIN_WAIT2. With
//config:	-c, each round after the first adds what changed.
//config:
//config:config FEATURE_NETSTAT_GROUP_BY
//config:	bool "Enable -G (counts by address, port and state) (+3.1 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-G KEYS counts sockets by remote or local host, port, address
//config:	and state, with state and port filters and a top-N limit: the
//config:	netstat | awk | sort | uniq -c pipelines in one command.
//config:	Every distinct key is counted, as uniq -c does: memory grows
//config:	with the number of keys (at most 63 bytes a key, mapped when
//config:	-G is given), never with the number of sockets.
//config:
//config:config FEATURE_NETSTAT_PRG
//config:	bool "Enable PID/Program name output"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	Add support for -p flag to print out PID and program name.
//config:	One scan of /proc/PID/fd into a table sized to the sockets
//config:	found (at most 32 bytes per socket): linear in their number.
//config:
//config:config FEATURE_NETSTAT_TIMERS
//config:	bool "Enable -o (timers) (+0.4 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-o adds net-tools' Timer column: keepalive, on, off, timewait
//config:	with seconds left, retransmits and probes.
//config:
//config:config FEATURE_NETSTAT_STATS
//config:	bool "Enable -s (protocol statistics) (+7.8 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-s prints the counters of /proc/net/snmp and /proc/net/netstat
//config:	(/proc/net/snmp6 with -6) in net-tools' words.
//config:
//config:config FEATURE_NETSTAT_IFACE
//config:	bool "Enable -i (interface table) (+2.7 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-i prints net-tools' kernel interface table (MTU, packet and
//config:	error counters, flags) from /proc/net/dev and interface ioctls.
//config:
//config:config FEATURE_NETSTAT_ROUTE
//config:	bool "Enable -r (routing tables) (+3.8 kb)" if FEATURE_NETSTAT_TRIM || !ROUTE
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-r prints the IPv4 routes of /proc/net/route and, with -6, the
//config:	IPv6 routes of /proc/net/ipv6_route, as net-tools does.
//config:
//config:config FEATURE_NETSTAT_GROUPS
//config:	bool "Enable -g (multicast group memberships) (+1.5 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-g prints the IPv4 and IPv6 multicast memberships of each
//config:	interface (/proc/net/igmp, /proc/net/igmp6).
//config:
//config:config FEATURE_NETSTAT_NETNS
//config:	bool "Enable --netns (other network namespaces) (+2.5 kb)"
//config:	default y
//config:	depends on NETSTAT && LONG_OPTS
//config:	help
//config:	--netns=PID reads the network namespace of a process (entered
//config:	with setns() by root, else from /proc/PID/net), --netns=NAME
//config:	or a path one of ip netns (root), --netns=all every namespace
//config:	of the processes we can see: -S as one line per namespace.
//config:
//config:config FEATURE_NETSTAT_SOCK_DIAG
//config:	bool "Count -S and -G through NETLINK_SOCK_DIAG (+1.5 kb)"
//config:	default y
//config:	depends on FEATURE_NETSTAT_SUMMARY || FEATURE_NETSTAT_GROUP_BY
//config:	help
//config:	-S and -G ask the kernel for its TCP and UDP sockets over
//config:	netlink (the states filtered in the kernel) instead of reading
//config:	/proc/net/tcp: about twice as fast, and far faster for one
//config:	state among many. Any failure falls back to /proc; -v says
//config:	which counted; --no-netlink forces /proc.
//config:
//config:config FEATURE_NETSTAT_JSON
//config:	bool "Enable --format=json (+3.5 kb)"
//config:	default n
//config:	depends on NETSTAT && LONG_OPTS
//config:	help
//config:	--format=json prints the listing, -S, -G, -s, -i, -r and -g as
//config:	one JSON array a round, an object a line, streamed as the
//config:	tables are read; the keys are jc's (jc --netstat). With it or
//config:	with --format=prometheus, --output=PATH writes a file whole:
//config:	a temporary file in its directory, renamed.
//config:
//config:config FEATURE_NETSTAT_PROMETHEUS
//config:	bool "Enable --format=prometheus (+2.6 kb)"
//config:	default n
//config:	depends on NETSTAT && LONG_OPTS && (FEATURE_NETSTAT_SUMMARY || FEATURE_NETSTAT_GROUP_BY)
//config:	help
//config:	--format=prometheus prints -S as node_exporter's
//config:	node_tcp_connection_states, -G as netstat_sockets with a label
//config:	per key, and with -S -v the kernel's counters and limits the
//config:	hints read: the text exposition format, for node_exporter's
//config:	textfile collector (--output=PATH) or any scraper.
//config:
//config:config FEATURE_NETSTAT_CONTINUOUS
//config:	bool "Enable -c (repeat every second) (+0.4 kb)"
//config:	default y
//config:	depends on NETSTAT
//config:	help
//config:	-c prints the chosen tables (or -S, -G, -i, -r, -g) again every
//config:	second until interrupted.

//applet:IF_NETSTAT(APPLET(netstat, BB_DIR_BIN, BB_SUID_DROP))

//kbuild:lib-$(CONFIG_NETSTAT) += netstat.o

//usage:#define netstat_trivial_usage
//usage:       "[-al] [-tux"IF_FEATURE_NETSTAT_UDPLITE("U")IF_FEATURE_NETSTAT_RAW("w")"] [-n"
//usage:	IF_FEATURE_NETSTAT_EXTEND("e")IF_FEATURE_NETSTAT_WIDE("W")
//usage:	IF_FEATURE_NETSTAT_PRG("p")IF_FEATURE_NETSTAT_TIMERS("o")"v] [-46] [-A FAMILY]"
//usage:	IF_FEATURE_NETSTAT_SUMMARY(" [-S]")IF_FEATURE_NETSTAT_GROUP_BY(" [-G KEYS]")
//usage:	IF_FEATURE_NETSTAT_CONTINUOUS(" [-c]")IF_FEATURE_NETSTAT_STATS(" [-s]")
//usage:	IF_FEATURE_NETSTAT_IFACE(" [-i]")IF_FEATURE_NETSTAT_ROUTE(" [-r]")IF_FEATURE_NETSTAT_GROUPS(" [-g]")
//usage:#define netstat_full_usage "\n\n"
//usage:       "Display networking information\n"
//usage:     "\n	-a	All sockets"
//usage:     "\n	-l	Listening sockets"
//usage:     "\n		Else: connected sockets"
//usage:     "\n	-t	TCP sockets"
//usage:     "\n	-u	UDP sockets"
//usage:	IF_FEATURE_NETSTAT_UDPLITE(
//usage:     "\n	-U	UDP-Lite sockets"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_RAW(
//usage:     "\n	-w	Raw sockets"
//usage:	)
//usage:     "\n	-x	Unix sockets"
//usage:     "\n		Else: all socket types"
//usage:     "\n	-4,-6	IPv4 or IPv6 only"
//usage:     "\n	-A FAM	Families: inet,inet6,unix"
//usage:     "\n	-n	Don't resolve names"
//usage:	IF_FEATURE_NETSTAT_RESOLVE(
//usage:     "\n		(DNS: 2 s a server, 5 s a run, then numbers)"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_EXTEND(
//usage:     "\n	-e	Show User and Inode"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_WIDE(
//usage:     "\n	-W	Wide display: don't truncate addresses"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_PRG(
//usage:     "\n	-p	Show PID/program name for sockets"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_TIMERS(
//usage:     "\n	-o	Show timers"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_SUMMARY(
//usage:     "\n	-S	Count TCP sockets by state (-u -w: UDP, raw too)"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_GROUP_BY(
//usage:     "\n	-G KEYS	Count sockets by KEYS, most first. KEYS: comma list of"
//usage:     "\n		state,proto,rhost,rport,raddr,lhost,lport,laddr"
//usage:     "\n		and filters state=NAME (or prefix),port=N,top=N"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_STATS(
//usage:     "\n	-s	Protocol statistics (-t -u -w: of one protocol)"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_IFACE(
//usage:     "\n	-i	Interface table (-a: down ones too)"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_ROUTE(
//usage:     "\n	-r	Routing table (-6: IPv6; -e, -ee: more columns)"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_GROUPS(
//usage:     "\n	-g	Multicast group memberships"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_CONTINUOUS(
//usage:     "\n	-c	Repeat every second"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_NETNS(
//usage:     "\n	--netns=PID|NAME|all	Another network namespace, or all"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_SOCK_DIAG(
//usage:     "\n	--no-netlink	-S, -G: read /proc, not NETLINK_SOCK_DIAG"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_JSON(
//usage:     "\n	--format=json	JSON: the listing, -S, -G, -s, -i, -r, -g"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_PROMETHEUS(
//usage:     "\n	--format=prometheus	Prometheus text: -S (the default), -G, -S -v"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_JSON(
//usage:     "\n	--output=PATH	Write PATH whole (a temporary file renamed)"
//usage:	)
//usage:	IF_FEATURE_NETSTAT_PROMETHEUS(IF_NOT_FEATURE_NETSTAT_JSON(
//usage:     "\n	--output=PATH	Write PATH whole (a temporary file renamed)"
//usage:	))
//usage:     "\n	-v	Verbose: say which tables are missing"
//usage:     "\n	-V	Version"

#include "libbb.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/times.h>
#include <sys/vfs.h>
#include <sched.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <sys/stat.h>

#define NETSTAT_VERSION "0.1"

/* ------------------------------------------------------------------ */
/* Options: one string for getopt32, one enum in the same order.       */

#define NETSTAT_OPTS "latuxnvVh4" IF_FEATURE_IPV6("6") "A:" \
	IF_FEATURE_NETSTAT_EXTEND("e") \
	IF_FEATURE_NETSTAT_WIDE("W") \
	IF_FEATURE_NETSTAT_RAW("w") \
	IF_FEATURE_NETSTAT_UDPLITE("U") \
	IF_FEATURE_NETSTAT_PRG("p") \
	IF_FEATURE_NETSTAT_TIMERS("o") \
	IF_FEATURE_NETSTAT_SUMMARY("S") \
	IF_FEATURE_NETSTAT_GROUP_BY("G:") \
	IF_FEATURE_NETSTAT_CONTINUOUS("c") \
	IF_FEATURE_NETSTAT_STATS("s") \
	IF_FEATURE_NETSTAT_IFACE("i") \
	IF_FEATURE_NETSTAT_ROUTE("rNCF") \
	IF_FEATURE_NETSTAT_GROUPS("g") \
	"M" \
	"\xfd\xfe\xff"

enum {
	OPTBIT_l, OPTBIT_a, OPTBIT_t, OPTBIT_u, OPTBIT_x, OPTBIT_n,
	OPTBIT_v, OPTBIT_V, OPTBIT_h, OPTBIT_4,
	IF_FEATURE_IPV6(OPTBIT_6,)
	OPTBIT_A,
	IF_FEATURE_NETSTAT_EXTEND(OPTBIT_e,)
	IF_FEATURE_NETSTAT_WIDE(OPTBIT_W,)
	IF_FEATURE_NETSTAT_RAW(OPTBIT_w,)
	IF_FEATURE_NETSTAT_UDPLITE(OPTBIT_U,)
	IF_FEATURE_NETSTAT_PRG(OPTBIT_p,)
	IF_FEATURE_NETSTAT_TIMERS(OPTBIT_o,)
	IF_FEATURE_NETSTAT_SUMMARY(OPTBIT_S,)
	IF_FEATURE_NETSTAT_GROUP_BY(OPTBIT_G,)
	IF_FEATURE_NETSTAT_CONTINUOUS(OPTBIT_c,)
	IF_FEATURE_NETSTAT_STATS(OPTBIT_s,)
	IF_FEATURE_NETSTAT_IFACE(OPTBIT_i,)
	IF_FEATURE_NETSTAT_ROUTE(OPTBIT_r, OPTBIT_N, OPTBIT_C, OPTBIT_F,)
	IF_FEATURE_NETSTAT_GROUPS(OPTBIT_g,)
	OPTBIT_M,
	OPTBIT_numeric_hosts, OPTBIT_numeric_ports, OPTBIT_numeric_users,
	OPTBIT_count,

	OPT_l = 1 << OPTBIT_l,		/* listening sockets only */
	OPT_a = 1 << OPTBIT_a,		/* all sockets */
	OPT_t = 1 << OPTBIT_t,
	OPT_u = 1 << OPTBIT_u,
	OPT_x = 1 << OPTBIT_x,
	OPT_n = 1 << OPTBIT_n,
	OPT_v = 1 << OPTBIT_v,
	OPT_V = 1 << OPTBIT_V,
	OPT_h = 1 << OPTBIT_h,
	OPT_4 = 1 << OPTBIT_4,
	OPT_6 = IF_FEATURE_IPV6((1 << OPTBIT_6)) + 0,
	OPT_A = 1 << OPTBIT_A,
	OPT_e = IF_FEATURE_NETSTAT_EXTEND((1 << OPTBIT_e)) + 0,
	OPT_W = IF_FEATURE_NETSTAT_WIDE((1 << OPTBIT_W)) + 0,
	OPT_w = IF_FEATURE_NETSTAT_RAW((1 << OPTBIT_w)) + 0,
	OPT_U = IF_FEATURE_NETSTAT_UDPLITE((1 << OPTBIT_U)) + 0,
	OPT_p = IF_FEATURE_NETSTAT_PRG((1 << OPTBIT_p)) + 0,
	OPT_o = IF_FEATURE_NETSTAT_TIMERS((1 << OPTBIT_o)) + 0,
	OPT_S = IF_FEATURE_NETSTAT_SUMMARY((1 << OPTBIT_S)) + 0,
	OPT_G = IF_FEATURE_NETSTAT_GROUP_BY((1 << OPTBIT_G)) + 0,
	OPT_c = IF_FEATURE_NETSTAT_CONTINUOUS((1 << OPTBIT_c)) + 0,
	OPT_s = IF_FEATURE_NETSTAT_STATS((1 << OPTBIT_s)) + 0,
	OPT_i = IF_FEATURE_NETSTAT_IFACE((1 << OPTBIT_i)) + 0,
	OPT_r = IF_FEATURE_NETSTAT_ROUTE((1 << OPTBIT_r)) + 0,
	OPT_N = IF_FEATURE_NETSTAT_ROUTE((1 << OPTBIT_N)) + 0,	/* symbolic hardware names */
	OPT_C = IF_FEATURE_NETSTAT_ROUTE((1 << OPTBIT_C)) + 0,	/* route cache */
	OPT_F = IF_FEATURE_NETSTAT_ROUTE((1 << OPTBIT_F)) + 0,	/* FIB (the default) */
	OPT_g = IF_FEATURE_NETSTAT_GROUPS((1 << OPTBIT_g)) + 0,
	OPT_M = 1 << OPTBIT_M,		/* masquerade: not supported */
	OPT_numeric_hosts = 1 << OPTBIT_numeric_hosts,
	OPT_numeric_ports = 1 << OPTBIT_numeric_ports,
	OPT_numeric_users = 1 << OPTBIT_numeric_users,
};
/* The string and the enum must agree: one bit per option character
 * (the ':' after A, and after G when it is there, are not options). */
typedef char netstat_opts_match_enum[
	sizeof(NETSTAT_OPTS) - 1 - 1 - ENABLE_FEATURE_NETSTAT_GROUP_BY
		== OPTBIT_count ? 1 : -1];

/* The long names net-tools accepts for these options. */
#if ENABLE_LONG_OPTS
static const char netstat_longopts[] ALIGN1 =
	"all\0"           No_argument       "a"
	"listening\0"     No_argument       "l"
	"tcp\0"           No_argument       "t"
	"udp\0"           No_argument       "u"
	"unix\0"          No_argument       "x"
	"numeric\0"       No_argument       "n"
	"verbose\0"       No_argument       "v"
	"version\0"       No_argument       "V"
	"help\0"          No_argument       "h"
	"inet\0"          No_argument       "4"
	"ip\0"            No_argument       "4"
	"tcpip\0"         No_argument       "4"
	IF_FEATURE_IPV6(
	"inet6\0"         No_argument       "6"
	)
	"protocol\0"      Required_argument "A"
	IF_FEATURE_NETSTAT_EXTEND(
	"extend\0"        No_argument       "e"
	)
	IF_FEATURE_NETSTAT_WIDE(
	"wide\0"          No_argument       "W"
	)
	IF_FEATURE_NETSTAT_RAW(
	"raw\0"           No_argument       "w"
	)
	IF_FEATURE_NETSTAT_UDPLITE(
	"udplite\0"       No_argument       "U"
	)
	IF_FEATURE_NETSTAT_PRG(
	"programs\0"      No_argument       "p"
	)
	IF_FEATURE_NETSTAT_TIMERS(
	"timers\0"        No_argument       "o"
	)
	IF_FEATURE_NETSTAT_SUMMARY(
	"summary\0"       No_argument       "S"
	)
	IF_FEATURE_NETSTAT_GROUP_BY(
	"group-by\0"      Required_argument "G"
	)
	IF_FEATURE_NETSTAT_CONTINUOUS(
	"continuous\0"    No_argument       "c"
	)
	IF_FEATURE_NETSTAT_STATS(
	"statistics\0"    No_argument       "s"
	)
	IF_FEATURE_NETSTAT_IFACE(
	"interfaces\0"    No_argument       "i"
	)
	IF_FEATURE_NETSTAT_ROUTE(
	"route\0"         No_argument       "r"
	"symbolic\0"      No_argument       "N"
	"cache\0"         No_argument       "C"
	"fib\0"           No_argument       "F"
	)
	IF_FEATURE_NETSTAT_GROUPS(
	"groups\0"        No_argument       "g"
	)
	"masquerade\0"    No_argument       "M"
	"numeric-hosts\0" No_argument       "\xfd"
	"numeric-ports\0" No_argument       "\xfe"
	"numeric-users\0" No_argument       "\xff"
	;
#else
# define netstat_longopts NULL
#endif

/* ------------------------------------------------------------------ */
/* The /proc/net tables, one row each, in net-tools' printing order.   */

enum { KIND_TCP, KIND_UDP, KIND_UDPLITE, KIND_RAW, KIND_UNIX, KIND_MCAST };
enum { FAM_INET = 1, FAM_INET6 = 2, FAM_UNIX = 4 };	/* FAM_UNIX: only in -A and -x's sets */

struct proc_table {
	char file[9];		/* name under /proc/net/ */
	char label[6];		/* the Proto column */
	uint8_t kind;
	uint8_t family;		/* FAM_INET or FAM_INET6; 0 for unix */
	char desc[16];		/* net-tools' name of it, for -v */
};

static const struct proc_table proc_tables[] = {
	{ "tcp",      "tcp",   KIND_TCP,     FAM_INET,  "AF INET (tcp)" },
	{ "tcp6",     "tcp6",  KIND_TCP,     FAM_INET6, "AF INET6 (tcp)" },
	{ "udp",      "udp",   KIND_UDP,     FAM_INET,  "AF INET (udp)" },
	{ "udp6",     "udp6",  KIND_UDP,     FAM_INET6, "AF INET6 (udp)" },
	{ "udplite",  "udpl",  KIND_UDPLITE, FAM_INET,  "AF INET (udpl)" },
	{ "udplite6", "udpl6", KIND_UDPLITE, FAM_INET6, "AF INET6 (udpl)" },
	{ "raw",      "raw",   KIND_RAW,     FAM_INET,  "AF INET (raw)" },
	{ "raw6",     "raw6",  KIND_RAW,     FAM_INET6, "AF INET6 (raw)" },
	{ "unix",     "unix",  KIND_UNIX,    0,         "AF UNIX" },
};

/* TCP states as the kernel numbers them (include/net/tcp_states.h);
 * 0 is net-tools' empty entry. Anything past CLOSING prints UNKNOWN. */
static const char tcp_state_names[][12] = {
	"", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
	"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};
enum {
	TCP_ESTABLISHED_ = 1, TCP_SYN_RECV_ = 3, TCP_FIN_WAIT2_ = 5,
	TCP_TIME_WAIT_ = 6, TCP_CLOSE_ = 7, TCP_CLOSE_WAIT_ = 8, TCP_LISTEN_ = 10,
	TCP_CLOSING_ = 11,
};

/* socket(2) types of /proc/net/unix by the target's SOCK_* numbers:
 * MIPS numbers DGRAM 1 and STREAM 2 (arch/mips/include/asm/socket.h),
 * every other CPU STREAM 1 and DGRAM 2; on all of them the five are 1 to
 * 5, so the table has no hole. A number past the end prints the first
 * entry, as net-tools' default case. */
static const char unix_type_names[][10] = {
	"UNKNOWN", [SOCK_STREAM] = "STREAM", [SOCK_DGRAM] = "DGRAM",
	[SOCK_RAW] = "RAW", [SOCK_RDM] = "RDM", [SOCK_SEQPACKET] = "SEQPACKET",
};
/* and the socket states of /proc/net/unix */
static const char unix_state_names[][14] = {
	"FREE", "", "CONNECTING", "CONNECTED", "DISCONNECTING",
};
enum {
	SS_UNCONNECTED_ = 1,
	UNIX_ACCEPTCON = 1 << 16,	/* __SO_ACCEPTCON */
	UNIX_WAITDATA = 1 << 17,
	UNIX_NOSPACE = 1 << 18,
};

/* ------------------------------------------------------------------ */
/* Globals                                                             */

enum {
	IOBUF_SIZE = 8192,	/* /proc hands out at most a page per read */
	OUTBUF_SIZE = 16384,
	NAMEBUF_SIZE = 1100,	/* an escaped host name (4 x 255) and port */
	UNIX_PATH_BUF = 512,	/* sun_path is 108 bytes; room for '\n' splits */
};

enum {
	NUM_HOST = 1, NUM_PORT = 2, NUM_USER = 4,
	NUM_ALL = NUM_HOST | NUM_PORT | NUM_USER,
};

enum {
	BYKEY_INDEX_FIRST = 1024,	/* hash index slots, a power of two */
	BYKEY_MAX_FIELDS = 8,
	BYKEY_MAX_FILTERS = 8,
};

/* -G KEYS, parsed */
struct bykey_spec {
	uint8_t field[BYKEY_MAX_FIELDS];
	uint8_t n_fields, n_states, n_ports;
	const char *state[BYKEY_MAX_FILTERS];	/* name prefixes */
	uint8_t state_len[BYKEY_MAX_FILTERS];
	uint16_t port[BYKEY_MAX_FILTERS];	/* local or remote */
	unsigned long long top;	/* 0: all */
	unsigned n_keys;
};
/* net-tools' finbuf[20]: "PID/name", at most 19 bytes */
enum { PRG_NAME_SIZE = 20 };
/* "/proc/PID/net/", "/run/netns/NAME": --netns's paths */
enum { NETNS_PATH_SIZE = 64 };

/* The kernel counters the hints and -S -c read (TcpExt of
 * /proc/net/netstat, Tcp of /proc/net/snmp): see hint_counter_names */
enum {
	KC_TW_OVERFLOW, KC_LISTEN_OVERFLOWS, KC_LISTEN_DROPS,
	KC_REQQ_FULL_DROP, KC_REQQ_FULL_COOKIES, KC_COOKIES_SENT,
	KC_COOKIES_FAILED, KC_ABORT_ON_MEMORY, KC_RETRANS_SEGS, KC_OUT_RSTS,
	KC_ESTAB_RESETS, KC_COUNT,
	HINT_PROGS = 8, HINT_LISTENERS = 4,
};

/* Programs holding sockets of one state (-S -v -p): the first few */
struct prog_tally {
	uint32_t prog[HINT_PROGS];
	unsigned long long count[HINT_PROGS];
};

/* A listener whose accept queue holds connections (Recv-Q of LISTEN) */
struct queued_listener {
	uint8_t addr[16];
	uint8_t is6;
	uint16_t port;
	unsigned long long queue;
};

struct hint_counts {
	struct prog_tally close_wait, fin_wait2;	/* owned ones */
	unsigned long long fin_wait2_orphans;	/* inode 0: closed by their program */
	struct queued_listener queued[HINT_LISTENERS];	/* the longest queues */
	unsigned long long n_queued;
	/* -S -c: the last round, for the changes */
	unsigned long long last_state[16], last_kc[KC_COUNT];
	unsigned long long last_ticks;	/* times() */
	uint32_t last_kc_have;
	uint8_t rounds;
};

struct prg_entry {
	unsigned long long inode;
	uint32_t name;		/* index into G.prg_names */
};

struct globals {
	uint32_t opt;
	uint8_t hints_on;	/* -S -v: rows feed the hints */
	/* --netns: the namespace's inode (0: ours, not asked for); read
	 * from outside (/proc/PID/net) rather than entered; all of them */
	uint32_t netns_ino;
	uint8_t netns_outside, netns_all, netns_told;
	/* -S, -G: not through NETLINK_SOCK_DIAG (--no-netlink, or it
	 * failed); -v said which */
	uint8_t no_diag, said_path;
	uint8_t iface_titled;	/* -i: "Kernel Interface table" printed */
	/* --format: FORMAT_*; the fields of the JSON object or the
	 * Prometheus series being printed, the objects of the round */
	uint8_t format;
	unsigned fields;
	unsigned long long json_items;
	/* --output: the file and its temporary name (its fd: out_fd) */
	const char *output;
	char *output_tmp;
	int out_fd;		/* 0: standard output */
	int extend;		/* how many -e */
	uint8_t numeric;	/* NUM_* bits: what is printed as numbers */
	uint8_t kinds;		/* 1 << KIND_* of the tables to print */
	uint8_t families;	/* FAM_* of the inet tables to print */
	const char *proc_net;	/* "/proc/net/": tests point it at fixtures */
	const char *families_arg;	/* -A's argument, "" without -A: for -s */
	const char *proc_root;	/* "/proc", for -p's scan: the same */
	unsigned out_len;
	unsigned long long malformed;	/* lines skipped in the current file */
	/* -S: sockets per protocol class (tcp, udp, raw) and kernel state */
	unsigned long long state_counts[3][256];	/* [CLASS_*][state] */
	struct bykey_spec bykey_spec;
	/* -p: socket inodes and their owners (see prg_load) */
	struct prg_entry *prg;
	unsigned prg_n, prg_cap;
	uint32_t *prg_hash;	/* index + 1 into prg; 0 free */
	unsigned prg_mask;
	char (*prg_names)[PRG_NAME_SIZE];
	unsigned prg_n_names, prg_cap_names;
	uint8_t prg_loaded;
	/* -S -v: what the hints count on the way (see count_state) */
	struct hint_counts hints;
	/* net.ipv4.ip_local_port_range, for -S -v; 0-0 until read */
	unsigned long long ephemeral_lo, ephemeral_hi;
	/* name resolution (FEATURE_NETSTAT_RESOLVE) */
	struct name_cache *cache;
	unsigned cache_size, cache_used;	/* slots, a power of two */
	char *names;		/* the names the cache points into */
	size_t names_len;
	unsigned names_size;
	struct service *services;
	unsigned n_services, services_cap;
	uint8_t services_loaded;
	uint8_t dns_down;	/* a lookup timed out: stop asking */
	unsigned dns_waited_ms;	/* all waiting on DNS in this run */
	unsigned dns_queries;
	char outbuf[OUTBUF_SIZE];
	char iobuf[IOBUF_SIZE + 1];
};
#ifdef LIBBB_STANDALONE_H
/* On its own (include/libbb.h): one static block, and no malloc linked. */
static struct globals G;
# define INIT_G() ((void)0)
# define FREE_G() ((void)0)
#else
/* In BusyBox, bss is part of every applet's process (and without an MMU
 * it is allocated for each): the block comes from the heap when netstat
 * runs, as BusyBox's applets do it. */
# define G (*ptr_to_globals)
# define INIT_G() SET_PTR_TO_GLOBALS(xzalloc(sizeof(G)))
# define FREE_G() free(ptr_to_globals)
#endif

/* ------------------------------------------------------------------ */
/* Output: one buffer, flushed when full and at exit.                  */

static void out_flush(void)
{
	if (G.out_len && full_write(G.out_fd ? G.out_fd : STDOUT_FILENO, G.outbuf, G.out_len) < 0) {
		/* A reader that went away (SIGPIPE ignored, as systemd runs
		 * services) is no error: net-tools exits 0 then, and
		 * "netstat -an | grep -q" under pipefail relies on it */
		if (errno == EPIPE)
			_exit(0);
		bb_simple_perror_msg_and_die("write error");
	}
	G.out_len = 0;
}

static void out_mem(const char *s, size_t n)
{
	while (n) {
		size_t room = OUTBUF_SIZE - G.out_len;
		if (room == 0) {
			out_flush();
			room = OUTBUF_SIZE;
		}
		if (room > n)
			room = n;
		memcpy(G.outbuf + G.out_len, s, room);
		G.out_len += room;
		s += room;
		n -= room;
	}
}

static void out_str(const char *s)
{
	out_mem(s, strlen(s));
}

static void out_char(char c)
{
	out_mem(&c, 1);
}

static void out_spaces(unsigned n)
{
	while (n--)
		out_char(' ');
}

/* printf's "%-*s" */
static void out_left(const char *s, unsigned width)
{
	size_t n = strlen(s);

	out_mem(s, n);
	if (n < width)
		out_spaces(width - n);
}

/* v / 10 into *v, the remainder returned. Where long has 32 bits a
 * 64-bit division is libgcc's __udivdi3 and __umoddi3 (2 KiB on MIPS):
 * there shifts and adds do it (Hacker's Delight, divu10; q is at most
 * one short). */
static unsigned div10(unsigned long long *v)
{
	unsigned long long n = *v, q;
	unsigned r;

	if (sizeof(long) >= 8) {
		*v = n / 10;
		return (unsigned)(n % 10);
	}
	q = (n >> 1) + (n >> 2);
	q += q >> 4;
	q += q >> 8;
	q += q >> 16;
	q += q >> 32;
	q >>= 3;
	r = (unsigned)(n - ((q << 2) + q) * 2);
	if (r > 9) {
		q++;
		r -= 10;
	}
	*v = q;
	return r;
}

/* Decimal digits of v into the end of buf[24]; returns the start. */
static char *fmt_ulong(char buf[24], unsigned long long v)
{
	char *p = buf + 23;

	*p = '\0';
	do
		*--p = (char)('0' + div10(&v));
	while (v);
	return p;
}

/* printf's "%llu": every number read from the kernel is kept in 64
 * bits (its counters are 64-bit on every target; a 32-bit CPU's
 * unsigned long would wrap them) */
static void out_unum(unsigned long long v)
{
	char buf[24];

	out_str(fmt_ulong(buf, v));
}

/* digits right-aligned in width (> 0) or left-aligned in -width (< 0) */
static void out_padded(const char *p, int width)
{
	unsigned n = strlen(p);

	if (width > 0 && n < (unsigned)width)
		out_spaces(width - n);
	out_mem(p, n);
	if (width < 0 && n < (unsigned)-width)
		out_spaces(-width - n);
}

/* printf's "%*llu" (width > 0) and "%-*llu" (width < 0): the kernel's
 * %u and %lu columns, whatever their size */
static void out_unum_pad(unsigned long long v, int width)
{
	char buf[24];

	out_padded(fmt_ulong(buf, v), width);
}

/* printf's "%*lld" and "%-*lld", for net-tools' %d conversions */
static void out_num(long long v, int width)
{
	char buf[24];
	char *p = fmt_ulong(buf, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);

	if (v < 0)
		*--p = '-';
	out_padded(p, width);
}

/* ------------------------------------------------------------------ */
/* Escaping: bytes from the kernel or other users reach the terminal   */
/* only as printable ASCII or valid UTF-8 of printable characters.     */
/* Anything else, and the backslash itself, becomes \ooo (octal), the  */
/* form the kernel uses in /proc/mounts.                               */

/* Length of the valid UTF-8 sequence at s encoding a character from
 * U+00A0 up (so not a C1 control), or 0. */
static unsigned utf8_printable_len(const unsigned char *s, size_t n)
{
	unsigned len, i;
	uint32_t cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (n < len)
		return 0;
	cp = s[0] & (0x3f >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0
	 || (len == 3 && cp < 0x800)
	 || (len == 4 && (cp < 0x10000 || cp > 0x10ffff))
	 || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Writes the printable form of the character at s to out[4]; returns
 * how many input bytes it stood for, and its length in *outlen. */
static unsigned escape_step(const char *s, size_t n, char out[4], unsigned *outlen)
{
	unsigned char c = (unsigned char)*s;
	unsigned len;

	if (c >= 0x20 && c < 0x7f && c != '\\') {
		out[0] = (char)c;
		*outlen = 1;
		return 1;
	}
	len = utf8_printable_len((const unsigned char *)s, n);
	if (len) {
		memcpy(out, s, len);
		*outlen = len;
		return len;
	}
	out[0] = '\\';
	out[1] = (char)('0' + (c >> 6));
	out[2] = (char)('0' + ((c >> 3) & 7));
	out[3] = (char)('0' + (c & 7));
	*outlen = 4;
	return 1;
}

/* The escaped form of s into dst (NUL-terminated, cut at a whole
 * character if it does not fit); returns its length. */
static size_t escape_into(char *dst, size_t size, const char *s, size_t n)
{
	size_t len = 0;

	while (n) {
		char e[4];
		unsigned elen, used = escape_step(s, n, e, &elen);
		if (len + elen >= size)
			break;
		memcpy(dst + len, e, elen);
		len += elen;
		s += used;
		n -= used;
	}
	dst[len] = '\0';
	return len;
}

/* A unix path (at most UNIX_PATH_BUF bytes), escaped */
static void out_escaped(const char *s, size_t n)
{
	char buf[4 * UNIX_PATH_BUF + 1];

	out_mem(buf, escape_into(buf, sizeof(buf), s, n));
}

/* ------------------------------------------------------------------ */
/* Machine output: JSON and the Prometheus text format (--format)      */
/*
 * A string for either is what the text output shows (bytes from others
 * already escaped: printable ASCII and UTF-8 as they are, anything else
 * and the backslash as \ooo) in double quotes, with '\' and '"'
 * escaped: valid JSON and a valid Prometheus label value whatever the
 * bytes, and the very characters the terminal shows. JSON is one array
 * a round, one object a line, written as the rows are read.
 */
enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_PROMETHEUS };

/* (constants where a mode is not built, so that the compiler drops it) */
static int json_mode(void)
{
	return ENABLE_FEATURE_NETSTAT_JSON && G.format == FORMAT_JSON;
}

static int prom_mode(void)
{
	return ENABLE_FEATURE_NETSTAT_PROMETHEUS && G.format == FORMAT_PROMETHEUS;
}

/* --output=PATH was given (it comes with either mode) */
static int output_to_file(void)
{
	return (ENABLE_FEATURE_NETSTAT_JSON || ENABLE_FEATURE_NETSTAT_PROMETHEUS) && G.output;
}

/* What net-tools prints on stdout but is no row (a family refused, a
 * table missing) goes to stderr in JSON and Prometheus text, whose
 * stdout holds nothing else: out_* between these two */
static int messages_begin(void)
{
	int fd = G.out_fd;

	if (G.format != FORMAT_TEXT) {
		out_flush();
		G.out_fd = STDERR_FILENO;
	}
	return fd;
}

static void messages_end(int fd)
{
	out_flush();
	G.out_fd = fd;
}

/* TEXT, already in the text output's escaped form, quoted */
static void out_quoted(const char *text)
{
	out_char('"');
	for (; *text; text++) {
		if (*text == '"' || *text == '\\')
			out_char('\\');
		out_char(*text);
	}
	out_char('"');
}

/* Raw bytes (a unix path, a program name), escaped and quoted */
static void out_quoted_raw(const char *s, size_t n)
{
	char buf[4 * UNIX_PATH_BUF + 1];

	escape_into(buf, sizeof(buf), s, n);
	out_quoted(buf);
}

/* (the array opens with its first object, so that a run that fails
 * before any leaves stdout empty; json_end() closes it) */
static void json_object(void)
{
	out_str(G.json_items++ ? ",\n{" : "[\n{");
	G.fields = 0;
}

static void json_end(void)
{
	out_str(G.json_items ? "\n]\n" : "[]\n");
}

static void json_key(const char *key)
{
	out_str(G.fields++ ? ",\"" : "\"");
	out_str(key);
	out_str("\":");
}

/* a string in the text's escaped form, or null for NULL */
static void json_str(const char *key, const char *text)
{
	json_key(key);
	if (text)
		out_quoted(text);
	else
		out_str("null");
}

static void json_unum(const char *key, unsigned long long v)
{
	json_key(key);
	out_unum(v);
}

static void json_num(const char *key, long long v)
{
	json_key(key);
	out_num(v, 0);
}

/* An object of a table's row; with --netns=all, its namespace first */
static void json_row(void)
{
	json_object();
	if (G.netns_all)
		json_unum("netns", G.netns_ino);
}

/* "# HELP NAME HELP" and "# TYPE NAME TYPE": a metric family begins */
static void prom_family(const char *name, const char *type, const char *help)
{
	out_str("# HELP ");
	out_str(name);
	out_char(' ');
	out_str(help);
	out_str("\n# TYPE ");
	out_str(name);
	out_char(' ');
	out_str(type);
	out_char('\n');
}

/* NAME{LABEL="VALUE",...} V: prom_series, each prom_label, prom_value */
static void prom_series(const char *name)
{
	out_str(name);
	G.fields = 0;
}

static void prom_label(const char *label, const char *text)
{
	out_char(G.fields++ ? ',' : '{');
	out_str(label);
	out_char('=');
	out_quoted(text);
}

static void prom_value(unsigned long long v)
{
	if (G.fields)
		out_char('}');
	out_char(' ');
	out_unum(v);
	out_char('\n');
}

/* A state's name as a label value: node_exporter's lower case */
static void prom_state_label(const char *name)
{
	char lower[16];
	unsigned i;

	for (i = 0; i < sizeof(lower) - 1 && name[i]; i++)
		lower[i] = (char)(name[i] | (name[i] >= 'A' && name[i] <= 'Z' ? 0x20 : 0));
	lower[i] = '\0';
	prom_label("state", lower);
}

/* ------------------------------------------------------------------ */
/* The one streaming line reader: read(2) into a caller's buffer, lines */
/* split in place, a partial tail carried with memmove. A line longer  */
/* than the buffer, or one holding a NUL, is skipped and counted.      */
/* Every /proc/net file is opened by proc_net_open() and read line by   */
/* line through each_line(); the /etc readers use read_line() alone.    */

struct reader {
	int fd;
	char *buf;
	unsigned size;		/* buf holds size + 1 bytes */
	unsigned len, pos;
	uint8_t eof;
	uint8_t discarding;	/* an overlong line: bit 0 dropping it, bit 1 its
				 * head was given (not a bad line then) */
	uint8_t keep_head;	/* give the head of an overlong line (the
				 * /etc readers, all of them name resolution) */
	unsigned long long bad;	/* lines skipped as unreadable */
};

static void reader_init(struct reader *r, int fd, char *buf, unsigned size)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->buf = buf;
	r->size = size;
}

/* The head of an overlong line in buf[0..size) (for etc_reader_init()),
 * or NULL when it has no separator or holds a NUL */
static char *line_head(char *buf, unsigned size)
{
	unsigned cut = size;

	while (cut && buf[cut - 1] != ' ' && buf[cut - 1] != '\t' && buf[cut - 1] != ':')
		cut--;
	if (cut == 0 || memchr(buf, '\0', cut))
		return NULL;
	buf[cut] = '\0';
	return buf;
}

/* The next line without its '\n', NUL-terminated, or NULL at the end.
 * A line longer than the buffer is skipped and counted as bad (an /etc
 * reader gets its head instead). A read error is returned as NULL with
 * errno set and r->eof == 2. */
static char *read_line(struct reader *r)
{
	for (;;) {
		char *start = r->buf + r->pos;
		unsigned avail = r->len - r->pos;
		char *nl = memchr(start, '\n', avail);
		ssize_t n;

		if (nl || (r->eof && avail)) {
			unsigned linelen = nl ? (unsigned)(nl - start) : avail;
			start[linelen] = '\0';
			r->pos += linelen + (nl != NULL);
			if (r->discarding || memchr(start, '\0', linelen)) {
				r->bad += !(r->discarding & 2);
				r->discarding = 0;
				continue;
			}
			return start;
		}
		if (r->eof)
			return NULL;
		memmove(r->buf, start, avail);
		r->len = avail;
		r->pos = 0;
		if (r->len == r->size) {
			/* no '\n' in a whole buffer: drop up to the next one
			 * (and give its head, once, if asked to) */
			char *head = ENABLE_FEATURE_NETSTAT_RESOLVE && r->keep_head && !r->discarding
				? line_head(r->buf, r->size) : NULL;

			r->len = 0;
			r->discarding |= head ? 3 : 1;
			if (head)
				return head;
		}
		n = safe_read(r->fd, r->buf + r->len, r->size - r->len);
		if (n < 0) {
			r->eof = 2;
			return NULL;
		}
		if (n == 0) {
			r->eof = 1;
			if (r->discarding) {
				/* the overlong line ends with the file */
				r->bad += !(r->discarding & 2);
				r->discarding = 0;
				r->len = 0;
			}
		}
		r->len += (unsigned)n;
	}
}

enum { NET_PATH_SIZE = 256 };

/* The one way to a /proc/net file: G.proc_net (/proc/net/, a
 * namespace's /proc/PID/net/, or a test's fixtures) + FILE; path keeps
 * the whole name for messages. -1 and errno if it cannot be opened. */
static int proc_net_open(const char *file, char path[NET_PATH_SIZE])
{
	strcpy(path, G.proc_net);
	strcat(path, file);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* A line of a file for each_line(): 0, or -1 when it is malformed. Once
 * more with NULL at the end of the file, for what a row kept back. */
typedef int line_fn_t(char *line, void *ctx);

/* Every line of the open file after its first SKIP through FN, then FN
 * with NULL. A read error ends the program; lines that do not parse are
 * skipped, counted and reported once, after the file. */
static void each_line(int fd, const char *path, unsigned skip, line_fn_t *fn, void *ctx)
{
	struct reader r;
	char *line;

	reader_init(&r, fd, G.iobuf, IOBUF_SIZE);
	G.malformed = 0;
	while ((line = read_line(&r)) != NULL) {
		if (skip)
			skip--;
		else if (fn(line, ctx))
			G.malformed++;
	}
	if (r.eof == 2) {
		out_flush();
		bb_simple_perror_msg_and_die(path);
	}
	G.malformed += r.bad + (fn(NULL, ctx) != 0);
	close(fd);
	if (G.malformed) {
		char msg[NET_PATH_SIZE + 48], num[24];
		strcpy(msg, path);
		strcat(msg, ": skipped malformed lines: ");
		strcat(msg, fmt_ulong(num, G.malformed));
		out_flush();
		bb_simple_error_msg(msg);
	}
}

/* ------------------------------------------------------------------ */
/* Field parsers: small, strict, and each returns the cursor after what */
/* it read, or NULL.                                                   */

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* 1 to maxdigits hex digits */
static const char *parse_hex(const char *p, unsigned maxdigits, unsigned long long *val)
{
	unsigned long long v = 0;
	unsigned n = 0;
	int d;

	*val = 0;	/* set on every path, errors too */
	while ((d = hex_digit(*p)) >= 0) {
		if (++n > maxdigits)
			return NULL;
		v = v << 4 | (unsigned)d;
		p++;
	}
	*val = v;
	return n ? p : NULL;
}

/* decimal, at most 20 digits, no overflow */
static const char *parse_dec(const char *p, unsigned long long *val)
{
	unsigned long long v = 0;
	const char *start = p;

	while (*p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		/* (constants only: no 64-bit division on a 32-bit CPU) */
		if (v > ULLONG_MAX / 10 || (v == ULLONG_MAX / 10 && d > ULLONG_MAX % 10)) {
			p = start;	/* overflow: an error, *val still set */
			break;
		}
		v = v * 10 + d;
		p++;
	}
	*val = v;
	return p != start ? p : NULL;
}

/* Whitespace, then decimal */
static const char *next_dec(const char *p, unsigned long long *val)
{
	return parse_dec(skip_blanks(p), val);
}

/* Whitespace, then hex */
static const char *next_hex(const char *p, unsigned maxdigits, unsigned long long *val)
{
	return parse_hex(skip_blanks(p), maxdigits, val);
}

static const char *expect(const char *p, char c)
{
	return p && *p == c ? p + 1 : NULL;
}

/*
 * An address as the kernel prints it: 8 hex digits for IPv4, 32 for
 * IPv6, each group of 8 being one 32-bit word in host byte order
 * (the kernel prints the words of in6_addr with %08X).
 */
static const char *parse_addr(const char *p, unsigned words, uint8_t *addr)
{
	unsigned i;

	for (i = 0; i < words; i++) {
		uint32_t w = 0;
		unsigned j;
		for (j = 0; j < 8; j++) {
			int d = hex_digit(*p++);
			if (d < 0)
				return NULL;
			w = w << 4 | (unsigned)d;
		}
		memcpy(addr + 4 * i, &w, 4);
	}
	return hex_digit(*p) < 0 ? p : NULL;
}

/* The field parsers below pass NULL through, so that the fields of a
 * line read as one chain, tested once at its end. */

/* Blanks, then n bytes as 2n hex digits, first byte first (the
 * kernel's "%pi6") */
static const char *next_bytes(const char *p, unsigned n, uint8_t *out)
{
	if (!p)
		return NULL;
	p = skip_blanks(p);
	while (n--) {
		int hi = hex_digit(p[0]), lo;

		if (hi < 0 || (lo = hex_digit(p[1])) < 0)
			return NULL;
		*out++ = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	return hex_digit(*p) < 0 ? p : NULL;
}

/* Blanks, then a word into buf[size]: sscanf's "%15s" for a buf of 16,
 * but a longer word is an error rather than two fields */
static const char *next_word(const char *p, char *buf, size_t size)
{
	size_t n = 0;

	if (!p)
		return NULL;
	p = skip_blanks(p);
	while (p[n] && p[n] != ' ' && p[n] != '\t')
		n++;
	if (n == 0 || n >= size)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return p + n;
}

/* sscanf's "%d" as net-tools reads the kernel's %d and %u columns:
 * an optional '-', decimal, kept modulo 2^32 (4294967295 is -1). */
static const char *next_int(const char *p, long long *val)
{
	unsigned long long v;
	int neg;

	*val = 0;
	if (!p)
		return NULL;
	p = skip_blanks(p);
	neg = (*p == '-');
	p = parse_dec(p + neg, &v);
	*val = (int32_t)(uint32_t)(neg ? 0 - v : v);
	return p;
}

/* Blanks, then an address as parse_addr() reads it */
static const char *next_addr(const char *p, unsigned words, uint8_t *addr)
{
	return p ? parse_addr(skip_blanks(p), words, addr) : NULL;
}

/* next_hex(), passing NULL through */
static const char *next_hex_field(const char *p, unsigned maxdigits, unsigned long long *val)
{
	*val = 0;
	return p ? next_hex(p, maxdigits, val) : NULL;
}

/* One line of /proc/net/{tcp,udp,udplite,raw}{,6}. */
struct inet_row {
	uint8_t local[16], remote[16];
	unsigned long long lport, rport;
	unsigned long long state;
	unsigned long long txq, rxq;
	unsigned long long timer, when, retr;
	unsigned long long uid, timeout, inode;
	uint8_t is6;
};

/*
 * "  12: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000
 *  00000000     0        0 12345 ..." (net/ipv4/tcp_ipv4.c get_tcp4_sock)
 * Returns 0, or -1 for a malformed line. What follows the inode
 * differs between tables and is ignored.
 */
static int parse_inet_line(const char *p, unsigned words, int head_only, struct inet_row *row)
{
	unsigned long long sl;

	memset(row, 0, sizeof(*row));
	row->is6 = (words == 4);
	p = expect(next_dec(p, &sl), ':');
	if (p)
		p = parse_addr(skip_blanks(p), words, row->local);
	p = expect(p, ':');
	if (p)
		p = parse_hex(p, 4, &row->lport);
	if (p)
		p = parse_addr(skip_blanks(p), words, row->remote);
	p = expect(p, ':');
	if (p)
		p = parse_hex(p, 4, &row->rport);
	if (p)
		p = next_hex(p, 2, &row->state);
	/* Counting (-S, -G) reads no further than the state: a quarter of
	 * the line, and most of the user time of a count */
	if (p && head_only)
		return *p == ' ' ? 0 : -1;
	if (p)
		p = expect(next_hex(p, 8, &row->txq), ':');
	if (p)
		p = parse_hex(p, 8, &row->rxq);
	if (p)
		p = expect(next_hex(p, 2, &row->timer), ':');
	if (p)
		p = parse_hex(p, 16, &row->when);
	if (p)
		p = next_hex(p, 8, &row->retr);
	if (p)
		p = next_dec(p, &row->uid);
	if (p)
		p = next_dec(p, &row->timeout);
	if (p)
		p = next_dec(p, &row->inode);
	if (!p || (*p != ' ' && *p != '\0'))
		return -1;
	return 0;
}

/* One line of /proc/net/unix (net/unix/af_unix.c unix_seq_show):
 * "%pK: %08X %08X %08X %04X %02X %5lu" then " PATH" if bound. */
struct unix_row {
	unsigned long long refcnt, proto, flags, type, state, inode;
	const char *path;	/* points into the line; "" if unbound */
	size_t path_len;
	uint8_t bound;		/* the kernel wrote " PATH" */
};

static int parse_unix_line(const char *p, struct unix_row *row)
{
	unsigned long long addr;

	memset(row, 0, sizeof(*row));
	p = expect(parse_hex(p, 16, &addr), ':');
	if (p)
		p = next_hex(p, 8, &row->refcnt);
	if (p)
		p = next_hex(p, 8, &row->proto);
	if (p)
		p = next_hex(p, 8, &row->flags);
	if (p)
		p = next_hex(p, 4, &row->type);
	if (p)
		p = next_hex(p, 2, &row->state);
	if (p)
		p = next_dec(p, &row->inode);
	if (!p || (*p != ' ' && *p != '\0'))
		return -1;
	/* The kernel writes one space, then the path byte for byte:
	 * blanks, and newlines (see unix_table) included. */
	row->bound = (*p == ' ');
	row->path = p + row->bound;
	row->path_len = strlen(row->path);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Addresses as glibc's inet_ntop and net-tools print them.            */

static char *put_hex16(char *p, unsigned v)
{
	int shift = 12;

	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 15];
	return p;
}

static char *put_ipv4(char *p, const uint8_t *a)
{
	unsigned i;

	for (i = 0; i < 4; i++) {
		char buf[24];
		char *d = fmt_ulong(buf, a[i]);
		if (i)
			*p++ = '.';
		while (*d)
			*p++ = *d++;
	}
	*p = '\0';
	return p;
}

/* glibc's inet_ntop6: the first longest run of two or more zero words
 * becomes "::"; ::a.b.c.d and ::ffff:a.b.c.d keep the dotted quad. */
static void fmt_ipv6(char *p, const uint8_t *a)
{
	unsigned w[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0, i;

	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			if (++cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0
		 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			put_ipv4(p, a + 12);
			return;
		}
		p = put_hex16(p, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	*p = '\0';
}

static int is_v4mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff };
	return memcmp(a, prefix, 12) == 0;
}

static int is_zero(const uint8_t *a, unsigned n)
{
	while (n--)
		if (*a++)
			return 0;
	return 1;
}

/* net-tools' fix_v4_address (lib/inet6.c): for a v4-mapped address,
 * drop what precedes the dotted quad: "::ffff:1.2.3.4" -> "1.2.3.4". */
static const char *fix_v4_address(const char *s, const uint8_t *a)
{
	const char *dot;

	if (!is_v4mapped(a) || !(dot = strchr(s, '.')))
		return s;
	while (dot > s && *dot != ':')
		dot--;
	return *dot == ':' ? dot + 1 : s;
}

/* ------------------------------------------------------------------ */
/* Memory: mappings that grow with what is found, and a sort          */

/* Memory that grows with what is found (names, the -p table, the -G
 * table): anonymous mappings, so no malloc (8 KiB of musl) is linked. */
static void *map_bytes(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		bb_simple_error_msg_and_die("out of memory");
	return p;	/* zero-filled, and untouched until written */
}

static void unmap(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

/* Grows a table by doubling (mremap, which may move it): the number of
 * calls grows with the log of the number of entries, never one per
 * socket. */
static void *grow(void *p, unsigned *cap, unsigned need, size_t size)
{
	unsigned old = *cap;

	if (need <= old)
		return p;
	*cap = old ? old * 2 : 256;
	if (*cap < need)
		*cap = need;
	if (!p)
		return map_bytes((size_t)*cap * size);
	p = mremap(p, (size_t)old * size, (size_t)*cap * size, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		bb_simple_error_msg_and_die("out of memory");
	return p;
}

/* A shell sort with qsort()'s arguments, for elements of up to 128
 * bytes (qsort would be 2 KiB of libc): the -G keys, the interfaces */
enum { SORT_ELEMENT_MAX = 128 };
static void shell_sort(void *base, size_t n, size_t size,
		int (*cmp)(const void *, const void *))
{
	char *a = base, v[SORT_ELEMENT_MAX];
	size_t gap, i, j;

	for (gap = n; gap > 1; ) {
		gap = gap < 5 ? 1 : gap * 5 / 11;
		for (i = gap; i < n; i++) {
			memcpy(v, a + i * size, size);
			for (j = i; j >= gap && cmp(a + (j - gap) * size, v) > 0; j -= gap)
				memcpy(a + j * size, a + (j - gap) * size, size);
			memcpy(a + j * size, v, size);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Name resolution: hosts, services, users, each looked up once.       */

enum { NAME_HOST4, NAME_HOST6, NAME_TCP, NAME_UDP, NAME_RAW, NAME_USER };

struct name_cache {
	uint32_t name;		/* offset into G.names, +1; 0 = free */
	uint8_t kind;
	uint8_t key[16];
};

struct service {
	uint32_t name;		/* offset into G.names */
	uint16_t port;
	uint8_t kind;		/* NAME_TCP, NAME_UDP, NAME_RAW */
};

static uint32_t cache_hash(unsigned kind, const uint8_t *key)
{
	uint32_t h = 2166136261u ^ kind;	/* FNV-1a */
	unsigned i;

	for (i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

static uint32_t names_add(const char *s, size_t n)
{
	uint32_t off;

	G.names = grow(G.names, &G.names_size, (unsigned)(G.names_len + n + 1), 1);
	off = (uint32_t)G.names_len;
	memcpy(G.names + off, s, n);
	G.names[off + n] = '\0';
	G.names_len += n + 1;
	return off;
}

static struct name_cache *cache_slot(unsigned kind, const uint8_t *key)
{
	uint32_t i = cache_hash(kind, key);

	for (;; i++) {
		struct name_cache *c = &G.cache[i & (G.cache_size - 1)];
		if (!c->name || (c->kind == kind && !memcmp(c->key, key, 16)))
			return c;
	}
}

static const char *cache_get(unsigned kind, const uint8_t *key)
{
	struct name_cache *c;

	if (!G.cache)
		return NULL;
	c = cache_slot(kind, key);
	return c->name ? G.names + c->name - 1 : NULL;
}

/* Kept at most half full; grows by doubling, so the number of
 * allocations grows with the log of the distinct names. Returns the
 * cache's copy of the name. */
static const char *cache_put(unsigned kind, const uint8_t *key, const char *name)
{
	struct name_cache *c;

	if (2 * (G.cache_used + 1) > G.cache_size) {
		struct name_cache *old = G.cache;
		unsigned i, old_size = G.cache_size;

		G.cache_size = old_size ? old_size * 2 : 256;
		G.cache = map_bytes(G.cache_size * sizeof(*G.cache));
		for (i = 0; i < old_size; i++)
			if (old[i].name)
				*cache_slot(old[i].kind, old[i].key) = old[i];
		unmap(old, old_size * sizeof(*old));
	}
	c = cache_slot(kind, key);
	c->kind = (uint8_t)kind;
	memcpy(c->key, key, 16);
	c->name = names_add(name, strlen(name)) + 1;
	G.cache_used++;
	return G.names + c->name - 1;
}

/* Whitespace-separated fields of a line; '#' starts a comment. */
static unsigned split_fields(char *line, char **field, unsigned max)
{
	unsigned n = 0;
	char *p = strchr(line, '#');

	if (p)
		*p = '\0';
	p = line;
	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		field[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int open_config(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC);
}

/*
 * An /etc file's reader: glibc reads its lines whatever their length (a
 * hosts line with hundreds of aliases, a passwd line with a long GECOS
 * field), and every reader here needs only the first fields of a line.
 * So a line longer than the buffer gives its head, cut after the last
 * blank or ':' (no field is cut in two), and the rest is dropped.
 */
static void etc_reader_init(struct reader *r, int fd, char *buf, unsigned size)
{
	reader_init(r, fd, buf, size);
	r->keep_head = 1;
}

/* /etc/services ("name port/proto aliases") and /etc/protocols ("name
 * number aliases"), loaded once, as net-tools' read_services() does. */
/* One file: is_protocols for /etc/protocols */
static void services_scan(int fd, int is_protocols)
{
	char buf[1024];
	struct reader r;
	char *line;

	etc_reader_init(&r, fd, buf, sizeof(buf) - 1);
	while ((line = read_line(&r)) != NULL) {
		char *field[2], *slash;
		unsigned long long port;
		struct service *s;
		unsigned kind = NAME_RAW;
		const char *end;

		if (split_fields(line, field, 2) < 2)
			continue;
		slash = strchr(field[1], '/');
		if (!is_protocols) {
			if (!slash)
				continue;
			*slash++ = '\0';
			if (!strcmp(slash, "tcp"))
				kind = NAME_TCP;
			else if (!strcmp(slash, "udp"))
				kind = NAME_UDP;
			else if (strcmp(slash, "raw"))
				continue;
		}
		end = parse_dec(field[1], &port);
		if (!end || *end || port > 0xffff)
			continue;
		G.services = grow(G.services, &G.services_cap, G.n_services + 1, sizeof(*s));
		s = &G.services[G.n_services++];
		s->port = (uint16_t)port;
		s->kind = (uint8_t)kind;
		s->name = names_add(field[0], strlen(field[0]));
	}
}

static void load_services(void)
{
	static const char files[2][16] = { "/etc/services", "/etc/protocols" };
	unsigned f;

	G.services_loaded = 1;
	for (f = 0; f < 2; f++) {
		int fd = open_config(files[f]);
		if (fd >= 0) {
			services_scan(fd, f);
			close(fd);
		}
	}
}

/* net-tools prepends each entry to a list, so the last one in the file
 * wins, and /etc/protocols names win over "raw" services. */
static const char *service_name(unsigned kind, unsigned port)
{
	unsigned i;

	if (!G.services_loaded)
		load_services();
	for (i = G.n_services; i--; )
		if (G.services[i].port == port && G.services[i].kind == kind)
			return G.names + G.services[i].name;
	return NULL;
}

/* glibc's files backend for gethostbyaddr(): the first line whose
 * address equals the query wins. An IPv4 query also matches IPv6
 * entries for ::ffff:a.b.c.d, and "::1" as 127.0.0.1; an IPv6 query
 * (a v4-mapped one too) matches only IPv6 entries. */
static int hosts_scan(int fd, const uint8_t *addr, int is6, char *name, size_t size)
{
	char buf[1024];
	struct reader r;
	char *line;
	int found = 0;

	etc_reader_init(&r, fd, buf, sizeof(buf) - 1);
	while (!found && (line = read_line(&r)) != NULL) {
		char *field[2];
		uint8_t a[16];

		if (split_fields(line, field, 2) < 2)
			continue;
		if (is6) {
			if (inet_pton(AF_INET6, field[0], a) <= 0
			 || memcmp(a, addr, 16))
				continue;
		} else if (inet_pton(AF_INET, field[0], a) <= 0) {
			static const uint8_t loop4[4] = { 127, 0, 0, 1 };
			if (inet_pton(AF_INET6, field[0], a) <= 0)
				continue;
			if (is_v4mapped(a))
				memmove(a, a + 12, 4);
			else if (is_zero(a, 15) && a[15] == 1)
				memcpy(a, loop4, 4);
			else
				continue;
		}
		if (!is6 && memcmp(a, addr, 4))
			continue;
		escape_into(name, size, field[1], strlen(field[1]));
		found = 1;
	}
	return found;
}

static int hosts_lookup(const uint8_t *addr, int is6, char *name, size_t size)
{
	int found, fd = open_config("/etc/hosts");

	if (fd < 0)
		return 0;
	found = hosts_scan(fd, addr, is6, name, size);
	close(fd);
	return found;
}

/*
 * DNS: a PTR query of our own over a connected UDP socket, to each
 * nameserver of /etc/resolv.conf in turn (127.0.0.1 if none), one try
 * each. Connected, an unreachable or closed server is known at once
 * (ICMP), where a resolver on an unconnected socket waits out its
 * timeout. Once no server answers, DNS is not asked again in this run,
 * so an unreachable DNS costs one timeout at most; and all waiting on
 * DNS in one run is at most DNS_RUN_MS (a server that answers each
 * query just in time would cost DNS_TIMEOUT_MS per address), after
 * which the rest is numeric, said once on stderr.
 * A reply counts only if it answers our question (glibc's
 * res_queriesmatch(): its ID, then the question's name, type and class)
 * and only records owned by that name count (glibc's getanswer_ptr(),
 * following a CNAME as RFC 2317 delegations use); other datagrams are
 * strays and the wait goes on.
 */
enum {
	DNS_TIMEOUT_MS = 2000, DNS_RUN_MS = 5000, DNS_MAX_SERVERS = 3,
	DNS_PORT = 53, DNS_NAME_SIZE = 256,
	DNS_TYPE_CNAME = 5, DNS_TYPE_PTR = 12, DNS_CLASS_IN = 1,
};
#ifndef SYS_getrandom
# define SYS_getrandom -1	/* headers older than Linux 3.17: ENOSYS */
#endif

struct dns_server {
	uint8_t addr[16];
	uint8_t is6;
};

/* The nameserver lines of resolv.conf, at most DNS_MAX_SERVERS */
static unsigned nameservers_scan(int fd, struct dns_server *srv)
{
	char buf[512];
	struct reader r;
	char *line;
	unsigned n = 0;

	etc_reader_init(&r, fd, buf, sizeof(buf) - 1);
	while (n < DNS_MAX_SERVERS && (line = read_line(&r)) != NULL) {
		char *field[2];
		if (split_fields(line, field, 2) < 2 || strcmp(field[0], "nameserver"))
			continue;
		if (inet_pton(AF_INET, field[1], srv[n].addr) > 0)
			srv[n++].is6 = 0;
		else if (inet_pton(AF_INET6, field[1], srv[n].addr) > 0)
			srv[n++].is6 = 1;
	}
	return n;
}

static unsigned read_nameservers(struct dns_server *srv)
{
	unsigned n = 0;
	int fd = open_config("/etc/resolv.conf");

	if (fd >= 0) {
		n = nameservers_scan(fd, srv);
		close(fd);
	}
	if (n == 0) {
		static const uint8_t lo[4] = { 127, 0, 0, 1 };
		memcpy(srv[0].addr, lo, 4);
		srv[0].is6 = 0;
		n = 1;
	}
	return n;
}

/* glibc's __res_binary_hnok(): a PTR answer is used only if it is a
 * host name, letters, digits, '-' and '_', the first label not starting
 * with '-'; anything else is no answer (and the address prints as
 * numbers, as in net-tools). */
static int hostname_label(const uint8_t *p, unsigned len, int first)
{
	if (first && p[0] == '-')
		return 0;
	while (len--) {
		uint8_t c = *p++;
		if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		 || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* The name at msg[off] into out (dotted, at most size - 1 bytes;
 * host name labels only, see hostname_label()),
 * following compression pointers; the offset after the name in the
 * record, or -1 for a name that runs off the message or loops. */
static int dns_name(const uint8_t *msg, int len, int off, char *out, size_t size)
{
	int end = -1, hops = 0;
	size_t n = 0;

	for (;;) {
		unsigned c;

		if (off >= len)
			return -1;
		c = msg[off];
		if (c == 0) {
			if (end < 0)
				end = off + 1;
			break;
		}
		if ((c & 0xc0) == 0xc0) {
			if (off + 1 >= len || ++hops > 64)
				return -1;
			if (end < 0)
				end = off + 2;
			off = (int)((c & 0x3f) << 8 | msg[off + 1]);
			continue;
		}
		if (c & 0xc0 || off + 1 + (int)c > len)
			return -1;
		if (out) {
			if (n + c + 2 > size || !hostname_label(msg + off + 1, c, n == 0))
				return -1;
			if (n)
				out[n++] = '.';
			memcpy(out + n, msg + off + 1, c);
			n += c;
		}
		off += 1 + (int)c;
	}
	if (out)
		out[n] = '\0';
	return end;
}

/* A 16-bit field of a DNS message */
static unsigned dns_u16(const uint8_t *p)
{
	return (unsigned)(p[0] << 8 | p[1]);
}

/* The offset after the question of a reply to our query (ID id, the
 * one question qname, PTR, IN), or -1 for any other datagram */
static int dns_reply_question(const uint8_t *msg, int len, unsigned id, const char *qname)
{
	char name[DNS_NAME_SIZE];
	int off;

	if (len < 12 || dns_u16(msg) != id || !(msg[2] & 0x80) || dns_u16(msg + 4) != 1)
		return -1;
	off = dns_name(msg, len, 12, name, sizeof(name));
	if (off < 0 || off + 4 > len || strcasecmp(name, qname) != 0
	 || dns_u16(msg + off) != DNS_TYPE_PTR || dns_u16(msg + off + 2) != DNS_CLASS_IN)
		return -1;
	return off + 4;
}

/* The first PTR name owned by qname (or by the CNAME it leads to) in
 * the answers that follow the question at off, or 0 */
static int dns_parse_ptr(const uint8_t *msg, int len, int off, const char *qname,
		char *name, size_t size)
{
	char owner[DNS_NAME_SIZE], want[DNS_NAME_SIZE], host[DNS_NAME_SIZE];
	unsigned an = dns_u16(msg + 6);

	if ((msg[3] & 0x0f) != 0)	/* RCODE: NXDOMAIN, SERVFAIL... */
		return 0;
	strcpy(want, qname);
	while (an--) {
		unsigned type, class, rdlen;
		int mine;

		off = dns_name(msg, len, off, owner, sizeof(owner));
		if (off < 0 || off + 10 > len)
			return 0;
		type = dns_u16(msg + off);
		class = dns_u16(msg + off + 2);
		rdlen = dns_u16(msg + off + 8);
		off += 10;
		if (off + (int)rdlen > len)
			return 0;
		mine = class == DNS_CLASS_IN && strcasecmp(owner, want) == 0;
		if (mine && type == DNS_TYPE_CNAME && dns_name(msg, len, off, host, sizeof(host)) > 0)
			strcpy(want, host);
		if (mine && type == DNS_TYPE_PTR && dns_name(msg, len, off, host, sizeof(host)) > 0) {
			escape_into(name, size, host, strlen(host));
			return 1;
		}
		off += (int)rdlen;
	}
	return 0;
}

/* A query ID no one on the path can guess: getrandom(2); where that
 * fails, the clock and a count still differ from query to query */
static unsigned dns_query_id(void)
{
	uint16_t id;
	struct timespec ts;

	if (syscall(SYS_getrandom, &id, sizeof(id), 1 /* GRND_NONBLOCK */) == (long)sizeof(id))
		return id;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((unsigned)ts.tv_nsec ^ (unsigned)getpid() << 5 ^ ++G.dns_queries * 0x9e37u) & 0xffff;
}

/* poll() for a reply within this run's DNS time; 0 when none came */
static int dns_wait(struct pollfd *pfd)
{
	unsigned long long start = monotonic_ms();
	unsigned left = DNS_RUN_MS - G.dns_waited_ms;
	int ready = poll(pfd, 1, left < DNS_TIMEOUT_MS ? (int)left : DNS_TIMEOUT_MS);

	G.dns_waited_ms += (unsigned)(monotonic_ms() - start);
	if (G.dns_waited_ms >= DNS_RUN_MS && !G.dns_down) {
		G.dns_down = 1;
		bb_simple_error_msg("DNS: 5 s spent in this run, the other addresses are numeric");
	}
	return ready == 1;
}

/* The PTR query for addr, as glibc's dns backend asks it: v4-mapped
 * addresses under in-addr.arpa. Returns its length. */
static int dns_ptr_query(uint8_t *q, unsigned id, const uint8_t *addr, int is6)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t *p = q + 12;
	int i;

	memset(q, 0, 12);
	q[0] = (uint8_t)(id >> 8);
	q[1] = (uint8_t)id;
	q[2] = 0x01;		/* recursion desired */
	q[5] = 1;		/* one question */
	if (is6 && is_v4mapped(addr)) {
		addr += 12;
		is6 = 0;
	}
	if (is6) {
		for (i = 15; i >= 0; i--) {
			*p++ = 1;
			*p++ = (uint8_t)hex[addr[i] & 15];
			*p++ = 1;
			*p++ = (uint8_t)hex[addr[i] >> 4];
		}
		memcpy(p, "\3ip6\4arpa", 10);
		p += 10;
	} else {
		for (i = 3; i >= 0; i--) {
			char buf[24], *d = fmt_ulong(buf, addr[i]);
			*p = (uint8_t)strlen(d);
			memcpy(p + 1, d, *p);
			p += 1 + *p;
		}
		memcpy(p, "\7in-addr\4arpa", 14);
		p += 14;
	}
	memcpy(p, "\0\14\0\1", 4);	/* type PTR, class IN */
	return (int)(p + 4 - q);
}

static int dns_lookup(const uint8_t *addr, int is6, char *name, size_t size)
{
	struct dns_server srv[DNS_MAX_SERVERS];
	uint8_t query[300], reply[1024];
	char qname[DNS_NAME_SIZE];
	unsigned i, n, id;
	int qlen, answered = 0;

	if (G.dns_down)
		return 0;
	id = dns_query_id();
	qlen = dns_ptr_query(query, id, addr, is6);
	dns_name(query, qlen, 12, qname, sizeof(qname));
	n = read_nameservers(srv);
	for (i = 0; i < n; i++) {
		union {
			struct sockaddr sa;
			struct sockaddr_in in;
			struct sockaddr_in6 in6;
		} sa;
		struct pollfd pfd;
		socklen_t salen;
		int len, fd;

		memset(&sa, 0, sizeof(sa));
		if (srv[i].is6) {
			sa.in6.sin6_family = AF_INET6;
			sa.in6.sin6_port = htons(DNS_PORT);
			memcpy(&sa.in6.sin6_addr, srv[i].addr, 16);
			salen = sizeof(sa.in6);
		} else {
			sa.in.sin_family = AF_INET;
			sa.in.sin_port = htons(DNS_PORT);
			memcpy(&sa.in.sin_addr, srv[i].addr, 4);
			salen = sizeof(sa.in);
		}
		fd = socket(sa.sa.sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		if (connect(fd, &sa.sa, salen) == 0 && send(fd, query, (size_t)qlen, 0) == qlen) {
			pfd.fd = fd;
			pfd.events = POLLIN;
			/* a stray datagram is read and the wait goes on */
			while (dns_wait(&pfd) && (len = (int)recv(fd, reply, sizeof(reply), 0)) >= 0) {
				int off = dns_reply_question(reply, len, id, qname);
				if (off < 0)
					continue;
				answered = 1;
				if (dns_parse_ptr(reply, len, off, qname, name, size)) {
					close(fd);
					return 1;
				}
				break;
			}
		}
		close(fd);
		if (answered || G.dns_down)
			return 0;	/* the server said: no name; or time is up */
	}
	G.dns_down = 1;
	return 0;
}

/* The first name of a uid in /etc/passwd, as getpwuid() gives it. */
static int passwd_scan(int fd, unsigned long long uid, char *name, size_t size)
{
	char buf[1024];
	struct reader r;
	char *line;
	int found = 0;

	etc_reader_init(&r, fd, buf, sizeof(buf) - 1);
	while (!found && (line = read_line(&r)) != NULL) {
		char *colon1 = strchr(line, ':');
		char *colon2 = colon1 ? strchr(colon1 + 1, ':') : NULL;
		unsigned long long u;
		const char *end;

		if (!colon2 || colon1 == line)
			continue;
		end = parse_dec(colon2 + 1, &u);
		if (!end || *end != ':' || u != uid)
			continue;
		escape_into(name, size, line, (size_t)(colon1 - line));
		found = 1;
	}
	return found;
}

static int passwd_lookup(unsigned long long uid, char *name, size_t size)
{
	int found, fd = open_config("/etc/passwd");

	if (fd < 0)
		return 0;
	found = passwd_scan(fd, uid, name, size);
	close(fd);
	return found;
}

/* An address in numbers, into buf[NAMEBUF_SIZE] */
static const char *host_numbers(char *buf, const uint8_t *addr, int is6)
{
	if (!is6) {
		put_ipv4(buf, addr);
		return buf;
	}
	fmt_ipv6(buf, addr);
	return fix_v4_address(buf, addr);
}

/*
 * The host part of an address, into buf[NAMEBUF_SIZE]: a name from
 * /etc/hosts or DNS, looked up once, else the numbers (getnameinfo()
 * without NI_NAMEREQD). net-tools takes IPv4 addresses whose first byte
 * is 0 for networks (lib/inet.c, on little-endian machines): 0.0.0.0 is
 * never looked up; nor is [::].
 */
static const char *host_str(char *buf, const uint8_t *addr, int is6)
{
	unsigned kind = is6 ? NAME_HOST6 : NAME_HOST4;
	uint8_t key[16] = { 0 };
	const char *name;

	if (!ENABLE_FEATURE_NETSTAT_RESOLVE || (G.numeric & NUM_HOST)
	 || (!is6 && addr[0] == 0))
		return host_numbers(buf, addr, is6);
	if (is6 && is_zero(addr, 16))
		return "[::]";
	memcpy(key, addr, is6 ? 16 : 4);
	name = cache_get(kind, key);
	if (!name) {
		if (!hosts_lookup(addr, is6, buf, NAMEBUF_SIZE)
		 && !dns_lookup(addr, is6, buf, NAMEBUF_SIZE))
			host_numbers(buf, addr, is6);
		cache_put(kind, key, buf);
		name = buf;
	}
	return is6 ? fix_v4_address(name, addr) : name;
}

/* The port part, into buf[24]: "*" for 0, else a name or the number.
 * UDP-Lite looks up udp names, as net-tools does. */
static const char *port_str(char *buf, unsigned port, unsigned kind)
{
	if (port == 0)
		return "*";
	if (ENABLE_FEATURE_NETSTAT_RESOLVE && !(G.numeric & NUM_PORT)) {
		static const uint8_t name_kind[] = {
			[KIND_TCP] = NAME_TCP, [KIND_UDP] = NAME_UDP,
			[KIND_UDPLITE] = NAME_UDP, [KIND_RAW] = NAME_RAW,
		};
		const char *name = service_name(name_kind[kind], port);
		if (name)
			return name;
	}
	return fmt_ulong(buf, port);
}

/*
 * "host:port" as net-tools' addr_do_one builds it: unless -W, a pair
 * longer than 22 characters keeps at most 18 of the port and cuts the
 * host so that the whole is 23 ("a-very-long-hostn:50625").
 */
static void join_host_port(char *out, const char *host, const char *port)
{
	size_t hlen = strlen(host), plen = strlen(port);

	if (!(G.opt & OPT_W) && hlen + plen > 22) {
		if (plen > 18)
			plen = 18;
		if (hlen > 22 - plen)
			hlen = 22 - plen;
	}
	memcpy(out, host, hlen);
	out[hlen] = ':';
	memcpy(out + hlen + 1, port, plen);
	out[hlen + 1 + plen] = '\0';
}

static void addr_str(char *out, const uint8_t *addr, int is6,
		unsigned port, unsigned kind)
{
	char hostbuf[NAMEBUF_SIZE], portbuf[24];

	join_host_port(out, host_str(hostbuf, addr, is6),
			port_str(portbuf, port, kind));
}

/* ------------------------------------------------------------------ */
/* -p: one scan of /proc/PID/fd                                        */

/* A directory read with getdents64 into a buffer of our own: opendir()
 * would bring malloc in */
struct dir_reader {
	int fd, len, pos;
	uint64_t buf[256];	/* 2 KiB, aligned for linux_dirent64 */
};

struct linux_dirent64_ {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static const char *next_name(struct dir_reader *d)
{
	const struct linux_dirent64_ *e;

	while (d->pos >= d->len) {
		d->len = (int)syscall(SYS_getdents64, d->fd, d->buf, sizeof(d->buf));
		d->pos = 0;
		if (d->len <= 0)
			return NULL;
	}
	e = (const struct linux_dirent64_ *)((const char *)d->buf + d->pos);
	d->pos += e->d_reclen;
	return e->d_name;
}

/* "socket:[12345]", or "[0000]:12345" from kernels before 2.4 */
static int socket_inode(const char *link, unsigned long long *inode)
{
	const char *end;

	if (!strncmp(link, "socket:[", 8)) {
		end = parse_dec(link + 8, inode);
		return end && end[0] == ']' && end[1] == '\0';
	}
	if (!strncmp(link, "[0000]:", 7)) {
		end = parse_dec(link + 7, inode);
		return end && *end == '\0';
	}
	return 0;
}


/* net-tools' cell: "PID/" then argv[0] from /proc/PID/cmdline (at most
 * 511 bytes read), its basename only if it starts with '/'; at most 19
 * bytes in all. */
/* The cell from a pid and the first bytes of its cmdline */
static void prg_cell(const char *pid, char *cmdline, size_t n, char *out)
{
	const char *name = cmdline, *slash;
	size_t len, copied;

	cmdline[n] = '\0';
	if (cmdline[0] == '/' && (slash = strrchr(cmdline, '/')) != NULL)
		name = slash + 1;
	len = strlen(pid);
	if (len > PRG_NAME_SIZE - 2)
		len = PRG_NAME_SIZE - 2;
	memcpy(out, pid, len);
	out[len++] = '/';
	copied = strlen(name);
	if (copied > PRG_NAME_SIZE - 1 - len)
		copied = PRG_NAME_SIZE - 1 - len;
	memcpy(out + len, name, copied);
	out[len + copied] = '\0';
}

static int prg_name(int proc_fd, const char *pid, char *out)
{
	char path[32], cmdline[512];
	ssize_t n;
	int fd;

	strcpy(path, pid);
	strcat(path, "/cmdline");
	fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = safe_read(fd, cmdline, sizeof(cmdline) - 1);
	close(fd);
	if (n < 0)
		return 0;
	prg_cell(pid, cmdline, (size_t)n, out);
	return 1;
}

/* The network namespace inode of PID/ns/net under proc_fd (or of
 * DIR/ns/net with AT_FDCWD and a path), or 0 with errno (--netns) */
static uint32_t netns_of(int proc_fd, const char *pid)
{
	char path[40], link[32];
	unsigned long long ino = 0;
	ssize_t n;

	strcpy(path, pid);
	strcat(path, "/ns/net");
	/* "net:[4026531840]": the inode, without stat()'s libc code */
	n = readlinkat(proc_fd, path, link, sizeof(link) - 1);
	if (n > 5 && !memcmp(link, "net:[", 5)) {
		link[n] = '\0';
		parse_dec(link + 5, &ino);
	} else if (n >= 0) {
		errno = EINVAL;
	}
	return (uint32_t)ino;
}

static uint32_t inode_hash(unsigned long long inode)
{
	uint64_t h = (uint64_t)inode * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

/*
 * Every socket fd of every process, in /proc's order; the first process
 * found holding a socket owns it, as in net-tools. Processes that exit
 * during the scan are skipped. Then one hash table of 2 to 4 slots per
 * socket: 16 bytes per entry plus at most 16 of table, 32 bytes per
 * socket, and PRG_NAME_SIZE bytes per process holding sockets.
 */
static void prg_load(void)
{
	struct dir_reader proc;
	const char *pid;
	int eacces = 0;
	unsigned i, size;

	G.prg_loaded = 1;
	G.prg_n = G.prg_n_names = 0;
	proc.fd = open(G.proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	proc.len = proc.pos = 0;
	while (proc.fd >= 0 && (pid = next_name(&proc)) != NULL) {
		char path[32];
		const char *c, *fd_name;
		int named = 0;
		struct dir_reader fds;

		for (c = pid; *c >= '0' && *c <= '9'; c++)
			continue;
		if (*c || c == pid || c - pid > 20)
			continue;
		/* --netns: only the namespace's own processes, and none we
		 * cannot tell */
		if (ENABLE_FEATURE_NETSTAT_NETNS && G.netns_ino) {
			uint32_t ino = netns_of(proc.fd, pid);
			if (ino != G.netns_ino) {
				eacces |= !ino && (errno == EACCES || errno == EPERM);
				continue;
			}
		}
		strcpy(path, pid);
		strcat(path, "/fd");
		fds.fd = openat(proc.fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		fds.len = fds.pos = 0;
		if (fds.fd < 0) {
			if (errno == EACCES)
				eacces = 1;
			continue;
		}
		while ((fd_name = next_name(&fds)) != NULL) {
			char link[30];
			unsigned long long inode;
			ssize_t n;

			if (fd_name[0] < '0' || fd_name[0] > '9')
				continue;
			n = readlinkat(fds.fd, fd_name, link, sizeof(link) - 1);
			if (n < 0)
				continue;
			link[n] = '\0';
			if (!socket_inode(link, &inode))
				continue;
			if (!named) {
				G.prg_names = grow(G.prg_names, &G.prg_cap_names,
						G.prg_n_names + 1, sizeof(G.prg_names[0]));
				if (!prg_name(proc.fd, pid, G.prg_names[G.prg_n_names]))
					continue;
				named = 1;
				G.prg_n_names++;
			}
			G.prg = grow(G.prg, &G.prg_cap, G.prg_n + 1, sizeof(G.prg[0]));
			G.prg[G.prg_n].inode = inode;
			G.prg[G.prg_n++].name = G.prg_n_names - 1;
		}
		close(fds.fd);
	}
	if (proc.fd >= 0)
		close(proc.fd);

	for (size = 16; size < 2 * G.prg_n; size *= 2)
		continue;
	if (G.prg_hash)
		unmap(G.prg_hash, (G.prg_mask + 1) * sizeof(G.prg_hash[0]));
	G.prg_hash = map_bytes(size * sizeof(G.prg_hash[0]));
	G.prg_mask = size - 1;
	for (i = 0; i < G.prg_n; i++) {
		uint32_t h = inode_hash(G.prg[i].inode);
		for (;; h++) {
			uint32_t *slot = &G.prg_hash[h & G.prg_mask];
			if (*slot && G.prg[*slot - 1].inode == G.prg[i].inode)
				break;		/* a later owner: the first one stays */
			if (!*slot) {
				*slot = i + 1;
				break;
			}
		}
	}

	if (proc.fd < 0 || (eacces && !G.prg_n)) {
		char msg[96], num[24];
		strcpy(msg, "(No info could be read for \"-p\": geteuid()=");
		strcat(msg, fmt_ulong(num, geteuid()));
		strcat(msg, " but you should be root.)\n");
		full_write(STDERR_FILENO, msg, strlen(msg));
	} else if (eacces) {
		static const char msg[] =
			"(Not all processes could be identified, non-owned process info\n"
			" will not be shown, you would have to be root to see it all.)\n";
		full_write(STDERR_FILENO, msg, sizeof(msg) - 1);
	}
}


/* The owner as an index + 1 into G.prg_names (0: none, or no -p);
 * with -G prog, where the cell is counted rather than printed */
static uint32_t prg_index(unsigned long long inode)
{
	uint32_t h = inode_hash(inode);

	if (!G.prg_hash)
		return 0;
	for (;; h++) {
		uint32_t slot = G.prg_hash[h & G.prg_mask];
		if (!slot)
			return 0;
		if (G.prg[slot - 1].inode == inode)
			return G.prg[slot - 1].name + 1;
	}
}

static const char *prg_index_name(uint32_t index)
{
	return index ? G.prg_names[index - 1] : "-";
}

/* The "PID/name" cell of a socket, "-" if no process holds it */
static const char *prg_owner(unsigned long long inode)
{
	return prg_index_name(prg_index(inode));
}

/* " %-20s" of the owner, escaped: the name comes from another user */
static void out_prg_cell(unsigned long long inode)
{
	char buf[4 * PRG_NAME_SIZE + 1];
	const char *owner = prg_owner(inode);

	escape_into(buf, sizeof(buf), owner, strlen(owner));
	out_char(' ');
	out_left(buf, PRG_NAME_SIZE);
}

/* ------------------------------------------------------------------ */
/* -o: net-tools' Timer column                                         */

/* "%2.2f" of ticks / 100 (USER_HZ), exact for whole ticks */
static void out_seconds(unsigned long long ticks)
{
	out_unum(ticks / 100);
	out_char('.');
	out_char((char)('0' + ticks % 100 / 10));
	out_char((char)('0' + ticks % 10));
}

/* TCP: off, on, keepalive, timewait, probe (tcp_do_one); UDP and raw:
 * off, on1, on2 (udp_do_one, raw_do_one); else unkn-N. "(secs/retr/
 * probes)"; UDP's retr always prints 0 in net-tools. */
static void out_timer(const struct inet_row *row, unsigned kind)
{
	static const char tcp_timers[][10] = {
		"off", "on", "keepalive", "timewait", "probe",
	};

	if (row->timer == 0) {
		out_str("off (0.00/");
	} else {
		if (kind == KIND_TCP && row->timer < ARRAY_SIZE(tcp_timers)) {
			out_str(tcp_timers[row->timer]);
		} else if (kind != KIND_TCP && row->timer <= 2) {
			out_str("on");
			out_unum(row->timer);
		} else {
			out_str("unkn-");
			out_unum(row->timer);
		}
		out_str(" (");
		out_seconds(row->when);
		out_char('/');
	}
	out_unum(kind == KIND_UDP || kind == KIND_UDPLITE ? 0 : row->retr);
	out_char('/');
	out_unum(row->timeout);
	out_char(')');
}

/* -e's User: the name of uid, looked up once, or its number (into
 * num[24]) */
static const char *user_str(char *num, unsigned long long uid)
{
	char buf[NAMEBUF_SIZE];
	uint8_t key[16] = { 0 };
	const char *user;

	if (!ENABLE_FEATURE_NETSTAT_RESOLVE || (G.numeric & NUM_USER))
		return fmt_ulong(num, uid);
	memcpy(key, &uid, sizeof(uid));
	user = cache_get(NAME_USER, key);
	if (!user) {
		if (!passwd_lookup(uid, buf, sizeof(buf)))
			strcpy(buf, fmt_ulong(num, uid));
		/* the cache's copy: buf ends with this block */
		user = cache_put(NAME_USER, key, buf);
	}
	return user;
}

/* net-tools' finish_this_one: -e adds " %-10s " user and "%-10lu" inode,
 * -p " %-20s" PID/name, -o " %s" the timer */
static void out_row_end(const struct inet_row *row, unsigned kind)
{
	if (G.opt & OPT_e) {
		char num[24];

		out_char(' ');
		out_left(user_str(num, row->uid), 10);
		out_char(' ');
		out_unum_pad(row->inode, -10);
	}
	if (G.opt & OPT_p)
		out_prg_cell(row->inode);
	if (G.opt & OPT_o) {
		out_char(' ');
		out_timer(row, kind);
	}
	out_char('\n');
}

/* -p's owner in JSON: "program_name" and "pid" as jc splits the cell */
static void json_owner(unsigned long long inode)
{
	const char *owner = prg_owner(inode), *slash = strchr(owner, '/');
	unsigned long long pid;

	if (!slash || !parse_dec(owner, &pid)) {
		json_str("program_name", NULL);
		return;
	}
	json_key("program_name");
	out_quoted_raw(slash + 1, strlen(slash + 1));
	json_unum("pid", pid);
}

/* ------------------------------------------------------------------ */
/* Which sockets are shown                                             */

/* -a: every socket; -l: listening ones; else: the others. */
static int want_socket(int listening)
{
	if (G.opt & OPT_a)
		return 1;
	return !(G.opt & OPT_l) == !listening;
}

/* TCP listens with no remote port; UDP and raw "listen" when their
 * remote address is unset (net-tools' notnull()). */
static int inet_listening(const struct inet_row *row, unsigned kind)
{
	if (kind == KIND_TCP)
		return row->rport == 0;
	return is_zero(row->remote, row->is6 ? 16 : 4);
}

/* ------------------------------------------------------------------ */
/* Rows: one socket in net-tools' text                                */
/*
 * Each row is a chain of out_* calls with net-tools' printf format in a
 * comment, not out_format() (the -i, -r, -g rows'): out_format() is 445
 * bytes, and the minimal build, which has no -i, -r or -g, has less
 * than that left under its 16 KiB.
 */

/* The State column: TCP's names, UDP's ESTABLISHED or nothing, raw's
 * number (into num[24]) as net-tools prints it */
static const char *inet_state(char *num, const struct proc_table *t, const struct inet_row *row)
{
	if (t->kind == KIND_RAW)
		return fmt_ulong(num, row->state);
	if (t->kind == KIND_TCP)
		return row->state < ARRAY_SIZE(tcp_state_names)
			? tcp_state_names[row->state] : "UNKNOWN";
	if (row->state == TCP_ESTABLISHED_)
		return tcp_state_names[TCP_ESTABLISHED_];
	return row->state == TCP_CLOSE_ ? "" : "UNKNOWN";
}

/* PREFIX_address, PREFIX_port and, when it is one, PREFIX_port_num */
static void json_endpoint(const char *prefix, const uint8_t *addr, int is6,
		unsigned port, unsigned kind)
{
	char key[24], host[NAMEBUF_SIZE], num[24];
	size_t n = strlen(prefix);

	memcpy(key, prefix, n);
	strcpy(key + n, "_address");
	json_str(key, host_str(host, addr, is6));
	strcpy(key + n, "_port");
	json_str(key, port_str(num, port, kind));
	strcpy(key + n, "_port_num");
	if (port)
		json_unum(key, port);
}

/* A socket as jc --netstat makes it of net-tools' line, the address
 * whole */
static void json_inet_row(const struct proc_table *t, const struct inet_row *row)
{
	char num[24];
	const char *state = inet_state(num, t, row);

	json_row();
	json_str("proto", t->label);
	json_unum("recv_q", row->rxq);
	json_unum("send_q", row->txq);
	json_endpoint("local", row->local, row->is6, (unsigned)row->lport, t->kind);
	json_endpoint("foreign", row->remote, row->is6, (unsigned)row->rport, t->kind);
	json_str("state", state[0] ? state : NULL);
	if (G.opt & OPT_e) {
		json_str("user", user_str(num, row->uid));
		json_unum("inode", row->inode);
	}
	if (G.opt & OPT_p)
		json_owner(row->inode);
	if (G.opt & OPT_o) {
		json_key("timer");
		out_char('"');
		out_timer(row, t->kind);
		out_char('"');
	}
	json_str("kind", "network");
	json_str("transport_protocol", t->kind == KIND_TCP ? "tcp"
			: t->kind == KIND_RAW ? NULL : "udp");
	json_str("network_protocol", t->family == FAM_INET6 ? "ipv6" : "ipv4");
	out_char('}');
}

static void print_inet_row(const struct proc_table *t, const struct inet_row *row)
{
	char local[2 * NAMEBUF_SIZE], remote[2 * NAMEBUF_SIZE], num[24];

	if (json_mode()) {
		json_inet_row(t, row);
		return;
	}
	addr_str(local, row->local, row->is6, (unsigned)row->lport, t->kind);
	addr_str(remote, row->remote, row->is6, (unsigned)row->rport, t->kind);

	/* "%-4s  %6ld %6ld %-*s %-*s %-11s" (tcp) and "%-5s ..." (udp)
	 * print the same for labels of up to 4 characters */
	out_left(t->label, 5);
	out_char(' ');
	out_unum_pad(row->rxq, 6);
	out_char(' ');
	out_unum_pad(row->txq, 6);
	out_char(' ');
	out_left(local, 23);
	out_char(' ');
	out_left(remote, 23);
	out_char(' ');
	out_left(inet_state(num, t, row), 11);
	out_row_end(row, t->kind);
}

/*
 * unix_table: "unix  2      [ ACC ]     STREAM     LISTENING     46947    /run/srv.sock".
 * The path is printed whole and escaped (net-tools cuts it at the first
 * blank, and a '\n' in it splits the kernel's line: see unix_table()).
 */
static void print_unix_row(const struct unix_row *row)
{
	const char *state = "UNKNOWN";
	const char *type = unix_type_names[0];
	char flags[16];

	if (row->state < ARRAY_SIZE(unix_state_names))
		state = unix_state_names[row->state];
	if (row->state == SS_UNCONNECTED_ && (row->flags & UNIX_ACCEPTCON))
		state = "LISTENING";
	if (row->type < ARRAY_SIZE(unix_type_names))
		type = unix_type_names[row->type];
	strcpy(flags, "[ ");
	if (row->flags & UNIX_ACCEPTCON)
		strcat(flags, "ACC ");
	if (row->flags & UNIX_WAITDATA)
		strcat(flags, "W ");
	if (row->flags & UNIX_NOSPACE)
		strcat(flags, "N ");
	if (json_mode()) {
		/* jc's: the letters, or null */
		flags[strlen(flags) - 1] = '\0';
		json_row();
		json_str("proto", row->proto == 0 ? "unix" : "??");
		json_unum("refcnt", row->refcnt);
		json_str("flags", flags[1] ? flags + 2 : NULL);
		json_str("type", type);
		json_str("state", state[0] ? state : NULL);
		json_unum("inode", row->inode);
		if (G.opt & OPT_p)
			json_owner(row->inode);
		json_key("path");
		if (row->bound)
			out_quoted_raw(row->path, row->path_len);
		else
			out_str("null");
		json_str("kind", "socket");
		out_char('}');
		return;
	}
	strcat(flags, "]");

	/* "%-5s %-6ld %-11s %-10s %-13s " "%-8lu" " %s\n" */
	out_left(row->proto == 0 ? "unix" : "??", 5);
	out_char(' ');
	out_unum_pad(row->refcnt, -6);
	out_char(' ');
	out_left(flags, 11);
	out_char(' ');
	out_left(type, 10);
	out_char(' ');
	out_left(state, 13);
	out_char(' ');
	out_unum_pad(row->inode, -8);
	if (G.opt & OPT_p)
		out_prg_cell(row->inode);
	out_char(' ');
	out_escaped(row->path, row->path_len);
	out_char('\n');
}

/* ------------------------------------------------------------------ */
/* Socket tables: each row of a /proc/net table to a handler          */

/* Opens /proc/net/FILE. A table the kernel lacks (no IPv6, no
 * UDP-Lite, gVisor's missing raw) is skipped silently, as net-tools
 * does; -v says so. Without /proc/net itself nothing can be shown:
 * that is an error. Returns the descriptor, or -1 to skip. */
static int open_table(const struct proc_table *t, char path[NET_PATH_SIZE])
{
	int fd = proc_net_open(t->file, path);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == EACCES) {
		int err = errno;
		if (access(G.proc_net, F_OK) != 0) {
			errno = err;
			out_flush();
			bb_simple_perror_msg_and_die(path);
		}
		if (G.opt & OPT_v) {
			char msg[64];
			strcpy(msg, "no support for `");
			strcat(msg, t->desc);
			strcat(msg, "' on this system.");
			out_flush();
			bb_simple_error_msg(msg);
		}
		return -1;
	}
	out_flush();
	bb_simple_perror_msg_and_die(path);
}

typedef void row_handler_t(const struct proc_table *t, const struct inet_row *row);

static void note_queued_listener(const struct inet_row *row);

/* What a row sent to handle does besides: -S -v's listeners, which are
 * seen whether or not the selection shows them (see inet_line()) */
static void dispatch_row(const struct proc_table *t, const struct inet_row *row,
		row_handler_t *handle)
{
	if (want_socket(inet_listening(row, t->kind)))
		handle(t, row);
	/* -S -v: every listener's accept queue, selected or not */
	if (ENABLE_FEATURE_NETSTAT_SUMMARY_HINTS && G.hints_on && t->kind == KIND_TCP
	 && row->state == TCP_LISTEN_ && row->rxq)
		note_queued_listener(row);
}

/* A pass over an inet table: each row to handle; head_only: counting
 * needs no more of a line than its state (see parse_inet_line()) */
struct inet_pass {
	const struct proc_table *t;
	row_handler_t *handle;
	uint8_t head_only;
};

static int inet_line(char *line, void *ctx)
{
	const struct inet_pass *pass = ctx;
	struct inet_row row;

	if (!line)
		return 0;
	if (parse_inet_line(line, pass->t->family == FAM_INET6 ? 4 : 1, pass->head_only, &row))
		return -1;
	dispatch_row(pass->t, &row, pass->handle);
	return 0;
}

static void inet_table(const struct proc_table *t, row_handler_t *handle, int head_only)
{
	struct inet_pass pass = { t, handle, (uint8_t)head_only };
	char path[NET_PATH_SIZE];
	int fd = open_table(t, path);

	if (fd >= 0)
		each_line(fd, path, 1, inet_line, &pass);
}

static int want_unix(const struct unix_row *row)
{
	return want_socket(row->state == SS_UNCONNECTED_
			&& (row->flags & UNIX_ACCEPTCON));
}

/* The row before the current line, held back: see unix_line() */
struct unix_pass {
	struct unix_row pending;	/* its path in path[] */
	uint8_t have_pending;
	char path[UNIX_PATH_BUF];
};

/*
 * A path holding '\n' continues on the kernel's next line, so a row is
 * printed only when the next line starts another socket (or the file
 * ends): a line that does not parse after a bound socket is the rest of
 * its path.
 */
static int unix_line(char *line, void *ctx)
{
	struct unix_pass *u = ctx;
	struct unix_row row;
	size_t n;

	if (!line || parse_unix_line(line, &row) == 0) {
		if (u->have_pending && want_unix(&u->pending))
			print_unix_row(&u->pending);
		if (!line)
			return 0;
		u->pending = row;
		u->pending.path_len = row.path_len < sizeof(u->path) ? row.path_len : sizeof(u->path);
		memcpy(u->path, row.path, u->pending.path_len);
		u->pending.path = u->path;
		u->have_pending = 1;
		return 0;
	}
	n = strlen(line);
	if (!u->have_pending || !u->pending.bound
	 || u->pending.path_len + 1 + n > sizeof(u->path))
		return -1;
	u->path[u->pending.path_len++] = '\n';
	memcpy(u->path + u->pending.path_len, line, n);
	u->pending.path_len += n;
	return 0;
}

static void unix_table(const struct proc_table *t)
{
	struct unix_pass u;
	char path[NET_PATH_SIZE];
	int fd = open_table(t, path);

	u.have_pending = 0;
	if (fd >= 0)
		each_line(fd, path, 1, unix_line, &u);
}

/* ------------------------------------------------------------------ */
/* -s: protocol statistics                                             */
/*
 * net-tools' statistics.c, byte for byte. /proc/net/snmp and
 * /proc/net/netstat hold pairs of lines ("Ip: Forwarding DefaultTTL ..."
 * then "Ip: 2 64 ..."); /proc/net/snmp6 holds "Ip6InReceives  1" lines.
 * Each section prints "Title:", then each counter in net-tools' words,
 * or as "Name: value" (only when not 0) when net-tools does not know it.
 *
 * The counter lists are net-tools' tables (Iptab, Icmptab, ...) less
 * the rows its bsearch() never finds because a table is not sorted
 * (Forwarding, TCPTimeouts, TCPSackRecovery and 15 more: they print as
 * unknown counters, "Forwarding: 2"), less Icmp6OutRouterAdvertisements,
 * which net-tools spells with a trailing blank, and less SCTP's
 * (/proc/net/sctp/snmp), as SCTP is not supported here. The "every"
 * fixture prints every row, against net-tools' own output.
 *
 * Needs G.families_arg, -A's argument ("" without -A), for the name of
 * a family -s refuses.
 */

/* A row: NAME, its kind (net-tools' entry type), TEXT, '\0'. The number
 * goes first ("N text"), or last in a histogram ("text: N"), unless
 * N_HERE places it. A list ends with an empty row. */
enum {
	COUNTER_NUM = 1,	/* K_NUM: net-tools' number, printed also when 0 */
	COUNTER_OPT,		/* K_OPT: opt_number, printed when not 0 */
	COUNTER_ICMP_IN,	/* K_IN: under "ICMP input histogram:", when not 0 */
	COUNTER_ICMP_OUT,	/* K_OUT: the same for output */
	COUNTER_QUIET,		/* K_QUIET: never printed (I_STATIC, or no text) */
	COUNTER_NUMBER_HERE,	/* N_HERE */
};
#define K_NUM	"\1"
#define K_OPT	"\2"
#define K_IN	"\3"
#define K_OUT	"\4"
#define K_QUIET	"\5"
#define N_HERE	"\6"
#define END_OF_LIST "\0"

/* Words that recur in the texts: one byte each (0x80 + their place in
 * snmp_words), each with its leading blank: 1.2 KiB less in the binary
 * (measured, x86_64 -Os). So that a printed line can still be grepped,
 * each row that uses them has that line in a comment above it, the
 * number as N (tests/unit.c's snmp_texts_greppable holds them to it). */
#define W_packets	"\x80"
#define W_connections	"\x81"
#define W_received	"\x82"
#define W_because	"\x83"
#define W_times		"\x84"
#define W_replies	"\x85"
#define W_dropped	"\x86"
#define W_retransmits	"\x87"
#define W_requests	"\x88"
#define W_socket	"\x89"
#define W_reordering	"\x8a"
#define W_packet	"\x8b"
#define W_member	"\x8c"
#define W_connection	"\x8d"
#define W_receive	"\x8e"
#define W_recovered	"\x8f"
#define W_solicits	"\x90"
#define W_sent		"\x91"
#define W_segments	"\x92"
#define W_outgoing	"\x93"
#define W_incoming	"\x94"
#define W_failed	"\x95"
#define W_buffer	"\x96"
#define W_ICMP		"\x97"
#define W_messages	"\x98"
static const char snmp_words[] ALIGN1 =
	" packets\0" " connections\0" " received\0" " because\0"
	" times\0" " replies\0" " dropped\0" " retransmits\0"
	" requests\0" " socket\0" " reordering\0" " packet\0"
	" member\0" " connection\0" " receive\0" " recovered\0"
	" solicits\0" " sent\0" " segments\0" " outgoing\0"
	" incoming\0" " failed\0" " buffer\0" " ICMP\0"
	" messages\0";

enum {
	LIST_IP_BOTH, LIST_ICMP_BOTH, LIST_UDP_BOTH, LIST_IP, LIST_ICMP,
	LIST_TCP, LIST_UDP, LIST_TCPEXT, LIST_IP6, LIST_ICMP6,
	LIST_NONE,		/* the empty row that ends the string */
};
static const char snmp_counters[] ALIGN1 =
	/* LIST_IP_BOTH: what Ip and Ip6 both count, in the same words */
	"FragCreates" K_OPT " fragments created" "\0"
	/* N outgoing packets failed fragmentation */
	"FragFails" K_OPT W_outgoing W_packets W_failed " fragmentation" "\0"
	/* N outgoing packets fragmented ok */
	"FragOKs" K_OPT W_outgoing W_packets " fragmented ok" "\0"
	"InAddrErrors" K_OPT " with invalid addresses" "\0"
	/* N incoming packets delivered */
	"InDelivers" K_NUM W_incoming W_packets " delivered" "\0"
	/* N incoming packets discarded */
	"InDiscards" K_NUM W_incoming W_packets " discarded" "\0"
	"InHdrErrors" K_OPT " with invalid headers" "\0"
	/* N total packets received */
	"InReceives" K_NUM " total" W_packets W_received "\0"
	"InUnknownProtos" K_OPT " with unknown protocol" "\0"
	/* N outgoing packets dropped */
	"OutDiscards" K_OPT W_outgoing W_packets W_dropped "\0"
	/* N dropped because of missing route */
	"OutNoRoutes" K_OPT W_dropped W_because " of missing route" "\0"
	/* N requests sent out */
	"OutRequests" K_NUM W_requests W_sent " out" "\0"
	/* N packet reassemblies failed */
	"ReasmFails" K_OPT W_packet " reassemblies" W_failed "\0"
	/* N packets reassembled ok */
	"ReasmOKs" K_OPT W_packets " reassembled ok" "\0"
	"ReasmReqds" K_OPT " reassemblies required" "\0"
	/* N fragments dropped after timeout */
	"ReasmTimeout" K_OPT " fragments" W_dropped " after timeout" "\0"
	END_OF_LIST
	/* LIST_ICMP_BOTH: the same for Icmp and Icmp6 */
	"InDestUnreachs" K_IN "destination unreachable" "\0"
	/* echo requests: N */
	"InEchos" K_IN "echo" W_requests "\0"
	/* N input ICMP message failed */
	"InErrors" K_NUM " input" W_ICMP " message" W_failed "\0"
	/* N ICMP messages received */
	"InMsgs" K_NUM W_ICMP W_messages W_received "\0"
	"InRedirects" K_IN "redirects" "\0"
	"OutDestUnreachs" K_OUT "destination unreachable" "\0"
	/* echo requests: N */
	"OutEchos" K_OUT "echo" W_requests "\0"
	/* N ICMP messages sent */
	"OutMsgs" K_NUM W_ICMP W_messages W_sent "\0"
	END_OF_LIST
	/* LIST_UDP_BOTH: the same for Udp and Udp6 */
	/* N packets received */
	"InDatagrams" K_NUM W_packets W_received "\0"
	/* N packet receive errors */
	"InErrors" K_NUM W_packet W_receive " errors" "\0"
	/* N packets to unknown port received */
	"NoPorts" K_NUM W_packets " to unknown port" W_received "\0"
	/* N packets sent */
	"OutDatagrams" K_NUM W_packets W_sent "\0"
	END_OF_LIST
	/* LIST_IP */
	"DefaultTTL" K_QUIET "\0"
	"ForwDatagrams" K_NUM " forwarded" "\0"
	END_OF_LIST
	/* LIST_ICMP */
	/* address mask replies: N */
	"InAddrMaskReps" K_IN "address mask" W_replies "\0"
	"InAddrMasks" K_IN "address mask request" "\0"
	/* echo replies: N */
	"InEchoReps" K_IN "echo" W_replies "\0"
	"InParmProbs" K_IN "wrong parameters" "\0"
	"InSrcQuenchs" K_IN "source quenches" "\0"
	"InTimeExcds" K_IN "timeout in transit" "\0"
	"InTimestampReps" K_IN "timestamp reply" "\0"
	"InTimestamps" K_IN "timestamp request" "\0"
	/* address mask replies: N */
	"OutAddrMaskReps" K_OUT "address mask" W_replies "\0"
	/* address mask requests: N */
	"OutAddrMasks" K_OUT "address mask" W_requests "\0"
	/* echo replies: N */
	"OutEchoReps" K_OUT "echo" W_replies "\0"
	/* N ICMP messages failed */
	"OutErrors" K_NUM W_ICMP W_messages W_failed "\0"
	"OutParmProbs" K_OUT "wrong parameters" "\0"
	"OutRedirects" K_OUT "redirect" "\0"
	"OutSrcQuenchs" K_OUT "source quench" "\0"
	"OutTimeExcds" K_OUT "time exceeded" "\0"
	/* timestamp replies: N */
	"OutTimestampReps" K_OUT "timestamp" W_replies "\0"
	/* timestamp requests: N */
	"OutTimestamps" K_OUT "timestamp" W_requests "\0"
	END_OF_LIST
	/* LIST_TCP */
	/* N active connection openings */
	"ActiveOpens" K_NUM " active" W_connection " openings" "\0"
	/* N failed connection attempts */
	"AttemptFails" K_NUM W_failed W_connection " attempts" "\0"
	/* N connections established */
	"CurrEstab" K_NUM W_connections " established" "\0"
	/* N connection resets received */
	"EstabResets" K_NUM W_connection " resets" W_received "\0"
	/* N bad segments received */
	"InErrs" K_NUM " bad" W_segments W_received "\0"
	/* N segments received */
	"InSegs" K_NUM W_segments W_received "\0"
	"MaxConn" K_QUIET "\0"
	/* N resets sent */
	"OutRsts" K_NUM " resets" W_sent "\0"
	/* N segments sent out */
	"OutSegs" K_NUM W_segments W_sent " out" "\0"
	/* N passive connection openings */
	"PassiveOpens" K_NUM " passive" W_connection " openings" "\0"
	/* N segments retransmitted */
	"RetransSegs" K_NUM W_segments " retransmitted" "\0"
	"RtoAlgorithm" K_QUIET "\0"
	"RtoMax" K_QUIET "\0"
	"RtoMin" K_QUIET "\0"
	END_OF_LIST
	/* LIST_UDP */
	/* N receive buffer errors */
	"RcvbufErrors" K_NUM W_receive W_buffer " errors" "\0"
	/* N send buffer errors */
	"SndbufErrors" K_NUM " send" W_buffer " errors" "\0"
	END_OF_LIST
	/* LIST_TCPEXT (/proc/net/netstat) */
	/* N delayed acks further delayed because of locked socket */
	"DelayedACKLocked" K_OPT " delayed acks further delayed" W_because " of locked" W_socket "\0"
	/* Quick ack mode was activated N times */
	"DelayedACKLost" K_OPT "Quick ack mode was activated " N_HERE W_times "\0"
	/* N delayed acks sent */
	"DelayedACKs" K_OPT " delayed acks" W_sent "\0"
	/* N resets received for embryonic SYN_RECV sockets */
	"EmbryonicRsts" K_OPT " resets" W_received " for embryonic SYN_RECV sockets" "\0"
	/* N SYNs to LISTEN sockets dropped */
	"ListenDrops" K_OPT " SYNs to LISTEN sockets" W_dropped "\0"
	/* N times the listen queue of a socket overflowed */
	"ListenOverflows" K_OPT W_times " the listen queue of a" W_socket " overflowed" "\0"
	/* N ICMP packets dropped because socket was locked */
	"LockDroppedIcmps" K_OPT W_ICMP W_packets W_dropped W_because W_socket " was locked" "\0"
	/* N packets dropped from out-of-order queue because of socket buffer overrun */
	"OfoPruned" K_OPT W_packets W_dropped " from out-of-order queue" W_because " of" W_socket W_buffer " overrun" "\0"
	/* N ICMP packets dropped because they were out-of-window */
	"OutOfWindowIcmps" K_OPT W_ICMP W_packets W_dropped W_because " they were out-of-window" "\0"
	/* N active connections rejected because of time stamp */
	"PAWSActive" K_OPT " active" W_connections " rejected" W_because " of time stamp" "\0"
	/* N packets rejected in established connections because of timestamp */
	"PAWSEstab" K_OPT W_packets " rejected in established" W_connections W_because " of timestamp" "\0"
	/* N passive connections rejected because of time stamp */
	"PAWSPassive" K_OPT " passive" W_connections " rejected" W_because " of time stamp" "\0"
	/* N packets pruned from receive queue because of socket buffer overrun */
	"PruneCalled" K_OPT W_packets " pruned from" W_receive " queue" W_because " of" W_socket W_buffer " overrun" "\0"
	/* N packets pruned from receive queue */
	"RcvPruned" K_OPT W_packets " pruned from" W_receive " queue" "\0"
	/* Ran N times out of system memory during packet sending */
	"SockMallocOOM" K_OPT "Ran " N_HERE W_times " out of system memory during" W_packet " sending" "\0"
	/* N invalid SYN cookies received */
	"SyncookiesFailed" K_OPT " invalid SYN cookies" W_received "\0"
	/* N SYN cookies received */
	"SyncookiesRecv" K_OPT " SYN cookies" W_received "\0"
	/* N SYN cookies sent */
	"SyncookiesSent" K_OPT " SYN cookies" W_sent "\0"
	/* N times unable to send RST due to no memory */
	"TCPAbortFailed" K_OPT W_times " unable to send RST due to no memory" "\0"
	/* N connections reset due to early user close */
	"TCPAbortOnClose" K_OPT W_connections " reset due to early user close" "\0"
	/* N connections reset due to unexpected data */
	"TCPAbortOnData" K_OPT W_connections " reset due to unexpected data" "\0"
	/* N connections aborted after user close in linger timeout */
	"TCPAbortOnLinger" K_OPT W_connections " aborted after user close in linger timeout" "\0"
	/* N connections aborted due to memory pressure */
	"TCPAbortOnMemory" K_OPT W_connections " aborted due to memory pressure" "\0"
	/* N connections reset due to unexpected SYN */
	"TCPAbortOnSyn" K_OPT W_connections " reset due to unexpected SYN" "\0"
	/* N connections aborted due to timeout */
	"TCPAbortOnTimeout" K_OPT W_connections " aborted due to timeout" "\0"
	"TCPDirectCopyFromBacklog" K_OPT " bytes directly in process context from backlog" "\0"
	/* Detected reordering N times using FACK */
	"TCPFACKReorder" K_OPT "Detected" W_reordering " " N_HERE W_times " using FACK" "\0"
	/* N fast retransmits */
	"TCPFastRetrans" K_OPT " fast" W_retransmits "\0"
	/* N forward retransmits */
	"TCPForwardRetrans" K_OPT " forward" W_retransmits "\0"
	/* N congestion windows fully recovered without slow start */
	"TCPFullUndo" K_OPT " congestion windows fully" W_recovered " without slow start" "\0"
	"TCPHPAcks" K_OPT " predicted acknowledgments" "\0"
	/* N packet headers predicted */
	"TCPHPHits" K_NUM W_packet " headers predicted" "\0"
	/* N packet headers predicted and directly queued to user */
	"TCPHPHitsToUser" K_OPT W_packet " headers predicted and directly queued to user" "\0"
	"TCPLossFailures" K_OPT " timeouts in loss state" "\0"
	/* N congestion windows recovered without slow start after partial ack */
	"TCPLossUndo" K_OPT " congestion windows" W_recovered " without slow start after partial ack" "\0"
	/* N retransmits lost */
	"TCPLostRetransmits" K_OPT W_retransmits " lost" "\0"
	/* TCP ran low on memory N times */
	"TCPMemoryPressures" K_OPT "TCP ran low on memory " N_HERE W_times "\0"
	/* N congestion windows partially recovered using Hoe heuristic */
	"TCPPartialUndo" K_OPT " congestion windows partially" W_recovered " using Hoe heuristic" "\0"
	/* N packets directly queued to recvmsg prequeue */
	"TCPPrequeued" K_OPT W_packets " directly queued to recvmsg prequeue" "\0"
	/* N acknowledgments not containing data payload received */
	"TCPPureAcks" K_OPT " acknowledgments not containing data payload" W_received "\0"
	/* N packets collapsed in receive queue due to low socket buffer */
	"TCPRcvCollapsed" K_OPT W_packets " collapsed in" W_receive " queue due to low" W_socket W_buffer "\0"
	"TCPRenoFailures" K_OPT " timeouts after reno fast retransmit" "\0"
	/* N times recovered from packet loss due to fast retransmit */
	"TCPRenoRecovery" K_OPT W_times W_recovered " from" W_packet " loss due to fast retransmit" "\0"
	/* Detected reordering N times using reno fast retransmit */
	"TCPRenoReorder" K_OPT "Detected" W_reordering " " N_HERE W_times " using reno fast retransmit" "\0"
	/* Detected reordering N times using SACK */
	"TCPSACKReorder" K_OPT "Detected" W_reordering " " N_HERE W_times " using SACK" "\0"
	/* N times receiver scheduled too late for direct processing */
	"TCPSchedulerFailed" K_OPT W_times " receiver scheduled too late for direct processing" "\0"
	/* N retransmits in slow start */
	"TCPSlowStartRetrans" K_OPT W_retransmits " in slow start" "\0"
	/* Detected reordering N times using time stamp */
	"TCPTSReorder" K_OPT "Detected" W_reordering " " N_HERE W_times " using time stamp" "\0"
	"TW" K_OPT " TCP sockets finished time wait in fast timer" "\0"
	"TWRecycled" K_OPT " time wait sockets recycled by time stamp" "\0"
	END_OF_LIST
	/* LIST_IP6: names without their "Ip6" */
	/* N incoming multicast packets */
	"InMcastPkts" K_OPT W_incoming " multicast" W_packets "\0"
	/* N incoming packets with no route */
	"InNoRoutes" K_OPT W_incoming W_packets " with no route" "\0"
	/* N with packets too big */
	"InTooBigErrors" K_OPT " with" W_packets " too big" "\0"
	/* N with truncated packets */
	"InTruncatedPkts" K_OPT " with truncated" W_packets "\0"
	"OutForwDatagrams" K_NUM " forwarded" "\0"
	/* N outgoing multicast packets */
	"OutMcastPkts" K_OPT W_outgoing " multicast" W_packets "\0"
	END_OF_LIST
	/* LIST_ICMP6: names without their "Icmp6" */
	/* echo replies: N */
	"InEchoReplies" K_IN "echo" W_replies "\0"
	/* group member queries: N */
	"InGroupMembQueries" K_IN "group" W_member " queries" "\0"
	/* group member reductions: N */
	"InGroupMembReductions" K_IN "group" W_member " reductions" "\0"
	/* group member responses: N */
	"InGroupMembResponses" K_IN "group" W_member " responses" "\0"
	"InNeighborAdvertisements" K_IN "neighbour advertisement" "\0"
	/* neighbour solicits: N */
	"InNeighborSolicits" K_IN "neighbour" W_solicits "\0"
	"InParmProblems" K_IN "parameter problem" "\0"
	"InPktTooBigs" K_IN "packets too big" "\0"
	"InRouterAdvertisements" K_IN "router advertisement" "\0"
	/* router solicits: N */
	"InRouterSolicits" K_IN "router" W_solicits "\0"
	"InTimeExcds" K_IN "received ICMPv6 time exceeded" "\0"
	/* echo replies: N */
	"OutEchoReplies" K_OUT "echo" W_replies "\0"
	/* group member queries: N */
	"OutGroupMembQueries" K_OUT "group" W_member " queries" "\0"
	/* group member reductions: N */
	"OutGroupMembReductions" K_OUT "group" W_member " reductions" "\0"
	/* group member responses: N */
	"OutGroupMembResponses" K_OUT "group" W_member " responses" "\0"
	"OutNeighborAdvertisements" K_OUT "neighbor advertisements" "\0"
	/* neighbor solicits: N */
	"OutNeighborSolicits" K_OUT "neighbor" W_solicits "\0"
	"OutParmProblems" K_OUT "parameter problem" "\0"
	"OutPktTooBigs" K_OUT "packets too big" "\0"
	"OutRedirects" K_OUT "redirects" "\0"
	/* router solicits: N */
	"OutRouterSolicits" K_OUT "router" W_solicits "\0"
	"OutTimeExcds" K_OUT "sent ICMPv6 time exceeded" "\0"
	END_OF_LIST;
#undef K_NUM
#undef K_OPT
#undef K_IN
#undef K_OUT
#undef K_QUIET
#undef N_HERE
#undef END_OF_LIST
#undef W_packets
#undef W_connections
#undef W_received
#undef W_because
#undef W_times
#undef W_replies
#undef W_dropped
#undef W_retransmits
#undef W_requests
#undef W_socket
#undef W_reordering
#undef W_packet
#undef W_member
#undef W_connection
#undef W_receive
#undef W_recovered
#undef W_solicits
#undef W_sent
#undef W_segments
#undef W_outgoing
#undef W_incoming
#undef W_failed
#undef W_buffer
#undef W_ICMP
#undef W_messages

/* Which of -w, -t, -u shows a section (net-tools' f_raw, f_tcp, f_udp);
 * PREFIXED: its counters' names start with its title, which the lists
 * leave out. */
enum {
	PROTO_RAW = 1, PROTO_TCP = 2, PROTO_UDP = 4, PROTO_ALL = 7,
	PREFIXED = 8,
};

struct snmp_section {
	char title[7];
	uint8_t flags;		/* PROTO_* | PREFIXED */
	uint8_t list, also;	/* LIST_*: where its counters are */
};

/* net-tools' snmptabs, then its snmp6tabs */
static const struct snmp_section snmp_sections[] = {
	{ "Ip",     PROTO_RAW,            LIST_IP,     LIST_IP_BOTH },
	{ "Icmp",   PROTO_RAW,            LIST_ICMP,   LIST_ICMP_BOTH },
	{ "Tcp",    PROTO_TCP,            LIST_TCP,    LIST_NONE },
	{ "Udp",    PROTO_UDP,            LIST_UDP,    LIST_UDP_BOTH },
	{ "TcpExt", PROTO_TCP,            LIST_TCPEXT, LIST_NONE },
	{ "Ip6",    PROTO_RAW | PREFIXED, LIST_IP6,    LIST_IP_BOTH },
	{ "Icmp6",  PROTO_RAW | PREFIXED, LIST_ICMP6,  LIST_ICMP_BOTH },
	{ "Udp6",   PROTO_UDP | PREFIXED, LIST_NONE,   LIST_UDP_BOTH },
	/* net-tools looks "Tcp6..." up among Tcp's names: never found */
	{ "Tcp6",   PROTO_TCP | PREFIXED, LIST_NONE,   LIST_NONE },
};
enum { SECTIONS_SNMP6 = 5 };

/* How a file is read; the files, in net-tools' order */
enum {
	READ_PAIRS,		/* header and value lines */
	READ_PAIRS_TCP,		/* only the pairs whose title starts "Tcp" */
	READ_SNMP6,		/* name-value lines */
};
struct snmp_file {
	char name[8];		/* under /proc/net/ */
	uint8_t family;		/* FAM_INET: -s; FAM_INET6: -s -6 */
	uint8_t how;		/* READ_* */
	uint8_t optional;	/* absent: skipped silently */
};
static const struct snmp_file snmp_files[] = {
	{ "snmp",    FAM_INET,  READ_PAIRS,     0 },
	{ "netstat", FAM_INET,  READ_PAIRS,     1 },
	{ "snmp6",   FAM_INET6, READ_SNMP6,     0 },
	{ "snmp",    FAM_INET6, READ_PAIRS_TCP, 0 },
};

/* A header line waits here for its values: TcpExt's is 2.2 KiB (6.18) */
enum { STAT_HEADER_SIZE = 4096 };

struct snmp_state {
	const struct snmp_section *section;	/* NULL: one net-tools does not know */
	uint8_t protos;		/* PROTO_* asked for */
	uint8_t shown;		/* the section's counters are printed */
	/* net-tools' "state": COUNTER_ICMP_IN or _OUT after a histogram
	 * counter, else 0. It sets the indent of a histogram's title and
	 * of unknown counters, and only a known section resets it: so
	 * after Icmp's output histogram IcmpMsg's counters get 8 blanks. */
	uint8_t histogram;
	uint8_t how;
	char title[32];		/* snmp6: the current section */
	char json_section[32];	/* JSON: the section's title */
	char header[STAT_HEADER_SIZE];
};

static const char *snmp_list(unsigned n)
{
	const char *row = snmp_counters;

	while (n--) {
		while (*row)
			row += strlen(row) + 1;
		row++;
	}
	return row;
}

/* The row for NAME in list N: a pointer to its kind byte, or NULL */
static const char *snmp_find_in(unsigned n, const char *name)
{
	const char *row;

	for (row = snmp_list(n); *row; row += strlen(row) + 1) {
		const char *r = row, *k = name;

		while (*k && *k == *r)
			k++, r++;
		if (!*k && (unsigned char)*r < ' ')
			return r;
	}
	return NULL;
}

static const char *snmp_find(const struct snmp_section *s, const char *name)
{
	const char *row;

	if (s->flags & PREFIXED) {
		size_t n = strlen(s->title);
		if (strncmp(name, s->title, n) != 0)
			return NULL;
		name += n;
	}
	row = snmp_find_in(s->list, name);
	return row ? row : snmp_find_in(s->also, name);
}


/* A counter as strtoull() reads it (the kernel's are 64-bit): a sign is
 * allowed; no digits, or more than 64 bits of them, give 0 and leave
 * the cursor. */
static unsigned long long snmp_value(const char **cursor)
{
	const char *p = skip_blanks(*cursor);
	unsigned long long v;
	int neg = (*p == '-');

	if (*p == '-' || *p == '+')
		p++;
	p = parse_dec(p, &v);
	if (!p)
		return 0;
	*cursor = p;
	return neg ? 0 - v : v;
}

/* net-tools' newtable(): a known section prints its title if its
 * protocol was asked for and resets the state; any other prints its
 * title always (f_unknown) and keeps the state. */
static void snmp_begin(struct snmp_state *st, unsigned first, unsigned end,
		const char *title, size_t len)
{
	const struct snmp_section *s;

	st->section = NULL;
	st->shown = 1;
	for (s = snmp_sections + first; s < snmp_sections + end; s++) {
		if (strlen(s->title) == len && memcmp(s->title, title, len) == 0) {
			st->section = s;
			st->shown = (s->flags & st->protos) != 0;
			st->histogram = 0;
			break;
		}
	}
	if (json_mode())
		escape_into(st->json_section, sizeof(st->json_section), title, len);
	else if (st->shown) {
		out_escaped(title, len);
		out_str(":\n");
	}
}

/* A row's text, with its number and words put in */
static void snmp_text(const char *text, unsigned kind, unsigned long long v)
{
	int placed = strchr(text, COUNTER_NUMBER_HERE) != NULL;

	if (!placed && kind < COUNTER_ICMP_IN)
		out_unum(v);
	for (; *text; text++) {
		unsigned char c = (unsigned char)*text;
		if (c >= 0x80) {
			const char *word = snmp_words;
			while (c-- > 0x80)
				word += strlen(word) + 1;
			out_str(word);
		} else if (c == COUNTER_NUMBER_HERE) {
			out_unum(v);
		} else {
			out_char((char)c);
		}
	}
	if (!placed && kind >= COUNTER_ICMP_IN) {
		out_str(": ");
		out_unum(v);
	}
	out_char('\n');
}

/* net-tools' printval() */
static void snmp_counter(struct snmp_state *st, const char *name, unsigned long long v)
{
	unsigned indent = st->histogram ? 8 : 4;
	const char *row;
	unsigned kind;

	if (!st->shown)
		return;
	if (json_mode()) {
		char buf[4 * 64 + 1];

		/* every counter of a section shown, by the kernel's name */
		escape_into(buf, sizeof(buf), name, strlen(name));
		json_row();
		json_str("section", st->json_section);
		json_str("counter", buf);
		json_num("value", (long long)v);
		out_char('}');
		return;
	}
	row = st->section ? snmp_find(st->section, name) : NULL;
	if (!row) {
		if (v) {
			out_spaces(indent);
			out_escaped(name, strlen(name));
			out_str(": ");
			out_unum(v);
			out_char('\n');
		}
		return;
	}
	kind = (unsigned char)*row++;
	if (kind == COUNTER_QUIET)
		return;
	if (kind >= COUNTER_ICMP_IN && st->histogram != kind) {
		out_spaces(indent);
		out_str(kind == COUNTER_ICMP_IN ? "ICMP input histogram:\n"
				: "ICMP output histogram:\n");
	}
	if (v || kind == COUNTER_NUM) {
		out_spaces(kind >= COUNTER_ICMP_IN ? 8 : 4);
		snmp_text(row, kind, v);
	}
	st->histogram = (uint8_t)(kind >= COUNTER_ICMP_IN ? kind : 0);
}

/* The length of the title of a "Title: ..." line; 0 without ':' */
static size_t snmp_title_len(const char *line)
{
	const char *colon = strchr(line, ':');
	return colon ? (size_t)(colon - line) : 0;
}

/* st->header with VALUES, the line after it */
static void snmp_pair(struct snmp_state *st, const char *values)
{
	char *name = st->header;
	size_t len = snmp_title_len(name);

	if (st->how == READ_PAIRS_TCP && strncmp(name, "Tcp", 3) != 0)
		return;
	snmp_begin(st, 0, SECTIONS_SNMP6, name, len);
	name += len + 1;
	values += len + 1;
	for (;;) {
		char *end;
		unsigned long long v;

		name = (char *)skip_blanks(name);
		if (!*name)
			break;
		for (end = name; *end && *end != ' ' && *end != '\t'; end++)
			continue;
		v = snmp_value(&values);
		if (*end)
			*end++ = '\0';
		snmp_counter(st, name, v);
		name = end;
	}
}

/* A line of /proc/net/snmp or /proc/net/netstat. A header waits in
 * st->header for the next line, its values, which must carry the same
 * title: else the header is dropped as malformed (net-tools would pair
 * every later header with the wrong values). Empty lines are skipped
 * (2.6 kernels began /proc/net/netstat with one). */
static void snmp_pairs_line(struct snmp_state *st, char *line)
{
	size_t len = snmp_title_len(line), waiting = snmp_title_len(st->header);

	if (!*line)
		return;
	if (waiting && len == waiting && memcmp(line, st->header, len) == 0) {
		snmp_pair(st, line);
		st->header[0] = '\0';
		return;
	}
	if (waiting)
		G.malformed++;
	st->header[0] = '\0';
	if (!len || strlen(line) >= sizeof(st->header)) {
		G.malformed++;
		return;
	}
	strcpy(st->header, line);
}

/* Whether s contains t (strstr() would add a kilobyte of libc) */
static int snmp_contains(const char *s, const char *t)
{
	size_t n = strlen(t);

	for (; *s; s++)
		if (strncmp(s, t, n) == 0)
			return 1;
	return 0;
}

/* A line of /proc/net/snmp6, "Ip6InReceives  \t1". Its sections are
 * net-tools' guesses: a name's title is what precedes its first '6',
 * the '6' included, and a new one starts with a name that does not
 * contain the current title. */
static void snmp6_line(struct snmp_state *st, char *line)
{
	char *name = (char *)skip_blanks(line), *end = name;
	const char *value;
	unsigned long long v;

	while (*end && *end != ' ' && *end != '\t')
		end++;
	value = end;
	v = snmp_value(&value);
	if (end == name || value == end) {
		G.malformed++;		/* no name, or no number */
		return;
	}
	*end = '\0';
	if (!st->title[0] || !snmp_contains(name, st->title)) {
		const char *six = strchr(name, '6');
		size_t len = six ? (size_t)(six - name) + 1 : strlen(name);
		if (len >= sizeof(st->title))
			len = sizeof(st->title) - 1;
		memcpy(st->title, name, len);
		st->title[len] = '\0';
		snmp_begin(st, SECTIONS_SNMP6, ARRAY_SIZE(snmp_sections), st->title, len);
	}
	snmp_counter(st, name, v);
}

/* A line of one file, read as st->how says; at the end, a header
 * still waiting for its values is a malformed line */
static int snmp_line(char *line, void *ctx)
{
	struct snmp_state *st = ctx;

	if (!line)
		return st->header[0] ? -1 : 0;
	if (st->how == READ_SNMP6)
		snmp6_line(st, line);
	else
		snmp_pairs_line(st, line);
	return 0;
}

static void snmp_read(struct snmp_state *st, const struct snmp_file *f)
{
	char path[NET_PATH_SIZE];
	int fd = proc_net_open(f->name, path);

	if (fd < 0) {
		if (f->optional)
			return;
		/* net-tools says "cannot open /proc/net/snmp: ..." and exits 0 */
		out_flush();
		bb_simple_perror_msg_and_die(path);
	}
	st->how = f->how;
	st->title[0] = '\0';
	st->header[0] = '\0';
	each_line(fd, path, 0, snmp_line, st);
}

/*
 * net-tools' afname: the families of -4, -6, -A and -x, comma-joined;
 * -s shows "inet" (also the default) or "inet6", and refuses any other
 * with the list. getopt32 keeps no order and counts no repeats: we list
 * -4, -6, -A's items (G.families_arg), then -x. Counts the families,
 * prints them if asked, and sets *family to the last one's FAM_*, or 0.
 */
static unsigned snmp_afname(int print, unsigned *family)
{
	/* net-tools' aftrans renames these; any other is its own name */
	static const char renames[] ALIGN1 =
		"ip\0" "inet\0" "tcpip\0" "inet\0" "ip6\0" "inet6\0"
		"appletalk\0" "ddp\0" "econet\0" "ec\0";
	const char *given[4];
	unsigned i, n = 0;

	given[0] = G.opt & OPT_4 ? "inet" : "";
	given[1] = G.opt & OPT_6 ? "inet6" : "";
	given[2] = G.opt & OPT_A ? G.families_arg : "";
	given[3] = G.opt & OPT_x ? "unix" : "";
	for (i = 0; i < ARRAY_SIZE(given); i++) {
		const char *item = given[i];

		while (*item) {
			const char *name = item, *from;
			size_t len = strcspn(item, ",");

			item += len + (item[len] == ',');
			if (!len)
				continue;
			for (from = renames; *from; ) {
				const char *to = from + strlen(from) + 1;
				if (strlen(from) == len && memcmp(from, name, len) == 0) {
					name = to;
					len = strlen(to);
					break;
				}
				from = to + strlen(to) + 1;
			}
			if (print) {
				if (n)
					out_char(',');
				out_mem(name, len);
			}
			n++;
			*family = 0;
			if (len == 4 && memcmp(name, "inet", 4) == 0)
				*family = FAM_INET;
			if (len == 5 && memcmp(name, "inet6", 5) == 0)
				*family = FAM_INET6;
		}
	}
	return n;
}

/* FAM_INET or FAM_INET6 for -s, or 0 after net-tools' message */
static unsigned snmp_family(void)
{
	unsigned family = FAM_INET;
	unsigned n = snmp_afname(0, &family);
	int fd;

	if (n <= 1 && (family == FAM_INET
			|| (ENABLE_FEATURE_IPV6 && family == FAM_INET6)))
		return family;
	/* on stdout, as net-tools */
	fd = messages_begin();
	out_str("netstat: No statistics support for specified address family: ");
	snmp_afname(1, &family);
	out_char('\n');
	messages_end(fd);
	return 0;
}

static int show_statistics(void)
{
	struct snmp_state st;
	unsigned fam = snmp_family();
	unsigned i;

	if (!fam)
		return EXIT_FAILURE;
	st.section = NULL;
	st.shown = 0;
	st.histogram = 0;
	/* -t -u -w pick sections; -U and -S (net-tools' --sctp) have none
	 * here; none of them: all */
	st.protos = (uint8_t)((G.opt & OPT_w ? PROTO_RAW : 0)
			| (G.opt & OPT_t ? PROTO_TCP : 0)
			| (G.opt & OPT_u ? PROTO_UDP : 0));
	if (!(G.opt & (OPT_t | OPT_u | OPT_U | OPT_w | OPT_S)))
		st.protos = PROTO_ALL;
	for (i = 0; i < ARRAY_SIZE(snmp_files); i++)
		if (snmp_files[i].family == fam)
			snmp_read(&st, &snmp_files[i]);
	out_flush();
	return EXIT_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* -i: interfaces; -r: routes; -g: multicast groups                   */
/*                                                                    */
/* net-tools 2.10's iface_info (lib/interface.c), route_info           */
/* (lib/inet_gr.c, lib/inet6_gr.c) and igmp_info, byte for byte.       */

/* -i asks the kernel for flags and MTU as net-tools does (ioctl). */

/* A column of a row for out_format(): a string or a number, as the
 * conversion that prints it says. */
union cell {
	const char *s;
	long long n;
};

/* How many bytes of s, escaped by escape_into(), fit in max without
 * cutting a character: an escape \ooo or a UTF-8 sequence stays whole
 * (escape_into() lets through only whole ones). */
static size_t whole_chars(const char *s, unsigned long long max)
{
	size_t n = 0;

	while (s[n]) {
		unsigned char c = (unsigned char)s[n];
		size_t len = c == '\\' || c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

		if (n + len > max)
			break;
		n += len;
	}
	return n;
}

/*
 * printf(fmt, ...) for the row formats of this part, which are
 * net-tools' own format strings: plain text and
 * "%[N$][-][WIDTH][.PREC][l...]{s,d,u}", nothing else (u unsigned,
 * d signed, of the same 64 bits). "N$" (POSIX
 * positional arguments) lets one array of cells serve formats that
 * print its columns in other orders. Numbers are longs; strings are
 * always left-justified (all of net-tools' are), and PREC cuts them at
 * whole characters.
 */
static void out_format(const char *fmt, const union cell *cell)
{
	unsigned long long next = 0;

	for (;;) {
		const char *p = strchr(fmt, '%'), *q;
		unsigned long long arg, width, prec = ULLONG_MAX;
		int left;

		if (!p) {
			out_str(fmt);
			return;
		}
		out_mem(fmt, (size_t)(p - fmt));
		q = parse_dec(++p, &arg);
		if (q && *q == '$')
			p = q + 1;
		else
			arg = next + 1;
		next = arg;
		left = (*p == '-');
		p += left;
		q = parse_dec(p, &width);	/* width 0 when there is none */
		if (q)
			p = q;
		if (*p == '.') {
			q = parse_dec(++p, &prec);
			if (q)
				p = q;
		}
		while (*p == 'l')
			p++;
		if (*p == 's') {	/* always "%-" in these formats */
			const char *s = cell[arg - 1].s;
			size_t n = prec == ULLONG_MAX ? strlen(s) : whole_chars(s, prec);

			out_mem(s, n);
			if (n < width)
				out_spaces((unsigned)(width - n));
		} else if (*p == 'u') {	/* the kernel's 64-bit counters */
			out_unum_pad((unsigned long long)cell[arg - 1].n, left ? -(int)width : (int)width);
		} else {
			out_num(cell[arg - 1].n, left ? -(int)width : (int)width);
		}
		fmt = p + 1;
	}
}

/* A flag bit, kept as its bit number (two bytes a row), and its letter */
struct flag_letter {
	uint8_t shift;
	char letter;
};
#define FLAG_LETTER(bit, letter) { __builtin_ctz(bit), letter }

/* The letters of the bits set in flags, in the table's order */
static const char *flag_letters(char *out, unsigned long long flags,
		const struct flag_letter *t, unsigned n)
{
	char *p = out;

	for (; n--; t++)
		if (flags >> t->shift & 1)
			*p++ = t->letter;
	*p = '\0';
	return out;
}

/* ---- -i ---- */

/* ife_print_short's letters, in its order (POINTOPOINT is 'P' too in
 * net-tools 2.10) */
static const struct flag_letter iface_flag_letters[] = {
	FLAG_LETTER(IFF_ALLMULTI, 'A'), FLAG_LETTER(IFF_BROADCAST, 'B'),
	FLAG_LETTER(IFF_DEBUG, 'D'), FLAG_LETTER(IFF_LOOPBACK, 'L'),
	FLAG_LETTER(IFF_MULTICAST, 'M'), FLAG_LETTER(IFF_DYNAMIC, 'd'),
	FLAG_LETTER(IFF_PROMISC, 'P'), FLAG_LETTER(IFF_NOTRAILERS, 'N'),
	FLAG_LETTER(IFF_NOARP, 'O'), FLAG_LETTER(IFF_POINTOPOINT, 'P'),
	FLAG_LETTER(IFF_SLAVE, 's'), FLAG_LETTER(IFF_MASTER, 'm'),
	FLAG_LETTER(IFF_RUNNING, 'R'), FLAG_LETTER(IFF_UP, 'U'),
};

/* One interface: /proc/net/dev's counters, or none for a name that
 * only SIOCGIFCONF gives (an address label such as eth0:1). */
struct iface_row {
	char name[IFNAMSIZ];
	uint8_t has_stats;
	/* RX-OK RX-ERR RX-DRP RX-OVR TX-OK TX-ERR TX-DRP TX-OVR */
	unsigned long long stat[8];
};

/* Every interface of one round: one mapping, grown by doubling */
struct iface_list {
	struct iface_row *row;
	unsigned n, cap;
};

static struct iface_row *iface_add(struct iface_list *list, const char *name)
{
	struct iface_row *row;
	unsigned i;

	list->row = grow(list->row, &list->cap, list->n + 1, sizeof(*row));
	row = &list->row[list->n++];	/* zero-filled, as mapped */
	for (i = 0; i < IFNAMSIZ - 1 && name[i]; i++)
		row->name[i] = name[i];
	return row;
}

/* "  eth0: BYTES PACKETS ERRS DROP FIFO FRAME COMPRESSED MULTICAST"
 * and eight of the same kind for transmit (net/core/net-procfs.c);
 * -i shows packets, errs, drop and fifo of each. */
static int dev_line(char *line, void *ctx)
{
	static const uint8_t shown[8] = { 1, 2, 3, 4, 9, 10, 11, 12 };
	unsigned long long v[16];
	struct iface_row *row;
	const char *p;
	char *colon;
	unsigned i;

	if (!line)
		return 0;	/* nothing held back */
	while (*line == ' ')
		line++;
	colon = strchr(line, ':');
	if (!colon || colon == line || colon - line >= IFNAMSIZ)
		return -1;
	*colon = '\0';
	p = colon + 1;
	for (i = 0; i < 16; i++)
		if ((p = next_dec(p, &v[i])) == NULL)
			return -1;
	row = iface_add(ctx, line);
	row->has_stats = 1;
	for (i = 0; i < 8; i++)
		row->stat[i] = v[shown[i]];
	return 0;
}

/* The names SIOCGIFCONF gives, one per IPv4 address by its label: so
 * aliases (eth0:1) come in too, as in net-tools' if_readconf(). */
static void iface_add_labels(int fd, struct iface_list *list)
{
	struct ifreq *req = NULL;
	struct ifconf ifc;
	unsigned cap = 0, i;

	for (;;) {
		req = grow(req, &cap, cap + 1, sizeof(*req));
		ifc.ifc_len = (int)(cap * sizeof(*req));
		ifc.ifc_req = req;
		if (ioctl(fd, SIOCGIFCONF, &ifc) < 0)
			ifc.ifc_len = 0;
		if ((unsigned)ifc.ifc_len < cap * sizeof(*req))	/* else it may be cut */
			break;
	}
	for (i = 0; i < (unsigned)ifc.ifc_len / sizeof(*req); i++)
		iface_add(list, req[i].ifr_name);
	unmap(req, cap * sizeof(*req));
}

/* The number the digits at s make, as atoi() gives it */
static int digits_value(const char *s)
{
	unsigned long long v;

	parse_dec(s, &v);	/* 0 when there are none */
	return (int)v;
}

/* Where the digits that end name[0..len) start */
static size_t digits_start(const char *name, size_t len)
{
	while (len && name[len - 1] >= '0' && name[len - 1] <= '9')
		len--;
	return len;
}

/* A name's parts for nstrcmp: the length of its base (the name without
 * an alias suffix ":N"), that suffix's digits or NULL, and the start of
 * the digits that end the base */
struct ifname_parts {
	size_t len, digits;
	const char *alias;
};

static void ifname_split(const char *name, struct ifname_parts *part)
{
	size_t n = strlen(name), i = digits_start(name, n);

	part->alias = NULL;
	if (i < n && i && name[i - 1] == ':') {
		part->alias = name + i;
		n = i - 1;
	}
	part->len = n;
	part->digits = digits_start(name, n);
}

/* strcmp() of a[0..la) and b[0..lb) */
static int lexcmp(const char *a, size_t la, const char *b, size_t lb)
{
	int res = memcmp(a, b, la < lb ? la : lb);

	return res ? res : (la > lb) - (la < lb);
}

static int numcmp(int a, int b)
{
	return (a > b) - (a < b);
}

/*
 * The order of -i, net-tools' nstrcmp (lib/nstrcmp.c): an alias
 * suffix ":N" is set aside; names compare by what precedes their
 * trailing digits, then by the number those make (eth2 before eth10),
 * then as strings, then by the alias number (none first), then the
 * alias as a string.
 */
static int ifname_cmp(const char *a, const char *b)
{
	struct ifname_parts pa, pb;
	int res;

	ifname_split(a, &pa);
	ifname_split(b, &pb);
	res = lexcmp(a, pa.digits, b, pb.digits);
	if (!res)
		res = numcmp(digits_value(a + pa.digits), digits_value(b + pb.digits));
	if (!res)
		res = lexcmp(a, pa.len, b, pb.len);
	if (!res)
		res = numcmp(pa.alias ? digits_value(pa.alias) : -1,
				pb.alias ? digits_value(pb.alias) : -1);
	if (!res && pa.alias && pb.alias)
		res = strcmp(pa.alias, pb.alias);
	return res;
}

/* The order of the rows: by name, and of two entries for one name
 * (/proc/net/dev's and SIOCGIFCONF's) the one with counters first: it
 * is the one shown */
static int iface_cmp(const struct iface_row *a, const struct iface_row *b)
{
	int res = ifname_cmp(a->name, b->name);

	return res ? res : b->has_stats - a->has_stats;
}

typedef char iface_row_fits_shell_sort[
	sizeof(struct iface_row) <= SORT_ELEMENT_MAX ? 1 : -1];

static int iface_cmp_any(const void *a, const void *b)
{
	return iface_cmp(a, b);
}

/*
 * "Kernel Interface table", then a row per interface: /proc/net/dev's
 * and SIOCGIFCONF's names in nstrcmp order, each once, with flags and
 * MTU from ioctl; down ones only with -a. -e (ifconfig's long format in
 * net-tools) prints this same short table. As in net-tools with -c,
 * the title comes only once: the socket stays open between rounds.
 */
/* A -i row as jc --netstat makes it: no statistics, null counters */
static void json_iface(const struct iface_row *row, const char *name, long long mtu,
		unsigned flags, char *letters)
{
	static const char keys[] ALIGN1 = "rx_ok\0" "rx_err\0" "rx_drp\0" "rx_ovr\0"
		"tx_ok\0" "tx_err\0" "tx_drp\0" "tx_ovr\0";
	const char *key = keys;
	unsigned s;

	json_row();
	json_str("iface", name);
	json_num("mtu", mtu);
	for (s = 0; s < 8; s++, key += strlen(key) + 1) {
		if (row->has_stats)
			json_unum(key, row->stat[s]);
		else
			json_str(key, NULL);
	}
	json_str("flg", flag_letters(letters, flags, iface_flag_letters,
			ARRAY_SIZE(iface_flag_letters)));
	json_str("kind", "interface");
	out_char('}');
}

static int show_interfaces(void)
{
	struct iface_list list = { NULL, 0, 0 };
	char path[NET_PATH_SIZE];
	unsigned i;
	int fd, status = EXIT_SUCCESS;
	/* each round's own: its ioctls ask the namespace it is made in */
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (sock < 0)
		bb_simple_perror_msg_and_die("socket");
	/* net-tools prints the title in the first round of -c only */
	if (!G.iface_titled++ && !json_mode())
		out_str("Kernel Interface table\n");
	if (!json_mode())
		out_str("Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR"
			"    TX-OK TX-ERR TX-DRP TX-OVR Flg\n");

	fd = proc_net_open("dev", path);
	if (fd >= 0)
		each_line(fd, path, 2, dev_line, &list);
	else	/* net-tools goes on with the names SIOCGIFCONF gives */
		bb_simple_perror_msg(path);
	iface_add_labels(sock, &list);
	shell_sort(list.row, list.n, sizeof(list.row[0]), iface_cmp_any);

	for (i = 0; i < list.n; i++) {
		const struct iface_row *row = &list.row[i];
		char name[4 * IFNAMSIZ], letters[16];
		union cell cell[10];
		struct ifreq ifr;
		unsigned flags, s;

		if (i && !ifname_cmp(row[-1].name, row->name))
			continue;	/* each name once, the first of its entries */
		escape_into(name, sizeof(name), row->name, strlen(row->name));
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, row->name);
		if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) {
			/* gone since it was listed: net-tools stops here, status 1 */
			out_flush();
			bb_simple_perror_msg(name);
			status = EXIT_FAILURE;
			break;
		}
		flags = (unsigned short)ifr.ifr_flags;
		if (!(flags & IFF_UP) && !(G.opt & OPT_a))
			continue;
		cell[0].s = name;
		cell[1].n = ioctl(sock, SIOCGIFMTU, &ifr) < 0 ? 0 : ifr.ifr_mtu;
		for (s = 0; s < 8; s++)
			cell[2 + s].n = (long long)row->stat[s];
		if (json_mode()) {
			json_iface(row, name, cell[1].n, flags, letters);
			continue;
		}
		out_format("%1$-15.15s %2$5d ", cell);
		if (row->has_stats)
			out_format("%3$8llu %4$6lu %5$6lu %6$-6lu "
				"%7$8llu %8$6lu %9$6lu %10$6lu ", cell);
		else
			out_left("     - no statistics available -", 56);
		if (flags == 0)
			out_str("[NO FLAGS]");
		out_str(flag_letters(letters, flags, iface_flag_letters,
				ARRAY_SIZE(iface_flag_letters)));
		out_char('\n');
	}
	unmap(list.row, list.cap * sizeof(list.row[0]));
	close(sock);
	return status;
}

/* ---- -r ---- */

/* route flags (include/uapi/linux/route.h, ipv6_route.h) */
enum {
	RTF_UP_ = 0x0001, RTF_GATEWAY_ = 0x0002, RTF_HOST_ = 0x0004,
	RTF_REINSTATE_ = 0x0008, RTF_DYNAMIC_ = 0x0010, RTF_MODIFIED_ = 0x0020,
	RTF_MTU_ = 0x0040, RTF_WINDOW_ = 0x0080, RTF_IRTT_ = 0x0100,
	RTF_REJECT_ = 0x0200, RTF_NOTCACHED_ = 0x0400,
	RTF_DEFAULT_ = 0x10000, RTF_ALLONLINK_ = 0x20000, RTF_ADDRCONF_ = 0x40000,
	RTF_NONEXTHOP_ = 0x200000, RTF_EXPIRES_ = 0x400000,
	RTF_CACHE_ = 0x1000000, RTF_FLOW_ = 0x2000000, RTF_POLICY_ = 0x4000000,
};
#define RTF_LOCAL_ 0x80000000u

/* rprint_fib's letters, in its order. A reject route prints '!' in
 * place of the U and G before it (see route4_line). */
static const struct flag_letter route4_flag_letters[] = {
	FLAG_LETTER(RTF_UP_, 'U'), FLAG_LETTER(RTF_GATEWAY_, 'G'),
	FLAG_LETTER(RTF_REJECT_, '!'), FLAG_LETTER(RTF_HOST_, 'H'),
	FLAG_LETTER(RTF_REINSTATE_, 'R'), FLAG_LETTER(RTF_DYNAMIC_, 'D'),
	FLAG_LETTER(RTF_MODIFIED_, 'M'), FLAG_LETTER(RTF_DEFAULT_, 'd'),
	FLAG_LETTER(RTF_ALLONLINK_, 'a'), FLAG_LETTER(RTF_ADDRCONF_, 'c'),
	FLAG_LETTER(RTF_NONEXTHOP_, 'o'), FLAG_LETTER(RTF_EXPIRES_, 'e'),
	FLAG_LETTER(RTF_CACHE_, 'c'), FLAG_LETTER(RTF_FLOW_, 'f'),
	FLAG_LETTER(RTF_POLICY_, 'p'), FLAG_LETTER(RTF_LOCAL_, 'l'),
	FLAG_LETTER(RTF_MTU_, 'u'), FLAG_LETTER(RTF_WINDOW_, 'w'),
	FLAG_LETTER(RTF_IRTT_, 'i'), FLAG_LETTER(RTF_NOTCACHED_, 'n'),
};

/* rprint_fib6's letters, in its order */
static const struct flag_letter route6_flag_letters[] = {
	FLAG_LETTER(RTF_UP_, 'U'), FLAG_LETTER(RTF_REJECT_, '!'),
	FLAG_LETTER(RTF_GATEWAY_, 'G'), FLAG_LETTER(RTF_HOST_, 'H'),
	FLAG_LETTER(RTF_DEFAULT_, 'D'), FLAG_LETTER(RTF_ADDRCONF_, 'A'),
	FLAG_LETTER(RTF_CACHE_, 'C'), FLAG_LETTER(RTF_ALLONLINK_, 'a'),
	FLAG_LETTER(RTF_EXPIRES_, 'e'), FLAG_LETTER(RTF_MODIFIED_, 'm'),
	FLAG_LETTER(RTF_NONEXTHOP_, 'n'), FLAG_LETTER(RTF_FLOW_, 'f'),
};

/* The cells of an IPv4 route, in the order of the "N$" of the formats */
enum {
	C_DEST, C_GATEWAY, C_GENMASK, C_FLAGS, C_METRIC, C_REF, C_USE,
	C_IFACE, C_MSS, C_WINDOW, C_IRTT, C_COUNT
};

/*
 * rprint_fib's header tails (with "\n" to follow) and rows (lib/inet_gr.c) for ext 1 (-e),
 * 2 (no -e) and 3 (-ee). net-tools cuts Destination and Gateway to 15
 * bytes before "%-15s": here ".15". A reject route has no gateway,
 * interface or MSS.
 */
static const struct route4_format {
	const char *title, *row, *reject;
} route4_formats[3] = {
	{ "Flags Metric Ref    Use Iface",
	  "%1$-15.15s %2$-15.15s %3$-15s %4$-5s %5$-6d %6$-2d %7$7d %8$s\n",
	  "%1$-15.15s -               %3$-15s %4$-5s %5$-6d -  %7$7d -\n" },
	{ "Flags   MSS Window  irtt Iface",
	  "%1$-15.15s %2$-15.15s %3$-15s %4$-5s %9$5d %10$-5d %11$6d %8$s\n",
	  "%1$-15.15s -               %3$-15s %4$-5s     - -          - -\n" },
	{ "Flags Metric Ref    Use Iface    MSS   Window irtt",
	  "%1$-15.15s %2$-15.15s %3$-15s %4$-5s %5$-6d %6$-3d %7$6d %8$-6.6s   %9$-5d %10$-6d %11$d\n",
	  "%1$-15.15s -               %3$-15s %4$-5s %5$-6d -  %7$7d -        -     -      -\n" },
};

enum { NAME_NET4 = NAME_USER + 1 };	/* cache kind of network names */

/* glibc's files backend for getnetbyaddr(): the first /etc/networks
 * line ("name number aliases") whose number is this network; a short
 * number is padded as glibc pads it ("10.20" is 10.20.0.0). Decimal
 * parts only (glibc would also take octal and hex ones). */
static int networks_lookup(const uint8_t *addr, char *name, size_t size)
{
	char buf[1024];
	struct reader r;
	char *line;
	int found = 0;
	int fd = open_config("/etc/networks");

	if (fd < 0)
		return 0;
	etc_reader_init(&r, fd, buf, sizeof(buf) - 1);
	while (!found && (line = read_line(&r)) != NULL) {
		uint8_t net[4] = { 0 };
		char *field[2];
		const char *p;
		unsigned i;

		if (split_fields(line, field, 2) < 2)
			continue;
		for (i = 0, p = field[1]; i < 4; i++, p++) {
			unsigned long long part;

			p = parse_dec(p, &part);
			if (!p || part > 255) {
				p = NULL;
				break;
			}
			net[i] = (uint8_t)part;
			if (*p != '.')
				break;
		}
		if (!p || *p || i == 4 || memcmp(net, addr, 4))
			continue;
		escape_into(name, size, field[0], strlen(field[0]));
		found = 1;
	}
	close(fd);
	return found;
}

/* A network's name (getnetbyaddr), or its numbers; looked up once */
static const char *net_name(char *buf, const uint8_t *addr)
{
	uint8_t key[16] = { 0 };
	const char *name;

	if (!ENABLE_FEATURE_NETSTAT_RESOLVE) {
		put_ipv4(buf, addr);
		return buf;
	}
	memcpy(key, addr, 4);
	name = cache_get(NAME_NET4, key);
	if (name)
		return name;
	if (!networks_lookup(addr, buf, NAMEBUF_SIZE))
		put_ipv4(buf, addr);
	cache_put(NAME_NET4, key, buf);
	return buf;
}

/*
 * The Destination column, net-tools' INET_rresolve with the route's
 * mask: 0.0.0.0/0 is "default" and another zero address 0.0.0.0; an
 * address with host bits set, or of a host route, is named as a host
 * (hosts, DNS), any other as a network (/etc/networks); numbers when
 * nothing names it, or with -n, --numeric-hosts or -N.
 */
static const char *route4_dest(char *buf, const uint8_t *addr,
		const uint8_t *mask, int host_route)
{
	uint32_t a, m;

	memcpy(&a, addr, 4);
	memcpy(&m, mask, 4);
	if (!(G.numeric & NUM_HOST)) {
		if (a == 0)
			return m ? "0.0.0.0" : "default";
		if (!host_route && !(a & ~m))
			return net_name(buf, addr);
	}
	return host_str(buf, addr, 0);
}

/* An IPv4 route as jc --netstat makes it of `netstat -r` or -e, every
 * column: a reject route's "-" cells are "-" or null, as jc reads them */
static void json_route4(const union cell *cell, int reject)
{
	static const char keys[C_COUNT][12] = {
		[C_DEST] = "destination", [C_GATEWAY] = "gateway",
		[C_GENMASK] = "genmask", [C_FLAGS] = "route_flags",
		[C_METRIC] = "metric", [C_REF] = "route_refs", [C_USE] = "use",
		[C_IFACE] = "iface", [C_MSS] = "mss", [C_WINDOW] = "window",
		[C_IRTT] = "irtt",
	};
	/* the cells a reject row prints as "-"; the strings among all */
	enum {
		DASHED = 1 << C_GATEWAY | 1 << C_REF | 1 << C_IFACE | 1 << C_MSS
			| 1 << C_WINDOW | 1 << C_IRTT,
		STRINGS = 1 << C_DEST | 1 << C_GATEWAY | 1 << C_GENMASK
			| 1 << C_FLAGS | 1 << C_IFACE,
	};
	unsigned c;

	json_row();
	for (c = 0; c < C_COUNT; c++) {
		if (reject && (DASHED & (1 << c)))
			json_str(keys[c], (STRINGS & (1 << c)) ? "-" : NULL);
		else if (STRINGS & (1 << c))
			json_str(keys[c], cell[c].s);
		else
			json_num(keys[c], cell[c].n);
	}
	json_str("kind", "route");
	out_char('}');
}

/*
 * One line of /proc/net/route (net/ipv4/fib_trie.c fib_route_seq_show):
 * "Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window
 * IRTT", addresses as parse_addr() reads them. Only usable (RTF_UP)
 * routes are shown; with -eee net-tools prints no rows at all.
 */
static int route4_line(char *line, void *ctx)
{
	unsigned ext = *(const unsigned *)ctx;
	char iface[IFNAMSIZ], iface_esc[4 * IFNAMSIZ], genmask[16], letters[24];
	char dest[NAMEBUF_SIZE], gateway[NAMEBUF_SIZE];
	uint8_t addr[3][4];	/* destination, gateway, mask */
	union cell cell[C_COUNT];
	unsigned long long flags;
	const struct route4_format *f;
	const char *p;
	unsigned i;
	int reject;

	if (!line)
		return 0;	/* nothing held back */
	p = next_word(line, iface, sizeof(iface));
	p = next_addr(p, 1, addr[0]);
	p = next_addr(p, 1, addr[1]);
	p = next_hex_field(p, 8, &flags);
	p = next_int(p, &cell[C_REF].n);
	p = next_int(p, &cell[C_USE].n);
	p = next_int(p, &cell[C_METRIC].n);
	p = next_addr(p, 1, addr[2]);
	for (i = C_MSS; i <= C_IRTT; i++)	/* the kernel's MTU, Window, IRTT */
		p = next_int(p, &cell[i].n);
	if (!p)
		return -1;
	if (!(flags & RTF_UP_) || ext == 0)
		return 0;

	f = &route4_formats[ext - 1];
	reject = (flags & RTF_REJECT_) != 0;
	if (reject)
		flags &= ~(unsigned long long)(RTF_UP_ | RTF_GATEWAY_);
	cell[C_DEST].s = route4_dest(dest, addr[0], addr[2], flags & RTF_HOST_);
	cell[C_GATEWAY].s = host_str(gateway, addr[1], 0);
	put_ipv4(genmask, addr[2]);
	cell[C_GENMASK].s = genmask;
	cell[C_FLAGS].s = flag_letters(letters, flags, route4_flag_letters,
			ARRAY_SIZE(route4_flag_letters));
	escape_into(iface_esc, sizeof(iface_esc), iface, strlen(iface));
	cell[C_IFACE].s = iface_esc;
	if (json_mode())
		json_route4(cell, reject);
	else
		out_format(reject ? f->reject : f->row, cell);
	return 0;
}

/*
 * One line of /proc/net/ipv6_route (net/ipv6/route.c ipv6_route_native_seq_show):
 * "DEST PLEN SRC SLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE". The table
 * holds the FIB routes, the cache (-C) the RTF_CACHE ones. Metric,
 * RefCnt and Use print as ints: 0xffffffff is -1 (unreachable default).
 */
static int route6_line(char *line, void *ctx)
{
	int cache = *(const int *)ctx;
	char iface[IFNAMSIZ], iface_esc[4 * IFNAMSIZ], letters[16], num[24];
	char host[NAMEBUF_SIZE], dest[NAMEBUF_SIZE + 8], next_hop[NAMEBUF_SIZE];
	uint8_t dst[16], src[16], hop[16];
	unsigned long long plen, slen, v[4];	/* metric, refcnt, use, flags */
	union cell cell[7];
	const char *p;
	unsigned i;

	if (!line)
		return 0;	/* nothing held back */
	p = next_bytes(line, 16, dst);
	p = next_hex_field(p, 2, &plen);
	p = next_bytes(p, 16, src);
	p = next_hex_field(p, 2, &slen);
	p = next_bytes(p, 16, hop);
	for (i = 0; i < 4; i++)
		p = next_hex_field(p, 8, &v[i]);
	p = next_word(p, iface, sizeof(iface));
	if (!p)
		return -1;
	if (!(v[3] & RTF_CACHE_) != !cache)
		return 0;

	strcpy(dest, host_str(host, dst, 1));
	strcat(dest, "/");
	strcat(dest, fmt_ulong(num, plen));
	cell[0].s = dest;
	cell[1].s = host_str(next_hop, hop, 1);
	cell[2].s = flag_letters(letters, v[3], route6_flag_letters,
			ARRAY_SIZE(route6_flag_letters));
	for (i = 0; i < 3; i++)
		cell[3 + i].n = (int32_t)(uint32_t)v[i];
	escape_into(iface_esc, sizeof(iface_esc), iface, strlen(iface));
	cell[6].s = iface_esc;
	if (json_mode()) {
		json_row();
		json_str("destination", cell[0].s);
		json_str("next_hop", cell[1].s);
		json_str("route_flags", cell[2].s);
		json_num("metric", cell[3].n);
		json_num("route_refs", cell[4].n);
		json_num("use", cell[5].n);
		json_str("iface", cell[6].s);
		json_str("kind", "route");
		out_char('}');
		return 0;
	}
	out_format("%-30s %-26s %-4s %-3d %-1d %6d %s\n", cell);
	return 0;
}

/* rprint_fib's words when the kernel lacks the table; status 1 */
static int route_not_configured(const char *path, const char *family)
{
	int fd;

	out_flush();
	bb_simple_perror_msg(path);
	fd = messages_begin();
	out_str(family);
	out_str(" not configured in this system.\n");
	messages_end(fd);
	return EXIT_FAILURE;
}

/*
 * IPv4: the FIB from /proc/net/route, or the header of the route cache
 * (-C): /proc/net/rt_cache has listed no entries since Linux 3.6, and
 * its rows are not read.
 */
static int route4_table(unsigned ext, int cache)
{
	char path[NET_PATH_SIZE];
	int fd = proc_net_open(cache ? "rt_cache" : "route", path);

	if (fd < 0)
		return route_not_configured(path, "INET (IPv4)");
	if (!json_mode()) {
		out_str("Kernel IP routing ");
		out_str(cache ? "cache\n" : "table\n");
	}
	if (ext && !json_mode()) {
		out_str(cache ? "Source          Destination     Gateway         "
			: "Destination     Gateway         Genmask         ");
		out_str(route4_formats[ext - 1].title);
		if (cache && ext == 3)	/* rprint_cache's, for the kernel 2.2 layout */
			out_str("  TOS HHRef HHUptod     SpecDst");
		out_char('\n');
	}
	if (cache)
		close(fd);
	else
		each_line(fd, path, 1, route4_line, &ext);
	return EXIT_SUCCESS;
}

/* IPv6: /proc/net/ipv6_route, its FIB routes or (-C, since there is no
 * /proc/net/ndisc) its cache routes */
static int route6_table(int cache)
{
	char path[NET_PATH_SIZE];
	int fd = proc_net_open("ipv6_route", path);

	if (fd < 0)
		return route_not_configured(path, "INET6 (IPv6)");
	if (!json_mode()) {
		out_str("Kernel IPv6 routing ");
		out_str(cache ? "cache\n" : "table\n");
		out_str("Destination                    Next Hop                   Flag Met Ref  Use If\n");
	}
	each_line(fd, path, 0, route6_line, &cache);
	return EXIT_SUCCESS;
}

/*
 * -r: IPv4 unless a family is named; both: IPv4 first (net-tools
 * follows the order of the options). -F (the default) the FIB, -C the
 * cache, -CF both. -e: Metric/Ref/Use, -ee: both column sets. -N is
 * numeric for routes, as in net-tools. "unix" has no routes: status 3.
 */
static int show_routes(void)
{
	unsigned fams = G.opt & OPT_A ? G.families	/* -A's list, merged */
		: (G.opt & OPT_4 ? FAM_INET : 0) | (G.opt & OPT_6 ? FAM_INET6 : 0)
		| (G.opt & OPT_x ? FAM_UNIX : 0);
	int cache = (G.opt & OPT_C) != 0;
	int fib = !cache || (G.opt & OPT_F);
	/* net-tools' flag_exp: 1 + the number of -e, 1 and 2 swapped, & 3 */
	unsigned ext = G.extend < 2 ? 2 - (unsigned)G.extend : ((unsigned)G.extend + 1) & 3;
	int status = EXIT_SUCCESS;

	if (!(G.opt & (OPT_4 | OPT_6 | OPT_A | OPT_x)))
		fams = FAM_INET;	/* net-tools' default family */
	if (G.opt & OPT_N)
		G.numeric |= NUM_HOST;
	if (fams & FAM_INET) {
		if (fib)
			status = route4_table(ext, 0);
		if (!status && cache)
			status = route4_table(ext, 1);
	}
	if (ENABLE_FEATURE_IPV6 && !status && (fams & FAM_INET6)) {
		if (fib)
			status = route6_table(0);
		if (!status && cache)
			status = route6_table(1);
	}
	if (!status && (fams & FAM_UNIX)) {
		static const char msg[] = "No routing for address family `unix'.\n";
		out_flush();
		full_write(STDERR_FILENO, msg, sizeof(msg) - 1);
		status = 3;
	}
	return status;
}

/* ---- -g ---- */

/* "%-15s %-6d %s\n" of igmp_do_one */
static void out_mcast(const char *device, unsigned long long users, const char *group)
{
	union cell cell[3];

	if (json_mode()) {
		char name[4 * IFNAMSIZ];
		size_t n = strlen(device);

		/* igmp's device is padded with blanks, which %-15s hides */
		while (n && device[n - 1] == ' ')
			n--;
		memcpy(name, device, n);
		name[n] = '\0';
		json_row();
		json_str("iface", name);
		json_num("refcnt", (int32_t)(uint32_t)users);
		json_str("group", group);
		json_str("kind", "group");
		out_char('}');
		return;
	}
	cell[0].s = device;
	cell[1].n = (int32_t)(uint32_t)users;
	cell[2].s = group;
	out_format("%-15s %-6d %s\n", cell);
}

/*
 * /proc/net/igmp (net/ipv4/igmp.c igmp_mc_seq_show): a device line
 * "IDX\tNAME      :  COUNT QUERIER", then "\t\t\t\tGROUP USERS TIMER
 * REPORTER" per group. net-tools takes the 15 bytes after the index
 * ("%d\t%15c") up to their last ':' as the device (ctx keeps it,
 * escaped); its blank padding is absorbed by "%-15s".
 */
static int igmp_line(char *line, void *ctx)
{
	char *device = ctx;
	const char *p;

	if (!line)
		return 0;	/* nothing held back */
	if (line[0] != '\t') {
		unsigned long long idx;
		char name[16], *colon;
		size_t n;

		p = next_dec(line, &idx);
		if (!p)
			return -1;
		p = skip_blanks(p);
		for (n = 0; n < 15 && p[n]; n++)
			name[n] = p[n];
		name[n] = '\0';
		colon = strrchr(name, ':');
		if (colon)
			*colon = '\0';
		escape_into(device, 4 * IFNAMSIZ, name, strlen(name));
	} else {
		char host[NAMEBUF_SIZE];
		unsigned long long users;
		uint8_t group[4];

		p = next_addr(line, 1, group);
		if (!p || !next_dec(p, &users))
			return -1;
		out_mcast(device, users, host_str(host, group, 0));
	}
	return 0;
}

/* /proc/net/igmp6 (net/ipv6/mcast.c igmp6_mc_seq_show):
 * "IDX NAME GROUP USERS FLAGS TIMER", the group as "%pi6" */
static int igmp6_line(char *line, void *ctx UNUSED_PARAM)
{
	char name[IFNAMSIZ], device[4 * IFNAMSIZ], host[NAMEBUF_SIZE];
	unsigned long long idx, users;
	uint8_t group[16];
	const char *p;

	if (!line)
		return 0;	/* nothing held back */
	p = next_dec(line, &idx);
	p = next_word(p, name, sizeof(name));
	p = next_bytes(p, 16, group);
	if (!p || !next_dec(p, &users))
		return -1;
	escape_into(device, sizeof(device), name, strlen(name));
	out_mcast(device, users, host_str(host, group, 1));
	return 0;
}

/*
 * net-tools' group section: the heading, then the IPv4 groups and the
 * IPv6 ones of the selected families. A missing igmp is treated as the
 * socket tables treat a missing table (-v names it); a missing igmp6 is
 * silent, as in net-tools. Every round of -c is read like the first
 * (net-tools reads igmp as igmp6 from the second round on).
 */
static void show_mcast(void)
{
	static const struct proc_table igmp = {
		"igmp", "", KIND_MCAST, FAM_INET, "AF INET (igmp)",
	};
	char path[NET_PATH_SIZE], device[4 * IFNAMSIZ];
	int fd;

	/* show_sockets() calls this on G.kinds, which the compiler cannot
	 * see is never KIND_MCAST without -g: keep it out of the binary */
	if (!ENABLE_FEATURE_NETSTAT_GROUPS)
		return;
	if (!json_mode())
		out_str(IF_FEATURE_IPV6("IPv6/") "IPv4 Group Memberships\n"
			"Interface       RefCnt Group\n"
			"--------------- ------ ---------------------\n");
	device[0] = '\0';
	if ((G.families & FAM_INET) && (fd = open_table(&igmp, path)) >= 0)
		each_line(fd, path, 1, igmp_line, device);
	if (ENABLE_FEATURE_IPV6 && (G.families & FAM_INET6)
	 && (fd = proc_net_open("igmp6", path)) >= 0)
		each_line(fd, path, 0, igmp6_line, NULL);
}

/* ------------------------------------------------------------------ */
/* The socket listing: net-tools' tables, in its order                 */

static void out_title(const char *what)
{
	out_str(what);
	if (G.opt & OPT_a)
		out_str("(servers and established)");
	else if (G.opt & OPT_l)
		out_str("(only servers)");
	else
		out_str("(w/o servers)");
}

static void show_sockets(void)
{
	unsigned i;

	if (G.opt & OPT_p)
		prg_load();	/* anew each round of -c, as net-tools */

	if ((G.kinds & ~(1 << KIND_UNIX | 1 << KIND_MCAST)) && !json_mode()) {
		out_title("Active Internet connections ");
		out_str("\nProto Recv-Q Send-Q Local Address           "
			"Foreign Address         State      ");
		if (G.opt & OPT_e)
			out_str(" User       Inode     ");
		if (G.opt & OPT_p)
			out_str(" PID/Program name    ");
		if (G.opt & OPT_o)
			out_str(" Timer");
		out_char('\n');
	}
	/* the inet tables; then, as net-tools, -g; then unix */
	for (i = 0; i < ARRAY_SIZE(proc_tables); i++) {
		const struct proc_table *t = &proc_tables[i];

		if (t->kind != KIND_UNIX && (G.kinds & (1 << t->kind))
		 && (G.families & t->family))
			inet_table(t, print_inet_row, 0);
	}
	if (G.kinds & (1 << KIND_MCAST))
		show_mcast();
	if ((G.kinds & (1 << KIND_UNIX)) && !json_mode()) {
		out_title("Active UNIX domain sockets ");
		out_str("\nProto RefCnt Flags       Type       State"
			"         I-Node  ");
		if (G.opt & OPT_p)
			out_str(" PID/Program name    ");
		out_str(" Path\n");
	}
	if (G.kinds & (1 << KIND_UNIX))
		unix_table(&proc_tables[ARRAY_SIZE(proc_tables) - 1]);
}

/* ------------------------------------------------------------------ */
/* Counting at the kernel's speed: NETLINK_SOCK_DIAG                   */

/*
 * What only counts or groups (-S, -G) asks the kernel for its sockets
 * over NETLINK_SOCK_DIAG instead of reading /proc/net/tcp: no text is
 * formatted and parsed, and the states asked for are filtered in the
 * kernel (idiag_states). Each reply becomes the same struct inet_row
 * the /proc reader makes and goes to the same handler, so both paths
 * count alike by construction; /proc stays the ground truth. Any
 * failure (no netlink, no inet_diag module, EPERM in a sandbox, a short
 * or malformed reply) undoes what was counted and counts again from
 * /proc, silently; -v says which path counted. Never any extension
 * (INET_DIAG_INFO would triple the bytes). TCP, UDP and UDP-Lite; raw
 * sockets (whose dumps need the protocol as an attribute) from /proc.
 * The kernel's ABI, from include/uapi/linux/{netlink,sock_diag,inet_diag}.h
 * (our own names: the applet may not see kernel headers).
 */
enum {
	DIAG_NETLINK = 4,		/* NETLINK_SOCK_DIAG */
	DIAG_BY_FAMILY = 20,		/* SOCK_DIAG_BY_FAMILY */
	DIAG_NLM_REQUEST = 1, DIAG_NLM_DUMP = 0x300,
	DIAG_NLMSG_ERROR = 2, DIAG_NLMSG_DONE = 3,
	DIAG_ALL_STATES = 0xfff,	/* TCPF_* of states 0..11 */
};

struct diag_nlhdr {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};

struct diag_sockid {
	uint16_t sport, dport;		/* network order */
	uint32_t src[4], dst[4];	/* network order */
	uint32_t ifindex;
	uint32_t cookie[2];
};

struct diag_req {
	struct diag_nlhdr nl;
	uint8_t family, protocol, ext, pad;
	uint32_t states;
	struct diag_sockid id;
};

struct diag_msg {
	uint8_t family, state, timer, retrans;
	struct diag_sockid id;
	uint32_t expires, rqueue, wqueue, uid, inode;
};

struct diag_sockaddr {
	uint16_t family, pad;
	uint32_t pid, groups;
};

/* A port in network order, as the kernel keeps it */
static unsigned diag_port(uint16_t be)
{
	const uint8_t *b = (const uint8_t *)&be;

	return (unsigned)(b[0] << 8 | b[1]);
}

/*
 * The rows of one datagram of a dump (buf, len) of table t asked with
 * seq, to handle: 1 at its end (NLMSG_DONE), 0 when more follow, -1 for
 * an error or anything malformed (then nothing can be trusted).
 */
static int diag_rows(const uint8_t *buf, size_t len, uint32_t seq,
		const struct proc_table *t, row_handler_t *handle)
{
	while (len) {
		struct diag_nlhdr h;
		struct diag_msg m;
		struct inet_row row;
		size_t size;

		if (len < sizeof(h))
			return -1;
		memcpy(&h, buf, sizeof(h));
		if (h.len < sizeof(h) || h.len > len || h.seq != seq)
			return -1;
		if (h.type == DIAG_NLMSG_DONE)
			return 1;
		if (h.type != DIAG_BY_FAMILY || h.len < sizeof(h) + sizeof(m))
			return -1;	/* NLMSG_ERROR, or not ours */
		memcpy(&m, buf + sizeof(h), sizeof(m));
		if (m.family != (t->family == FAM_INET6 ? AF_INET6 : AF_INET))
			return -1;
		memset(&row, 0, sizeof(row));
		row.is6 = m.family == AF_INET6;
		memcpy(row.local, m.id.src, row.is6 ? 16 : 4);
		memcpy(row.remote, m.id.dst, row.is6 ? 16 : 4);
		row.lport = diag_port(m.id.sport);
		row.rport = diag_port(m.id.dport);
		row.state = m.state;
		row.rxq = m.rqueue;
		row.txq = m.wqueue;
		row.uid = m.uid;
		row.inode = m.inode;
		dispatch_row(t, &row, handle);
		size = (h.len + 3) & ~3u;	/* NLMSG_ALIGN */
		if (size > len)
			size = len;
		buf += size;
		len -= size;
	}
	return 0;
}

/* The TCPF_* bits of the states the count needs from the kernel */
static uint32_t diag_states(const struct proc_table *t)
{
	uint32_t states = DIAG_ALL_STATES;
	unsigned st, i;

	if (t->kind != KIND_TCP)
		return states;	/* UDP "listens" by its remote address */
	/* the listing's selection: only a LISTEN or CLOSE socket can have
	 * no remote port (net-tools' "listening") */
	if (!(G.opt & OPT_a) && (G.opt & OPT_l))
		states = 1u << TCP_LISTEN_ | 1u << TCP_CLOSE_;
	else if (!(G.opt & OPT_a) && !G.hints_on)
		states &= ~(1u << TCP_LISTEN_);
	/* -G state=NAME filters */
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY && (G.opt & OPT_G) && G.bykey_spec.n_states) {
		uint32_t named = 0;
		for (st = 1; st < ARRAY_SIZE(tcp_state_names); st++)
			for (i = 0; i < G.bykey_spec.n_states; i++)
				if (!strncasecmp(tcp_state_names[st], G.bykey_spec.state[i],
						G.bykey_spec.state_len[i]))
					named |= 1u << st;
		states &= named;
	}
	return states;
}

/* One table through the kernel; 0 if it could not be (nothing counted
 * is left to undo only if nothing came: see each_inet_row()) */
static int diag_table(const struct proc_table *t, row_handler_t *handle)
{
	static uint32_t seq;
	struct diag_req req;
	struct diag_sockaddr sa;
	int fd, done = 0;

	memset(&req, 0, sizeof(req));
	req.nl.len = sizeof(req);
	req.nl.type = DIAG_BY_FAMILY;
	req.nl.flags = DIAG_NLM_REQUEST | DIAG_NLM_DUMP;
	req.nl.seq = ++seq;
	req.family = t->family == FAM_INET6 ? AF_INET6 : AF_INET;
	req.protocol = t->kind == KIND_TCP ? IPPROTO_TCP
		: t->kind == KIND_UDP ? IPPROTO_UDP : IPPROTO_UDPLITE;
	req.states = diag_states(t);
	if (!req.states)
		return 1;	/* a filter no state passes */
	memset(&sa, 0, sizeof(sa));
	sa.family = AF_NETLINK;
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, DIAG_NETLINK);
	if (fd < 0)
		return 0;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa, sizeof(sa)) == (ssize_t)sizeof(req)) {
		while (!done) {
			ssize_t n = recv(fd, G.iobuf, IOBUF_SIZE, 0);
			done = n > 0 ? diag_rows((const uint8_t *)G.iobuf, (size_t)n, seq, t, handle) : -1;
		}
	}
	close(fd);
	return done == 1;
}

/* Whether counting can stop reading a line at its state: the owner
 * (-p) and the hints (-S -v: queues, inodes) need the rest */
static int count_head_only(void)
{
	return !(G.opt & OPT_p)
		&& !(ENABLE_FEATURE_NETSTAT_SUMMARY_HINTS && (G.opt & OPT_v));
}

/* Every selected inet table through the kernel where it can, raw ones
 * from /proc; 0 if a table failed (the caller starts again from /proc).
 * Only where /proc/net is the kernel's: a snapshot bind-mounted over it
 * (a test's, a saved machine's) is what was asked for. */
static int diag_each_inet_row(row_handler_t *handle)
{
	struct statfs fs;
	unsigned i;

	if (statfs(G.proc_net, &fs) != 0 || fs.f_type != 0x9fa0 /* PROC_SUPER_MAGIC */)
		return 0;

	for (i = 0; i < ARRAY_SIZE(proc_tables); i++) {
		const struct proc_table *t = &proc_tables[i];

		if (t->kind == KIND_UNIX || !(G.kinds & (1 << t->kind)) || !(G.families & t->family))
			continue;
		if (t->kind == KIND_RAW)
			inet_table(t, handle, count_head_only());
		else if (!diag_table(t, handle))
			return 0;
	}
	return 1;
}

static void bykey_reset(void);

/* What -S and -G counted so far, forgotten (the netlink path failed) */
static void counts_reset(void)
{
	memset(G.state_counts, 0, sizeof(G.state_counts));
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY)
		bykey_reset();
	memset(&G.hints, 0, offsetof(struct hint_counts, last_state));
}

/* Every selected inet row, for counting: through the kernel where it
 * can (see diag_table()), else, and always with --no-netlink, /proc */
static void each_inet_row(row_handler_t *handle)
{
	unsigned i;

	/* (a namespace read from outside is not the one netlink would ask) */
	if (ENABLE_FEATURE_NETSTAT_SOCK_DIAG && !G.no_diag && !G.netns_outside) {
		if (diag_each_inet_row(handle)) {
			if ((G.opt & OPT_v) && !G.said_path++)
				bb_simple_error_msg("counted from NETLINK_SOCK_DIAG");
			return;
		}
		counts_reset();
		G.no_diag = 1;
	}
	if (ENABLE_FEATURE_NETSTAT_SOCK_DIAG && (G.opt & OPT_v) && !G.said_path++)
		bb_simple_error_msg("counted from /proc/net");
	for (i = 0; i < ARRAY_SIZE(proc_tables); i++) {
		const struct proc_table *t = &proc_tables[i];
		if ((G.kinds & (1 << t->kind)) && (G.families & t->family))
			inet_table(t, handle, count_head_only());
	}
}

/* ------------------------------------------------------------------ */
/* -S: how many sockets are in each state                              */

/* tcp, udp (with UDP-Lite), raw: the protocol classes -S counts apart
 * and -G's proto key names */
enum { CLASS_TCP, CLASS_UDP, CLASS_RAW, CLASS_COUNT };
static const char proto_class_names[CLASS_COUNT][4] = { "tcp", "udp", "raw" };

static unsigned proto_class_of(unsigned kind)
{
	return kind == KIND_TCP ? CLASS_TCP : kind == KIND_RAW ? CLASS_RAW : CLASS_UDP;
}

/* The kernel's name of a state: UDP and raw sockets use TCP's numbers
 * (ESTABLISHED when connected, CLOSE when not). */
static const char *state_name(unsigned state)
{
	if (state == 0 || state >= ARRAY_SIZE(tcp_state_names))
		return "UNKNOWN";
	return tcp_state_names[state];
}

static void count_bykey(const struct proc_table *t, const struct inet_row *row);
static uint8_t key_addr(uint8_t *dst, const uint8_t *addr, int is6);

/* prog's tally (-S -v -p): its count, or a new entry while there is room */
static void prog_tally_add(struct prog_tally *t, uint32_t prog)
{
	unsigned i;

	for (i = 0; i < HINT_PROGS; i++) {
		if (!t->count[i])
			t->prog[i] = prog;
		if (t->prog[i] == prog) {
			t->count[i]++;
			return;
		}
	}
}

/* A listener with a non-empty accept queue, kept if among the longest */
static void note_queued_listener(const struct inet_row *row)
{
	struct hint_counts *h = &G.hints;
	struct queued_listener *q = &h->queued[HINT_LISTENERS - 1];
	unsigned i;

	h->n_queued++;
	if (row->rxq <= q->queue)
		return;
	q->queue = row->rxq;
	q->port = (uint16_t)row->lport;
	q->is6 = (uint8_t)key_addr(q->addr, row->local, row->is6);
	for (i = HINT_LISTENERS - 1; i && h->queued[i].queue > h->queued[i - 1].queue; i--) {
		struct queued_listener tmp = h->queued[i];
		h->queued[i] = h->queued[i - 1];
		h->queued[i - 1] = tmp;
	}
}

/* Whether a TCP state holds a local port toward its peer: what uses up
 * the ephemeral ports of one (source, destination, port) */
static int holds_port(unsigned state)
{
	return state != TCP_LISTEN_ && state != TCP_SYN_RECV_ && state != TCP_CLOSE_
	 && state >= TCP_ESTABLISHED_ && state <= TCP_CLOSING_;
}

static void count_state(const struct proc_table *t, const struct inet_row *row)
{
	G.state_counts[proto_class_of(t->kind)][row->state & 0xff]++;
	/* (hints_on: summarise() made the tables the hints count into) */
	if (!ENABLE_FEATURE_NETSTAT_SUMMARY_HINTS || !G.hints_on || t->kind != KIND_TCP)
		return;
	/* -v: what the hints need, counted on the way */
	if (row->state == TCP_FIN_WAIT2_ && row->inode == 0)
		G.hints.fin_wait2_orphans++;
	else if (row->state == TCP_FIN_WAIT2_ && (G.opt & OPT_p))
		prog_tally_add(&G.hints.fin_wait2, prg_index(row->inode));
	if (row->state == TCP_CLOSE_WAIT_ && (G.opt & OPT_p))
		prog_tally_add(&G.hints.close_wait, prg_index(row->inode));
	/* connections per (source, destination, port) whose local port
	 * is from the ephemeral range, to tell how close each is to
	 * running out of ports */
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY && holds_port(row->state)
	 && row->lport >= G.ephemeral_lo && row->lport <= G.ephemeral_hi)
		count_bykey(t, row);
}

/*
 * "STATE COUNT" per state that has sockets, most first, ties in the
 * kernel's state order: the lines of the awk one-liner, in an order one
 * can rely on. With UDP or raw counted too, each line starts with its
 * protocol ("udp ESTABLISHED 3").
 */
static void print_state_summary(void)
{
	int with_proto = (G.kinds & ~(1 << KIND_TCP)) != 0;
	unsigned g;

	for (g = 0; g < CLASS_COUNT; g++) {
		unsigned long long *count = G.state_counts[g];
		for (;;) {
			unsigned st, best = 0;

			for (st = 1; st < 256; st++)
				if (count[st] > count[best])
					best = st;
			if (best == 0 && count[0] == 0)
				break;
			if (json_mode()) {
				json_object();
				json_str("proto", proto_class_names[g]);
				json_str("state", state_name(best));
				json_unum("count", count[best]);
				out_char('}');
			} else {
				if (with_proto) {
					out_str(proto_class_names[g]);
					out_char(' ');
				}
				out_str(state_name(best));
				out_char(' ');
				out_unum(count[best]);
				out_char('\n');
			}
			count[best] = 0;
		}
	}
}

/* --format=prometheus -S: node_exporter's tcpstat family, every TCP
 * state with 0 where there is none (a rate of an absent series would
 * break), a netns label first for --netns=all (netns: its inode, or 0) */
static void prom_tcp_states(const unsigned long long *count, uint32_t netns)
{
	unsigned st;

	for (st = 1; st < ARRAY_SIZE(tcp_state_names); st++) {
		char num[24];

		prom_series("node_tcp_connection_states");
		if (netns)
			prom_label("netns", fmt_ulong(num, netns));
		prom_state_label(tcp_state_names[st]);
		prom_value(count[st]);
	}
}

static void prom_tcp_states_family(void)
{
	prom_family("node_tcp_connection_states", "gauge", "Number of connection states.");
}

/* ------------------------------------------------------------------ */
/* -G KEYS: counts by key, the sort | uniq -c pipelines in one table.   */

enum {
	FIELD_STATE, FIELD_PROTO, FIELD_RHOST, FIELD_RPORT, FIELD_RADDR,
	FIELD_LHOST, FIELD_LPORT, FIELD_LADDR, FIELD_PROG,
};
static const char bykey_field_names[] ALIGN1 =
	"state\0" "proto\0" "rhost\0" "rport\0" "raddr\0"
	"lhost\0" "lport\0" "laddr\0" "prog\0";

/* The endpoint keys: which end, and its host, its port or both (addr) */
enum { END_LOCAL, END_REMOTE };
enum { END_HOST = 1, END_PORT = 2, END_SIDE = 4 /* set: remote */ };
static const uint8_t field_ends[] = {
	[FIELD_RHOST] = END_SIDE | END_HOST, [FIELD_RPORT] = END_SIDE | END_PORT,
	[FIELD_RADDR] = END_SIDE | END_HOST | END_PORT,
	[FIELD_LHOST] = END_HOST, [FIELD_LPORT] = END_PORT,
	[FIELD_LADDR] = END_HOST | END_PORT, [FIELD_PROG] = 0,
};

/* END_LOCAL or END_REMOTE: the end an endpoint key of field_ends is of */
static unsigned end_side(unsigned ends)
{
	return (ends & END_SIDE) ? END_REMOTE : END_LOCAL;
}


/* What a row is counted under: the fields the keys name, the rest 0.
 * v4-mapped addresses are keyed as the IPv4 address they carry, as
 * netstat prints them. */
struct sock_end {
	uint8_t addr[16];
	uint16_t port;
};
struct sock_key {
	struct sock_end end[2];	/* [END_LOCAL], [END_REMOTE] */
	uint8_t is6[2];		/* the end's address is IPv6 */
	uint8_t state, proto_class;	/* kernel state; proto_class_of() */
	uint32_t prog;		/* -p: name index + 1; 0 for "-" */
	uint32_t netns;		/* --netns=all: the namespace's inode */
};

struct bykey_slot {
	struct sock_key key;
	uint32_t count;
};
/* the 52 bytes a key the README and the //config: help state */
typedef char bykey_slot_is_52_bytes[sizeof(struct bykey_slot) == 52 ? 1 : -1];

/*
 * Every distinct key counts apart, however many there are (as uniq -c):
 * the keys in the order they were found, in one mapping grown by
 * doubling (52 bytes a key; only the pages written are ever touched),
 * and a hash index of 4-byte slots (key number + 1, 0 free) at most
 * three quarters full, doubled and refilled when it would be more
 * (4 to 11 bytes a key). So at most 63 bytes a key, made when -G (or
 * -S -v) is given and grown with the number of keys, never per socket;
 * no bss in a BusyBox binary. A mapping that fails ends the run (exit
 * 1, "out of memory") before anything is printed from it.
 */
static struct bykey_slot *bykey_table;
static unsigned bykey_table_cap;
static uint32_t *bykey_index;
static unsigned bykey_index_size;

static void bykey_alloc(void)
{
	bykey_index_size = BYKEY_INDEX_FIRST;
	bykey_index = map_bytes(BYKEY_INDEX_FIRST * sizeof(bykey_index[0]));
	bykey_table = grow(NULL, &bykey_table_cap, 1, sizeof(bykey_table[0]));
}

static uint32_t bykey_hash(const struct sock_key *key)
{
	uint32_t h = 2166136261u;
	unsigned i;

	for (i = 0; i < sizeof(*key); i++)	/* FNV-1a */
		h = (h ^ ((const uint8_t *)key)[i]) * 16777619u;
	return h;
}

/* The index slot of key: the one that holds it, or the free one where
 * it would go */
static uint32_t *bykey_slot_of(const struct sock_key *key)
{
	uint32_t h = bykey_hash(key);

	for (;; h++) {
		uint32_t *slot = &bykey_index[h & (bykey_index_size - 1)];
		if (!*slot || !memcmp(&bykey_table[*slot - 1].key, key, sizeof(*key)))
			return slot;
	}
}

/* A new index of twice the size, every key put back */
static void bykey_reindex(void)
{
	unsigned i, n = G.bykey_spec.n_keys;

	unmap(bykey_index, bykey_index_size * sizeof(bykey_index[0]));
	bykey_index_size *= 2;
	bykey_index = map_bytes(bykey_index_size * sizeof(bykey_index[0]));
	for (i = 0; i < n; i++)
		*bykey_slot_of(&bykey_table[i].key) = i + 1;
}


NORETURN static void bad_bykey_spec(const char *item)
{
	char msg[128];

	strcpy(msg, "bad -G item: ");
	strncat(msg, item, 64);
	bb_simple_error_msg(msg);
	xfunc_error_retval = 3;
	bb_show_usage();
}

static unsigned long long parse_bykey_number(const char *s, unsigned long long max, const char *item)
{
	unsigned long long v;
	const char *end = parse_dec(s, &v);

	if (!end || *end || v > max)
		bad_bykey_spec(item);
	return v;
}

/* "rhost,state=SYN_RECV,port=80,top=20" */
static void parse_bykey_spec(char *arg)
{
	struct bykey_spec *gs = &G.bykey_spec;
	char *item, *save = NULL;

	for (item = strtok_r(arg, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		const char *n = bykey_field_names;
		unsigned i = 0;

		if (eq) {
			*eq++ = '\0';
			if (!strcmp(item, "state") && gs->n_states < BYKEY_MAX_FILTERS && *eq) {
				gs->state_len[gs->n_states] = (uint8_t)(strlen(eq) < 12 ? strlen(eq) : 12);
				gs->state[gs->n_states++] = eq;
			} else if (!strcmp(item, "port") && gs->n_ports < BYKEY_MAX_FILTERS) {
				gs->port[gs->n_ports++] = (uint16_t)parse_bykey_number(eq, 0xffff, item);
			} else if (!strcmp(item, "top")) {
				gs->top = parse_bykey_number(eq, ULLONG_MAX, item);
			} else {
				bad_bykey_spec(item);
			}
			continue;
		}
		for (; *n; n += strlen(n) + 1, i++)
			if (!strcmp(n, item))
				break;
		if (!*n || gs->n_fields == BYKEY_MAX_FIELDS
		 || (i == FIELD_PROG && !ENABLE_FEATURE_NETSTAT_PRG))
			bad_bykey_spec(item);
		if (i == FIELD_PROG)
			G.opt |= OPT_p;		/* counting by owner needs -p's scan */
		/* (Prometheus labels: each name once) */
		if (prom_mode() && memchr(gs->field, (int)i, gs->n_fields))
			bad_bykey_spec(item);
		gs->field[gs->n_fields++] = (uint8_t)i;
	}
	if (!gs->n_fields)
		bad_bykey_spec(arg);
}

static int bykey_filters_pass(const struct inet_row *row)
{
	const struct bykey_spec *gs = &G.bykey_spec;
	unsigned i;
	int ok = !gs->n_states;

	for (i = 0; i < gs->n_states; i++)
		if (!strncasecmp(state_name((unsigned)row->state), gs->state[i], gs->state_len[i]))
			ok = 1;
	if (!ok)
		return 0;
	ok = !gs->n_ports;
	for (i = 0; i < gs->n_ports; i++)
		if (row->lport == gs->port[i] || row->rport == gs->port[i])
			ok = 1;
	return ok;
}

/* An address as netstat shows it: v4-mapped becomes IPv4 */
static uint8_t key_addr(uint8_t *dst, const uint8_t *addr, int is6)
{
	if (is6 && is_v4mapped(addr)) {
		memcpy(dst, addr + 12, 4);
		return 0;
	}
	memcpy(dst, addr, is6 ? 16 : 4);
	return (uint8_t)is6;
}

static void count_bykey(const struct proc_table *t, const struct inet_row *row)
{
	struct bykey_spec *gs = &G.bykey_spec;
	struct sock_key key;
	uint32_t *slot;
	unsigned i;

	if (!bykey_filters_pass(row))
		return;
	memset(&key, 0, sizeof(key));
	key.netns = G.netns_all ? G.netns_ino : 0;
	for (i = 0; i < gs->n_fields; i++) {
		unsigned field = gs->field[i], ends = field_ends[field];
		unsigned side = end_side(ends);

		if (field == FIELD_STATE)
			key.state = (uint8_t)row->state;
		else if (field == FIELD_PROTO)
			key.proto_class = (uint8_t)proto_class_of(t->kind);
		else if (field == FIELD_PROG)
			key.prog = prg_index(row->inode);
		if (ends & END_HOST)
			key.is6[side] = key_addr(key.end[side].addr,
					side ? row->remote : row->local, row->is6);
		if (ends & END_PORT)
			key.end[side].port = (uint16_t)(side ? row->rport : row->lport);
	}
	slot = bykey_slot_of(&key);
	if (*slot) {
		bykey_table[*slot - 1].count++;
		return;
	}
	if ((gs->n_keys + 1) * 4 > bykey_index_size * 3) {
		bykey_reindex();
		slot = bykey_slot_of(&key);
	}
	bykey_table = grow(bykey_table, &bykey_table_cap, gs->n_keys + 1, sizeof(bykey_table[0]));
	bykey_table[gs->n_keys].key = key;
	bykey_table[gs->n_keys].count = 1;
	*slot = ++gs->n_keys;
}

/* IPv4 before IPv6, then by value */
static int compare_addrs(const uint8_t *a, int a6, const uint8_t *b, int b6)
{
	if (a6 != b6)
		return a6 - b6;
	return memcmp(a, b, a6 ? 16 : 4);
}

/* Most first; ties by the keys, in the order -G names them (a and b
 * are key numbers, see print_bykey()) */
static int compare_slots(const void *a, const void *b)
{
	const struct bykey_slot *sa = &bykey_table[*(const uint32_t *)a];
	const struct bykey_slot *sb = &bykey_table[*(const uint32_t *)b];
	const struct sock_key *x = &sa->key, *y = &sb->key;
	unsigned long long cx = sa->count, cy = sb->count;
	unsigned f;

	if (cx != cy)
		return cx > cy ? -1 : 1;
	if (x->netns != y->netns)
		return x->netns < y->netns ? -1 : 1;
	for (f = 0; f < G.bykey_spec.n_fields; f++) {
		unsigned field = G.bykey_spec.field[f], ends = field_ends[field];
		unsigned side = end_side(ends);
		int d = 0;

		if (field == FIELD_STATE)
			d = x->state - y->state;
		else if (field == FIELD_PROTO)
			d = x->proto_class - y->proto_class;
		else if (field == FIELD_PROG)
			d = strcmp(prg_index_name(x->prog), prg_index_name(y->prog));
		if (ends & END_HOST)
			d = compare_addrs(x->end[side].addr, x->is6[side],
					y->end[side].addr, y->is6[side]);
		if (!d && (ends & END_PORT))
			d = x->end[side].port - y->end[side].port;
		if (d)
			return d;
	}
	return 0;
}


static void out_bykey_addr(const uint8_t *addr, int is6)
{
	char buf[64];

	if (is6)
		fmt_ipv6(buf, addr);
	else
		put_ipv4(buf, addr);
	out_str(buf);
}



/* No keys, for the next round of -c (the mappings are kept) */
static void bykey_reset(void)
{
	if (!bykey_index)
		return;
	memset(bykey_index, 0, bykey_index_size * sizeof(bykey_index[0]));
	G.bykey_spec.n_keys = 0;
}

/* The text of key FIELD of k, as -G prints it (into buf[NAMEBUF_SIZE]) */
static const char *bykey_value(char *buf, const struct sock_key *k, unsigned field)
{
	unsigned ends = field_ends[field];
	unsigned side = end_side(ends);
	char *p = buf;

	if (field == FIELD_STATE)
		return state_name(k->state);
	if (field == FIELD_PROTO)
		return proto_class_names[k->proto_class];
	if (field == FIELD_PROG) {
		const char *name = prg_index_name(k->prog);
		escape_into(buf, NAMEBUF_SIZE, name, strlen(name));
		return buf;
	}
	*p = '\0';
	if (ends & END_HOST) {
		if (k->is6[side])
			fmt_ipv6(p, k->end[side].addr);
		else
			put_ipv4(p, k->end[side].addr);
		p += strlen(p);
	}
	if (ends == (ends | END_HOST | END_PORT))
		*p++ = ':';
	if (ends & END_PORT) {
		char num[24];
		strcpy(p, fmt_ulong(num, k->end[side].port));
	}
	return buf;
}

/* The Nth of a list of NUL-terminated names */
static const char *nth_name(const char *names, unsigned n)
{
	while (n--)
		names += strlen(names) + 1;
	return names;
}

/* "%7lu KEY KEY...", the format of uniq -c, most first; in JSON an
 * object a key, in Prometheus text a series with a label a key */
static void print_bykey(void)
{
	struct bykey_spec *gs = &G.bykey_spec;
	unsigned i, n = gs->n_keys;

	/* counting is over: the index, larger than the number of keys,
	 * becomes the order to print them in */
	for (i = 0; i < n; i++)
		bykey_index[i] = i;
	shell_sort(bykey_index, n, sizeof(bykey_index[0]), compare_slots);
	if (gs->top && n > gs->top)
		n = (unsigned)gs->top;
	if (prom_mode())
		prom_family("netstat_sockets", "gauge", "Sockets counted by netstat -G, by its keys.");
	for (i = 0; i < n; i++) {
		const struct bykey_slot *slot = &bykey_table[bykey_index[i]];
		const struct sock_key *k = &slot->key;
		char buf[NAMEBUF_SIZE], num[24];
		unsigned f;

		if (json_mode()) {
			json_object();
			json_unum("count", slot->count);
			if (G.netns_all)
				json_unum("netns", k->netns);
		} else if (prom_mode()) {
			prom_series("netstat_sockets");
			if (G.netns_all)
				prom_label("netns", fmt_ulong(num, k->netns));
		} else {
			out_unum_pad(slot->count, 7);
			if (G.netns_all) {
				out_char(' ');
				out_unum(k->netns);
			}
		}
		for (f = 0; f < gs->n_fields; f++) {
			unsigned field = gs->field[f];
			const char *name = nth_name(bykey_field_names, field);
			const char *value = bykey_value(buf, k, field);

			if (json_mode() && (field_ends[field] & ~END_SIDE) == END_PORT)
				json_unum(name, k->end[end_side(field_ends[field])].port);
			else if (json_mode())
				json_str(name, value);
			else if (prom_mode() && field == FIELD_STATE)
				prom_state_label(value);
			else if (prom_mode())
				prom_label(name, value);
			else {
				out_char(' ');
				out_str(value);
			}
		}
		if (json_mode())
			out_char('}');
		else if (prom_mode())
			prom_value(slot->count);
		else
			out_char('\n');
	}
	bykey_reset();
}

/* ------------------------------------------------------------------ */
/* -S -v: what the counts mean against the kernel's limits             */

/* The numbers in buf, after the word LABEL if one is given
 * ("TCP: inuse 5 orphan 0"); how many were read */
static unsigned numbers_in(const char *buf, const char *label,
		unsigned long long *v, unsigned max)
{
	const char *p = buf;
	unsigned n = 0;

	if (label) {
		size_t n_label = strlen(label);
		while (*p && (strncmp(p, label, n_label) || p[n_label] != ' '))
			p++;
		if (!*p)
			return 0;
		p += n_label;
	}
	while (n < max && (p = next_dec(p, &v[n])) != NULL)
		n++;
	return n;
}

/* The numbers in a small /proc file (a sysctl, or a line of sockstat);
 * a file the kernel or the container does not offer reads as none, and
 * its hint is left out */
static unsigned read_numbers_fd(int fd, const char *label,
		unsigned long long *v, unsigned max)
{
	char buf[512];
	ssize_t len;

	if (fd < 0)
		return 0;
	len = safe_read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	return numbers_in(buf, label, v, max);
}

static unsigned read_numbers(const char *path, const char *label,
		unsigned long long *v, unsigned max)
{
	return read_numbers_fd(open(path, O_RDONLY | O_CLOEXEC), label, v, max);
}

/* A number file of /proc/net (G.proc_net: the namespace's) */
static unsigned read_net_numbers(const char *file, const char *label,
		unsigned long long *v, unsigned max)
{
	char path[NET_PATH_SIZE];

	return read_numbers_fd(proc_net_open(file, path), label, v, max);
}

/* A sysctl of our namespace; none of a namespace read from outside
 * (/proc/sys is always the reader's own) */
static unsigned long long sysctl_value(const char *name, unsigned long long *v)
{
	char path[64];

	if (G.netns_outside)
		return 0;
	strcpy(path, "/proc/sys/net/");
	strcat(path, name);
	return read_numbers(path, NULL, v, 1);
}

/* "TEXT=VALUE" of a sysctl, with its dotted name */
static void out_sysctl(const char *name, unsigned long long v)
{
	const char *p;

	out_str("net.");
	for (p = name; *p; p++)
		out_char(*p == '/' ? '.' : *p);
	out_char('=');
	out_unum(v);
}

/* sep, then a sysctl as out_sysctl() prints it, if the kernel has it;
 * its value in *v */
static int out_sysctl_if(const char *sep, const char *name, unsigned long long *v)
{
	if (!sysctl_value(name, v))
		return 0;
	out_str(sep);
	out_sysctl(name, *v);
	return 1;
}

/* "P% of " */
static void out_share(unsigned long long part, unsigned long long whole)
{
	out_unum(whole ? part * 100 / whole : 0);
	out_str("% of ");
}

static void out_count_line(const char *state, unsigned long long count)
{
	out_str(state);
	out_char(' ');
	out_unum(count);
	out_str(": ");
}

static void read_port_range(void)
{
	unsigned long long range[2];

	if (!G.netns_outside
	 && read_numbers("/proc/sys/net/ipv4/ip_local_port_range", NULL, range, 2) == 2) {
		G.ephemeral_lo = range[0];
		G.ephemeral_hi = range[1];
	}
}

/* The peer with the most connections holding ephemeral ports (keys of
 * lhost and raddr, from count_state()) */
static const struct bykey_slot *busiest_peer(void)
{
	const struct bykey_slot *best = NULL;
	unsigned i;

	for (i = 0; i < G.bykey_spec.n_keys; i++) {
		const struct bykey_slot *slot = &bykey_table[i];
		if (!best || slot->count > best->count)
			best = slot;
	}
	return best;
}

/* The ports of net.ipv4.ip_local_reserved_ports ("8080,9000-9010")
 * within lo..hi: connect() never takes them */
static unsigned long long reserved_ports(unsigned long long lo, unsigned long long hi)
{
	char buf[512];
	unsigned long long n = 0;
	const char *p = buf;
	ssize_t len;
	int fd = G.netns_outside ? -1 : open("/proc/sys/net/ipv4/ip_local_reserved_ports", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	len = safe_read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	while (*p) {
		unsigned long long a, b;
		const char *q = parse_dec(p, &a);

		if (!q)
			break;
		b = a;
		if (*q == '-' && (q = parse_dec(q + 1, &b)) == NULL)
			break;
		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (a <= b)
			n += b - a + 1;
		p = *q == ',' ? q + 1 : q;
		if (*q != ',')
			break;
	}
	return n;
}

/* "TcpExt:ListenOverflows": a section of /proc/net/netstat or snmp and
 * a counter's name, in the order of the KC_* */
static const char hint_counter_names[] ALIGN1 =
	"TcpExt:TCPTimeWaitOverflow\0" "TcpExt:ListenOverflows\0"
	"TcpExt:ListenDrops\0" "TcpExt:TCPReqQFullDrop\0"
	"TcpExt:TCPReqQFullDoCookies\0" "TcpExt:SyncookiesSent\0"
	"TcpExt:SyncookiesFailed\0" "TcpExt:TCPAbortOnMemory\0"
	"Tcp:RetransSegs\0" "Tcp:OutRsts\0" "Tcp:EstabResets\0";

/* The KC_* counters of one file of name and value line pairs
 * ("TcpExt: A B" then "TcpExt: 1 2"), read whole into G.iobuf (the
 * sections the hints read come first); bit k of the result: KC k read */
static uint32_t read_kernel_counters_in(const char *file, unsigned long long *v)
{
	char *names = NULL, *line, *next, path[NET_PATH_SIZE];
	ssize_t len, n;
	uint32_t have = 0;
	int fd = proc_net_open(file, path);

	if (fd < 0)
		return 0;
	for (len = 0; len < IOBUF_SIZE && (n = safe_read(fd, G.iobuf + len, IOBUF_SIZE - len)) > 0; )
		len += n;
	close(fd);
	G.iobuf[len] = '\0';
	for (line = G.iobuf; *line; line = next) {
		char *end = strchrnul(line, '\n'), *colon;

		next = end + (*end != '\0');
		*end = '\0';
		colon = strchr(line, ':');
		if (!colon)
			continue;
		if (!names || strncmp(names, line, (size_t)(colon - line + 1)) != 0) {
			names = line;	/* a line of names; its values follow */
			continue;
		}
		{
			const char *name = strchr(names, ':') + 1, *value = colon + 1;
			size_t section = (size_t)(colon - line);

			while (*(name = skip_blanks(name))) {
				const char *e = name, *kc = hint_counter_names;
				unsigned k;

				while (*e && *e != ' ')
					e++;
				value = skip_blanks(value);
				for (k = 0; *kc; k++, kc += strlen(kc) + 1) {
					const char *cname = kc + section + 1;
					if (strncmp(kc, line, section + 1) == 0
					 && strncmp(cname, name, (size_t)(e - name)) == 0
					 && !cname[e - name] && parse_dec(value, &v[k]))
						have |= 1u << k;
				}
				while (*value && *value != ' ')
					value++;
				name = e;
			}
		}
		names = NULL;
	}
	return have;
}

static uint32_t read_kernel_counters(unsigned long long *v)
{
	memset(v, 0, KC_COUNT * sizeof(v[0]));
	return read_kernel_counters_in("netstat", v)
		| read_kernel_counters_in("snmp", v);
}

/* " NAME=VALUE" of the counters first..last that were read; with
 * before (-S -c), " NAME +CHANGE RATE/s" over ticks (1/100 s) */
static void out_kernel_counters(const unsigned long long *v, uint32_t have,
		unsigned first, unsigned last, const unsigned long long *before,
		unsigned long long ticks)
{
	const char *kc = hint_counter_names;
	unsigned k;

	for (k = 0; k <= last; k++, kc += strlen(kc) + 1) {
		if (k < first || !(have & 1u << k))
			continue;
		out_char(' ');
		out_str(kc);
		if (!before) {
			out_char('=');
			out_unum(v[k]);
			continue;
		}
		out_str(" +");
		out_unum(v[k] - before[k]);
		out_char(' ');
		out_unum(((v[k] - before[k]) * 100 + ticks / 2) / ticks);
		out_str("/s");
	}
}

/*
 * TIME_WAIT. The kernel's limit counts every timewait mini-socket of
 * this namespace: TIME_WAIT and orphaned FIN_WAIT2 (inet_twsk_alloc()
 * in net/ipv4/inet_timewait_sock.c compares tw_refcount with
 * sysctl_max_tw_buckets), which is sockstat's "tw" (net/ipv4/proc.c).
 * Past it tcp_time_wait() (net/ipv4/tcp_minisocks.c) closes the socket
 * at once and counts TCPTimeWaitOverflow; no log line on current
 * kernels. ip-sysctl.rst, tcp_max_tw_buckets: a DoS guard, "you must
 * not lower the limit artificially". TIME_WAIT lasts TCP_TIMEWAIT_LEN,
 * 60 s (include/net/tcp.h); tcp_fin_timeout does not change it.
 */
static void hint_timewait(const unsigned long long *kc, uint32_t have)
{
	unsigned long long tw, lim;

	if (!read_net_numbers("sockstat", "tw", &tw, 1)
	 || !sysctl_value("ipv4/tcp_max_tw_buckets", &lim))
		return;
	out_str("timewait: ");
	out_unum(tw);
	out_str(" in this namespace (sockstat tw: TIME_WAIT and orphaned FIN_WAIT2), ");
	out_share(tw, lim);
	out_sysctl("ipv4/tcp_max_tw_buckets", lim);
	if (have & 1u << KC_TW_OVERFLOW)
		out_char(';');
	out_kernel_counters(kc, have, KC_TW_OVERFLOW, KC_TW_OVERFLOW, NULL, 0);
	if (tw * 2 >= lim)
		out_str("; past it new ones skip TIME_WAIT: the limit guards memory, never lower it");
	out_str("; TIME_WAIT is a fixed 60 s, not tcp_fin_timeout\n");
}

/*
 * Ephemeral ports. connect() picks a local port from
 * ip_local_port_range less ip_local_reserved_ports that no connection
 * of the same (source, destination, port) holds (__inet_hash_connect()
 * and __inet_check_established() in net/ipv4/inet_hashtables.c); a
 * program that bind()s before connect() takes a port host-wide. A
 * TIME_WAIT port is reused only with tcp_tw_reuse (tcp_twsk_unique() in
 * net/ipv4/tcp_ipv4.c: outgoing connections, TCP timestamps on both
 * ends, never an orphaned FIN_WAIT2, after tcp_tw_reuse_delay ms where
 * the kernel has it; 2, the default, loopback only: ip-sysctl.rst).
 */
static void hint_ports(void)
{
	const struct bykey_slot *peer = busiest_peer();
	unsigned long long ports, reserved, v;

	if (!peer || G.ephemeral_hi < G.ephemeral_lo || !G.ephemeral_hi)
		return;
	reserved = reserved_ports(G.ephemeral_lo, G.ephemeral_hi);
	ports = G.ephemeral_hi - G.ephemeral_lo + 1 - reserved;
	out_str("ephemeral ports: ");
	out_unum(peer->count);
	out_str(" connections from ");
	out_bykey_addr(peer->key.end[END_LOCAL].addr, peer->key.is6[END_LOCAL]);
	out_str(" to ");
	out_bykey_addr(peer->key.end[END_REMOTE].addr, peer->key.is6[END_REMOTE]);
	out_char(':');
	out_unum(peer->key.end[END_REMOTE].port);
	out_str(", the busiest, hold ");
	out_share(peer->count, ports);
	out_unum(ports);
	out_str(" ports (");
	out_sysctl("ipv4/ip_local_port_range", G.ephemeral_lo);
	out_char('-');
	out_unum(G.ephemeral_hi);
	out_str(" less ");
	out_unum(reserved);
	out_str(" reserved), per source, destination and port");
	if (peer->count * 2 >= ports) {
		out_str("; then connect() fails with EADDRNOTAVAIL");
		if (out_sysctl_if("; ", "ipv4/tcp_tw_reuse", &v)) {
			out_str(" (1: outgoing ones may reuse TIME_WAIT ports if both ends send timestamps");
			out_sysctl_if(", ", "ipv4/tcp_timestamps", &v);
			if (out_sysctl_if(", after ", "ipv4/tcp_tw_reuse_delay", &v))
				out_str(" ms");
			out_str("; 2: loopback only; never FIN_WAIT2 ones)");
		}
		out_str(" or widen the range");
	}
	out_char('\n');
}

/*
 * Accept and SYN queues (net/ipv4/tcp_input.c tcp_conn_request()): a
 * full accept queue drops the SYN or the final ACK and counts
 * ListenOverflows and ListenDrops; clients then sit in SYN_SENT, not
 * SYN_RECV. Since Linux 4.4 a listener's SYN queue is bounded by its
 * listen() backlog (capped by somaxconn); when it is full a SYN is
 * answered with a cookie (TCPReqQFullDoCookies, SyncookiesSent) or,
 * with tcp_syncookies=0, dropped (TCPReqQFullDrop); tcp_max_syn_backlog
 * acts only with tcp_syncookies=0 (ip-sysctl.rst). A LISTEN row's
 * Recv-Q is its accept queue (get_tcp4_sock(): sk_ack_backlog).
 */
static void hint_queues(const unsigned long long *tcp_count,
		const unsigned long long *kc, uint32_t have)
{
	const struct hint_counts *h = &G.hints;
	unsigned long long v;
	unsigned i;

	if (h->n_queued || kc[KC_LISTEN_OVERFLOWS] || kc[KC_LISTEN_DROPS]) {
		out_str("accept queues:");
		out_kernel_counters(kc, have, KC_LISTEN_OVERFLOWS, KC_LISTEN_DROPS, NULL, 0);
		out_str(" (a full queue drops handshakes: clients wait in SYN_SENT)");
		for (i = 0; i < HINT_LISTENERS && h->queued[i].queue; i++) {
			out_str(i ? ", " : "; waiting: ");
			out_bykey_addr(h->queued[i].addr, h->queued[i].is6);
			out_char(':');
			out_unum(h->queued[i].port);
			out_char(' ');
			out_unum(h->queued[i].queue);
		}
		if (h->n_queued > HINT_LISTENERS) {
			out_str(" and ");
			out_unum(h->n_queued - HINT_LISTENERS);
			out_str(" more");
		}
		out_str(h->n_queued ? " (backlogs: ss -lnt)\n" : "\n");
	}
	if (!tcp_count[TCP_SYN_RECV_] && !kc[KC_REQQ_FULL_DROP] && !kc[KC_REQQ_FULL_COOKIES]
	 && !kc[KC_COOKIES_SENT] && !kc[KC_COOKIES_FAILED])
		return;
	out_str("SYN queues: SYN_RECV ");
	out_unum(tcp_count[TCP_SYN_RECV_]);
	out_char(';');
	out_kernel_counters(kc, have, KC_REQQ_FULL_DROP, KC_COOKIES_FAILED, NULL, 0);
	out_str("; a listener's SYN queue is bounded by its listen() backlog");
	out_sysctl_if(", capped by ", "core/somaxconn", &v);
	if (out_sysctl_if("; ", "ipv4/tcp_syncookies", &v)) {
		out_str(v == 0 ? " (off: a full queue drops SYNs)"
			: v == 1 ? " (cookies when full)" : " (cookies always)");
		if (v == 0 && out_sysctl_if("; ", "ipv4/tcp_max_syn_backlog", &v))
			out_str(" (acts when cookies are off)");
	}
	out_str("; who: -G rhost,state=SYN_RECV\n");
}

/*
 * Orphans: sockstat's "orphan" and "mem" and tcp_max_orphans are
 * host-wide (tcp_orphan_count is one per-CPU counter for the machine;
 * the sysctl is in init_net's table only, so a child namespace has
 * none: net/ipv4/sysctl_net_ipv4.c ipv4_table). Past the limit the
 * kernel resets orphans ("too many orphaned sockets",
 * tcp_check_oom() in net/ipv4/tcp.c).
 */
static void hint_orphans(void)
{
	unsigned long long orphans, lim;

	if (!read_net_numbers("sockstat", "orphan", &orphans, 1))
		return;
	out_str("orphans: ");
	out_unum(orphans);
	out_str(" host-wide (sockstat orphan counts every namespace)");
	if (sysctl_value("ipv4/tcp_max_orphans", &lim)) {
		out_str(", ");
		out_share(orphans, lim);
		out_sysctl("ipv4/tcp_max_orphans", lim);
		if (orphans * 2 >= lim)
			out_str("; past it orphans are reset");
	} else {
		out_str("; tcp_max_orphans is the host's, not visible here");
	}
	out_char('\n');
}

/* " held by PID/prog (N), ..." of a tally (-p) */
static void out_prog_tally(struct prog_tally *t)
{
	unsigned i;

	for (i = 0; i < HINT_PROGS && t->count[i]; i++) {
		char buf[4 * PRG_NAME_SIZE + 1];
		const char *name = prg_index_name(t->prog[i]);

		escape_into(buf, sizeof(buf), name, strlen(name));
		out_str(i ? ", " : "; held by ");
		out_str(buf);
		out_str(" (");
		out_unum(t->count[i]);
		out_char(')');
	}
}

/* CLOSE_WAIT: the peer's FIN came and the program has not closed; no
 * timer ends it (net/ipv4/tcp_input.c tcp_fin()) */
static void hint_close_wait(const unsigned long long *tcp_count)
{
	if (!tcp_count[TCP_CLOSE_WAIT_])
		return;
	out_count_line("CLOSE_WAIT", tcp_count[TCP_CLOSE_WAIT_]);
	out_str("closed by the peer, not yet by the program: no timer ends them,"
		" only close(); many mean a leak");
	if (G.opt & OPT_p)
		out_prog_tally(&G.hints.close_wait);
	else
		out_str("; -p names the programs");
	out_char('\n');
}

/*
 * FIN_WAIT2: orphaned ones (closed by their program: inode 0, mostly
 * timewait mini-sockets with the timewait timer) end after
 * tcp_fin_timeout (tcp_close() in net/ipv4/tcp.c); half-closed ones
 * still owned (shutdown(SHUT_WR)) have no timer and stay until the
 * peer closes (ip-sysctl.rst, tcp_fin_timeout).
 */
static void hint_fin_wait2(const unsigned long long *tcp_count)
{
	unsigned long long v, all = tcp_count[TCP_FIN_WAIT2_], orphans = G.hints.fin_wait2_orphans;

	if (!all)
		return;
	out_count_line("FIN_WAIT2", all);
	out_unum(orphans);
	out_str(" orphaned (inode 0): they end after");
	if (out_sysctl_if(" ", "ipv4/tcp_fin_timeout", &v))
		out_str(" s");
	else
		out_str(" tcp_fin_timeout");
	out_str("; ");
	out_unum(all - orphans);
	out_str(" still owned (shutdown()): no timer, they wait for the peer");
	if (G.opt & OPT_p)
		out_prog_tally(&G.hints.fin_wait2);
	out_char('\n');
}

/* The hints, each naming the counter and the sysctl it read (one that
 * the kernel or the namespace does not offer drops its part) */
static void print_diagnosis(const unsigned long long *tcp_count)
{
	unsigned long long kc[KC_COUNT];
	uint32_t have = read_kernel_counters(kc);

	out_char('\n');
	hint_timewait(kc, have);
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY)
		hint_ports();
	hint_queues(tcp_count, kc, have);
	hint_orphans();
	hint_close_wait(tcp_count);
	hint_fin_wait2(tcp_count);
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY)
		bykey_reset();
	memset(&G.hints, 0, offsetof(struct hint_counts, last_state));
}

/*
 * -S -c from the second round on: each TCP state's change since the
 * last round ("changes: ESTABLISHED +2 TIME_WAIT -5"), then the
 * counters a flood moves, as the change and per second
 * ("TcpExt:ListenOverflows +40 40/s"). The first round is plain -S, so
 * that it still equals the one-liner.
 */
static void print_changes(const unsigned long long *tcp_count)
{
	struct hint_counts *h = &G.hints;
	/* times(): clock ticks (USER_HZ, 100 a second, as -o assumes), a
	 * syscall without clock_gettime()'s vDSO code in a static binary */
	unsigned long long kc[KC_COUNT], now = (unsigned long)times(NULL);
	uint32_t have = read_kernel_counters(kc);
	unsigned st;

	if (h->rounds) {
		const char *sep = " none";

		out_str("changes:");
		for (st = 0; st < 16; st++) {
			unsigned long long was = h->last_state[st], is = tcp_count[st];
			if (was == is)
				continue;
			out_char(' ');
			out_str(state_name(st));
			out_str(is > was ? " +" : " -");
			out_unum(is > was ? is - was : was - is);
			sep = "";
		}
		out_str(sep);
		out_str("\ncounters:");
		out_kernel_counters(kc, have & h->last_kc_have, 0, KC_COUNT - 1, h->last_kc,
			(unsigned long)(now - h->last_ticks) ? (unsigned long)(now - h->last_ticks) : 1);
		out_char('\n');
	}
	memcpy(h->last_state, tcp_count, sizeof(h->last_state));
	memcpy(h->last_kc, kc, sizeof(kc));
	h->last_kc_have = have;
	h->last_ticks = now;
	h->rounds = 1;
}

/* One counter of hint_counter_names ("TcpExt:ListenOverflows") as
 * netstat_tcpext_listen_overflows_total, its kernel name in the help */
static void prom_kernel_counter(const char *kname, unsigned long long v)
{
	char name[80], help[96];
	const char *colon = strchr(kname, ':'), *c;
	char *p = name;

	strcpy(p, "netstat_");
	p += 8;
	for (c = kname; c < colon; c++)
		*p++ = (char)(*c | 0x20);
	for (c = colon + 1; *c; c++) {
		/* a word starts at a capital after a small letter, and at
		 * the last capital of a run before a small one (TCPReqQFull:
		 * tcp_req_q_full) */
		int up = (unsigned)(*c - 'A') < 26;

		if (c == colon + 1 || (up && ((unsigned)(c[-1] - 'a') < 26
				|| ((unsigned)(c[-1] - 'A') < 26 && (unsigned)(c[1] - 'a') < 26))))
			*p++ = '_';
		*p++ = (char)(up ? *c | 0x20 : *c);
	}
	strcpy(p, "_total");
	strcpy(help, kname);
	strcpy(help + (colon - kname) + 1, " ");
	strcat(help, colon + 1);
	/* (read_kernel_counters(): Tcp's from snmp, TcpExt's from netstat) */
	strcat(help, !strncmp(kname, "Tcp:", 4) ? " of /proc/net/snmp." : " of /proc/net/netstat.");
	prom_family(name, "counter", help);
	prom_series(name);
	prom_value(v);
}

static void prom_gauge(const char *name, const char *help, unsigned long long v)
{
	prom_family(name, "gauge", help);
	prom_series(name);
	prom_value(v);
}

/* --format=prometheus -S -v: the kernel's counters and limits the
 * hints weigh the counts against, each that the kernel has */
static void prom_kernel_metrics(void)
{
	unsigned long long kc[KC_COUNT], v;
	uint32_t have = read_kernel_counters(kc);
	const char *kname = hint_counter_names;
	unsigned k;

	for (k = 0; k < KC_COUNT; k++, kname += strlen(kname) + 1)
		if (have & (1u << k))
			prom_kernel_counter(kname, kc[k]);
	if (read_net_numbers("sockstat", "tw", &v, 1))
		prom_gauge("netstat_sockstat_tcp_tw",
			"TCP: tw of /proc/net/sockstat, the sockets in TIME_WAIT.", v);
	if (read_net_numbers("sockstat", "orphan", &v, 1))
		prom_gauge("netstat_sockstat_tcp_orphan",
			"TCP: orphan of /proc/net/sockstat, the sockets no process holds.", v);
	if (sysctl_value("ipv4/tcp_max_tw_buckets", &v))
		prom_gauge("netstat_sysctl_net_ipv4_tcp_max_tw_buckets",
			"The sysctl net.ipv4.tcp_max_tw_buckets.", v);
	if (sysctl_value("ipv4/tcp_max_orphans", &v))
		prom_gauge("netstat_sysctl_net_ipv4_tcp_max_orphans",
			"The sysctl net.ipv4.tcp_max_orphans.", v);
	read_port_range();
	if (G.ephemeral_hi) {
		prom_gauge("netstat_sysctl_net_ipv4_ip_local_port_range_low",
			"The first port of the sysctl net.ipv4.ip_local_port_range.", G.ephemeral_lo);
		prom_gauge("netstat_sysctl_net_ipv4_ip_local_port_range_high",
			"The last port of the sysctl net.ipv4.ip_local_port_range.", G.ephemeral_hi);
	}
}

/* -S, and with -v the hints; with -c the changes */
static void summarise(void)
{
	unsigned long long counts[3][256];

	int hints = ENABLE_FEATURE_NETSTAT_SUMMARY_HINTS && (G.opt & OPT_v)
		&& G.format == FORMAT_TEXT;

	if (G.opt & OPT_p)
		prg_load();
	if (hints) {
		if (ENABLE_FEATURE_NETSTAT_GROUP_BY && !bykey_table)
			bykey_alloc();
		read_port_range();
		G.hints_on = 1;
		G.bykey_spec.n_fields = 2;
		G.bykey_spec.field[0] = FIELD_LHOST;
		G.bykey_spec.field[1] = FIELD_RADDR;
	}
	each_inet_row(count_state);
	memcpy(counts, G.state_counts, sizeof(counts));
	if (prom_mode()) {
		prom_tcp_states_family();
		prom_tcp_states(counts[CLASS_TCP], 0);
		if (ENABLE_FEATURE_NETSTAT_SUMMARY_HINTS && (G.opt & OPT_v))
			prom_kernel_metrics();
		return;
	}
	print_state_summary();
	if (ENABLE_FEATURE_NETSTAT_SUMMARY_HINTS && (G.opt & OPT_c) && G.format == FORMAT_TEXT)
		print_changes(counts[0]);
	if (hints)
		print_diagnosis(counts[0]);
}

/* ------------------------------------------------------------------ */
/* Selecting tables: net-tools' rules, from its main().                */

/* -A FAMILY[,FAMILY]: the names net-tools' aftrans table knows. Ours
 * give FAM_* bits (4 for unix); the families of old (ax25 ...) are
 * refused as net-tools refuses them on a kernel without them; ddp,
 * appletalk and econet select nothing, as in net-tools. */
static unsigned parse_families(const char *arg)
{
	static const char names[] ALIGN1 =
		"inet\0" "ip\0" "tcpip\0" "inet6\0" "ip6\0" "unix\0"
		"ddp\0" "appletalk\0" "econet\0"
		"ax25\0" "x25\0" "ipx\0" "netrom\0" "rose\0" "bluetooth\0";
	static const uint8_t bits[] = {
		FAM_INET, FAM_INET, FAM_INET, FAM_INET6, FAM_INET6, FAM_UNIX, 0, 0, 0,
	};
	unsigned result = 0;

	while (*arg) {
		const char *comma = strchr(arg, ',');
		size_t len = comma ? (size_t)(comma - arg) : strlen(arg);
		const char *n = names;
		unsigned i = 0;
		char msg[96];

		for (; *n; n += strlen(n) + 1, i++)
			if (strlen(n) == len && !memcmp(n, arg, len))
				break;
		if (!*n) {
			strcpy(msg, "Unknown address family `");
			strncat(msg, arg, len < 60 ? len : 60);
			strcat(msg, "'.\n");
			full_write(STDERR_FILENO, msg, strlen(msg));
			exit(1);
		}
		/* -s names them in its own message, as net-tools does; a
		 * build without IPv6 refuses inet6 as these */
		if ((i >= ARRAY_SIZE(bits) || (!ENABLE_FEATURE_IPV6 && bits[i] == FAM_INET6))
		 && !(G.opt & OPT_s)) {
			char *p;
			strcpy(msg, "no support for `AF ");
			p = msg + strlen(msg);
			strcpy(p, n);
			for (; *p; p++)
				*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
			strcat(msg, "' on this system.");
			bb_simple_error_msg(msg);
			exit(1);
		}
		result |= i < ARRAY_SIZE(bits) ? bits[i] : 0;
		arg += len + (comma != NULL);
	}
	return result;
}

static void select_tables(const char *families_arg)
{
	uint32_t opt = G.opt;
	unsigned fam = 0, kinds = 0;

	if (opt & OPT_4)
		fam |= FAM_INET;
	if (opt & OPT_6)
		fam |= FAM_INET6;
	if (opt & OPT_A)
		fam |= parse_families(families_arg);
	if (opt & OPT_x)
		fam |= FAM_UNIX;

	if (opt & OPT_t)
		kinds |= 1 << KIND_TCP;
	if (opt & OPT_u)
		kinds |= 1 << KIND_UDP;
	if (opt & OPT_U)
		kinds |= 1 << KIND_UDPLITE;
	if (opt & OPT_w)
		kinds |= 1 << KIND_RAW;
	if (opt & OPT_g)
		kinds |= 1 << KIND_MCAST;
	/* a family without a protocol means all its protocols */
	if ((fam & (FAM_INET | FAM_INET6)) && !(kinds & ~(1 << KIND_MCAST)))
		kinds = (kinds & (1 << KIND_MCAST)) | (1 << KIND_TCP) | (1 << KIND_UDP)
			| (ENABLE_FEATURE_NETSTAT_UDPLITE << KIND_UDPLITE)
			| (ENABLE_FEATURE_NETSTAT_RAW << KIND_RAW);
	/* a protocol without a family means both families */
	if (kinds && !(fam & (FAM_INET | FAM_INET6)))
		fam |= FAM_INET | FAM_INET6;
	if (fam & FAM_UNIX)
		kinds |= 1 << KIND_UNIX;
	if (!kinds) {
		/* nothing chosen: everything */
		kinds = (1 << KIND_TCP) | (1 << KIND_UDP) | (1 << KIND_UNIX)
			| (ENABLE_FEATURE_NETSTAT_UDPLITE << KIND_UDPLITE)
			| (ENABLE_FEATURE_NETSTAT_RAW << KIND_RAW);
		fam = FAM_INET | FAM_INET6;
	}
	/* -S counts TCP unless a protocol is named; counting leaves unix out */
	if ((opt & OPT_S) && !(opt & (OPT_t | OPT_u | OPT_U | OPT_w)))
		kinds = 1 << KIND_TCP;
	if (opt & (OPT_S | OPT_G))
		kinds &= ~(1 << KIND_UNIX);
	if (!ENABLE_FEATURE_IPV6)
		fam &= ~FAM_INET6;
	G.kinds = (uint8_t)kinds;
	G.families = (uint8_t)fam;
}

/*
 * What net-tools has and we do not, refused as net-tools refuses them on
 * a machine without them (one line, exit 1), before getopt32 sees them:
 * its 32 option bits are all in use. -Z/--context (SELinux contexts),
 * --sctp, and the long options of the old families (as -A NAME).
 */
static void refuse_unsupported(char **argv)
{
	static const char families[] ALIGN1 =
		"ax25\0" "ipx\0" "netrom\0" "x25\0" "rose\0" "bluetooth\0";

	for (argv++; *argv && strcmp(*argv, "--"); argv++) {
		const char *w = *argv, *n;

		if (w[0] != '-')
			continue;
		if (w[1] != '-') {
			/* a cluster, up to an option that takes the rest */
			for (w++; *w && !strchr("AG", *w); w++)
				if (*w == 'Z')
					goto selinux;
			continue;
		}
		if (!strcmp(w, "--context"))
			goto selinux;
		if (!strcmp(w, "--sctp")) {
			bb_simple_error_msg("no support for `AF INET (sctp)' on this system.");
			exit(1);
		}
		for (n = families; *n; n += strlen(n) + 1)
			if (!strcmp(w + 2, n))
				parse_families(n);	/* refuses it */
	}
	return;
 selinux:
	full_write(STDERR_FILENO, "SELinux is not enabled on this machine.\n", 40);
	exit(1);
}

/* ------------------------------------------------------------------ */
/* --netns: another network namespace, or all of them                  */

/*
 * --netns=PID reads PID's network namespace: entered with setns() where
 * we may (root), so that every table, sysctl and ioctl is that
 * namespace's; else its tables are read from /proc/PID/net/ (readable
 * by anyone on current kernels for most processes), and what only the
 * namespace itself can tell (its sysctls, -i's ioctls) is left out or
 * refused. --netns=NAME (/run/netns/NAME, as ip netns makes) and
 * --netns=/path are entered or refused. --netns=all goes through every
 * distinct namespace of the processes we can see. With -p, only
 * processes of the namespace are scanned (see prg_load()).
 * Namespaces are told apart by the inode of /proc/PID/ns/net.
 */

/* A long option getopt32 has no bit for (its 32 are all in use), taken
 * out of argv: with an argument, "--NAME=X" or "--NAME X", X or NULL;
 * without, "--NAME", its name or NULL */
static const char *take_long_arg(char **argv, const char *name, int with_arg)
{
	size_t len = strlen(name);
	char **a;

	for (a = argv + 1; *a && strcmp(*a, "--"); a++) {
		const char *v = NULL;
		unsigned n = 1;

		if (strncmp(*a, name, len))
			continue;
		if (!with_arg && !(*a)[len])
			v = name;
		else if (with_arg && (*a)[len] == '=')
			v = *a + len + 1;
		else if (with_arg && !(*a)[len] && a[1])
			v = a[1], n = 2;
		if (v) {
			char **b;
			for (b = a; (b[0] = b[n]) != NULL; b++)
				continue;
			return v;
		}
	}
	return NULL;
}

NORETURN static void netns_die(const char *arg, const char *what, int err)
{
	char msg[128];

	strcpy(msg, "--netns=");
	strncat(msg, arg, 48);
	strcat(msg, ": ");
	strcat(msg, what);
	errno = err;
	if (err)
		bb_simple_perror_msg_and_die(msg);
	bb_simple_error_msg_and_die(msg);
}

/* Enters the namespace at path: 1; 0 with errno (-1: it cannot be
 * opened) */
/* Enters the namespace of an open nsfs file: 1, or 0 with errno */
static int netns_enter_fd(int fd)
{
	if (setns(fd, CLONE_NEWNET) != 0)
		return 0;
	G.netns_ino = netns_of(AT_FDCWD, "/proc/self");
	G.proc_net = "/proc/net/";
	G.netns_outside = 0;
	return 1;
}

static int netns_enter(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = netns_enter_fd(fd);
	close(fd);
	return ok;
}

/* "/proc/PID/ns/net" into path */
static char *netns_path(char *path, const char *pid)
{
	strcpy(path, "/proc/");
	strcat(path, pid);
	return strcat(path, "/ns/net");
}

/* PID's namespace without entering it: its tables from /proc/PID/net
 * (1 if they can be read), its inode if we may read it (else 0) */
static int netns_from_outside(const char *pid)
{
	static char net[NETNS_PATH_SIZE];
	size_t dir;

	strcpy(net, "/proc/");
	strcat(net, pid);
	dir = strlen(net);
	G.netns_ino = netns_of(AT_FDCWD, net);	/* "/proc/PID" */
	strcpy(net + dir, "/net/");
	G.proc_net = net;
	G.netns_outside = 1;
	return access(net, R_OK | X_OK) == 0;
}

static void netns_select(const char *arg)
{
	char path[NETNS_PATH_SIZE];
	const char *c;
	int entered;

	if (!strcmp(arg, "all")) {
		G.netns_all = 1;
		return;
	}
	for (c = arg; *c >= '0' && *c <= '9'; c++)
		continue;
	if (*arg && !*c && c - arg <= 10) {
		entered = netns_enter(netns_path(path, arg));
		if (entered < 0 && errno == ENOENT)
			netns_die(arg, "no such process", 0);
		if (entered <= 0 && !netns_from_outside(arg))
			netns_die(arg, "its /proc/PID/net", errno);
		return;
	}
	if (strlen(arg) >= sizeof(path) - 12 || !*arg)
		netns_die(arg, "no such namespace", 0);
	strcpy(path, strchr(arg, '/') ? "" : "/run/netns/");
	strcat(path, arg);
	entered = netns_enter(path);
	if (entered < 0)
		netns_die(arg, path, errno);
	if (!entered)
		netns_die(arg, errno == EINVAL ? "not a network namespace" : "setns", errno == EINVAL ? 0 : errno);
}

/* One namespace of --netns=all: its inode and the first process seen */
struct netns_entry {
	uint32_t ino;
	uint32_t pid;
	unsigned long long sockets, state[12];	/* -S: tcp_state_names */
};

/* Every distinct namespace of the processes we can see, in /proc's
 * order; *hidden: processes whose namespace we could not read */
static struct netns_entry *netns_list(unsigned *n, unsigned *cap, unsigned *hidden)
{
	struct netns_entry *list = NULL;
	struct dir_reader proc;
	const char *pid;
	uint32_t self = (uint32_t)getpid();

	*n = *hidden = 0;
	proc.fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	proc.len = proc.pos = 0;
	while (proc.fd >= 0 && (pid = next_name(&proc)) != NULL) {
		unsigned long long v;
		const char *end = parse_dec(pid, &v);
		uint32_t ino;
		unsigned i;

		if (!end || *end || v > 0xffffffffu)
			continue;
		ino = netns_of(proc.fd, pid);
		if (!ino) {
			*hidden += errno == EACCES || errno == EPERM;
			continue;
		}
		for (i = 0; i < *n && list[i].ino != ino; i++)
			continue;
		if (i < *n) {
			/* another process than us stands for it: our own
			 * namespace moves as we visit the others */
			if (list[i].pid == self)
				list[i].pid = (uint32_t)v;
			continue;
		}
		list = grow(list, cap, *n + 1, sizeof(*list));
		list[*n].ino = ino;
		list[(*n)++].pid = (uint32_t)v;
	}
	if (proc.fd >= 0)
		close(proc.fd);
	return list;
}

/* Enters (or reads from outside) one namespace of --netns=all; 0 when
 * its processes are gone. HOME: the namespace we started in, where no
 * other process may be (then e->pid is ours), open before any setns */
static int netns_visit(const struct netns_entry *e, int home)
{
	char path[NETNS_PATH_SIZE], pid[24];

	if (e->pid == (uint32_t)getpid() && home >= 0
	 && netns_enter_fd(home) && G.netns_ino == e->ino)
		return 1;
	strcpy(pid, fmt_ulong(path, e->pid));
	if (netns_enter(netns_path(path, pid)) > 0 && G.netns_ino == e->ino)
		return 1;
	/* not ours to enter: its tables from outside, if it is still there */
	return netns_from_outside(pid) && G.netns_ino == e->ino;
}

/* "PID/prog" of a process (its cell of -p) into cell, and the path of
 * its cgroup ("0::PATH" of cgroup v2, else the first line's) into
 * cgroup ("" if none); returns cell */
static const char *netns_owner(uint32_t pid, char *cell, char *cgroup)
{
	char num[24], path[40];
	const char *p = fmt_ulong(num, pid);
	int proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;
	ssize_t n = -1;

	cgroup[0] = '\0';
	if (proc_fd < 0 || !prg_name(proc_fd, p, cell)) {
		strcpy(cell, p);
		strcat(cell, "/-");
	}
	if (cell[strlen(cell) - 1] == '/')
		strcat(cell, "-");	/* a kernel thread: no argv */
	strcpy(path, p);
	strcat(path, "/cgroup");
	fd = proc_fd >= 0 ? openat(proc_fd, path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		n = safe_read(fd, G.iobuf, IOBUF_SIZE);
		close(fd);
	}
	if (proc_fd >= 0)
		close(proc_fd);
	if (n > 0) {
		char *line = G.iobuf, *colon, *end;

		G.iobuf[n] = '\0';
		/* cgroup v2's line "0::PATH", else the first */
		for (end = line; *end; end = strchrnul(end, '\n'), end += !!*end)
			if (!strncmp(end, "0::", 3)) {
				line = end;
				break;
			}
		end = strchrnul(line, '\n');
		*end = '\0';
		colon = strchr(line, ':');
		colon = colon ? strchr(colon + 1, ':') : NULL;
		if (colon && strcmp(colon + 1, "/") != 0) {
			size_t len = strlen(colon + 1);
			if (len > 255)
				len = 255;
			memcpy(cgroup, colon + 1, len);
			cgroup[len] = '\0';
		}
	}
	return cell;
}

/* "netns INODE: PID/PROG, cgroup PATH" before each namespace's output */
static void out_netns_header(const struct netns_entry *e)
{
	char cell[PRG_NAME_SIZE], cgroup[256], buf[4 * 256 + 1];

	out_str("netns ");
	out_unum(e->ino);
	out_str(": ");
	out_str(netns_owner(e->pid, cell, cgroup));
	if (cgroup[0]) {
		escape_into(buf, sizeof(buf), cgroup, strlen(cgroup));
		out_str(", cgroup ");
		out_str(buf);
	}
	out_char('\n');
}

/* --netns=all -S: one line per namespace, states as columns, most
 * sockets first */
static int compare_netns(const void *a, const void *b)
{
	const struct netns_entry *x = a, *y = b;

	if (x->sockets != y->sockets)
		return x->sockets > y->sockets ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static void print_netns_summary(struct netns_entry *list, unsigned n)
{
	unsigned i, st;

	shell_sort(list, n, sizeof(list[0]), compare_netns);
	if (prom_mode()) {
		prom_tcp_states_family();
		for (i = 0; i < n; i++)
			prom_tcp_states(list[i].state, list[i].ino);
		return;
	}
	if (json_mode()) {
		for (i = 0; i < n; i++) {
			for (st = 1; st < ARRAY_SIZE(tcp_state_names); st++) {
				if (!list[i].state[st])
					continue;
				json_object();
				json_unum("netns", list[i].ino);
				json_str("proto", "tcp");
				json_str("state", tcp_state_names[st]);
				json_unum("count", list[i].state[st]);
				out_char('}');
			}
		}
		return;
	}
	out_str("NETNS      PID/Program name    Sockets");
	for (st = 1; st < ARRAY_SIZE(tcp_state_names); st++) {
		out_char(' ');
		out_str(tcp_state_names[st]);
	}
	out_str(" Cgroup\n");
	for (i = 0; i < n; i++) {
		char cell[PRG_NAME_SIZE], cgroup[256], buf[4 * 256 + 1];

		out_unum_pad(list[i].ino, -10);
		out_char(' ');
		out_left(netns_owner(list[i].pid, cell, cgroup), 19);
		out_unum_pad(list[i].sockets, 8);
		for (st = 1; st < ARRAY_SIZE(tcp_state_names); st++) {
			out_char(' ');
			out_unum_pad(list[i].state[st], (int)strlen(tcp_state_names[st]));
		}
		escape_into(buf, sizeof(buf), cgroup, strlen(cgroup));
		out_char(' ');
		out_str(cgroup[0] ? buf : "-");
		out_char('\n');
	}
}

/* ------------------------------------------------------------------ */
/* Rounds, and main                                                    */

/*
 * --output=PATH: each round goes to a new file in PATH's directory,
 * renamed over PATH when the round ended well, so that a reader (a
 * textfile collector, a cron job's consumer) sees the last whole round
 * or nothing; a failed round leaves PATH as it was and no file behind.
 */
static void output_abandon(void)
{
	if (G.out_fd) {
		close(G.out_fd);
		unlink(G.output_tmp);
		G.out_fd = 0;
	}
}

/* -c --output ended by a signal: no temporary file left behind */
static void output_signalled(int sig)
{
	output_abandon();
	_exit(128 + sig);
}

static void output_begin(void)
{
	if (!G.output_tmp) {
		size_t n = strlen(G.output);
		G.output_tmp = map_bytes(n + 8);
		memcpy(G.output_tmp, G.output, n);
	}
	strcpy(G.output_tmp + strlen(G.output), ".XXXXXX");
	G.out_fd = mkstemp(G.output_tmp);
	if (G.out_fd < 0) {
		G.out_fd = 0;
		bb_simple_perror_msg_and_die(G.output);
	}
	/* for a collector that runs as another user, as a plain file */
	fchmod(G.out_fd, 0644);
}

static void output_end(int status)
{
	out_flush();
	if (status != EXIT_SUCCESS || close(G.out_fd) != 0) {
		output_abandon();
		return;
	}
	G.out_fd = 0;
	if (rename(G.output_tmp, G.output) != 0) {
		unlink(G.output_tmp);
		bb_simple_perror_msg_and_die(G.output);
	}
}

/* One round of the chosen output, in the namespace we are in */
static int one_round(void)
{
	if (G.opt & OPT_s)
		return show_statistics();
	if (G.opt & OPT_r)
		return show_routes();
	if (G.opt & OPT_i) {
		if (G.netns_outside) {
			/* its flags and MTU are ioctls inside the namespace */
			bb_simple_error_msg("-i: --netns needs to enter the namespace (root)");
			return EXIT_FAILURE;
		}
		return show_interfaces();
	}
	if (G.opt & OPT_G) {
		if (G.opt & OPT_p)
			prg_load();
		each_inet_row(count_bykey);
		if (!G.netns_all)
			print_bykey();
	} else if (G.opt & OPT_S) {
		summarise();
	} else {
		show_sockets();
	}
	return EXIT_SUCCESS;
}

/* --netns=all: the round in each namespace; -S as one table, -G with
 * the namespace as the first key, anything else after a header */
static int all_netns_round(void)
{
	unsigned n, cap = 0, hidden, i, seen = 0;
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	struct netns_entry *list = netns_list(&n, &cap, &hidden);
	int status = EXIT_SUCCESS, table = (G.opt & OPT_S) && !(G.opt & OPT_G);

	if (hidden && !G.netns_told) {
		char msg[96];

		strcpy(msg, "--netns=all: the namespace of ");
		strcat(msg, fmt_ulong(msg + 64, hidden));
		strcat(msg, " processes could not be seen");
		bb_simple_error_msg(msg);
		G.netns_told = 1;
	}
	for (i = 0; i < n; i++) {
		struct netns_entry *e = &list[i];

		if (!netns_visit(e, home))
			continue;	/* its processes are gone */
		if (table) {
			unsigned st;

			memset(G.state_counts, 0, sizeof(G.state_counts));
			each_inet_row(count_state);
			for (st = 1; st < ARRAY_SIZE(e->state); st++)
				e->sockets += e->state[st] = G.state_counts[0][st];
			list[seen++] = *e;
			continue;
		}
		if (!(G.opt & OPT_G) && G.format == FORMAT_TEXT) {
			if (seen++)
				out_char('\n');
			out_netns_header(e);
		}
		status |= one_round();
	}
	if (table)
		print_netns_summary(list, seen);
	else if (G.opt & OPT_G)
		print_bykey();
	unmap(list, cap * sizeof(list[0]));
	/* home again, so that the next round of -c lists from there */
	if (home >= 0) {
		netns_enter_fd(home);
		close(home);
	}
	return status;
}

/* What the run allocated (names, the -p table): freed at exit only with
 * FEATURE_CLEAN_UP, as BusyBox does; the tests free between runs. */
static void free_globals(void)
{
	unmap(G.cache, G.cache_size * sizeof(*G.cache));
	unmap(G.names, G.names_size);
	unmap(G.services, G.services_cap * sizeof(*G.services));
	unmap(G.prg, G.prg_cap * sizeof(*G.prg));
	unmap(G.prg_hash, (G.prg_mask + 1) * sizeof(*G.prg_hash));
	unmap(G.prg_names, G.prg_cap_names * sizeof(*G.prg_names));
	FREE_G();
}

int netstat_main(int argc, char **argv) MAIN_EXTERNALLY_VISIBLE;
/* --format=NAME */
static unsigned parse_format(const char *name)
{
	if (!strcmp(name, "text"))
		return FORMAT_TEXT;
	if (ENABLE_FEATURE_NETSTAT_JSON && !strcmp(name, "json"))
		return FORMAT_JSON;
	if (ENABLE_FEATURE_NETSTAT_PROMETHEUS && !strcmp(name, "prometheus"))
		return FORMAT_PROMETHEUS;
	{
		char msg[80];

		strcpy(msg, "bad --format: ");
		strncat(msg, name, 48);
		bb_simple_error_msg_and_die(msg);
	}
}

int netstat_main(int argc UNUSED_PARAM, char **argv)
{
	const char *families_arg = "";
	char *bykey_arg = NULL;
	const char *netns_arg;

	INIT_G();
	netns_arg = ENABLE_FEATURE_NETSTAT_NETNS ? take_long_arg(argv, "--netns", 1) : NULL;
	if (ENABLE_FEATURE_NETSTAT_JSON || ENABLE_FEATURE_NETSTAT_PROMETHEUS) {
		const char *format = take_long_arg(argv, "--format", 1);

		if (format)
			G.format = (uint8_t)parse_format(format);
		G.output = take_long_arg(argv, "--output", 1);
	}
	G.no_diag = !ENABLE_FEATURE_NETSTAT_SOCK_DIAG || take_long_arg(argv, "--no-netlink", 0);
	/* (a build without long options, as the minimal one, is a small
	 * one: there these are bad options, like any other) */
	if (ENABLE_LONG_OPTS)
		refuse_unsupported(argv);
	/* net-tools exits 3 (E_OPTERR) for a bad option */
	xfunc_error_retval = 3;
	G.opt = getopt32long(argv, "^" NETSTAT_OPTS "\0" IF_FEATURE_NETSTAT_EXTEND("ee"),
			netstat_longopts, &families_arg
			IF_FEATURE_NETSTAT_GROUP_BY(, &bykey_arg)
			IF_FEATURE_NETSTAT_EXTEND(, &G.extend));
	/* one of -i, -r, -M, -s at most, as in net-tools */
	if (!!(G.opt & OPT_i) + !!(G.opt & OPT_r) + !!(G.opt & OPT_M) + !!(G.opt & OPT_s) > 1)
		bb_show_usage();
	if (G.opt & OPT_G) {
		parse_bykey_spec(bykey_arg);
		if (!bykey_table)
			bykey_alloc();
	}
	xfunc_error_retval = EXIT_FAILURE;
	if (G.opt & OPT_h) {
		xfunc_error_retval = EXIT_SUCCESS;
		bb_show_usage();
	}
	if (G.opt & OPT_V) {
		out_str("netstat " NETSTAT_VERSION "\n");
		out_flush();
		return EXIT_SUCCESS;
	}
	if (!G.proc_net)
		G.proc_net = "/proc/net/";
	else
		G.no_diag = 1;	/* the tests' own /proc: counted from it */
	if (!G.proc_root)
		G.proc_root = "/proc";
	G.numeric = NUM_ALL;
	if (ENABLE_FEATURE_NETSTAT_RESOLVE && !(G.opt & OPT_n))
		G.numeric = (uint8_t)(
			  (G.opt & OPT_numeric_hosts ? NUM_HOST : 0)
			| (G.opt & OPT_numeric_ports ? NUM_PORT : 0)
			| (G.opt & OPT_numeric_users ? NUM_USER : 0));
	if (G.opt & (OPT_S | OPT_G)) {
		G.numeric = NUM_ALL;	/* counting never resolves */
	}
	if (prom_mode()) {
		/* counts only: -S or -G, and alone it means -S (a listing's
		 * flags without them are a listing, which it does not print) */
		if ((G.opt & (OPT_s | OPT_i | OPT_r | OPT_g))
		 || (!(G.opt & (OPT_S | OPT_G)) && (G.opt & (OPT_t | OPT_u | OPT_U | OPT_w | OPT_x
				| OPT_l | OPT_a | OPT_e | OPT_p | OPT_o | OPT_W | OPT_A | OPT_4 | OPT_6))))
			bb_simple_error_msg_and_die("--format=prometheus: with -S or -G only");
		if (!(G.opt & OPT_G))
			G.opt |= OPT_S | OPT_a;	/* node_exporter's: every state */
		if (!(G.opt & (OPT_S | OPT_G)))
			bb_simple_error_msg_and_die("--format=prometheus: with -G only (no -S here)");
	}
	if (G.opt & OPT_M) {
		/* the kernel's ip_masquerade table went with Linux 2.2 */
		bb_simple_error_msg("no support for `ip_masquerade' on this system.");
		return EXIT_FAILURE;
	}
	G.families_arg = families_arg;
	select_tables(families_arg);
	if (prom_mode() && !(G.opt & OPT_G))
		G.kinds = 1 << KIND_TCP;	/* node_exporter counts TCP */
	if (output_to_file()) {
		die_func = output_abandon;
		signal(SIGTERM, output_signalled);
		signal(SIGINT, output_signalled);
		signal(SIGHUP, output_signalled);
	}
	if (netns_arg)
		netns_select(netns_arg);
	if (G.opt & OPT_s)
		G.opt &= ~OPT_c;	/* -s is one round, as in net-tools */
	for (;;) {
		int status;

		if (output_to_file())
			output_begin();
		G.json_items = 0;
		status = ENABLE_FEATURE_NETSTAT_NETNS && G.netns_all ? all_netns_round() : one_round();
		if (json_mode())
			json_end();
		if (output_to_file())
			output_end(status);
		if (!(G.opt & OPT_c) || status != EXIT_SUCCESS) {
			out_flush();
			if (ENABLE_FEATURE_CLEAN_UP)
				free_globals();
			return status;
		}
		/* as net-tools: each round whole, then a second's pause;
		 * counts are told apart by an empty line (JSON by its
		 * arrays, Prometheus text by its families) */
		if ((G.opt & (OPT_S | OPT_G)) && G.format == FORMAT_TEXT && !output_to_file())
			out_char('\n');
		out_flush();
		sleep(1);
	}
}
