/* The interpreter each output format speaks, and its name (outformat.h). */
#include "model/outformat.h"

#include <stddef.h>

enum out_format fmt_lines(enum out_format f)
{
	return f == FMT_PYTHON ? FMT_PYTHON : FMT_PYTHON3;
}

/* The release each interpreter's lines were measured on: the one table
 * --version prints. */
static const struct {
	enum out_format lines;
	const char *release;
} releases[] = {
	{FMT_PYTHON, "Python 2.7.18"},
	{FMT_PYTHON3, "CPython 3.11.7"},
};

const char *fmt_release(enum out_format f)
{
	for (size_t i = 0; i < sizeof releases / sizeof releases[0]; i++)
		if (releases[i].lines == fmt_lines(f))
			return releases[i].release;
	return NULL;
}

const char *fmt_name(enum out_format f)
{
	static const char *const names[] = {
		[FMT_PYTHON] = "python", [FMT_PYTHON3] = "python3",
		[FMT_JSON] = "json", [FMT_PROMETHEUS] = "prometheus",
		[FMT_NAGIOS] = "nagios",
	};

	return (size_t)f < sizeof names / sizeof names[0] ? names[f] : NULL;
}
