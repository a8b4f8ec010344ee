#!/usr/bin/env python3
"""The differential fuzzer: random scenarios, each run by sockerr and by
CPython 3.11 and Python 2.7 (tests/pyserve.py, one persistent process per
interpreter and worker) at the same moment; every difference in the
printed line, the exit status or the time taken is reported with a
command that reproduces it.

Runs only inside its namespace (tests/difffuzz/ns.sh sets up the zone
"fuzz", the PKI and the peers of tests/difffuzz/peers.py):

  unshare -mn bash tests/difffuzz/ns.sh --seed S --count N [--jobs J]
        [--only I[,I...]] [--lines] [--report FILE] [-v]
  make soak SEED=S N=N          the same, for long runs

A scenario is drawn from (seed, index) alone, so "--seed S --only I"
replays scenario I of any run.  It is a fixture (a peer of peers.py, a
route, a name), a spelling of the target, a valid set of options and a
format (python: compared with 2.7; python3 and json: with 3.11, json's
"class" with 2.7's class or the socket taxonomy's).  sockerr's line must
be the interpreter's last traceback line (or start with "ok" when Python
succeeded, with the same peer, data, names and addresses), its status the
one INTERFACE.md gives that outcome (as changed by --expect), and its time
within 0.2 s of Python's; a scenario that differs only in time is run
again once, and counts as a divergence only if it differs again.
--max-time has no Python counterpart: where Python took longer than the
bound, sockerr must report a timeout at the bound.

--lines prints the lines tests/run counts: PASS per scenario class (only
scenarios that agreed in everything), FAIL per divergence, SKIP per
known divergence (KNOWN below: each names its bug of issue 17).  Without
it, a summary: scenarios run, divergences by kind.
"""
import argparse
import binascii
import json
import os
import queue
import random
import shlex
import subprocess
import sys
import threading
import time

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "difffuzz"))
import peers  # noqa: E402  (the fixtures' table)
sys.path.insert(0, os.path.join(TOP, "tests"))
import jsonlog  # noqa: E402  (-f json output for the run's schema check)

PYSERVE = os.path.join(TOP, "tests", "pyserve.py")
TOL = 0.2	# seconds: sockerr and Python may differ this much in time
CAP = 4.0	# the harness's bound on a scenario: past it, both "blocked"
SUITE = os.environ.get("SUITE", "80-difffuzz")

# ---------------------------------------------------------------- hosts
# (spelling, tags).  Tags: v4/v6 (reaches that fixture address), 9 (the
# 127.0.0.9 peer), odd (should fail before connecting), mapped (v4-mapped)

V4 = ["127.0.0.1", "a.fuzz", "A.FUZZ", "a.fuzz.", "localhost", "127.1",
      "0x7f.0.0.1", "2130706433", "cname.fuzz", "multi.fuzz", "dual.fuzz",
      "b\u00fccher.fuzz", "B\u00dcCHER.fuzz", "x.slow.fuzz", "::ffff:127.0.0.1"]
V6 = ["::1", "six.fuzz", "dual.fuzz", "localhost6", "0:0:0:0:0:0:0:1", "::0:1"]
NINE = ["127.0.0.9", "nine.fuzz"]
ODD = ["nx.fuzz", "txt.fuzz", "a..b", "a" * 64 + ".fuzz", "-a.fuzz", "a b",
       "a\x01b.fuzz", 'a"b', "a\\b", "silent.slow.fuzz", "servfail.slow.fuzz",
       "nodata.slow.fuzz", "nx.slow.fuzz", ".".join(["a" * 60] * 5),
       "fe80::1", "::ffff:127.0.0.2", "127.0.0.256", "1.2.3.4.5",
       "\udcff\udcfe.fuzz", "caf\u00e9\u2024fuzz", "xn--bcher-kva.fuzz", "a.fuzz..",
       "10.9.1.1", "10.9.2.1", "10.9.3.1", "", "\u2603.fuzz", "_a.fuzz"]
# peers that answer: a short -t against them is a race with a loaded
# machine's scheduler (Python peers), not a difference
RESPONSIVE = {"echo", "sendclose", "close", "latereset", "reset", "uecho", "ugreet", "late"} | set(peers.TLS)
SERVERNAMES = ["localhost", "tls.test", "wrong.example", "127.0.0.1", "a.tls.test",
               "b.a.tls.test", "LOCALHOST", "localhost.", "b\u00fccher.fuzz", "::1"]
SOURCES = ["127.0.0.1", "127.0.0.1:0", "::1", "[::1]:0", "localhost", "a.fuzz",
           "127.0.0.9", "10.1.1.1", "127.0.0.1:%d" % peers.TCP["listen"], "six.fuzz",
           "nx.fuzz", ":0"]
TIMEOUTS = ["0", "0.05", "0.1", ".25", "0.5", "1", "0.3", "0.0000000001", "2"]
MAX_TIMES = ["0.1", "0.3", "0.5", "1", "1.5"]
EXPECTS = ["ok", "refused", "timeout", "error", "socket.error", "herror", "gaierror",
           "socket.timeout", "ECONNREFUSED", "econnreset", "ETIMEDOUT", "ENOENT",
           "EAI_NONAME", "EAI_AGAIN", "HOST_NOT_FOUND", "EPIPE", "Ok", "socket.gaierror"]
