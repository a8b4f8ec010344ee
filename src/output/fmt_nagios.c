/* -f nagios: states, status lines and perfdata as the Monitoring Plugins
 * development guidelines describe them. */
#include "output/fmt_nagios.h"

#include <string.h>

#include "base/escape.h"
#include "model/exitcode.h"
#include "output/phases.h"
#include "model/tlsresult.h"

static const char *const state_names[] = {
	[NAGIOS_OK] = "OK", [NAGIOS_WARNING] = "WARNING",
	[NAGIOS_CRITICAL] = "CRITICAL", [NAGIOS_UNKNOWN] = "UNKNOWN",
};

enum nagios_state nagios_worst(enum nagios_state a, enum nagios_state b)
{
	static const int rank[] = {
		[NAGIOS_OK] = 0, [NAGIOS_UNKNOWN] = 1,
		[NAGIOS_WARNING] = 2, [NAGIOS_CRITICAL] = 3,
	};

	return rank[a] >= rank[b] ? a : b;
}

/* The connect time of the attempt reported, or -1 if none ran. */
static int64_t connect_ns(const struct result *r)
{
	const struct attempt *a = result_shown_attempt(r);

	return a && a->ran[STAGE_CONNECT] ? a->ns[STAGE_CONNECT] : -1;
}

/* --cert-days failed on a certificate still valid: a warning, as
 * check_http -C gives one (an expired one stays critical). */
static bool cert_expires_soon(const struct result *r)
{
	const struct attempt *a = result_shown_attempt(r);

	return result_exit_status(r) == EXIT_CERT_DAYS && a && a->tls &&
	       a->tls->have_info && a->tls->info.days_left >= 0;
}

enum nagios_state nagios_state(const struct nagios_check *c,
			       const struct nagios_limits *l)
{
	const struct result *r = c->rp->res;
	int64_t t = connect_ns(r);

	if (r->usage)
		return NAGIOS_UNKNOWN;
	if (!c->expected)
		return cert_expires_soon(r) ? NAGIOS_WARNING : NAGIOS_CRITICAL;
	if (!result_ok(r) || t < 0)
		return NAGIOS_OK;
	if (l->crit_ns >= 0 && t > l->crit_ns)
		return NAGIOS_CRITICAL;
	if (l->warn_ns >= 0 && t > l->warn_ns)
		return NAGIOS_WARNING;
	return NAGIOS_OK;
}

/* Escaped text as is, but '|' (perfdata follows it) as \x7c. */
static void no_pipes(struct sbuf *b, const char *s)
{
	for (const char *bar; (bar = strchr(s, '|')); s = bar + 1) {
		sb_add(b, s, (size_t)(bar - s));
		sb_adds(b, "\\x7c");
	}
	sb_adds(b, s);
}

void nagios_text(struct sbuf *b, const void *data, size_t len)
{
	struct sbuf t = {0};

	esc_terminal(&t, data, len);
	no_pipes(b, sb_str(&t));
	sb_free(&t);
}

/* A perfdata label: quoted, '' for a quote, no '=' (it ends the label). */
static void perf_label(struct sbuf *b, const char *name, size_t len,
		       const char *suffix)
{
	struct sbuf t = {0};

	nagios_text(&t, name, len);
	sb_addc(b, '\'');
	for (const char *s = sb_str(&t); *s; s++) {
		if (*s == '\'')
			sb_adds(b, "''");
		else if (*s == '=')
			sb_adds(b, "\\x3d");
		else
			sb_addc(b, *s);
	}
	sb_printf(b, "%s'", suffix);
	sb_free(&t);
}

static void limit(struct sbuf *b, int64_t ns)
{
	sb_addc(b, ';');
	if (ns >= 0)
		fmt_seconds(b, ns);
}

/* "=0.000123s;WARN;CRIT;0", or "=U;WARN;CRIT;0" when it did not connect. */
static void time_value(struct sbuf *b, int64_t ns, const struct nagios_limits *l)
{
	sb_addc(b, '=');
	if (ns >= 0) {
		fmt_seconds(b, ns);
		sb_addc(b, 's');
	} else {
		sb_addc(b, 'U');
	}
	limit(b, l->warn_ns);
	limit(b, l->crit_ns);
	sb_adds(b, ";0");
}

