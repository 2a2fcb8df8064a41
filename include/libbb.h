/*
 * libbb.h: the part of BusyBox's libbb that applet/netstat.c uses, for
 * building the applet on its own against musl.
 *
 * Inside a BusyBox tree the applet includes BusyBox's real libbb.h and
 * none of this file is used; so everything here has BusyBox's name,
 * signature and behaviour, and nothing here knows about netstat.
 * The whole program is one translation unit, so the helpers are static.
 *
 * Feature constants come from autoconf.h, which the Makefile generates
 * from a profile in config/; usage.h is generated from the applet's
 * //usage: lines, as BusyBox generates its usage table.
 */
#ifndef LIBBB_STANDALONE_H
#define LIBBB_STANDALONE_H 1

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

#include "autoconf.h"

#define ALIGN1
#define FAST_FUNC
#define NORETURN __attribute__ ((__noreturn__))
#define UNUSED_PARAM __attribute__ ((__unused__))
#define MAIN_EXTERNALLY_VISIBLE
#define ARRAY_SIZE(x) ((unsigned)(sizeof(x) / sizeof((x)[0])))
#define LIBBB_HELPER static __attribute__ ((__unused__))

#define No_argument "\0"
#define Required_argument "\001"
#define Optional_argument "\002"

static const char *applet_name = "netstat";
/* Exit status of every *_and_die() and of bb_show_usage(); 0 sends the
 * usage text to stdout, as for --help. */
static uint8_t xfunc_error_retval = EXIT_FAILURE;

LIBBB_HELPER ssize_t safe_read(int fd, void *buf, size_t count)
{
	ssize_t n;

	do
		n = read(fd, buf, count);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Writes everything or returns -1 with errno set (BusyBox returns the
 * count written so far if something was; callers here only test < 0). */
LIBBB_HELPER ssize_t full_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return p - (const char *)buf;
}

LIBBB_HELPER void write_str(int fd, const char *s)
{
	full_write(fd, s, strlen(s));
}

NORETURN LIBBB_HELPER void xfunc_die(void)
{
	_exit(xfunc_error_retval);
}

/* "netstat: MSG" or, with errno, "netstat: MSG: REASON", in one write */
static void msg_errno(const char *s, int err)
{
	const char *part[5];
	char line[512];
	size_t len = 0;
	unsigned i;

	part[0] = applet_name;
	part[1] = ": ";
	part[2] = s;
	part[3] = err ? ": " : "";
	part[4] = err ? strerror(err) : "";
	for (i = 0; i < ARRAY_SIZE(part); i++) {
		size_t n = strlen(part[i]);
		if (n > sizeof(line) - 1 - len)
			n = sizeof(line) - 1 - len;
		memcpy(line + len, part[i], n);
		len += n;
	}
	line[len++] = '\n';
	full_write(STDERR_FILENO, line, len);
}

LIBBB_HELPER void bb_simple_error_msg(const char *s)
{
	msg_errno(s, 0);
}

LIBBB_HELPER void bb_simple_perror_msg(const char *s)
{
	msg_errno(s, errno);
}

NORETURN LIBBB_HELPER void bb_simple_error_msg_and_die(const char *s)
{
	bb_simple_error_msg(s);
	xfunc_die();
}

NORETURN LIBBB_HELPER void bb_simple_perror_msg_and_die(const char *s)
{
	bb_simple_perror_msg(s);
	xfunc_die();
}

LIBBB_HELPER void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p && size)
		bb_simple_error_msg_and_die("out of memory");
	return p;
}

LIBBB_HELPER void *xmalloc(size_t size)
{
	return xrealloc(NULL, size);
}

#include "usage.h"

/* BusyBox prints "Usage: APPLET TRIVIAL" then the full text; to stderr
 * for a bad option, to stdout (here) when help was asked for. */
NORETURN LIBBB_HELPER void bb_show_usage(void)
{
	int fd = xfunc_error_retval ? STDERR_FILENO : STDOUT_FILENO;

	write_str(fd, "Usage: ");
	write_str(fd, applet_name);
	write_str(fd, " " netstat_trivial_usage netstat_full_usage "\n");
	xfunc_die();
}

