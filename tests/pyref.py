"""The reference: the same socket operation done by Python's socket module,
with the exception left uncaught, so its last line is what the interpreter
prints.  Runs under Python 2.7 and 3.x alike.

  pyref.py connect HOST PORT [-t T] [-s HOST:PORT] [-4|-6] [--peer]
  pyref.py attempts HOST PORT [-t T] [-s HOST:PORT]
  pyref.py unix PATH [-t T] [--dgram]          (@NAME: abstract)
  pyref.py udp HOST PORT [-t T] [--send HEX]
  pyref.py exchange HOST PORT [-t T] [--send HEX | --send-file F] [--recv N]
  pyref.py tls HOST PORT [-t T] [--cafile F] [--servername N] [-k] [--send HEX] [--recv N]
  pyref.py reverse ADDRESS
  pyref.py reverse-peer HOST PORT               (connect, then gethostbyaddr of the peer)
  pyref.py resolve HOST [PORT] [-4|-6]
  pyref.py socket FAMILY TYPE PROTO
  pyref.py override HOST PORT FAMILY TYPE PROTO [-4|-6] [-u] [-t T] [-s HOST:PORT] [--send HEX]
                                   (HOST unix:PATH or unix:@NAME; "-": not overridden)
  pyref.py nameinfo HOST PORT FLAGS [-n]       (FLAGS: NAMEREQD,DGRAM... or -)
  --no-fd-left (any operation): no descriptor is free when it starts
  --peer: on success, print "ok" and the address create_connection() chose
  attempts: create_connection()'s loop, every address tried; one JSON
  object per address: address, port, ok, stage, class (as this interpreter
  prints it), code, name, message
"""
import binascii
import socket
import sys


def port_of(text):
    return int(text) if text.isdigit() else text


def family_of(opts):
    if "-4" in opts:
        return socket.AF_INET
    if "-6" in opts:
        return socket.AF_INET6
    return 0


def option(opts, name, default=None):
    if name in opts:
        return opts[opts.index(name) + 1]
    return default


def timeout_of(opts):
    t = option(opts, "-t")
    return float(t) if t is not None else None


def source_of(opts):
    s = option(opts, "-s")
    if s is None:
        return None
    host, _, port = s.rpartition(":") if s.count(":") == 1 else (s, "", "0")
    return (host, int(port or 0))


def connect(host, port, opts):
    family, timeout = family_of(opts), timeout_of(opts)
    if family == 0:
        # the real thing: socket.create_connection()
        if "-t" in opts:
            return socket.create_connection((host, port), timeout, source_of(opts))
        return socket.create_connection((host, port), source_address=source_of(opts))
    # create_connection() has no family; this is its loop with one
    err = None
    for af, st, proto, _, sa in socket.getaddrinfo(host, port, family, socket.SOCK_STREAM):
        sock = None
        try:
            sock = socket.socket(af, st, proto)
            if "-t" in opts:
                sock.settimeout(timeout)
            if source_of(opts):
                sock.bind(source_of(opts))
            sock.connect(sa)
            return sock
        except socket.error as e:
            err = e
            if sock is not None:
                sock.close()
    raise err


def override(host, port, opts):
    """--family/--type/--proto: create_connection()'s loop with socket()'s
    arguments replaced, each getaddrinfo() tuple passed to connect() as it
    came, so the socket's family reads it; a TypeError ends the loop, as it
    escapes create_connection()'s except.  With -u, then send and recv, as
    udp() does."""
    fam, typ, pro = [None if x == "-" else int(x) for x in opts[:3]]
    opts = opts[3:]
    kind = socket.SOCK_DGRAM if "-u" in opts else socket.SOCK_STREAM
    if host.startswith("unix:"):
        path = host[5:]
        if path.startswith("@"):
            path = "\0" + path[1:]
        infos = [(socket.AF_UNIX, kind, 0, "", path)]
    else:
        infos = socket.getaddrinfo(host, port, family_of(opts), kind)
    err = None
    for af, st, proto, _, sa in infos:
        sock = None
        try:
            sock = socket.socket(af if fam is None else fam, st if typ is None else typ,
                                 proto if pro is None else pro)
            if "-t" in opts or "-u" in opts:
                sock.settimeout(timeout_of(opts) if "-t" in opts else 2.0)
            if source_of(opts):
                sock.bind(source_of(opts))
            sock.connect(sa)
        except socket.error as e:
            err = e
            if sock is not None:
                sock.close()
            continue
        if "-u" in opts:
            sock.send(payload(opts, b"\0"))
            sock.recv(4096)
        return sock
    raise err


def class_name(e):
    """The class as the interpreter prints an uncaught exception."""
    t = type(e)
    if t.__module__ in ("builtins", "exceptions"):
        return t.__name__
    return t.__module__ + "." + t.__name__


def code_name(e):
    import errno
    if isinstance(e, socket.timeout):
        return "timeout"
    if isinstance(e, socket.gaierror):
        for n in dir(socket):
            if n.startswith("EAI_") and getattr(socket, n) == e.errno:
                return n
        return None
    return errno.errorcode.get(e.errno)