# --send data: (spelling, bytes) pieces, with the C escapes the man page lists
SEND_PIECES = [("ping", b"ping"), ("\\n", b"\n"), ("\\r\\n", b"\r\n"), ("\\0", b"\0"),
               ("\\x00\\xff", b"\x00\xff"), ("\\e[31m", b"\x1b[31m"), ("\\t", b"\t"),
               ("\\\\", b"\\"), ("\\\"", b"\""), ("\\'", b"'"), ("GET / HTTP/1.0\\r\\n\\r\\n",
               b"GET / HTTP/1.0\r\n\r\n"), ("caf\u00e9", "caf\u00e9".encode()),
               ("\\a\\b\\f\\v", b"\a\b\f\v"), ("\\x7f", b"\x7f"), ("x" * 300, b"x" * 300)]
ERRNO_NAMES = {"ECONNREFUSED": 111, "ECONNRESET": 104, "ETIMEDOUT": 110, "ENOENT": 2,
               "EPIPE": 32}
EAI_NAMES = {"EAI_NONAME": -2, "EAI_AGAIN": -3}
H_NAMES = {"HOST_NOT_FOUND": 1}
TAXONOMY = {"error": ["socket.error"], "herror": ["socket.herror"],
            "gaierror": ["socket.gaierror"], "timeout": ["socket.timeout"],
            "ssl": ["ssl.SSLError", "ssl.CertificateError"]}
STATUS = {"ok": 0, "error": 1, "herror": 2, "gaierror": 3, "timeout": 4, "ssl": 5,
          "other": 1}


def fsarg(text):
    """The argument's bytes (surrogateescape text is any bytes)."""
    return os.fsencode(text)


def pyarg(text):
    return {"hex": binascii.hexlify(fsarg(text)).decode()}


# ------------------------------------------------------------- scenarios

class Scenario:
    """One drawn scenario: sockerr's argv, pyserve's operation, and what
    the comparison needs to know."""

    def __init__(self, index):
        self.index = index
        self.argv = []
        self.py = {}
        self.fmt = "python"
        self.cls = ""
        self.max_time = None
        self.expect = None
        self.all = False
        self.tags = set()

    def command(self):
        return "sockerr " + " ".join(shlex.quote(a) for a in self.argv)


def weighted(rng, table):
    total = sum(w for w, _ in table)
    x = rng.uniform(0, total)
    for w, v in table:
        x -= w
        if x <= 0:
            return v
    return table[-1][1]


def option(rng, short, long, value=None, abbrev=None):
    """One option, spelled one of the ways the parser takes."""
    name = long
    if abbrev and rng.random() < 0.1:
        name = abbrev
    if value is None:
        return [short] if short and rng.random() < 0.6 else ["--" + name]
    r = rng.random()
    if short and r < 0.3:
        return [short, value]
    if short and r < 0.45 and value and not value.startswith("-"):
        return [short + value]
    if r < 0.85 or value.startswith("-") or not value:
        return ["--%s=%s" % (name, value)]
    return ["--" + name, value]


