# make bench: sockerr side by side with nmap, nc and a plain C loop, in a
# private network namespace (tests/bench/bench.sh; needs root).  Not part
# of make check: it measures, it does not test.
BENCH_DEPS = nmap netcat-openbsd hyperfine time jq python3 iproute2 util-linux \
	curl openssl

build/bench-floor: tests/bench/floor.c | build
	$(CC) -O2 -Wall -Wextra -o $@ $<

bench: sockerr build/bench-floor
	@tests/deps.sh $(BENCH_DEPS)
	tests/bench/bench.sh
	tests/bench/tls.sh

.PHONY: bench
