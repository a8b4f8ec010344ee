/* argv before argtable2 reads it (cli_argv.h): --explain's codes, and the
 * "--" that starts -w's command, found as getopt_long finds it. */
#include "app/cli_argv.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_explain(const char *arg)
{
	return strcmp(arg, "--explain") == 0 || strncmp(arg, "--explain=", 10) == 0;
}

/* Codes like -2 look like options to getopt: with --explain anywhere, the
 * command line becomes "--explain -- CODE...", codes in the order given
 * (--explain=CODE included). */
char **cli_explain_argv(int argc, char **argv, int *new_argc)
{
	char **v;
	int n = 0;
	bool any = false;

	for (int i = 1; i < argc; i++)
		any = any || is_explain(argv[i]);
	if (!any || !(v = calloc((size_t)argc + 3, sizeof *v)))
		return NULL;
	v[n++] = argv[0];
	v[n++] = "--explain";
	v[n++] = "--";
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--explain=", 10) == 0)
			v[n++] = argv[i] + 10;
		else if (strcmp(argv[i], "--explain") != 0 && strcmp(argv[i], "--") != 0)
			v[n++] = argv[i];
	}
	*new_argc = n;
	return v;
}

/* getopt_long's view of a table, as arg_parse builds it: each short
 * option followed by ':' when it takes a value ("::" when the value is
 * optional), each long option with the same has_arg; a long option
 * returns 0x100 + its entry's index. */
struct getopt_view {
	char *shorts;
	struct option *longs;
	char *names;
};

static int has_arg(const struct arg_hdr *h)
{
	return h->flag & ARG_HASOPTVALUE ? optional_argument
	       : h->flag & ARG_HASVALUE ? required_argument : no_argument;
}

static bool view_build(struct getopt_view *v, struct arg_hdr **tab)
{
	size_t nshort = 0, nlong = 1, chars = 0;
	char *sp, *np;
	struct option *lp;

	for (size_t i = 0; !(tab[i]->flag & ARG_TERMINATOR); i++) {
		const char *l = tab[i]->longopts;

		nshort += tab[i]->shortopts ? strlen(tab[i]->shortopts) : 0;
		chars += l ? strlen(l) + 1 : 0;
		for (; l; l = strchr(l + 1, ','))
			nlong++;
	}
	v->shorts = sp = malloc(3 * nshort + 3);
	v->longs = lp = calloc(nlong, sizeof *v->longs);
	v->names = np = malloc(chars + 1);
	if (!sp || !lp || !np)
		return false;
	*sp++ = '-';	/* in order: argv is not permuted */
	*sp++ = ':';
	for (size_t i = 0; !(tab[i]->flag & ARG_TERMINATOR); i++) {
		int has = has_arg(tab[i]);

		for (const char *s = tab[i]->shortopts; s && *s; s++) {
			*sp++ = *s;
			for (int k = 0; k < has; k++)
				*sp++ = ':';
		}
		for (const char *l = tab[i]->longopts; l && *l;) {
			size_t n = strcspn(l, ",");

			*lp++ = (struct option){np, has, NULL, 0x100 + (int)i};
			memcpy(np, l, n);
			np[n] = '\0';
			np += n + 1;
			l += n + (l[n] == ',');
		}
	}
	*sp = '\0';
	return true;
}

static void view_free(struct getopt_view *v)
{
	free(v->shorts);
	free(v->longs);
	free(v->names);
}

/* The table entry getopt_long's answer c stands for, or NULL. */
static struct arg_hdr *entry_of(struct arg_hdr **tab, int c)
{
	for (size_t i = 0; !(tab[i]->flag & ARG_TERMINATOR); i++)
		if (c == 0x100 + (int)i ||
		    (c > 0 && c < 0x100 && tab[i]->shortopts &&
		     strchr(tab[i]->shortopts, c)))
			return tab[i];
	return NULL;
}

/* The index of the "--" that starts -w's command, or 0.  getopt_long
 * walks argv with the check table's options, as arg_parse has it do, so
 * bundles (-kw 2), abbreviations (--wai 2), --opt=VALUE and a value that is
 * the word "--" (-i --, --send --) are read as the parser reads them; the
 * "--" that ends the options is the word the walk stops at. */
int cli_command_split(void *table, const struct arg_hdr *wait, int argc,
		      char **argv)
{
	struct arg_hdr **tab = table;
	struct getopt_view v = {0};
	char **copy = malloc(((size_t)argc + 1) * sizeof *copy);
	int c, at = 1, split = 0;
	bool waits = false;

	if (copy && view_build(&v, tab)) {
		memcpy(copy, argv, ((size_t)argc + 1) * sizeof *copy);
		optind = 0;	/* a fresh scan, as arg_parse starts one */
		opterr = 0;
		while ((c = getopt_long(argc, copy, v.shorts, v.longs, NULL)) != -1) {
			waits = waits || entry_of(tab, c) == wait;
			at = optind;
		}
		if (waits && at + 1 < argc && strcmp(argv[at], "--") == 0)
			split = at;
	}
	view_free(&v);
	free(copy);
	return split;
}
