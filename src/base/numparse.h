/* Strict number parsers for option values: no signs, exponents, hex,
 * spaces, nan or inf, whatever strtod and argtable2 would take. */
#ifndef SOCKERR_NUMPARSE_H
#define SOCKERR_NUMPARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/chars.h"

#define SECONDS_MAX 1000000

/* A limit's digits, for the message that quotes it: NUM_TEXT(SECONDS_MAX)
 * is "1000000".  The limit must be a plain number. */
#define NUM_TEXT(limit) NUM_TEXT_(limit)
#define NUM_TEXT_(digits) #digits

/* "2", "0.25", ".5": decimal seconds up to SECONDS_MAX, to nanoseconds,
 * rounded up (CPython's _PyTime_ROUND_TIMEOUT): "0.0000000001" is 1. */
bool parse_seconds(const char *s, int64_t *ns, const char **why);

/* Decimal digits only, from min to max. */
bool parse_count(const char *s, unsigned long min, unsigned long max,
		 unsigned long *out, const char **why);

#endif
