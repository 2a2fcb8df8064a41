/* bench-population.c: a large TCP socket population for tests/bench.sh.
 *
 *   usage: bench-population N          (a socket population)
 *          bench-population -P NPROC   (a process population)
 *
 * Run it as root inside a network namespace of your own with lo up
 * (bench.sh: unshare -n, then ip link set lo up).  It refuses to run when
 * any interface other than lo is up, and connects to nothing but
 * 127.0.0.0/8 and ::1 of that namespace.  Built by bench.sh with
 * gcc -O2 into its temporary directory.
 *
 * It makes about N TCP sockets (every count below is exact, the rest of N
 * is ESTABLISHED pairs):
 *
 *   LISTEN       L = max(10, N/200): 127.0.0.1 ports 80 443 8080 5432 3306
 *                6379 22 25, [::1] ports 80 443 (v6-only), then idle
 *                listeners on 127.0.0.1:20000 and up
 *   ESTABLISHED  pairs from 127.1.0.0/16 to the eight IPv4 services in
 *                turn; client host h (127.1.0.0 + h + 1) has 1 + h % 31
 *                connections, from ports 40000 and up (so about N/32
 *                distinct remote hosts, a few with many connections)
 *   tcp6         V = N/40 ESTABLISHED pairs [::1]:20000+i -> [::1]:443/:80
 *   CLOSE_WAIT   C = 3N/100 pairs from 127.3.0.0/16 to :80/:443 whose
 *                client did shutdown(SHUT_WR): C CLOSE_WAIT server sockets
 *                and C FIN_WAIT2 client sockets (both stay until we exit)
 *   TIME_WAIT    T = N/20 from 127.64.0.0/10 to 127.0.0.1:80, closed by
 *                the client first (so only the client side stays, in
 *                TIME_WAIT, for 60 s)
 *   SYN_RECV     100 clients from 127.4.0.0/16 of a TCP_DEFER_ACCEPT
 *                listener on 127.0.0.1:7999 that send nothing: 100
 *                request sockets in SYN_RECV (and 100 ESTABLISHED
 *                clients), renewed with the TIME_WAITs
 *
 * Connections are made in batches of up to 1024: a non-blocking connect()
 * each, then accept4() on the listeners until every one has arrived (on
 * loopback the handshake is done by then).  Each client binds its own
 * address and port first, so every 4-tuple is distinct and fixed.  A
 * process can hold only RLIMIT_NOFILE fds (20000 here, and the hard limit
 * cannot be raised without CAP_SYS_RESOURCE), so the pairs that stay open
 * are made by worker processes, one after the other, each holding its
 * share until we exit; we keep the listeners and make the TIME_WAITs.
 *
 * When everything is in place it prints "ready" on stdout and then reads
 * commands, one a line, from stdin:
 *
 *   tw   make T new TIME_WAIT sockets and answer "ok".  TIME_WAIT lasts
 *        60 s; bench.sh kills the old ones (ss -K state time-wait) and
 *        asks for new ones before each measured command, so every
 *        command sees the same population.  Each call uses the next of
 *        64 address blocks, so even without the kill it never reuses a
 *        4-tuple that may still be in TIME_WAIT.
 *
 * At end of file on stdin it lets its workers go, waits for them and
 * exits (so when it is gone, every process it made is gone); the kernel
 * closes every socket.  Details (the counts) go to stderr.
 *
 * With -P NPROC it makes NPROC processes instead, each holding 4 TCP
 * sockets of its own, as many small daemons do: process i (0-based, h =
 * 127.2.0.0 + i + 1) listens on h:80 and h:443 and holds both ends of one
 * connection from 127.3.0.0 + i + 1, port 40000, to h:80: 2 LISTEN and 2
 * ESTABLISHED sockets, 4 socket fds besides stdin, stdout, stderr (all
 * /dev/null but stderr) and one pipe.  They are made one after the
 * other (each is ready before the next is forked), then "ready"; the
 * only command is end of file ("tw" answers "ok" and does nothing), and
 * then they are ended one after the other too (SIGKILL, waitpid).  -p
 * listings scan NPROC more processes with a few sockets each.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define BATCH 1024
#define NLISTEN_MAX 4096

/* -P: a process that fails says so on this pipe (one byte 'f') */
static int fail_fd = -1;

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	if (fail_fd >= 0) {
		ssize_t w = write(fail_fd, "f", 1);
		(void)w;
	}

	fprintf(stderr, "bench-population: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(e));
	exit(1);
}