/*
 * getopt32long(argv, "ab:c", longopts, &b_arg): bit N of the result is
 * set when the Nth option character of the string was given; an option
 * followed by ':' stores its argument through the next pointer. longopts
 * is BusyBox's packed form: "name\0" has_arg val ... "\0". An unknown
 * option, or --help, shows usage. Of BusyBox's complementary rules
 * ("^OPTS\0RULES") only the counter is here: "ee" in RULES counts the
 * -e given into an int *, passed after the argument pointers.
 */
#define OPTSTR_MAX 40

LIBBB_HELPER uint32_t getopt32long(char **argv, const char *optstring,
		const char *longopts, ...)
{
	struct option lo[OPTSTR_MAX + 2];
	char **argp[OPTSTR_MAX];
	char shortopts[2 * OPTSTR_MAX + 2];
	char chars[OPTSTR_MAX];
	unsigned nopt = 0, nlong = 0, nshort = 1;
	uint32_t result = 0;
	const char *s;
	va_list ap;
	int argc, c;

	int *counter[OPTSTR_MAX];
	const char *rules = NULL;

	shortopts[0] = ':';	/* we print our own messages */
	if (optstring[0] == '^') {
		optstring++;
		rules = optstring + strlen(optstring) + 1;
	}
	if (!ENABLE_LONG_OPTS)
		longopts = NULL;
	va_start(ap, longopts);
	for (s = optstring; *s && nopt < 32; s++) {
		counter[nopt] = NULL;
		chars[nopt] = *s;
		argp[nopt] = NULL;
		shortopts[nshort++] = *s;
		if (s[1] == ':') {
			argp[nopt] = va_arg(ap, char **);
			shortopts[nshort++] = ':';
			s++;
		}
		nopt++;
	}
	/* "ee:vv": a counter for each doubled option, in the rules' order */
	for (s = rules; s && *s; s++) {
		if (s[0] == s[1]) {
			unsigned i;
			for (i = 0; i < nopt; i++)
				if (chars[i] == s[0])
					counter[i] = va_arg(ap, int *);
			s++;
		}
	}
	va_end(ap);
	shortopts[nshort] = '\0';
	for (s = longopts; s && *s && nlong < OPTSTR_MAX; nlong++) {
		lo[nlong].name = s;
		s += strlen(s) + 1;
		lo[nlong].has_arg = (unsigned char)*s++;
		lo[nlong].flag = NULL;
		lo[nlong].val = (unsigned char)*s++;
	}
	lo[nlong].name = "help";
	lo[nlong].has_arg = 0;
	lo[nlong].flag = NULL;
	lo[nlong].val = 0x100;
	memset(&lo[nlong + 1], 0, sizeof(lo[0]));

	for (argc = 0; argv[argc]; argc++)
		continue;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		unsigned i;
		char *p;

		if (c == 0x100) {
			xfunc_error_retval = 0;
			bb_show_usage();
		}
		for (i = 0; i < nopt; i++)
			if ((unsigned char)chars[i] == (unsigned)c)
				break;
		if (c == '?' || c == ':' || i == nopt) {
			/* glibc's wording, which net-tools users see */
			char msg[80] = "invalid option -- 'x'";
			if (c == ':')
				strcpy(msg, "option requires an argument -- 'x'");
			if (optopt > ' ' && optopt < 0x7f) {
				p = strchr(msg, '\'');
				p[1] = (char)optopt;
				bb_simple_error_msg(msg);
			} else {
				bb_simple_error_msg("unrecognized option");
			}
			bb_show_usage();
		}
		result |= 1U << i;
		if (argp[i])
			*argp[i] = optarg;
		if (counter[i])
			(*counter[i])++;
	}
	return result;
}

int netstat_main(int argc, char **argv) MAIN_EXTERNALLY_VISIBLE;

#ifndef LIBBB_NO_MAIN
int main(int argc, char **argv)
{
	return netstat_main(argc, argv);
}
#endif

#endif
