/* The interpreter each output format speaks, and its name (outformat.h). */
#include "model/outformat.h"

#include <stddef.h>

enum py_version fmt_python(enum out_format f)
{
	return f == FMT_PYTHON ? PYV_DEFAULT_PY2 : PYV_DEFAULT_PY3;
}

const char *fmt_release(enum out_format f)
{
	return pyver_get(fmt_python(f))->label;
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
