"""The Python sides of the TLS benchmark (tests/bench/tls.sh).

  tlsbench.py server CERT KEY PORT READYFILE   an asyncio TLS server: one
      task a connection; answers a request with HTTP/1.0 200, else closes
  tlsbench.py client CAFILE HOST PORT N C      N handshakes, C at a time
      (create_default_context(), asyncio.open_connection); prints how many
      succeeded
"""
import asyncio
import os
import ssl
import sys

RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"


async def serve(cert, key, port, readyfile):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)

    async def handle(reader, writer):
        try:
            data = await reader.read(4096)
            if data:
                writer.write(RESPONSE)
                await writer.drain()
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", int(port), ssl=ctx,
                                        backlog=4096)
    with open(readyfile + ".tmp", "w") as f:
        f.write("ready\n")
    os.rename(readyfile + ".tmp", readyfile)
    async with server:
        await server.serve_forever()


async def clients(cafile, host, port, n, c):
    ctx = ssl.create_default_context(cafile=cafile)
    sem = asyncio.Semaphore(int(c))

    async def one():
        async with sem:
            try:
                _, writer = await asyncio.open_connection(host, int(port), ssl=ctx)
            except (OSError, ssl.SSLError):
                return 0
            writer.close()
            return 1

    done = await asyncio.gather(*(one() for _ in range(int(n))))
    print(sum(done))


if __name__ == "__main__":
    if sys.argv[1] == "server":
        asyncio.run(serve(*sys.argv[2:6]))
    else:
        asyncio.run(clients(*sys.argv[2:7]))