def draw(seed, index):
    rng = random.Random("%s:%d" % (seed, index))
    s = Scenario(index)
    kind = weighted(rng, [(34, "tcp"), (12, "udp"), (20, "tls"), (18, "unix"), (16, "name")])
    sc = {}
    opts = []
    flags = []	# short flags that may be bundled
    host = port = path = None
    fixture = None
    if kind == "unix":
        table = peers.unix_table(os.environ["FUZZ_DIR"] + "/u")
        fixture = rng.choice(sorted(table))
        path = table[fixture][0]
        if rng.random() < 0.02:
            path, fixture = rng.choice(["", "@"]), "empty"
    elif kind == "tcp":
        fixture = rng.choice(sorted(peers.TCP))
        port = peers.TCP[fixture]
    elif kind == "udp":
        fixture = rng.choice(sorted(peers.UDP))
        port = peers.UDP[fixture]
    elif kind == "tls":
        if rng.random() < 0.8:
            fixture = rng.choice(sorted(peers.TLS))
            port = peers.TLS_PORT0 + sorted(peers.TLS).index(fixture)
        else:	# not a TLS server
            # (not the peer that resets at once: the handshake races its RST)
            fixture = rng.choice(["listen", "close", "sendclose", "echo", "late", "latereset"])
            port = peers.TCP[fixture]
    else:
        fixture = "name"
        port = rng.choice([80, 9, peers.TCP["listen"]])
    if kind != "unix":
        if fixture == "listen9":
            pool = NINE
        elif kind == "name" or rng.random() < 0.1:
            pool = ODD
        elif kind == "tls":
            pool = ["127.0.0.1", "localhost", "a.fuzz", "dual.fuzz", "::1", "127.1"]
        else:
            pool = V4 if rng.random() < 0.65 else V6
        host = rng.choice(pool)
    s.fixture = fixture
    s.kind = kind

    # the options
    tls = kind == "tls"
    udp = not tls and (kind == "udp" or rng.random() < 0.04 or
                       (kind == "unix" and fixture in ("udgram", "adgram", "udfull", "adfull") and rng.random() < 0.8))
    tls = tls or (kind == "unix" and not udp and rng.random() < 0.08) or \
        (kind == "tcp" and not udp and fixture != "reset" and rng.random() < 0.02)
    resolve_only = not udp and not tls and kind != "unix" and rng.random() < 0.1
    if udp:
        flags.append(("-u", "udp", "ud"))
        sc["udp"] = True
    if tls:
        opts.append(option(rng, None, "tls"))
        if rng.random() < 0.4:
            sc["servername"] = rng.choice(SERVERNAMES)
            opts.append(option(rng, None, "servername", sc["servername"], "serv"))
        r = rng.random()
        if r < 0.7:
            sc["cafile"] = os.path.join(os.environ.get("FUZZ_PKI", "/nonexistent"), "root.pem")
        elif r < 0.8:
            sc["cafile"] = os.path.join(os.environ.get("FUZZ_PKI", "/nonexistent"), "other", "root.pem")
        if "cafile" in sc:
            opts.append(option(rng, None, "cafile", sc["cafile"], "cafi"))
        if rng.random() < 0.15:
            sc["insecure"] = True
            flags.append(("-k", "insecure", "insec"))
    if resolve_only:
        flags.append(("-n", "resolve-only", "resolve-o"))
    if rng.random() < 0.15 and kind != "unix":
        sc["reverse"] = True
        flags.append(("-r", "reverse", "reve"))
    # the peer that resets at once: Python's blocking connect has returned
    # by then, but what follows it races the RST in Python itself (3.11's
    # sendall usually wins, 2.7's loses), and so do -t's poll and SO_ERROR:
    # no data and no -t against it (tests/ns/21-reset-at-once.sh makes the
    # RST certain first for those)
    instant_reset = fixture == "reset"
    if not resolve_only and not instant_reset and \
            rng.random() < (0.5 if fixture in ("echo", "ugreet") else 0.2):
        n = rng.randint(0, 3)
        spell = b = ""
        data = b""
        for _ in range(n):
            sp, by = rng.choice(SEND_PIECES)
            spell += sp
            data += by
        if n or rng.random() < 0.2:	# --send= is empty data (issue 17 bug 14)
            sc["send"] = binascii.hexlify(data).decode()
            opts.append(["--send=" + spell] if rng.random() < 0.8 or not spell
                        else ["--send", spell])
    if not resolve_only and not udp and not instant_reset and rng.random() < (
            0.6 if fixture in ("late", "sendclose", "echo", "ugreet") or tls else 0.15):
        n = rng.choice([None, None, 1, 3, 100, 65536])
        sc["recv"] = 4096 if n is None else n
        opts.append(["--recv"] if n is None else ["--recv=%d" % n])
    elif udp and rng.random() < 0.2:
        sc["recv"] = rng.choice([1, 3, 100])
        opts.append(["--recv=%d" % sc["recv"]])
    if not resolve_only and kind != "unix" and rng.random() < 0.12:
        src = rng.choice(SOURCES)
        h, _, p = src.rpartition(":") if src.count(":") == 1 or src.startswith("[") else (src, "", "0")
        sc["source"] = [pyarg(h.strip("[]")), int(p or 0)]
        opts.append(option(rng, "-s", "source", src, "sou"))
        s.tags.add("source:" + src)
    if kind != "unix" and rng.random() < 0.1:
        fam = rng.choice([4, 6])
        sc["family"] = fam
        flags.append(("-%d" % fam, None, None))
    blocks = fixture in ("full", "listen") and (sc.get("recv") or tls) or fixture == "full"
    if not (instant_reset and not udp) and rng.random() < (0.85 if blocks else 0.45):
        t = rng.choice(TIMEOUTS)
        while (t == "0" and (udp or sc.get("recv"))) or \
                (fixture in RESPONSIVE and 0 < float(t) < 0.5) or \
                (fixture == "late" and abs(float(t) - peers.LATE_DELAY) < 0.15) or \
                (fixture in ("close", "sendclose", "latereset", "ugreet") and
                 abs(float(t) - peers.CLOSE_DELAY) < 0.1):
            # a race, not a difference: whether the reply is there yet
            t = rng.choice(TIMEOUTS)
        sc["timeout"] = float(t)
        s.tags.add("timeout:" + t)
        opts.append(option(rng, "-t", "timeout", t, "timeo"))
    if not resolve_only and rng.random() < 0.1:
        s.all = True
        flags.append(("-a", "all", None))
    if not s.all and rng.random() < 0.1:
        m = rng.choice(MAX_TIMES)
        s.max_time = float(m)
        opts.append(option(rng, None, "max-time", m, "max-t"))
    if not s.all and rng.random() < 0.12:
        s.expect = rng.sample(EXPECTS, rng.choice([1, 1, 2]))
        opts.append(option(rng, None, "expect", ",".join(s.expect), "expe"))
    s.fmt = rng.choice(["python", "python3", "json"])
    if s.fmt != "python" or rng.random() < 0.3:
        opts.append(option(rng, "-f", "format", s.fmt, "form"))

    # flags, bundled or not, then everything in a random order
    bundle = [f for f in flags if rng.random() < 0.3]
    for f in flags:
        if f not in bundle:
            opts.append([f[0]] if not f[1] or rng.random() < 0.6 else ["--" + f[1]])
    if bundle:
        opts.append(["-" + "".join(f[0][1:] for f in bundle)])
    rng.shuffle(opts)

    # the target's spelling
    if kind == "unix":
        target = ["unix:" + path]
    else:
        pstr = str(port)
        if port == 9 and rng.random() < 0.3:
            pstr = "discard"
        elif port == 80 and rng.random() < 0.3:
            pstr = "http"
        elif rng.random() < 0.03:
            pstr = "nosuchsvc"
        if resolve_only and rng.random() < 0.4:
            target, pstr = [host], None
        elif ":" in host and rng.random() < 0.5:
            target = ["[%s]:%s" % (host, pstr)]
        elif ":" not in host and host and rng.random() < 0.5:
            target = ["%s:%s" % (host, pstr)]
        else:
            target = [host, pstr]
        port = pstr
    dashdash = target[0].startswith("-") or rng.random() < 0.1
    s.argv = [a for o in opts for a in o] + (["--"] if dashdash else []) + target
    s.target = target

    # the Python operation
    if kind == "unix":
        sc.update({"op": "unix", "path": pyarg(path), "dgram": udp, "tls": tls})
        sc.pop("udp", None)
        op = "unix-dgram" if udp else "unix"
    else:
        sc["host"] = pyarg(host)
        sc["port"] = None if port is None else (int(port) if port.isdigit() else port)
        if resolve_only:
            sc["op"], op = "resolve", "resolve"
        elif s.all:
            sc["op"], op = "attempts", "all"
            sc["tls"] = tls
        elif udp:
            sc["op"], op = "udp", "udp"
        elif tls:
            sc["op"], op = "tls", "tls"
        else:
            sc["op"], op = "exchange", "tcp"
    # the harness's bound: past the kernel's SYN timeout (3 s here), and
    # past each address's -t (two addresses at most, each tried in full)
    t = sc.get("timeout")
    t = 2.0 if t is None and (udp or sc.get("dgram")) else min(t or 0, 2.0)
    cap = CAP + 2 * t * (2 if s.all else 1)
    sc["limit"] = min(cap, s.max_time + 0.6) if s.max_time is not None else cap
    sc["id"] = index
    s.py = sc
    s.cls = op if kind != "name" else "names/" + op
    s.host = host
    return s


