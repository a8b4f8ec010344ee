/* -f prometheus: each target's outcome as samples of four metric families
 * (six when a target has TLS facts), gathered per family and written as
 * one exposition at the end. */
#include "output/fmt_prom.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/utf8.h"
#include "model/tlsresult.h"
#include "model/tlserror.h"

static const char *const family_name[PROM_NFAMILIES] = {
	[PROM_SUCCESS] = "sockerr_probe_success",
	[PROM_DURATION] = "sockerr_probe_duration_seconds",
	[PROM_FAILURE] = "sockerr_probe_failure_info",
	[PROM_STATUS] = "sockerr_probe_exit_status",
	[PROM_TLS_INFO] = "sockerr_tls_info",
	[PROM_TLS_EXPIRY] = "sockerr_tls_cert_expiry_timestamp_seconds",
};

static const char *const family_help[PROM_NFAMILIES] = {
	[PROM_SUCCESS] = "1 when the check had the expected outcome "
			 "(by default: it connected), else 0.",
	[PROM_DURATION] = "Time spent in each phase of the check, and in all "
			  "(phase=\"total\").",
	[PROM_FAILURE] = "The exception Python raises for a check that "
			 "failed: stage, class, code name, code, message.",
	[PROM_STATUS] = "The exit status sockerr gives for this target alone.",
	[PROM_TLS_INFO] = "The TLS version and cipher the handshake agreed on.",
	[PROM_TLS_EXPIRY] = "When the server's certificate expires "
			    "(its notAfter), in seconds since the epoch.",
};

/* The label value's text: a byte as "\xNN" (which the exposition then
 * writes \\xNN), so that what is printed can be read back. */
static void hex_bytes(struct sbuf *b, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(b, "\\\\x%02x", s[i]);
}

void prom_label_value(struct sbuf *b, const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t n;
	uint32_t cp;

	for (size_t i = 0; i < len; i += n) {
		unsigned char c = s[i];

		n = 1;
		if (c == '\\') {
			sb_adds(b, "\\\\\\\\");	/* the text \\ */
		} else if (c == '"') {
			sb_adds(b, "\\\"");
		} else if (c < 0x20 || c == 0x7f) {
			hex_bytes(b, s + i, 1);
		} else if (c < 0x80) {
			sb_addc(b, (char)c);
		} else if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			hex_bytes(b, s + i, 1);
			n = 1;
		} else if (c == 0xc2 && s[i + 1] < 0xa0) {
			hex_bytes(b, s + i, n);		/* a C1 control */
		} else {
			sb_add(b, (const char *)s + i, n);
		}
	}
}

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The set of labels: slots hold row index + 1, 0 when free. */
static bool seen_grow(struct prom *p)
{
	size_t cap = p->seen_cap ? p->seen_cap * 2 : 64;
	size_t *slots = calloc(cap, sizeof *slots);

	if (!slots)
		return false;
	for (size_t i = 0; i < p->seen_cap; i++) {
		size_t j;

		if (!p->seen[i])
			continue;
		j = hash(p->rows[p->seen[i] - 1].target) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = p->seen[i];
	}
	free(p->seen);
	p->seen = slots;
	p->seen_cap = cap;
	return true;
}

/* The slot for label: free, or holding the row that has it. */
static size_t *seen_slot(const struct prom *p, const char *label)
{
	size_t j = hash(label) & (p->seen_cap - 1);

	while (p->seen[j] && strcmp(p->rows[p->seen[j] - 1].target, label) != 0)
		j = (j + 1) & (p->seen_cap - 1);
	return &p->seen[j];
}

static bool rows_grow(struct prom *p)
{
	size_t cap = p->rows_cap ? p->rows_cap * 2 : 16;
	struct prom_row *rows;

	if (p->nrows < p->rows_cap)
		return true;
	rows = realloc(p->rows, cap * sizeof *rows);
	if (!rows)
		return false;
	p->rows = rows;
	p->rows_cap = cap;
	return true;
}

/* The result goes before the samples are written: what the error points
 * at (a probe's buffer, the TLS failure) is copied or taken now. */
static bool keep_error(struct prom_row *row, enum py_version py)
{
	struct sk_error *e = &row->err;
	const char *msg = tax_message(e->kind, e->code);

	row->cls = tax_py2_class(e->kind, e->code);
	row->py3_cls = pyver_class(pyver_py3(py), e->kind, e->code);
	if (e->kind == SK_PLAIN)
		msg = e->text;
	else if (e->kind == SK_SSL && e->ssl) {
		row->cls = e->ssl->py2_class;
		row->py3_cls = e->ssl->py3_class;
		msg = e->ssl->py3_msg;
	}
	e->text = NULL;
	e->ssl = NULL;
	if (!sk_failed(e))
		return true;
	row->message = strdup(msg ? msg : "");
	return row->message != NULL;
}

/* The handshake's facts, a refused certificate's too (not pointers into
 * the report, which goes before the text is made). */
static void keep_tls(struct prom_row *row, const struct attempt *a)
{
	const struct tls_info *in;

	if (!a || !a->tls || !a->tls->have_info)
		return;
	in = &a->tls->info;
	row->tls_version = in->version;
	row->tls_cipher = in->cipher;
	row->tls_cert = in->has_cert;
	row->tls_expires = in->expires;
}

