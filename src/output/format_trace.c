/* The -v trace: each step of a check, its time, and why it failed. */
#include "output/format.h"
#include "output/format_impl.h"

#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "base/escape.h"
#include "model/sockname.h"
#include "model/tlsresult.h"
#include "output/dualstack.h"
#include "output/why.h"

static void trace_line(struct sbuf *b, const struct report *rp,
		       const struct out_style *st)
{
	fmt_prefix(b, rp, st);
	sb_adds(b, "* ");
}

static void trace_took(struct sbuf *b, const struct out_style *st,
		       const struct sk_error *e, int64_t ns)
{
	if (sk_failed(e)) {
		sb_adds(b, ": ");
		fmt_exception(b, e, st->python);
	}
	sb_adds(b, " (");
	fmt_ms(b, ns);
	sb_adds(b, " ms)\n");
}

static void trace_resolve(struct sbuf *b, const struct report *rp,
			  const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	const struct target *t = rp->target;

	if (t->kind == TARGET_UNIX)
		return;
	trace_line(b, rp, st);
	sb_adds(b, "resolve ");
	esc_terminal(b, t->host, strlen(t->host));
	sb_printf(b, " port %s (%s, %s)", t->port ? t->port : "None",
		  sockname(NAMES_FAMILY, pl->family),
		  sockname(NAMES_TYPE, pl->socktype));
	if (r->err.stage == STAGE_RESOLVE) {
		trace_took(b, st, &r->err, r->resolve_ns);
		return;
	}
	sb_adds(b, ": ");
	fmt_plural(b, r->naddrs, "address");
	if (r->canonname) {
		sb_adds(b, ", canonical name ");
		esc_terminal(b, r->canonname, strlen(r->canonname));
	}
	trace_took(b, st, &(struct sk_error){0}, r->resolve_ns);
	for (size_t i = 0; i < r->naddrs; i++) {
		trace_line(b, rp, st);
		sb_adds(b, "  ");
		fmt_text_host(b, &r->addrs[i], t);
		sb_printf(b, " (%s)", sockname(NAMES_FAMILY, r->addrs[i].family));
		if (r->addrs[i].name || sk_failed(&r->addrs[i].reverse_err)) {
			sb_adds(b, " reverse");
			if (r->addrs[i].name) {
				sb_addc(b, ' ');
				esc_terminal(b, r->addrs[i].name,
					     strlen(r->addrs[i].name));
			}
			trace_took(b, st, &r->addrs[i].reverse_err,
				   r->addrs[i].reverse_ns);
		} else {
			sb_addc(b, '\n');
		}
	}
}

static void name_or_number(struct sbuf *b, enum sockname_set set, int v)
{
	const char *n = sockname(set, v);

	if (n)
		sb_adds(b, n);
	else
		sb_printf(b, "%d", v);
}

static void trace_stage(struct sbuf *b, const struct report *rp,
			const struct plan *pl, const struct attempt *a,
			enum sk_stage s)
{
	const struct address *ad = &rp->res->addrs[a->addr];

	sb_adds(b, stage_name(s));
	switch (s) {
	case STAGE_SOCKET:
		sb_addc(b, '(');
		name_or_number(b, NAMES_FAMILY, a->sock_family);
		sb_adds(b, ", ");
		name_or_number(b, NAMES_TYPE, a->sock_type);
		sb_adds(b, ", ");
		name_or_number(b, NAMES_PROTO, a->sock_proto);
		sb_addc(b, ')');
		break;
	case STAGE_BIND:
		sb_addc(b, ' ');
		esc_terminal(b, pl->bind_host, strlen(pl->bind_host));
		sb_printf(b, " port %d", pl->bind_port);
		break;
	case STAGE_SEND:
		sb_addc(b, ' ');
		fmt_plural(b, a->sent, "byte");
		break;
	case STAGE_RECV:
		if (a->got_data) {
			sb_addc(b, ' ');
			fmt_plural(b, a->data_len, "byte");
		}
		break;
	case STAGE_TLS:
		if (a->tls && a->tls->have_info) {
			sb_addc(b, ' ');
			fmt_opt_text(b, a->tls->info.version);
			sb_addc(b, ' ');
			fmt_opt_text(b, a->tls->info.cipher);
		}
		break;
	case STAGE_REVERSE:
		sb_addc(b, ' ');
		fmt_text_host(b, ad, rp->target);
		if (ad->name) {
			sb_adds(b, ": ");
			esc_terminal(b, ad->name, strlen(ad->name));
		}
		break;
	default:
		sb_addc(b, ' ');
		fmt_host_port(b, ad, rp->target);
	}
}

