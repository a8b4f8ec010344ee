/* Glue between the run and the monitoring outputs: each report goes to
 * the prometheus or nagios collector; at the end one block is written. */
#include "output/monitor.h"

#include <string.h>

#include "base/escape.h"

#include "model/expect.h"
#include "model/exitcode.h"

bool monitor_collects(const struct sink_options *o)
{
	return o->format == FMT_PROMETHEUS || o->format == FMT_NAGIOS;
}

void monitor_init(struct monitor *m, const struct sink_options *o, bool many)
{
	*m = (struct monitor){.o = o};
	m->prom.python = o->plan->python;
	m->nagios.many = many;
}

/* A status line is one line: a note (3.12+) follows the exception
 * after "; ". */
static void one_line(struct sbuf *b)
{
	struct sbuf t = {0};

	if (!b->len || !memchr(b->p, '\n', b->len))
		return;
	for (size_t i = 0; i < b->len; i++) {
		if (b->p[i] == '\n')
			sb_adds(&t, "; ");
		else
			sb_addc(&t, b->p[i]);
	}
	sb_reset(b);
	sb_add(b, sb_str(&t), t.len);
	sb_free(&t);
}

/* Python's line, or the ok line, without its newline. */
static void status_line(struct sbuf *b, const struct report *rp,
			const struct plan *pl)
{
	struct plan one = *pl;
	struct out_style st = {FMT_PYTHON3, false, pl->python};

	one.all = false;	/* -a: the outcome, not every address */
	fmt_result(b, rp, &one, &st);
	if (b->len && b->p[b->len - 1] == '\n')
		b->p[--b->len] = '\0';
	one_line(b);
}

/* A series must be unique: a target given again is written once, and
 * stderr says so. */
static void left_out(const char *target)
{
	struct sbuf t = {0};

	esc_terminal(&t, target, strlen(target));
	fprintf(stderr, "sockerr: %s: given again: left out of the exposition "
		"(its first result stands)\n", sb_str(&t));
	sb_free(&t);
}

int monitor_add(struct monitor *m, const struct report *rp)
{
	const struct sink_options *o = m->o;
	bool expected = expect_match(o->expect, rp->res);
	int status = expect_status(o->expect, rp->res);
	struct nagios_limits lim = {o->warn_ns, o->crit_ns};

	if (!monitor_collects(o))
		return status;
	/* the target as given ("HOST PORT" when the port came apart) */
	if (o->format == FMT_PROMETHEUS) {
		if (!o->quiet && !prom_add(&m->prom, rp->text, strlen(rp->text),
					   rp, expected, status) && !m->prom.oom)
			left_out(rp->text);
		return status;
	}
	sb_reset(&m->line);
	status_line(&m->line, rp, o->plan);
	nagios_add(&m->nagios, &(struct nagios_check){rp->text,
			strlen(rp->text), rp, sb_str(&m->line), expected}, &lim);
	return status;
}

/* prom_write's output so far, to the FILE. */
static void write_out(struct sbuf *b, void *ctx)
{
	if (b->oom)
		return;		/* keep the mark for monitor_end */
	fwrite(b->p, 1, b->len, ctx);
	sb_reset(b);
}

/* -w ... -- CMD with every target up: CMD runs in sockerr's place, and in
 * nagios mode it is the plugin (its lines, its state), so sockerr's line
 * waits: it is written only if CMD does not run (monitor_exit_status). */
static bool command_runs(const struct sink_options *o, int status)
{
	return o->command && status == EXIT_OK;
}

int monitor_end(struct monitor *m, FILE *out, int status)
{
	struct sbuf b = {0};

	if (m->o->format == FMT_PROMETHEUS && !m->o->quiet)
		prom_write(&m->prom, &b, write_out, out);
	else if (m->o->format == FMT_NAGIOS && !command_runs(m->o, status))
		status = (int)nagios_write(&m->nagios, &b,
					   status == EXIT_INTERRUPTED);
	if (b.oom) {
		fputs("sockerr: out of memory\n", stderr);
		status = EXIT_INTERNAL;
	} else if (!m->o->quiet && b.len) {
		fwrite(b.p, 1, b.len, out);
	}
	sb_free(&b);
	monitor_free(m);
	return status;
}

void monitor_free(struct monitor *m)
{
	prom_free(&m->prom);
	nagios_free(&m->nagios);
	sb_free(&m->line);
}

/* CMD could not run after -w: the plugin could not do its job, which the
 * Monitoring Plugins guidelines call UNKNOWN. */
static void command_failed(const char *cmd, int status, FILE *out)
{
	struct sbuf t = {0};

	nagios_text(&t, cmd, strlen(cmd));
	fprintf(out, "SOCKERR UNKNOWN - cannot run %s: %s\n", sb_str(&t),
		status == EXIT_EXEC_NOTFOUND ? "command not found"
					     : "command cannot run");
	sb_free(&t);
}

/* The plugin's status line for a bad command line. */
static void usage_failed(const char *why, FILE *out)
{
	struct sbuf t = {0};

	nagios_text(&t, why, strlen(why));
	fprintf(out, "SOCKERR UNKNOWN - %s\n", sb_str(&t));
	sb_free(&t);
}

int monitor_exit_status(const struct sink_options *o, FILE *out, int status)
{
	if (o->format != FMT_NAGIOS || status <= NAGIOS_UNKNOWN)
		return status;
	if (status == EXIT_INTERNAL)
		fputs("SOCKERR UNKNOWN - internal error\n", out);
	else if (status == EXIT_INTERRUPTED)
		fputs("SOCKERR UNKNOWN - interrupted\n", out);
	else if (status == EXIT_NOINPUT)
		fputs("SOCKERR UNKNOWN - cannot read --input\n", out);
	else if ((status == EXIT_EXEC_NOTFOUND || status == EXIT_EXEC_FAILED) &&
		 o->command && !o->quiet)
		command_failed(o->command, status, out);
	else if (status == EXIT_USAGE && o->usage)
		usage_failed(o->usage, out);
	return NAGIOS_UNKNOWN;
}
