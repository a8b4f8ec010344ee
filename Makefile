# sockerr - see README.md.  make; make check; make install PREFIX=/usr
VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
CC ?= cc
CFLAGS ?= -O2 -g
# What the build needs, kept apart from CFLAGS/CPPFLAGS/LDFLAGS so that
# values given on the command line or in the environment add to them.
SK_CPPFLAGS = -D_GNU_SOURCE -DSOCKERR_VERSION='"$(VERSION)"' -Isrc
SK_CFLAGS = -std=gnu17 -Wall -Wextra -pthread
SK_LDLIBS = -largtable2 -lidn -ldl -pthread

# Sources live in one folder per layer (src/base, src/net, ...: see the
# README's source table); headers are included as "layer/name.h".
SRCS = $(wildcard src/*/*.c)
HDRS = $(wildcard src/*/*.h)
LIB_SRCS = $(filter-out src/app/main.c,$(SRCS))
OBJS = $(SRCS:src/%.c=build/%.o)
LIB_OBJS = $(LIB_SRCS:src/%.c=build/%.o)

all: sockerr

sockerr: $(OBJS)
	$(CC) $(SK_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(SK_LDLIBS) $(LDLIBS)

build/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(SK_CPPFLAGS) $(CPPFLAGS) $(SK_CFLAGS) $(CFLAGS) -c -o $@ $<

# A statically linked binary for scratch or distroless containers.  glibc's
# static getaddrinfo still reads /etc/hosts, /etc/resolv.conf and
# /etc/services at run time (see CAVEATS in sockerr(1)); ld warns so.
static: sockerr-static

sockerr-static: $(OBJS)
	$(CC) -static $(SK_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(SK_LDLIBS) $(LDLIBS)

include tests/tests.mk

COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions

install: sockerr
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 sockerr $(DESTDIR)$(BINDIR)/sockerr
	install -m 644 man/sockerr.1 $(DESTDIR)$(MANDIR)/man1/sockerr.1
	install -m 644 src/completion.bash $(DESTDIR)$(COMPLETIONDIR)/sockerr

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sockerr $(DESTDIR)$(MANDIR)/man1/sockerr.1 \
		$(DESTDIR)$(COMPLETIONDIR)/sockerr

clean:
	rm -rf build sockerr sockerr-static

.PHONY: all static install uninstall clean

# The layer rule: every #include "..." of src/ against src/LAYERS (which
# layers each folder may include), and no modules that include each other.
check-layers:
	tools/check-layers

.PHONY: check-layers

# The ERRORS section of the man page is generated from the taxonomy table.
man: sockerr
	man/errors.sh ./sockerr man/sockerr.1

.PHONY: man
