/* The command line as argtable2 must not see it (cli.c's helpers). */
#ifndef SOCKERR_CLI_ARGV_H
#define SOCKERR_CLI_ARGV_H

#include <argtable2.h>

/* Codes like -2 look like options to getopt: with --explain anywhere, a
 * new argv (*new_argc words, freed by the caller; the words are argv's)
 * reads "--explain -- CODE...", codes in the order given (--explain=CODE
 * included).  NULL without --explain, or out of memory. */
char **cli_explain_argv(int argc, char **argv, int *new_argc);

/* The index in argv of the "--" that starts -w's command (wait: the
 * table's -w entry), or 0: getopt_long walks argv with the table's
 * options, as arg_parse has it do. */
int cli_command_split(void *table, const struct arg_hdr *wait, int argc,
		      char **argv);

#endif
