/*
 * The /proc/net text of one kernel as another kernel writes it: the
 * fixtures and the kernel lines of tests/unit.c were captured on
 * x86_64, and two things in them depend on the kernel's architecture:
 *
 * - Byte order. Each IPv4 address, and each 32-bit word of an IPv6
 *   address, is a __be32 that the kernel prints with %08X as the native
 *   u32 it is in memory: 127.0.0.1 is 0100007F on a little-endian
 *   kernel and 7F000001 on a big-endian one. That is so in tcp, udp,
 *   udplite and raw (local and remote address; tcp6 and the others: four
 *   words each), route (Destination, Gateway, Mask), rt_cache
 *   (Destination, Gateway, Source, SpecDst) and igmp (each group).
 *   Ports are printed from ntohs() values, the same everywhere; ipv6_route
 *   and igmp6 print addresses byte by byte (%pi6), the same everywhere;
 *   dev, snmp, snmp6, netstat and sockstat hold numbers only.
 * - Socket type numbers. /proc/net/unix's Type column is the kernel's
 *   SOCK_* value: MIPS numbers SOCK_DGRAM 1 and SOCK_STREAM 2, every
 *   other architecture SOCK_STREAM 1 and SOCK_DGRAM 2 (SOCK_RAW 3,
 *   SOCK_RDM 4, SOCK_SEQPACKET 5 everywhere).
 *
 * kernel_text_convert() rewrites one file's text from one kind of kernel
 * to another in place (no length changes): only fields of exactly the
 * form named above are touched, so a damaged line stays as damaged. A
 * unix path holding a newline can make a line that looks like a socket
 * line; it is converted as one, as net-tools reads it as one.
 *
 * Included by tests/unit.c; with -DKERNEL_TEXT_MAIN a filter for the
 * shell: kernel-text FROM TO FILE < in > out (FROM, TO: x86_64, mipsel,
 * s390x, mips, or le, be, le-mips, be-mips; host: the one it was built
 * for), as tests/cross.sh uses it.
 */
#include <string.h>
#include <sys/socket.h>

struct kernel_text {
	unsigned char big_endian;	/* addresses: native u32 of a big-endian CPU */
	unsigned char mips_types;	/* SOCK_DGRAM 1, SOCK_STREAM 2 */
};

static const struct kernel_text KERNEL_X86_64 = { 0, 0 };
static const struct kernel_text KERNEL_MIPSEL = { 0, 1 };

/* What the kernel under this build writes (its libc's SOCK_* are the
 * kernel's). -DKERNEL_TEXT_UNCONVERTED: x86_64's, so that the tests of a
 * big-endian or MIPS build read x86_64's text as it is, the control
 * that tests/cross.sh expects to fail. */
static struct kernel_text kernel_of_target(void)
{
#ifdef KERNEL_TEXT_UNCONVERTED
	return KERNEL_X86_64;
#else
	struct kernel_text k = {
		__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, SOCK_STREAM == 2,
	};
	return k;
#endif
}

static int kernel_text_same(struct kernel_text a, struct kernel_text b)
{
	return a.big_endian == b.big_endian && a.mips_types == b.mips_types;
}

static int kt_is_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'A' && p[i] <= 'F')
				|| (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

/* n words of 8 hex digits at p, each one's four bytes reversed */
static void kt_swap_words(char *p, unsigned n)
{
	unsigned w, i;

	for (w = 0; w < n; w++, p += 8)
		for (i = 0; i < 2; i++) {
			char a = p[2 * i], b = p[2 * i + 1];
			p[2 * i] = p[6 - 2 * i];
			p[2 * i + 1] = p[7 - 2 * i];
			p[6 - 2 * i] = a;
			p[7 - 2 * i] = b;
		}
}

enum kt_kind { KT_NONE, KT_INET4, KT_INET6, KT_ROUTE, KT_RT_CACHE, KT_IGMP, KT_UNIX };

static enum kt_kind kt_kind_of(const char *file)
{
	static const struct { const char *file; enum kt_kind kind; } kinds[] = {
		{ "tcp", KT_INET4 }, { "udp", KT_INET4 }, { "udplite", KT_INET4 },
		{ "raw", KT_INET4 }, { "tcp6", KT_INET6 }, { "udp6", KT_INET6 },
		{ "udplite6", KT_INET6 }, { "raw6", KT_INET6 },
		{ "route", KT_ROUTE }, { "rt_cache", KT_RT_CACHE },
		{ "igmp", KT_IGMP }, { "unix", KT_UNIX },
	};
	unsigned i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].file, file))
			return kinds[i].kind;
	return KT_NONE;
}

