/*
 * Unit tests of the applet's parsers and formatters, and the fixture
 * goldens: the applet is included whole (LIBBB_NO_MAIN leaves out the
 * standalone main), so the tests call its static functions directly.
 *
 * Fixture lines marked "kernel" were captured from /proc/net on Linux
 * 6.18; lines marked "hand-made" reproduce what a kernel prints in a
 * case a live system does not produce on demand.
 *
 * They are x86_64's text (the fixtures under tests/fixtures/unix-mips
 * are a MIPS kernel's): on a target whose kernel writes some of it
 * otherwise (a big-endian one prints addresses as native u32s, MIPS
 * numbers socket types its own way) each file and line is turned into
 * that kernel's text first (tests/kernel-text.c), and the output must
 * still be net-tools' goldens made on x86_64.
 */
#include "../applet/netstat.c"
#include "greatest.h"
#include "kernel-text.c"

#include <stdio.h>
#include <dirent.h>
#include <ftw.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>

#ifndef FIXTURES
# define FIXTURES "tests/fixtures"
#endif

/* ---- helpers ---------------------------------------------------------- */

/* Runs netstat_main(argv) with stdout in a file; returns the output
 * (static buffer) and its length in *len. */
static char captured[1 << 20];
static const char *test_proc_root;	/* -p's /proc for run_netstat, or NULL */
static int last_status;			/* what netstat_main returned */

static const char *run_netstat(const char *proc_net, char **argv, size_t *len)
{
	char path[] = "/tmp/netstat-unit-XXXXXX";
	int fd = mkstemp(path), saved = dup(STDOUT_FILENO);
	ssize_t n;
	int argc = 0;

	unlink(path);	/* at once: a netstat_main that exits (usage) leaves no file */
	while (argv[argc])
		argc++;
	free_globals();
	memset(&G, 0, sizeof(G));
	G.proc_net = proc_net;
	G.proc_root = test_proc_root;
	dup2(fd, STDOUT_FILENO);
	last_status = netstat_main(argc, argv);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	n = pread(fd, captured, sizeof(captured) - 1, 0);
	close(fd);
	*len = n > 0 ? (size_t)n : 0;
	captured[*len] = '\0';
	return captured;
}

/* Splits FLAGS at blanks into argv after "netstat" */
static void split_args(char *flags, char **argv, unsigned max)
{
	static char name[] = "netstat";
	unsigned n = 0;
	char *tok = strtok(flags, " ");

	argv[n++] = name;
	while (tok && n < max - 1) {
		argv[n++] = tok;
		tok = strtok(NULL, " ");
	}
	argv[n] = NULL;
}

/* run_netstat with FLAGS split at blanks */
static const char *run_flags(const char *proc_net, const char *flags, size_t *len)
{
	char buf[256], *argv[16];

	snprintf(buf, sizeof(buf), "%s", flags);
	split_args(buf, argv, ARRAY_SIZE(argv));
	return run_netstat(proc_net, argv, len);
}

/* The output rows of a one-table run, without title and header */
static const char *rows_of(const char *out)
{
	const char *p = strchr(out, '\n');
	p = p ? strchr(p + 1, '\n') : NULL;
	return p ? p + 1 : "";
}

static char tmpdir[64];

/* LINE, a kernel line of /proc/net/FILE as x86_64 writes it, as this
 * target's kernel writes it (a static buffer, one of four) */
static const char *kline(const char *file, const char *line)
{
	static char buf[4][1024];
	static unsigned next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof(buf[0]), "%s", line);
	kernel_text_convert(file, b, strlen(b), KERNEL_X86_64, kernel_of_target());
	return b;
}

/* A /proc/net directory holding one file NAME with CONTENT (x86_64's
 * text, written as this target's kernel writes it) */
static const char *proc_with(const char *name, const char *content)
{
	static char text[1 << 16];
	char path[512];
	size_t len = strlen(content);
	FILE *f;

	if (len >= sizeof(text))
		return NULL;
	memcpy(text, content, len + 1);
	kernel_text_convert(name, text, len, KERNEL_X86_64, kernel_of_target());

	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/netstat-unit-net-XXXXXX");
		if (!mkdtemp(tmpdir))
			return NULL;
		strcat(tmpdir, "/");
	}
	snprintf(path, sizeof(path), "%s%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	return tmpdir;
}

static char fixture_copies[64];	/* fixture_net()'s converted copies, once made */

/* The kernel each fixture's net/ was written by (its README) */
static struct kernel_text fixture_kernel(const char *name)
{
	return strcmp(name, "unix-mips") ? KERNEL_X86_64 : KERNEL_MIPSEL;
}

/* tests/fixtures/NAME/net/ as this target's kernel writes it: the
 * directory itself, or where its text differs a converted copy of each
 * file (made once per fixture) */
static const char *fixture_net(const char *name)
{
	static char paths[16][300];
	static const char *names[16];
	static char text[1 << 20];
	char src[256], dst[600];
	struct dirent *de;
	unsigned i;
	DIR *d;

	for (i = 0; i < ARRAY_SIZE(names) && names[i]; i++)
		if (!strcmp(names[i], name))
			return paths[i];
	if (i == ARRAY_SIZE(names))
		return NULL;
	names[i] = name;
	snprintf(src, sizeof(src), "%s/%s/net", FIXTURES, name);
	if (kernel_text_same(fixture_kernel(name), kernel_of_target())) {
		snprintf(paths[i], sizeof(paths[i]), "%s/", src);
		return paths[i];
	}
	if (!fixture_copies[0]) {
		strcpy(fixture_copies, "/tmp/netstat-unit-kernel-XXXXXX");
		if (!mkdtemp(fixture_copies)) {
			fixture_copies[0] = '\0';
			return NULL;
		}
	}
	snprintf(paths[i], sizeof(paths[i]), "%s/%s/", fixture_copies, name);
	mkdir(paths[i], 0755);
	d = opendir(src);
	while (d && (de = readdir(d)) != NULL) {
		int in, out;
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(dst, sizeof(dst), "%s/%s", src, de->d_name);
		in = open(dst, O_RDONLY);
		n = in >= 0 ? read(in, text, sizeof(text)) : -1;
		if (in >= 0)
			close(in);
		if (n < 0 || (size_t)n == sizeof(text))
			continue;	/* the golden test then fails on the missing file */
		kernel_text_convert(de->d_name, text, (size_t)n, fixture_kernel(name),
			kernel_of_target());
		snprintf(dst, sizeof(dst), "%s%s", paths[i], de->d_name);
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out >= 0) {
			if (write(out, text, (size_t)n) != n)
				(void)0;
			close(out);
		}
	}
	if (d)
		closedir(d);
	return paths[i];
}

static void remove_tables(void)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(proc_tables); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s", tmpdir, proc_tables[i].file);
		unlink(path);
	}
}

#define TCP_HEADER "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
#define TCP6_HEADER "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
#define UNIX_HEADER "Num       RefCount Protocol Flags    Type St Inode Path\n"

/* ---- parsers ---------------------------------------------------------- */

TEST parse_tcp4_line(void)
{
	/* kernel: a listener on 127.0.0.1:8000 */
	struct inet_row row;
	static const uint8_t lo[4] = { 127, 0, 0, 1 };

	ASSERT_EQ(0, parse_inet_line(kline("tcp", "   0: 0100007F:1F40 00000000:0000 0A "
		"00000000:00000000 00:00000000 00000000     0        0 41571 1 "
		"0000000000000000 100 0 0 10 0"), 1, 0, &row));
	ASSERT_MEM_EQ(lo, row.local, 4);
	ASSERT_EQ(8000, row.lport);
	ASSERT_EQ(0, row.rport);
	ASSERT_EQ(10, row.state);
	ASSERT_EQ(41571, row.inode);
	PASS();
}

