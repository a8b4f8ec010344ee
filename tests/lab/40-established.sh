# A connection that stands, then the router black-holes it, or answers its
# data with ICMP: --send/--recv as Python's sendall()/recv().
. "$TOP/tests/lab/lablib.sh"

S4=198.51.100.2
race "echo through the router" "exchange $S4 3000 -t 2 --send 6869 --recv 2" -t 2 --send=hi --recv=2 $S4 3000
race "established, then black-holed, -t 1" "exchange $S4 3001 -t 1 --send 6869 --recv 2" -t 1 --send=hi --recv=2 $S4 3001
race "established, then ICMP admin-prohibited, -t 2" "exchange $S4 3002 -t 2 --send 6869 --recv 2" -t 2 --send=hi --recv=2 $S4 3002
race "established, then ICMP admin-prohibited, --send, no -t" "exchange $S4 3002 --send 6869" --send=hi $S4 3002
