"""The asyncio reference for --happy-eyeballs (issue 19): connects as
asyncio.open_connection(HOST, PORT, happy_eyeballs_delay=DELAY) does
(DELAY "-": without it, as --asyncio), within asyncio.wait_for(...,
TIMEOUT) when given; prints "ok ADDRESS" (the peer that won), or lets the
exception go uncaught (its last traceback line is what sockerr must
print); writes the seconds the connect took (start-up left out) to
TIMEFILE.  CPython 3.8+.

  aioref.py TIMEFILE HOST PORT DELAY [TIMEOUT]
"""
import asyncio
import sys
import time


async def connect(host, port, delay, timeout):
    kw = {} if delay is None else {"happy_eyeballs_delay": delay}
    conn = asyncio.open_connection(host, port, **kw)
    if timeout is not None:
        conn = asyncio.wait_for(conn, timeout)
    _, writer = await conn
    print("ok", writer.get_extra_info("peername")[0])
    writer.close()


def main(argv):
    loop = asyncio.new_event_loop()
    start = time.time()
    try:
        loop.run_until_complete(connect(
            argv[2], int(argv[3]), None if argv[4] == "-" else float(argv[4]),
            float(argv[5]) if len(argv) > 5 else None))
    finally:
        with open(argv[1], "w") as f:
            f.write("%.4f\n" % (time.time() - start))
        loop.close()


if __name__ == "__main__":
    main(sys.argv)
