# The -v summary of a batch, a second opinion (55-summary.sh has the
# first, from Python 2.7): under -f python3 the exceptions without errno
# are CPython 3's own, a UnicodeError (a name the idna codec refuses) and
# a TypeError (--family=unix reading an IP address): neither is an
# OSError, so "except socket.error" does not catch them and the summary
# counts them as "other". The expected counts come from CPython 3.11, each
# target alone, and its class hierarchy (is the class an OSError?).
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture open tcp
long=$(printf 'a%.0s' $(seq 1 64)).test

# summary_counts: the counts of the last stderr line, "class=N" sorted.
summary_counts() {
	sed -nE 's/^sockerr: [0-9]+ targets in [0-9.]+ s: //p' <<<"$(tail -n 1 <<<"$ERR")" |
		tr ',' '\n' | awk 'NF { n = $1; $1 = ""; if (n > 0) print substr($0, 2) "=" n }' |
		sort | tr '\n' ' '
}

# class_of LINE: the summary's class for CPython 3's line.
class_of() {
	case $1 in
	ok) echo ok ;;
	socket.herror:* | socket.gaierror:*) echo "${1%%:*}" ;;
	TimeoutError:* | socket.timeout:*) echo socket.timeout ;;
	*) "$PY3" -c 'import builtins, sys
c = getattr(builtins, sys.argv[1].split(":")[0], None)
print("socket.error" if isinstance(c, type) and issubclass(c, OSError) else "other")' "$1" ;;
	esac
}

# check NAME "SOCKERR OPTIONS" TARGET "PYREF ARGS" ...
check() {
	local name=$1 opts=$2 want got i
	shift 2
	local targets=() classes=()
	for ((i = 1; i <= $#; i += 2)); do
		targets+=("${!i}")
		local j=$((i + 1))
		# shellcheck disable=SC2086
		py "$PY3" ${!j}
		classes+=("$(class_of "$PYLINE")")
	done
	want=$(printf '%s\n' "${classes[@]}" | sort | uniq -c | awk '{ print $2 "=" $1 }' | sort | tr '\n' ' ')
	# shellcheck disable=SC2086
	sk -f python3 -v $opts "${targets[@]}"
	got=$(summary_counts)
	if [ "$got" = "$want" ]; then
		pass "$name: $got"
	else
		fail "$name" "summary <$(tail -n 1 <<<"$ERR")>: $got; CPython 3: $want"
	fi
}

check "-v summary, -f python3: UnicodeError is not an OSError: other" "-t 0.3" \
	"$long:80" "connect $long 80 -t 0.3" \
	"x..test:80" "connect x..test 80 -t 0.3" \
	"127.0.0.1:$closed" "connect 127.0.0.1 $closed -t 0.3" \
	"127.0.0.1:$open" "connect 127.0.0.1 $open -t 0.3" \
	"nx.test:80" "connect nx.test 80 -t 0.3"
check "-v summary, --family=unix: TypeError is not an OSError: other" "--family=unix --proto=0" \
	"127.0.0.1:$closed" "override 127.0.0.1 $closed 1 - 0" \
	"127.0.0.1:$open" "override 127.0.0.1 $open 1 - 0" \
	"unix:/nonexistent/s" "unix /nonexistent/s"
