/* -f nagios: the Monitoring Plugins output: a status line with perfdata,
 * and with many targets a summary line first, then one line per target. */
#ifndef SOCKERR_FMT_NAGIOS_H
#define SOCKERR_FMT_NAGIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output/format.h"

/* The plugin API's states, which are also its exit statuses. */
enum nagios_state {
	NAGIOS_OK = 0,
	NAGIOS_WARNING = 1,
	NAGIOS_CRITICAL = 2,
	NAGIOS_UNKNOWN = 3,
};

struct nagios_limits {
	int64_t warn_ns, crit_ns;	/* on the connect time; -1 = none */
};

/* One target, as the caller saw it. */
struct nagios_check {
	const char *name;		/* the target as given */
	size_t name_len;
	const struct report *rp;
	const char *line;		/* Python's line or the ok line */
	bool expected;			/* the outcome the user expects */
};

struct nagios {
	struct sbuf first;		/* one target: its status line */
	struct sbuf lines, perf;	/* many: a line and a term each */
	size_t n, count[NAGIOS_UNKNOWN + 1];
	enum nagios_state worst;
	bool many;
};

/* The state for one target: UNKNOWN for a bad target, OK when the
 * outcome was expected (WARNING/CRITICAL when it connected slower than
 * a threshold), CRITICAL otherwise. */
enum nagios_state nagios_state(const struct nagios_check *c,
			       const struct nagios_limits *l);

/* Critical beats warning beats unknown beats ok. */
enum nagios_state nagios_worst(enum nagios_state a, enum nagios_state b);

void nagios_add(struct nagios *n, const struct nagios_check *c,
		const struct nagios_limits *l);
/* The whole output; interrupted: the run was cut short (UNKNOWN). */
/* Returns the state, which is the exit status. */
enum nagios_state nagios_write(struct nagios *n, struct sbuf *out,
			       bool interrupted);
void nagios_free(struct nagios *n);

/* Plugin output text: no control bytes, and no '|' (it starts perfdata). */
void nagios_text(struct sbuf *b, const void *data, size_t len);

#endif
