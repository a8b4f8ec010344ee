/* model/pyver.c: the table's names and releases, and what reads them. */
#include <string.h>

#include "model/outformat.h"
#include "model/pyver.h"
#include "unit.h"

static void test_parse(void)
{
	enum py_version v;
	char names[160] = "";

	for (int i = 0; i < PYV_COUNT; i++) {
		const struct pyver *p = pyver_get((enum py_version)i);

		CHECK(pyver_parse(p->name, &v) && v == (enum py_version)i);
		CHECK(pyver_parse(p->release, &v) && v == (enum py_version)i);
		/* the release is the name and a patch number */
		CHECK(strncmp(p->release, p->name, strlen(p->name)) == 0 &&
		      p->release[strlen(p->name)] == '.');
		CHECK(strstr(p->label, p->release) != NULL);
		CHECK(p->py3 == (i != PYV_2_7));
		strcat(names, i == 0 ? "" : i == PYV_COUNT - 1 ? " or " : ", ");
		strcat(names, p->name);
	}
	CHECK_STR(pyver_names(), names);
	CHECK(!pyver_parse("3", &v) && !pyver_parse("3.1", &v) &&
	      !pyver_parse("3.11.", &v) && !pyver_parse("3.11.8", &v) &&
	      !pyver_parse("", &v));
	CHECK(fmt_python(FMT_PYTHON) == PYV_2_7);
	CHECK(fmt_python(FMT_PYTHON3) == PYV_3_11 &&
	      fmt_python(FMT_JSON) == PYV_3_11 &&
	      fmt_python(FMT_NAGIOS) == PYV_3_11);
	CHECK_STR(fmt_release(FMT_PROMETHEUS), "CPython 3.11.7");
}

static void test_classes(void)
{
	CHECK_STR(pyver_class(PYV_2_7, SK_TIMEOUT, 0), "socket.timeout");
	CHECK_STR(pyver_class(PYV_3_9, SK_TIMEOUT, 0), "socket.timeout");
	CHECK_STR(pyver_class(PYV_3_10, SK_TIMEOUT, 0), "TimeoutError");
	CHECK_STR(pyver_class(PYV_3_12, SK_PLAIN, SK_PLAIN_UNICODE),
		  "UnicodeError");
	CHECK_STR(pyver_class(PYV_3_13, SK_PLAIN, SK_PLAIN_UNICODE),
		  "UnicodeEncodeError");
	CHECK(pyver_py3(PYV_2_7) == PYV_3_11 && pyver_py3(PYV_3_8) == PYV_3_8);
}

UNIT_TESTS(pyver) = {
	{"names, releases, the formats' defaults", test_parse},
	{"classes that differ between versions", test_classes},
	{NULL, NULL},
};
