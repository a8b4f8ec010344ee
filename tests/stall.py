#!/usr/bin/env python3
"""Stalls for tests/ns/45-stalls.sh: stops a client (SIGSTOP) and continues
it (SIGCONT) at seeded random moments around the deadline of each kind of
wait, while a peer run here makes its event (data, a SYN-ACK, a handshake,
a datagram, a listener, a DNS answer) at a known moment.  Every time is
CLOCK_MONOTONIC (time.monotonic()), the clock sockerr's deadlines use.

How an outcome is predicted (the same rule for sockerr and for CPython):
the client looks at its deadline D when D comes; if it is stopped then, it
looks when it is continued (c).  The event wins if it came before that
moment: ok if event < D (or < c when the stall spans D), else a timeout.
Unstalled, that is event < D; so a stalled outcome differs from the
unstalled one only when the stall spans D and the event came after D,
i.e. the stall really spans the deadline with no event before it.  A point
whose event, stop or continue falls within MARGIN of the moment that
decides is too close to call: counted, not judged.  Each kind below says
what its event is; a lookup's thread gets 25 ms after the continue (its
grace), a batch of 1,000 CATCH_UP, and CPython 3's sendall has a rule of
its own (Send).

  stall.py --seed N --sockerr PATH --cert C --key K --tmp DIR [--points N]
           [--batch N] [--batch-t T] [--no-busy] [--jobs N] [--py3 PATH]
           [--py2 PATH] [--only TEXT]
Prints the runner's PASS/FAIL lines (suite name from $SUITE); with
STALL_VERBOSE set, one line per run with its times.
"""
import argparse
import heapq
import json
import os
import random
import resource
import select
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time

import jsonlog

