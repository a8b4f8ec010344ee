# make check: installs what the tests need (when root), builds with -Werror,
# the unit tests and an ASan/UBSan build, then runs tests/run.

# Debian packages: to build, and to test.
BUILD_DEPS = gcc make libargtable2-dev libssl-dev libidn-dev
TEST_DEPS = $(BUILD_DEPS) python3 dnsmasq-base iproute2 util-linux jq mandoc \
	valgrind clang libclang-rt-14-dev procps bsdutils bsdextrautils \
	prometheus openssl nftables zsh fish python3-jsonschema dpkg-dev \
	manpages manpages-dev curl

# Installs the packages that are missing; apt-get update only if needed.
deps:
	@tests/deps.sh $(BUILD_DEPS)

test-deps:
	@tests/deps.sh $(TEST_DEPS)

WERROR_FLAGS = -Werror
UNIT_SRCS = $(wildcard tests/unit/*.c)

UNIT_OBJS = $(UNIT_SRCS:tests/unit/%.c=build/unit/%.o)

# Objects of their own: a change to one source (make mutate plants one
# bug after another) recompiles that file, not every test.
build/unit/%.o: tests/unit/%.c tests/unit/unit.h $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(SK_CPPFLAGS) $(CPPFLAGS) $(SK_CFLAGS) $(CFLAGS) -c -o $@ $<

build/unit-tests: $(UNIT_OBJS) $(LIB_OBJS)
	$(CC) $(SK_CFLAGS) $(CFLAGS) $(LDFLAGS) \
		-o $@ $(UNIT_OBJS) $(LIB_OBJS) $(SK_LDLIBS) $(LDLIBS)

# The sanitizer build lives apart, so it never mixes with the normal one.
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
build/asan/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(SK_CPPFLAGS) $(CPPFLAGS) $(SK_CFLAGS) $(ASAN_FLAGS) -c -o $@ $<
# The runtimes linked in: a run starts in 3/4 of the time (no relocations
# of libasan.so), and the ASan pass starts sockerr thousands of times.
ASAN_LDFLAGS = -static-libasan -static-libubsan
build/asan/sockerr: $(SRCS:src/%.c=build/asan/%.o)
	$(CC) $(SK_CFLAGS) $(ASAN_FLAGS) $(ASAN_LDFLAGS) -o $@ $^ $(SK_LDLIBS)
# The unit tests too: the parsers' edge cases under the sanitizers.
build/asan/unit-tests: $(UNIT_SRCS) $(LIB_SRCS:src/%.c=build/asan/%.o) tests/unit/unit.h
	$(CC) $(SK_CPPFLAGS) $(CPPFLAGS) $(SK_CFLAGS) $(ASAN_FLAGS) $(ASAN_LDFLAGS) -o $@ \
		$(UNIT_SRCS) $(LIB_SRCS:src/%.c=build/asan/%.o) $(SK_LDLIBS)

# The sub-makes build with one job per CPU, unless make was given -j.
NPROC := $(shell nproc 2>/dev/null || echo 1)
SUBJOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(NPROC))
CHECK_BINS = sockerr build/unit-tests build/asan/sockerr build/asan/unit-tests

check-build: deps
	$(MAKE) $(SUBJOBS) $(CHECK_BINS) CFLAGS="$(CFLAGS) $(WERROR_FLAGS)"

# check-build and test-deps at the same time: apt installs while cc builds.
check-prep: check-build test-deps
test-deps: | deps

check:
	$(MAKE) $(SUBJOBS) check-prep
	tests/run

# One layer of the tests (tests/run PATTERN for one suite or a few).
check-unit: build/unit-tests
	tests/run unit
check-cli: sockerr
	tests/run cli
check-ns: sockerr
	tests/run ns
check-lab: sockerr
	tests/run lab
check-asan: build/asan/sockerr build/asan/unit-tests
	tests/run asan

.PHONY: deps test-deps check check-build check-prep check-unit check-cli \
	check-ns check-lab check-asan

-include tests/fuzz/fuzz.mk
-include tests/bench/bench.mk

# make mutate [MUTANTS=pattern]: the one-line bugs of tests/mutate/*.mut,
# each planted, built and run against the suites its block names.
mutate: test-deps
	tests/mutate/run.sh $(MUTANTS)

.PHONY: mutate

# The differential fuzzer's long runs (tests/difffuzz.py, in a namespace of
# its own; as root): make soak SEED=7 N=5000.  Prints how many scenarios
# ran and the divergences by kind; every divergence goes to
# tests/out/soak-SEED.jsonl.  ONLY=I[,I...] replays scenarios of SEED.
SEED ?= 1
N ?= 2000
JOBS ?= 3
soak: sockerr
	@mkdir -p tests/out
	unshare -mn bash tests/difffuzz/ns.sh --seed $(SEED) --jobs $(JOBS) \
		$(if $(ONLY),--only $(ONLY) -v,--count $(N)) \
		--report tests/out/soak-$(SEED).jsonl

.PHONY: soak
