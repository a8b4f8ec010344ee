/* A target as the user gave it: the one place where an argument pair or
 * an -i line becomes a parsed target plus its display text, and where the
 * options are checked against it (single check and batch alike). */
#ifndef SOCKERR_REQUEST_H
#define SOCKERR_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"
#include "model/target.h"

struct request {
	char *text;		/* owned: as shown, "HOST PORT" for two words */
	struct target target;	/* valid when why is NULL */
	const char *why;	/* malformed, or the options do not fit it */
};

/* From one word (HOST:PORT, [V6]:PORT, unix:PATH) or HOST and PORT. */
void request_from_words(struct request *rq, const struct plan *pl,
			const char *word, const char *port);
/* From an -i line, already trimmed: "TARGET" or "HOST PORT". */
void request_from_line(struct request *rq, const struct plan *pl,
		       const char *line);
/* A line the reader refused (NUL byte, too long): shown, not parsed.
 * Fills rq whole, as the other two do. */
void request_bad(struct request *rq, const char *line, const char *why);
void request_free(struct request *rq);
/* Whether rq could not be built for want of memory (text may then be
 * NULL): a failure of the run, not of the target. */
bool request_oom(const struct request *rq);

/* Whether command-line arguments are one HOST PORT target (two words,
 * the first without a port) rather than one target each. */
bool args_are_host_port(const char *const *args, size_t n);

#endif