TEST parse_head_only(void)
{
	/* hand-made as get_timewait4_sock() writes a TIME_WAIT line; counting
	 * reads it up to its state only */
	static const char tw[] = "   5: 0100007F:1F40 0100007F:D2F0 06 "
		"00000000:00000000 03:00000E1F 00000000     0        0 0 3 0000000000000000";
	struct inet_row row;

	ASSERT_EQ(0, parse_inet_line(kline("tcp", tw), 1, 1, &row));
	ASSERT_EQ(6, row.state);
	ASSERT_EQ(0xD2F0, row.rport);
	ASSERT_EQ(0, row.timer);	/* not read */
	ASSERT_EQ(0, parse_inet_line(kline("tcp", tw), 1, 0, &row));
	ASSERT_EQ(3, row.timer);	/* read */
	/* the state must end where a blank is: "06x" is not one */
	ASSERT_EQ(-1, parse_inet_line("   5: 0100007F:1F40 0100007F:D2F0 06x", 1, 1, &row));
	/* the head alone is a malformed line when the whole is read */
	ASSERT_EQ(-1, parse_inet_line("   5: 0100007F:1F40 0100007F:D2F0 06 ", 1, 0, &row));
	PASS();
}

TEST parse_tcp6_byte_order(void)
{
	/* kernel: ::1 port 8443 to ::1 port 52110, each 32-bit word printed
	 * with %08X in host order */
	struct inet_row row;
	static const uint8_t lo6[16] = { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,1 };
	char buf[64];

	ASSERT_EQ(0, parse_inet_line(kline("tcp6", "   2: 00000000000000000000000001000000:20FB "
		"00000000000000000000000001000000:CB8E 01 00000000:00000000 "
		"02:00000AE7 00000000     0        0 8221 1 0000000000000000 20 4 30 10 -1"),
		4, 0, &row));
	ASSERT_MEM_EQ(lo6, row.local, 16);
	ASSERT_EQ(8443, row.lport);
	ASSERT_EQ(52110, row.rport);
	ASSERT_EQ(2, row.timer);
	fmt_ipv6(buf, row.local);
	ASSERT_STR_EQ("::1", buf);
	PASS();
}

TEST parse_v4mapped(void)
{
	/* kernel: an IPv4 client accepted by a dual-stack listener */
	struct inet_row row;
	char host[NAMEBUF_SIZE];

	ASSERT_EQ(0, parse_inet_line(kline("tcp6", "   3: 0000000000000000FFFF00000100007F:20FB "
		"0000000000000000FFFF00000100007F:8A4C 01 00000000:00000000 "
		"00:00000000 00000000     0        0 8220 1 0000000000000000 20 4 30 10 -1"),
		4, 0, &row));
	ASSERT(is_v4mapped(row.local));
	G.numeric = NUM_ALL;
	ASSERT_STR_EQ("127.0.0.1", host_str(host, row.local, 1));
	PASS();
}

TEST parse_rejects_malformed(void)
{
	/* hand-made: each is a kernel line damaged in one field */
	static const char *const bad[] = {
		"",
		"   0: 0100007F:1F40",						/* truncated */
		"   0: 0100007G:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",	/* non-hex */
		"   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0",	/* no inode */
		"   0: 0100007F0:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",	/* long address */
		"   0: 0100007F:11F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",	/* long port */
		"   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 99999999999999999999999",	/* overflow */
		"   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1x",	/* junk after inode */
		"x  0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
	};
	struct inet_row row;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ASSERT_EQm(bad[i], -1, parse_inet_line(kline("tcp", bad[i]), 1, 0, &row));
	/* an IPv4 line in an IPv6 table */
	ASSERT_EQ(-1, parse_inet_line(kline("tcp", "   0: 0100007F:1F40 00000000:0000 0A "
		"00000000:00000000 00:00000000 00000000 0 0 1"), 4, 0, &row));
	PASS();
}

TEST parse_unix_lines(void)
{
	/* kernel lines */
	struct unix_row row;

	ASSERT_EQ(0, parse_unix_line(kline("unix", "0000000000000000: 00000002 00000000 00010000 "
		"0001 01 46947 /run/srv.sock"), &row));
	ASSERT_EQ(2, row.refcnt);
	ASSERT_EQ(UNIX_ACCEPTCON, row.flags);
	ASSERT_EQ(SOCK_STREAM, row.type);	/* the kernel's number, as libc's */
	ASSERT_EQ(46947, row.inode);
	ASSERT_STR_EQ("/run/srv.sock", row.path);
	/* unnamed: no space, no path */
	ASSERT_EQ(0, parse_unix_line(kline("unix", "0000000000000000: 00000003 00000000 00000000 "
		"0001 03   587"), &row));
	ASSERT_EQ(0, row.path_len);
	ASSERT_EQ(0, row.bound);
	/* abstract: the kernel prints '@' for the leading NUL and for NULs inside */
	ASSERT_EQ(0, parse_unix_line(kline("unix", "0000000000000000: 00000002 00000000 00000000 "
		"0002 01 51000 @abs@with@nul"), &row));
	ASSERT_EQ(SOCK_DGRAM, row.type);
	ASSERT_STR_EQ("@abs@with@nul", row.path);
	/* blanks are part of the path */
	ASSERT_EQ(0, parse_unix_line(kline("unix", "0000000000000000: 00000002 00000000 00000000 "
		"0001 01 51001 /run/with space.sock"), &row));
	ASSERT_STR_EQ("/run/with space.sock", row.path);
	ASSERT_EQ(-1, parse_unix_line("0000000000000000: 00000002 00000000", &row));
	ASSERT_EQ(-1, parse_unix_line("/rest of a path", &row));
	PASS();
}

/* ---- other kernels' text (tests/kernel-text.c) ------------------------ */

/* x86_64's text as a big-endian kernel and a MIPS one write it, and
 * back: what each file kind prints natively is rewritten, and nothing
 * else */
TEST kernel_text_conversions(void)
{
	static const struct kernel_text be = { 1, 0 };
	static const struct {
		const char *file, *le, *be;
	} cases[] = {
		/* kernel lines; 127.0.0.1:8000 listening, ::1:8443 */
		{ "tcp", "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41571 1",
			"   0: 7F000001:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41571 1" },
		{ "udp", "  121: 0100007F:14E9 0200007F:0035 01 00000000:00000D00",
			"  121: 7F000001:14E9 7F000002:0035 01 00000000:00000D00" },
		{ "tcp6", "   2: 0000000000000000FFFF00000100007F:20FB 00000000000000000000000001000000:CB8E 01",
			"   2: 00000000000000000000FFFF7F000001:20FB 00000000000000000000000000000001:CB8E 01" },
		/* route: Destination, Gateway and Mask; not Flags or Metric */
		{ "route", "br0\t00004D0A\t021E140A\t0003\t0\t0\t0\t0000FFFF\t0\t8000\t3",
			"br0\t0A4D0000\t0A141E02\t0003\t0\t0\t0\tFFFF0000\t0\t8000\t3" },
		{ "igmp", "\t\t\t\t030201EF     2 0:00000000\t\t0\n4\tveth-a    :     3      V3",
			"\t\t\t\tEF010203     2 0:00000000\t\t0\n4\tveth-a    :     3      V3" },
		/* byte-wise already, or numbers only: the same */
		{ "ipv6_route", "20010db8000100000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000000 00000000 00000001 br0",
			"20010db8000100000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000000 00000000 00000001 br0" },
		{ "dev", "    lo:       0       0    0    0", "    lo:       0       0    0    0" },
		/* damaged: left as damaged */
		{ "tcp", "   0: 0100007G:1F40 0100007F0:1F40 0100007F:11F40", "   0: 0100007G:1F40 0100007F0:1F40 0100007F:11F40" },
	};
	char buf[512];
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].le);
		kernel_text_convert(cases[i].file, buf, strlen(buf), KERNEL_X86_64, be);
		ASSERT_STR_EQm(cases[i].le, cases[i].be, buf);
		kernel_text_convert(cases[i].file, buf, strlen(buf), be, KERNEL_X86_64);
		ASSERT_STR_EQm(cases[i].le, cases[i].le, buf);
	}
	/* unix: the Type column, SOCK_STREAM 1 <-> 2 SOCK_DGRAM; a header and
	 * a path's rest are not socket lines */
	snprintf(buf, sizeof(buf), "%s", UNIX_HEADER
		"0000000000000000: 00000002 00000000 00010000 0001 01 46947 /run/a 0002 b\n"
		"00000000: 00000002 00000000 00000000 0002 01 46949 @x\n"
		"00000000: 00000002 00000000 00000000 0005 01 46950\n"
		"line.sock 0001\n");
	kernel_text_convert("unix", buf, strlen(buf), KERNEL_X86_64, KERNEL_MIPSEL);
	ASSERT_STR_EQ(UNIX_HEADER
		"0000000000000000: 00000002 00000000 00010000 0002 01 46947 /run/a 0002 b\n"
		"00000000: 00000002 00000000 00000000 0001 01 46949 @x\n"
		"00000000: 00000002 00000000 00000000 0005 01 46950\n"
		"line.sock 0001\n", buf);
	/* and the MIPS kernel's byte order is its own: no swap le -> le */
	snprintf(buf, sizeof(buf), "   0: 0100007F:1F40 00000000:0000 0A");
	kernel_text_convert("tcp", buf, strlen(buf), KERNEL_X86_64, KERNEL_MIPSEL);
	ASSERT_STR_EQ("   0: 0100007F:1F40 00000000:0000 0A", buf);
	PASS();
}

