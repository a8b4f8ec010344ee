/* Output encoders: a result as Python 2 or 3 text or a JSON Lines object,
 * and the -v trace; each escapes the raw bytes it prints, once. */
#include "output/format.h"

#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "base/escape.h"
#include "model/sockname.h"
#include "output/why.h"
#include "model/tlsresult.h"

/* An ssl.* message as Python prints it, unless it carries bytes a terminal
 * must not see (a hostile certificate's names): then escaped. */
static void ssl_text(struct sbuf *b, const char *s)
{
	for (const char *c = s; *c; c++) {
		if (*c < 0x20 || *c >= 0x7f) {
			esc_terminal(b, s, strlen(s));
			return;
		}
	}
	sb_adds(b, s);
}

void fmt_exception(struct sbuf *b, const struct sk_error *e,
		   enum py_version py)
{
	bool py3 = pyver_get(py)->py3;
	const char *cls = pyver_class(py, e->kind, e->code);

	switch (e->kind) {
	case SK_SSL:
		sb_adds(b, py3 ? e->ssl->py3_class : e->ssl->py2_class);
		sb_adds(b, ": ");
		ssl_text(b, py3 ? e->ssl->py3_msg : e->ssl->py2_msg);
		break;
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

static int address_port(const struct address *a)
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
		if (target_abstract(t)) {
			sb_addc(b, '@');
			sb_add(b, t->path + 1, t->path_len - 1);
		} else {
			sb_add(b, t->path, t->path_len);
		}
		return;
	}
	if (getnameinfo((const struct sockaddr *)&a->sa, a->len, host,
			sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		sb_adds(b, "?");
	else
		sb_adds(b, host);
}

/* The text encoder's view of fmt_host: escaped for a terminal, once. */
static void text_host(struct sbuf *b, const struct address *a,
		      const struct target *t)
{
	struct sbuf h = {0};

	fmt_host(&h, a, t);
	esc_terminal(b, sb_str(&h), h.len);
	sb_free(&h);
}

static void host_port(struct sbuf *b, const struct address *a,
		      const struct target *t)
{
	text_host(b, a, t);
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

static void opt_text(struct sbuf *b, const char *s)
{
	if (s)
		esc_terminal(b, s, strlen(s));
	else
		sb_adds(b, "?");
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
	opt_text(b, in->version);
	sb_addc(b, ' ');
	opt_text(b, in->cipher);
	sb_adds(b, " in ");
	fmt_ms(b, a->ns[STAGE_TLS]);
	sb_adds(b, " ms");
	if (!in->has_cert)
		return;
	sb_adds(b, ", subject ");
	opt_text(b, in->subject);
	sb_adds(b, ", issuer ");
	opt_text(b, in->issuer);
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
		text_host(b, &r->addrs[0], rp->target);
	sb_adds(b, ":");
	for (size_t i = 0; i < r->naddrs; i++) {
		const struct address *a = &r->addrs[i];

		sb_adds(b, i ? ", " : " ");
		text_host(b, a, rp->target);
		sb_printf(b, " (%s", sockname(NAMES_FAMILY, a->family));
		if (a->name) {
			sb_adds(b, ", ");
			esc_terminal(b, a->name, strlen(a->name));
		}
		sb_addc(b, ')');
	}
}

/* --all-errors: the ExceptionGroup create_connection() raises when every
 * address failed in it (3.11+), or 0. */
static size_t group_size(const struct report *rp, const struct plan *pl)
{
	if (!pl->all_errors || rp->target->kind != TARGET_INET)
		return 0;
	return result_group_size(rp->res);
}

static void group_line(struct sbuf *b, size_t n)
{
	sb_printf(b, "ExceptionGroup: create_connection failed (%zu "
		  "sub-exception%s)", n, n == 1 ? "" : "s");
}

/* The exception, each line after the first (3.12+'s notes) prefixed as
 * the first is. */
static void exception_lines(struct sbuf *b, const struct report *rp,
			    const struct plan *pl, const struct sk_error *e,
			    const struct out_style *st)
{
	struct sbuf x = {0};
	const char *p, *nl;

	if (group_size(rp, pl))
		group_line(&x, group_size(rp, pl));
	else
		fmt_exception(&x, e, st->python);
	for (p = sb_str(&x); (nl = strchr(p, '\n')); p = nl + 1) {
		sb_add(b, p, (size_t)(nl - p + 1));
		prefix(b, rp, st);
	}
	sb_adds(b, p);
	sb_free(&x);
}

static void text_result(struct sbuf *b, const struct report *rp,
			const struct plan *pl, const struct out_style *st)
{
	const struct result *r = rp->res;
	enum py_version py3 = st->python;

	if (r->usage) {
		prefix(b, rp, st);
		sb_printf(b, "bad target: %s\n", r->usage);
		return;
	}
	if (pl->all && r->nattempts > 0) {
		for (size_t i = 0; i < r->nattempts; i++) {
			prefix(b, rp, st);
			text_host(b, &r->addrs[r->attempts[i].addr], rp->target);
			sb_adds(b, ": ");
			attempt_line(b, rp, &r->attempts[i], pl, py3);
			sb_addc(b, '\n');
		}
		return;
	}
	prefix(b, rp, st);
	if (sk_failed(&r->err))
		exception_lines(b, rp, pl, &r->err, st);
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

/* str(e), then the notes 3.12+ print after it ("notes": one a line). */
static void json_plain_message(struct sbuf *b, const char *text)
{
	const char *nl = strchr(text, '\n');

	if (!nl) {
		json_cstr(b, "message", text);
		return;
	}
	json_str(b, "message", text, (size_t)(nl - text));
	sb_adds(b, ",\"notes\":[");
	for (const char *p = nl + 1;; p = nl + 1) {
		nl = strchr(p, '\n');
		sb_addc(b, '"');
		esc_json(b, p, nl ? (size_t)(nl - p) : strlen(p));
		sb_addc(b, '"');
		if (!nl)
			break;
		sb_addc(b, ',');
	}
	sb_addc(b, ']');
}

static void json_error(struct sbuf *b, const struct sk_error *e,
		       enum py_version py)
{
	if (!sk_failed(e)) {
		sb_adds(b, ",\"class\":null,\"py3_class\":null,\"code\":null,"
			   "\"name\":null,\"message\":null");
		return;
	}
	if (e->kind == SK_SSL) {
		json_cstr(b, "class", e->ssl->py2_class);
		json_cstr(b, "py3_class", e->ssl->py3_class);
		if (e->ssl->code >= 0)
			sb_printf(b, ",\"code\":%d", e->ssl->code);
		else
			sb_adds(b, ",\"code\":null");
		json_cstr(b, "name", e->ssl->name);
		json_cstr(b, "message", e->ssl->py3_msg);
		return;
	}
	json_cstr(b, "class", tax_py2_class(e->kind, e->code));
	json_cstr(b, "py3_class", pyver_class(pyver_py3(py), e->kind, e->code));
	if (e->kind == SK_TIMEOUT || e->kind == SK_PLAIN)
		sb_adds(b, ",\"code\":null");
	else
		sb_printf(b, ",\"code\":%d", e->code);
	json_cstr(b, "name", tax_name(e->kind, e->code));
	if (e->kind == SK_PLAIN)
		json_plain_message(b, e->text);
	else
		json_cstr(b, "message", tax_message(e->kind, e->code));
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
		[STAGE_CONNECT] = "connect_ms", [STAGE_TLS] = "tls_ms",
		[STAGE_SEND] = "send_ms",
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

static void json_strings(struct sbuf *b, const char *key, char *const *v,
			 size_t n)
{
	sb_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		sb_adds(b, i ? ",\"" : "\"");
		esc_json(b, v[i], strlen(v[i]));
		sb_addc(b, '"');
	}
	sb_addc(b, ']');
}

/* "tls": the handshake's facts, null when it found none. */
static void json_tls(struct sbuf *b, const struct attempt *a)
{
	const struct tls_info *in;

	if (!a || !a->tls || !a->tls->have_info) {
		sb_adds(b, ",\"tls\":null");
		return;
	}
	in = &a->tls->info;
	sb_adds(b, ",\"tls\":{\"handshake_ms\":");
	fmt_ms(b, a->ns[STAGE_TLS]);
	json_cstr(b, "version", in->version);
	json_cstr(b, "cipher", in->cipher);
	json_cstr(b, "subject", in->subject);
	json_cstr(b, "issuer", in->issuer);
	json_strings(b, "subject_alt_names", in->sans, in->nsans);
	json_cstr(b, "not_before", in->has_cert ? in->not_before : NULL);
	json_cstr(b, "not_after", in->has_cert ? in->not_after : NULL);
	if (in->has_cert)
		sb_printf(b, ",\"days_left\":%ld", in->days_left);
	else
		sb_adds(b, ",\"days_left\":null");
	sb_printf(b, ",\"verify_code\":%ld", in->verify_code);
	json_cstr(b, "verify_result", in->verify_text);
	sb_addc(b, '}');
}

static void json_data(struct sbuf *b, const struct attempt *a)
{
	if (a->ran[STAGE_SEND])
		sb_printf(b, ",\"sent_bytes\":%zu", a->sent);
	if (a->got_data)
		json_str(b, "received", a->data, a->data_len);
}

static void json_attempt(struct sbuf *b, const struct report *rp,
			 const struct attempt *a, enum py_version py)
{
	const struct address *ad = &rp->res->addrs[a->addr];

	sb_printf(b, "{\"ok\":%s", sk_failed(&a->err) ? "false" : "true");
	json_cstr(b, "stage", stage_name(last_stage(rp->res, a)));
	json_address(b, ad, rp->target);
	json_error(b, &a->err, py);
	json_timings(b, rp->res, a);
	json_data(b, a);
	if (a->tls)
		json_tls(b, a);
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

/* --all-errors: the group's line; "attempts" has a sub-exception each
 * ("class" stays 2.7's for the last, which has no groups). */
static void json_group(struct sbuf *b, const struct result *r, size_t n)
{
	struct sbuf m = {0};

	group_line(&m, n);
	json_cstr(b, "class", tax_py2_class(r->err.kind, r->err.code));
	json_cstr(b, "py3_class", "ExceptionGroup");
	sb_adds(b, ",\"code\":null,\"name\":null");
	json_cstr(b, "message", sb_str(&m) + strlen("ExceptionGroup: "));
	sb_free(&m);
}

static void json_result(struct sbuf *b, const struct report *rp,
			const struct plan *pl, enum py_version py)
{
	const struct result *r = rp->res;
	const struct attempt *last = result_shown_attempt(r);

	sb_printf(b, "{\"schema\":%d,\"target\":\"", FMT_JSON_SCHEMA);
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
	if (group_size(rp, pl))
		json_group(b, r, group_size(rp, pl));
	else
		json_error(b, &r->err, py);
	json_ms(b, "elapsed_ms", r->elapsed_ns);
	json_timings(b, r, NULL);
	if (pl->wait_ns >= 0)
		sb_printf(b, ",\"tries\":%u", r->tries);
	if (last) {
		json_data(b, last);
		facts_json(b, &last->facts);	/* issue 10 */
	}
	if (pl->tls.on)
		json_tls(b, last);
	if (last && r->addrs[last->addr].name)
		json_cstr(b, "hostname", r->addrs[last->addr].name);
	if (pl->resolve_only)
		json_addresses(b, rp);
	if (pl->all || group_size(rp, pl)) {
		sb_adds(b, ",\"attempts\":[");
		for (size_t i = 0; i < r->nattempts; i++) {
			if (i)
				sb_addc(b, ',');
			json_attempt(b, rp, &r->attempts[i], py);
		}
		sb_addc(b, ']');
	}
	sb_adds(b, "}\n");
}

void fmt_result(struct sbuf *b, const struct report *rp, const struct plan *pl,
		const struct out_style *st)
{
	if (st->format == FMT_JSON)
		json_result(b, rp, pl, st->python);
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
	plural(b, r->naddrs, "address");
	if (r->canonname) {
		sb_adds(b, ", canonical name ");
		esc_terminal(b, r->canonname, strlen(r->canonname));
	}
	trace_took(b, st, &(struct sk_error){0}, r->resolve_ns);
	for (size_t i = 0; i < r->naddrs; i++) {
		trace_line(b, rp, st);
		sb_adds(b, "  ");
		text_host(b, &r->addrs[i], t);
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
	case STAGE_TLS:
		if (a->tls && a->tls->have_info) {
			sb_addc(b, ' ');
			opt_text(b, a->tls->info.version);
			sb_addc(b, ' ');
			opt_text(b, a->tls->info.cipher);
		}
		break;
	case STAGE_REVERSE:
		sb_addc(b, ' ');
		text_host(b, ad, rp->target);
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
	if (rp->target->kind == TARGET_UNIX)
		facts_explain_unix(b, &r->err, rp->target->path,
				   rp->target->path_len, pl->socktype == SOCK_DGRAM);
	else
		facts_explain(b, &r->err, a ? &a->facts : NULL,
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
	size_t n = group_size(rp, pl);

	if (!n)
		return;
	trace_line(b, rp, st);
	group_line(b, n);
	sb_addc(b, '\n');
	for (size_t i = 0; i < n; i++) {
		prefix(b, rp, st);
		sb_printf(b, "%s---------------- %zu ----------------\n",
			  i ? "    +" : "  +-+", i + 1);
		prefix(b, rp, st);
		sb_adds(b, "    | ");
		fmt_exception(b, &r->attempts[i].err, st->python);
		sb_addc(b, '\n');
	}
	prefix(b, rp, st);
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
	trace_why(b, rp, pl, st);
	trace_group(b, rp, pl, st);
	trace_line(b, rp, st);
	sb_adds(b, "total");
	trace_took(b, st, &(struct sk_error){0}, r->elapsed_ns);
}
