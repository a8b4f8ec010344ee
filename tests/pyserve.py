"""A persistent Python reference: one scenario per line of standard input
(JSON), run with this interpreter's socket module, one result per line of
standard output (JSON).  Runs under Python 2.7 and 3.6-3.13 alike, so a
test starts each interpreter once and sends it every scenario of a suite.

  pyserve.py                  serve: first writes {"ready": ...}, then one
                              result line per scenario line, until EOF
  pyserve.py --uncaught JSON  run one scenario with its exception left
                              uncaught: the interpreter prints the real
                              traceback (what --serve's "lines" rebuild)

A scenario (every key but "op" optional):

  {"id": ANY,                 echoed in the result
   "op": OP,                  below
   "host": STR, "port": INT or STR (a service name) or null,
   "path": STR,               unix: a path, or "@NAME" (abstract)
   "timeout": SECONDS,        settimeout(); absent or null: blocking
                              (udp, and unix with "dgram": 2.0)
   "source": [STR, PORT],     source_address / bind()
   "family": 0, 4 or 6,       getaddrinfo()'s family (-4, -6)
   "dgram": true,             unix: SOCK_DGRAM
   "send": HEX,               sendall() after connecting (udp, unix dgram:
                              one send(), of b"\\0" when absent)
   "recv": N,                 recv(N) after sending (udp, unix dgram: 4096)
   "reverse": true,           then gethostbyaddr(the peer's address); with
                              "resolve", of every address
   "cafile": STR, "servername": STR, "insecure": true    (tls)
   "all_errors": true,        create_connection(..., all_errors=True)
                              (3.11+; earlier ones raise TypeError; with
                              a family, which create_connection() lacks,
                              not used)
   "flags": "NAMEREQD,DGRAM", (nameinfo)
   "limit": SECONDS}          the harness's own bound: past it the run is
                              abandoned (SIGALRM) and reported as "limit"

  STR is a JSON string (its UTF-8 bytes are the argument's bytes) or
  {"hex": "..."} for any bytes.  Python 3 gets them as sys.argv would
  (os.fsdecode), Python 2.7 as the bytes themselves.

OP (each the same operation as tests/pyref.py's of that name):
  connect    create_connection((host, port), timeout, source); with a
             family, its loop over getaddrinfo(host, port, family)
  exchange   connect, then send, recv, reverse as given
  udp        getaddrinfo(SOCK_DGRAM), socket/settimeout/bind/connect per
             address, then send() and recv(), reverse as given
  unix       socket(AF_UNIX), settimeout, connect(path), then tls (with
             "tls": true), send, recv
  tls        connect, create_default_context(cafile).wrap_socket(sock,
             server_hostname=servername or host), send, recv, reverse (the
             context is made first, as sockerr makes its own at start)
  attempts   every address of getaddrinfo(host, port, family, type) tried
             to the end as connect/exchange/udp/tls would (by "udp", "tls"):
             "attempts" in the result, one object per address, each with
             the keys of a result (address and port added)
  resolve    getaddrinfo(host, port, family, SOCK_STREAM), reverse of each
  reverse    gethostbyaddr(host)
  socket     socket(family, type, proto), numbers in "args"
  nameinfo   getnameinfo() of the connected address (or, with "numeric",
             of getaddrinfo's first), flags as given

A result:

  {"id": ..., "rc": 0 or 1 (the interpreter's exit status: 1 for an
     uncaught exception) or null ("limit"),
   "lines": the last line(s) of the traceback as this interpreter prints
     them: "module.qualname: str(e)" (builtins and 2.7's exceptions
     unqualified, 2.7 by the class's __name__), then each PEP 678 note;
     [] on success.  Bytes that are not UTF-8 are U+DC80..U+DCFF
     (surrogateescape); Python 3 encodes as its sys.stderr does,
   "class": the printed class name, or null,
   "kind": ok, error, herror, gaierror, timeout, ssl, other or limit (the
     socket taxonomy; a 2.7 handshake timeout, an SSLError saying "timed
     out", is timeout),
   "errno", "strerror": the exception's, or null,
   "stage": resolve, socket, bind, connect, tls, send, recv or reverse
     (create_connection()'s inside is "resolve" for a gaierror or a
     UnicodeError, else "connect"),
   "elapsed": seconds the operation took,
   "setup": of which making the TLS context (create_default_context(),
     loading the CA file) took,
   "sub": for an exception group, a result (lines, class, kind, ...) per
     sub-exception,
   "result": on success: "peer" [address, port], "sent", "received" (hex),
     "hostname", "addresses" [[family, address], ...], "hostnames", "name"}
"""
import binascii
import json
import os
import signal
import socket
import sys
import time

