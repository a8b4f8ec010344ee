"""The lab's server: TCP listeners that accept and hold (echoing what they
read), and UDP echoes, on every port given, IPv4 and IPv6 alike.  Writes
"ready" to READYFILE once every socket is bound.

  server.py READYFILE PORT...
"""
import os
import select
import socket
import sys


def main(argv):
    ready, ports = argv[1], [int(p) for p in argv[2:]]
    socks = []
    for port in ports:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET6, kind)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind(("::", port))
            if kind == socket.SOCK_STREAM:
                s.listen(64)
            socks.append(s)
    with open(ready + ".tmp", "w") as f:
        f.write("ready\n")
    os.rename(ready + ".tmp", ready)
    conns = []
    while True:
        r, _, _ = select.select(socks + conns, [], [], 60)
        for s in r:
            if s in conns:
                try:
                    data = s.recv(4096)
                except OSError:
                    data = b""
                if data:
                    s.sendall(data)
                else:
                    conns.remove(s)
                    s.close()
            elif s.type == socket.SOCK_STREAM:
                c, _ = s.accept()
                conns.append(c)
            else:
                data, peer = s.recvfrom(4096)
                s.sendto(data, peer)


if __name__ == "__main__":
    main(sys.argv)
