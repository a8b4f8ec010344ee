# A representative set of runs under valgrind memcheck: each class, a
# batch, JSON, send/recv, UDP, -i, retries.  A run fails on any memcheck
# error or leak (exit 86), on a wrong exit status, or on a descriptor other
# than 0, 1 and 2 left open at exit: valgrind 3.19's --track-fds=yes lists
# those but still exits 0, so its report is read here.  Every descriptor
# above 2 is closed before valgrind starts, and its log goes to fd 2, so a
# clean run reports exactly "FILE DESCRIPTORS: 3 open".
. "$TOP/tests/lib.sh"

case $SUITE in
asan/*)
	skip "valgrind" "valgrind cannot run the ASan build; the plain pass ran it"
	exit 0
	;;
esac
if ! command -v valgrind >/dev/null; then
	skip "valgrind" "valgrind is missing (make test-deps)"
	exit 0
fi

VALGRIND=(valgrind --error-exitcode=86 --leak-check=full
	--show-leak-kinds=definite,indirect,possible
	--errors-for-leak-kinds=definite,indirect,possible --track-fds=yes
	--log-fd=2)

# vg_run LOG ARGS...: sockerr ARGS under valgrind, with only 0, 1, 2 open;
# stdout and stderr (valgrind's report among it) go to LOG.
vg_run() (
	local log=$1 fd
	shift
	exec >"$log" 2>&1 </dev/null
	for fd in "/proc/$BASHPID/fd/"*; do
		fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done
	exec timeout 120 "${VALGRIND[@]}" "$SOCKERR" "$@"
)

# vg NAME RC ARGS...
vg() {
	local name=$1 rc=$2 log=$T/vg.log open
	shift 2
	vg_run "$log" "$@"
	local got=$?
	is_json "$@" && grep '^{' "$log" | json_log
	open=$(sed -n 's/.*FILE DESCRIPTORS: \([0-9]*\) open.*/\1/p' "$log" | tail -n 1)
	if [ "$got" = 86 ]; then
		fail "$name" "memcheck: $(grep -E -m 3 'Invalid|uninitialised|lost in|Mismatched|ERROR SUMMARY' "$log" | tr '\n' ' ')"
	elif [ "$got" != "$rc" ]; then
		fail "$name" "exit $got, expected $rc: $(grep -v '^==' "$log" | head -n 2 | tr '\n' ' ')"
	elif [ -z "$open" ]; then
		fail "$name" "no FILE DESCRIPTORS line in valgrind's report"
	elif [ "$open" -gt 3 ]; then
		fail "$name" "$open descriptors open at exit: $(grep -A1 -E '== Open ' "$log" | grep -v 'inherited from parent' | grep -v '^==[0-9]*== *$' | tr '\n' ' ' | head -c 400)"
	elif ! grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
		fail "$name" "$(grep 'ERROR SUMMARY' "$log")"
	else
		pass "$name"
	fi
}

closed=$(free_port)
fixture full tcp --backlog-full
fixture open tcp
fixture greet tcp --greet-hex 68656c6c6f1b5b324a00ff
fixture echo udp --echo
fixture l6 tcp --host ::1
printf '127.0.0.1:%s\nweb.test %s\na\0b:80\n\nnx.test:80\n[::1\n' "$closed" "$open" >"$T/targets.txt"

vg "valgrind: socket.error (refused)" 1 127.0.0.1 "$closed"
vg "valgrind: socket.timeout (full backlog, -t 0.3)" 4 -t 0.3 127.0.0.1 "$full"
vg "valgrind: socket.gaierror (NXDOMAIN)" 3 nx.test 80
vg "valgrind: socket.herror (-n -r)" 2 -n -r 127.0.0.10
vg "valgrind: success by name" 0 web.test "$open"
vg "valgrind: success, -v -r" 0 -v -r 127.0.0.1 "$open"
vg "valgrind: batch with a malformed target" 1 -t 0.3 127.0.0.1:"$closed" \
	web.test:"$open" '[::1' nx.test:80 127.0.0.1:"$full" 'bad target'
vg "valgrind: --format=json batch" 1 --format=json -t 0.3 127.0.0.1:"$closed" \
	web.test:"$open" $'\e[2J:80' nx.test:80 127.0.0.1:"$full"
vg "valgrind: --send/--recv" 0 '--send=GET /\r\n' --recv 127.0.0.1 "$greet"
vg "valgrind: -u UDP reply" 0 -u -t 2 '--send=ping' --recv 127.0.0.1 "$echo"
vg "valgrind: -u UDP refused" 1 -u -t 2 127.0.0.1 "$closed"
vg "valgrind: -i file, -c 2" 1 -c 2 -i "$T/targets.txt"
vg "valgrind: -a every address" 1 -a dual.test "$closed"
# ::1 connects, 127.0.0.1 refuses: the first attempt's socket is closed too
vg "valgrind: -a, the first address connects" 0 -a dual.test "$l6"
vg "valgrind: -w retries" 1 -w 0.3 --interval=0.1 127.0.0.1 "$closed"
vg "valgrind: -s bind error" 1 -s 10.1.1.1 127.0.0.1 "$closed"
vg "valgrind: unix socket" 1 unix:/nonexistent/sock
vg "valgrind: usage error" 64 -t nan 127.0.0.1 "$closed"
vg "valgrind: --explain" 0 --explain ECONNREFUSED EAI_NONAME HOST_NOT_FOUND timeout
vg "valgrind: --list" 0 --list
vg "valgrind: -f prometheus batch, a repeat" 1 -f prometheus -t 0.3 127.0.0.1:"$closed" \
	web.test:"$open" '[::1' nx.test:80 127.0.0.1:"$full" 127.0.0.1:"$closed" $'\xff:80'
# (-f nagios bounds each check by -t, lookups included: valgrind's slow
# lookups get --max-time's room, so none is abandoned half-way)
vg "valgrind: -f nagios batch" 2 -f nagios --warning=1 -t 0.3 --max-time=60 127.0.0.1:"$closed" \
	web.test:"$open" '[::1' nx.test:80 'a|b:80'
vg "valgrind: -f nagios, one target" 0 -f nagios --expect=refused 127.0.0.1 "$closed"
vg "valgrind: -f nagios usage error" 3 -f nagios --warning=x 127.0.0.1 "$closed"
vg "valgrind: --expect" 7 --expect=refused,EAI_NONAME web.test "$open"
