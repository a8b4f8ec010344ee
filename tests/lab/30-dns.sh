# Resolution against real DNS servers behind the router: NXDOMAIN, NODATA,
# a server that drops, one the router rejects, REFUSED, SERVFAIL, a
# truncated answer with TCP blocked, a dead first nameserver; and reverse
# lookups (gethostbyaddr) under each failure.
. "$TOP/tests/lab/lablib.sh"

with_ns() {
	resolv "nameserver $1\noptions timeout:1 attempts:1"
}

resolv_default
race "DNS: a name" "connect web.test 80" web.test 80
race "DNS: NXDOMAIN" "connect nx.test 80" nx.test 80
race "DNS: NODATA (TXT only)" "connect txtonly.test 80" txtonly.test 80
race "reverse: a PTR" "reverse 198.51.100.2" -n -r 198.51.100.2
race "reverse: no PTR" "reverse 198.51.100.9" -n -r 198.51.100.9
for spec in 198.51.100.7:dropped 198.51.100.8:rejected 198.51.100.3:REFUSED \
	198.51.100.4:SERVFAIL "198.51.100.5:truncated, TCP reset" 198.51.100.6:silent; do
	with_ns "${spec%%:*}"
	race "DNS ${spec#*:}" "connect web.test 80" web.test 80
	race "reverse, DNS ${spec#*:}" "reverse 198.51.100.2" -n -r 198.51.100.2
done
resolv 'nameserver 198.51.100.7\nnameserver 198.51.100.2\noptions timeout:1 attempts:1'
race "DNS: dead first nameserver" "connect web.test 80" web.test 80
race "reverse, dead first nameserver" "reverse 198.51.100.2" -n -r 198.51.100.2
resolv_default