/* One line [p, end): field i (0-based, split at blanks) for i in the
 * bit set cols, when it is exactly `digits` hex digits, or with
 * `port` set, digits hex digits, ':' and 4 hex digits */
static void kt_swap_fields(char *p, char *end, unsigned cols, size_t digits, int port)
{
	unsigned i;

	for (i = 0; p < end; i++) {
		char *f;
		size_t n, want = digits + (port ? 5 : 0);

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (f = p; p < end && *p != ' ' && *p != '\t'; p++)
			continue;
		n = (size_t)(p - f);
		if (!(cols & 1u << i) || n != want || !kt_is_hex(f, digits))
			continue;
		if (port && (f[digits] != ':' || !kt_is_hex(f + digits + 1, 4)))
			continue;
		kt_swap_words(f, (unsigned)(digits / 8));
	}
}

/* unix: "Num: RefCount Protocol Flags Type St Inode Path"; Type is the
 * fifth field, 4 hex digits */
static void kt_unix_type(char *p, char *end)
{
	unsigned i;

	for (i = 0; p < end && i < 5; i++) {
		char *f;

		while (p < end && *p == ' ')
			p++;
		for (f = p; p < end && *p != ' '; p++)
			continue;
		if (i == 0 && (p == f || p[-1] != ':'))
			return;		/* the header, or not a socket line */
		if (i == 4 && p - f == 4 && !memcmp(f, "000", 3)) {
			if (f[3] == '1')
				f[3] = '2';
			else if (f[3] == '2')
				f[3] = '1';
		}
	}
}

static void kernel_text_convert(const char *file, char *text, size_t len,
		struct kernel_text from, struct kernel_text to)
{
	enum kt_kind kind = kt_kind_of(file);
	int swap = from.big_endian != to.big_endian;
	char *p = text, *end = text + len;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eol = nl ? nl : end;

		switch (kind) {
		case KT_INET4:	/* "sl: local rem st ..." */
			if (swap)
				kt_swap_fields(p, eol, 1u << 1 | 1u << 2, 8, 1);
			break;
		case KT_INET6:
			if (swap)
				kt_swap_fields(p, eol, 1u << 1 | 1u << 2, 32, 1);
			break;
		case KT_ROUTE:	/* Iface Destination Gateway Flags RefCnt Use Metric Mask */
			if (swap)
				kt_swap_fields(p, eol, 1u << 1 | 1u << 2 | 1u << 7, 8, 0);
			break;
		case KT_RT_CACHE:	/* ... Metric Source MTU Window IRTT TOS HHRef HHUptod SpecDst */
			if (swap)
				kt_swap_fields(p, eol, 1u << 1 | 1u << 2 | 1u << 7 | 1u << 14, 8, 0);
			break;
		case KT_IGMP:	/* a group: "\t\t\t\tGROUP USERS TIMER REPORTER" */
			if (swap && p < eol && *p == '\t')
				kt_swap_fields(p, eol, 1u << 0, 8, 0);
			break;
		case KT_UNIX:
			if (from.mips_types != to.mips_types)
				kt_unix_type(p, eol);
			break;
		case KT_NONE:
			break;
		}
		p = nl ? nl + 1 : end;
	}
}

#ifdef KERNEL_TEXT_MAIN
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int kt_parse_kernel(const char *s, struct kernel_text *k)
{
	static const struct { const char *name; struct kernel_text k; } names[] = {
		{ "le", { 0, 0 } }, { "aarch64", { 0, 0 } }, { "armhf", { 0, 0 } },
		{ "s390x", { 1, 0 } }, { "be", { 1, 0 } },
		{ "le-mips", { 0, 1 } }, { "mips", { 1, 1 } }, { "be-mips", { 1, 1 } },
	};
	unsigned i;

	if (!strcmp(s, "x86_64") || !strcmp(s, "mipsel") || !strcmp(s, "host")) {
		*k = s[0] == 'x' ? KERNEL_X86_64 : s[0] == 'm' ? KERNEL_MIPSEL : kernel_of_target();
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].name, s)) {
			*k = names[i].k;
			return 0;
		}
	return -1;
}

int main(int argc, char **argv)
{
	static char buf[16 << 20];
	struct kernel_text from, to;
	size_t len = 0;
	ssize_t n;

	if (argc != 4 || kt_parse_kernel(argv[1], &from) || kt_parse_kernel(argv[2], &to)) {
		fputs("usage: kernel-text FROM TO FILE <in >out (x86_64 mipsel s390x mips le be host)\n", stderr);
		return 2;
	}
	while (len < sizeof(buf) && (n = read(0, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	if (!kernel_text_same(from, to))
		kernel_text_convert(argv[3], buf, len, from, to);
	return fwrite(buf, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
}
#endif
