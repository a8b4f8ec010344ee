"""A DNS server that answers badly, for the lab.  On each ADDRESS=MODE it
listens on UDP and TCP port 53 and, to every query:
  refused / servfail: answers with that rcode
  truncate: answers over UDP with no record and the TC bit (TCP: closes)
  silent: never answers
Writes "ready" to READYFILE once bound.

  dnsresp.py READYFILE ADDRESS=MODE...
"""
import os
import select
import socket
import struct
import sys

RCODE = {"refused": 5, "servfail": 2, "truncate": 0}


def answer(query, mode):
    if len(query) < 12:
        return None
    qid, flags = struct.unpack("!HH", query[:4])
    flags = 0x8000 | (flags & 0x7900) | 0x0080 | RCODE[mode]
    if mode == "truncate":
        flags |= 0x0200
    # the question is kept; no answer, authority or additional records
    return struct.pack("!HHHHHH", qid, flags, 1, 0, 0, 0) + query[12:]


def main(argv):
    ready, socks = argv[1], {}
    for spec in argv[2:]:
        addr, mode = spec.split("=")
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind((addr, 53))
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        t.bind((addr, 53))
        t.listen(16)
        socks[u] = mode
        socks[t] = mode
    with open(ready + ".tmp", "w") as f:
        f.write("ready\n")
    os.rename(ready + ".tmp", ready)
    while True:
        r, _, _ = select.select(list(socks), [], [], 60)
        for s in r:
            mode = socks[s]
            if s.type == socket.SOCK_STREAM:
                c, _ = s.accept()
                c.close()
                continue
            query, peer = s.recvfrom(4096)
            if mode != "silent":
                reply = answer(query, mode)
                if reply:
                    s.sendto(reply, peer)


if __name__ == "__main__":
    main(sys.argv)
