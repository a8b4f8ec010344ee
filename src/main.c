/* sockerr: run the steps of Python's socket.create_connection() and report
 * a failure exactly as Python prints it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "escape.h"
#include "input.h"
#include "loop.h"
#include "reference.h"
#include "sbuf.h"
#include "target.h"

/* Targets from the command line. */
struct arg_source {
	const char *const *args;
	size_t n, next;
	const char *port;	/* HOST PORT: the one target's port */
};

static enum source_next args_next(void *ctx, const char **text,
				  const char **port, const char **why)
{
	struct arg_source *s = ctx;

	(void)why;
	if (s->next >= s->n)
		return SOURCE_END;
	*text = s->args[s->next++];
	*port = s->port;
	if (s->port)
		s->next = s->n;
	return SOURCE_TARGET;
}

/* Targets from -i FILE, one per line. */
struct file_source {
	struct line_reader reader;
	struct input_line line;
};

static enum source_next file_next(void *ctx, const char **text,
				  const char **port, const char **why)
{
	struct file_source *s = ctx;

	reader_next(&s->reader, &s->line);
	if (s->line.kind == LINE_WAIT)
		return SOURCE_WAIT;
	if (s->line.kind == LINE_END)
		return SOURCE_END;
	*text = s->line.text;
	*port = s->line.port;
	*why = s->line.why;
	return SOURCE_TARGET;
}

struct printer {
	const struct options *o;
	struct out_style style;
	struct sbuf buf;
	int status;		/* of the first failed target */
	bool closed;		/* stdout is gone (EPIPE) */
	size_t total, ok, bad, per_kind[SK_KIND_COUNT];
	int64_t start;
};

static bool print_emit(void *ctx, const struct report *rp)
{
	struct printer *p = ctx;
	const struct result *r = rp->res;

	p->total++;
	if (r->usage)
		p->bad++;
	else if (result_ok(r))
		p->ok++;
	else
		p->per_kind[r->err.kind]++;
	if (p->status == 0)
		p->status = result_exit_status(r);
	if (p->o->verbose) {
		sb_reset(&p->buf);
		fmt_trace(&p->buf, rp, &p->o->plan, &p->style);
		fputs(sb_str(&p->buf), stderr);
	}
	if (p->o->quiet)
		return true;
	sb_reset(&p->buf);
	fmt_result(&p->buf, rp, &p->o->plan, &p->style);
	if (fwrite(p->buf.p, 1, p->buf.len, stdout) != p->buf.len)
		p->closed = true;
	return !p->closed;
}

static void print_flush(void *ctx)
{
	struct printer *p = ctx;

	if (fflush(stdout) != 0)
		p->closed = true;
}

static void print_retry(void *ctx, const struct report *rp)
{
	struct printer *p = ctx;
	struct sbuf b = {0};

	if (p->o->quiet || !isatty(STDERR_FILENO))
		return;
	esc_terminal(&b, rp->text, strlen(rp->text));
	sb_printf(&b, ": try %u: ", rp->res->tries);
	fmt_exception(&b, &rp->res->err, p->style.format == FMT_PYTHON3);
	fprintf(stderr, "sockerr: waiting for %s\n", sb_str(&b));
	sb_free(&b);
}

static void print_summary(const struct printer *p)
{
	static const char *const names[] = {
		[SK_ERRNO] = "socket.error", [SK_HERROR] = "socket.herror",
		[SK_GAIERROR] = "socket.gaierror", [SK_TIMEOUT] = "socket.timeout",
		[SK_SSL] = "ssl.*",
	};
	size_t errors = p->per_kind[SK_ERRNO] + p->per_kind[SK_PLAIN];

	fprintf(stderr, "sockerr: %zu target%s in %.3f s: %zu ok", p->total,
		p->total == 1 ? "" : "s", (double)(now_ns() - p->start) / (double)NS_PER_SEC,
		p->ok);
	if (errors)
		fprintf(stderr, ", %zu %s", errors, names[SK_ERRNO]);
	for (int k = SK_HERROR; k < SK_KIND_COUNT; k++)
		if (p->per_kind[k] && k != SK_PLAIN)
			fprintf(stderr, ", %zu %s", p->per_kind[k], names[k]);
	if (p->bad)
		fprintf(stderr, ", %zu bad target%s", p->bad, p->bad == 1 ? "" : "s");
	fputc('\n', stderr);
}

/* Two arguments whose first carries no port are HOST PORT; otherwise
 * each argument is a target. */
