/* A result as one JSON Lines object (src/output/sockerr.schema.json). */
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
	if (e->text)
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
	if (fmt_address_port(ad) >= 0)
		sb_printf(b, ",\"port\":%d", fmt_address_port(ad));
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

/* issue 19: a broken address family, when there is one */
static void json_dualstack(struct sbuf *b, const struct result *r,
			   const struct plan *pl)
{
	struct dualstack d;

	if (dualstack_find(r, pl, &d))
		dualstack_json(b, r, pl, &d);
}

/* --all-errors: the group's line; "attempts" has a sub-exception each
 * ("class" stays 2.7's for the last, which has no groups). */
static void json_group(struct sbuf *b, const struct result *r, size_t n)
{
	struct sbuf m = {0};

	fmt_group_line(&m, n);
	json_cstr(b, "class", tax_py2_class(r->err.kind, r->err.code));
	json_cstr(b, "py3_class", "ExceptionGroup");
	sb_adds(b, ",\"code\":null,\"name\":null");
	json_cstr(b, "message", sb_str(&m) + strlen("ExceptionGroup: "));
	sb_free(&m);
}

void fmt_json_result(struct sbuf *b, const struct report *rp,
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
	if (fmt_group_size(rp, pl))
		json_group(b, r, fmt_group_size(rp, pl));
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
	else
		json_dualstack(b, r, pl);
	if (pl->all || fmt_group_size(rp, pl)) {
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
