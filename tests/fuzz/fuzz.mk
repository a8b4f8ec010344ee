# libFuzzer harnesses (tests/fuzz/fuzz_*.c) over the library sources, with
# ASan and UBSan.  Included by tests/tests.mk.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_NAMES="target cli"]
#   make fuzz-smoke          (each harness a few seconds: make check runs it)
#   make fuzz-build
FUZZ_CC = clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 4
FUZZ_NAMES ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_LIB_OBJS = $(LIB_SRCS:src/%.c=build/fuzz/%.o)
FUZZ_BINS = $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

# The library with coverage for libFuzzer, but without its main().
build/fuzz/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(SK_CPPFLAGS) $(CPPFLAGS) $(SK_CFLAGS) $(FUZZ_SAN) \
		-fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(SK_CPPFLAGS) $(CPPFLAGS) $(SK_CFLAGS) $(FUZZ_SAN) \
		-fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) $(SK_LDLIBS)

# Kept between runs: make would delete them as intermediates.
.SECONDARY: $(FUZZ_LIB_OBJS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-smoke: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_NAMES)

.PHONY: fuzz fuzz-build fuzz-smoke