/* ---- formatters -------------------------------------------------------- */

TEST ipv6_text_as_glibc(void)
{
	static const struct { uint8_t a[16]; const char *text; } cases[] = {
		{ { 0 }, "::" },
		{ { [15] = 1 }, "::1" },
		{ { 0xfe, 0x80, [15] = 1 }, "fe80::1" },
		{ { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, "2001:db8::1" },
		{ { [10] = 0xff, [11] = 0xff, 1, 2, 3, 4 }, "::ffff:1.2.3.4" },
		{ { [12] = 1, 2, 3, 4 }, "::1.2.3.4" },		/* IPv4-compatible */
		{ { 0, 1, [7] = 2, [15] = 3 }, "1:0:0:2::3" },
		{ { 0, 1, [7] = 2, [13] = 3, [15] = 4 }, "1::2:0:0:3:4" },	/* first longest run */
		{ { 0, 1, [3] = 2, [5] = 3, [7] = 4, [9] = 5, [11] = 6, [13] = 7, [15] = 8 },
			"1:2:3:4:5:6:7:8" },
		{ { 0, 1, [5] = 2, [7] = 3, [9] = 4, [11] = 5, [13] = 6, [15] = 7 },
			"1:0:2:3:4:5:6:7" },		/* one zero word stays */
		{ { 0xab, 0xcd, [14] = 0xef, 0x01 }, "abcd::ef01" },
	};
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[64];
		fmt_ipv6(buf, cases[i].a);
		ASSERT_STR_EQ(cases[i].text, buf);
	}
	PASS();
}

TEST v4mapped_printed_as_ipv4(void)
{
	static const uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff, 10, 1, 2, 3 };
	static const uint8_t compat[16] = { [12] = 10, 1, 2, 3 };

	ASSERT_STR_EQ("10.1.2.3", fix_v4_address("::ffff:10.1.2.3", mapped));
	/* only v4-mapped addresses are collapsed, as in net-tools */
	ASSERT_STR_EQ("::10.1.2.3", fix_v4_address("::10.1.2.3", compat));
	/* a resolved name is left alone */
	ASSERT_STR_EQ("localhost", fix_v4_address("localhost", mapped));
	PASS();
}

