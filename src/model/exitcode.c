/* The exit statuses' meanings, next to the enum they describe: --help
 * prints them from here, so the two cannot drift. */
#include "model/exitcode.h"

#include <stddef.h>

const struct exit_meaning exit_table[] = {
	{EXIT_OK, "connected", true},
	{EXIT_SOCKET, "socket.error", true},
	{EXIT_HERROR, "socket.herror", true},
	{EXIT_GAIERROR, "socket.gaierror", true},
	{EXIT_TIMEOUT, "socket.timeout", true},
	{EXIT_SSL, "ssl.*", true},
	{EXIT_CERT_DAYS, "certificate expires soon (--cert-days)", true},
	{EXIT_UNEXPECTED, "connected unexpectedly", true},
	{EXIT_USAGE, "usage error", true},
	{EXIT_NOINPUT, "no input", true},
	{EXIT_INTERNAL, "internal error", true},
	{EXIT_EXEC_FAILED, "command cannot run", true},
	{EXIT_EXEC_NOTFOUND, "command not found", true},
	{EXIT_INTERRUPTED, "interrupted", true},
	{0, NULL, false},
};
