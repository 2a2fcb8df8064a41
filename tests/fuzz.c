/*
 * libFuzzer harnesses, one per input format the applet parses, built by
 * `make fuzz` with clang -fsanitize=fuzzer,address,undefined and
 * -DFUZZ_TARGET=fuzz_NAME. Each feeds the input to the same code the
 * program runs: the table readers through the streaming reader (on a
 * memfd) and the row printers, the /etc file scanners, the DNS reply
 * parser, the cmdline cell, the sysctl/sockstat number reader.
 * Output goes to /dev/null; what is checked is that nothing crashes,
 * reads out of bounds, overflows, leaks, or prints a control byte; the
 * socket tables again as JSON and -G as Prometheus text, whose strings
 * must stay quoted whatever the bytes.
 */
#include "../applet/netstat.c"

#include <sys/mman.h>

/* The input as a file descriptor, read from its start */
static int input_fd(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* What the printers wrote must hold no control byte but '\n' */
static void check_output(void)
{
	unsigned i;

	for (i = 0; i < G.out_len; i++)
		if ((unsigned char)G.outbuf[i] < 0x20 && G.outbuf[i] != '\n')
			abort();
	G.out_len = 0;
}

/* JSON and Prometheus text as printed: no control byte but '\n'; a
 * quoted string on one line, with no escape but \" and \\; braces
 * balanced outside strings */
static void check_quoted(void)
{
	unsigned i, depth = 0;
	int in = 0;

	for (i = 0; i < G.out_len; i++) {
		unsigned char c = (unsigned char)G.outbuf[i];

		if (c < 0x20 && (c != '\n' || in))
			abort();
		if (in && c == '\\') {
			if (++i == G.out_len || (G.outbuf[i] != '"' && G.outbuf[i] != '\\'))
				abort();
		} else if (c == '"') {
			in = !in;
		} else if (!in && c == '{') {
			depth++;
		} else if (!in && c == '}' && depth-- == 0) {
			abort();
		}
	}
	if (in || depth)
		abort();
	G.out_len = 0;
}

static void setup(uint32_t opt)
{
	static int once;

	if (!once) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, STDOUT_FILENO);
		once = 1;
	}
	memset(&G, 0, sizeof(G));
	G.opt = opt;
	G.numeric = NUM_ALL;
	G.proc_net = "/proc/net/";
}

static void each_row_checked(const struct proc_table *t, const struct inet_row *row)
{
	print_inet_row(t, row);
	if (G.format)
		check_quoted();
	else
		check_output();
	count_state(t, row);
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY)
		count_bykey(t, row);
}

/* /proc/net/tcp, tcp6, udp, raw: every row printed with -e -o and counted */
static int fuzz_inet(const uint8_t *data, size_t size, unsigned table)
{
	struct inet_pass pass = { &proc_tables[table], each_row_checked, 0 };
	int fd = input_fd(data, size);

	setup(OPT_a | OPT_e | OPT_o);
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY && !bykey_table)
		bykey_alloc();		/* as netstat_main does for -G */
	G.bykey_spec.n_fields = 2;
	G.bykey_spec.field[0] = FIELD_RADDR;
	G.bykey_spec.field[1] = FIELD_STATE;
	each_line(fd, proc_tables[table].file, 0, inet_line, &pass);
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY)
		print_bykey();
	print_state_summary();
	check_output();
	/* again as JSON rows, then the counts as Prometheus text */
	if (ENABLE_FEATURE_NETSTAT_JSON) {
		G.format = FORMAT_JSON;
		each_line(input_fd(data, size), proc_tables[table].file, 0, inet_line, &pass);
		print_state_summary();
		check_quoted();
	}
	if (ENABLE_FEATURE_NETSTAT_PROMETHEUS && ENABLE_FEATURE_NETSTAT_GROUP_BY) {
		G.format = FORMAT_PROMETHEUS;
		print_bykey();
		check_quoted();
	}
	return 0;
}

static int fuzz_tcp(const uint8_t *data, size_t size) { return fuzz_inet(data, size, 0); }
static int fuzz_tcp6(const uint8_t *data, size_t size) { return fuzz_inet(data, size, 1); }
static int fuzz_udp(const uint8_t *data, size_t size) { return fuzz_inet(data, size, 2); }
static int fuzz_raw6(const uint8_t *data, size_t size) { return fuzz_inet(data, size, 7); }

