#include "format.h"

#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "escape.h"
#include "sockname.h"

void fmt_exception(struct sbuf *b, const struct sk_error *e, bool py3)
{
	const char *cls = py3 ? tax_py3_class(e->kind, e->code)
			      : tax_py2_class(e->kind);

	switch (e->kind) {
	case SK_TIMEOUT:
		sb_printf(b, "%s: timed out", cls);
		break;
	case SK_PLAIN:
		sb_printf(b, "%s: %s", cls, e->text);
		break;
	default:
		sb_printf(b, "%s: [Errno %d] %s", cls, e->code,
			  tax_message(e->kind, e->code));
	}
}

void fmt_ms(struct sbuf *b, int64_t ns)
{
	sb_printf(b, "%.3f", (double)ns / 1e6);
}

int address_port(const struct address *a)
{
	if (a->sa.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->sa)->sin_port);
	if (a->sa.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&a->sa)->sin6_port);
	return -1;
}

void fmt_host(struct sbuf *b, const struct address *a, const struct target *t)
{
	char host[NI_MAXHOST];

	if (a->sa.ss_family == AF_UNIX) {
		sb_adds(b, "unix:");
		if (t->path[0] == '\0') {
			sb_addc(b, '@');
			esc_terminal(b, t->path + 1, t->path_len - 1);
		} else {
			esc_terminal(b, t->path, t->path_len);
		}
		return;
	}
	if (getnameinfo((const struct sockaddr *)&a->sa, a->len, host,
			sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		sb_adds(b, "?");
	else
		sb_adds(b, host);
}

static void host_port(struct sbuf *b, const struct address *a,
		      const struct target *t)
{
	fmt_host(b, a, t);
	if (a->sa.ss_family != AF_UNIX)
		sb_printf(b, " port %d", address_port(a));
}

static void prefix(struct sbuf *b, const struct report *rp,
		   const struct out_style *st)
{
	if (!st->prefix)
		return;
	esc_terminal(b, rp->text, strlen(rp->text));
	sb_adds(b, ": ");
}

static void plural(struct sbuf *b, size_t n, const char *word)
{
	bool es = word[strlen(word) - 1] == 's';

	sb_printf(b, "%zu %s%s", n, word, n == 1 ? "" : es ? "es" : "s");
}

static void success_details(struct sbuf *b, const struct attempt *a,
			    const struct address *ad, const struct plan *pl)
{
	bool udp = pl->socktype == SOCK_DGRAM;

	if (!udp) {
		sb_adds(b, "connected in ");
		fmt_ms(b, a->ns[STAGE_CONNECT]);
		sb_adds(b, " ms");
	}
	if (a->ran[STAGE_SEND]) {
		sb_adds(b, udp ? "sent " : ", sent ");
		plural(b, a->sent, "byte");
	}
	if (a->got_data) {
		sb_adds(b, ", received ");
		plural(b, a->data_len, "byte");
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

static void attempt_line(struct sbuf *b, const struct report *rp,
			 const struct attempt *a, const struct plan *pl,
			 bool py3)
{
	const struct address *ad = &rp->res->addrs[a->addr];

	if (sk_failed(&a->err)) {
		fmt_exception(b, &a->err, py3);
		return;
	}
	sb_adds(b, "ok ");
	host_port(b, ad, rp->target);
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
		fmt_host(b, &r->addrs[0], rp->target);
	sb_adds(b, ":");
	for (size_t i = 0; i < r->naddrs; i++) {
		const struct address *a = &r->addrs[i];

		sb_adds(b, i ? ", " : " ");
		fmt_host(b, a, rp->target);
		sb_printf(b, " (%s", sockname(NAMES_FAMILY, a->family));
		if (a->name) {
			sb_adds(b, ", ");
			esc_terminal(b, a->name, strlen(a->name));
		}
		sb_addc(b, ')');
	}
}

static void text_result(struct sbuf *b, const struct report *rp,
			const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	bool py3 = st->format == FMT_PYTHON3;

	if (r->usage) {
		prefix(b, rp, st);
		sb_printf(b, "bad target: %s\n", r->usage);
		return;
	}
	if (pl->all && r->nattempts > 0) {
		for (size_t i = 0; i < r->nattempts; i++) {
			prefix(b, rp, st);
			fmt_host(b, &r->addrs[r->attempts[i].addr], rp->target);
			sb_adds(b, ": ");
			attempt_line(b, rp, &r->attempts[i], pl, py3);
			sb_addc(b, '\n');
		}
		return;
	}
	prefix(b, rp, st);
	if (sk_failed(&r->err))
		fmt_exception(b, &r->err, py3);
	else if (pl->resolve_only)
		resolved_line(b, rp);
	else
		attempt_line(b, rp, &r->attempts[r->ok_attempt], pl, py3);
	sb_addc(b, '\n');
}

static void json_str(struct sbuf *b, const char *key, const void *s, size_t n)
{
	sb_printf(b, ",\"%s\":\"", key);
	esc_json(b, s, n);
	sb_addc(b, '"');
}

static void json_cstr(struct sbuf *b, const char *key, const char *s)
{
	if (s)
		json_str(b, key, s, strlen(s));
	else
		sb_printf(b, ",\"%s\":null", key);
}

static void json_ms(struct sbuf *b, const char *key, int64_t ns)
{
	sb_printf(b, ",\"%s\":", key);
	fmt_ms(b, ns);
}

static void json_error(struct sbuf *b, const struct sk_error *e)
{
	if (!sk_failed(e)) {
		sb_adds(b, ",\"class\":null,\"py3_class\":null,\"code\":null,"
			   "\"name\":null,\"message\":null");
		return;
	}
	json_cstr(b, "class", tax_py2_class(e->kind));
	json_cstr(b, "py3_class", tax_py3_class(e->kind, e->code));
	if (e->kind == SK_TIMEOUT || e->kind == SK_PLAIN)
		sb_adds(b, ",\"code\":null");
	else
		sb_printf(b, ",\"code\":%d", e->code);
	json_cstr(b, "name", tax_name(e->kind, e->code));
	json_cstr(b, "message", e->kind == SK_PLAIN ? e->text
						  : tax_message(e->kind, e->code));
}

static void json_address(struct sbuf *b, const struct address *ad,
			 const struct target *t)
{
	struct sbuf h = {0};

	if (!ad) {
		sb_adds(b, ",\"address\":null,\"port\":null");
		return;
	}
	fmt_host(&h, ad, t);
	json_str(b, "address", sb_str(&h), h.len);
	sb_free(&h);
	if (address_port(ad) >= 0)
		sb_printf(b, ",\"port\":%d", address_port(ad));
	else
		sb_adds(b, ",\"port\":null");
}

static void json_timings(struct sbuf *b, const struct result *r,
			 const struct attempt *only)
{
	static const char *const keys[STAGE_COUNT] = {
		[STAGE_SOCKET] = "socket_ms", [STAGE_BIND] = "bind_ms",
		[STAGE_CONNECT] = "connect_ms", [STAGE_SEND] = "send_ms",
		[STAGE_RECV] = "recv_ms", [STAGE_REVERSE] = "reverse_ms",
	};
	bool first = true;

	sb_adds(b, ",\"timings\":{");
	if (!only) {
		sb_adds(b, "\"resolve_ms\":");
		fmt_ms(b, r->resolve_ns);
		first = false;
	}
	for (int s = STAGE_SOCKET; s < STAGE_COUNT; s++) {
		int64_t ns = 0;
		bool ran = false;

		for (size_t i = 0; i < r->nattempts; i++) {
			const struct attempt *a = &r->attempts[i];

			if ((!only || a == only) && a->ran[s]) {
				ns += a->ns[s];
				ran = true;
			}
		}
		if (!ran)
			continue;
		sb_printf(b, "%s\"%s\":", first ? "" : ",", keys[s]);
		fmt_ms(b, ns);
		first = false;
	}
	sb_addc(b, '}');
}

static enum sk_stage last_stage(const struct result *r, const struct attempt *a)
{
	if (sk_failed(&r->err) && !a)
		return r->err.stage;
	if (a && sk_failed(&a->err))
		return a->err.stage;
	if (!a)
		return STAGE_RESOLVE;
	for (int s = STAGE_COUNT - 1; s > STAGE_NONE; s--)
		if (a->ran[s])
			return (enum sk_stage)s;
	return STAGE_RESOLVE;
}

static void json_data(struct sbuf *b, const struct attempt *a)
{
	if (a->ran[STAGE_SEND])
		sb_printf(b, ",\"sent_bytes\":%zu", a->sent);
	if (a->got_data)
		json_str(b, "received", a->data, a->data_len);
}

static void json_attempt(struct sbuf *b, const struct report *rp,
			 const struct attempt *a)
{
	const struct address *ad = &rp->res->addrs[a->addr];

	sb_printf(b, "{\"ok\":%s", sk_failed(&a->err) ? "false" : "true");
	json_cstr(b, "stage", stage_name(last_stage(rp->res, a)));
	json_address(b, ad, rp->target);
	json_error(b, &a->err);
	json_timings(b, rp->res, a);
	json_data(b, a);
	if (ad->name)
		json_cstr(b, "hostname", ad->name);
	facts_json(b, &a->facts);	/* issue 10 */
	sb_addc(b, '}');
}

static void json_addresses(struct sbuf *b, const struct report *rp)
{
	const struct result *r = rp->res;

	sb_adds(b, ",\"addresses\":[");
	for (size_t i = 0; i < r->naddrs; i++) {
		struct sbuf h = {0};

		fmt_host(&h, &r->addrs[i], rp->target);
		sb_printf(b, "%s{\"family\":\"%s\"", i ? "," : "",
			  sockname(NAMES_FAMILY, r->addrs[i].family));
		json_str(b, "address", sb_str(&h), h.len);
		if (r->addrs[i].name || sk_failed(&r->addrs[i].reverse_err))
			json_cstr(b, "hostname", r->addrs[i].name);
		sb_addc(b, '}');
		sb_free(&h);
	}
	sb_addc(b, ']');
}

static void json_result(struct sbuf *b, const struct report *rp,
			const struct plan *pl)
{
	const struct result *r = rp->res;
	const struct attempt *last = NULL;

	if (r->nattempts)
		last = &r->attempts[r->ok_attempt != NO_ATTEMPT ? r->ok_attempt
								: r->nattempts - 1];
	sb_adds(b, "{\"target\":\"");
	esc_json(b, rp->text, strlen(rp->text));
	sb_printf(b, "\",\"ok\":%s", result_ok(r) ? "true" : "false");
	if (r->usage) {
		sb_adds(b, ",\"stage\":\"parse\",\"address\":null,\"port\":null,"
			   "\"class\":\"usage\",\"py3_class\":\"usage\","
			   "\"code\":null,\"name\":null");
		json_cstr(b, "message", r->usage);
		sb_adds(b, ",\"elapsed_ms\":0.000}\n");
		return;
	}
	json_cstr(b, "stage", stage_name(last_stage(r, last)));
	json_address(b, last ? &r->addrs[last->addr] : NULL, rp->target);
	json_error(b, &r->err);
	json_ms(b, "elapsed_ms", r->elapsed_ns);
	json_timings(b, r, NULL);
	if (pl->wait_ns >= 0)
		sb_printf(b, ",\"tries\":%u", r->tries);
	if (last) {
		json_data(b, last);
		facts_json(b, &last->facts);	/* issue 10 */
	}
	if (last && r->addrs[last->addr].name)
		json_cstr(b, "hostname", r->addrs[last->addr].name);
	if (pl->resolve_only)
		json_addresses(b, rp);
	if (pl->all) {
		sb_adds(b, ",\"attempts\":[");
		for (size_t i = 0; i < r->nattempts; i++) {
			if (i)
				sb_addc(b, ',');
			json_attempt(b, rp, &r->attempts[i]);
		}
		sb_addc(b, ']');
	}
	sb_adds(b, "}\n");
}

void fmt_result(struct sbuf *b, const struct report *rp, const struct plan *pl,
		const struct out_style *st)
{
	if (st->format == FMT_JSON)
		json_result(b, rp, pl);
	else
		text_result(b, rp, pl, st);
}

static void trace_line(struct sbuf *b, const struct report *rp,
		       const struct out_style *st)
{
	prefix(b, rp, st);
	sb_adds(b, "* ");
}

static void trace_took(struct sbuf *b, const struct out_style *st,
		       const struct sk_error *e, int64_t ns)
{
	if (sk_failed(e)) {
		sb_adds(b, ": ");
		fmt_exception(b, e, st->format == FMT_PYTHON3);
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
	plural(b, r->naddrs, "address");
	if (r->canonname) {
		sb_adds(b, ", canonical name ");
		esc_terminal(b, r->canonname, strlen(r->canonname));
	}
	trace_took(b, st, &(struct sk_error){0}, r->resolve_ns);
	for (size_t i = 0; i < r->naddrs; i++) {
		trace_line(b, rp, st);
		sb_adds(b, "  ");
		fmt_host(b, &r->addrs[i], t);
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
		plural(b, a->sent, "byte");
		break;
	case STAGE_RECV:
		if (a->got_data) {
			sb_addc(b, ' ');
			plural(b, a->data_len, "byte");
		}
		break;
	case STAGE_REVERSE:
		sb_addc(b, ' ');
		fmt_host(b, ad, rp->target);
		if (ad->name) {
			sb_adds(b, ": ");
			esc_terminal(b, ad->name, strlen(ad->name));
		}
		break;
	default:
		sb_addc(b, ' ');
		host_port(b, ad, rp->target);
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

/* issue 10: the failure in plain words, last */
static void trace_why(struct sbuf *b, const struct report *rp,
		      const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	const struct attempt *a = r->nattempts ? &r->attempts[r->nattempts - 1] : NULL;

	if (!sk_failed(&r->err))
		return;
	trace_line(b, rp, st);
	sb_adds(b, "why: ");
	facts_explain(b, &r->err, a ? &a->facts : NULL,
		      a ? &r->addrs[a->addr].sa : NULL, pl->socktype == SOCK_DGRAM);
	sb_addc(b, '\n');
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
	trace_why(b, rp, pl, st);
	trace_line(b, rp, st);
	sb_adds(b, "total");
	trace_took(b, st, &(struct sk_error){0}, r->elapsed_ns);
}
