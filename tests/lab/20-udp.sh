# UDP through the router: a closed port (ICMP port unreachable from the
# server), a dropped one (the 2 s wait), one the router prohibits.
. "$TOP/tests/lab/lablib.sh"

S4=198.51.100.2
S6=2001:db8:2::2

race "UDP echoed" "udp $S4 80" -u $S4 80
race "UDP closed port" "udp $S4 9" -u $S4 9
race "UDP closed port, IPv6" "udp $S6 9" -u $S6 9
race "UDP dropped" "udp $S4 1009" -u $S4 1009
race "UDP dropped, -t 0.5" "udp $S4 1009 -t 0.5" -u -t 0.5 $S4 1009
race "UDP admin-prohibited" "udp $S4 1007" -u $S4 1007
race "UDP host-unreachable" "udp $S4 1002" -u $S4 1002
race "UDP admin-prohibited, IPv6" "udp $S6 1102" -u $S6 1102
race "UDP no route at the router" "udp 203.0.113.70 53" -u 203.0.113.70 53
