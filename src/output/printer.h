/* The sink of a run: each result on stdout in the chosen format, the -v
 * trace and the --wait progress on stderr, the counts for the summary. */
#ifndef SOCKERR_PRINTER_H
#define SOCKERR_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "model/result.h"
#include "output/format.h"
#include "output/monitor.h"

struct printer {
	const struct sink_options *o;
	struct out_style style;
	struct sbuf buf;
	int status;		/* of the first failed target */
	bool closed;		/* stdout is gone (EPIPE) */
	size_t total, ok, bad, per_kind[SK_KIND_COUNT];
	size_t broken_family;	/* issue 19: output/dualstack.h */
	int64_t start;
	struct monitor mon;	/* --expect; -f prometheus and nagios */
};

void printer_init(struct printer *p, const struct sink_options *o,
		  bool many);
/* The sink's three calls (run/engine.h's engine_sink): a result in input
 * order (false: stdout is gone), before the run sleeps, a failed try that
 * --wait tries again (from any thread: it only reads). */
bool printer_emit(void *printer, const struct report *rp);
void printer_flush(void *printer);
void printer_retry(void *printer, const struct report *rp);
/* "sockerr: 3 targets in 0.001 s: 1 ok, 2 socket.error" on stderr. */
void printer_summary(const struct printer *p);
/* The end of the run: what -f prometheus/nagios gathered goes out; the
 * run's exit status, status as it stands or nagios's worst state. */
int printer_end(struct printer *p, int status);
void printer_free(struct printer *p);

#endif
