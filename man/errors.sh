#!/bin/sh
# errors.sh SOCKERR MANPAGE: rewrites the ERRORS reference of MANPAGE, the
# lines between the BEGIN and END markers, from "SOCKERR --list", so the
# man page and the taxonomy table cannot drift.  With -c, only checks:
# exits 1 (and prints a diff) if the page is not what it would write.
check=
[ "$1" = -c ] && { check=1; shift; }
sockerr=$1 page=$2
begin='.\" BEGIN GENERATED ERRORS'
end='.\" END GENERATED ERRORS'
new=$(mktemp) || exit 1
trap 'rm -f "$new"' EXIT

generate() {
	"$sockerr" --list | awk -F '\t' '
	function esc(s) {
		gsub(/\\/, "\\e", s)
		if (s ~ /^[.\047]/) s = "\\&" s
		return s
	}
	# text lines of at most 72 bytes, broken between words
	function wrap(s,   n, i, w, line) {
		n = split(s, w, " ")
		line = w[1]
		for (i = 2; i <= n; i++) {
			if (length(line) + 1 + length(w[i]) > 72) {
				print line
				line = (w[i] ~ /^[.\047]/ ? "\\&" : "") w[i]
			} else {
				line = line " " w[i]
			}
		}
		print line
	}
	function section(title, what) {
		if (open) print ".El"
		print ".Ss " title
		print what
		print ".Bl -tag -width Ds"
		open = 1
	}
	$1 != last {
		if ($1 == "socket.error") section("socket.error", "An errno value: the message is strerror(3).\nThe Python 3 class follows PEP 3151.")
		if ($1 == "socket.gaierror") section("socket.gaierror", "An EAI_* value from getaddrinfo(3): the message is gai_strerror(3).")
		if ($1 == "socket.herror") section("socket.herror", "An h_errno value from gethostbyaddr(3): the message is hstrerror(3).")
		if ($1 == "socket.timeout") section("socket.timeout", "A step ran past --timeout.\nPython 3 calls it TimeoutError, with no errno.")
		last = $1
	}
	{
		code = ($3 == "-") ? "" : " Pq " $3
		printf ".It Sy %s%s , Li %s\n", $4, code, $2
		wrap(esc($5) ".")
		if ($6 != "") wrap(toupper(substr($6, 1, 1)) esc(substr($6, 2)) ".")
	}
	END { if (open) print ".El" }'
}

{
	sed "/^$(printf '%s' "$begin" | sed 's/[.\\]/\\&/g')\$/q" "$page"
	generate
	sed -n "/^$(printf '%s' "$end" | sed 's/[.\\]/\\&/g')\$/,\$p" "$page"
} >"$new"

if [ -n "$check" ]; then
	diff -u "$page" "$new" && exit 0
	echo "errors.sh: $page is out of date: run make man" >&2
	exit 1
fi
cat "$new" >"$page"
