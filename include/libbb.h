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
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

/* Milliseconds of CLOCK_MONOTONIC */
LIBBB_HELPER unsigned long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + (unsigned long long)ts.tv_nsec / 1000000;
}

/* what must be undone before dying (netstat --output: its temporary
 * file), as BusyBox's libbb has it */
static void (*die_func)(void);

NORETURN LIBBB_HELPER void xfunc_die(void)
{
	if (die_func)
		die_func();
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

struct opt32 {
	char ch;		/* the option character (or a long-only code) */
	char has_arg;
	char **arg;		/* where its argument goes */
	int *counter;		/* "ee" rules: how many times */
};

/* glibc's wording, which net-tools users see: "netstat: MSG 'X'" */
NORETURN static void opt_error(const char *msg, const char *what, size_t len)
{
	char line[128];
	size_t n = strlen(msg);

	memcpy(line, msg, n);
	if (len > sizeof(line) - n - 3)
		len = sizeof(line) - n - 3;
	line[n++] = '\'';
	memcpy(line + n, what, len);
	n += len;
	line[n++] = '\'';
	line[n] = '\0';
	bb_simple_error_msg(line);
	bb_show_usage();
}

/* --name[=value]: an exact name, or a prefix of just one; --help */
static int long_option(const char *longopts, const char *word,
		const struct opt32 *opt, unsigned nopt, const char **value)
{
	const char *eq = strchr(word, '='), *s, *found = NULL;
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	unsigned matches = 0, i;

	*value = eq ? eq + 1 : NULL;
	if (len && !strncmp("help", word, len) && len <= 4 && !eq) {
		xfunc_error_retval = 0;
		bb_show_usage();
	}
	for (s = longopts; s && *s; s += strlen(s) + 3) {
		if (strncmp(s, word, len))
			continue;
		if (s[len] == '\0') {
			found = s;		/* exact: no ambiguity */
			matches = 1;
			break;
		}
		if (!found || found[strlen(found) + 2] != s[strlen(s) + 2])
			matches++;
		found = s;
	}
	if (matches != 1)
		opt_error(matches ? "option is ambiguous: " : "unrecognized option ",
			word - 2, len + 2);
	for (i = 0; i < nopt; i++)
		if (opt[i].ch == found[strlen(found) + 2])
			return (int)i;
	opt_error("unrecognized option ", word - 2, len + 2);
}

/*
 * getopt32long(argv, "ab:c", longopts, &b_arg): bit N of the result is
 * set when the Nth option character of the string was given; an option
 * followed by ':' stores its argument through the next pointer. longopts
 * is BusyBox's packed form: "name\0" has_arg val ... "\0". An unknown
 * option shows usage; --help shows it on stdout. Of BusyBox's
 * complementary rules ("^OPTS\0RULES") only the counter is here: "ee"
 * in RULES counts the -e given into an int *, passed after the argument
 * pointers. Words that are not options are skipped, as GNU getopt
 * permutes them away. (Our own parser: libc's getopt_long would bring
 * stdio into the static binary for its messages.)
 */
LIBBB_HELPER uint32_t getopt32long(char **argv, const char *optstring,
		const char *longopts, ...)
{
	struct opt32 opt[OPTSTR_MAX];
	const char *s, *rules = NULL;
	unsigned nopt = 0;
	uint32_t result = 0;
	va_list ap;

	if (optstring[0] == '^') {
		optstring++;
		rules = optstring + strlen(optstring) + 1;
	}
	if (!ENABLE_LONG_OPTS)
		longopts = NULL;
	va_start(ap, longopts);
	for (s = optstring; *s && nopt < 32; s++) {
		opt[nopt].ch = *s;
		opt[nopt].has_arg = (s[1] == ':');
		opt[nopt].arg = opt[nopt].has_arg ? va_arg(ap, char **) : NULL;
		opt[nopt].counter = NULL;
		s += opt[nopt].has_arg;
		nopt++;
	}
	for (s = rules; s && *s; s++) {
		if (s[0] == s[1]) {
			unsigned i;
			for (i = 0; i < nopt; i++)
				if (opt[i].ch == s[0])
					opt[i].counter = va_arg(ap, int *);
			s++;
		}
	}
	va_end(ap);

	for (argv++; *argv; argv++) {
		const char *word = *argv;

		if (word[0] != '-' || word[1] == '\0')
			continue;
		if (!strcmp(word, "--"))
			break;
		for (word++; *word; ) {
			const char *value = NULL;
			unsigned i;

			if (word == *argv + 1 && *word == '-') {
				if (!ENABLE_LONG_OPTS) {
					/* BusyBox's dispatcher knows --help */
					if (strcmp(word, "-help"))
						opt_error("unrecognized option ", *argv, strlen(*argv));
					xfunc_error_retval = 0;
					bb_show_usage();
				}
				i = (unsigned)long_option(longopts, word + 1, opt, nopt, &value);
				if (value && !opt[i].has_arg)
					opt_error("option doesn't allow an argument ",
						*argv, strcspn(*argv, "="));
				word += strlen(word);
			} else {
				for (i = 0; i < nopt && opt[i].ch != *word; i++)
					continue;
				if (i == nopt)
					opt_error("invalid option -- ", word, 1);
				word++;
				if (opt[i].has_arg && *word) {
					value = word;
					word += strlen(word);
				}
			}
			if (opt[i].has_arg && !value) {
				if (!argv[1])
					opt_error("option requires an argument -- ",
						&opt[i].ch, 1);
				value = *++argv;
				word = "";
			}
			result |= 1U << i;
			if (opt[i].arg)
				*opt[i].arg = (char *)value;
			if (opt[i].counter)
				(*opt[i].counter)++;
		}
	}
	return result;
}

/* As in BusyBox: without LONG_OPTS the longopts argument is dropped
 * unseen, so an applet's table must be under #if ENABLE_LONG_OPTS (an
 * unused one fails -Werror here as it does there). */
#if !ENABLE_LONG_OPTS
# define getopt32long(argv, optstring, longopts, ...) \
	getopt32long(argv, optstring, NULL, ##__VA_ARGS__)
#endif

int netstat_main(int argc, char **argv) MAIN_EXTERNALLY_VISIBLE;

#ifndef LIBBB_NO_MAIN
int main(int argc, char **argv)
{
	return netstat_main(argc, argv);
}
#endif

#endif
