/* The monitoring outputs seen from main: -f prometheus and -f nagios
 * gather every target and write at the end; --expect decides each
 * target's exit status in every format. */
#ifndef SOCKERR_MONITOR_H
#define SOCKERR_MONITOR_H

#include <stdbool.h>
#include <stdio.h>

#include "app/cli.h"
#include "output/fmt_nagios.h"
#include "output/fmt_prom.h"

struct monitor {
	const struct options *o;
	struct prom prom;
	struct nagios nagios;
	struct sbuf line;
};

void monitor_init(struct monitor *m, const struct options *o, bool many);

/* One finished target, in input order.  Returns its exit status (with
 * --expect).  Prometheus and nagios keep its text for monitor_end. */
int monitor_add(struct monitor *m, const struct report *rp);

/* Whether monitor_add keeps the output (main prints nothing itself). */
bool monitor_collects(const struct options *o);

/* The end of the run: writes what was gathered to out and returns the
 * exit status: status as it stands, or in nagios mode the worst state. */
int monitor_end(struct monitor *m, FILE *out, int status);

/* Frees what was gathered, writing nothing (the run failed). */
void monitor_free(struct monitor *m);

/* Nagios mode: any status that is not a plugin state becomes UNKNOWN,
 * with a status line on out when nothing said why yet. */
int monitor_exit_status(const struct options *o, FILE *out, int status);

#endif