TEST address_truncation(void)
{
	/* net-tools' addr_do_one: 23 columns, the port kept (up to 18) */
	char out[256];

	G.opt = 0;
	join_host_port(out, "a-very-long-hostname-for-truncation.example.test", "ssh");
	ASSERT_STR_EQ("a-very-long-hostnam:ssh", out);
	join_host_port(out, "a-very-long-hostname", "50625");
	ASSERT_STR_EQ("a-very-long-hostn:50625", out);
	join_host_port(out, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", "65535");
	ASSERT_STR_EQ("2001:db8:aaaa:bbb:65535", out);
	/* the host keeps what 22 - 18 leaves, here all of its 1 character */
	join_host_port(out, "a", "a-service-name-that-is-very-long");
	ASSERT_STR_EQ("a:a-service-name-tha", out);
	join_host_port(out, "127.0.0.1", "8000");
	ASSERT_STR_EQ("127.0.0.1:8000", out);
	/* exactly 22 characters plus ':' are kept */
	join_host_port(out, "0123456789abcdefgh", "1234");
	ASSERT_STR_EQ("0123456789abcdefgh:1234", out);
	if (OPT_W) {
		G.opt = OPT_W;
		join_host_port(out, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", "65535");
		ASSERT_STR_EQ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1:65535", out);
		G.opt = 0;
	}
	PASS();
}

TEST every_tcp_state(void)
{
	/* hand-made: one socket in each state the kernel numbers, and 0x0C,
	 * past the table, where net-tools reads past its array */
	static const char *const names[] = {
		"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
		"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN",
		"CLOSING", "UNKNOWN", "UNKNOWN",
	};
	char file[4096] = TCP_HEADER;
	const char *out, *p;
	size_t len;
	unsigned st;

	for (st = 1; st <= 13; st++) {
		char line[256];
		snprintf(line, sizeof(line), "  %2u: 0100007F:1F40 0100007F:%04X %02X "
			"00000000:00000000 00:00000000 00000000     0        0 %u 1 "
			"0000000000000000 100 0 0 10 0\n", st, 40000 + st, st, 100 + st);
		strcat(file, line);
	}
	remove_tables();
	out = run_flags(proc_with("tcp", file), "-tan4", &len);
	p = rows_of(out);
	for (st = 1; st <= 13; st++) {
		char expect[128];
		snprintf(expect, sizeof(expect), "tcp        0      0 127.0.0.1:8000 "
			"         127.0.0.1:%-5u         %-11s\n", 40000 + st, names[st - 1]);
		ASSERT_STRN_EQ(expect, p, strlen(expect));
		p += strlen(expect);
	}
	ASSERT_STR_EQ("", p);
	PASS();
}

TEST udp_raw_udplite_rows(void)
{
	char expected_rows[1024];
	/* kernel lines (udp: bound and connected; raw: ICMP unbound) */
	const char *out;
	size_t len;

	remove_tables();
	proc_with("tcp", TCP_HEADER);
	proc_with("udp", "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"  120: 0100007F:0035 00000000:0000 07 00000000:00000D00 00:00000000 00000000     0        0 8070 2 0000000000000000 0\n"
		"  121: 0100007F:14E9 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 8071 2 0000000000000000 0\n"
		"  122: 0100007F:14EA 0100007F:0035 05 00000000:00000000 00:00000000 00000000     0        0 8072 2 0000000000000000 0\n");
	proc_with("udplite", "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"  100: 0100007F:1388 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 9000 2 0000000000000000 0\n");
	proc_with("raw", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"    1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 8075 2 0000000000000000 0\n");
	proc_with("unix", UNIX_HEADER);
	out = run_flags(tmpdir, "-an4", &len);
	snprintf(expected_rows, sizeof(expected_rows), "%s%s%s",
		"Active Internet connections (servers and established)\n"
		"Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"
		"udp     3328      0 127.0.0.1:53            0.0.0.0:*                          \n"
		"udp        0      0 127.0.0.1:5353          127.0.0.1:53            ESTABLISHED\n"
		"udp        0      0 127.0.0.1:5354          127.0.0.1:53            UNKNOWN    \n",
		ENABLE_FEATURE_NETSTAT_UDPLITE ?
		"udpl       0      0 127.0.0.1:5000          0.0.0.0:*                          \n" : "",
		ENABLE_FEATURE_NETSTAT_RAW ?
		"raw        0      0 0.0.0.0:1               0.0.0.0:*               7          \n" : "");
	ASSERT_STR_EQ(expected_rows, out);
	PASS();
}

TEST unix_table_rows(void)
{
	/* kernel lines: a listener, a connected stream, an unnamed dgram,
	 * an abstract name, a 107-byte path; hand-made: the same with a
	 * blank and a newline in the path (the kernel splits the line) */
	const char *out;
	size_t len;

	remove_tables();
	proc_with("unix", UNIX_HEADER
		"0000000000000000: 00000002 00000000 00010000 0001 01 46947 /run/srv.sock\n"
		"0000000000000000: 00000003 00000000 00000000 0001 03 46948\n"
		"0000000000000000: 00000002 00000000 00000000 0002 01 46949 @abstract@nul\n"
		"0000000000000000: 00000002 00000000 00000000 0005 01 46950 /tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		"0000000000000000: 00000002 00000000 00000000 0001 01 46951 /run/with space.sock\n"
		"0000000000000000: 00000002 00000000 00000000 0001 01 46952 /run/new\n"
		"line.sock\n"
		"0000000000000000: 00000002 00000000 00000000 0009 07 46953\n");
	out = run_flags(tmpdir, "-xa", &len);
	ASSERT_STR_EQ(
		"Active UNIX domain sockets (servers and established)\n"
		"Proto RefCnt Flags       Type       State         I-Node   Path\n"
		"unix  2      [ ACC ]     STREAM     LISTENING     46947    /run/srv.sock\n"
		"unix  3      [ ]         STREAM     CONNECTED     46948    \n"
		"unix  2      [ ]         DGRAM                    46949    @abstract@nul\n"
		"unix  2      [ ]         SEQPACKET                46950    /tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		"unix  2      [ ]         STREAM                   46951    /run/with space.sock\n"
		"unix  2      [ ]         STREAM                   46952    /run/new\\012line.sock\n"
		"unix  2      [ ]         UNKNOWN    UNKNOWN       46953    \n",
		out);
	PASS();
}

TEST unix_listening_filter(void)
{
	/* kernel lines: -x hides listeners, -xl shows only them */
	const char *out;
	size_t len;

	remove_tables();
	proc_with("unix", UNIX_HEADER
		"0000000000000000: 00000002 00000000 00010000 0001 01 46947 /run/srv.sock\n"
		"0000000000000000: 00000003 00000000 00000000 0001 03 46948 /run/srv.sock\n");
	out = run_flags(tmpdir, "-x", &len);
	ASSERT_STR_EQ("unix  3      [ ]         STREAM     CONNECTED     46948    /run/srv.sock\n",
		rows_of(out));
	out = run_flags(tmpdir, "-xl", &len);
	ASSERT_STR_EQ("unix  2      [ ACC ]     STREAM     LISTENING     46947    /run/srv.sock\n",
		rows_of(out));
	PASS();
}

TEST escaping(void)
{
	char buf[256];

	/* control bytes, DEL, backslash and bytes that are not printable
	 * UTF-8 become \ooo; printable UTF-8 passes */
	escape_into(buf, sizeof(buf), "a\033[1mb", 6);
	ASSERT_STR_EQ("a\\033[1mb", buf);
	escape_into(buf, sizeof(buf), "x\x7f\\y", 4);
	ASSERT_STR_EQ("x\\177\\134y", buf);
	escape_into(buf, sizeof(buf), "caf\xc3\xa9", 5);
	ASSERT_STR_EQ("caf\xc3\xa9", buf);
	escape_into(buf, sizeof(buf), "\xc2\x9b" "2J", 4);	/* C1 CSI as UTF-8 */
	ASSERT_STR_EQ("\\302\\2332J", buf);
	escape_into(buf, sizeof(buf), "\x9b" "2J", 3);		/* bare C1 CSI */
	ASSERT_STR_EQ("\\2332J", buf);
	escape_into(buf, sizeof(buf), "\xc3(", 2);		/* invalid UTF-8 */
	ASSERT_STR_EQ("\\303(", buf);
	escape_into(buf, sizeof(buf), "\xe2\x82", 2);		/* truncated */
	ASSERT_STR_EQ("\\342\\202", buf);
	escape_into(buf, sizeof(buf), "\xed\xa0\x80", 3);	/* surrogate */
	ASSERT_STR_EQ("\\355\\240\\200", buf);
	escape_into(buf, sizeof(buf), "\xc0\xaf", 2);		/* overlong */
	ASSERT_STR_EQ("\\300\\257", buf);
	escape_into(buf, sizeof(buf), "\xf0\x9f\x98\x80", 4);	/* emoji */
	ASSERT_STR_EQ("\xf0\x9f\x98\x80", buf);
	/* cut at a whole character */
	escape_into(buf, 6, "ab\033cd", 5);
	ASSERT_STR_EQ("ab", buf);
	PASS();
}

/* ---- the line reader ---------------------------------------------------- */

static int reader_on(const char *content, size_t n, char *buf, unsigned size, struct reader *r)
{
	char path[] = "/tmp/netstat-unit-rd-XXXXXX";
	int fd = mkstemp(path);

	if (write(fd, content, n) != (ssize_t)n)
		return -1;
	lseek(fd, 0, SEEK_SET);
	unlink(path);
	reader_init(r, fd, buf, size);
	return fd;
}

TEST reader_lines(void)
{
	char buf[17];
	struct reader r;
	int fd = reader_on("one\ntwo\n\nlast", 13, buf, 16, &r);

	ASSERT_STR_EQ("one", read_line(&r));
	ASSERT_STR_EQ("two", read_line(&r));
	ASSERT_STR_EQ("", read_line(&r));
	ASSERT_STR_EQ("last", read_line(&r));	/* no trailing newline */
	ASSERT_EQ(NULL, read_line(&r));
	ASSERT_EQ(0, r.bad);
	close(fd);
	PASS();
}

TEST reader_overlong_and_nul(void)
{
	/* a line longer than the buffer and one holding a NUL are skipped
	 * and counted, the lines around them kept */
	char buf[17];
	struct reader r;
	static const char content[] = "ok1\n0123456789abcdefghijklmnop\nok2\nn\0l\nok3\n0123456789abcdefghij";
	int fd = reader_on(content, sizeof(content) - 1, buf, 16, &r);

	ASSERT_STR_EQ("ok1", read_line(&r));
	ASSERT_STR_EQ("ok2", read_line(&r));
	ASSERT_STR_EQ("ok3", read_line(&r));
	ASSERT_EQ(NULL, read_line(&r));
	ASSERT_EQ(3, r.bad);
	close(fd);
	PASS();
}

TEST reader_empty(void)
{
	char buf[17];
	struct reader r;
	int fd = reader_on("", 0, buf, 16, &r);

	ASSERT_EQ(NULL, read_line(&r));
	close(fd);
	PASS();
}

/* ---- tables ------------------------------------------------------------- */

TEST malformed_lines_skipped(void)
{
	/* hand-made damage between kernel lines: the good rows stay */
	const char *out;
	size_t len;

	remove_tables();
	out = run_flags(proc_with("tcp", TCP_HEADER
		"   0: 0100007F:1F40 0100007F:9C41 01 00000000:00000000 00:00000000 00000000     0        0 8001 1 0000000000000000 20 4 30 10 -1\n"
		"   1: 0100007F:1F40 garbage\n"
		"   2: 0100007F:1F41 0100007F:9C42 01 00000000:00000000 00:00000000 00000000     0        0 8002 1 0000000000000000 20 4 30 10 -1\n"),
		"-tn4", &len);
	ASSERT_STR_EQ(
		"tcp        0      0 127.0.0.1:8000          127.0.0.1:40001         ESTABLISHED\n"
		"tcp        0      0 127.0.0.1:8001          127.0.0.1:40002         ESTABLISHED\n",
		rows_of(out));
	ASSERT_EQ(1, G.malformed);
	PASS();
}

TEST missing_ipv6_tables_silent(void)
{
	/* a kernel without IPv6: tcp6/udp6/raw6 absent, nothing said */
	const char *out;
	size_t len;

	remove_tables();
	out = run_flags(proc_with("tcp", TCP_HEADER), "-tn", &len);
	ASSERT_STR_EQ(
		"Active Internet connections (w/o servers)\n"
		"Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n",
		out);
	PASS();
}

/* ---- fixture goldens: net-tools' own output on captured /proc/net ------- */

static char expected[1 << 20];

static int read_file_into(const char *path, char *buf, size_t size, size_t *len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	*len = (size_t)n;
	return 0;
}

/* tests/fixtures/cases and cases-frozen, one after the other */
static int read_cases(char *list, size_t size)
{
	char path[256];
	size_t len, len2;

	snprintf(path, sizeof(path), "%s/cases", FIXTURES);
	if (read_file_into(path, list, size, &len))
		return -1;
	snprintf(path, sizeof(path), "%s/cases-frozen", FIXTURES);
	if (read_file_into(path, list + len, size - len, &len2))
		return -1;
	return 0;
}

/* A profile without raw, UDP-Lite or IPv6 shows the same tables less
 * those rows: net-tools' lines of them are taken out of the golden */
static void drop_missing_tables(char *text)
{
	static const char *const labels[] = {
		"raw ", "raw6 ", "udpl ", "udpl6 ", "tcp6 ", "udp6 ",
	};
	const int missing[] = {
		!ENABLE_FEATURE_NETSTAT_RAW,
		!ENABLE_FEATURE_NETSTAT_RAW || !ENABLE_FEATURE_IPV6,
		!ENABLE_FEATURE_NETSTAT_UDPLITE,
		!ENABLE_FEATURE_NETSTAT_UDPLITE || !ENABLE_FEATURE_IPV6,
		!ENABLE_FEATURE_IPV6, !ENABLE_FEATURE_IPV6,
	};
	char *r = text, *w = text;
	int in_groups = 0;

	while (*r) {
		char *nl = strchr(r, '\n');
		size_t len = nl ? (size_t)(nl - r + 1) : strlen(r);
		unsigned i;
		int drop = 0;
		for (i = 0; i < ARRAY_SIZE(labels); i++)
			if (missing[i] && !strncmp(r, labels[i], strlen(labels[i])))
				drop = 1;
		/* -g without IPv6: net-tools' heading of such a build, no
		 * IPv6 groups (their addresses hold ':') */
		if (!strncmp(r, "IPv6/IPv4 Group Memberships", 27))
			in_groups = 1;
		else if (r[0] != ' ' && !strncmp(r, "Active", 6))
			in_groups = 0;
		if (!ENABLE_FEATURE_IPV6 && in_groups) {
			if (!strncmp(r, "IPv6/", 5)) {
				r += 5;
				len -= 5;
			} else if (memchr(r, ':', len) && r[0] != '-' && strncmp(r, "Interface", 9)) {
				drop = 1;
			}
		}
		if (!drop) {
			memmove(w, r, len);
			w += len;
		}
		r += len;
	}
	*w = '\0';
}

/* Whether this build has every option of ARGV (a profile may leave
 * some out: then the case must be refused with usage, exit 3) */
static int build_has_options(char **argv)
{
	char **a;

	for (a = argv; *a; a++)
		if (!ENABLE_FEATURE_IPV6 && strstr(*a, "inet6"))
			return 0;	/* --inet6, -A inet6: refused then */
	for (argv++; *argv; argv++) {
		const char *w = *argv;
		if (w[0] != '-')
			continue;
		if (w[1] == '-') {
#if ENABLE_LONG_OPTS
			const char *l;
			for (l = netstat_longopts; *l; l += strlen(l) + 3)
				if (!strcmp(l, w + 2))
					break;
			if (!*l)
				return 0;
			continue;
#else
			return 0;
#endif
		}

		for (w++; *w; w++) {
			if (!strchr(NETSTAT_OPTS, *w))
				return 0;
			if (*w == 'A' || *w == 'G')
				break;	/* the rest is its argument */
		}
	}
	return 1;
}

/* Every case of CASES (NULL: the socket cases) on FIXTURE: stdout and
 * exit status as net-tools' */
TEST golden(const char *fixture, const char *cases)
{
	char proc[256], list[8192], path[256];
	char *line, *save = NULL;
	size_t n_cases = 0, len;

	snprintf(proc, sizeof(proc), "%s", fixture_net(fixture));
	snprintf(path, sizeof(path), "%s/%s", FIXTURES, cases ? cases : "");
	if (cases ? read_file_into(path, list, sizeof(list), &len) : read_cases(list, sizeof(list)))
		FAILm("no case list");
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), golden_path[256], flags[256];
		char *argv[16];
		const char *out;
		size_t out_len, exp_len;

		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		snprintf(golden_path, sizeof(golden_path), "%s/%s/golden/%s.out",
			FIXTURES, fixture, line);
		if (read_file_into(golden_path, expected, sizeof(expected), &exp_len))
			FAILm(golden_path);
		snprintf(flags, sizeof(flags), "%s", tab + 1);
		split_args(flags, argv, ARRAY_SIZE(argv));
		if (!build_has_options(argv)) {
			int err = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
			dup2(null, STDERR_FILENO);	/* the usage text */
			if (fork() == 0) {		/* usage exits */
				run_netstat(proc, argv, &out_len);
				_exit(last_status);
			}
			{
				int st;
				wait(&st);
				dup2(err, STDERR_FILENO);
				close(err);
				close(null);
				/* a bad option (3), or an unknown family (1) */
				ASSERTm(tab + 1, WEXITSTATUS(st) == 3 || WEXITSTATUS(st) == 1);
			}
			n_cases++;
			continue;
		}
		drop_missing_tables(expected);
		out = run_netstat(proc, argv, &out_len);
		if (strcmp(expected, out)) {
			fprintf(stderr, "\n%s: %s differs from net-tools\n", fixture, tab + 1);
			ASSERT_STR_EQm(golden_path, expected, out);
		}
		{
			/* ID.rc: net-tools' exit status where it is not 0 */
			char rc_path[300], rc[16];
			size_t rc_len;
			int want = 0;
			snprintf(rc_path, sizeof(rc_path), "%s/%s/golden/%s.rc", FIXTURES, fixture, line);
			if (read_file_into(rc_path, rc, sizeof(rc), &rc_len) == 0)
				want = atoi(rc);
			ASSERT_EQm(rc_path, want, last_status);
		}
		n_cases++;
	}
	ASSERTm("no case in the list", n_cases > 0);
	PASS();
}

/* lo up, by ioctl, as `ip link set lo up` */
static int lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), res = -1;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		res = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (fd >= 0)
		close(fd);
	return res;
}

