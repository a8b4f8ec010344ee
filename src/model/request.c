/* Targets as given (arguments, -i lines) into parsed targets with their
 * display text; the check of options against each target. */
#include "model/request.h"

#include <stdlib.h>
#include <string.h>

#include "base/chars.h"

/* What the options cannot do with this target, or NULL. */
static const char *plan_misfit(const struct plan *pl, const struct target *t)
{
	if (t->kind == TARGET_UNIX && pl->bind_host)
		return "--source binds an IP address: it does not apply to "
		       "a unix: target";
	return NULL;
}

/* "HOST\0PORT": the target's port points into it, and the NUL becomes a
 * space once parsed. */
static char *join(const char *word, const char *port)
{
	size_t n = strlen(word), m = port ? strlen(port) : 0;
	char *t = malloc(n + (port ? m + 2 : 1));

	if (!t)
		return NULL;
	memcpy(t, word, n + 1);
	if (port)
		memcpy(t + n + 1, port, m + 1);
	return t;
}

void request_from_words(struct request *rq, const struct plan *pl,
			const char *word, const char *port)
{
	size_t n = strlen(word);

	*rq = (struct request){.text = join(word, port)};
	if (!rq->text) {
		request_bad(rq, "", "out of memory");
		return;
	}
	if (target_parse(rq->text, port ? rq->text + n + 1 : NULL,
			 pl->resolve_only, &rq->target, &rq->why)) {
		rq->why = plan_misfit(pl, &rq->target);
		if (rq->why)
			target_free(&rq->target);
	}
	if (port)
		rq->text[n] = ' ';
}

void request_from_line(struct request *rq, const struct plan *pl,
		       const char *line)
{
	const char *sep = line, *port;
	char *word;

	while (*sep && !is_blank(*sep))
		sep++;
	if (!*sep) {
		request_from_words(rq, pl, line, NULL);
		return;
	}
	for (port = sep; is_blank(*port); port++)
		;
	for (const char *s = port; *s; s++) {
		if (is_blank(*s)) {
			request_bad(rq, line, "more than HOST PORT on the line");
			return;
		}
	}
	word = strndup(line, (size_t)(sep - line));
	if (!word) {
		request_bad(rq, "", "out of memory");
		return;
	}
	request_from_words(rq, pl, word, port);
	free(word);
}

void request_bad(struct request *rq, const char *line, const char *why)
{
	*rq = (struct request){.text = strdup(line), .why = why};
	if (!rq->text)
		rq->why = "out of memory";
}

bool request_oom(const struct request *rq)
{
	return !rq->text || (rq->why && strcmp(rq->why, "out of memory") == 0);
}

void request_free(struct request *rq)
{
	target_free(&rq->target);
	free(rq->text);
	*rq = (struct request){0};
}

bool args_are_host_port(const char *const *args, size_t n)
{
	return n == 2 && !target_is_complete(args[0]);
}
