/* sockerr: run the steps of Python's socket.create_connection() and report
 * a failure exactly as Python prints it.  main decides process policy. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/version.h"
#include "base/escape.h"
#include "base/input.h"
#include "model/request.h"
#include "output/printer.h"
#include "output/reference.h"
#include "run/engine.h"
#include "tls/tls.h"

/* Descriptors kept back for stdio, the input and the C library. */
#define FD_SLACK 8

/* Targets from the command line: one each, or one HOST PORT. */
struct arg_source {
	const struct options *o;
	size_t next;
	const char *port;
	struct request first;	/* a single target, checked before the run */
	bool have_first;
};

static enum source_next args_next(void *ctx, struct request *rq)
{
	struct arg_source *s = ctx;

	if (s->have_first) {
		s->have_first = false;
		s->next = s->o->nargs;
		*rq = s->first;
		return SOURCE_TARGET;
	}
	if (s->next >= s->o->nargs)
		return SOURCE_END;
	request_from_words(rq, &s->o->plan, s->o->args[s->next++], NULL);
	return SOURCE_TARGET;
}

/* Targets from -i FILE, one per line. */
struct file_source {
	const struct plan *plan;
	struct line_reader reader;
	struct input_line line;
};

static enum source_next file_next(void *ctx, struct request *rq)
{
	struct file_source *s = ctx;

	reader_next(&s->reader, &s->line);
	switch (s->line.kind) {
	case LINE_WAIT:
		return SOURCE_WAIT;
	case LINE_END:
		return SOURCE_END;
	case LINE_BAD:
		request_bad(rq, s->line.text, s->line.why);
		return SOURCE_TARGET;
	default:
		request_from_line(rq, s->plan, s->line.text);
		return SOURCE_TARGET;
	}
}

static unsigned cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : (unsigned)n;
}

static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	if (!d)
		return 16;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Descriptors the run may use, after raising the soft limit to the hard
 * one; *before is the limit to put back after the run. */
static size_t fd_budget(struct rlimit *before)
{
	struct rlimit rl;
	size_t used = open_fds() + FD_SLACK;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return SIZE_MAX / 2;
	*before = rl;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > SIZE_MAX / 2)
		return SIZE_MAX / 2;
	return rl.rlim_cur > used ? rl.rlim_cur - used : 0;
}

/* What the process was given, put back before -w's command runs: the
 * signal mask and SIGPIPE's disposition (the only one sockerr changes).
 * stop: the signals that end the run, reported and then re-raised: those
 * of SIGINT, SIGTERM and SIGHUP left at SIG_DFL and unblocked.  One that
 * was ignored or blocked stays so, as in Python (SIGINT ignored by `cmd &`,
 * SIGHUP by nohup). */
struct given {
	sigset_t mask;
	struct sigaction pipe;
	sigset_t stop;
};

static void given_record(struct given *g)
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	pthread_sigmask(SIG_SETMASK, NULL, &g->mask);
	sigaction(SIGPIPE, NULL, &g->pipe);
	sigemptyset(&g->stop);
	for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
		if (!sigismember(&g->mask, stops[i]) &&
		    sigaction(stops[i], NULL, &sa) == 0 &&
		    !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_DFL)
			sigaddset(&g->stop, stops[i]);
}

/* The stop signals as a descriptor: blocked before any thread starts, so
 * every thread inherits the mask, and kept blocked to the end, so one that
 * comes late waits for the output to be complete. */
static int stop_open(const struct given *g)
{
	int fd;

	pthread_sigmask(SIG_BLOCK, &g->stop, NULL);
	fd = signalfd(-1, &g->stop, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)	/* then they act as they would have: at once */
		pthread_sigmask(SIG_UNBLOCK, &g->stop, NULL);
	return fd;
}

/* A stop signal that came after the run, or 0. */
static int stop_late(int fd)
{
	struct signalfd_siginfo si;

	if (fd < 0 || read(fd, &si, sizeof si) != sizeof si)
		return 0;
	return (int)si.ssi_signo;
}

/* As the process came: SIGPIPE's disposition (set to SIG_IGN first, which
 * drops a SIGPIPE sockerr's own writes left pending) and the mask. */
static void given_restore(const struct given *g)
{
	signal(SIGPIPE, SIG_IGN);	/* drops a pending SIGPIPE */
	sigaction(SIGPIPE, &g->pipe, NULL);
	pthread_sigmask(SIG_SETMASK, &g->mask, NULL);
}

/* Ends the process by signo (at SIG_DFL), as Python's does, once the
 * output is out: the caller's shell sees 128 + signo, and a script stops. */