SUITE = os.environ.get("SUITE", "stalls")
TOP = os.environ.get("TOP", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYREF = os.path.join(TOP, "tests", "pyref.py")
now = time.monotonic
MARGIN = 0.04		# too close to call, for a single check
RUN_LIMIT = 15		# seconds: a client still running then hangs
ZONE = "stall.test"
out_lock = threading.Lock()


def say(line):
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def sleep_until(t):
    while True:
        left = t - now()
        if left <= 0:
            return
        time.sleep(min(left, 0.05))


# --- peers: each makes one event and notes when -------------------------

class Peer(object):
    """A fixture for one run: anchor (the moment stalls are timed from)
    and event (when it made its event; None if it never did)."""

    def __init__(self):
        self.anchored = threading.Event()
        self.anchor = None
        self.event = None
        self.stop = False
        self.keep = []

    def set_anchor(self, t=None):
        if self.anchor is None:
            self.anchor = now() if t is None else t
            self.anchored.set()

    def close(self):
        self.stop = True
        for s in self.keep:
            try:
                s.close()
            except OSError:
                pass


def listener(backlog=8, host="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    s.listen(backlog)
    return s


def accept(srv, peer, limit=RUN_LIMIT):
    srv.settimeout(limit)
    try:
        conn, _ = srv.accept()
    except OSError:
        return None
    peer.keep.append(conn)
    return conn


def quietly(fn):
    """A peer's thread: the run may end (and close its sockets) first."""
    def run(*args):
        try:
            fn(*args)
        except (OSError, ValueError, ssl.SSLError):
            pass
    return run


def spawn(fn, *args):
    t = threading.Thread(target=quietly(fn), args=args)
    t.daemon = True
    t.start()
    return t


class LateSender(Peer):
    """Accepts (the anchor), sends "hi" delay later, stays open."""

    def __init__(self, delay):
        Peer.__init__(self)
        self.srv = listener()
        self.keep.append(self.srv)
        self.port = self.srv.getsockname()[1]
        spawn(self.run, delay)

    def run(self, delay):
        conn = accept(self.srv, self)
        if conn is None:
            return
        self.set_anchor()
        sleep_until(self.anchor + delay)
        self.event = now()	# before the client can have it
        conn.sendall(b"hi")


# Loopback's 64 KiB MTU gives a new connection a send buffer of megabytes;
# 45-stalls.sh routes this prefix with an MTU of 1500, where 100 KB fill
# the buffers and a send has to wait for its reader.
SMALL_MTU_NET = "127.9.0.1"
SEND_BYTES = 100000


class LateReader(Peer):
    """A listener with a small receive buffer: accepts (the anchor),
    starts reading delay later (the event) and reads to the end (done)."""

    def __init__(self, delay):
        Peer.__init__(self)
        self.done = None
        self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        self.srv.bind((SMALL_MTU_NET, 0))
        self.srv.listen(8)
        self.keep.append(self.srv)
        self.port = self.srv.getsockname()[1]
        self.thread = spawn(self.run, delay)

    def close(self):
        self.thread.join(2)	# the bytes still on their way
        Peer.close(self)

    def run(self, delay):
        conn = accept(self.srv, self)
        if conn is None:
            return
        self.set_anchor()
        sleep_until(self.anchor + delay)
        self.event = now()
        conn.settimeout(1)
        got = 0
        while got < SEND_BYTES:
            data = conn.recv(65536)
            if not data:
                return
            got += len(data)
        self.done = now()


def syn_sent(port):
    """Whether a socket on this host sends SYNs to 127.0.0.1:port."""
    want = ":%04X" % port
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            cols = line.split()
            if cols[2].endswith(want) and cols[3] == "02":
                return True
    return False


class LateRoom(Peer):
    """A listener whose accept queue is full (a SYN gets no answer); the
    anchor is the client's first SYN.  Room is made delay after it, so
    the SYN sent again 1 s after the first is answered: the event is the
    connection's accept.  "hi" follows after a moment."""

    def __init__(self, delay):
        Peer.__init__(self)
        self.srv = listener(0)
        self.keep.append(self.srv)
        self.port = self.srv.getsockname()[1]
        blocker = socket.create_connection(("127.0.0.1", self.port))
        self.keep.append(blocker)
        spawn(self.run, delay)

    def run(self, delay):
        end = now() + RUN_LIMIT
        while not self.stop and now() < end and not syn_sent(self.port):
            time.sleep(0.001)
        if self.stop or now() >= end:
            return
        self.set_anchor()
        sleep_until(self.anchor + delay)
        accept(self.srv, self)		# the blocker: room for one
        conn = accept(self.srv, self, 4)
        if conn is None:
            return
        self.event = now()
        time.sleep(0.05)
        try:
            conn.sendall(b"hi")
        except OSError:
            pass


class LateHandshake(Peer):
    """Answers the ClientHello (the anchor) delay later."""

    def __init__(self, delay, cert, key):
        Peer.__init__(self)
        self.srv = listener()
        self.keep.append(self.srv)
        self.port = self.srv.getsockname()[1]
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(cert, key)
        spawn(self.run, delay)

    def run(self, delay):
        conn = accept(self.srv, self)
        if conn is None:
            return
        # the handshake's deadline runs from the ClientHello: CPython
        # loads its trust store between connect and handshake
        select.select([conn], [], [], RUN_LIMIT)
        self.set_anchor()
        sleep_until(self.anchor + delay)
        self.event = now()
        conn.settimeout(RUN_LIMIT)
        try:
            tls = self.ctx.wrap_socket(conn, server_side=True)
            self.keep.append(tls)
        except (OSError, ssl.SSLError):
            pass


class LateDatagram(Peer):
    """Answers the first datagram (the anchor) delay later."""

    def __init__(self, delay):
        Peer.__init__(self)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.keep.append(self.sock)
        self.port = self.sock.getsockname()[1]
        spawn(self.run, delay)

    def run(self, delay):
        self.sock.settimeout(RUN_LIMIT)
        try:
            _, addr = self.sock.recvfrom(2048)
        except OSError:
            return
        self.set_anchor()
        sleep_until(self.anchor + delay)
        self.event = now()
        self.sock.sendto(b"hi", addr)


class LateListener(Peer):
    """A port bound but not listening (connect: refused) until delay
    after the client started (the anchor, set by the run)."""

    def __init__(self, delay):
        Peer.__init__(self)
        self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.srv.bind(("127.0.0.1", 0))
        self.keep.append(self.srv)
        self.port = self.srv.getsockname()[1]
        self.delay = delay
        spawn(self.run)

    def run(self):
        self.anchored.wait(RUN_LIMIT)
        if self.anchor is None:
            return
        sleep_until(self.anchor + self.delay)
        self.event = now()
        self.srv.listen(8)


class Dns(object):
    """A name server on 127.0.0.2:53 for the zone: dNNNxID.stall.test
    answers A 127.0.0.1 (AAAA: no record) NNN ms after each query;
    PTR of 127.1.X.Y answers X*10 ms late, of 127.0.X.Y at once.  Notes
    per name when the first query came and when the last answer went."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.2", 53))
        self.lock = threading.Lock()
        self.cv = threading.Condition(self.lock)
        self.first, self.last = {}, {}
        self.due = []
        spawn(self.run)

    @staticmethod
    def question(data):
        labels, i = [], 12
        while i < len(data) and data[i]:
            labels.append(data[i + 1:i + 1 + data[i]].decode("ascii", "replace").lower())
            i += 1 + data[i]
        qtype = struct.unpack("!H", data[i + 1:i + 3])[0]
        return ".".join(labels), qtype, i + 5

    def answer(self, data):
        """(delay, reply) for a query."""
        name, qtype, end = self.question(data)
        rr, delay, rcode = b"", 0.0, 3
        labels = name.split(".")
        if name.endswith("." + ZONE) and labels[0].startswith("d"):
            delay = int(labels[0][1:].split("x")[0]) / 1000.0
            rcode = 0
            if qtype == 1:
                rr = struct.pack("!HHHIH4s", 0xC00C, 1, 1, 60, 4, socket.inet_aton("127.0.0.1"))
        elif name.endswith(".in-addr.arpa") and len(labels) == 6 and labels[3] == "127":
            rcode = 0
            if labels[2] == "1":
                delay = int(labels[1]) / 100.0
            if qtype == 12:
                target = b"".join(bytes([len(x)]) + x.encode() for x in
                                  ["h%s-%s-%s" % (labels[2], labels[1], labels[0])] + ZONE.split(".")) + b"\0"
                rr = struct.pack("!HHHIH", 0xC00C, 12, 1, 60, len(target)) + target
        flags = 0x8400 | (data[2] & 1) << 8 | 0x80 | rcode
        head = struct.pack("!HHHHHH", struct.unpack("!H", data[:2])[0], flags, 1, 1 if rr else 0, 0, 0)
        return name, delay, head + data[12:end] + rr

    def run(self):
        while True:
            with self.lock:
                wait = self.due[0][0] - now() if self.due else 0.5
            r, _, _ = select.select([self.sock], [], [], max(0.0, wait))
            if r:
                try:
                    data, addr = self.sock.recvfrom(4096)
                    name, delay, reply = self.answer(data)
                except (OSError, ValueError, IndexError, struct.error):
                    continue
                t = now()
                with self.cv:
                    if name not in self.first:
                        self.first[name] = t
                        self.cv.notify_all()
                    heapq.heappush(self.due, (t + delay, id(reply), reply, addr, name))
            while True:
                with self.lock:
                    if not self.due or self.due[0][0] > now():
                        break
                    _, _, reply, addr, name = heapq.heappop(self.due)
                    self.last[name] = now()	# before the client can have it
                self.sock.sendto(reply, addr)

    def wait_first(self, name, limit):
        with self.cv:
            self.cv.wait_for(lambda: name in self.first, limit)
            return self.first.get(name)


class LateAnswer(Peer):
    """A name (or an address) the name server answers delay late; the
    anchor is its first query, the event its last answer."""

    def __init__(self, dns, name):
        Peer.__init__(self)
        self.dns, self.name = dns, name
        spawn(self.run)

    def run(self):
        t = self.dns.wait_first(self.name, RUN_LIMIT)
        if t is not None:
            self.set_anchor(t)

    def close(self):
        with self.dns.lock:
            self.event = self.dns.last.get(self.name)
        Peer.close(self)


# --- one run: a client, a stall, the times --------------------------------

def prediction(event, d_lo, d_hi, stop, cont, after=0.0, margin=MARGIN):
    """"ok", "timeout" or None (too close to call).  The client looks at
    its deadline somewhere in [d_lo, d_hi]; stopped then, when continued
    (to cont + after: a lookup's grace).  An event before that wins."""
    if stop is None or cont < d_lo - margin or stop > d_hi + margin:
        lo, hi = d_lo, d_hi
    elif stop < d_lo - margin and cont > d_hi + margin:
        lo, hi = cont, cont + after
    else:
        return None
    if event is None or event > hi + margin:
        return "timeout"
    if event < lo - margin:
        return "ok"
    return None


class Run(object):
    """Runs argv against peer, stopped from anchor + stop_at to anchor +
    cont_at (None: not stopped); then .rc, .out, .err, .stop, .cont."""

    def __init__(self, argv, peer, stop_at, cont_at, anchor_is_spawn=False):
        self.argv, self.peer = argv, peer
        self.stop = self.cont = None
        self.hung = False
        env = dict(os.environ, LC_ALL="C", PYTHONDONTWRITEBYTECODE="1")
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.spawned = now()
        if anchor_is_spawn:
            peer.set_anchor(self.spawned)
        if peer.anchored.wait(RUN_LIMIT) and stop_at is not None:
            sleep_until(peer.anchor + stop_at)
            if p.poll() is None:
                p.send_signal(signal.SIGSTOP)
                self.stop = now()
                sleep_until(peer.anchor + cont_at)
                self.cont = now()
                p.send_signal(signal.SIGCONT)
        try:
            out, err = p.communicate(timeout=RUN_LIMIT)
        except subprocess.TimeoutExpired:
            self.hung = True
            p.send_signal(signal.SIGCONT)
            p.kill()
            out, err = p.communicate()
        self.ended = now()
        peer.close()
        self.rc = p.returncode
        self.raw_out = out
        self.out = out.decode("utf-8", "replace").strip()
        self.err = err.decode("utf-8", "replace").strip()

    def line(self):
        return self.out.splitlines()[-1] if self.out else ""

    def times(self):
        a = self.peer.anchor
        rel = lambda t: "-" if t is None or a is None else "%+.3f" % (t - a)
        return "stop %s cont %s event %s end %s" % (rel(self.stop), rel(self.cont),
                                                    rel(self.peer.event), rel(self.ended))


def outcome_of(run, client):
    """ok / timeout / refused / something else, from a client's exit and
    last line."""
    if run.hung:
        return "hung"
    if client == "sockerr" and run.rc == 1 and "Connection refused" in run.out:
        return "refused"
    if client == "python":
        line = run.line() or (run.err.splitlines() or [""])[-1]
        if line == "ok":
            return "ok"
        return "timeout" if "timed out" in line else "other: " + line
    if run.rc == 0:
        return "ok"
    if run.rc == 4:
        return "timeout"
    return "other: exit %d: %s %s" % (run.rc, run.line(), run.err[:200])


def py_line(run):
    """The last line CPython printed (stdout "ok", or the exception)."""
    if run.line() == "ok":
        return "ok"
    return (run.err.splitlines() or [""])[-1]


# --- the kinds of wait -------------------------------------------------------

class Kind(object):
    """name, timeout T, peer maker, the clients' argv; deadline() gives
    [d_lo, d_hi] from the anchor; miss: the outcome without the event."""
    after = 0.0
    miss = "timeout"
    python = True
    skew = 0.01	# how far the deadline may sit from anchor + T

    def deadline(self, run):
        a = run.peer.anchor
        return a + self.T - self.skew, a + self.T + self.skew

    def predict(self, client, run, d_lo, d_hi):
        return prediction(run.peer.event, d_lo, d_hi, run.stop, run.cont, self.after)


class Lookup(Kind):
    """The deadline runs from the probe's start, between the spawn and
    the first query (the first lookup loads the resolver's modules)."""
    python = False
    after = 0.025

    def deadline(self, run):
        return run.spawned + self.T, run.peer.anchor + self.T + self.skew


class Recv(Kind):
    name, T = "recv on a late sender (-t 0.4 --recv)", 0.4

    def peer(self, delay, ctx):
        return LateSender(delay)

    def sockerr(self, fmt, peer, ctx):
        port = peer.port
        extra = ["-r"] if fmt == "json" else []
        return ["-f", fmt, "-t", str(self.T), "--recv"] + extra + ["127.0.0.1", str(port)]

    def pyref(self, port, ctx):
        return ["exchange", "127.0.0.1", str(port), "-t", str(self.T), "--recv", "16"]


class Connect(Kind):
    """The event is the SYN sent again 1 s after the first."""
    name, T = "connect -t 1.2 on a full backlog that makes room", 1.2
    skew = 0.03

    def peer(self, delay, ctx):
        return LateRoom(delay)

    def sockerr(self, fmt, peer, ctx):
        port = peer.port
        extra = ["-r"] if fmt == "json" else []
        return ["-f", fmt, "-t", str(self.T), "--recv"] + extra + ["127.0.0.1", str(port)]

    def pyref(self, port, ctx):
        return ["exchange", "127.0.0.1", str(port), "-t", str(self.T), "--recv", "16"]

    def draw(self, rnd):
        """Room before the SYN is sent again (connected at ~1 s) or after
        it (never, within -t); the stall from before 1 s, or from after
        it, to before or after the deadline."""
        room = rnd.uniform(0.3, 0.85) if rnd.random() < 0.6 else rnd.uniform(1.15, 1.5)
        start = rnd.uniform(0.6, 0.95) if rnd.random() < 0.7 else rnd.uniform(1.05, 1.14)
        return room, start, rnd.uniform(max(start + 0.05, 1.1), 1.7)


class Send(Kind):
    """The event is the reader's first read; 100 KB then need several
    writes.  Python 2.7 gives each part the whole timeout: the first wait
    decides, as for recv.  CPython 3 asks for the time left before each:
    unstalled, the data must all be through (done) before the deadline;
    a stall that spans it is a timeout if the reader started after the
    stop (the write after the continue takes what the buffers hold, about
    a third, and the next finds no time left), ok if all was through
    before the stop, and too close to call in between (what one write
    after the continue takes decides)."""
    name, T = "send 100 KB to a reader that starts late (-t 0.4 --send)", 0.4

    def predict(self, client, run, d_lo, d_hi):
        if client.endswith("python") or client.endswith("2.7"):
            return Kind.predict(self, client, run, d_lo, d_hi)
        stop, cont, done = run.stop, run.cont, run.peer.done
        if stop is not None and stop < d_lo - MARGIN and cont > d_hi + MARGIN:
            if done is not None and done < stop - MARGIN:
                return "ok"
            if run.peer.event is None or run.peer.event > stop + MARGIN:
                return "timeout"
            return None
        return prediction(done, d_lo, d_hi, stop, cont)

    def peer(self, delay, ctx):
        return LateReader(delay)

    def sockerr(self, fmt, peer, ctx):
        extra = ["-r"] if fmt == "json" else []
        return ["-f", fmt, "-t", str(self.T), "--send=" + ctx.payload] + extra + \
            [SMALL_MTU_NET, str(peer.port)]

    def pyref(self, port, ctx):
        return ["exchange", SMALL_MTU_NET, str(port), "-t", str(self.T), "--send-file", ctx.payload_file]


class Tls(Kind):
    name, T = "TLS handshake with a peer that speaks late (--tls -t 0.4)", 0.4

    def peer(self, delay, ctx):
        return LateHandshake(delay, ctx.cert, ctx.key)

    def sockerr(self, fmt, peer, ctx):
        port = peer.port
        extra = ["-r"] if fmt == "json" else []
        return ["-f", fmt, "--tls", "-k", "-t", str(self.T)] + extra + ["127.0.0.1", str(port)]

    def pyref(self, port, ctx):
        return ["tls", "127.0.0.1", str(port), "-t", str(self.T), "-k"]


class Udp(Kind):
    name, T = "UDP reply (-u -t 0.4)", 0.4

    def peer(self, delay, ctx):
        return LateDatagram(delay)

    def sockerr(self, fmt, peer, ctx):
        port = peer.port
        extra = ["-r"] if fmt == "json" else []
        return ["-f", fmt, "-u", "-t", str(self.T)] + extra + ["127.0.0.1", str(port)]

    def pyref(self, port, ctx):
        return ["udp", "127.0.0.1", str(port), "-t", str(self.T)]


class Wait(Kind):
    """-w: the last try is made at the deadline (at the continue, if the
    process was stopped then); the event is the listen()."""
    name, T = "-w 0.6 --interval 0.1 on a port that starts listening", 0.6
    python = False
    skew = 0.03
    anchor_is_spawn = True
    miss = "refused"

    def peer(self, delay, ctx):
        return LateListener(delay)

    def sockerr(self, fmt, peer, ctx):
        port = peer.port
        return ["-f", fmt, "-w", str(self.T), "--interval", "0.1", "127.0.0.1", str(port)]


class MaxTimeDns(Lookup):
    """The event is the name server's last answer (A and AAAA)."""
    name, T = "--max-time 0.5 with a slow DNS answer (then -r)", 0.5

    def peer(self, delay, ctx):
        with ctx.lock:
            ctx.serial += 1
            host = "d%dx%d.%s" % (int(delay * 1000), ctx.serial, ZONE)
        p = LateAnswer(ctx.dns, host)
        p.target = host
        return p

    def sockerr(self, fmt, peer, ctx):
        return ["-f", fmt, "--max-time", str(self.T), "-r", peer.target, str(ctx.open_port)]


class Reverse(Lookup):
    """-n -r: the PTR answer comes late."""
    name, T = "--max-time 0.5 -n -r with a slow PTR answer", 0.5

    def peer(self, delay, ctx):
        with ctx.lock:
            ctx.serial += 1
            y = ctx.serial % 250 + 1
        x = int(round(delay * 100))
        p = LateAnswer(ctx.dns, "%d.%d.1.127.in-addr.arpa" % (y, x))
        p.target = "127.1.%d.%d" % (x, y)
        return p

    def sockerr(self, fmt, peer, ctx):
        return ["-f", fmt, "--max-time", str(self.T), "-n", "-r", peer.target]


KINDS = [Recv(), Connect(), Send(), Tls(), Udp(), Wait(), MaxTimeDns(), Reverse()]


def draw(kind, rnd):
    """A point: the event's delay and the stall, from the anchor; a third
    each: the event in the stall before the deadline and the stall
    spanning it (bug 1's case); the stall spanning the deadline and the
    event after it (in the stall or after); anything around them."""
    if hasattr(kind, "draw"):
        return kind.draw(rnd)
    T, lo, mode = kind.T, 0.02, rnd.randrange(3)
    if mode == 0:
        start = rnd.uniform(lo, T - 0.15)
        return rnd.uniform(start + 0.02, T - 0.06), start, rnd.uniform(T + 0.06, T + 0.5)
    if mode == 1:
        start = rnd.uniform(lo, T - 0.06)
        return rnd.uniform(T + 0.02, T + 0.6), start, rnd.uniform(T + 0.06, T + 0.5)
    start = rnd.uniform(lo, T - 0.06)
    return rnd.uniform(0.05, T + 0.6), start, rnd.uniform(start + 0.05, T + 0.5)


def judge(kind, client, run, rec):
    """Checks one run against the times; returns its prediction."""
    if run.peer.anchor is None:
        rec.fail("%s: the run never reached its wait (%s; %s)" % (client, run.out[:200], run.err[:200]))
        return None
    d_lo, d_hi = kind.deadline(run)
    want = kind.predict(client, run, d_lo, d_hi)
    if want == "timeout":
        want = kind.miss
    got = outcome_of(run, "python" if client.startswith("CPython") else "sockerr")
    rec.count(want, run)
    if os.environ.get("STALL_VERBOSE"):
        say("# %s: %s: want %s got %s (%s)" % (kind.name[:12], client, want, got, run.times()))
    if want is not None and got != want:
        rec.fail("%s gave %s where the times say %s (%s): %s" %
                 (client, got, want, run.times(), run.line() or run.err[:300]))
    elif want is None and got not in ("ok", kind.miss):
        rec.fail("%s gave %s (%s)" % (client, got, run.times()))
    return want


class Record(object):
    def __init__(self, kind):
        self.kind = kind
        self.lock = threading.Lock()
        self.fails = []
        self.points = self.spanned = self.close = self.runs = self.compared = 0
        self.span_event_before = self.span_event_after = 0

    def fail(self, why):
        with self.lock:
            self.fails.append(why)

    def count(self, want, run):
        with self.lock:
            self.runs += 1
            if want is None:
                self.close += 1


def point(kind, ctx, rec, delay, start, end):
    """One stall point: sockerr (json, with -r where it has a next step),
    then, where Python has the same operation, sockerr -f python3 and
    CPython 3.11, sockerr -f python and CPython 2.7, each stalled at the
    same moments from its own anchor."""
    def sk(fmt):
        peer = kind.peer(delay, ctx)
        run = Run([ctx.sockerr] + kind.sockerr(fmt, peer, ctx), peer,
                  start, end, getattr(kind, "anchor_is_spawn", False))
        if fmt == "json":
            jsonlog.log(run.raw_out, "stall")
        return run

    def py(interp):
        peer = kind.peer(delay, ctx)
        return Run([interp, PYREF] + kind.pyref(peer.port, ctx), peer, start, end)

    run = sk("json")
    want = judge(kind, "sockerr -f json", run, rec)
    with rec.lock:
        rec.points += 1
        if run.stop is not None and run.peer.anchor is not None:
            d_lo, d_hi = kind.deadline(run)
            if run.stop < d_lo and run.cont > d_hi:
                rec.spanned += 1
                ev = run.peer.event
                if ev is not None and ev < d_lo:
                    rec.span_event_before += 1
                else:
                    rec.span_event_after += 1
    if run.rc == 0 and not run.hung:
        try:
            obj = json.loads(run.line())
            if not obj.get("ok"):
                rec.fail("sockerr -f json exited 0 with %s" % run.line())
        except ValueError:
            rec.fail("sockerr -f json printed no JSON: %s" % run.out[:200])
    if not kind.python:
        return
    pairs = [("python3", "CPython 3.11", ctx.py3)]
    if ctx.py2:
        pairs.append(("python", "CPython 2.7", ctx.py2))
    for fmt, label, interp in pairs:
        a = sk(fmt)
        wa = judge(kind, "sockerr -f " + fmt, a, rec)
        b = py(interp)
        wb = judge(kind, label, b, rec)
        if wa is None or wa != wb:
            continue
        with rec.lock:
            rec.compared += 1
        la = "ok" if a.rc == 0 and a.line().startswith("ok") else a.line()
        lb = py_line(b)
        if la != lb:
            rec.fail("sockerr -f %s <%s> vs %s <%s> at the same stall (%s / %s)" %
                     (fmt, la, label, lb, a.times(), b.times()))


def single_checks(ctx, points, jobs):
    from concurrent.futures import ThreadPoolExecutor
    rnd = random.Random(ctx.seed)
    work = []
    for kind in KINDS:
        rec = Record(kind)
        # one run a point without Python to compare with: twice the points
        for _ in range(points if kind.python else 2 * points):
            work.append((kind, rec) + draw(kind, rnd))
    rnd.shuffle(work)
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        for f in [ex.submit(point, kind, ctx, rec, d, s, e) for kind, rec, d, s, e in work]:
            f.result()
    recs = []
    for kind, rec, _, _, _ in work:
        if rec not in recs:
            recs.append(rec)
    recs.sort(key=lambda r: KINDS.index(r.kind))
    total = 0
    for rec in recs:
        total += rec.points
        name = "stalls: %s" % rec.kind.name
        if rec.fails:
            for why in rec.fails:
                say("FAIL %s: %s: %s" % (SUITE, name, why))
        else:
            say("PASS %s: %s: %d stall points, %d spanned the deadline (%d with the event "
                "before it, %d without), %d runs, %d too close to call, %d pairs equal to CPython's line"
                % (SUITE, name, rec.points, rec.spanned, rec.span_event_before,
                   rec.span_event_after, rec.runs, rec.close, rec.compared))
    return total


# --- a batch of many targets -------------------------------------------------

class BatchPeer(object):
    """One listener on every loopback address: target i is 127.0.X.Y and
    gets "hi" delay[i] after its accept.  Notes accept and send times."""

    def __init__(self, delays):
        self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("0.0.0.0", 0))
        self.srv.listen(4096)
        self.srv.setblocking(False)
        self.port = self.srv.getsockname()[1]
        self.delays = delays
        self.accepted, self.sent = {}, {}
        self.conns = []
        self.stop = False
        self.first = threading.Event()
        self.thread = spawn(self.run)

    @staticmethod
    def address(i):
        return "127.0.%d.%d" % (i // 250 + 2, i % 250 + 1)

    @staticmethod
    def index(addr):
        a = [int(x) for x in addr.split(".")]
        return (a[2] - 2) * 250 + a[3] - 1

    def run(self):
        due = []
        while not self.stop:
            wait = max(0.0, due[0][0] - now()) if due else 0.05
            r, _, _ = select.select([self.srv], [], [], min(wait, 0.05))
            if r:
                while True:
                    try:
                        conn, _ = self.srv.accept()
                    except (BlockingIOError, OSError):
                        break
                    t = now()
                    i = self.index(conn.getsockname()[0])
                    self.accepted[i] = t
                    self.conns.append(conn)
                    self.first.set()
                    heapq.heappush(due, (t + self.delays[i], i, conn))
            while due and due[0][0] <= now():
                _, i, conn = heapq.heappop(due)
                try:
                    conn.send(b"hi")
                except OSError:
                    pass
                self.sent[i] = now()

    def close(self):
        self.stop = True
        self.thread.join()
        for c in self.conns:
            c.close()
        self.srv.close()


def batch_run(ctx, path, delays, stall, busy=False):
    """Runs the batch; stall: (from, to) after the first accept, or None."""
    peer = BatchPeer(delays)
    with open(path, "w") as f:
        for i in range(len(delays)):
            f.write("%s %d\n" % (BatchPeer.address(i), peer.port))
    hogs = []
    if busy:
        # both CPUs busy: two shell loops, killed by their PIDs below
        hogs = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(2)]
    try:
        argv = [ctx.sockerr, "-f", "json", "-t", str(ctx.batch_t), "--recv", "-r",
                "-c", str(len(delays)), "-i", path]
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stop = cont = None
        if stall and peer.first.wait(RUN_LIMIT):
            base = min(peer.accepted.values())
            sleep_until(base + stall[0])
            if p.poll() is None:
                p.send_signal(signal.SIGSTOP)
                stop = now()
                sleep_until(base + stall[1])
                cont = now()
                p.send_signal(signal.SIGCONT)
        hung = False
        try:
            out, err = p.communicate(timeout=3 * RUN_LIMIT)
        except subprocess.TimeoutExpired:
            hung = True
            p.send_signal(signal.SIGCONT)
            p.kill()
            out, err = p.communicate()
    finally:
        for h in hogs:
            h.kill()
            h.wait()
        peer.close()
    jsonlog.log(out, "stall-batch")
    results = {}
    for line in out.decode("utf-8", "replace").splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        results[BatchPeer.index(obj["target"].split()[0])] = obj
    return dict(rc=p.returncode, ended=now(), hung=hung, err=err.decode("utf-8", "replace")[:300],
                results=results, accepted=peer.accepted, sent=peer.sent, stop=stop, cont=cont)


def target_outcome(obj):
    if obj is None:
        return "missing"
    if obj.get("ok"):
        return "ok"
    if obj.get("class") == "socket.timeout":
        return "timeout@" + str(obj.get("stage"))
    return "other: %s %s %s" % (obj.get("stage"), obj.get("class"), obj.get("message"))


# After the continue a batch looks at its thousand deadlines in turn: an
# event that comes meanwhile may still beat its target's (measured: up to
# 60 ms for 1,000 targets).
CATCH_UP = 0.15


def batch_checks(ctx, n):
    """The same 1,000 targets unstalled, stalled, and with the CPUs busy.
    A target's deadline lies between accept + T - LAG (the peer may
    accept late) and accept + T; its event is the peer's send."""
    rnd = random.Random(ctx.seed * 7 + 1)
    T = ctx.batch_t
    delays = [rnd.uniform(0.05, T - 0.4) if rnd.random() < 0.5 else rnd.uniform(T + 0.25, T + 0.9)
              for _ in range(n)]
    path = os.path.join(ctx.tmp, "batch")
    lag = 0.3
    # from before the first deadline to after the last (the accepts take
    # well under 0.1 s), so each target's deadline is clearly in it
    stall = (rnd.uniform(0.3, T - lag - 0.1), rnd.uniform(T + 0.15, T + 0.6))
    runs = [("unstalled", None, False, MARGIN), ("stalled", stall, False, MARGIN)]
    if ctx.busy:
        runs.append(("with both CPUs busy", None, True, 0.1))
    base = None
    for label, st, busy, margin in runs:
        r = batch_run(ctx, path, delays, st, busy)
        name = "stalls: a batch of %d (-t %g --recv -r), %s" % (n, T, label)
        fails, close, spanned = [], 0, 0
        if r["hung"]:
            fails.append("did not end within %d s: %s" % (3 * RUN_LIMIT, r["err"]))
        for i in range(n):
            acc = r["accepted"].get(i)
            got = target_outcome(r["results"].get(i))
            if acc is None:
                fails.append("target %d never connected: %s" % (i, got))
                continue
            d_lo, d_hi = acc + T - lag, acc + T + 0.01
            want = prediction(r["sent"].get(i), d_lo, d_hi, r["stop"], r["cont"], CATCH_UP, margin)
            if r["stop"] is not None and r["stop"] < d_lo and r["cont"] > d_hi:
                spanned += 1
            if want is None:
                close += 1
                if got not in ("ok", "timeout@recv"):
                    fails.append("target %d: %s" % (i, got))
                continue
            want = "ok" if want == "ok" else "timeout@recv"
            if got != want:
                fails.append("target %d: %s where the times say %s (event %+.3f after accept, "
                             "%+.3f after the continue)" %
                             (i, got, want, (r["sent"].get(i) or 0) - acc,
                              (r["sent"].get(i) or 0) - (r["cont"] or 0)))
            if base is not None and got != base.get(i) and base.get(i) is not None and \
                    not (r["stop"] is not None and r["stop"] < d_lo and r["cont"] > d_hi and
                         r["sent"].get(i, 1e18) > d_hi):
                fails.append("target %d: %s, unstalled %s, and the stall did not span "
                             "its deadline with no event before it" % (i, got, base.get(i)))
        if label == "unstalled":
            base = {i: target_outcome(r["results"].get(i)) for i in range(n)}
        if fails:
            say("FAIL %s: %s: %d targets wrong, e.g. %s" % (SUITE, name, len(fails), "; ".join(fails[:4])))
        else:
            ok = sum(1 for o in r["results"].values() if o.get("ok"))
            say("PASS %s: %s: %d ok, %d timed out, as the times say (%d spanned by the stall, "
                "%d too close to call%s)" % (SUITE, name, ok, n - ok, spanned, close,
                                             ", ended %.3f s after the continue" % (r["ended"] - r["cont"])
                                             if r["cont"] else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--points", type=int, default=6)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--batch-t", type=float, default=1.0)
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--no-busy", action="store_true")
    ap.add_argument("--sockerr", required=True)
    ap.add_argument("--py3", default=sys.executable)
    ap.add_argument("--py2", default="")
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--only", default="")
    ctx = ap.parse_args()
    ctx.busy = not ctx.no_busy
    ctx.serial = 0
    ctx.payload = "x" * 100000
    ctx.payload_file = os.path.join(ctx.tmp, "payload")
    with open(ctx.payload_file, "w") as f:
        f.write(ctx.payload)
    ctx.lock = threading.Lock()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    ctx.dns = Dns()
    keep = listener(128)
    ctx.open_port = keep.getsockname()[1]
    spawn(lambda: [keep.accept() for _ in iter(int, 1)])
    t0 = now()
    if ctx.only:
        KINDS[:] = [k for k in KINDS if ctx.only in k.name]
    points = single_checks(ctx, ctx.points, ctx.jobs) if ctx.points else 0
    t1 = now()
    if ctx.batch:
        batch_checks(ctx, ctx.batch)
    say("PASS %s: stalls: seed %d, %d single-check stall points in %.1f s, batches in %.1f s"
        % (SUITE, ctx.seed, points, t1 - t0, now() - t1))


if __name__ == "__main__":
    main()
