# make bench: sockerr side by side with nmap, nc and a plain C loop, in a
# private network namespace (tests/bench/bench.sh; needs root), the TLS
# handshakes (tests/bench/tls.sh), then names at the resolver's speed
# (tests/bench/names.sh, a namespace of its own).
# Not part of make check: it measures, it does not test.
BENCH_DEPS = nmap netcat-openbsd hyperfine time jq python3 iproute2 util-linux \
	curl openssl dnsmasq-base

build/bench-floor: tests/bench/floor.c
	@mkdir -p build
	$(CC) -O2 -Wall -Wextra -o $@ $<

bench: sockerr build/bench-floor
	@tests/deps.sh $(BENCH_DEPS)
	s=0; tests/bench/bench.sh || s=1; tests/bench/tls.sh || s=1; \
	tests/bench/names.sh || s=1; exit $$s

.PHONY: bench
