/* Output: a result as Python 2 / Python 3 text or as a JSON Lines object,
 * and the -v trace.  Pure: everything goes into a caller's buffer. */
#ifndef SOCKERR_FORMAT_H
#define SOCKERR_FORMAT_H

#include <stdbool.h>

#include "model/error.h"
#include "model/outformat.h"
#include "model/plan.h"
#include "model/result.h"
#include "base/sbuf.h"
#include "model/target.h"

/* Every JSON line's "schema": the version of src/output/sockerr.schema.json,
 * the shape of the lines.  A key removed, renamed or changed in type or
 * meaning makes it 2; a key added is added to the schema and keeps it. */
#define FMT_JSON_SCHEMA 1

struct out_style {
	enum out_format format;
	bool prefix;		/* many targets: "TARGET: " before each line */
	enum py_version python;	/* whose lines (plan.python) */
};

/* "socket.error: [Errno 111] Connection refused", no newline, as
 * interpreter py prints it (3.12+: a note on a line of its own after). */
void fmt_exception(struct sbuf *b, const struct sk_error *e,
		   enum py_version py);
/* "127.0.0.1", "::1", "unix:/path", "unix:@name": raw bytes, as the path
 * has them; the encoder that prints them escapes them (once). */
void fmt_host(struct sbuf *b, const struct address *a, const struct target *t);
void fmt_ms(struct sbuf *b, int64_t ns);	/* "0.123" */

/* The lines for one target, each ending in a newline. */
void fmt_result(struct sbuf *b, const struct report *rp, const struct plan *pl,
		const struct out_style *st);
/* The -v lines for one target. */
void fmt_trace(struct sbuf *b, const struct report *rp, const struct plan *pl,
	       const struct out_style *st);

#endif
