/* asyncio's Happy Eyeballs, as data: the racing order, the address tuple's
 * repr and the exception of a race that every address lost (pure). */
#include "model/happy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

/* Its place in zip_longest(*by_family): the address's rank in its family,
 * then where the family first appeared. */
static size_t round_key(const struct address *a, size_t n, size_t i)
{
	size_t rank = 0, first = i;

	for (size_t j = 0; j < i; j++) {
		if (a[j].family != a[i].family)
			continue;
		if (rank++ == 0)
			first = j;
	}
	return rank * n + first;
}

void happy_order(const struct address *a, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		size_t key = round_key(a, n, i), k = i;

		while (k > 0 && round_key(a, n, order[k - 1]) > key) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
}

void happy_addr_repr(struct sbuf *b, const struct sockaddr_storage *ss)
{
	char host[NI_MAXHOST];
	socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
						   : sizeof(struct sockaddr_in);

	if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof host,
			NULL, 0, NI_NUMERICHOST) != 0)
		strcpy(host, "?");
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		sb_printf(b, "('%s', %d, %u, %u)", host, ntohs(s6->sin6_port),
			  (unsigned)ntohl(s6->sin6_flowinfo),
			  (unsigned)s6->sin6_scope_id);
	} else {
		sb_printf(b, "('%s', %d)", host,
			  ntohs(((const struct sockaddr_in *)ss)->sin_port));
	}
}

/* str() of an attempt's OSError: "[Errno 111] Connect call failed (...)"
 * (its text), or "[Errno 101] Network is unreachable" (connect() raised). */
static void happy_exc_str(struct sbuf *b, const struct attempt *a)
{
	sb_printf(b, "[Errno %d] %s", a->err.code,
		  a->err.text ? a->err.text : tax_message(a->err.kind, a->err.code));
}

struct sk_error happy_all_failed(const struct attempt *a, size_t n, char **text)
{
	struct sbuf first = {0}, all = {0}, one = {0};
	bool same = true;

	*text = NULL;
	happy_exc_str(&first, &a[0]);
	sb_adds(&all, "Multiple exceptions: ");
	sb_adds(&all, sb_str(&first));
	for (size_t i = 1; i < n; i++) {
		sb_reset(&one);
		happy_exc_str(&one, &a[i]);
		same = same && strcmp(sb_str(&one), sb_str(&first)) == 0;
		sb_adds(&all, ", ");
		sb_adds(&all, sb_str(&one));
	}
	sb_free(&first);
	sb_free(&one);
	if (!same && !all.oom)
		*text = strdup(sb_str(&all));
	sb_free(&all);
	if (!*text)
		return a[0].err;
	return sk_plain(a[0].err.stage, *text);
}
