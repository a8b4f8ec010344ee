/* The -i reader: targets one per line, read lazily in bounded memory. */
#include "base/input.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "base/chars.h"

void reader_init(struct line_reader *r, int fd)
{
	r->fd = fd;
	r->nowait = false;
	r->start = r->end = r->len = 0;
	r->partial = r->too_long = r->eof = false;
	r->error = 0;
}

bool input_parse_line(char *line, size_t len, struct input_line *out)
{
	char *s = line, *end = line + len;

	out->kind = LINE_TARGET;
	out->why = NULL;
	if (memchr(line, '\0', len)) {
		for (size_t i = 0; i < len; i++)
			if (line[i] == '\0')
				line[i] = ' ';
		line[len] = '\0';
		out->kind = LINE_BAD;
		out->text = line;
		out->why = "NUL byte in the line";
		return true;
	}
	while (s < end && is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		end--;
	*end = '\0';
	out->text = s;
	return s != end && *s != '#';
}

static bool read_more(struct line_reader *r)
{
	ssize_t n;

	r->start = r->end = 0;
	do
		n = read(r->fd, r->buf, sizeof r->buf);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN && r->nowait)
		return false;	/* an O_NONBLOCK pipe: nothing yet */
	if (n <= 0) {
		r->eof = true;
		r->error = n < 0 ? errno : 0;
		return false;
	}
	r->end = (size_t)n;
	return true;
}

/* Asked only when the buffer is used up, so once per buffer at most. */
static bool would_block(const struct line_reader *r)
{
	struct pollfd p = {.fd = r->fd, .events = POLLIN};
	int n;

	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	return n == 0;
}

enum take { TAKE_LINE, TAKE_END, TAKE_WAIT };

/* Gathers the next line in r->line, across reads and LINE_WAITs; an
 * over-long one is cut at INPUT_LINE_MAX and the rest of it skipped. */
static enum take take_line(struct line_reader *r)
{
	size_t chunk, room, keep;
	char *p, *nl;

	for (;;) {
		if (r->start == r->end) {
			if (r->eof)
				return r->partial ? TAKE_LINE : TAKE_END;
			if ((r->nowait && would_block(r)) ||
			    (!read_more(r) && !r->eof))
				return TAKE_WAIT;
			continue;
		}
		p = r->buf + r->start;
		nl = memchr(p, '\n', r->end - r->start);
		chunk = nl ? (size_t)(nl - p) : r->end - r->start;
		room = INPUT_LINE_MAX - r->len;
		keep = chunk < room ? chunk : room;
		r->too_long = r->too_long || chunk > room;
		memcpy(r->line + r->len, p, keep);
		r->len += keep;
		r->partial = true;
		r->start += chunk + (nl != NULL);
		if (nl)
			return TAKE_LINE;
	}
}

static void too_long(struct line_reader *r, struct input_line *out)
{
	out->kind = LINE_BAD;
	out->text = r->line;
	out->why = "line too long";
	for (size_t i = 0; i < r->len; i++)
		if (r->line[i] == '\0')
			r->line[i] = ' ';
}

void reader_next(struct line_reader *r, struct input_line *out)
{
	enum take t;
	bool keep;

	for (;;) {
		t = take_line(r);
		if (t != TAKE_LINE) {
			out->kind = t == TAKE_WAIT ? LINE_WAIT : LINE_END;
			return;
		}
		out->number++;
		r->line[r->len] = '\0';
		if (r->too_long) {
			too_long(r, out);
			keep = true;
		} else {
			keep = input_parse_line(r->line, r->len, out);
		}
		r->len = 0;
		r->partial = r->too_long = false;
		if (keep)
			return;
	}
}