PY2 = sys.version_info[0] == 2
clock = getattr(time, "monotonic", time.time)
try:
    import ssl
except ImportError:  # pragma: no cover - every interpreter here has it
    ssl = None


class Limit(BaseException):
    """The harness's bound ran out (never an interpreter's exception)."""


# ---- arguments: bytes as given, then as this interpreter receives argv

def raw_bytes(value):
    if isinstance(value, dict):
        return binascii.unhexlify(value["hex"].encode("ascii"))
    return value.encode("utf-8")


def text_arg(value):
    """An argument as sys.argv would hold it."""
    if value is None:
        return None
    b = raw_bytes(value)
    return b if PY2 else os.fsdecode(b)


def port_of(value):
    if value is None:
        return None
    if isinstance(value, int):
        return value
    t = text_arg(value)
    return int(t) if t.isdigit() else t


def family_of(sc):
    return {0: 0, 4: socket.AF_INET, 6: socket.AF_INET6}[sc.get("family") or 0]


def source_of(sc):
    s = sc.get("source")
    return None if s is None else (text_arg(s[0]), int(s[1]))


def payload(sc, default):
    h = sc.get("send")
    return binascii.unhexlify(h.encode("ascii")) if h is not None else default


# ---- output: bytes as printed, carried in JSON as surrogateescape text

def _escape_errors(exc):
    bad = exc.object[exc.start:exc.end]
    return u"".join(unichr(0xDC00 + ord(c)) for c in bad), exc.end  # noqa: F821


if PY2:
    import codecs
    codecs.register_error("pyserve-escape", _escape_errors)


def as_text(b):
    return b.decode("utf-8", "pyserve-escape" if PY2 else "surrogateescape")


def printed(text):
    """What writing text to sys.stderr puts there, as surrogateescape text."""
    if PY2:
        return as_text(text) if isinstance(text, bytes) else text
    enc = getattr(sys.stderr, "encoding", None) or "utf-8"
    errors = getattr(sys.stderr, "errors", None) or "backslashreplace"
    return as_text(text.encode(enc, errors))


def class_name(t):
    """The class as the interpreter's own traceback names it."""
    if PY2:
        mod = getattr(t, "__module__", None)
        name = t.__name__
        return name if mod == "exceptions" else "%s.%s" % (mod, name)
    mod = getattr(t, "__module__", None)
    name = t.__qualname__
    if not isinstance(mod, str):
        return "<unknown>." + name
    return name if mod in ("builtins", "__main__") else mod + "." + name


def exception_text(e):
    try:
        s = str(e)
    except Exception:
        return ": <exception str() failed>"
    return ": " + s if s else ""


def note_lines(e):
    notes = getattr(e, "__notes__", None)
    if not isinstance(notes, (list, tuple)):
        return []
    out = []
    for n in notes:
        if not isinstance(n, str):
            try:
                n = str(n)
            except Exception:
                n = "<note str() failed>"
        out.extend(n.split("\n"))
    return out


def kind_of(e):
    if isinstance(e, Limit):
        return "limit"
    if isinstance(e, socket.timeout) and getattr(e, "errno", None) is None:
        return "timeout"	# (3.10+: a kernel ETIMEDOUT is a TimeoutError too)
    if isinstance(e, socket.herror):
        return "herror"
    if isinstance(e, socket.gaierror):
        return "gaierror"
    if ssl is not None and isinstance(e, ssl.SSLError):
        # 2.7 raises a handshake past its timeout as ssl.SSLError
        return "timeout" if "timed out" in exception_text(e) else "ssl"
    if ssl is not None and isinstance(e, ssl.CertificateError):
        return "ssl"
    if isinstance(e, socket.error):
        return "error"
    return "other"


