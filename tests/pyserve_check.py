#!/usr/bin/env python3
"""Checks tests/pyserve.py against the interpreters themselves: for each
interpreter, the lines pyserve.py rebuilds for a sample of scenarios must
be the last lines of the real traceback that interpreter prints when the
same scenario's exception is left uncaught (pyserve.py --uncaught, one
process per scenario), the exit status must be the real one, and on
success the result the same.  Prints PASS/FAIL lines for tests/run.

  pyserve_check.py [PYTHON...]   (default: every /root/.pyenv/versions/*)

Runs inside the ns namespace (tests/ns/enter.sh: web.test, dual.test, a
reverse zone); its own peers on loopback.
"""
import concurrent.futures
import glob
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYSERVE = os.path.join(TOP, "tests", "pyserve.py")
SUITE = os.environ.get("SUITE", "78-pyserve")


def listener(how, ctx=None):
    """A loopback peer: full (listen(0), queue filled), silent, greet or tls."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    if how == "full":
        srv.listen(0)
        c = socket.create_connection(srv.getsockname())
        return srv.getsockname()[1], [srv, c]
    srv.listen(64)
    keep = []

    def serve():
        while True:
            conn, _ = srv.accept()
            if how == "greet":
                conn.sendall(b"hi\xff\n")
                conn.close()
            elif how == "tls":
                try:
                    ctx.wrap_socket(conn, server_side=True).close()
                except (OSError, ssl.SSLError):
                    conn.close()
            else:
                keep.append(conn)
    threading.Thread(target=serve, daemon=True).start()
    return srv.getsockname()[1], [srv]


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def scenarios(tmp):
    cert, key = os.path.join(tmp, "c.pem"), os.path.join(tmp, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "30", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    keep = []
    full, k = listener("full")
    keep += k
    silent, k = listener("silent")
    keep += k
    greet, k = listener("greet")
    keep += k
    tls, k = listener("tls", ctx)
    keep += k
    closed = closed_port()
    long_path = os.path.join(tmp, "s" * (109 - len(tmp) - 1))
    return keep, [
        {"op": "connect", "host": "127.0.0.1", "port": closed},
        {"op": "connect", "host": "127.0.0.1", "port": full, "timeout": 0.2},
        {"op": "unix", "path": long_path},
        {"op": "connect", "host": "127.0.0.1", "port": "nosuchsvc"},
        {"op": "connect", "host": "a..b", "port": 80},
        {"op": "connect", "host": "a" * 64 + ".test", "port": 80},
        {"op": "connect", "host": "dual.test", "port": closed, "all_errors": True},
        {"op": "reverse", "host": "127.0.0.10"},
        {"op": "tls", "host": "localhost", "port": tls},
        {"op": "tls", "host": "127.0.0.1", "port": tls, "cafile": cert,
         "servername": "b\u00fccher.test"},
        {"op": "tls", "host": "127.0.0.1", "port": silent, "timeout": 0.2},
        {"op": "exchange", "host": "127.0.0.1", "port": greet, "recv": 10},
    ]


def tail_of(lines):
    """A traceback's last lines: those after its last indented one."""
    last = -1
    for i, line in enumerate(lines):
        if line.startswith(" "):
            last = i
    return lines[last + 1:]


def real_lines(stderr):
    """What the interpreter printed last, as pyserve.py's "lines" (and, for
    an exception group, "sub": the last lines of each sub-exception)."""
    lines = stderr.decode("utf-8", "surrogateescape").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    if not any(line.startswith("  + Exception Group Traceback") for line in lines):
        return tail_of(lines), None
    head, subs, cur = [], [], None
    for line in lines:
        if re.match(r"^  \+-\+-+ 1 -+$", line) or re.match(r"^    \+-+ \d+ -+$", line):
            cur = []
            subs.append(cur)
        elif re.match(r"^    \+-+$", line):
            cur = None
        elif cur is not None:
            cur.append(line[6:] if line.startswith("    | ") else line)
        elif line.startswith("  | "):
            head.append(line[4:])
    return tail_of(head), [tail_of(s) for s in subs]


def check(python, scs):
    """FAIL lines, and how many scenarios agreed."""
    p = subprocess.Popen([python, PYSERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    hello = json.loads(p.stdout.readline())
    served = []
    for sc in scs:
        p.stdin.write(json.dumps(sc).encode() + b"\n")
        p.stdin.flush()
        served.append(json.loads(p.stdout.readline()))
    p.stdin.close()
    p.wait()

    def uncaught(sc):
        return subprocess.run([python, PYSERVE, "--uncaught", json.dumps(sc)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        reals = list(ex.map(uncaught, scs))
    fails = []
    for sc, res, real in zip(scs, served, reals):
        what = "%s %s" % (sc["op"], sc.get("host") or sc.get("path"))
        rc = 0 if res["kind"] == "ok" else 1
        lines, subs = real_lines(real.stderr)
        if real.returncode != rc:
            fails.append("%s: exit %d, pyserve.py says %s" % (what, real.returncode, rc))
        elif rc == 0:
            got = json.loads(real.stdout)
            if got != res["result"]:
                fails.append("%s: result %s, pyserve.py %s" % (what, got, res["result"]))
        elif lines != res["lines"]:
            fails.append("%s: traceback ends <%s>, pyserve.py <%s>" % (
                what, " / ".join(lines), " / ".join(res["lines"])))
        elif subs is not None and subs != [s["lines"] for s in res.get("sub", [])]:
            fails.append("%s: sub-exceptions %s, pyserve.py %s" % (
                what, subs, [s["lines"] for s in res.get("sub", [])]))
    return hello["version"], fails


def main():
    pythons = sys.argv[1:] or sorted(glob.glob("/root/.pyenv/versions/*/bin/python"))
    if not pythons:
        print("SKIP %s: all: no interpreter under /root/.pyenv/versions" % SUITE)
        return
    with tempfile.TemporaryDirectory(prefix="pyserve-check.") as tmp:
        keep, scs = scenarios(tmp)
        with concurrent.futures.ThreadPoolExecutor(3) as ex:
            results = list(ex.map(lambda py: check(py, scs), pythons))
    for version, fails in results:
        for f in fails:
            print("FAIL %s: %s: %s" % (SUITE, version, f))
        if not fails:
            print("PASS %s: %s: %d scenarios: the lines, status and result pyserve.py rebuilds "
                  "are the real uncaught traceback's" % (SUITE, version, len(scs)))
    del keep


if __name__ == "__main__":
    main()
