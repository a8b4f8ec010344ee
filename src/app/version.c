/* --version, from the one place each fact lives: the Makefile's VERSION,
 * format.c's table of releases, the schema's number, the library
 * tlslib.c loads. */
#include "app/version.h"

#include "base/sbuf.h"
#include "model/pyver.h"
#include "output/format.h"
#include "tls/tlslib.h"

#ifndef SOCKERR_VERSION
#define SOCKERR_VERSION "0.0.0"
#endif

/* Whether f is the first format, in -f's order, whose lines follow its
 * release. */
static bool first_of_release(enum out_format f)
{
	for (enum out_format g = FMT_PYTHON; g < f; g++)
		if (fmt_release(g) == fmt_release(f))
			return false;
	return true;
}

/* "lines of Python 2.7.18: -f python (the default)", one line per
 * release, its formats in -f's order. */
static void releases(struct sbuf *b)
{
	for (enum out_format f = FMT_PYTHON; fmt_name(f); f++) {
		const char *sep = ": -f ";

		if (!first_of_release(f))
			continue;
		sb_printf(b, "lines of %s", fmt_release(f));
		for (enum out_format g = f; fmt_name(g); g++) {
			if (fmt_release(g) != fmt_release(f))
				continue;
			sb_printf(b, "%s%s%s", sep, fmt_name(g),
				  g == FMT_PYTHON ? " (the default)" : "");
			sep = ", ";
		}
		sb_addc(b, '\n');
	}
}

/* "--python: 2.7 (2.7.18), 3.6 (3.6.15), ...": model/pyver.c's table. */
static void interpreters(struct sbuf *b)
{
	sb_adds(b, "--python:");
	for (int v = 0; v < PYV_COUNT; v++)
		sb_printf(b, "%s %s (%s)", v ? "," : "",
			  pyver_get((enum py_version)v)->name,
			  pyver_get((enum py_version)v)->release);
	sb_addc(b, '\n');
}

void version_print(FILE *out)
{
	struct sbuf b = {0};

	sb_adds(&b, "sockerr " SOCKERR_VERSION "\n");
	releases(&b);
	interpreters(&b);
	sb_printf(&b, "-f json: JSON Lines schema %d\n", FMT_JSON_SCHEMA);
	sb_adds(&b, "--tls: ");
	tls_lib_describe(&b);
	sb_addc(&b, '\n');
	fputs(sb_str(&b), out);
	sb_free(&b);
}
