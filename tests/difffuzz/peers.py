"""The fuzzer's peers, all in one process, on fixed ports (the namespace
is the fuzzer's own) and paths under DIR (the run's own directory).  Writes its table (JSON) to READYFILE once all listen.

  peers.py READYFILE DIR PKI

TCP (each on 127.0.0.1 and ::1, one port):
  listen     accepts, never speaks         full      listen(0), queue filled
  reset      accepts, resets at once       latereset resets after CLOSE_DELAY
  close      closes after CLOSE_DELAY      sendclose sends GREETING, closes
                                                     after CLOSE_DELAY
  late       sends LATE after LATE_DELAY   echo      sends back what it reads
  (the delays keep what a client does right after connecting, a send or
  a handshake, apart from the peer's close: no race with it)
  listen9    on 127.0.0.9 only (its PTR is nine.fuzz)
  closed     port 9: nothing listens
UDP: uecho (echoes), usilent (reads, never answers), uclosed (port 9)
TLS (127.0.0.1 only), a certificate of tests/tlspki.sh each: after the
  handshake it sends TLS_HELLO and reads until EOF (5 s at most)
Unix (under DIR): see unix_table(); names starting @ are abstract.
"""
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time

GREETING = b"SSH-2.0-x\r\n\x1b[31m\"q\\\x00\xff\xfecaf\xc3\xa9\x7f\n"
LATE = b"late\n"
TLS_HELLO = b"tls-hello\n"

TCP = {"listen": 21001, "full": 21002, "reset": 21003, "close": 21004,
       "late": 21005, "sendclose": 21006, "echo": 21007, "listen9": 21008,
       "latereset": 21009, "closed": 9}
LATE_DELAY = 0.4
CLOSE_DELAY = 0.2
UDP = {"uecho": 21101, "usilent": 21102, "uclosed": 9}
# name: (certificate chain, key) under PKI
TLS = {"good": ("good.chain.pem", "good.key"),
       "expired": ("expired.chain.pem", "expired.key"),
       "future": ("future.chain.pem", "future.key"),
       "self": ("self.pem", "self.key"),
       "wrongname": ("wrongname.chain.pem", "wrongname.key"),
       "unknown": ("unknown.pem", "unknown.key"),
       "ipv4only": ("ipv4only.chain.pem", "ipv4only.key"),
       "cnonly": ("cnonly.chain.pem", "cnonly.key"),
       "nochain": ("good.pem", "good.key"),
       "wildcard": ("wildcard.chain.pem", "wildcard.key"),
       "soon": ("soon.chain.pem", "soon.key")}
TLS_PORT0 = 21200


def pad(prefix, n):
    return prefix + "x" * (n - len(prefix))


def unix_table(d):
    """name -> (path, how): listen, greet, stale, dgram (reads, never
    answers), dgramfull (never reads; its queue filled), file, or none."""
    t = {"ulisten": (d + "/l", "listen"), "ugreet": (d + "/g", "greet"),
         "ustale": (d + "/stale", "stale"), "udgram": (d + "/d", "dgram"),
         "ufile": (d + "/file", "file"), "unotdir": (d + "/file/x", "none"),
         "umissing": (d + "/missing", "none"),
         "u107": (pad(d + "/L", 107), "listen"),
         "u108": (pad(d + "/M", 108), "none"),
         "u200": (pad(d + "/N", 200), "none"),
         "udfull": (d + "/f", "dgramfull"),
         "alisten": ("@fuzz-listen", "listen"), "adgram": ("@fuzz-dgram", "dgram"),
         "adfull": ("@fuzz-dfull", "dgramfull"),
         "amissing": ("@fuzz-none", "none"),
         "a107": (pad("@fuzz-A", 108), "listen"),
         "a108": (pad("@fuzz-B", 109), "none")}
    return t


def serve_tcp(srv, how):
    keep = []
    while True:
        conn, _ = srv.accept()
        if how == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        elif how in ("close", "sendclose", "latereset"):
            threading.Thread(target=closing, args=(conn, how), daemon=True).start()
        elif how == "late":
            threading.Thread(target=late, args=(conn,), daemon=True).start()
        elif how == "echo":
            threading.Thread(target=echo, args=(conn,), daemon=True).start()
        else:
            keep.append(conn)
            del keep[:-64]