/* /proc/net/unix: paths with any byte, split lines, forged lines */
static int fuzz_unix(const uint8_t *data, size_t size)
{
	struct unix_pass u;
	int fd = input_fd(data, size);

	setup(OPT_a);
	u.have_pending = 0;
	each_line(fd, "unix", 0, unix_line, &u);
	check_output();
	if (ENABLE_FEATURE_NETSTAT_JSON) {
		G.format = FORMAT_JSON;
		u.have_pending = 0;
		each_line(input_fd(data, size), "unix", 0, unix_line, &u);
		check_quoted();
	}
	return 0;
}

#if ENABLE_FEATURE_NETSTAT_RESOLVE
/* /etc/services, then /etc/protocols, then lookups */
static int fuzz_services(const uint8_t *data, size_t size)
{
	int fd = input_fd(data, size);
	unsigned port;

	setup(0);
	services_scan(fd, 0);
	lseek(fd, 0, SEEK_SET);
	services_scan(fd, 1);
	G.services_loaded = 1;
	for (port = 0; port < 100; port++)
		service_name(NAME_TCP + port % 3, port);
	free_globals();
	close(fd);
	return 0;
}

/* /etc/hosts: the lookups glibc's files backend makes */
static int fuzz_hosts(const uint8_t *data, size_t size)
{
	static const uint8_t addrs[3][16] = {
		{ 127, 0, 0, 1 },
		{ [15] = 1 },
		{ [10] = 0xff, [11] = 0xff, 127, 0, 0, 1 },
	};
	char name[NAMEBUF_SIZE];
	unsigned i;
	int fd = input_fd(data, size);

	setup(0);
	for (i = 0; i < 3; i++) {
		lseek(fd, 0, SEEK_SET);
		if (hosts_scan(fd, addrs[i], i > 0, name, sizeof(name))) {
			const char *p;
			for (p = name; *p; p++)
				if ((unsigned char)*p < 0x20)
					abort();
		}
	}
	close(fd);
	return 0;
}

/* /etc/passwd */
static int fuzz_passwd(const uint8_t *data, size_t size)
{
	char name[NAMEBUF_SIZE];
	unsigned long uid;
	int fd = input_fd(data, size);

	setup(0);
	for (uid = 0; uid < 3; uid++) {
		lseek(fd, 0, SEEK_SET);
		passwd_scan(fd, uid * 1000, name, sizeof(name));
	}
	close(fd);
	return 0;
}

/* /etc/resolv.conf */
static int fuzz_resolvconf(const uint8_t *data, size_t size)
{
	struct dns_server srv[DNS_MAX_SERVERS];
	int fd = input_fd(data, size);

	setup(0);
	if (nameservers_scan(fd, srv) > DNS_MAX_SERVERS)
		abort();
	close(fd);
	return 0;
}

/* A DNS reply from the network, to query id 0x1234 for
 * 1.0.0.127.in-addr.arpa; where its question is another, its answers
 * are parsed for that one too, so that they are reached all the same */
static int fuzz_dns(const uint8_t *data, size_t size)
{
	char name[NAMEBUF_SIZE], qname[DNS_NAME_SIZE] = "1.0.0.127.in-addr.arpa";
	uint8_t query[300];
	int off;

	setup(0);
	if (size > 4096 || size < 12)
		return 0;
	off = dns_reply_question(data, (int)size, 0x1234, qname);
	if (off < 0 && (off = dns_name(data, (int)size, 12, qname, sizeof(qname))) >= 0)
		off = off + 4 <= (int)size ? off + 4 : -1;
	if (off >= 0 && dns_parse_ptr(data, (int)size, off, qname, name, sizeof(name))) {
		const char *p;
		for (p = name; *p; p++)
			if ((unsigned char)*p < 0x20)
				abort();
	}
	if (size >= 16)
		dns_ptr_query(query, 0x1234, data, data[0] & 1);
	return 0;
}
#endif

