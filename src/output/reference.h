/* --explain and --list: the taxonomy table as a reference. */
#ifndef SOCKERR_REFERENCE_H
#define SOCKERR_REFERENCE_H

#include <stddef.h>
#include <stdio.h>

/* Prints every meaning of each code; returns 0 if all were found, else 1
 * after a line on err for each unknown code. */
int explain_codes(const char *const *codes, size_t n, FILE *out, FILE *err);

/* The whole table, or one class ("error", "socket.gaierror"...).
 * Returns 0, or -1 for an unknown class. */
int list_codes(const char *cls, FILE *out);

#endif
