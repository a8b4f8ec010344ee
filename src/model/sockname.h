/* Names for socket() arguments: AF_INET, SOCK_STREAM, tcp... both ways;
 * getnameinfo()'s flags by their socket module names (NI_NAMEREQD). */
#ifndef SOCKERR_SOCKNAME_H
#define SOCKERR_SOCKNAME_H

#include <stdbool.h>

enum sockname_set { NAMES_FAMILY, NAMES_TYPE, NAMES_PROTO, NAMES_NI };

/* "AF_INET6", or NULL for a number without a name. */
const char *sockname(enum sockname_set set, int value);
/* Takes a name (AF_INET6, inet6, SOCK_DGRAM, dgram, tcp) or a number. */
bool sockname_parse(enum sockname_set set, const char *s, int *value);

/* --nameinfo: the largest number it takes for the flags. */
#define NI_FLAGS_MAX 255
/* "NAMEREQD,NUMERICSERV", "ni_dgram" or a number -> NI_* flags; "" is 0.
 * False, with *why set, for a name it does not know. */
bool sockname_parse_ni(const char *s, int *flags, const char **why);

#endif