static _Noreturn void die_by(int signo)
{
	sigset_t one;

	fflush(NULL);
	signal(signo, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, signo);
	raise(signo);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	_exit(128 + signo);
}

/* An input that cannot be read is not a usage error: one line, no
 * synopsis, EX_NOINPUT. */
static int input_error(const char *path, int err)
{
	struct sbuf b = {0};

	esc_terminal(&b, path, strlen(path));
	fprintf(stderr, "sockerr: cannot read %s: %s\n", sb_str(&b),
		strerror(err));
	sb_free(&b);
	return EXIT_NOINPUT;
}

static int open_input(const struct options *o, int *fd)
{
	*fd = STDIN_FILENO;
	if (strcmp(o->input, "-") == 0)
		return 0;
	*fd = open(o->input, O_RDONLY | O_CLOEXEC);
	return *fd < 0 ? input_error(o->input, errno) : 0;
}

/* One target alone: a malformed one is a usage error, before any run. */
static int check_single(struct options *o, struct arg_source *as)
{
	const char *port = o->nargs == 2 ? o->args[1] : NULL;
	struct request *rq = &as->first;

	request_from_words(rq, &o->plan, o->args[0], port);
	if (request_oom(rq)) {
		request_free(rq);
		fputs("sockerr: out of memory\n", stderr);
		return EXIT_INTERNAL;
	}
	if (rq->why) {
		int rc = cli_fail(o, stderr, "invalid target \"%s\": %s",
				  rq->text, rq->why);
		request_free(rq);
		return rc;
	}
	as->have_first = true;
	return 0;
}

/* How a mode ended: its status, and for a check the engine's account. */
struct outcome {
	int rc;
	struct engine_status st;
};

static enum engine_end run_engine(const struct options *o, size_t concurrency,
				  int sigfd, struct engine_source *src,
				  struct engine_sink *sink,
				  struct engine_status *st)
{
	struct engine_config cfg = {
		.plan = &o->plan, .concurrency = concurrency, .cpus = cpus(),
		.resolver_threads = RESOLVERS_MAX, .sigfd = sigfd,
	};
	size_t lookups = o->resolvers ? o->resolvers : RESOLVERS_MAX;
	struct rlimit nofile = {RLIM_INFINITY, RLIM_INFINITY};
	enum engine_end end;

	/* The lookup window follows the resolver up to this many at once. */
	if (lookups > concurrency)
		lookups = concurrency;
	cfg.resolver_threads = (unsigned)lookups;
	cfg.fd_budget = fd_budget(&nofile);
	/* issue 19: a racing probe holds its epoll set and a socket per
	 * address in flight: a dual-stack name's three */
	if (o->plan.happy || o->plan.asyncio)
		cfg.fd_budget /= 3;
	/* glibc (2.36) builds its NSS state at the first lookup and crashes
	 * (NULL state, or an assertion) when it cannot allocate it: build it
	 * now, before the run's threads and window take the memory */
	sethostent(0);
	endhostent();
	end = engine_run(&cfg, src, sink, st);
	/* what the command after -w inherits is what sockerr was given */
	if (!st->abandoned)
		setrlimit(RLIMIT_NOFILE, &nofile);
	return end;
}

/* What the output sinks need of the options. */
static struct sink_options sink_options(const struct options *o)
{
	return (struct sink_options){
		.format = o->format, .verbose = o->verbose, .quiet = o->quiet,
		.plan = &o->plan, .expect = &o->expect,
		.warn_ns = o->warn_ns, .crit_ns = o->crit_ns,
		.command = o->command ? o->command[0] : NULL,
		.usage = o->usage,
	};
}

static int run_checks(struct options *o, int sigfd, struct engine_status *st)
{
	struct arg_source as = {.o = o};
	struct file_source fs = {.plan = &o->plan};
	struct engine_source src = {args_next, -1, &as};
	struct sink_options so = sink_options(o);
	struct printer pr;
	struct engine_sink sink = {printer_emit, printer_flush, printer_retry, &pr};
	enum engine_end end;
	size_t concurrency = o->concurrency;
	bool many = true;
	int rc, fd = -1;

	if (o->input) {
		if ((rc = open_input(o, &fd)) != 0)
			return rc;
		reader_init(&fs.reader, fd);
		fs.reader.nowait = true;
		src = (struct engine_source){file_next, fd, &fs};
	} else if (o->nargs == 1 || args_are_host_port(o->args, o->nargs)) {
		if ((rc = check_single(o, &as)) != 0)
			return rc;
		many = false;
		concurrency = 1;
	}
	printer_init(&pr, &so, many);
	end = run_engine(o, concurrency, sigfd, &src, &sink, st);
	if (fd > STDIN_FILENO)
		close(fd);
	if (as.have_first)
		request_free(&as.first);
	/* input cut short (a directory, EIO) must never look like success */
	if (o->input && fs.reader.error) {
		rc = input_error(o->input, fs.reader.error);
		if (pr.status == 0)
			pr.status = rc;
	}
	if (end == ENGINE_FAILED) {
		/* set-up (epoll, threads) or the loop itself failed */
		fprintf(stderr, "sockerr: %s: %s\n",
			st->what ? st->what : "internal error", strerror(st->err));
		printer_free(&pr);
		return EXIT_INTERNAL;
	}
	if (end == ENGINE_INTERRUPTED ||
	    (many && !o->quiet && (o->verbose || isatty(STDERR_FILENO))))
		printer_summary(&pr);
	rc = printer_end(&pr, end == ENGINE_INTERRUPTED ? EXIT_INTERRUPTED
							: pr.status);
	printer_free(&pr);
	return rc;
}

