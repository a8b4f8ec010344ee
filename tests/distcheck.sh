#!/usr/bin/env bash
# tests/distcheck.sh TARBALL: the release tarball (make dist) on its own.
# Unpacked in a fresh directory, with a git on PATH that fails if called
# and, as root, in a network namespace with only loopback, it builds with
# -Werror and passes the unit and cli suites (DISTCHECK_SUITES: those
# suites of tests/run instead).  Prints the runner's
# failures and last line; exits 0 only when nothing failed.
set -u
[ -f "${1:-}" ] || { echo "usage: tests/distcheck.sh sockerr-VERSION.tar.gz" >&2; exit 2; }
tarball=$(readlink -f "$1")
work=$(mktemp -d /tmp/sockerr-dist.XXXXXX)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball" || { echo "distcheck: cannot unpack $tarball"; exit 1; }
tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d)
if [ "$(wc -l <<<"$tree")" != 1 ] || [ ! -f "$tree/Makefile" ]; then
	echo "distcheck: the tarball is not one folder with a Makefile: $(ls "$work" | tr '\n' ' ')"
	exit 1
fi
if [ -e "$tree/.git" ]; then
	echo "distcheck: the tarball holds .git"
	exit 1
fi
mkdir "$work/nogit"
printf '#!/bin/sh\necho "git $*" >>"%s"\nexit 97\n' "$work/git-calls" >"$work/nogit/git"
chmod +x "$work/nogit/git"
# nothing of the checkout's run reaches the tarball's
unset TOP SOCKERR SK_JSON_DIR SUITE MAKEFLAGS MFLAGS MAKELEVEL
export PATH=$work/nogit:$PATH GIT_CEILING_DIRECTORIES=$work FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-1}
inner='cd "$1" && make -j2 sockerr build/unit-tests CFLAGS="-O2 -g -Werror" >build.log 2>&1 ||
	{ echo "distcheck: the build failed:"; grep -E "error|warning" build.log | head -n 5; tail -n 3 build.log; exit 1; }
	grep -q "warning:" build.log && { echo "distcheck: the build warns:"; grep "warning:" build.log | head -n 5; exit 1; }
	RUN_NAME=distcheck tests/run $2'
suites=${DISTCHECK_SUITES:-unit cli}
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	unshare -n bash -c 'ip link set lo up && eval "$3"' _ "$tree" "$suites" "$inner" >"$work/out" 2>&1
else
	bash -c "$inner" _ "$tree" "$suites" >"$work/out" 2>&1
fi
rc=$?
grep -E '^FAIL |^distcheck: ' "$work/out" | head -n 20
if [ -s "$work/git-calls" ]; then
	echo "distcheck: the unpacked tree called git: $(sort -u "$work/git-calls" | head -n 3 | tr '\n' ';')"
	rc=1
fi
tail -n 1 "$work/out"
exit $rc
