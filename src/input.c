#include "input.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void reader_init(struct line_reader *r, int fd)
{
	r->fd = fd;
	r->start = r->end = 0;
	r->eof = false;
	r->error = 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool input_parse_line(char *line, size_t len, struct input_line *out)
{
	char *s = line, *end = line + len, *sep;

	out->kind = LINE_TARGET;
	out->port = NULL;
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
	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;
	*end = '\0';
	out->text = s;
	if (s == end || *s == '#')
		return false;
	for (sep = s; *sep && !is_space(*sep); sep++)
		;
	if (*sep) {
		*sep++ = '\0';
		while (is_space(*sep))
			sep++;
		out->port = sep;
		if (strpbrk(sep, " \t\r\v\f")) {
			sep[-1] = ' ';
			out->kind = LINE_BAD;
			out->why = "more than HOST PORT on the line";
		}
	}
	return true;
}

static bool fill(struct line_reader *r)
{
	ssize_t n;

	r->start = r->end = 0;
	do
		n = read(r->fd, r->buf, sizeof r->buf);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		r->eof = true;
		r->error = n < 0 ? errno : 0;
		return false;
	}
	r->end = (size_t)n;
	return true;
}

/* Copies the next line out of the buffer; an over-long one is cut at
 * INPUT_LINE_MAX and the rest of it skipped.  False at the end of input. */
static bool take_line(struct line_reader *r, size_t *len, bool *too_long)
{
	size_t n = 0, chunk, room;
	bool any = false;
	char *p, *nl;

	*too_long = false;
	for (;;) {
		if (r->start == r->end && (r->eof || !fill(r)))
			break;
		any = true;
		p = r->buf + r->start;
		nl = memchr(p, '\n', r->end - r->start);
		chunk = nl ? (size_t)(nl - p) : r->end - r->start;
		room = INPUT_LINE_MAX - n;
		if (chunk > room)
			*too_long = true;
		memcpy(r->line + n, p, chunk < room ? chunk : room);
		n += chunk < room ? chunk : room;
		r->start += chunk + (nl != NULL);
		if (nl)
			break;
	}
	*len = n;
	return any;
}

void reader_next(struct line_reader *r, struct input_line *out)
{
	size_t len;
	bool too_long;

	for (;;) {
		if (!take_line(r, &len, &too_long)) {
			out->kind = LINE_END;
			return;
		}
		out->number++;
		r->line[len] = '\0';
		if (too_long) {
			out->kind = LINE_BAD;
			out->text = r->line;
			out->port = NULL;
			out->why = "line too long";
			for (size_t i = 0; i < len; i++)
				if (r->line[i] == '\0')
					r->line[i] = ' ';
			return;
		}
		if (input_parse_line(r->line, len, out))
			return;
	}
}
