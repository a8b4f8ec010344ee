/* Exit statuses: the one list.  --help is built from exit_table
 * (exitcode.c); tests/cli/15-exitcodes.sh checks the table, --help, README
 * and the man page's EXIT STATUS section against this enum. */
#ifndef SOCKERR_EXITCODE_H
#define SOCKERR_EXITCODE_H

#include <stdbool.h>

enum exit_status {
	EXIT_OK = 0,		/* every target connected */
	EXIT_SOCKET = 1,	/* socket.error */
	EXIT_HERROR = 2,	/* socket.herror */
	EXIT_GAIERROR = 3,	/* socket.gaierror */
	EXIT_TIMEOUT = 4,	/* socket.timeout */
	EXIT_SSL = 5,		/* ssl.* */
	EXIT_CERT_DAYS = 6,	/* --cert-days: the certificate expires soon */
	EXIT_UNEXPECTED = 7,	/* --expect: connected, which was not expected */
	EXIT_USAGE = 64,	/* EX_USAGE: bad option or target */
	EXIT_NOINPUT = 66,	/* EX_NOINPUT: the -i file cannot be read */
	EXIT_INTERNAL = 70,	/* EX_SOFTWARE */
	EXIT_EXEC_FAILED = 126,	/* -w ... -- CMD: CMD cannot run */
	EXIT_EXEC_NOTFOUND = 127,	/* -w ... -- CMD: CMD not found */
	EXIT_INTERRUPTED = 130,	/* SIGINT */
};

/* Each status with its meaning in a few words, as --help prints it; the
 * statuses the program does not produce yet are marked, and left out of
 * --help and the man page.  Ends with a NULL meaning. */
struct exit_meaning {
	enum exit_status code;
	const char *meaning;
	bool produced;
};

extern const struct exit_meaning exit_table[];

#endif
