/* The option-to-request layer: cli_parse on an argv split from the input
 * at NUL bytes, then cli_free.  Each input is parsed twice from fresh
 * copies: argtable2 keeps getopt state in globals, and a second parse must
 * give the same answer.  What cli_parse writes for a terminal must carry
 * no control byte but newlines; LeakSanitizer checks every path frees. */
#include "app/cli.h"
#include "fuzz.h"
#include "base/numparse.h"

#define MAX_ARGS 64

struct parsed {
	int rc;
	enum cli_mode mode;
	char *err;
	size_t err_len;
};

static int split(const uint8_t *data, size_t size, char **argv)
{
	int argc = 0;
	size_t start = 0;

	argv[argc++] = fuzz_cstr((const uint8_t *)"sockerr", 7);
	for (size_t i = 0; i <= size && argc < MAX_ARGS; i++) {
		if (i == size || data[i] == '\0') {
			argv[argc++] = fuzz_cstr(data + start, i - start);
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	return argc;
}

static void check_plan(const struct options *o)
{
	const struct plan *pl = &o->plan;
	const int64_t max_ns = (int64_t)SECONDS_MAX * 1000000000;

	FUZZ_CHECK(pl->timeout_ns >= -1 && pl->timeout_ns <= max_ns);
	FUZZ_CHECK(pl->wait_ns >= -1 && pl->wait_ns <= max_ns);
	FUZZ_CHECK(pl->interval_ns > 0 && pl->interval_ns <= max_ns);
	FUZZ_CHECK(o->concurrency >= 1 && o->concurrency <= CONCURRENCY_MAX);
	FUZZ_CHECK(pl->recv_max <= RECV_MAX_BYTES);
	FUZZ_CHECK(!pl->send_set || pl->send != NULL);
	FUZZ_CHECK(o->input != NULL || o->nargs > 0);
	for (size_t i = 0; i < o->nargs; i++)
		FUZZ_CHECK(o->args[i] != NULL);
}

static struct parsed parse_once(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1];
	int argc = split(data, size, argv);
	struct parsed p = {0};
	struct options o;
	FILE *err = open_memstream(&p.err, &p.err_len);

	FUZZ_CHECK(err != NULL);
	p.rc = cli_parse(argc, argv, &o, err);
	p.mode = o.mode;
	FUZZ_CHECK(p.rc == 0 || p.rc == EXIT_USAGE || p.rc == EXIT_INTERNAL);
	if (p.rc == 0 && o.mode == MODE_CHECK)
		check_plan(&o);
	if (p.rc == 0 && (o.mode == MODE_EXPLAIN || o.mode == MODE_LIST))
		FUZZ_CHECK(o.args != NULL);
	cli_free(&o);
	fclose(err);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed a = parse_once(data, size);
	struct parsed b = parse_once(data, size);

	FUZZ_CHECK(fuzz_terminal_safe(a.err, a.err_len));
	FUZZ_CHECK(a.rc == 0 || a.err_len > 0);
	FUZZ_CHECK(a.rc == b.rc && a.mode == b.mode);
	FUZZ_CHECK(a.err_len == b.err_len && memcmp(a.err, b.err, a.err_len) == 0);
	free(a.err);
	free(b.err);
	return 0;
}
