/* --help: the usage lines, every option's line from the tables, and the
 * exit statuses from exit_table. */
#include "app/cli.h"

#include <argtable2.h>

#include "base/numparse.h"
#include "model/target.h"

#ifndef SOCKERR_VERSION
#define SOCKERR_VERSION "0.0.0"
#endif

/* "Exit status: 0 connected, 1 socket.error, ..." from exit_table,
 * wrapped before 72 columns. */
static void help_exit_status(FILE *out)
{
	size_t last = 0, col;

	for (size_t i = 0; exit_table[i].meaning; i++)
		if (exit_table[i].produced)
			last = i;
	col = (size_t)fprintf(out, "Exit status:");
	for (size_t i = 0; exit_table[i].meaning; i++) {
		char item[96];
		int n;

		if (!exit_table[i].produced)
			continue;
		n = snprintf(item, sizeof item, "%d %s%c", (int)exit_table[i].code,
			     exit_table[i].meaning, i == last ? '.' : ',');
		if (n < 0)
			continue;
		if (col + 1 + (size_t)n > 72) {
			fputc('\n', out);
			col = 0;
		} else {
			fputc(' ', out);
			col++;
		}
		fputs(item, out);
		col += (size_t)n;
	}
	fputc('\n', out);
}

/* --python's releases, from model/pyver.c's table. */
static void help_pythons(FILE *out)
{
	fputs("--python=VERSION (or -f python3.N, or SOCKERR_PYTHON) picks another:", out);
	for (int v = 0; v < PYV_COUNT; v++)
		fprintf(out, "%s%s", v ? ", " : "\n",
			pyver_get((enum py_version)v)->release);
	fputs(".\n", out);
}

void cli_help(const struct options *o, FILE *out)
{
	fputs("sockerr " SOCKERR_VERSION
	      " - resolve, connect, and report socket errors as Python does\n\n",
	      out);
	cli_usage(o, out);
	fputs("\nTargets: HOST PORT, HOST:PORT, [IPV6]:PORT, unix:PATH, "
	      "unix:@ABSTRACT.\nPORT: 0-" NUM_TEXT(PORT_MAX) " or a service name.\n"
	      "-w SECONDS TARGET... -- CMD [ARG]...: run CMD once every "
	      "target answers.\n\nOptions:\n",
	      out);
	arg_print_glossary(out, o->tables[0], "  %-26s %s\n");
	arg_print_glossary(out, o->tables[1], "  %-26s %s\n");
	arg_print_glossary(out, o->tables[2], "  %-26s %s\n");
	fputs("\nOutput: the last line of the Python traceback, or a line "
	      "starting \"ok\".\n", out);
	help_exit_status(out);
	fputs("--expect: 0 when the outcome is one expected, 7 when it connected\n"
	      "unexpectedly.  -f nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN;\n"
	      "CPython 3.11's lines; -t 10 unless given, and the whole check, DNS\n"
	      "included, within -t (as check_tcp -t) unless --max-time or -w.\n"
	      "--expect takes ssl classes as \"except\" does (ssl.SSLError) and OpenSSL\n"
	      "reasons (CERTIFICATE_VERIFY_FAILED); timeout is any timeout, TLS too.\n"
	      "Defaults: blocking connect (no timeout), -c 256, --recv 4096 "
	      "bytes,\n--interval 1; without -t, -u gives its send and its reply 2 s each.\n"
	      "--explain takes negative codes as given: --explain -2.\n"
	      "Without -t, connect blocks as Python's (an ICMP reject shows at the next SYN).\n"
	      "python3, json, prometheus and nagios emulate CPython 3.11.7 (IDNA-encoding\n"
	      "the host); python emulates Python 2.7.18.  -v and json add the\n"
	      "local address, retransmissions and the ICMP error behind a failure.\n",
	      out);
	help_pythons(out);
	fputs("See sockerr(1).\n", out);
}
