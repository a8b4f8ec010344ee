/* Names for socket() arguments: AF_INET, SOCK_STREAM, tcp... both ways. */
#ifndef SOCKERR_SOCKNAME_H
#define SOCKERR_SOCKNAME_H

#include <stdbool.h>

enum sockname_set { NAMES_FAMILY, NAMES_TYPE, NAMES_PROTO };

/* "AF_INET6", or NULL for a number without a name. */
const char *sockname(enum sockname_set set, int value);
/* Takes a name (AF_INET6, inet6, SOCK_DGRAM, dgram, tcp) or a number. */
bool sockname_parse(enum sockname_set set, const char *s, int *value);

#endif