# ----------------------------------------------------------- the runners

class PyServe:
    """One persistent interpreter running tests/pyserve.py."""

    def __init__(self, exe):
        self.exe = exe
        self.start()

    def start(self):
        self.p = subprocess.Popen([self.exe, PYSERVE], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        hello = json.loads(self.p.stdout.readline() or b"{}")
        if not hello.get("ready"):
            raise RuntimeError("%s: pyserve.py did not start" % self.exe)
        self.version = hello["version"]

    def send(self, sc):
        self.p.stdin.write(json.dumps(sc).encode() + b"\n")
        self.p.stdin.flush()

    def recv(self):
        line = self.p.stdout.readline()
        if not line:
            self.start()
            return {"harness_error": "%s: pyserve.py died" % self.exe}
        return json.loads(line)

    def close(self):
        self.p.stdin.close()
        self.p.wait()


class Outcome:
    pass


class Worker:
    def __init__(self, sockerr, py2, py3):
        self.sockerr = sockerr
        self.py2 = PyServe(py2)
        self.py3 = PyServe(py3)

    def run(self, s):
        o = Outcome()
        self.py2.send(s.py)
        self.py3.send(s.py)
        t0 = time.monotonic()
        try:
            p = subprocess.Popen([self.sockerr] + [fsarg(a) for a in s.argv],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        except OSError as e:	# (the binary rebuilt under a soak, say)
            o.hung, o.elapsed, o.rc, o.out, o.err = False, 0.0, -1, "", str(e)
            o.py2, o.py3 = self.py2.recv(), self.py3.recv()	# (kept in step)
            o.py2 = {"harness_error": "sockerr did not start: %s" % e}
            return o
        try:
            out, err = p.communicate(timeout=s.py["limit"] + 0.5)
            o.hung = False
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            o.hung = True
        o.elapsed = time.monotonic() - t0
        o.rc = p.returncode
        if s.fmt == "json":
            jsonlog.log(out, "difffuzz")
        o.out = out.decode("utf-8", "surrogateescape")
        o.err = err.decode("utf-8", "surrogateescape")
        o.py2 = self.py2.recv()
        o.py3 = self.py3.recv()
        return o

    def startup(self, s):
        """What starting sockerr with these options costs now: the same
        options on a target that fails at once.  A loaded machine can
        take tenths of a second to start a process; Python's times are
        taken inside a running interpreter."""
        argv = [a for a in s.argv if a != "--"]
        argv = argv[:len(argv) - (1 if s.kind == "unix" or len(s.target) == 1 else 2)]
        t0 = time.monotonic()
        subprocess.run([self.sockerr] + [fsarg(a) for a in argv] + ["--", "unix:/nonexistent/fuzz"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)
        return time.monotonic() - t0

    def close(self):
        self.py2.close()
        self.py3.close()


# --------------------------------------------------------- the comparison

def esc_text(b):
    """The man page's text escape: printable ASCII as is, \\ doubled,
    \\n \\r \\t, any other byte \\xNN."""
    out = []
    for c in b:
        if c == 0x5C:
            out.append("\\\\")
        elif c == 0x0A:
            out.append("\\n")
        elif c == 0x0D:
            out.append("\\r")
        elif c == 0x09:
            out.append("\\t")
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def json_text(b):
    """The man page's JSON strings: valid UTF-8 as it is, any other byte
    the character of the same number."""
    t = b.decode("utf-8", "surrogateescape")
    return "".join(chr(ord(c) - 0xDC00) if 0xDC80 <= ord(c) <= 0xDCFF else c for c in t)


def message_of(res):
    """What follows "Class: " on the exception's line."""
    line = res["lines"][0] if res["lines"] else ""
    return line[len(res["class"]) + 2:] if line.startswith(res["class"] + ": ") else ""


def expect_matches(items, res):
    kind, errno = res["kind"], res.get("errno")
    for it in items:
        w = it.lower()
        if w == "ok" and kind == "ok":
            return True
        if w == "refused" and kind == "error" and errno == 111:
            return True
        if w == "timeout" and (kind == "timeout" or (kind == "error" and errno == 110)):
            return True
        if w.startswith("socket."):
            w = w[7:]
        if w in ("error", "herror", "gaierror") and kind == w:
            return True
        if w == "timeout" and it.lower() == "socket.timeout" and kind == "timeout":
            return True
        u = it.upper()
        if errno is None:
            continue
        if kind == "error" and ERRNO_NAMES.get(u) == errno:
            return True
        if kind == "gaierror" and EAI_NAMES.get(u) == errno:
            return True
        if kind == "herror" and H_NAMES.get(u) == errno:
            return True
    return False


TIMEOUT_RES = {"kind": "timeout", "class": None, "errno": None, "strerror": None,
               "lines": None, "rc": 1, "result": {}}


def timed_out_as(fmt, tls=False):
    """sockerr's own timeout (--max-time) as each format prints it: the
    man page's socket.timeout, or during a handshake the line the
    interpreter prints for a handshake past its timeout (TLS section)."""
    r = dict(TIMEOUT_RES)
    r["class"] = "socket.timeout" if fmt == "python" else "TimeoutError"
    r["lines"] = [r["class"] + ": timed out"]
    if tls and fmt == "python":
        r.update({"class": "ssl.SSLError", "errno": None,
                  "lines": ["ssl.SSLError: ('_ssl.c:711: The handshake operation timed out',)"]})
    elif tls:
        r["lines"] = ["TimeoutError: _ssl.c:989: The handshake operation timed out"]
        r["py2class"] = "ssl.SSLError"	# (json's class: 2.7's for that line)
    return r


def compare(s, o):
    """The divergences: a list of (kind, text)."""
    if "harness_error" in o.py2 or "harness_error" in o.py3:
        return [("harness", "pyserve: %s" % (o.py2.get("harness_error") or o.py3.get("harness_error")))]
    primary = o.py2 if s.fmt == "python" else o.py3
    name = "Python 2.7" if s.fmt == "python" else "CPython 3.11"
    if s.all and s.kind == "unix":
        primary = unix_attempts(s, primary)
    # --max-time: where Python took longer than the bound, a timeout at it
    choices = [(primary, primary["elapsed"])]
    if s.max_time is not None:
        # sockerr makes its TLS context before the check's clock starts
        t = primary["elapsed"] - primary.get("setup", 0.0)
        over = primary["kind"] == "limit" or t > s.max_time + TOL
        under = primary["kind"] != "limit" and t < s.max_time - TOL
        cut = [(timed_out_as(s.fmt), s.max_time)]
        if s.py.get("op") == "tls" or s.py.get("tls"):
            cut.append((timed_out_as(s.fmt, True), s.max_time))
        if over:
            choices = cut
        elif not under:
            choices += cut
    if o.rc == 64:
        return [("usage", "sockerr refused the options: %s" % o.err.split("\n")[0])]
    if o.hung and (primary["kind"] != "limit" or s.max_time is not None):
        return [("hang", "sockerr still running after %.1f s; %s: %s in %.3f s" % (
            o.elapsed, name, " / ".join(primary["lines"]) or "ok", primary["elapsed"]))]
    if o.hung:
        return []	# both blocked past the harness's bound
    if primary["kind"] == "limit" and s.max_time is None:
        return [("hang", "%s still blocked after %.1f s; sockerr exit %d in %.3f s: %s" % (
            name, primary["elapsed"], o.rc, o.elapsed, o.out.strip()[:200]))]
    best = None
    for want, want_t in choices:
        d = compare_one(s, o, want, want_t, o.py2 if want is primary else None, name)
        if not d:
            return []
        if best is None:
            best = d
    return best


def compare_one(s, o, want, want_t, py2, name):
    divs = []
    lines = o.out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if s.fmt == "json":
        divs += compare_json(s, lines, want, py2, name)
    else:
        divs += compare_text(s, lines, want, name)
    status = want_status(s, want)
    if o.rc != status:
        divs.append(("status", "exit %d, expected %d for %s" % (
            o.rc, status, " / ".join(want["lines"]) or "ok")))
    # the time: for a deadline, within TOL (less what starting sockerr
    # costs on this machine now); otherwise only a gross difference, a
    # second, counts: both sides wait for the same peers, and on a loaded
    # machine either can be late by tenths of a second
    late = o.elapsed - want_t - getattr(o, "startup", 0.0)
    tol = TOL if deadline(want) else 1.0
    if late > tol or (deadline(want) and want_t - o.elapsed > TOL):
        extra = " (less %.3f s to start)" % o.startup if hasattr(o, "startup") else ""
        divs.append(("time", "sockerr took %.3f s%s, %s %.3f s" % (o.elapsed, extra, name, want_t)))
    return divs


def unix_attempts(s, res):
    """-a on a unix: target: one attempt, its line prefixed as an address's."""
    if res["kind"] == "limit":
        return res
    path = fsarg("unix:") + binascii.unhexlify(s.py["path"]["hex"])
    att = dict(res, address=esc_text(path) if s.fmt != "json" else json_text(path))
    return {"kind": "ok", "lines": [], "class": None, "errno": None, "strerror": None,
            "elapsed": res["elapsed"], "result": {"attempts": [att]}}


def deadline(want):
    """Whether the outcome is a deadline's: a timeout (-t, -u's 2 s, a
    handshake's), a kernel ETIMEDOUT, --max-time's cut."""
    return want["kind"] == "timeout" or want.get("errno") == 110


def want_status(s, res):
    if s.all and res["kind"] == "ok":
        atts = res["result"].get("attempts", [])
        if any(a["kind"] == "ok" for a in atts) or not atts:
            return 0
        return STATUS[atts[-1]["kind"]]
    if s.expect is not None:
        if expect_matches(s.expect, res):
            return 0
        if res["kind"] == "ok":
            return 7
    return STATUS.get(res["kind"], 1)


def ok_details(s, res, line):
    """What an "ok" line must say: peer, data, names, addresses."""
    r = res["result"]
    problems = []
    if "received" in r:
        data = binascii.unhexlify(r["received"])
        want = ': "%s"' % esc_text(data) if data else "received 0 bytes"
        if want not in line:
            problems.append("received %s not shown" % want)
    if "hostname" in r and ", name %s" % esc_text(fsarg(r["hostname"])) not in line:
        problems.append("name %s not shown" % r["hostname"])
    if "peer" in r and not line.startswith("ok %s port %d" % tuple(r["peer"])):
        problems.append("peer %s port %d not shown" % tuple(r["peer"]))
    if "addresses" in r:
        names = r.get("hostnames")
        parts = []
        for i, (fam, addr) in enumerate(r["addresses"]):
            parts.append("%s (%s%s)" % (addr, fam, ", " + esc_text(fsarg(names[i])) if names else ""))
        if not line.endswith(": " + ", ".join(parts)):
            problems.append("addresses: want %s" % ", ".join(parts))
    return problems


def compare_text(s, lines, want, name):
    if s.all and want["kind"] == "ok":
        return compare_attempts_text(s, lines, want, name)
    if want["kind"] == "ok":
        if len(lines) != 1 or not lines[0].startswith("ok"):
            return [("line", "sockerr <%s>, %s succeeded" % ("\\n".join(lines), name))]
        bad = ok_details(s, want, lines[0])
        return [("line", "sockerr <%s>: %s" % (lines[0], "; ".join(bad)))] if bad else []
    if lines != want["lines"]:
        return [("line", "sockerr <%s>, %s <%s>" % ("\\n".join(lines), name, "\\n".join(want["lines"])))]
    return []


def compare_attempts_text(s, lines, want, name):
    atts = want["result"]["attempts"]
    expect = []
    for a in atts:
        if a["kind"] == "ok":
            expect.append(("%s: ok" % a["address"], a))
        else:
            expect.append(("%s: %s" % (a["address"], a["lines"][0]), None))
    if len(lines) != len(expect):
        return [("line", "sockerr <%s>, %s <%s>" % ("\\n".join(lines), name,
                                                   "\\n".join(e[0] for e in expect)))]
    for got, (w, a) in zip(lines, expect):
        if a is None and got != w:
            return [("line", "sockerr <%s>, %s <%s>" % (got, name, w))]
        if a is not None:
            if not got.startswith(w):
                return [("line", "sockerr <%s>, %s <%s ...>" % (got, name, w))]
            bad = ok_details(s, a, got[len(a["address"]) + 2:])
            if bad:
                return [("line", "sockerr <%s>: %s" % (got, "; ".join(bad)))]
    return []


def compare_json(s, lines, want, py2, name):
    try:
        objs = [json.loads(line) for line in lines]
    except ValueError:
        return [("line", "sockerr printed no JSON: <%s>" % "\\n".join(lines))]
    if len(objs) != 1:
        return [("line", "sockerr printed %d JSON objects" % len(objs))]
    j = objs[0]
    if s.all and want["kind"] == "ok":
        divs = []
        atts = want["result"]["attempts"]
        got = j.get("attempts") or []
        if len(got) != len(atts):
            return [("line", "json: %d attempts, %s %d" % (len(got), name, len(atts)))]
        for g, a in zip(got, atts):
            divs += json_fields(s, g, a, None, name, "attempt %s: " % a["address"])
        return divs
    return json_fields(s, j, want, py2, name, "")


def json_fields(s, j, want, py2, name, where):
    divs = []
    if want["kind"] == "ok":
        if j.get("ok") is not True:
            return [("line", "%sjson ok=%s (%s %s), %s succeeded" % (
                where, j.get("ok"), j.get("py3_class"), j.get("message"), name))]
        r = want["result"]
        if "received" in r and j.get("received") != json_text(binascii.unhexlify(r["received"])):
            divs.append(("line", "%sjson received %r, %s %r" % (
                where, j.get("received"), name, binascii.unhexlify(r["received"]))))
        if "hostname" in r and j.get("hostname") != r["hostname"]:
            divs.append(("line", "%sjson hostname %r, %s %r" % (where, j.get("hostname"), name, r["hostname"])))
        if "peer" in r and [j.get("address"), j.get("port")] != r["peer"]:
            divs.append(("line", "%sjson address %s port %s, %s %s" % (
                where, j.get("address"), j.get("port"), name, r["peer"])))
        if "addresses" in r:
            got = [[a.get("family"), a.get("address")] for a in j.get("addresses") or []]
            if got != r["addresses"]:
                divs.append(("line", "%sjson addresses %s, %s %s" % (where, got, name, r["addresses"])))
            if "hostnames" in r:
                names = [a.get("hostname") for a in j.get("addresses") or []]
                if names != r["hostnames"]:
                    divs.append(("line", "%sjson hostnames %s, %s %s" % (where, names, name, r["hostnames"])))
        return divs
    if j.get("ok") is not False:
        return [("line", "%sjson ok=%s, %s <%s>" % (where, j.get("ok"), name, " / ".join(want["lines"])))]
    msg = want["strerror"] if want["strerror"] is not None else message_of(want)
    got = (j.get("py3_class"), j.get("code"), j.get("message"))
    exp = (want["class"], want["errno"], msg)
    if got != exp:
        divs.append(("line", "%sjson py3_class/code/message %s, %s %s (<%s>)" % (
            where, got, name, exp, " / ".join(want["lines"]))))
    classes = list(TAXONOMY.get(want["kind"], [])) + ([want["py2class"]] if "py2class" in want else [])
    if want["kind"] == "other":	# UnicodeError, TypeError, ValueError: the
        classes.append(want["class"])	# same builtin in 2.7 (not a socket.error)
    if want["kind"] == "timeout" and want.get("stage") == "tls":
        classes.append("ssl.SSLError")	# 2.7's class for a handshake timeout
    if py2 is not None and py2["kind"] not in ("ok", "limit"):
        classes.append(py2["class"])
    if j.get("class") not in classes:
        divs.append(("line", "%sjson class %s, not one of %s (3.11 <%s>, 2.7 <%s>)" % (
            where, j.get("class"), classes, " / ".join(want["lines"]),
            " / ".join(py2["lines"]) if py2 else "-")))
    return divs


# ------------------------------------------------------- known divergences
# Each entry: (bug, what, predicate(scenario, outcome, kind, text)).
# Only divergences on this list are left out of FAIL; an entry goes when
# its fix lands (with its regression test in a suite).  Empty since issue
# 17's N1-N6 (tests/ns/16-unix-dgram-full.sh, 21-reset-at-once.sh,
# 26-empty-host.sh, 28-other-exceptions.sh).

KNOWN = [
]


def known_bug(s, o, kind, text):
    for bug, what, pred in KNOWN:
        if pred(s, o, kind, text):
            return bug
    return None


# --------------------------------------------------------------- the run

def repro(args, s):
    return "unshare -mn tests/difffuzz/ns.sh --seed %s --only %d -v" % (args.seed, s.index)


def describe_py(res, label):
    if res.get("harness_error"):
        return "%s: harness error %s" % (label, res["harness_error"])
    return "%s: %s (exit %s, %.3f s)" % (label, " / ".join(res["lines"]) or res["kind"],
                                          res.get("rc"), res["elapsed"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--only", default=None)
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--lines", action="store_true")
    ap.add_argument("--report", default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not os.environ.get("FUZZ_PEERS"):
        sys.exit("difffuzz.py: run me through tests/difffuzz/ns.sh (my namespace, my zone)")
    sockerr = os.environ.get("SOCKERR") or os.path.join(TOP, "sockerr")
    py3 = os.environ.get("FUZZ_PY3") or "/root/.pyenv/versions/3.11.7/bin/python"
    py2 = os.environ.get("FUZZ_PY2") or "/root/.pyenv/versions/2.7.18/bin/python"
    if args.only:
        indexes = [int(x) for x in args.only.split(",")]
    else:
        indexes = list(range(args.first, args.first + args.count))
    todo = queue.Queue()
    for i in indexes:
        todo.put(i)
    results = {}
    lock = threading.Lock()
    t_start = time.monotonic()

    def work():
        w = Worker(sockerr, py2, py3)
        try:
            while True:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                s = draw(args.seed, i)
                o = w.run(s)
                divs = compare(s, o)
                if any(k == "time" for k, _ in divs):
                    o.startup = w.startup(s)
                    divs = compare(s, o)
                reran = False
                if divs:	# a difference counts if it comes back
                    o2 = w.run(s)
                    divs2 = compare(s, o2)
                    if any(k == "time" for k, _ in divs2):
                        o2.startup = w.startup(s)
                        divs2 = compare(s, o2)
                    reran = True
                    if not divs2:
                        o.flaky = divs
                        divs = []
                with lock:
                    results[i] = (s, o, divs, reran)
                    if args.verbose:
                        show(args, s, o, divs)
                    if args.report and (divs or reran):
                        record(args.report, args.seed, s, o, divs)
                    if not args.lines and len(results) % 250 == 0:
                        sys.stderr.write("difffuzz: %d of %d scenarios, %.0f s\n" % (
                            len(results), len(indexes), time.monotonic() - t_start))
        finally:
            w.close()

    threads = [threading.Thread(target=work) for _ in range(max(1, min(args.jobs, len(indexes))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t_start
    return report(args, results, wall)


def record(path, seed, s, o, divs):
    """One divergent (or flaky) scenario, in full, as a JSON line."""
    with open(path, "a") as f:
        f.write(json.dumps({"seed": seed, "index": s.index, "cls": s.cls, "fixture": s.fixture,
                            "fmt": s.fmt, "argv": s.argv, "py": s.py, "rc": o.rc,
                            "elapsed": o.elapsed, "out": o.out, "err": o.err,
                            "py2": o.py2, "py3": o.py3, "divs": divs,
                            "gone_on_rerun": getattr(o, "flaky", None),
                            "known": [known_bug(s, o, k, t) for k, t in divs]},
                           ensure_ascii=True) + "\n")


def show(args, s, o, divs):
    print("#%d [%s %s] %s" % (s.index, s.cls, s.fixture, s.command()))
    print("   sockerr: exit %d in %.3f s: %s" % (o.rc, o.elapsed, o.out.strip()[:300]))
    print("   " + describe_py(o.py2, "2.7"))
    print("   " + describe_py(o.py3, "3.11"))
    for k, t in divs:
        print("   DIVERGENCE %s: %s" % (k, t))
    sys.stdout.flush()


def report(args, results, wall):
    by_class = {}
    counts = {}
    known = {}
    new = []
    flakes = []
    blocked = 0	# agreed by both blocking past the harness's bound
    for i in sorted(results):
        s, o, divs, reran = results[i]
        if reran and not divs:
            flakes.append((s, o.flaky))
        c = by_class.setdefault(s.cls, {"n": 0, "agree": 0, "fmt": {}})
        c["n"] += 1
        if not divs:
            blocked += o.hung
            c["agree"] += 1
            c["fmt"][s.fmt] = c["fmt"].get(s.fmt, 0) + 1
            continue
        for k, t in divs:
            counts[k] = counts.get(k, 0) + 1
            bug = known_bug(s, o, k, t)
            if bug is not None:
                known.setdefault(bug, []).append((s, o, k, t))
            else:
                new.append((s, o, k, t))
    if args.lines:
        for cls in sorted(by_class):
            c = by_class[cls]
            fmts = ", ".join("%s %d" % kv for kv in sorted(c["fmt"].items()))
            if c["agree"]:
                print("PASS %s: %s: %d of %d scenarios agree with both interpreters (%s)" % (
                    SUITE, cls, c["agree"], c["n"], fmts))
            elif c["n"]:
                print("SKIP %s: %s: none of %d scenarios agreed (see the FAIL and SKIP lines)" % (
                    SUITE, cls, c["n"]))
        for s, o, k, t in new:
            print("FAIL %s: #%d %s %s: %s | %s | repro: %s" % (
                SUITE, s.index, s.fmt, k, t, s.command(), repro(args, s)))
        for bug in sorted(known, key=str):
            items = known[bug]
            what = [w for b, w, _ in KNOWN if b == bug][0]
            idx = sorted(set(x[0].index for x in items))
            print("SKIP %s: known divergence (issue 17 %s: %s): %d scenarios (#%s)" % (
                SUITE, "bug %s" % bug if isinstance(bug, int) else bug, what, len(idx),
                ",".join(str(i) for i in idx[:12]) + (",..." if len(idx) > 12 else "")))
    print("difffuzz: seed %s: %d scenarios in %.1f s (%d jobs); %d agreed (%d by both blocking "
          "past the bound); divergences: %s; "
          "known (issue 17 bug: count): %s; new: %d; differences gone on rerun: %d" % (
              args.seed, len(results), wall, args.jobs,
              sum(c["agree"] for c in by_class.values()), blocked,
              ", ".join("%s %d" % kv for kv in sorted(counts.items())) or "none",
              ", ".join("%s: %d" % (b, len(v)) for b, v in sorted(known.items(), key=lambda kv: str(kv[0]))) or "none",
              len(new), len(flakes)))
    if args.verbose or not args.lines:
        for s, divs in flakes:
            print("GONE ON RERUN #%d %s: %s | %s" % (s.index, s.fmt, "; ".join(
                "%s: %s" % kv for kv in divs)[:400], s.command()))
    if not args.lines and not args.verbose:
        for s, o, k, t in new:
            print("NEW #%d %s %s: %s\n    %s\n    repro: %s" % (s.index, s.fmt, k, t, s.command(), repro(args, s)))
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
