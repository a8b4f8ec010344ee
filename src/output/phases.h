/* Shared by the monitoring formats: where a check spent its time, and a
 * duration in seconds as Prometheus and the plugin API write it. */
#ifndef SOCKERR_PHASES_H
#define SOCKERR_PHASES_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "model/error.h"
#include "model/result.h"

/* Where a check spent its time: resolve (not for unix:), each step that
 * ran (summed over the addresses tried), and "total". */
struct phase {
	const char *name;
	int64_t ns;
};
#define PHASES_MAX (STAGE_COUNT + 1)
size_t fmt_phases(const struct report *rp, struct phase *out);

/* "0.000123": seconds, to the nanosecond, without trailing zeros. */
void fmt_seconds(struct sbuf *b, int64_t ns);

#endif
