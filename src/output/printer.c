/* Results to stdout as they come, in order; -v and progress to stderr. */
#include "output/printer.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/escape.h"
#include "output/dualstack.h"

bool printer_emit(void *ctx, const struct report *rp)
{
	struct printer *p = ctx;
	const struct result *r = rp->res;
	int status = monitor_add(&p->mon, rp);

	p->total++;
	if (r->usage)
		p->bad++;
	else if (result_ok(r))
		p->ok++;
	else if (tax_is_socket_error(r->err.kind, r->err.code))
		p->per_kind[SK_ERRNO]++;	/* a code or not */
	else
		p->per_kind[r->err.kind]++;
	if (p->status == 0)
		p->status = status;
	if (!r->usage && p->o->verbose &&
	    dualstack_find(r, p->o->plan, &(struct dualstack){0}))
		p->broken_family++;
	if (p->o->verbose) {
		sb_reset(&p->buf);
		fmt_trace(&p->buf, rp, p->o->plan, &p->style);
		fputs(sb_str(&p->buf), stderr);
	}
	if (p->o->quiet || monitor_collects(p->o))
		return true;
	sb_reset(&p->buf);
	fmt_result(&p->buf, rp, p->o->plan, &p->style);
	if (fwrite(p->buf.p, 1, p->buf.len, stdout) != p->buf.len)
		p->closed = true;
	return !p->closed;
}

void printer_flush(void *ctx)
{
	struct printer *p = ctx;

	if (fflush(stdout) != 0)
		p->closed = true;
}

void printer_retry(void *ctx, const struct report *rp)
{
	struct printer *p = ctx;
	struct sbuf b = {0};

	if (p->o->quiet || !isatty(STDERR_FILENO))
		return;
	esc_terminal(&b, rp->text, strlen(rp->text));
	sb_printf(&b, ": try %u: ", rp->res->tries);
	fmt_exception(&b, &rp->res->err, p->style.python);
	fprintf(stderr, "sockerr: waiting for %s\n", sb_str(&b));
	sb_free(&b);
}

void printer_init(struct printer *p, const struct sink_options *o,
		  bool many)
{
	*p = (struct printer){.o = o, .style = {o->format, many, o->plan->python},
			      .start = now_ns()};
	monitor_init(&p->mon, o, many);
}

int printer_end(struct printer *p, int status)
{
	return monitor_end(&p->mon, stdout, status);
}

void printer_summary(const struct printer *p)
{
	static const char *const names[] = {
		[SK_ERRNO] = "socket.error", [SK_HERROR] = "socket.herror",
		[SK_GAIERROR] = "socket.gaierror", [SK_TIMEOUT] = "socket.timeout",
		[SK_PLAIN] = "other", [SK_SSL] = "ssl.*",
	};
	size_t errors = p->per_kind[SK_ERRNO];

	fprintf(stderr, "sockerr: %zu target%s in %.3f s: %zu ok", p->total,
		p->total == 1 ? "" : "s",
		(double)(now_ns() - p->start) / (double)NS_PER_SEC, p->ok);
	if (errors)
		fprintf(stderr, ", %zu %s", errors, names[SK_ERRNO]);
	for (int k = SK_HERROR; k < SK_KIND_COUNT; k++)
		if (p->per_kind[k])
			fprintf(stderr, ", %zu %s", p->per_kind[k], names[k]);
	if (p->bad)
		fprintf(stderr, ", %zu bad target%s", p->bad, p->bad == 1 ? "" : "s");
	if (p->broken_family)
		fprintf(stderr, "; %zu with a broken address family",
			p->broken_family);
	fputc('\n', stderr);
}

void printer_free(struct printer *p)
{
	monitor_free(&p->mon);
	sb_free(&p->buf);
}