static void text(struct sbuf *b, const struct nagios_check *c,
		 const struct nagios_limits *l, enum nagios_state st)
{
	const struct result *r = c->rp->res;

	no_pipes(b, c->line);
	if (r->usage)
		return;
	if (!c->expected && result_ok(r)) {
		sb_adds(b, " (not expected)");
	} else if (c->expected && !result_ok(r)) {
		sb_adds(b, " (expected)");
	} else if (c->expected && result_ok(r) && st != NAGIOS_OK) {
		bool crit = st == NAGIOS_CRITICAL;

		sb_printf(b, " (slower than --%s ", crit ? "critical" : "warning");
		fmt_seconds(b, crit ? l->crit_ns : l->warn_ns);
		sb_adds(b, " s)");
	}
}

static void single(struct nagios *n, const struct nagios_check *c,
		   const struct nagios_limits *l, enum nagios_state st)
{
	struct sbuf *b = &n->first;
	struct phase ph[PHASES_MAX];
	size_t np;

	sb_printf(b, "SOCKERR %s - ", state_names[st]);
	text(b, c, l, st);
	if (c->rp->res->usage) {
		sb_addc(b, '\n');
		return;
	}
	sb_adds(b, " | time");
	time_value(b, connect_ns(c->rp->res), l);
	np = fmt_phases(c->rp, ph);
	for (size_t i = 0; i < np; i++) {
		sb_printf(b, " %s=", ph[i].name);
		fmt_seconds(b, ph[i].ns);
		sb_adds(b, "s;;;0");
	}
	sb_addc(b, '\n');
}

void nagios_add(struct nagios *n, const struct nagios_check *c,
		const struct nagios_limits *l)
{
	enum nagios_state st = nagios_state(c, l);

	n->worst = n->n ? nagios_worst(n->worst, st) : st;
	n->count[st]++;
	n->n++;
	if (!n->many) {
		single(n, c, l, st);
		return;
	}
	sb_printf(&n->lines, "%s ", state_names[st]);
	nagios_text(&n->lines, c->name, c->name_len);
	sb_adds(&n->lines, ": ");
	text(&n->lines, c, l, st);
	sb_addc(&n->lines, '\n');
	if (c->rp->res->usage)
		return;
	if (n->perf.len)
		sb_addc(&n->perf, '\n');
	perf_label(&n->perf, c->name, c->name_len, " time");
	time_value(&n->perf, connect_ns(c->rp->res), l);
}

static void summary(struct sbuf *b, const struct nagios *n)
{
	static const enum nagios_state order[] = {
		NAGIOS_CRITICAL, NAGIOS_WARNING, NAGIOS_UNKNOWN, NAGIOS_OK,
	};
	bool first = true;

	sb_printf(b, "%zu target%s", n->n, n->n == 1 ? "" : "s");
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (!n->count[order[i]])
			continue;
		sb_printf(b, "%s %zu %s", first ? ":" : ",", n->count[order[i]],
			  state_names[order[i]]);
		first = false;
	}
}

enum nagios_state nagios_write(struct nagios *n, struct sbuf *out,
			       bool interrupted)
{
	enum nagios_state st = n->n == 0 || interrupted ? NAGIOS_UNKNOWN : n->worst;

	if (n->first.oom || n->lines.oom || n->perf.oom)
		out->oom = true;	/* the caller says so */

	if (!n->many && n->n == 1 && !interrupted) {
		sb_add(out, sb_str(&n->first), n->first.len);
		return st;
	}
	sb_printf(out, "SOCKERR %s - ", state_names[st]);
	if (interrupted)
		sb_adds(out, "interrupted after ");
	summary(out, n);
	sb_addc(out, '\n');
	if (n->lines.len && n->perf.len) {
		/* the last text line carries the first perfdata term */
		sb_add(out, n->lines.p, n->lines.len - 1);
		sb_adds(out, " | ");
		sb_add(out, n->perf.p, n->perf.len);
		sb_addc(out, '\n');
	} else {
		sb_add(out, sb_str(&n->lines), n->lines.len);
	}
	return st;
}

void nagios_free(struct nagios *n)
{
	sb_free(&n->first);
	sb_free(&n->lines);
	sb_free(&n->perf);
	*n = (struct nagios){0};
}