/* A socket address of either family. */
typedef union {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
} addr;

/* The listeners: fd and address. */
static int lfd[NLISTEN_MAX];
static addr laddr[NLISTEN_MAX];
static int nlisten;

/* Services that get connections: indexes into lfd[]. */
enum { SVC_V4 = 0 /* 0..7: the eight IPv4 services */, SVC_V6_80 = 8, SVC_V6_443 = 9 };

static addr v4(uint32_t host, unsigned port)
{
	addr a;

	memset(&a, 0, sizeof a);
	a.in.sin_family = AF_INET;
	a.in.sin_addr.s_addr = htonl(host);
	a.in.sin_port = htons(port);
	return a;
}

static addr v6_loopback(unsigned port)
{
	addr a;

	memset(&a, 0, sizeof a);
	a.in6.sin6_family = AF_INET6;
	a.in6.sin6_addr = in6addr_loopback;
	a.in6.sin6_port = htons(port);
	return a;
}

static socklen_t salen(const addr *a)
{
	return a->sa.sa_family == AF_INET ? sizeof a->in : sizeof a->in6;
}

/* "ADDR:PORT" of a for messages */
static const char *str(const addr *a)
{
	static char buf[INET6_ADDRSTRLEN + 8];
	int v4 = a->sa.sa_family == AF_INET;

	inet_ntop(a->sa.sa_family, v4 ? (const void *)&a->in.sin_addr : (const void *)&a->in6.sin6_addr,
		  buf, sizeof buf);
	snprintf(buf + strlen(buf), 8, ":%u", ntohs(v4 ? a->in.sin_port : a->in6.sin6_port));
	return buf;
}

static void add_listener(addr a)
{
	int one = 1, fd;

	if (nlisten == NLISTEN_MAX)
		errno = ENOSPC, die("too many listeners");
	fd = socket(a.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (a.sa.sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, &a.sa, salen(&a)) < 0)
		die("bind listener %s", str(&a));
	if (listen(fd, 4096) < 0)
		die("listen");
	lfd[nlisten] = fd;
	laddr[nlisten++] = a;
}

/* One batch of connections: client i binds from[i] and connects to
 * listener to[i].  On return cl[i] are the client fds and sv[0..n-1] the
 * accepted server fds (in arrival order, not paired with cl[]). */
static addr from[BATCH];
static int to[BATCH], cl[BATCH], sv[BATCH], nbatch;