def attempts(host, port, opts):
    """Each address of create_connection()'s loop, tried to the end."""
    import json
    for af, st, proto, _, sa in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
        sock, stage = None, "socket"
        out = {"address": sa[0], "port": sa[1], "ok": True, "stage": "connect",
               "class": None, "code": None, "name": None, "message": None}
        try:
            sock = socket.socket(af, st, proto)
            if "-t" in opts:
                sock.settimeout(timeout_of(opts))
            if source_of(opts):
                stage = "bind"
                sock.bind(source_of(opts))
            stage = "connect"
            sock.connect(sa)
        except socket.error as e:
            timeout = isinstance(e, socket.timeout)
            out.update({"ok": False, "stage": stage, "class": class_name(e),
                        "code": None if timeout else e.errno, "name": code_name(e),
                        "message": str(e) if timeout else e.strerror})
        if sock is not None:
            sock.close()
        print(json.dumps(out, sort_keys=True))


def unix(path, opts):
    kind = socket.SOCK_DGRAM if "--dgram" in opts else socket.SOCK_STREAM
    sock = socket.socket(socket.AF_UNIX, kind)
    if "-t" in opts:
        sock.settimeout(timeout_of(opts))
    if path.startswith("@"):
        path = "\0" + path[1:]
    sock.connect(path)
    if "--send" in opts:
        sock.sendall(payload(opts, b""))
    return sock


def payload(opts, default):
    if "--send-file" in opts:
        with open(option(opts, "--send-file"), "rb") as f:
            return f.read()
    h = option(opts, "--send")
    return binascii.unhexlify(h) if h is not None else default


def udp(host, port, opts):
    err = None
    for af, st, proto, _, sa in socket.getaddrinfo(host, port, family_of(opts), socket.SOCK_DGRAM):
        sock = None
        try:
            sock = socket.socket(af, st, proto)
            sock.settimeout(timeout_of(opts) if "-t" in opts else 2.0)
            sock.connect(sa)
            break
        except socket.error as e:
            err = e
            if sock is not None:
                sock.close()
            sock = None
    if sock is None:
        raise err
    sock.send(payload(opts, b"\0"))
    return sock.recv(4096)


def exchange(host, port, opts):
    sock = connect(host, port, opts)
    if "--send" in opts or "--send-file" in opts:
        sock.sendall(payload(opts, b""))
    if "--recv" in opts:
        return sock.recv(int(option(opts, "--recv")))
    return None


def tls(host, port, opts):
    """create_connection(), then create_default_context().wrap_socket()."""
    import ssl
    sock = connect(host, port, opts)
    ctx = ssl.create_default_context(cafile=option(opts, "--cafile"))
    if "-k" in opts:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    ssock = ctx.wrap_socket(sock, server_hostname=option(opts, "--servername", host))
    if "--send" in opts:
        ssock.sendall(payload(opts, b""))
    if "--recv" in opts:
        return ssock.recv(int(option(opts, "--recv")))
    return None


def no_fd_left():
    """Uses up every descriptor under a low limit: the next socket() fails
    with EMFILE, as sockerr's does under a tiny ulimit -n."""
    import errno
    import os
    import resource
    u"localhost".encode("idna")  # Python 3 imports the codec lazily: now
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    held = []
    while len(held) < 64:
        try:
            held.append(os.open("/dev/null", os.O_RDONLY))
        except OSError as e:
            if e.errno != errno.EMFILE:
                raise
            return held
    return held


def main(argv):
    op, args = argv[1], argv[2:]
    if "--no-fd-left" in args:
        args.remove("--no-fd-left")
        held = no_fd_left()  # noqa: F841 (kept open on purpose)
    if op == "connect":
        sock = connect(args[0], port_of(args[1]), args[2:])
        if "--peer" in args:
            print("ok " + sock.getpeername()[0])
            return
    elif op == "attempts":
        attempts(args[0], port_of(args[1]), args[2:])
        return
    elif op == "unix":
        unix(args[0], args[1:])
    elif op == "udp":
        udp(args[0], port_of(args[1]), args[2:])
    elif op == "exchange":
        exchange(args[0], port_of(args[1]), args[2:])
    elif op == "tls":
        tls(args[0], port_of(args[1]), args[2:])
    elif op == "reverse":
        print(socket.gethostbyaddr(args[0])[0])
        return
    elif op == "reverse-peer":
        sock = socket.create_connection((args[0], port_of(args[1])))
        print(socket.gethostbyaddr(sock.getpeername()[0])[0])
        return
    elif op == "resolve":
        port = port_of(args[1]) if len(args) > 1 and not args[1].startswith("-") else None
        socket.getaddrinfo(args[0], port, family_of(args), socket.SOCK_STREAM)
    elif op == "nameinfo":
        # getnameinfo() of the connected address, or with -n of the first
        # one getaddrinfo() gives
        flags = 0
        for name in args[2].split(","):
            if name != "-":
                flags |= getattr(socket, "NI_" + name)
        if "-n" in args:
            sa = socket.getaddrinfo(args[0], port_of(args[1]), 0, socket.SOCK_STREAM)[0][4]
        else:
            sa = socket.create_connection((args[0], port_of(args[1]))).getpeername()
        print(socket.getnameinfo(sa, flags)[0])
        return
    elif op == "override":
        override(args[0], port_of(args[1]), args[2:])
    elif op == "socket":
        socket.socket(int(args[0]), int(args[1]), int(args[2]))
    else:
        raise SystemExit("pyref.py: unknown operation " + op)
    print("ok")


if __name__ == "__main__":
    main(sys.argv)