static int run_mode(struct options *o, int sigfd, struct engine_status *st)
{
	switch (o->mode) {
	case MODE_HELP:
		cli_help(o, stdout);
		return EXIT_OK;
	case MODE_VERSION:
		version_print(stdout);
		return EXIT_OK;
	case MODE_EXPLAIN:
		return explain_codes(o->args, o->nargs, stdout, stderr);
	case MODE_LIST:
		if (list_codes(o->nargs ? o->args[0] : NULL, stdout) == 0)
			return EXIT_OK;
		return cli_fail(o, stderr, "unknown class \"%s\": use error, "
				"herror, gaierror or timeout", o->args[0]);
	default:
		return run_checks(o, sigfd, st);
	}
}

/* -w ... -- CMD: every target answered, so CMD runs in sockerr's place,
 * with the signal mask and dispositions sockerr was given, and its status
 * is the one the caller sees (126/127 as a shell's). */
static int exec_command(char **argv, const struct given *g)
{
	struct sbuf b = {0};
	int err;

	fflush(NULL);
	given_restore(g);
	execvp(argv[0], argv);
	err = errno;
	signal(SIGPIPE, SIG_IGN);
	esc_terminal(&b, argv[0], strlen(argv[0]));
	fprintf(stderr, "sockerr: cannot run %s: %s\n", sb_str(&b),
		strerror(err));
	sb_free(&b);
	return err == ENOENT ? EXIT_EXEC_NOTFOUND : EXIT_EXEC_FAILED;
}

/* --tls: the context every probe shares, made once the command line is
 * good (Python's create_default_context(); --cafile loaded here). */
static int tls_ready(struct options *o)
{
	struct tls_plan *tp = &o->plan.tls;
	const char *why;

	if (o->mode != MODE_CHECK || !tp->on)
		return 0;
	tp->ctx = tls_context_new(tp, &why);
	if (tp->ctx)
		return 0;
	return cli_fail(o, stderr, "invalid %s \"%s\": %s",
			tp->cafile ? "--cafile" : "--tls",
			tp->cafile ? tp->cafile : "", why);
}

int main(int argc, char **argv)
{
	struct options o;
	struct sink_options so;
	struct given g;
	struct outcome r = {0};
	int sigfd = -1, rc;

	given_record(&g);
	/* a closed stdout or socket is an error to handle, not a signal */
	signal(SIGPIPE, SIG_IGN);
	r.rc = cli_parse(argc, argv, &o, stderr);
	if (r.rc == 0)
		r.rc = tls_ready(&o);
	if (r.rc == 0 && o.mode == MODE_CHECK)
		sigfd = stop_open(&g);
	if (r.rc == 0)
		r.rc = run_mode(&o, sigfd, &r.st);
	if (r.st.signo == 0)
		r.st.signo = stop_late(sigfd);
	if (r.rc == 0 && r.st.signo == 0 && o.mode == MODE_CHECK && o.command)
		r.rc = exec_command(o.command, &g);
	so = sink_options(&o);
	rc = monitor_exit_status(&so, stdout, r.rc);
	if (fflush(stdout) != 0 && errno != EPIPE && rc == 0)
		rc = EXIT_INTERNAL;
	/* a plugin's status must be 0-3: nagios says UNKNOWN and exits */
	if (r.st.signo && o.format != FMT_NAGIOS)
		die_by(r.st.signo);
	if (r.st.abandoned) {	/* lookups still hold the plan */
		fflush(NULL);
		_exit(rc);
	}
	if (sigfd >= 0)
		close(sigfd);
	tls_context_free(o.plan.tls.ctx);
	cli_free(&o);
	return rc;
}
