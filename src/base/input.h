/* The -i reader: one target per line, read lazily with bounded memory.
 * Blank lines and # comments are skipped; spaces around a line are not
 * part of it; what a line means is src/model/request.c's business.  With nowait set, a
 * read that would block (a pipe or terminal with nothing new) returns
 * LINE_WAIT, keeping a partly read line for the next call. */
#ifndef SOCKERR_INPUT_H
#define SOCKERR_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#define INPUT_LINE_MAX 4096

struct line_reader {
	int fd;
	bool nowait;		/* set after reader_init */
	char buf[65536];
	size_t start, end;
	size_t len;		/* of the line gathered so far */
	bool partial, too_long;
	bool eof;
	int error;		/* errno of a failed read */
	char line[INPUT_LINE_MAX + 1];
};

enum line_kind {
	LINE_TARGET,	/* text points into r->line */
	LINE_BAD,	/* text is the line (escaped later), why says what */
	LINE_END,	/* end of input, or r->error */
	LINE_WAIT,	/* nowait: nothing to read yet; poll fd for POLLIN */
};

struct input_line {
	enum line_kind kind;
	const char *text;
	const char *why;
	unsigned long number;
};

void reader_init(struct line_reader *r, int fd);
void reader_next(struct line_reader *r, struct input_line *out);

/* The parsing half, for a line already in memory (len bytes, no newline):
 * rewrites line in place.  Returns false for a line to skip. */
bool input_parse_line(char *line, size_t len, struct input_line *out);

#endif
