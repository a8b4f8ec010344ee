# N3: an empty host.  Python's create_connection(("", 80)) asks
# getaddrinfo() and gets socket.gaierror: [Errno -2] (both interpreters);
# sockerr refuses the target as a usage error (exit 64).
. "$TOP/tests/lib.sh"
closed=$(free_port)
same "empty host, HOST PORT" "connect '' $closed" "" "$closed"
