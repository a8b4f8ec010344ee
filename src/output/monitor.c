/* Glue between the run and the monitoring outputs: each report goes to
 * the prometheus or nagios collector; at the end one block is written. */
#include "output/monitor.h"

#include <string.h>

#include "model/expect.h"
#include "model/exitcode.h"

bool monitor_collects(const struct options *o)
{
	return o->format == FMT_PROMETHEUS || o->format == FMT_NAGIOS;
}

void monitor_init(struct monitor *m, const struct options *o, bool many)
{
	*m = (struct monitor){.o = o};
	m->nagios.many = many;
}

/* Python's line, or the ok line, without its newline. */
static void status_line(struct sbuf *b, const struct report *rp,
			const struct plan *pl)
{
	struct plan one = *pl;
	struct out_style st = {FMT_PYTHON, false};

	one.all = false;	/* -a: the outcome, not every address */
	fmt_result(b, rp, &one, &st);
	if (b->len && b->p[b->len - 1] == '\n')
		b->p[--b->len] = '\0';
}

int monitor_add(struct monitor *m, const struct report *rp)
{
	const struct options *o = m->o;
	bool expected = expect_match(&o->expect, rp->res);
	int status = expect_status(&o->expect, rp->res);
	struct nagios_limits lim = {o->warn_ns, o->crit_ns};

	if (!monitor_collects(o))
		return status;
	/* the target as given ("HOST PORT" when the port came apart) */
	if (o->format == FMT_PROMETHEUS) {
		if (!o->quiet)
			prom_add(&m->prom, rp->text, strlen(rp->text), rp,
				 expected, status);
		return status;
	}
	sb_reset(&m->line);
	status_line(&m->line, rp, &o->plan);
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

int monitor_end(struct monitor *m, FILE *out, int status)
{
	struct sbuf b = {0};

	if (m->o->format == FMT_PROMETHEUS && !m->o->quiet) {
		prom_write(&m->prom, &b, write_out, out);
		if (m->o->verbose && m->prom.repeated)
			fprintf(stderr, "sockerr: %zu repeated target%s left out "
				"of the exposition\n", m->prom.repeated,
				m->prom.repeated == 1 ? "" : "s");
	} else if (m->o->format == FMT_NAGIOS)
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

int monitor_exit_status(const struct options *o, FILE *out, int status)
{
	if (o->format != FMT_NAGIOS || status <= NAGIOS_UNKNOWN)
		return status;
	/* a usage error said so itself (cli_fail) */
	if (status == EXIT_INTERNAL)
		fputs("SOCKERR UNKNOWN - internal error\n", out);
	else if (status == EXIT_INTERRUPTED)
		fputs("SOCKERR UNKNOWN - interrupted\n", out);
	else if (status == EXIT_NOINPUT)
		fputs("SOCKERR UNKNOWN - cannot read --input\n", out);
	return NAGIOS_UNKNOWN;
}