static void flush_batch(void)
{
	static int want[NLISTEN_MAX];
	int i, l, got = 0;

	for (i = 0; i < nbatch; i++) {
		int fd = socket(from[i].sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

		if (fd < 0)
			die("socket (connection %d of batch)", i);
		if (bind(fd, &from[i].sa, salen(&from[i])) < 0)
			die("bind client %s", str(&from[i]));
		if (connect(fd, &laddr[to[i]].sa, salen(&laddr[to[i]])) < 0
		    && errno != EINPROGRESS)
			die("connect");
		cl[i] = fd;
		want[to[i]]++;
	}
	for (l = 0; l < nlisten; l++) {
		while (want[l] > 0) {
			int fd = accept4(lfd[l], NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

			if (fd >= 0) {
				sv[got++] = fd;
				want[l]--;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				die("accept");
			struct pollfd p = { .fd = lfd[l], .events = POLLIN };
			if (poll(&p, 1, 10000) == 0)
				errno = ETIMEDOUT, die("accept: %d connections missing", want[l]);
		}
	}
}

/* Wait until every fd of sv[0..n-1] has seen the peer's FIN. */
static void wait_eof(const int *fds, int n)
{
	for (int i = 0; i < n; i++) {
		struct pollfd p = { .fd = fds[i], .events = POLLRDHUP };

		if (poll(&p, 1, 10000) == 0)
			errno = ETIMEDOUT, die("waiting for FIN");
	}
}

/* What to do with a full batch. */
enum kind { KEEP, CLOSE_WAIT, TIME_WAIT };

static void run_batch(enum kind k)
{
	int i;

	if (nbatch == 0)
		return;
	flush_batch();
	switch (k) {
	case KEEP:		/* ESTABLISHED: keep both ends open */
		break;
	case CLOSE_WAIT:	/* client: FIN_WAIT2, server: CLOSE_WAIT */
		for (i = 0; i < nbatch; i++)
			if (shutdown(cl[i], SHUT_WR) < 0)
				die("shutdown");
		wait_eof(sv, nbatch);
		break;
	case TIME_WAIT:
		/* Client closes first; once the server has its FIN, the
		 * server closes too: client TIME_WAIT, server gone. */
		for (i = 0; i < nbatch; i++)
			close(cl[i]);
		wait_eof(sv, nbatch);
		for (i = 0; i < nbatch; i++)
			close(sv[i]);
		break;
	}
	nbatch = 0;
}

static void add_conn(addr src, int listener, enum kind k)
{
	from[nbatch] = src;
	to[nbatch++] = listener;
	if (nbatch == BATCH)
		run_batch(k);
}

/* 127.0.0.0/8 address: 127.<b>.0.0 + n + 1 (n < 65534) */
static uint32_t host127(unsigned b, unsigned n)
{
	if (n >= 65534)
		errno = ERANGE, die("too many client hosts in 127.%u.0.0/16", b);
	return (127u << 24) | (b << 16) | (n + 1);
}

static long ntimewait;
static unsigned twgen;

/* SYN_RECV: NSYN clients of a TCP_DEFER_ACCEPT listener on
 * 127.0.0.1:7999 that send nothing, so that the server side stays a
 * request socket in SYN_RECV (for about a minute: the SYN-ACK
 * retransmits), made anew with the TIME_WAITs; the old clients are
 * reset (SO_LINGER 0), which ends their request sockets too. */
enum { NSYN = 100 };
static int synl = -1, syncl[NSYN];

static void make_synrecv(void)
{
	struct linger rst = { 1, 0 };
	int one = 1, defer = 600;
	addr a = v4(0x7f000001, 7999);

	if (synl < 0) {
		synl = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (synl < 0 || setsockopt(synl, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
		 || bind(synl, &a.sa, salen(&a)) < 0
		 || setsockopt(synl, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, sizeof defer) < 0
		 || listen(synl, 4096) < 0)
			die("SYN_RECV listener");
	}
	for (int i = 0; i < NSYN; i++) {
		addr from_a = v4(host127(4, i), 45000);

		if (syncl[i] > 0) {
			setsockopt(syncl[i], SOL_SOCKET, SO_LINGER, &rst, sizeof rst);
			close(syncl[i]);
		}
		syncl[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (syncl[i] < 0 || setsockopt(syncl[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
		 || bind(syncl[i], &from_a.sa, salen(&from_a)) < 0
		 || connect(syncl[i], &a.sa, salen(&a)) < 0)
			die("SYN_RECV client %d", i);
	}
}

static void make_timewait(void)
{
	/* block 127.(64 + twgen % 64).0.0/16, 16 ports a host */
	unsigned b = 64 + twgen++ % 64;

	for (long i = 0; i < ntimewait; i++)
		add_conn(v4(host127(b, i / 16), 40000 + i % 16), 0 /* :80 */, TIME_WAIT);
	run_batch(TIME_WAIT);
	make_synrecv();
}

static const unsigned svc[8] = { 80, 443, 8080, 5432, 3306, 6379, 22, 25 };
static long ne, nv, nc;		/* pairs: ESTABLISHED v4, v6, CLOSE_WAIT */

/* Make the pairs whose index (ESTABLISHED v4 first, then v6, then
 * CLOSE_WAIT) is in [lo, hi). */
static void make_pairs(long lo, long hi)
{
	long c = 0, i;

	/* ESTABLISHED: host h has 1 + h % 31 connections */
	for (long h = 0; c < ne; h++)
		for (long j = 0; j < 1 + h % 31 && c < ne; j++, c++)
			if (c >= lo && c < hi)
				add_conn(v4(host127(1, h), 40000 + j), SVC_V4 + c % 8, KEEP);
	run_batch(KEEP);
	for (i = 0; i < nv; i++, c++)
		if (c >= lo && c < hi)
			add_conn(v6_loopback(20000 + i), i % 2 ? SVC_V6_80 : SVC_V6_443, KEEP);
	run_batch(KEEP);
	for (i = 0; i < nc; i++, c++)
		if (c >= lo && c < hi)
			add_conn(v4(host127(3, i / 16), 40000 + i % 16), SVC_V4 + i % 2, CLOSE_WAIT);
	run_batch(CLOSE_WAIT);
}

/* -P: the processes, to end them one after the other (all at once, the
 * thousands of them would all be runnable together: a burst of load, and
 * of load average, when the bench ends) */
static pid_t *kids;
static long nkids;

/* Read commands from stdin until end of file ("tw" makes new TIME_WAIT
 * sockets if tw is set), then end the processes of kids[] one at a time,
 * close the life pipe and wait for every child: when we are gone, so are
 * they. */
static int serve(int life_w, int tw)
{
	char line[64];
	long i;

	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof line, stdin)) {
		if (strcmp(line, "tw\n") == 0) {
			if (tw)
				make_timewait();
			printf("ok\n");
		} else {
			printf("unknown command\n");
		}
		fflush(stdout);
	}
	for (i = 0; i < nkids; i++)
		if (kill(kids[i], SIGKILL) == 0)
			while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
				continue;
	close(life_w);
	while (wait(NULL) > 0 || errno == EINTR)
		continue;
	return 0;
}

/* -P NPROC: NPROC processes of 4 sockets each (see the top of the file). */
static int procs(long nproc)
{
	int life[2], done[2], null;
	long i, ok = 0;
	char b;

	if (nproc < 1 || nproc > 65533) {
		fprintf(stderr, "bench-population: -P 1..65533\n");
		return 2;
	}
	if (pipe2(life, O_CLOEXEC) < 0 || pipe2(done, O_CLOEXEC) < 0)
		die("pipe");
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		die("/dev/null");
	kids = calloc(nproc, sizeof *kids);
	if (!kids)
		die("calloc");
	fflush(stdout);
	for (i = 0; i < nproc; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork (process %ld)", i);
		if (pid == 0) {
			addr a80 = v4(host127(2, i), 80), a443 = v4(host127(2, i), 443);
			addr c = v4(host127(3, i), 40000);
			int l80, l443, fd, one = 1;

			fail_fd = done[1];
			close(life[1]);
			close(done[0]);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(1);
			/* only the sockets, the pipes and stderr stay open */
			dup2(null, 0);
			dup2(null, 1);
			close(null);
			l80 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
			l443 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
			fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (l80 < 0 || l443 < 0 || fd < 0)
				die("socket");
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
			if (bind(l80, &a80.sa, salen(&a80)) < 0 || listen(l80, 8) < 0)
				die("listen %s", str(&a80));
			if (bind(l443, &a443.sa, salen(&a443)) < 0 || listen(l443, 8) < 0)
				die("listen %s", str(&a443));
			if (bind(fd, &c.sa, salen(&c)) < 0)
				die("bind client %s", str(&c));
			if (connect(fd, &a80.sa, salen(&a80)) < 0)
				die("connect");
			if (accept4(l80, NULL, NULL, SOCK_CLOEXEC) < 0)
				die("accept");
			if (write(done[1], "k", 1) != 1)
				die("write");
			close(done[1]);
			while (read(life[0], &b, 1) > 0)
				;
			_exit(0);
		}
		kids[nkids++] = pid;
		/* one after the other: each answers 'k' (or 'f', and a
		 * message, when it fails) before the next is made, so that
		 * they never all compete for the CPU at once */
		for (;;) {
			struct pollfd p = { .fd = done[0], .events = POLLIN };
			ssize_t n;

			if (poll(&p, 1, 60000) == 0)
				errno = ETIMEDOUT, die("%ld of %ld processes ready", ok, nproc);
			n = read(done[0], &b, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n != 1 || b != 'k') {
				fprintf(stderr, "bench-population: a process failed (%ld ready)\n", ok);
				return 1;
			}
			ok++;
			break;
		}
	}
	close(done[1]);
	close(life[0]);
	close(null);
	close(done[0]);
	fprintf(stderr, "bench-population: %ld processes, %ld sockets: LISTEN %ld, ESTABLISHED %ld\n",
		nproc, 4 * nproc, 2 * nproc, 2 * nproc);
	return serve(life[1], 0);
}

int main(int argc, char **argv)
{
	struct ifaddrs *ifa, *p;
	struct rlimit rl;
	long n, nl, i, per, lo;
	int life[2], nworkers = 0;

	if (argc == 3 && strcmp(argv[1], "-P") == 0)
		n = -1;
	else if (argc != 2 || (n = atol(argv[1])) < 100) {
		fprintf(stderr, "usage: bench-population N (N >= 100)\n"
			"       bench-population -P NPROC\n");
		return 2;
	}
	/* Only ever on a private loopback: no interface but lo may be up
	 * (a new namespace may hold fallback tunnel devices, all down). */
	if (getifaddrs(&ifa) < 0)
		die("getifaddrs");
	for (p = ifa; p; p = p->ifa_next)
		if (strcmp(p->ifa_name, "lo") != 0 && (p->ifa_flags & IFF_UP)) {
			fprintf(stderr, "bench-population: interface %s is up: "
				"run me in a network namespace of my own (unshare -n)\n", p->ifa_name);
			return 1;
		}
	freeifaddrs(ifa);
	/* Do not outlive bench.sh. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (n < 0)
		return procs(atol(argv[2]));

	nl = n / 200 > 10 ? n / 200 : 10;
	ntimewait = n / 20;
	nc = n * 3 / 100;
	nv = n / 40;
	ne = (n - nl - ntimewait - 2 * nc - 2 * nv) / 2;

	for (i = 0; i < 8; i++)
		add_listener(v4(0x7f000001, svc[i]));
	add_listener(v6_loopback(80));
	add_listener(v6_loopback(443));
	for (i = 10; i < nl; i++)
		add_listener(v4(0x7f000001, 20000 + i - 10));

	/* A process may hold only RLIMIT_NOFILE fds (and without
	 * CAP_SYS_RESOURCE the hard limit cannot be raised), so the pairs
	 * are made by worker processes, one after the other, each holding
	 * at most `per' pairs until we exit (their read of the life pipe
	 * then sees end of file). */
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("getrlimit");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("setrlimit");
	per = ((long)rl.rlim_cur - nlisten - 64) / 2;
	if (per < 2 * BATCH)
		errno = EMFILE, die("RLIMIT_NOFILE %ld is too small", (long)rl.rlim_cur);
	if (pipe2(life, O_CLOEXEC) < 0)
		die("pipe");
	for (lo = 0; lo < ne + nv + nc; lo += per, nworkers++) {
		int done[2];
		char b;
		pid_t pid;

		if (pipe2(done, O_CLOEXEC) < 0)
			die("pipe");
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			close(life[1]);
			close(done[0]);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			make_pairs(lo, lo + per);
			if (write(done[1], "", 1) != 1)
				die("write");
			close(done[1]);
			while (read(life[0], &b, 1) > 0)
				;
			_exit(0);
		}
		close(done[1]);
		if (read(done[0], &b, 1) != 1) {
			fprintf(stderr, "bench-population: worker %d failed\n", nworkers);
			return 1;
		}
		close(done[0]);
	}
	make_timewait();

	fprintf(stderr, "bench-population: %ld sockets: LISTEN %ld, ESTABLISHED %ld "
		"(tcp6 %ld), CLOSE_WAIT %ld, FIN_WAIT2 %ld, TIME_WAIT %ld; %d workers\n",
		nl + 2 * ne + 2 * nv + 2 * nc + ntimewait, nl, 2 * ne + 2 * nv, 2 * nv,
		nc, nc, ntimewait, nworkers);
	return serve(life[1], 1);
}
