/* The --send escape decoder.  The input, cut at its first NUL, is what a
 * user may type; the output buffer is exactly strlen(in) bytes, as cli.c
 * gives it, so ASan sees a write past it.  Then a round trip: whatever
 * bytes the decoder returns, esc_terminal's escaping of them decodes back
 * to the same bytes. */
#include "base/escape.h"
#include "fuzz.h"

static void round_trip(const unsigned char *bytes, size_t n)
{
	struct sbuf b = {0};
	unsigned char *again;
	const char *why = NULL;
	size_t n2 = 0;

	esc_terminal(&b, bytes, n);
	FUZZ_CHECK(!b.oom);
	again = malloc(b.len + 1);
	FUZZ_CHECK(again != NULL);
	FUZZ_CHECK(esc_decode(sb_str(&b), again, &n2, &why));
	FUZZ_CHECK(n2 == n && memcmp(again, bytes, n) == 0);
	free(again);
	sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	size_t len = strlen(in), n = (size_t)-1;
	unsigned char *out = malloc(len ? len : 1);
	const char *why = NULL;

	FUZZ_CHECK(out != NULL);
	if (esc_decode(in, out, &n, &why)) {
		FUZZ_CHECK(n <= len);
		/* no backslash in the input: the bytes come through as they are */
		if (!strchr(in, '\\'))
			FUZZ_CHECK(n == len && memcmp(out, in, len) == 0);
		round_trip(out, n);
	} else {
		FUZZ_CHECK(why && why[0]);
		FUZZ_CHECK(strchr(in, '\\'));
	}
	/* any byte string survives the trip through esc_terminal */
	round_trip(data, size);
	free(out);
	free(in);
	return 0;
}