static void trace_attempt(struct sbuf *b, const struct report *rp,
			  const struct plan *pl, const struct attempt *a,
			  const struct out_style *st)
{
	for (int s = STAGE_SOCKET; s < STAGE_COUNT; s++) {
		struct sk_error e = (int)a->err.stage == s ? a->err : sk_ok();

		if (!a->ran[s])
			continue;
		trace_line(b, rp, st);
		trace_stage(b, rp, pl, a, (enum sk_stage)s);
		if (s == STAGE_SOCKET && a->raced) {
			sb_adds(b, " at +");
			fmt_ms(b, a->start_ns);
			sb_adds(b, " ms");
		}
		if (s == STAGE_CONNECT && a->cancelled)
			sb_adds(b, ": no answer; closed, another address "
				   "connected first");
		trace_took(b, st, &e, a->ns[s]);
		if (s == STAGE_CONNECT && (a->facts.have_local || a->facts.have_icmp)) {
			/* issue 10: what Python cannot tell */
			trace_line(b, rp, st);
			sb_adds(b, "  ");
			facts_text(b, &a->facts);
			sb_addc(b, '\n');
		}
	}
}

/* issue 19: a broken address family, in plain words */
static void trace_dualstack(struct sbuf *b, const struct report *rp,
			    const struct plan *pl, const struct out_style *st)
{
	struct dualstack d;

	if (pl->resolve_only || !dualstack_find(rp->res, pl, &d))
		return;
	trace_line(b, rp, st);
	sb_adds(b, "dual-stack: ");
	dualstack_text(b, rp->res, pl, &d);
	sb_addc(b, '\n');
}

/* issue 10: the failure in plain words, last */
static void trace_why(struct sbuf *b, const struct report *rp,
		      const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	const struct attempt *a = r->nattempts ? &r->attempts[r->nattempts - 1] : NULL;
	/* asyncio's "Multiple exceptions" (issue 19): read the last one */
	const struct sk_error *e = r->text && a ? &a->err : &r->err;

	if (!sk_failed(&r->err))
		return;
	trace_line(b, rp, st);
	sb_adds(b, "why: ");
	if (rp->target->kind == TARGET_UNIX)
		facts_explain_unix(b, &r->err, rp->target->path,
				   rp->target->path_len, pl->socktype == SOCK_DGRAM);
	else
		facts_explain(b, e, a ? &a->facts : NULL,
			      a ? &r->addrs[a->addr].sa : NULL,
			      pl->socktype == SOCK_DGRAM);
	sb_addc(b, '\n');
}

/* --all-errors, -v: the group and its sub-exceptions in the tree Python's
 * traceback draws (without the frames). */
static void trace_group(struct sbuf *b, const struct report *rp,
			const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	size_t n = fmt_group_size(rp, pl);

	if (!n)
		return;
	trace_line(b, rp, st);
	fmt_group_line(b, n);
	sb_addc(b, '\n');
	for (size_t i = 0; i < n; i++) {
		fmt_prefix(b, rp, st);
		sb_printf(b, "%s---------------- %zu ----------------\n",
			  i ? "    +" : "  +-+", i + 1);
		fmt_prefix(b, rp, st);
		sb_adds(b, "    | ");
		fmt_exception(b, &r->attempts[i].err, st->python);
		sb_addc(b, '\n');
	}
	fmt_prefix(b, rp, st);
	sb_adds(b, "    +------------------------------------\n");
}

void fmt_trace(struct sbuf *b, const struct report *rp, const struct plan *pl,
	       const struct out_style *st)
{
	const struct result *r = rp->res;

	if (r->usage)
		return;
	if (r->tries > 1) {
		trace_line(b, rp, st);
		sb_printf(b, "try %u\n", r->tries);
	}
	trace_resolve(b, rp, pl, st);
	for (size_t i = 0; i < r->nattempts; i++)
		trace_attempt(b, rp, pl, &r->attempts[i], st);
	trace_dualstack(b, rp, pl, st);
	trace_why(b, rp, pl, st);
	trace_group(b, rp, pl, st);
	trace_line(b, rp, st);
	sb_adds(b, "total");
	trace_took(b, st, &(struct sk_error){0}, r->elapsed_ns);
}