/*
 * tests/fixtures/iface-64bit: -i with counters past 2^32 (up to 2^64 - 1),
 * as a 32-bit target must print them too. -i asks each interface for
 * its flags and MTU, so this runs where the goldens were made: in a new
 * network namespace whose only interface is lo, up (root; else skipped).
 */
TEST golden_iface(void)
{
	pid_t pid;
	int st;

	if (geteuid() != 0)
		SKIPm("needs root: a network namespace of its own");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		enum greatest_test_res res;
		if (unshare(CLONE_NEWNET) || lo_up())
			_exit(77);
		res = golden("iface-64bit", "cases-iface");
		if (res != GREATEST_TEST_RES_PASS)	/* (its message was on golden()'s stack) */
			fprintf(stdout, "\niface-64bit: failed at %s:%u\n",
				greatest_info.fail_file ? greatest_info.fail_file : "", greatest_info.fail_line);
		fflush(stdout);
		_exit(res == GREATEST_TEST_RES_PASS ? 0 : 1);
	}
	ASSERT(pid > 0);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
		SKIPm("unshare(CLONE_NEWNET) or lo up refused");
	ASSERT_EQm("golden iface-64bit, in a new network namespace", 0, st);
	PASS();
}

/* Our \ooo escapes undone */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			out[n++] = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return n;
}

