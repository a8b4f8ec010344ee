/* The command line: argtable2 tables for the three syntaxes (check,
 * --explain, --list), parsed once in main, checked, and turned into a plan. */
#ifndef SOCKERR_CLI_H
#define SOCKERR_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/exitcode.h"
#include "model/expect.h"
#include "model/outformat.h"
#include "model/plan.h"

enum cli_mode { MODE_CHECK, MODE_EXPLAIN, MODE_LIST, MODE_HELP, MODE_VERSION };

struct options {
	enum cli_mode mode;
	struct plan plan;
	enum out_format format;
	bool verbose, quiet;
	struct expect expect;		/* --expect */
	int64_t warn_ns, crit_ns;	/* --warning, --critical; -1 = none */
	const char *input;		/* -i FILE, "-" for stdin */
	size_t concurrency;
	size_t resolvers;		/* --resolvers, 0: as many as -c */
	const char **args;		/* targets, codes, or the class */
	size_t nargs;
	unsigned char *send_buf;	/* owned: the decoded --send */
	char *bind_buf;			/* owned: -s split into host */
	void *tables[3];		/* argtable2 tables, freed by cli_free */
	char **explain_argv;		/* argv rewritten for --explain */
	int explain_argc;
	char **command;			/* -w ... -- CMD [ARG...]: into argv */
	char *usage;			/* owned: the first usage error's
					 * message (-f nagios prints it) */
};

#define CONCURRENCY_DEFAULT 256
#define NAGIOS_TIMEOUT_NS (10 * NS_PER_SEC)	/* -f nagios without -t */
#define CONCURRENCY_MAX 100000
/* Lookup threads at most, whatever -c says. */
#define RESOLVERS_MAX 4096

/* Returns 0, or EXIT_USAGE after one line on err naming the bad argument
 * and the usage syntax (o->usage keeps the line).  Strings in o point into
 * argv.  It parses only: --tls's context is main's to make. */
int cli_parse(int argc, char **argv, struct options *o, FILE *err);
/* --help (cli_help.c); the usage lines alone. */
void cli_help(const struct options *o, FILE *out);
void cli_usage(const struct options *o, FILE *out);
void cli_free(struct options *o);

/* A usage error found after parsing (a target, say): one line and the
 * usage syntax on err, the line kept in o->usage.  Returns EXIT_USAGE. */
int cli_fail(struct options *o, FILE *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));


#endif
