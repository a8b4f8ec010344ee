"""Peers that are not TLS servers, for tests/ns/70-tls.sh.  Each binds
127.0.0.1:PORT, writes "ready" to READYFILE, and serves until killed.

  tlspeer.py MODE PORT READYFILE [CERTCHAIN KEY]
  http     reads the request (a ClientHello), answers HTTP/1.0 400, closes
  eof      reads the ClientHello, closes: EOF in the middle of a handshake
  silent   accepts and never speaks
  alert    reads the ClientHello, answers a fatal internal_error alert
  reset    reads the ClientHello, resets the connection
  tls-hold   completes the handshake, then never speaks
  tls-eof    handshake, reads a request, closes without close_notify
  tls-reset  handshake, reads a request, resets the connection
  tls-garbage  handshake, reads a request, answers an application-data
             record that does not decrypt (a read's SSLError)
"""
import os
import socket
import ssl
import struct
import sys
import threading
import time

HTTP = b"HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
ALERT = b"\x15\x03\x03\x00\x02\x02\x50"


def main(mode, port, readyfile, cert=None, key=None):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", int(port)))
    srv.listen(128)
    with open(readyfile + ".tmp", "w") as f:
        f.write("ready\n")
    os.rename(readyfile + ".tmp", readyfile)
    srv.settimeout(300)
    keep = []
    while True:
        conn, _ = srv.accept()
        if mode == "silent":
            keep.append(conn)
            continue
        # one thread a connection: a batch of clients is served at once
        if mode.startswith("tls-"):
            threading.Thread(target=serve_tls, args=(conn, mode, cert, key)).start()
        else:
            threading.Thread(target=serve, args=(conn, mode)).start()


def serve_tls(conn, mode, cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    try:
        tls = ctx.wrap_socket(conn, server_side=True)
        if mode == "tls-hold":
            time.sleep(300)
            return
        tls.settimeout(5)
        tls.recv(4096)
        # the bare socket: closing it sends no close_notify
        raw = socket.socket(fileno=tls.detach())
        if mode == "tls-garbage":
            raw.sendall(b"\x17\x03\x03\x00\x20" + b"x" * 32)
            raw.settimeout(5)
            raw.recv(4096)
        if mode == "tls-reset":
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raw.close()
    except (socket.error, ssl.SSLError):
        conn.close()


def serve(conn, mode):
    conn.settimeout(5)
    try:
        conn.recv(4096)
        if mode == "http":
            conn.sendall(HTTP)
        elif mode == "alert":
            conn.sendall(ALERT)
        elif mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            return
        time.sleep(0.05)
    except socket.error:
        pass
    conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:6])