/*
 * The kernel capture with hostile unix paths (blanks, tab, newline, CR,
 * ESC, C1, invalid UTF-8, backslash): every line equals net-tools'
 * except unix rows with such a path, where the documented differences
 * hold exactly: our path, unescaped, cut at its first blank (sscanf's
 * %s), is net-tools' path; and ours holds no control byte.
 */
TEST golden_hostile(void)
{
	char list[8192], *line, *save = NULL;
	static char ours[1 << 20];
	size_t differing = 0;
	size_t UNIX_PATH_COLUMN = 0;

	if (read_cases(list, sizeof(list)))
		FAILm("no tests/fixtures/cases");
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), golden_path[256], flags[256];
		char *argv[16], *g, *o, *gsave = NULL, *osave = NULL;
		const char *out;
		size_t out_len, exp_len;

		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		snprintf(golden_path, sizeof(golden_path), "%s/hostile/golden/%s.out",
			FIXTURES, line);
		if (read_file_into(golden_path, expected, sizeof(expected), &exp_len))
			FAILm(golden_path);
		snprintf(flags, sizeof(flags), "%s", tab + 1);
		split_args(flags, argv, ARRAY_SIZE(argv));
		if (!build_has_options(argv))
			continue;	/* golden() checks that it is refused */
		drop_missing_tables(expected);
		out = run_netstat(fixture_net("hostile"), argv, &out_len);
		{
			/* where the unix table's Path column starts: -p moves it */
			const char *path_hdr = strstr(expected, " Path\n");
			const char *bol = path_hdr;
			while (bol && bol > expected && bol[-1] != '\n')
				bol--;
			UNIX_PATH_COLUMN = path_hdr ? (size_t)(path_hdr + 1 - bol) : 0;
		}
		memcpy(ours, out, out_len + 1);
		for (o = ours; *o && ((unsigned char)*o >= 0x20 || *o == '\n'); o++)
			continue;
		ASSERT_STR_EQm("control byte in our output", "", o);
		g = strtok_r(expected, "\n", &gsave);
		o = strtok_r(ours, "\n", &osave);
		for (; g && o; g = strtok_r(NULL, "\n", &gsave), o = strtok_r(NULL, "\n", &osave)) {
			char path[1024];
			size_t plen;

			if (!strcmp(g, o))
				continue;
			ASSERTm(o, strlen(o) > UNIX_PATH_COLUMN && !strncmp(o, "unix ", 5));
			ASSERT_STRN_EQm(o, g, o, UNIX_PATH_COLUMN);
			plen = unescape(o + UNIX_PATH_COLUMN, path);
			path[strcspn(path, " \t\n\v\f\r")] = '\0';
			ASSERT_STR_EQm(o, g + UNIX_PATH_COLUMN, path);
			ASSERT(plen > strlen(path) || strchr(o, '\\'));
			differing++;
		}
		ASSERT_EQm(tab + 1, g == NULL, o == NULL);
	}
	ASSERT(differing > 0);
	PASS();
}

/*
 * -S against the one-liner, computed here over net-tools' own output of
 * the same fixture: awk '/^tcp/ {++S[$NF]}' counts the last field of the
 * tcp and tcp6 rows. Our lines, in any order, must be exactly its lines.
 */
TEST summary_equals_oneliner(const char *golden_id, const char *flags)
{
	char path[256], *line, *save = NULL;
	char names[16][16];
	unsigned long counts[16];
	unsigned n = 0, i;
	size_t len;
	const char *out;

	snprintf(path, sizeof(path), "%s/basic/golden/%s.out", FIXTURES, golden_id);
	if (read_file_into(path, expected, sizeof(expected), &len))
		FAILm(path);
	for (line = strtok_r(expected, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *last;
		size_t l = strlen(line);
		if (strncmp(line, "tcp", 3) || (!ENABLE_FEATURE_IPV6 && line[3] == '6'))
			continue;	/* (tcp6 rows need an IPv6 build) */
		while (l && line[l - 1] == ' ')
			line[--l] = '\0';
		last = strrchr(line, ' ') + 1;
		for (i = 0; i < n && strcmp(names[i], last); i++)
			continue;
		if (i == n) {
			snprintf(names[n], sizeof(names[n]), "%s", last);
			counts[n++] = 0;
		}
		counts[i]++;
	}
	ASSERT(n >= 1);
	out = run_flags(fixture_net("basic"), flags, &len);
	for (i = 0; i < n; i++) {
		char want[300];
		snprintf(want, sizeof(want), "%s %lu\n", names[i], counts[i]);
		ASSERTm(want, strstr(out, want) != NULL);
	}
	/* and nothing else: n lines */
	for (i = 0; *out; out++)
		i += (*out == '\n');
	ASSERT_EQ(n, i);
	PASS();
}

TEST summary_order(void)
{
	/* hand-made kernel lines: 3 ESTABLISHED, 2 TIME_WAIT, 2 CLOSE_WAIT,
	 * 1 LISTEN: most first, ties in the kernel's order */
	static const unsigned states[] = { 1, 8, 6, 1, 6, 8, 1, 10 };
	char file[4096] = TCP_HEADER;
	unsigned i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		char line[256];
		snprintf(line, sizeof(line), "  %2u: 0100007F:1F40 0100007F:%04X %02X "
			"00000000:00000000 00:00000000 00000000     0        0 %u 1 "
			"0000000000000000 100 0 0 10 0\n", i, states[i] == 10 ? 0 : 40000 + i,
			states[i], 100 + i);
		strcat(file, line);
	}
	remove_tables();
	ASSERT_STR_EQ("ESTABLISHED 3\nTIME_WAIT 2\nCLOSE_WAIT 2\n",
		run_flags(proc_with("tcp", file), "-S", &len));
	ASSERT_STR_EQ("ESTABLISHED 3\nTIME_WAIT 2\nCLOSE_WAIT 2\nLISTEN 1\n",
		run_flags(tmpdir, "-aS", &len));
	ASSERT_STR_EQ("LISTEN 1\n", run_flags(tmpdir, "-lS", &len));
	if (ENABLE_FEATURE_NETSTAT_GROUP_BY) {
		ASSERT_STR_EQ("      3 ESTABLISHED\n      2 TIME_WAIT\n      2 CLOSE_WAIT\n      1 LISTEN\n",
			run_flags(tmpdir, "-an -G state", &len));
		ASSERT_STR_EQ("      2 TIME_WAIT\n",
			run_flags(tmpdir, "-an -G state,state=time_w", &len));
		ASSERT_STR_EQ("      3 ESTABLISHED\n",
			run_flags(tmpdir, "-an -G state,top=1", &len));
		ASSERT_STR_EQ("      8 127.0.0.1:8000\n",
			run_flags(tmpdir, "-an -G laddr,port=8000", &len));
		ASSERT_STR_EQ("",
			run_flags(tmpdir, "-an -G laddr,port=8001", &len));
	}
	PASS();
}

