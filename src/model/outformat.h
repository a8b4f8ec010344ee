/* The output formats (-f), and the interpreter whose lines each prints. */
#ifndef SOCKERR_OUTFORMAT_H
#define SOCKERR_OUTFORMAT_H

#include "model/pyver.h"

enum out_format {
	FMT_PYTHON, FMT_PYTHON3, FMT_JSON,
	FMT_PROMETHEUS, FMT_NAGIOS,	/* gathered by output/monitor.c */
};

/* The interpreter whose lines a format prints when --python (or
 * SOCKERR_PYTHON) names none: Python 2.7.18 for python, CPython 3.11.7
 * for python3, json, prometheus and nagios.  The one place that decides
 * it (the probe emulates the same interpreter). */
enum py_version fmt_python(enum out_format f);
/* "Python 2.7.18", "CPython 3.11.7": the release whose lines f prints
 * by default. */
const char *fmt_release(enum out_format f);
/* "python", "json", ...: f as -f names it; NULL past FMT_NAGIOS. */
const char *fmt_name(enum out_format f);

#endif
