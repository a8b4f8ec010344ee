/* -f prometheus: the text exposition format for node_exporter's textfile
 * collector.  Samples are gathered per metric family (the format wants a
 * family's samples together), so the text is whole only at the end. */
#ifndef SOCKERR_FMT_PROM_H
#define SOCKERR_FMT_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output/format.h"
#include "output/phases.h"

enum prom_family {
	PROM_SUCCESS,
	PROM_DURATION,
	PROM_FAILURE,
	PROM_STATUS,
	PROM_TLS_INFO,		/* these two only when a target has TLS facts */
	PROM_TLS_EXPIRY,
	PROM_NFAMILIES
};

/* What a target's samples are made of (about 270 bytes and the label),
 * kept until the end: the text is made family by family in prom_write. */
struct prom_row {
	char *target;			/* the label value, escaped */
	char *usage;			/* a bad target: why */
	struct sk_error err;		/* its text and ssl are not kept: */
	char *message;			/* the message, owned */
	const char *cls, *py3_cls;	/* static strings */
	struct phase phases[PHASES_MAX];
	unsigned char nphases;
	bool success;
	int status;
	const char *tls_version, *tls_cipher;	/* OpenSSL's static text */
	int64_t tls_expires;			/* not_after, epoch seconds */
	bool tls_cert;				/* tls_expires is known */
};

struct prom {
	struct prom_row *rows;
	size_t nrows, rows_cap;
	size_t *seen;			/* labels taken: a hash set of rows */
	size_t seen_n, seen_cap;
	size_t repeated;		/* targets left out: their label was taken */
	bool oom;			/* a target was lost for want of memory */
	bool any_tls;			/* a row has TLS facts */
	enum py_version python;		/* whose class names (--python) */
};

/* One target's samples, under the label name (the target as given).
 * success: the outcome was the expected one; status: its exit status.
 * A target given before is left out (false, oom unset): a series must be
 * unique, and the caller says so. */
bool prom_add(struct prom *p, const char *name, size_t name_len,
	      const struct report *rp, bool success, int status);

/* Every family: # HELP, # TYPE, then its samples in input order.  With
 * flush, out is handed to it whenever it holds PROM_FLUSH_BYTES or more
 * (flush writes it and resets it); without, all of it stays in out. */
#define PROM_FLUSH_BYTES 65536
void prom_write(const struct prom *p, struct sbuf *out,
		void (*flush)(struct sbuf *out, void *ctx), void *ctx);
void prom_free(struct prom *p);

/* A label value, one per text: the text's bytes, a backslash as the text
 * \\ and each byte of a control character (C0, DEL, C1) or of what is not
 * UTF-8 as the text \xNN; then escaped as the exposition format says
 * (backslash and double quote), so the value is valid UTF-8 and reads
 * back. */
void prom_label_value(struct sbuf *b, const void *data, size_t len);

#endif
