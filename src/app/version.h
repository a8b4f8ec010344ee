/* --version: the release, the interpreters whose lines each format
 * prints, the JSON Lines schema, and the OpenSSL --tls would load. */
#ifndef SOCKERR_VERSION_H
#define SOCKERR_VERSION_H

#include <stdio.h>

void version_print(FILE *out);

#endif
