/* What a probe found: freeing it, whether it succeeded, its exit status. */
#include "model/result.h"

#include "model/exitcode.h"
#include "model/tlsresult.h"

#include <stdlib.h>

void result_free(struct result *r)
{
	for (size_t i = 0; i < r->naddrs; i++)
		free(r->addrs[i].name);
	for (size_t i = 0; i < r->nattempts; i++) {
		free(r->attempts[i].data);
		tls_result_free(r->attempts[i].tls);
		free(r->attempts[i].text);
	}
	free(r->text);
	free(r->addrs);
	free(r->attempts);
	free(r->canonname);
	*r = (struct result){0};
	r->ok_attempt = NO_ATTEMPT;
}

bool result_ok(const struct result *r)
{
	return !r->usage && !sk_failed(&r->err);
}

const struct attempt *result_shown_attempt(const struct result *r)
{
	if (r->nattempts == 0)
		return NULL;
	return &r->attempts[r->ok_attempt != NO_ATTEMPT ? r->ok_attempt
							 : r->nattempts - 1];
}

int result_exit_status(const struct result *r)
{
	if (r->usage)
		return EXIT_USAGE;
	if (r->err.kind == SK_SSL)
		return tls_exit_status(r->err.ssl);
	return tax_exit_status(r->err.kind);
}

size_t result_group_size(const struct result *r)
{
	const struct sk_error *e = &r->err;

	/* a lookup that failed made no attempt */
	if (!sk_failed(e) || r->nattempts == 0 || e->stage > STAGE_CONNECT ||
	    (e->kind == SK_PLAIN && e->code == SK_PLAIN_TYPE))
		return 0;
	return r->nattempts;
}
