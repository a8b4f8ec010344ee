# sockerr - see README.md.  make; make check; make install PREFIX=/usr
# The release: the one place it is written (--version, make dist).
VERSION = 0.2.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
# Where each shell looks for a completion, each overridable.  zsh: Debian's
# place for packages under /usr, zsh's own site-functions elsewhere.
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ifeq ($(PREFIX),/usr)
ZSHCOMPDIR ?= $(DATADIR)/zsh/vendor-completions
else
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
endif
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
# The JSON Schema of -f json's lines (src/output/sockerr.schema.json).
SCHEMADIR ?= $(DATADIR)/sockerr
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

# Everything make install puts in place (under DESTDIR), and make
# uninstall takes away again; tests/cli/40-install.sh checks both.
INSTALLED = $(BINDIR)/sockerr $(MANDIR)/man1/sockerr.1 \
	$(BASHCOMPDIR)/sockerr $(ZSHCOMPDIR)/_sockerr $(FISHCOMPDIR)/sockerr.fish \
	$(SCHEMADIR)/sockerr.schema.json

install: sockerr
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(SCHEMADIR)
	install -m 755 sockerr $(DESTDIR)$(BINDIR)/sockerr
	install -m 644 man/sockerr.1 $(DESTDIR)$(MANDIR)/man1/sockerr.1
	install -m 644 src/completion/sockerr.bash $(DESTDIR)$(BASHCOMPDIR)/sockerr
	install -m 644 src/completion/_sockerr $(DESTDIR)$(ZSHCOMPDIR)/_sockerr
	install -m 644 src/completion/sockerr.fish $(DESTDIR)$(FISHCOMPDIR)/sockerr.fish
	install -m 644 src/output/sockerr.schema.json $(DESTDIR)$(SCHEMADIR)/sockerr.schema.json

# The files, and SCHEMADIR (sockerr's own) once empty.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(SCHEMADIR) 2>/dev/null || true

# make dist: sockerr-VERSION.tar.gz of the committed tree (git archive
# HEAD: what is not committed is not in it).  make distcheck: that
# tarball, unpacked on its own, builds with -Werror and passes the unit
# and cli suites, with no git and no network (tests/distcheck.sh).
DIST = sockerr-$(VERSION)
DISTFILE ?= $(DIST).tar.gz

dist:
	@git diff --quiet HEAD -- 2>/dev/null || \
		echo "make dist: changes not committed are left out of $(DISTFILE)" >&2
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DISTFILE) HEAD

distcheck: dist
	tests/distcheck.sh $(DISTFILE)

clean:
	rm -rf build sockerr sockerr-static $(DIST).tar.gz

.PHONY: all static install uninstall dist distcheck clean

# The layer rule: every #include "..." of src/ against src/LAYERS (which
# layers each folder may include), and no modules that include each other.
check-layers:
	tools/check-layers

.PHONY: check-layers

# The ERRORS section of the man page is generated from the taxonomy table.
man: sockerr
	man/errors.sh ./sockerr man/sockerr.1

.PHONY: man
