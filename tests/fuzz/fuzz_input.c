/* The -i reader.  The input (after a selector byte) is parsed as one line
 * by input_parse_line, whose answer is checked for what the engine relies
 * on; then it is read as a file by reader_next from a memfd, after
 * padding that puts it across the reader's 64 KiB read boundary at an
 * offset the selector byte picks, and compared with a line-by-line model. */
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "base/input.h"

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void check_target_line(const char *buf, size_t len,
			      const struct input_line *l)
{
	size_t n = strlen(l->text);

	FUZZ_CHECK(l->text >= buf && l->text + n <= buf + len);
	FUZZ_CHECK(n > 0 && l->text[0] != '#');
	FUZZ_CHECK(!space(l->text[0]) && !space(l->text[n - 1]));
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(l->text[i] != '\n');
}

/* The first line of the input, as the reader would hand it over. */
static void check_parse(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char *line;
	struct input_line l = {0};

	size = nl ? (size_t)(nl - data) : size;
	line = fuzz_cstr(data, size);
	if (input_parse_line(line, size, &l)) {
		FUZZ_CHECK(l.kind == LINE_TARGET || l.kind == LINE_BAD);
		if (l.kind == LINE_TARGET)
			check_target_line(line, size, &l);
		else
			FUZZ_CHECK(l.why && l.text && strlen(l.text) <= size);
	}
	free(line);
}

/* Comment lines (and a blank one) up to exactly len bytes. */
static void pad(char *p, size_t len)
{
	while (len > 0) {
		size_t n = len > 100 ? 100 : len;

		memset(p, 'p', n);
		p[0] = n > 1 ? '#' : '\n';
		p[n - 1] = '\n';
		p += n;
		len -= n;
	}
}

static void expect_same(const struct input_line *got,
			const struct input_line *want)
{
	FUZZ_CHECK(got->kind == want->kind);
	FUZZ_CHECK(got->number == want->number);
	FUZZ_CHECK(strcmp(got->text, want->text) == 0);
	FUZZ_CHECK((got->why == NULL) == (want->why == NULL));
	if (want->why)
		FUZZ_CHECK(strcmp(got->why, want->why) == 0);
}

/* The reader's contract, line by line: split at '\n', cut lines longer
 * than INPUT_LINE_MAX into a LINE_BAD, skip what input_parse_line skips. */
static void compare_reader(const char *buf, size_t len, struct line_reader *r,
			   char *copy)
{
	struct input_line got = {0}, want = {0};
	unsigned long number = 0;
	size_t pos = 0, n, keep;
	const char *nl;

	while (pos < len) {
		nl = memchr(buf + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		keep = n < INPUT_LINE_MAX ? n : INPUT_LINE_MAX;
		memcpy(copy, buf + pos, keep);
		copy[keep] = '\0';
		pos += n + (nl != NULL);
		number++;
		if (n > INPUT_LINE_MAX) {
			for (size_t i = 0; i < keep; i++)
				copy[i] = copy[i] ? copy[i] : ' ';
			want = (struct input_line){LINE_BAD, copy,
						   "line too long", 0};
		} else if (!input_parse_line(copy, n, &want)) {
			continue;
		}
		want.number = number;
		reader_next(r, &got);
		expect_same(&got, &want);
	}
	reader_next(r, &got);
	FUZZ_CHECK(got.kind == LINE_END && r->error == 0);
}

static void check_reader(const uint8_t *data, size_t size, size_t padding)
{
	static struct line_reader r;
	static char copy[INPUT_LINE_MAX + 1];
	size_t len = padding + size;
	char *buf = malloc(len ? len : 1);
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);

	FUZZ_CHECK(buf != NULL && fd >= 0);
	pad(buf, padding);
	memcpy(buf + padding, data, size);
	FUZZ_CHECK(write(fd, buf, len) == (ssize_t)len);
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	reader_init(&r, fd);
	compare_reader(buf, len, &r, copy);
	close(fd);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t padding;

	if (size < 1)
		return 0;
	/* 0: no padding; k: the input starts k bytes before the boundary */
	padding = data[0] ? sizeof(((struct line_reader *)0)->buf) - data[0] : 0;
	check_parse(data + 1, size - 1);
	check_reader(data + 1, size - 1, padding);
	return 0;
}