def describe(e):
    """The result keys of one exception."""
    out = {"class": class_name(type(e)), "kind": kind_of(e),
           "errno": None, "strerror": None}
    if isinstance(e, EnvironmentError):
        out["errno"] = e.errno if isinstance(e.errno, int) else None
        if e.strerror is not None:
            out["strerror"] = printed(e.strerror if isinstance(e.strerror, str) else str(e.strerror))
    text = out["class"] + exception_text(e)
    lines = text.split("\n") + note_lines(e)
    out["lines"] = [printed(line) for line in lines]
    subs = getattr(e, "exceptions", None)
    if isinstance(subs, tuple) and subs and all(isinstance(s, BaseException) for s in subs):
        out["sub"] = [describe(s) for s in subs]
    return out


# ---- the operations

class Run(object):
    """One scenario's state: the step it is in, what it found, and every
    socket it opened (closed at the end, whatever happened)."""

    def __init__(self, sc):
        self.sc = sc
        self.stage = "resolve"
        self.result = {}
        self.socks = []
        self.setup = 0.0	# seconds spent making the TLS context
        self.ctx = None

    def keep(self, sock):
        self.socks.append(sock)
        return sock

    def close(self):
        for s in self.socks:
            try:
                s.close()
            except Exception:
                pass
        self.socks = []


def settimeout(sock, sc, default=None):
    t = sc.get("timeout")
    if t is not None:
        sock.settimeout(float(t))
    elif default is not None:
        sock.settimeout(default)


def connect(run, host, port):
    sc = run.sc
    family = family_of(sc)
    run.stage = "connect"
    if family == 0:
        kw = {}
        if sc.get("timeout") is not None:
            kw["timeout"] = float(sc["timeout"])
        if sc.get("source") is not None:
            kw["source_address"] = source_of(sc)
        if sc.get("all_errors"):
            kw["all_errors"] = True
        try:
            return run.keep(socket.create_connection((host, port), **kw))
        except socket.gaierror:
            run.stage = "resolve"
            raise
        except UnicodeError:
            run.stage = "resolve"
            raise
    # create_connection() has no family: this is its loop with one
    run.stage = "resolve"
    err = None
    for af, st, proto, _, sa in socket.getaddrinfo(host, port, family, socket.SOCK_STREAM):
        sock = None
        try:
            run.stage = "socket"
            sock = socket.socket(af, st, proto)
            settimeout(sock, sc)
            if sc.get("source") is not None:
                run.stage = "bind"
                sock.bind(source_of(sc))
            run.stage = "connect"
            sock.connect(sa)
            return run.keep(sock)
        except socket.error as e:
            err = e
            if sock is not None:
                sock.close()
    raise err


def reverse(run, address):
    run.stage = "reverse"
    name = socket.gethostbyaddr(address)[0]
    run.result["hostname"] = as_text(name) if PY2 else name


def exchange_on(run, sock, sendall=True):
    sc = run.sc
    if sc.get("send") is not None:
        run.stage = "send"
        data = payload(sc, b"")
        sock.sendall(data) if sendall else sock.send(data)
        run.result["sent"] = len(data)
    if sc.get("recv") is not None:
        run.stage = "recv"
        data = sock.recv(int(sc["recv"]))
        run.result["received"] = binascii.hexlify(data).decode("ascii")


def peer_of(run, sock, host=None, port=None):
    """The address connected to.  getpeername() fails once the peer has
    reset (which the interpreter's own code never asks): then the first
    address of the socket's family, as create_connection() found it."""
    try:
        peer = sock.getpeername()
    except socket.error:
        peer = None
        if host is not None:
            for i in socket.getaddrinfo(host, port, sock.family, socket.SOCK_STREAM):
                peer = i[4]
                break
    if isinstance(peer, tuple):
        run.result["peer"] = [peer[0], peer[1]]
    return peer


def tls_context(run):
    """create_default_context(cafile) with -k's two settings.  Made before
    connecting (kept on the run), as sockerr makes its context once at
    start: on a loaded machine making it takes tenths of a second, and a
    peer that closes soon after accepting must not see that as a slow
    client."""
    sc = run.sc
    if getattr(run, "ctx", None) is None:
        t0 = clock()
        run.ctx = ssl.create_default_context(cafile=text_arg(sc.get("cafile")))
        if sc.get("insecure"):
            run.ctx.check_hostname = False
            run.ctx.verify_mode = ssl.CERT_NONE
        run.setup += clock() - t0
    return run.ctx


