/* CPython 3's idna codec (src/py/idna.c) on any bytes: it never crashes, a
 * name it encodes is ASCII with labels of at most 63 bytes, and a failure
 * is a UnicodeError message.  A label may be empty: nameprep maps U+2024
 * (one dot leader) to ".", and CPython encodes "\u2024\x06" as ".\x06". */
#include "fuzz.h"
#include "py/idna.h"

static void check_labels(const char *s)
{
	size_t len = 0;

	for (; *s; s++) {
		FUZZ_CHECK((unsigned char)*s < 0x80);
		if (*s == '.') {
			FUZZ_CHECK(len < 64);
			len = 0;
		} else {
			len++;
		}
	}
	FUZZ_CHECK(len < 64);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char prefix[] = "encoding with 'idna' codec failed (UnicodeError: ";
	char *in = fuzz_cstr(data, size), *out = NULL, why[160];

	if (idna_py3(in, &out, why, sizeof why) == 0) {
		FUZZ_CHECK(out != NULL);
		check_labels(out);
	} else {
		FUZZ_CHECK(out == NULL);
		FUZZ_CHECK(strncmp(why, prefix, sizeof prefix - 1) == 0);
	}
	free(out);
	free(in);
	return 0;
}