TEST group_by_hosts(void)
{
	/* kernel lines: v4 peers, a v6 peer and a v4-mapped peer of a
	 * dual-stack listener, which counts as the same IPv4 host */
	size_t len;

	if (!ENABLE_FEATURE_NETSTAT_GROUP_BY)
		SKIPm("no -G in this profile");
	remove_tables();
	proc_with("tcp", TCP_HEADER
		"   0: 0100007F:1F40 0100007F:9C41 01 00000000:00000000 00:00000000 00000000     0        0 8001 1 0000000000000000 20 4 30 10 -1\n"
		"   1: 0100007F:1F40 0200007F:9C42 01 00000000:00000000 00:00000000 00000000     0        0 8002 1 0000000000000000 20 4 30 10 -1\n");
	proc_with("tcp6", TCP6_HEADER
		"   0: 00000000000000000000000001000000:20FB 00000000000000000000000001000000:CB8E 01 00000000:00000000 00:00000000 00000000     0        0 8221 1 0000000000000000 20 4 30 10 -1\n"
		"   1: 0000000000000000FFFF00000100007F:20FB 0000000000000000FFFF00000100007F:8A4C 01 00000000:00000000 00:00000000 00000000     0        0 8220 1 0000000000000000 20 4 30 10 -1\n");
	ASSERT_STR_EQ(ENABLE_FEATURE_IPV6
		? "      2 127.0.0.1\n      1 127.0.0.2\n      1 ::1\n"
		: "      1 127.0.0.1\n      1 127.0.0.2\n",
		run_flags(tmpdir, "-nt -G rhost", &len));
	/* a v4-mapped peer of tcp6 */
	ASSERT_STR_EQ(ENABLE_FEATURE_IPV6 ? "      1 127.0.0.1:35404 ESTABLISHED\n" : "",
		run_flags(tmpdir, "-nt -G raddr,state,port=35404", &len));
	ASSERT_STR_EQ(ENABLE_FEATURE_IPV6
		? "      2 tcp 8000\n      2 tcp 8443\n" : "      2 tcp 8000\n",
		run_flags(tmpdir, "-nt -G proto,lport", &len));
	PASS();
}

/* ---- -p on a fake /proc (hand-made: what the kernel shows there) ------ */

static void fake_file(const char *path, const char *content, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, content, n) < 0)
			(void)0;
		close(fd);
	}
}

static char fake_proc_root[64];	/* fake_proc()'s directory, once made */

/* PID with cmdline and fd/N -> TARGET symlinks, as /proc shows them */
static void fake_process(const char *root, const char *pid, const char *cmdline,
		size_t cmdline_len, const char *const *links)
{
	char path[512];
	unsigned i;

	snprintf(path, sizeof(path), "%s/%s", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/cmdline", root, pid);
	fake_file(path, cmdline, cmdline_len);
	snprintf(path, sizeof(path), "%s/%s/fd", root, pid);
	mkdir(path, 0755);
	for (i = 0; links[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s/fd/%u", root, pid, i + 3);
		if (symlink(links[i], path))
			(void)0;
	}
}

/* which of two PIDs readdir() gives first: that one owns a shared socket */
static const char *first_of(const char *root, const char *a, const char *b)
{
	DIR *d = opendir(root);
	struct dirent *de;
	const char *first = NULL;

	while (d && !first && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, a))
			first = a;
		else if (!strcmp(de->d_name, b))
			first = b;
	}
	if (d)
		closedir(d);
	return first;
}

/* A fake /proc: five processes, shared, odd and non-socket links */
static const char *fake_proc(void)
{
	static const char *const l100[] = { "socket:[5001]", "socket:[5002]", "/dev/null", "pipe:[77]", NULL };
	static const char *const l200[] = { "socket:[5001]", NULL };
	static const char *const l300[] = { "socket:[5003]", NULL };
	static const char *const l400[] = { "[0000]:5004", NULL };
	static const char *const l600[] = { "socket:[12x]", "socket:[]", "socket:[5006", NULL };
	const char *root;
	char path[600];

	/* made once: mkdtemp's random letters may be X's themselves */
	if (fake_proc_root[0])
		return fake_proc_root;
	strcpy(fake_proc_root, "/tmp/netstat-unit-proc-XXXXXX");
	if (!mkdtemp(fake_proc_root)) {
		fake_proc_root[0] = '\0';
		return NULL;
	}
	root = fake_proc_root;
	fake_process(root, "100", "/usr/sbin/daemon\0-f\0", 20, l100);
	fake_process(root, "200", "sbin/rel-daemon-with-a-long-name\0", 33, l200);
	fake_process(root, "300", "ev\033[1mil\0", 10, l300);
	fake_process(root, "400", "", 0, l400);		/* a kernel thread's empty cmdline */
	fake_process(root, "600", "junk\0", 5, l600);	/* links that are not sockets */
	snprintf(path, sizeof(path), "%s/500", root);	/* exited: no fd/ */
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/self", root);	/* not a PID */
	if (symlink("100", path))
		(void)0;
	return root;
}

TEST programs_cells(void)
{
	const char *root = fake_proc(), *out, *first;
	char expect[2048];
	size_t len;

	if (!OPT_p)
		SKIPm("no -p in this profile");
	ASSERT(root != NULL);
	first = first_of(root, "100", "200");
	remove_tables();
	proc_with("tcp", TCP_HEADER
		"   0: 0100007F:1F40 0100007F:9C41 01 00000000:00000000 00:00000000 00000000     0        0 5001 1 0000000000000000 20 4 30 10 -1\n"
		"   1: 0100007F:1F41 0100007F:9C42 01 00000000:00000000 00:00000000 00000000     0        0 5002 1 0000000000000000 20 4 30 10 -1\n"
		"   2: 0100007F:1F42 0100007F:9C43 01 00000000:00000000 00:00000000 00000000     0        0 5003 1 0000000000000000 20 4 30 10 -1\n"
		"   3: 0100007F:1F43 0100007F:9C44 01 00000000:00000000 00:00000000 00000000     0        0 5004 1 0000000000000000 20 4 30 10 -1\n"
		"   4: 0100007F:1F44 0100007F:9C45 06 00000000:00000000 03:00000AE7 00000000     0        0 0 3 0000000000000000\n");
	test_proc_root = root;
	out = run_flags(tmpdir, "-tnp4", &len);
	test_proc_root = NULL;
	snprintf(expect, sizeof(expect),
		"tcp        0      0 127.0.0.1:8000          127.0.0.1:40001         ESTABLISHED %-20s\n"
		"tcp        0      0 127.0.0.1:8001          127.0.0.1:40002         ESTABLISHED 100/daemon          \n"
		"tcp        0      0 127.0.0.1:8002          127.0.0.1:40003         ESTABLISHED 300/ev\\033[1mil     \n"
		"tcp        0      0 127.0.0.1:8003          127.0.0.1:40004         ESTABLISHED 400/                \n"
		"tcp        0      0 127.0.0.1:8004          127.0.0.1:40005         TIME_WAIT   -                   \n",
		first && !strcmp(first, "200") ? "200/sbin/rel-daemo" : "100/daemon");
	ASSERT_STR_EQ(expect, rows_of(out));
	PASS();
}

/* ---- /etc files that are damaged (hand-made) ------------------------- */

#if ENABLE_FEATURE_NETSTAT_RESOLVE
static int fd_with(const char *content)
{
	char path[] = "/tmp/netstat-unit-etc-XXXXXX";
	int fd = mkstemp(path);

	if (write(fd, content, strlen(content)) < 0)
		return -1;
	lseek(fd, 0, SEEK_SET);
	unlink(path);
	return fd;
}
#endif

TEST damaged_etc_files(void)
{
#if ENABLE_FEATURE_NETSTAT_RESOLVE
	char name[NAMEBUF_SIZE];
	static const uint8_t lo[4] = { 127, 0, 0, 1 };
	int fd;

	free_globals();
	memset(&G, 0, sizeof(G));
	/* a port that is not a number once crashed the services reader */
	fd = fd_with("foo bar/tcp\nssh 22/tcp\nx 99999/tcp\ny 22\nz 22/sctp\n"
		"# comment 22/tcp\n\nssh2 22/tcp alias # last one wins\nnoport\n");
	services_scan(fd, 0);
	close(fd);
	G.services_loaded = 1;
	ASSERT_STR_EQ("ssh2", service_name(NAME_TCP, 22));
	ASSERT_EQ(NULL, service_name(NAME_UDP, 22));
	ASSERT_EQ(NULL, service_name(NAME_TCP, 99999 & 0xffff));
	fd = fd_with("garbage\n127.0.0.1\n999.0.0.1 bad\n127.0.0.1 \033]0;title\007x # esc\n");
	ASSERT(hosts_scan(fd, lo, 0, name, sizeof(name)));
	ASSERT_STR_EQ("\\033]0;title\\007x", name);
	close(fd);
	fd = fd_with("root:x:0:0::/root:/bin/sh\n::1000:\nbad:x:1000x:1\nuser:x:1000:1000::/:/bin/sh\n");
	ASSERT(passwd_scan(fd, 1000, name, sizeof(name)));
	ASSERT_STR_EQ("user", name);
	close(fd);
	free_globals();
	memset(&G, 0, sizeof(G));
	PASS();
#else
	SKIPm("no name resolution in this profile");
#endif
}