def wrap_tls(run, sock, default_name):
    sc = run.sc
    ctx = tls_context(run)
    run.stage = "tls"
    name = text_arg(sc.get("servername")) if sc.get("servername") is not None else default_name
    return run.keep(ctx.wrap_socket(sock, server_hostname=name))


def op_connect(run, host, port):
    sock = connect(run, host, port)
    peer_of(run, sock, host, port)
    return sock


def op_exchange(run, host, port):
    sock = op_connect(run, host, port)
    exchange_on(run, sock)
    if run.sc.get("reverse"):
        reverse(run, run.result["peer"][0])


def op_tls(run, host, port):
    tls_context(run)
    sock = op_connect(run, host, port)
    ssock = wrap_tls(run, sock, host)
    exchange_on(run, ssock)
    if run.sc.get("reverse"):
        reverse(run, run.result["peer"][0])


def op_udp(run, host, port):
    sc = run.sc
    err = None
    sock = None
    run.stage = "resolve"
    for af, st, proto, _, sa in socket.getaddrinfo(host, port, family_of(sc), socket.SOCK_DGRAM):
        try:
            run.stage = "socket"
            sock = run.keep(socket.socket(af, st, proto))
            settimeout(sock, sc, 2.0)
            if sc.get("source") is not None:
                run.stage = "bind"
                sock.bind(source_of(sc))
            run.stage = "connect"
            sock.connect(sa)
            break
        except socket.error as e:
            err = e
            if sock is not None:
                sock.close()
            sock = None
    if sock is None:
        raise err
    udp_exchange(run, sock)
    if sc.get("reverse"):
        reverse(run, sock.getpeername()[0])


def udp_exchange(run, sock):
    sc = run.sc
    run.stage = "send"
    data = payload(sc, b"\0")
    sock.send(data)
    run.result["sent"] = len(data)
    run.stage = "recv"
    got = sock.recv(int(sc.get("recv") or 4096))
    run.result["received"] = binascii.hexlify(got).decode("ascii")


def unix_path(sc):
    path = text_arg(sc["path"])
    at = b"@" if PY2 else "@"
    nul = b"\0" if PY2 else "\0"
    return nul + path[1:] if path.startswith(at) else path


def op_unix(run, host, port):
    sc = run.sc
    kind = socket.SOCK_DGRAM if sc.get("dgram") else socket.SOCK_STREAM
    if sc.get("tls"):
        tls_context(run)
    run.stage = "socket"
    sock = run.keep(socket.socket(socket.AF_UNIX, kind))
    settimeout(sock, sc, 2.0 if sc.get("dgram") else None)
    run.stage = "connect"
    sock.connect(unix_path(sc))
    if sc.get("dgram"):
        udp_exchange(run, sock)
        return
    if sc.get("tls"):
        sock = wrap_tls(run, sock, "localhost")
    exchange_on(run, sock)


def one_attempt(run, af, st, proto, sa):
    """One address of "attempts", tried to the end."""
    sc = run.sc
    sock = None
    run.stage = "socket"
    sock = run.keep(socket.socket(af, st, proto))
    settimeout(sock, sc, 2.0 if sc.get("udp") else None)
    if sc.get("source") is not None:
        run.stage = "bind"
        sock.bind(source_of(sc))
    run.stage = "connect"
    sock.connect(sa)
    run.result["peer"] = [sa[0], sa[1]]
    if sc.get("udp"):
        udp_exchange(run, sock)
    else:
        if sc.get("tls"):
            sock = wrap_tls(run, sock, text_arg(sc["host"]))
        exchange_on(run, sock)
    if sc.get("reverse"):
        reverse(run, sa[0])


def op_attempts(run, host, port):
    sc = run.sc
    kind = socket.SOCK_DGRAM if sc.get("udp") else socket.SOCK_STREAM
    if sc.get("tls"):
        run.ctx = tls_context(run)
    run.stage = "resolve"
    infos = socket.getaddrinfo(host, port, family_of(sc), kind)
    out = []
    for af, st, proto, _, sa in infos:
        sub = Run(sc)
        sub.ctx = getattr(run, "ctx", None)
        res = {"address": sa[0], "port": sa[1]}
        res.update(attempt(sub, one_attempt, (af, st, proto, sa), inner=True))
        out.append(res)
    run.result["attempts"] = out


