#!/usr/bin/env python3
"""A small DNS responder for the tests and the benchmark: answers every
query after --delay seconds, concurrently (asyncio, one timer for all).

  dnsd.py READY-FILE [--address 127.0.0.2] [--port 53] [--delay 0.05]
          [--zone bench.test] [--seconds 600]

What a name gets depends on its first label:
  servfail*  SERVFAIL      refused*  REFUSED     silent*  no answer at all
  nodata*    NOERROR, no record                  nx*      NXDOMAIN
  anything else in --zone: A 127.0.0.1 (AAAA and other types: NOERROR, no
  record); names outside --zone: NXDOMAIN.
READY-FILE gets "ready" once the socket is bound.  Exits after --seconds.
"""
import argparse
import asyncio
import collections
import socket
import struct

NOERROR, SERVFAIL, NXDOMAIN, REFUSED = 0, 2, 3, 5
T_A = 1


def parse_question(data):
    """(qname labels, qtype, end offset) or None for a malformed query."""
    if len(data) < 12:
        return None
    labels, i = [], 12
    while i < len(data):
        n = data[i]
        if n == 0:
            break
        if n & 0xC0 or i + 1 + n > len(data):
            return None
        labels.append(data[i + 1:i + 1 + n].decode("ascii", "replace").lower())
        i += 1 + n
    if i + 5 > len(data):
        return None
    qtype = struct.unpack("!H", data[i + 1:i + 3])[0]
    return labels, qtype, i + 5


def respond(data, zone):
    """The reply to one query, or None to stay silent."""
    q = parse_question(data)
    if q is None:
        return None
    labels, qtype, end = q
    name = ".".join(labels)
    first = labels[0] if labels else ""
    answer = b""
    if first.startswith("silent"):
        return None
    if first.startswith("servfail"):
        rcode = SERVFAIL
    elif first.startswith("refused"):
        rcode = REFUSED
    elif first.startswith("nx") or not (name == zone or name.endswith("." + zone)):
        rcode = NXDOMAIN
    else:
        rcode = NOERROR
        if qtype == T_A and not first.startswith("nodata"):
            answer = struct.pack("!HHHIH4s", 0xC00C, T_A, 1, 60, 4,
                                 socket.inet_aton("127.0.0.1"))
    rd = data[2] & 0x01
    flags = 0x8000 | (rd << 8) | 0x0080 | rcode
    if rcode == NOERROR or rcode == NXDOMAIN:
        flags |= 0x0400	# authoritative
    header = struct.pack("!HHHHHH", struct.unpack("!H", data[:2])[0], flags,
                         1, 1 if answer else 0, 0, 0)
    return header + data[12:end] + answer


class Responder:
    """Drains the socket on each wake-up and sends what is due from one
    timer: a per-packet timer costs more than the answer."""

    def __init__(self, sock, delay, zone):
        self.sock, self.delay, self.zone = sock, delay, zone
        self.due = collections.deque()
        self.timer = None
        self.loop = asyncio.get_running_loop()

    def readable(self):
        now = self.loop.time()
        for _ in range(4096):
            try:
                data, addr = self.sock.recvfrom(512)
            except (BlockingIOError, InterruptedError):
                break
            reply = respond(data, self.zone)
            if reply is None:
                continue
            if self.delay <= 0:
                self.send(reply, addr)
            else:
                self.due.append((now + self.delay, reply, addr))
        if self.due and self.timer is None:
            self.timer = self.loop.call_at(self.due[0][0], self.flush)

    def send(self, reply, addr):
        try:
            self.sock.sendto(reply, addr)
        except OSError:
            pass	# the client's buffer is full: a lost answer, as on a network

    def flush(self):
        self.timer = None
        now = self.loop.time()
        due = self.due
        while due and due[0][0] <= now:
            _, reply, addr = due.popleft()
            self.send(reply, addr)
        if due:
            self.timer = self.loop.call_at(due[0][0], self.flush)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ready")
    ap.add_argument("--address", default="127.0.0.2")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--zone", default="bench.test")
    ap.add_argument("--seconds", type=float, default=600)
    a = ap.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:	# room for a burst: the responder must not be what drops
        sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)	# SO_RCVBUFFORCE
    except OSError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.bind((a.address, a.port))
    sock.setblocking(False)
    r = Responder(sock, a.delay, a.zone.lower().rstrip("."))
    asyncio.get_running_loop().add_reader(sock.fileno(), r.readable)
    with open(a.ready, "w") as f:
        f.write("ready\n")
    await asyncio.sleep(a.seconds)


if __name__ == "__main__":
    asyncio.run(main())
