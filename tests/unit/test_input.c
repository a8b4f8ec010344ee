#include <stdlib.h>
#include <unistd.h>

#include "base/input.h"
#include "unit.h"

static void parse(const char *text, bool want, const char *t)
{
	char line[128];
	struct input_line out = {0};
	size_t len = strlen(text);

	memcpy(line, text, len + 1);
	CHECK(input_parse_line(line, len, &out) == want);
	if (want)
		CHECK_STR(out.text, t);
}

/* The reader only trims: HOST PORT is split by src/model/request.c. */
static void test_lines(void)
{
	parse("", false, NULL);
	parse("   \t\r", false, NULL);
	parse("# comment", false, NULL);
	parse("  # indented comment", false, NULL);
	parse("web.test:80", true, "web.test:80");
	parse("  web.test:80 \r", true, "web.test:80");
	parse("web.test\t\thttp  ", true, "web.test\t\thttp");
}

static void test_bad_lines(void)
{
	char nul[] = "a\0b";
	struct input_line out = {0};

	CHECK(input_parse_line(nul, 3, &out) && out.kind == LINE_BAD);
	CHECK_STR(out.why, "NUL byte in the line");
	CHECK_STR(out.text, "a b");
}

static void test_reader(void)
{
	int fds[2];
	struct line_reader *r = malloc(sizeof *r);
	struct input_line out = {0};
	static char big[INPUT_LINE_MAX * 3];

	CHECK(r && pipe(fds) == 0);
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\n';
	CHECK(write(fds[1], "a:1\n\n# c\n", 9) == 9);
	CHECK(write(fds[1], big, sizeof big) == (ssize_t)sizeof big);
	CHECK(write(fds[1], "b:2\nlast:3", 10) == 10);
	close(fds[1]);
	reader_init(r, fds[0]);
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strcmp(out.text, "a:1") == 0 && out.number == 1);
	reader_next(r, &out);
	CHECK(out.kind == LINE_BAD && out.number == 4);
	CHECK_STR(out.why, "line too long");
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strcmp(out.text, "b:2") == 0);
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strcmp(out.text, "last:3") == 0);
	reader_next(r, &out);
	CHECK(out.kind == LINE_END);
	close(fds[0]);
	free(r);
}

/* nowait: an empty pipe says LINE_WAIT, and a line written in two parts
 * comes out whole. */
static void test_reader_nowait(void)
{
	int fds[2];
	struct line_reader *r = malloc(sizeof *r);
	struct input_line out = {0};

	CHECK(r && pipe(fds) == 0);
	reader_init(r, fds[0]);
	r->nowait = true;
	reader_next(r, &out);
	CHECK(out.kind == LINE_WAIT);
	CHECK(write(fds[1], "web.te", 6) == 6);
	reader_next(r, &out);
	CHECK(out.kind == LINE_WAIT);
	CHECK(write(fds[1], "st:80\nnext", 10) == 10);
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strcmp(out.text, "web.test:80") == 0);
	reader_next(r, &out);
	CHECK(out.kind == LINE_WAIT);
	close(fds[1]);
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strcmp(out.text, "next") == 0);
	reader_next(r, &out);
	CHECK(out.kind == LINE_END && r->error == 0);
	close(fds[0]);
	free(r);
}

/* The longest line kept is INPUT_LINE_MAX bytes (the man page: "longer
 * than 4096 bytes" is bad), in one read or across two. */
static void test_reader_limit(void)
{
	int fds[2];
	struct line_reader *r = malloc(sizeof *r);
	struct input_line out = {0};
	static char line[INPUT_LINE_MAX + 2];

	CHECK(r && pipe(fds) == 0);
	memset(line, 'y', sizeof line);
	line[INPUT_LINE_MAX] = '\n';
	CHECK(write(fds[1], line, INPUT_LINE_MAX + 1) == INPUT_LINE_MAX + 1);
	line[INPUT_LINE_MAX] = 'z';
	line[INPUT_LINE_MAX + 1] = '\n';
	CHECK(write(fds[1], line, INPUT_LINE_MAX + 2) == INPUT_LINE_MAX + 2);
	reader_init(r, fds[0]);
	r->nowait = true;
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strlen(out.text) == INPUT_LINE_MAX);
	reader_next(r, &out);
	CHECK(out.kind == LINE_BAD && out.why && strcmp(out.why, "line too long") == 0);
	/* 4096 bytes written in two parts, the newline after a wait */
	CHECK(write(fds[1], line, 1000) == 1000);
	reader_next(r, &out);
	CHECK(out.kind == LINE_WAIT);
	CHECK(write(fds[1], line, INPUT_LINE_MAX - 1000) == INPUT_LINE_MAX - 1000);
	CHECK(write(fds[1], "\n", 1) == 1);
	reader_next(r, &out);
	CHECK(out.kind == LINE_TARGET && strlen(out.text) == INPUT_LINE_MAX);
	close(fds[1]);
	reader_next(r, &out);
	CHECK(out.kind == LINE_END);
	close(fds[0]);
	free(r);
}

UNIT_TESTS(input) = {
	{"lines: blanks, comments, spaces trimmed", test_lines},
	{"bad lines: NUL bytes", test_bad_lines},
	{"reader: long lines cut, last line without newline", test_reader},
	{"reader: nowait waits on an empty pipe, keeps a part line", test_reader_nowait},
	{"reader: a line of 4096 bytes is kept, 4097 is too long", test_reader_limit},
	{NULL, NULL},
};
