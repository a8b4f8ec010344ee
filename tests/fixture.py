"""Test peers on loopback or unix sockets.  Each binds, writes its port (or
"ready") to READYFILE, then serves until killed or --seconds pass.

  fixture.py tcp READYFILE [--host H] [--backlog-full] [--reset] [--greet TEXT] [--greet-hex HEX]
                           [--close] [--fin-reset] [--rcvbuf N] [--count N]
  fixture.py udp READYFILE [--host H] [--echo]
  fixture.py unix READYFILE PATH [--dgram] [--stale] [--accept]
"""
import socket
import struct
import sys
import time


def opt(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def ready(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(str(text) + "\n")
    import os
    os.rename(path + ".tmp", path)


def tcp(args):
    host = opt(args, "--host", "127.0.0.1")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if "--rcvbuf" in args:
        # a tiny window, so a client's large send has to wait
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, int(opt(args, "--rcvbuf")))
    srv.bind((host, int(opt(args, "--port", "0"))))
    keep = []
    if "--backlog-full" in args:
        # backlog 0 holds one connection; with it queued, SYNs get no answer
        srv.listen(0)
        c = socket.socket(family, socket.SOCK_STREAM)
        c.connect(srv.getsockname()[:2])
        keep.append(c)
        ready(args[0], srv.getsockname()[1])
        time.sleep(float(opt(args, "--seconds", "120")))
        return
    srv.listen(int(opt(args, "--count", "128")))
    ready(args[0], srv.getsockname()[1])
    srv.settimeout(float(opt(args, "--seconds", "120")))
    while True:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            return
        if "--reset" in args:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        elif "--greet" in args:
            conn.sendall(opt(args, "--greet").encode("latin-1"))
            conn.close()
        elif "--greet-hex" in args:
            conn.sendall(bytearray.fromhex(opt(args, "--greet-hex")))
            conn.close()
        elif "--close" in args:
            conn.close()
        elif "--fin-reset" in args:
            # FIN first (the client goes to CLOSE_WAIT), then close with
            # unread data: the RST makes the client's next send EPIPE
            conn.shutdown(socket.SHUT_WR)
            time.sleep(0.2)
            conn.close()
        else:
            keep.append(conn)


def udp(args):
    host = opt(args, "--host", "127.0.0.1")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_DGRAM)
    srv.bind((host, 0))
    ready(args[0], srv.getsockname()[1])
    srv.settimeout(float(opt(args, "--seconds", "120")))
    while True:
        try:
            data, peer = srv.recvfrom(65536)
        except socket.timeout:
            return
        if "--echo" in args:
            srv.sendto(data, peer)


def unix(args):
    path = args[1]
    kind = socket.SOCK_DGRAM if "--dgram" in args else socket.SOCK_STREAM
    srv = socket.socket(socket.AF_UNIX, kind)
    srv.bind("\0" + path[1:] if path.startswith("@") else path)
    if kind == socket.SOCK_STREAM and "--stale" not in args:
        srv.listen(16)
    if "--stale" in args:
        srv.close()  # the file stays; nobody listens
    ready(args[0], "ready")
    if "--accept" in args:  # take and close each connection, so any number fit
        srv.settimeout(float(opt(args, "--seconds", "120")))
        while True:
            try:
                srv.accept()[0].close()
            except socket.timeout:
                return
    time.sleep(float(opt(args, "--seconds", "120")))


if __name__ == "__main__":
    {"tcp": tcp, "udp": udp, "unix": unix}[sys.argv[1]](sys.argv[2:])