static bool one_host_port(const struct options *o)
{
	return o->nargs == 2 && !target_is_complete(o->args[0]);
}

static int check_single(const struct options *o, const char *port)
{
	struct target t;
	const char *why;

	if (!target_parse(o->args[0], port, o->plan.resolve_only, &t, &why))
		return cli_fail(o, stderr, "invalid target \"%s%s%s\": %s",
				o->args[0], port ? " " : "", port ? port : "", why);
	target_free(&t);
	if (t.kind == TARGET_UNIX && o->plan.bind_host)
		return cli_fail(o, stderr, "--source does not apply to unix:");
	return 0;
}

static int open_input(const struct options *o, int *fd)
{
	if (strcmp(o->input, "-") == 0) {
		*fd = STDIN_FILENO;
		return 0;
	}
	*fd = open(o->input, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return cli_fail(o, stderr, "cannot read --input \"%s\": %s",
				o->input, strerror(errno));
	return 0;
}

static int run_checks(const struct options *o)
{
	struct arg_source as = {o->args, o->nargs, 0, NULL};
	struct file_source fs = {0};
	struct engine_source src = {args_next, -1, &as};
	struct printer pr = {.o = o, .style = {o->format, true}, .start = now_ns()};
	struct engine_sink sink = {print_emit, print_flush, print_retry, &pr};
	struct engine_config cfg = {&o->plan, o->concurrency,
				    o->plan.resolve_only, 0};
	enum engine_end end;
	bool abandoned, many;
	int rc, err, fd = -1;

	if (o->input) {
		if ((rc = open_input(o, &fd)) != 0)
			return rc;
		reader_init(&fs.reader, fd);
		fs.reader.nowait = true;
		src = (struct engine_source){file_next, fd, &fs};
	} else if (o->nargs == 1 || one_host_port(o)) {
		as.port = o->nargs == 2 ? o->args[1] : NULL;
		if ((rc = check_single(o, as.port)) != 0)
			return rc;
		pr.style.prefix = false;
		cfg.concurrency = 1;
	}
	many = pr.style.prefix;
	cfg.resolver_threads = cfg.concurrency < 32 ? (unsigned)cfg.concurrency : 32;
	end = engine_run(&cfg, &src, &sink, &abandoned);
	err = errno;
	if (fd > STDIN_FILENO)
		close(fd);
	if (o->input && fs.reader.error) {
		/* input cut short (a directory, EIO) must never look like success */
		rc = cli_fail(o, stderr, "cannot read --input \"%s\": %s",
			      o->input, strerror(fs.reader.error));
		if (pr.status == 0)
			pr.status = rc;
	}
	if (end == ENGINE_FAILED) {
		/* set-up (epoll, threads) or the loop itself failed */
		fprintf(stderr, "sockerr: internal error: %s\n", strerror(err));
		return EXIT_INTERNAL;
	}
	if (end == ENGINE_INTERRUPTED ||
	    (many && !o->quiet && (o->verbose || isatty(STDERR_FILENO))))
		print_summary(&pr);
	sb_free(&pr.buf);
	rc = end == ENGINE_INTERRUPTED ? EXIT_INTERRUPTED : pr.status;
	if (abandoned) {
		fflush(NULL);
		_exit(rc);
	}
	return rc;
}

static int run(const struct options *o)
{
	switch (o->mode) {
	case MODE_HELP:
		cli_help(o, stdout);
		return 0;
	case MODE_VERSION:
		puts("sockerr " SOCKERR_VERSION);
		return 0;
	case MODE_EXPLAIN:
		return explain_codes(o->args, o->nargs, stdout, stderr);
	case MODE_LIST:
		if (list_codes(o->nargs ? o->args[0] : NULL, stdout) == 0)
			return 0;
		return cli_fail(o, stderr, "unknown class \"%s\": use error, "
				"herror, gaierror or timeout", o->args[0]);
	default:
		return run_checks(o);
	}
}

int main(int argc, char **argv)
{
	struct options o;
	int rc;

	/* a closed stdout or socket is an error to handle, not a signal */
	signal(SIGPIPE, SIG_IGN);
	rc = cli_parse(argc, argv, &o, stderr);
	if (rc == 0)
		rc = run(&o);
	if (fflush(stdout) != 0 && errno != EPIPE && rc == 0)
		rc = EXIT_INTERNAL;
	cli_free(&o);
	return rc;
}
