/* Output encoders, what they share: the exception line, hosts and ports
 * as text, and the dispatch to the Python lines (format_text.c) or a
 * JSON Lines object (format_json.c); the -v trace is format_trace.c. */
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
		/* --asyncio: wait_for()'s bare "TimeoutError" (text "") */
		if (py3 && e->text && !e->text[0])
			sb_adds(b, pyver_get(py)->asyncio_timeout);
		else
			sb_printf(b, "%s: timed out", cls);
		break;
	case SK_PLAIN:
		sb_printf(b, "%s: %s", cls, e->text);
		break;
	default:
		/* --happy-eyeballs: asyncio's "Connect call failed (...)" */
		sb_printf(b, "%s: [Errno %d] %s", cls, e->code,
			  py3 && e->text ? e->text : tax_message(e->kind, e->code));
	}
}

void fmt_ms(struct sbuf *b, int64_t ns)
{
	sb_printf(b, "%.3f", (double)ns / 1e6);
}

int fmt_address_port(const struct address *a)
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
void fmt_text_host(struct sbuf *b, const struct address *a,
		   const struct target *t)
{
	struct sbuf h = {0};

	fmt_host(&h, a, t);
	esc_terminal(b, sb_str(&h), h.len);
	sb_free(&h);
}

void fmt_host_port(struct sbuf *b, const struct address *a,
		   const struct target *t)
{
	fmt_text_host(b, a, t);
	if (a->sa.ss_family != AF_UNIX)
		sb_printf(b, " port %d", fmt_address_port(a));
}

void fmt_prefix(struct sbuf *b, const struct report *rp,
		const struct out_style *st)
{
	if (!st->prefix)
		return;
	esc_terminal(b, rp->text, strlen(rp->text));
	sb_adds(b, ": ");
}

void fmt_plural(struct sbuf *b, size_t n, const char *word)
{
	bool es = word[strlen(word) - 1] == 's';

	sb_printf(b, "%zu %s%s", n, word, n == 1 ? "" : es ? "es" : "s");
}

void fmt_opt_text(struct sbuf *b, const char *s)
{
	if (s)
		esc_terminal(b, s, strlen(s));
	else
		sb_adds(b, "?");
}

size_t fmt_group_size(const struct report *rp, const struct plan *pl)
{
	if (!pl->all_errors || rp->target->kind != TARGET_INET)
		return 0;
	return result_group_size(rp->res);
}

void fmt_group_line(struct sbuf *b, size_t n)
{
	sb_printf(b, "ExceptionGroup: create_connection failed (%zu "
		  "sub-exception%s)", n, n == 1 ? "" : "s");
}

void fmt_result(struct sbuf *b, const struct report *rp, const struct plan *pl,
		const struct out_style *st)
{
	if (st->format == FMT_JSON)
		fmt_json_result(b, rp, pl, st->python);
	else
		fmt_text_result(b, rp, pl, st);
}