/* ---- -c: rounds leave descriptors and memory where they were --------- */

/* by fcntl, not opendir: a DIR from malloc would move VmData under ASan,
 * whose quarantine hands every opendir fresh memory */
static long count_fds(void)
{
	long n = 0;
	int fd;

	for (fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* VmData as the process itself sees it: its private writable mappings
 * but the stack, from /proc/self/maps (under qemu-user /proc/self/status
 * is the emulator's, with its own allocations, while its maps are the
 * guest's) */
static long vm_data_kb(void)
{
	char buf[4097];
	struct reader r;
	const char *line;
	unsigned long long kb = 0;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0)
		return -1;
	reader_init(&r, fd, buf, sizeof(buf) - 1);
	while ((line = read_line(&r)) != NULL) {
		unsigned long long lo, hi;
		char perms[5];

		if (sscanf(line, "%llx-%llx %4s", &lo, &hi, perms) == 3
				&& perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p'
				&& !strstr(line, "[stack"))
			kb += (hi - lo) / 1024;
	}
	close(fd);
	return (long)kb;
}

TEST continuous_rounds_stable(void)
{
	int null = open("/dev/null", O_WRONLY), saved = dup(STDOUT_FILENO);
	long fds1, data1, fds2, data2;
	unsigned i;

	free_globals();
	memset(&G, 0, sizeof(G));
	G.proc_net = fixture_net("basic");
	G.proc_root = fake_proc();	/* a machine whose processes stay put */
	ASSERT(G.proc_root != NULL);
	G.opt = OPT_a | OPT_t | OPT_u | OPT_x | OPT_e | OPT_p | OPT_n;
	G.numeric = NUM_ALL;
	select_tables("");
	dup2(null, STDOUT_FILENO);
	show_sockets();		/* the first round */
	out_flush();
	fds1 = count_fds();
	data1 = vm_data_kb();
	for (i = 1; i < 10000; i++) {
		show_sockets();
		out_flush();
	}
	fds2 = count_fds();
	data2 = vm_data_kb();
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	ASSERT_EQ_FMT(fds1, fds2, "%ld");
	ASSERT_EQ_FMT(data1, data2, "%ld");
	PASS();
}

SUITE(counting)
{
	if (!ENABLE_FEATURE_NETSTAT_SUMMARY)
		return;
	RUN_TESTp(summary_equals_oneliner, "n", "-S");
	RUN_TESTp(summary_equals_oneliner, "an", "-aS");
	RUN_TESTp(summary_equals_oneliner, "ln", "-lS");
	RUN_TESTp(summary_equals_oneliner, "4an", "-4aS");
	if (ENABLE_FEATURE_IPV6)
		RUN_TESTp(summary_equals_oneliner, "6an", "-6aS");
	RUN_TEST(summary_order);
	RUN_TEST(group_by_hosts);
}

SUITE(hostile)
{
	RUN_TEST(programs_cells);
	RUN_TEST(damaged_etc_files);
	RUN_TEST(continuous_rounds_stable);
}

SUITE(kernels)
{
	RUN_TEST(kernel_text_conversions);
}

SUITE(parsers)
{
	RUN_TEST(parse_tcp4_line);
	RUN_TEST(parse_head_only);
	RUN_TEST(parse_tcp6_byte_order);
	RUN_TEST(parse_v4mapped);
	RUN_TEST(parse_rejects_malformed);
	RUN_TEST(parse_unix_lines);
}

/* -s's texts are kept short (snmp_words), so each row that uses the
 * words has its printed line in a comment above it, for grep: every one
 * must be there, as snmp_text() prints it, the number as N */
TEST snmp_texts_greppable(void)
{
	static char source[1 << 19];
	size_t len;
	unsigned list, rows = 0;
	FILE *f = fopen("applet/netstat.c", "r");

	ASSERT(f != NULL);
	len = fread(source, 1, sizeof(source) - 1, f);
	fclose(f);
	ASSERT(len > 0 && len < sizeof(source) - 1);
	source[len] = '\0';
	for (list = 0; list < LIST_NONE; list++) {
		const char *row;

		for (row = snmp_list(list); *row; row += strlen(row) + 1) {
			const char *text, *t;
			char want[256], *n;
			unsigned kind;

			/* the row: NAME, its kind byte, TEXT */
			for (text = row; (unsigned char)*text >= ' '; text++)
				;
			kind = (unsigned char)*text++;
			for (t = text; *t && (unsigned char)*t < 0x80; t++)
				;
			if (!*t)
				continue;	/* plain text: greppable as it is */
			G.out_len = 0;
			snmp_text(text, kind, 4242424242ULL);
			ASSERT(G.out_len > 1 && G.out_len < 200);
			memcpy(want, "/* ", 3);
			memcpy(want + 3, G.outbuf, G.out_len - 1);	/* less its '\n' */
			strcpy(want + 3 + G.out_len - 1, " */");
			n = strstr(want, "4242424242");
			ASSERT(n != NULL);
			memmove(n + 1, n + 10, strlen(n + 10) + 1);
			*n = 'N';
			ASSERTm(want, strstr(source, want) != NULL);
			rows++;
		}
	}
	G.out_len = 0;
	ASSERT(rows > 50);
	PASS();
}

SUITE(formatters)
{
	RUN_TEST(ipv6_text_as_glibc);
	RUN_TEST(v4mapped_printed_as_ipv4);
	RUN_TEST(address_truncation);
	RUN_TEST(escaping);
	RUN_TEST(snmp_texts_greppable);
}

SUITE(reader)
{
	RUN_TEST(reader_lines);
	RUN_TEST(reader_overlong_and_nul);
	RUN_TEST(reader_empty);
}

SUITE(tables)
{
	RUN_TEST(every_tcp_state);
	RUN_TEST(udp_raw_udplite_rows);
	RUN_TEST(unix_table_rows);
	RUN_TEST(unix_listening_filter);
	RUN_TEST(malformed_lines_skipped);
	RUN_TEST(missing_ipv6_tables_silent);
}

SUITE(goldens)
{
	RUN_TESTp(golden, "basic", NULL);
	RUN_TESTp(golden, "netinfo", "cases-netinfo");
	RUN_TESTp(golden, "netinfo-noipv6", "cases-netinfo");
	/* a MIPS kernel's unix table: converted to this target's numbering
	 * where it is not MIPS, and still the mipsel net-tools' output */
	RUN_TESTp(golden, "unix-mips", "cases-unix");
	RUN_TEST(golden_iface);
	if (ENABLE_FEATURE_NETSTAT_STATS) {
		RUN_TESTp(golden, "stats", "cases-stats");
		RUN_TESTp(golden, "stats-every", "cases-stats");
		RUN_TESTp(golden, "stats-host", "cases-stats");
	}
	RUN_TEST(golden_hostile);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

/* the directories the tests made, if they made them */
static void remove_tree(const char *dir)
{
	if (dir[0])
		nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

GREATEST_MAIN_DEFS();

int main(int argc, char **argv)
{
	GREATEST_MAIN_BEGIN();
	RUN_SUITE(kernels);
	RUN_SUITE(parsers);
	RUN_SUITE(formatters);
	RUN_SUITE(reader);
	RUN_SUITE(tables);
	RUN_SUITE(goldens);
	RUN_SUITE(counting);
	RUN_SUITE(hostile);
	remove_tree(tmpdir);
	remove_tree(fake_proc_root);
	remove_tree(fixture_copies);
	GREATEST_MAIN_END();
}
