/* The Python lines of a result: the exception, or "ok" with what the
 * check found (-a: one line per address). */
#include "output/format.h"
#include "output/format_impl.h"

#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "base/escape.h"
#include "model/sockname.h"
#include "model/tlsresult.h"
#include "output/why.h"

static void tls_details(struct sbuf *b, const struct attempt *a);

static void success_details(struct sbuf *b, const struct attempt *a,
			    const struct address *ad, const struct plan *pl)
{
	bool udp = pl->socktype == SOCK_DGRAM;

	if (!udp) {
		sb_adds(b, "connected in ");
		fmt_ms(b, a->ns[STAGE_CONNECT]);
		sb_adds(b, " ms");
	}
	if (a->tls && a->tls->have_info)
		tls_details(b, a);
	if (a->ran[STAGE_SEND]) {
		sb_adds(b, udp ? "sent " : ", sent ");
		fmt_plural(b, a->sent, "byte");
	}
	if (a->got_data) {
		sb_adds(b, ", received ");
		fmt_plural(b, a->data_len, "byte");
		sb_adds(b, " in ");
		fmt_ms(b, a->ns[STAGE_RECV]);
		sb_adds(b, " ms");
		if (a->data_len) {
			sb_adds(b, ": \"");
			esc_terminal(b, a->data, a->data_len);
			sb_addc(b, '"');
		}
	}
	if (ad->name) {
		sb_adds(b, ", name ");
		esc_terminal(b, ad->name, strlen(ad->name));
	}
}

/* "expires 2027-01-05, in 40 days" */
static void expiry(struct sbuf *b, const struct tls_info *in)
{
	char day[11];

	tls_day(day, in->not_after);
	if (in->days_left < 0)
		sb_printf(b, "expired %s, %ld day%s ago", day, -in->days_left,
			  in->days_left == -1 ? "" : "s");
	else
		sb_printf(b, "expires %s, in %ld day%s", day, in->days_left,
			  in->days_left == 1 ? "" : "s");
}

/* ", TLSv1.3 TLS_AES_256_GCM_SHA384 in 1.234 ms, subject ..., issuer ...,
 * expires ..." */
static void tls_details(struct sbuf *b, const struct attempt *a)
{
	const struct tls_info *in = &a->tls->info;

	sb_adds(b, ", ");
	fmt_opt_text(b, in->version);
	sb_addc(b, ' ');
	fmt_opt_text(b, in->cipher);
	sb_adds(b, " in ");
	fmt_ms(b, a->ns[STAGE_TLS]);
	sb_adds(b, " ms");
	if (!in->has_cert)
		return;
	sb_adds(b, ", subject ");
	fmt_opt_text(b, in->subject);
	sb_adds(b, ", issuer ");
	fmt_opt_text(b, in->issuer);
	sb_adds(b, ", ");
	expiry(b, in);
}

static void attempt_line(struct sbuf *b, const struct report *rp,
			 const struct attempt *a, const struct plan *pl,
			 enum py_version py3)
{
	const struct address *ad = &rp->res->addrs[a->addr];

	if (sk_failed(&a->err)) {
		fmt_exception(b, &a->err, py3);
		return;
	}
	sb_adds(b, "ok ");
	fmt_host_port(b, ad, rp->target);
	if (pl->socktype == SOCK_DGRAM && ad->family != AF_UNIX)
		sb_adds(b, "/udp");
	sb_adds(b, ": ");
	success_details(b, a, ad, pl);
}

/* "ok NAME: ADDRESS (FAMILY[, REVERSE NAME]), ..." */
static void resolved_line(struct sbuf *b, const struct report *rp)
{
	const struct result *r = rp->res;

	sb_adds(b, "ok ");
	if (rp->target->kind == TARGET_INET)
		esc_terminal(b, rp->target->host, strlen(rp->target->host));
	else
		fmt_text_host(b, &r->addrs[0], rp->target);
	sb_adds(b, ":");
	for (size_t i = 0; i < r->naddrs; i++) {
		const struct address *a = &r->addrs[i];

		sb_adds(b, i ? ", " : " ");
		fmt_text_host(b, a, rp->target);
		sb_printf(b, " (%s", sockname(NAMES_FAMILY, a->family));
		if (a->name) {
			sb_adds(b, ", ");
			esc_terminal(b, a->name, strlen(a->name));
		}
		sb_addc(b, ')');
	}
}

/* The exception, each line after the first (3.12+'s notes) prefixed as
 * the first is. */
static void exception_lines(struct sbuf *b, const struct report *rp,
			    const struct plan *pl, const struct sk_error *e,
			    const struct out_style *st)
{
	struct sbuf x = {0};
	const char *p, *nl;

	if (fmt_group_size(rp, pl))
		fmt_group_line(&x, fmt_group_size(rp, pl));
	else
		fmt_exception(&x, e, st->python);
	for (p = sb_str(&x); (nl = strchr(p, '\n')); p = nl + 1) {
		sb_add(b, p, (size_t)(nl - p + 1));
		fmt_prefix(b, rp, st);
	}
	sb_adds(b, p);
	sb_free(&x);
}

void fmt_text_result(struct sbuf *b, const struct report *rp,
		     const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	enum py_version py3 = st->python;

	if (r->usage) {
		fmt_prefix(b, rp, st);
		sb_printf(b, "bad target: %s\n", r->usage);
		return;
	}
	if (pl->all && r->nattempts > 0) {
		for (size_t i = 0; i < r->nattempts; i++) {
			fmt_prefix(b, rp, st);
			fmt_text_host(b, &r->addrs[r->attempts[i].addr], rp->target);
			sb_adds(b, ": ");
			attempt_line(b, rp, &r->attempts[i], pl, py3);
			sb_addc(b, '\n');
		}
		return;
	}
	fmt_prefix(b, rp, st);
	if (sk_failed(&r->err))
		exception_lines(b, rp, pl, &r->err, st);
	else if (pl->resolve_only)
		resolved_line(b, rp);
	else
		attempt_line(b, rp, &r->attempts[r->ok_attempt], pl, py3);
	sb_addc(b, '\n');
}
