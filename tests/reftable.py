"""The error table as this interpreter and the C library see it: one row
per code, "CLASS<TAB>CODE<TAB>NAME<TAB>MESSAGE", CLASS and MESSAGE taken
from the last line the interpreter itself prints for the uncaught
exception.  Runs under Python 2.7 and 3.x alike.

  reftable.py [--canonical] [CODE...]   (default: every code; CODE: a name or a number)

--canonical leaves out aliases (EWOULDBLOCK is EAGAIN, NO_ADDRESS is NO_DATA):
the rows a number stands for.

Sources: errno names from the errno module (and the kernel's errno.h for
those it lacks), messages from os.strerror(); EAI_* names from the socket
module and netdb.h, messages from gai_strerror(); h_errno names from
netdb.h, messages from hstrerror(); the timeout from a recv() that times
out.
"""
import ctypes
import ctypes.util
import errno
import os
import re
import socket
import sys

LIBC = ctypes.CDLL(ctypes.util.find_library("c"))
LIBC.gai_strerror.restype = ctypes.c_char_p
LIBC.gai_strerror.argtypes = [ctypes.c_int]
LIBC.hstrerror.restype = ctypes.c_char_p
LIBC.hstrerror.argtypes = [ctypes.c_int]


ALIASES = set()


def defines(path, pattern):
    """NAME -> value of "#define NAME NUMBER" lines, aliases (NAME OTHER) after."""
    out, alias = {}, {}
    try:
        text = open(path).read()
    except IOError:
        return out
    for name, value in re.findall(r"^#\s*define\s+(" + pattern + r")\s+(-?\w+)", text, re.M):
        if re.match(r"-?\d+$", value):
            out[name] = int(value)
        else:
            alias[name] = value
    for name, other in alias.items():
        if other in out:
            out[name] = out[other]
            ALIASES.add(name)
    return out


def printed(exc):
    """The last line the interpreter prints for exc left uncaught."""
    saved = sys.stderr
    if sys.version_info[0] == 2:
        import StringIO
        sys.stderr = StringIO.StringIO()
    else:
        import io
        sys.stderr = io.StringIO()
    try:
        sys.__excepthook__(type(exc), exc, None)
        text = sys.stderr.getvalue()
    finally:
        sys.stderr = saved
    return text.rstrip("\n").split("\n")[-1]


def text(b):
    return b.decode("ascii") if not isinstance(b, str) else b


def a_timeout():
    a, b = socket.socketpair()
    a.settimeout(0.001)
    try:
        a.recv(1)
    except socket.timeout as e:
        return e
    finally:
        a.close()
        b.close()
    raise SystemExit("reftable.py: recv() did not time out")


def table():
    rows = []  # (name, code, exception)
    kernel = defines("/usr/include/asm-generic/errno-base.h", r"E[A-Z0-9]+")
    kernel.update(defines("/usr/include/asm-generic/errno.h", r"E[A-Z0-9]+"))
    names = dict((n, getattr(errno, n)) for n in dir(errno) if re.match(r"E[A-Z0-9]+$", n))
    for n, v in kernel.items():
        names.setdefault(n, v)
    for n, v in sorted(names.items()):
        if n in errno.errorcode.values():
            ALIASES.discard(n)  # Python's errorcode names the number
        elif v in errno.errorcode:
            ALIASES.add(n)
        rows.append((n, v, socket.error(v, os.strerror(v))))
    netdb = defines("/usr/include/netdb.h", r"EAI_[A-Z_]+|HOST_NOT_FOUND|TRY_AGAIN|NO_RECOVERY|NO_DATA|NO_ADDRESS|NETDB_INTERNAL")
    eai = dict((n, getattr(socket, n)) for n in dir(socket) if n.startswith("EAI_"))
    for n, v in netdb.items():
        if n.startswith("EAI_"):
            if n in eai and eai[n] != v:
                raise SystemExit("reftable.py: %s is %d in Python, %d in netdb.h" % (n, eai[n], v))
            eai[n] = v
    # the messages Python gives for lookups that fail without DNS
    for args, v in (((None, None), socket.EAI_NONAME), (("127.0.0.1", 0, 999), socket.EAI_FAMILY),
                    (("127.0.0.1", "no-such-service-here"), socket.EAI_SERVICE)):
        try:
            socket.getaddrinfo(*args)
        except socket.gaierror as e:
            if e.args != (v, text(LIBC.gai_strerror(v))):
                raise SystemExit("reftable.py: getaddrinfo%r: %r, gai_strerror(%d) %r"
                                 % (args, e.args, v, LIBC.gai_strerror(v)))
    for n, v in sorted(eai.items()):
        rows.append((n, v, socket.gaierror(v, text(LIBC.gai_strerror(v)))))
    for n, v in sorted(netdb.items()):
        if not n.startswith("EAI_"):
            rows.append((n, v, socket.herror(v, text(LIBC.hstrerror(v)))))
    rows.append(("timeout", None, a_timeout()))
    return rows


def main(args):
    out = []
    canonical = "--canonical" in args
    args = [a for a in args if a != "--canonical"]
    for name, code, exc in table():
        if args and name not in args and str(code) not in args:
            continue
        if canonical and name in ALIASES:
            continue
        line = printed(exc)
        cls, _, rest = line.partition(": ")
        m = re.match(r"\[Errno (-?\d+)\] (.*)$", rest)
        if code is None and not m:
            out.append("%s\t-\t%s\t%s" % (cls, name, rest))
        elif m and int(m.group(1)) == code:
            out.append("%s\t%d\t%s\t%s" % (cls, code, name, m.group(2)))
        else:
            raise SystemExit("reftable.py: %s prints <%s>" % (name, line))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
