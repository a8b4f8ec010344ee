/* The monitoring outputs seen from main: -f prometheus and -f nagios
 * gather every target and write at the end; --expect decides each
 * target's exit status in every format. */
#ifndef SOCKERR_MONITOR_H
#define SOCKERR_MONITOR_H

#include <stdbool.h>
#include <stdio.h>

#include "model/expect.h"
#include "model/outformat.h"
#include "model/plan.h"
#include "output/fmt_nagios.h"
#include "output/fmt_prom.h"

/* What the sinks (this and printer.h) need of the options: main fills it
 * in from the command line. */
struct sink_options {
	enum out_format format;
	bool verbose, quiet;
	const struct plan *plan;
	const struct expect *expect;	/* --expect */
	int64_t warn_ns, crit_ns;	/* --warning, --critical; -1: none */
	const char *command;		/* -w ... -- CMD: CMD, or NULL */
	const char *usage;		/* a usage error's message, or NULL */
};

struct monitor {
	const struct sink_options *o;
	struct prom prom;
	struct nagios nagios;
	struct sbuf line;
};

void monitor_init(struct monitor *m, const struct sink_options *o,
		  bool many);

/* One finished target, in input order.  Returns its exit status (with
 * --expect).  Prometheus and nagios keep its text for monitor_end. */
int monitor_add(struct monitor *m, const struct report *rp);

/* Whether monitor_add keeps the output (main prints nothing itself). */
bool monitor_collects(const struct sink_options *o);

/* The end of the run: writes what was gathered to out and returns the
 * exit status: status as it stands, or in nagios mode the worst state. */
int monitor_end(struct monitor *m, FILE *out, int status);

/* Frees what was gathered, writing nothing (the run failed). */
void monitor_free(struct monitor *m);

/* Nagios mode: any status that is not a plugin state becomes UNKNOWN,
 * with a status line on out when nothing said why yet (a usage error's
 * line says o->usage). */
int monitor_exit_status(const struct sink_options *o, FILE *out, int status);

#endif