bool prom_add(struct prom *p, const char *name, size_t name_len,
	      const struct report *rp, bool success, int status)
{
	struct sbuf t = {0};
	struct prom_row *row;
	size_t *slot;
	bool kept = true;

	prom_label_value(&t, name, name_len);
	if (t.oom || !rows_grow(p) ||
	    ((p->seen_n + 1) * 2 > p->seen_cap && !seen_grow(p))) {
		p->oom = true;
		sb_free(&t);
		return false;
	}
	slot = seen_slot(p, sb_str(&t));
	if (*slot) {
		p->repeated++;
		sb_free(&t);
		return false;
	}
	row = &p->rows[p->nrows];
	*row = (struct prom_row){.target = t.p ? t.p : strdup(""),
				 .err = rp->res->err, .success = success,
				 .status = status};
	if (rp->res->usage)
		row->usage = strdup(rp->res->usage);
	else
		kept = keep_error(row, p->python);
	if (!row->target || !kept || (rp->res->usage && !row->usage)) {
		free(row->target);
		free(row->usage);
		free(row->message);
		p->oom = true;
		return false;
	}
	if (!row->usage) {
		row->nphases = (unsigned char)fmt_phases(rp, row->phases);
		keep_tls(row, result_shown_attempt(rp->res));
		p->any_tls |= row->tls_version || row->tls_cert;
	}
	*slot = ++p->nrows;
	p->seen_n++;
	return true;
}

static void label(struct sbuf *b, const char *key, const char *value)
{
	sb_printf(b, ",%s=\"", key);
	if (value)
		prom_label_value(b, value, strlen(value));
	sb_addc(b, '"');
}

static void failure(struct sbuf *b, const struct prom_row *row)
{
	const struct sk_error *e = &row->err;
	char code[16] = "";

	sb_printf(b, "%s{target=\"%s\"", family_name[PROM_FAILURE], row->target);
	if (row->usage) {
		sb_adds(b, ",stage=\"parse\",class=\"usage\",py3_class=\"usage\","
			   "name=\"\",code=\"\"");
		label(b, "message", row->usage);
		sb_adds(b, "} 1\n");
		return;
	}
	if (e->kind != SK_TIMEOUT && e->kind != SK_PLAIN)
		snprintf(code, sizeof code, "%d", e->code);
	label(b, "stage", stage_name(e->stage));
	label(b, "class", row->cls);
	label(b, "py3_class", row->py3_cls);
	label(b, "name", tax_name(e->kind, e->code));
	label(b, "code", code);
	label(b, "message", row->message);
	sb_adds(b, "} 1\n");
}

/* One family's samples for one target. */
static void samples(struct sbuf *b, enum prom_family f,
		    const struct prom_row *row)
{
	const char *name = family_name[f];

	switch (f) {
	case PROM_SUCCESS:
		sb_printf(b, "%s{target=\"%s\"} %d\n", name, row->target,
			  row->success ? 1 : 0);
		break;
	case PROM_DURATION:
		for (size_t i = 0; i < row->nphases; i++) {
			sb_printf(b, "%s{target=\"%s\",phase=\"%s\"} ", name,
				  row->target, row->phases[i].name);
			fmt_seconds(b, row->phases[i].ns);
			sb_addc(b, '\n');
		}
		break;
	case PROM_FAILURE:
		if (row->usage || sk_failed(&row->err))
			failure(b, row);
		break;
	case PROM_TLS_INFO:
		if (!row->tls_version)
			break;
		sb_printf(b, "%s{target=\"%s\"", name, row->target);
		label(b, "version", row->tls_version);
		label(b, "cipher", row->tls_cipher);
		sb_adds(b, "} 1\n");
		break;
	case PROM_TLS_EXPIRY:
		if (row->tls_cert)
			sb_printf(b, "%s{target=\"%s\"} %lld\n", name,
				  row->target, (long long)row->tls_expires);
		break;
	default:
		sb_printf(b, "%s{target=\"%s\"} %d\n", name, row->target,
			  row->status);
	}
}

void prom_write(const struct prom *p, struct sbuf *out,
		void (*flush)(struct sbuf *out, void *ctx), void *ctx)
{
	for (int f = 0; f < PROM_NFAMILIES; f++) {
		if (f >= PROM_TLS_INFO && !p->any_tls)
			break;
		sb_printf(out, "# HELP %s %s\n# TYPE %s gauge\n", family_name[f],
			  family_help[f], family_name[f]);
		for (size_t i = 0; i < p->nrows; i++) {
			samples(out, (enum prom_family)f, &p->rows[i]);
			if (flush && out->len >= PROM_FLUSH_BYTES)
				flush(out, ctx);
		}
	}
	if (p->oom)
		out->oom = true;	/* the caller says so */
}

void prom_free(struct prom *p)
{
	for (size_t i = 0; i < p->nrows; i++) {
		free(p->rows[i].target);
		free(p->rows[i].usage);
		free(p->rows[i].message);
	}
	free(p->rows);
	free(p->seen);
	*p = (struct prom){0};
}