#if ENABLE_FEATURE_NETSTAT_PRG
/* /proc/PID/cmdline, shaped by any user */
static int fuzz_cmdline(const uint8_t *data, size_t size)
{
	char cmdline[512], out[PRG_NAME_SIZE], esc[4 * PRG_NAME_SIZE + 1];
	size_t n = size < sizeof(cmdline) - 1 ? size : sizeof(cmdline) - 1;
	const char *p;

	memcpy(cmdline, data, n);
	prg_cell("4294967295", cmdline, n, out);
	if (strlen(out) >= PRG_NAME_SIZE)
		abort();
	escape_into(esc, sizeof(esc), out, strlen(out));
	for (p = esc; *p; p++)
		if ((unsigned char)*p < 0x20)
			abort();
	return 0;
}
#endif

#if ENABLE_FEATURE_NETSTAT_STATS
/* /proc/net/snmp, netstat (pairs of lines) and snmp6 (name-value
 * lines): the first byte picks the format, every section is shown */
static int fuzz_stats(const uint8_t *data, size_t size)
{
	static struct snmp_state st;	/* 4 KiB: not on libFuzzer's stack */
	int fd;

	if (size == 0)
		return 0;
	fd = input_fd(data + 1, size - 1);
	setup(0);
	memset(&st, 0, sizeof(st));
	st.protos = PROTO_ALL;
	st.how = data[0] % 3;	/* READ_PAIRS, READ_PAIRS_TCP, READ_SNMP6 */
	each_line(fd, "snmp", 0, snmp_line, &st);
	check_output();
	return 0;
}
#endif

#if ENABLE_FEATURE_NETSTAT_ROUTE || ENABLE_FEATURE_NETSTAT_GROUPS || ENABLE_FEATURE_NETSTAT_IFACE
/* /proc/net/route, ipv6_route, igmp, igmp6, dev: the first byte picks
 * the file, every line goes through the printer -r, -g or -i uses */
static int fuzz_netinfo(const uint8_t *data, size_t size)
{
	unsigned ext = 3;
	int cache = 0, fd;
	char device[4 * IFNAMSIZ] = "";
	struct iface_list list;

	if (size == 0)
		return 0;
	fd = input_fd(data + 1, size - 1);
	setup(0);
	switch (data[0] % 5) {
	case 0:
		each_line(fd, "route", 1, route4_line, &ext);
		break;
	case 1:
		each_line(fd, "ipv6_route", 0, route6_line, &cache);
		break;
	case 2:
		each_line(fd, "igmp", 1, igmp_line, device);
		break;
	case 3:
		each_line(fd, "igmp6", 0, igmp6_line, NULL);
		break;
	default:
		memset(&list, 0, sizeof(list));
		each_line(fd, "dev", 2, dev_line, &list);
		unmap(list.row, list.cap * sizeof(*list.row));
		break;
	}
	check_output();
	return 0;
}
#endif

/* /proc/net/sockstat and sysctl files */
#if ENABLE_FEATURE_NETSTAT_SOCK_DIAG
/* A NETLINK_SOCK_DIAG reply (seq 1) of the table the first byte picks
 * (tcp, tcp6, udp), counted and grouped as -S and -G do; a row must be
 * the family asked for, and nothing may be read past the datagram */
static int fuzz_diag(const uint8_t *data, size_t size)
{
	static const uint8_t tables[3] = { 0, 1, 2 };
	const struct proc_table *t;
	uint8_t *copy;

	if (size < 1)
		return 0;
	setup(OPT_a);
	if (!bykey_table)
		bykey_alloc();
	G.kinds = 1 << KIND_TCP | 1 << KIND_UDP;
	G.bykey_spec.n_fields = 2;
	G.bykey_spec.field[0] = FIELD_RADDR;
	G.bykey_spec.field[1] = FIELD_STATE;
	t = &proc_tables[tables[data[0] % 3]];
	/* an exact-size copy, so ASan sees a read past the end */
	copy = malloc(size - 1 ? size - 1 : 1);
	memcpy(copy, data + 1, size - 1);
	diag_rows(copy, size - 1, 1, t, count_state);
	diag_rows(copy, size - 1, 1, t, count_bykey);
	free(copy);
	print_bykey();
	print_state_summary();
	check_output();
	return 0;
}
#endif

static int fuzz_numbers(const uint8_t *data, size_t size)
{
	char buf[512];
	unsigned long long v[4];
	size_t n = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;

	memcpy(buf, data, n);
	buf[n] = '\0';
	numbers_in(buf, "orphan", v, 1);
	numbers_in(buf, NULL, v, 4);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_TARGET(data, size);
}
