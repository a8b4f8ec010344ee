# -f prometheus --expect: sockerr_probe_success is 1 when the outcome is
# one expected, whatever it is (a second opinion; 70-monitor.sh has the
# first).  Each target's outcome comes from CPython 3.11 alone (tests/
# pyref.py connect), and each --expect list is matched against its class
# here: refused (ConnectionRefusedError), timeout (TimeoutError),
# gaierror, ok.
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture open tcp
fixture full tcp --backlog-full
targets=("127.0.0.1:$open" "127.0.0.1:$closed" "127.0.0.1:$full" "nx.test:80")
declare -A pyclass
for tg in "${targets[@]}"; do
	py "$PY3" connect "${tg%:*}" "${tg##*:}" -t 0.3
	case $PYLINE in
	ok) pyclass[$tg]=ok ;;
	ConnectionRefusedError:*) pyclass[$tg]=refused ;;
	TimeoutError:*) pyclass[$tg]=timeout ;;
	socket.gaierror:*) pyclass[$tg]=gaierror ;;
	*) pyclass[$tg]="other: $PYLINE" ;;
	esac
done

for expect in refused timeout ok gaierror refused,timeout; do
	sk -f prometheus -t 0.3 --expect "$expect" "${targets[@]}"
	bad=
	for tg in "${targets[@]}"; do
		want=0
		case ",$expect," in *",${pyclass[$tg]},"*) want=1 ;; esac
		got=$(grep -F "sockerr_probe_success{target=\"$tg\"} " <<<"$OUT" | awk '{ print $2 }')
		[ "$got" = "$want" ] || bad="$bad $tg: $got, expected $want (CPython 3: ${pyclass[$tg]});"
	done
	if [ -n "$bad" ]; then
		fail "prometheus --expect $expect: success by the expected outcomes" "$bad"
	else
		pass "prometheus --expect $expect: success 1 exactly where CPython 3's outcome is one of $expect"
	fi
done