def op_resolve(run, host, port):
    sc = run.sc
    run.stage = "resolve"
    infos = socket.getaddrinfo(host, port, family_of(sc), socket.SOCK_STREAM)
    names = {socket.AF_INET: "AF_INET", socket.AF_INET6: "AF_INET6"}
    run.result["addresses"] = [[names.get(i[0], str(i[0])), i[4][0]] for i in infos]
    if sc.get("reverse"):
        run.result["hostnames"] = []
        for i in infos:
            reverse(run, i[4][0])
            run.result["hostnames"].append(run.result.pop("hostname"))


def op_reverse(run, host, port):
    reverse(run, host)


def op_socket(run, host, port):
    run.stage = "socket"
    run.keep(socket.socket(*[int(a) for a in run.sc["args"]]))


def op_nameinfo(run, host, port):
    sc = run.sc
    flags = 0
    for name in (sc.get("flags") or "").split(","):
        if name:
            flags |= getattr(socket, "NI_" + name)
    if sc.get("numeric"):
        run.stage = "resolve"
        sa = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0][4]
    else:
        sa = op_connect(run, host, port).getpeername()
    run.stage = "reverse"
    name = socket.getnameinfo(sa, flags)[0]
    run.result["name"] = as_text(name) if PY2 else name


OPS = {"connect": op_connect, "exchange": op_exchange, "udp": op_udp,
       "unix": op_unix, "tls": op_tls, "attempts": op_attempts,
       "resolve": op_resolve, "reverse": op_reverse, "socket": op_socket,
       "nameinfo": op_nameinfo}


def operation(run):
    sc = run.sc
    fn = OPS[sc["op"]]
    return lambda: fn(run, text_arg(sc.get("host")), port_of(sc.get("port")))


def on_alarm(signum, frame):
    raise Limit()


def attempt(run, fn, args=(), inner=False):
    """Runs fn(run, *args) and describes how it ended (an inner attempt,
    one address of "attempts", lets the harness's Limit through)."""
    t0 = clock()
    try:
        try:
            fn(run, *args)
            out = {"rc": 0, "lines": [], "class": None, "kind": "ok",
                   "errno": None, "strerror": None}
        except Limit:
            if inner:
                raise
            out = {"rc": None, "lines": [], "class": None, "kind": "limit",
                   "errno": None, "strerror": None}
        except Exception as e:
            out = describe(e)
            out["rc"] = 1
    finally:
        run.close()
    out["elapsed"] = round(clock() - t0, 6)
    out["setup"] = round(run.setup, 6)
    out["stage"] = run.stage
    out["result"] = run.result
    return out


def serve_one(sc):
    run = Run(sc)
    limit = sc.get("limit")
    t0 = clock()
    try:
        try:
            if limit:
                signal.setitimer(signal.ITIMER_REAL, float(limit))
            out = attempt(run, lambda r: operation(r)())
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Limit:  # the bound ran out outside the operation itself
        run.close()
        out = {"rc": None, "lines": [], "class": None, "kind": "limit",
               "errno": None, "strerror": None, "elapsed": round(clock() - t0, 6),
               "stage": run.stage, "result": run.result}
    out["id"] = sc.get("id")
    if PY2:
        sys.exc_clear()
    return out


def warm_up():
    """What a first scenario would otherwise pay for: the codecs (the idna
    one imports lazily) and the ssl module's tables."""
    u"localhost".encode("idna")
    if ssl is not None:
        ssl.create_default_context()


def serve():
    signal.signal(signal.SIGALRM, on_alarm)
    warm_up()
    out = sys.stdout
    version = "%d.%d.%d" % sys.version_info[:3]
    out.write(json.dumps({"ready": True, "version": version,
                          "executable": sys.executable}) + "\n")
    out.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        if not line.strip():
            continue
        try:
            sc = json.loads(line)
            res = serve_one(sc)
        except Exception as e:  # a malformed scenario: the harness's error
            res = {"id": None, "harness_error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(res, sort_keys=True) + "\n")
        out.flush()


def uncaught(text):
    """One scenario, its exception left to the interpreter."""
    sc = json.loads(text)
    run = Run(sc)
    operation(run)()
    sys.stdout.write(json.dumps(run.result, sort_keys=True) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--uncaught":
        uncaught(sys.argv[2])
    elif len(sys.argv) == 1:
        serve()
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
