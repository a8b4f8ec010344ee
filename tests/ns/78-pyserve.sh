# tests/pyserve.py, the persistent Python reference the fuzzer (and later
# every differential suite) runs under nine interpreters: its rebuilt
# traceback lines, exit status and results compared with the real
# uncaught tracebacks of each interpreter (tests/pyserve_check.py).
. "$TOP/tests/lib.sh"
case $SUITE in asan/*)
	skip all "runs no sockerr: nothing for the sanitizers to see"
	exit 0 ;;
esac
if ! ls /root/.pyenv/versions/*/bin/python >/dev/null 2>&1; then
	skip all "no interpreters under /root/.pyenv/versions"
	exit 0
fi
timeout 300 "$PY3" "$TOP/tests/pyserve_check.py" || fail all "pyserve_check.py exited with status $?"
