# The -v summary line of a batch counts every target once, by the class
# Python raises for it: an exception without errno (an over-long unix
# path is "socket.error: AF_UNIX path too long") counts as socket.error.
# The expected counts come from Python 2.7 (CPython 3 without it), run on
# each target alone.
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture open tcp
fixture full tcp --backlog-full
long=/$(printf 'x%.0s' $(seq 1 120))
abslong=@$(printf 'y%.0s' $(seq 1 120))
PYREF=${PY2:-$PY3}

# each target: sockerr's form, then pyref's arguments
targets=(
	"unix:$long" "unix $long"
	"unix:$abslong" "unix $abslong"
	"127.0.0.1:$closed" "connect 127.0.0.1 $closed -t 0.3"
	"127.0.0.1:$open" "connect 127.0.0.1 $open -t 0.3"
	"127.0.0.1:$full" "connect 127.0.0.1 $full -t 0.3"
	"nx.test:80" "connect nx.test 80 -t 0.3"
	"unix:/nonexistent/s" "unix /nonexistent/s -t 0.3"
	"127.0.0.1:99999" ""
)
args=()
: >"$T/classes"
for ((i = 0; i < ${#targets[@]}; i += 2)); do
	args+=("${targets[i]}")
	if [ -z "${targets[i + 1]}" ]; then
		echo "bad targets" >>"$T/classes" # a malformed target: no Python
		continue
	fi
	# shellcheck disable=SC2086
	py "$PYREF" ${targets[i + 1]}
	case $PYLINE in
	ok) echo ok ;;
	*Error:* | *error:* | socket.timeout:*) cls=${PYLINE%%:*}
		case $cls in
		socket.*) echo "$cls" ;;
		TimeoutError) echo socket.timeout ;;
		*) echo socket.error ;; # CPython 3's OSError subclasses
		esac ;;
	*) echo "unexpected: $PYLINE" ;;
	esac >>"$T/classes"
done
want=$(sort "$T/classes" | uniq -c | awk '{ n = $1; $1 = ""; print substr($0, 2) "=" n }' | sort | tr '\n' ' ')

sk -v -t 0.3 "${args[@]}"
line=$(tail -n 1 <<<"$ERR")
# "sockerr: N targets in X s: A ok, B socket.error, ..." (zero counts may be left out)
total=$(sed -nE 's/^sockerr: ([0-9]+) targets in [0-9.]+ s: .*/\1/p' <<<"$line")
got=$(sed -nE 's/^sockerr: [0-9]+ targets in [0-9.]+ s: //p' <<<"$line" | tr ',' '\n' |
	awk 'NF { n = $1; $1 = ""; k = substr($0, 2); if (k == "bad target") k = "bad targets"; if (n > 0) print k "=" n }' | sort | tr '\n' ' ')
if [ "$total" != "${#args[@]}" ]; then
	fail "-v summary: every target counted" "<$line> for ${#args[@]} targets"
elif [ "$got" != "$want" ]; then
	fail "-v summary: counts by Python's class" "<$line>: $got; Python: $want"
else
	pass "-v summary: counts by Python's class, no-errno errors as socket.error ($got)"
fi