def closing(conn, how):
    try:
        if how == "sendclose":
            conn.sendall(GREETING)
        time.sleep(CLOSE_DELAY)
        if how == "latereset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    conn.close()


def late(conn):
    time.sleep(LATE_DELAY)
    try:
        conn.sendall(LATE)
        time.sleep(5)
    except OSError:
        pass
    conn.close()


def drain(srv):
    while True:
        srv.recv(65536)


def echo(conn):
    conn.settimeout(5)
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
    except OSError:
        pass
    conn.close()


def tcp_listener(family, host, port, how):
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    srv.bind((host, port))
    if how == "full":
        srv.listen(0)
        c = socket.socket(family, socket.SOCK_STREAM)
        c.connect((host, port))
        return [srv, c]
    srv.listen(128)
    threading.Thread(target=serve_tcp, args=(srv, how), daemon=True).start()
    return [srv]


def udp_listener(family, host, port, how):
    srv = socket.socket(family, socket.SOCK_DGRAM)
    srv.bind((host, port))

    def run():
        while True:
            data, peer = srv.recvfrom(65536)
            if how == "uecho":
                srv.sendto(data, peer)
    threading.Thread(target=run, daemon=True).start()
    return [srv]


def tls_listener(port, chain, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(chain, key)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(128)

    def handshake(conn):
        conn.settimeout(5)
        try:
            tls = ctx.wrap_socket(conn, server_side=True)
            tls.sendall(TLS_HELLO)
            while tls.recv(4096):
                pass
            tls.close()
        except (OSError, ssl.SSLError):
            conn.close()

    def run():
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=handshake, args=(conn,), daemon=True).start()
    threading.Thread(target=run, daemon=True).start()
    return [srv]


def unix_listener(path, how):
    addr = "\0" + path[1:] if path.startswith("@") else path
    if how == "file":
        open(path, "w").close()
        return []
    if how == "none":
        return []
    kind = socket.SOCK_DGRAM if how.startswith("dgram") else socket.SOCK_STREAM
    srv = socket.socket(socket.AF_UNIX, kind)
    srv.bind(addr)
    if how == "stale":
        srv.close()
        return []
    if how == "dgram":
        threading.Thread(target=drain, args=(srv,), daemon=True).start()
    if how == "dgramfull":	# a queue full: a sender's send() blocks
        c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        c.connect(addr)
        c.setblocking(False)
        try:
            while True:
                c.send(b"x")
        except BlockingIOError:
            pass
        return [srv, c]
    if how in ("listen", "greet"):
        srv.listen(128)
        threading.Thread(target=serve_tcp, args=(srv, "sendclose" if how == "greet" else "listen"),
                         daemon=True).start()
    return [srv]


def main(readyfile, d, pki):
    keep = []
    table = {"tcp": TCP, "udp": UDP, "tls": {}, "unix": {}}
    for how, port in TCP.items():
        if how == "closed":
            continue
        if how == "listen9":
            keep += tcp_listener(socket.AF_INET, "127.0.0.9", port, "listen")
            continue
        keep += tcp_listener(socket.AF_INET, "127.0.0.1", port, how)
        keep += tcp_listener(socket.AF_INET6, "::1", port, how)
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        # listen's port taken for UDP too: a source bound to it is EADDRINUSE
        # for every client, whichever binds first
        keep += udp_listener(family, host, TCP["listen"], "usilent")
    for how, port in UDP.items():
        if how != "uclosed":
            keep += udp_listener(socket.AF_INET, "127.0.0.1", port, how)
            keep += udp_listener(socket.AF_INET6, "::1", port, how)
    for i, (name, (chain, key)) in enumerate(sorted(TLS.items())):
        keep += tls_listener(TLS_PORT0 + i, os.path.join(pki, chain), os.path.join(pki, key))
        table["tls"][name] = TLS_PORT0 + i
    for name, (path, how) in unix_table(d).items():
        keep += unix_listener(path, how)
        table["unix"][name] = path
    with open(readyfile + ".tmp", "w") as f:
        json.dump(table, f)
    os.rename(readyfile + ".tmp", readyfile)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main(*sys.argv[1:4])
