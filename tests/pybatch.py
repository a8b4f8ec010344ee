"""The reference for a batch: socket.create_connection() for each HOST:PORT
line of a file, 32 at a time in threads, printing "HOST:PORT: LINE" in
input order, where LINE is the last line the interpreter prints for the
uncaught exception ("ok" if it connects).  Runs under Python 2.7 and 3.x.

  pybatch.py FILE
"""
import socket
import sys
import threading
import traceback


def last_line(target):
    host, _, port = target.rpartition(":")
    try:
        socket.create_connection((host, int(port) if port.isdigit() else port)).close()
        return "ok"
    except Exception:
        e = sys.exc_info()[1]
        if sys.version_info[0] > 2:
            return traceback.format_exception_only(type(e), e)[-1].strip()
        # Python 2's own traceback names the module (socket.error), which
        # its traceback module leaves out
        name = type(e).__name__
        if type(e).__module__ not in ("exceptions", "__main__"):
            name = type(e).__module__ + "." + name
        text = str(e)
        return name + ": " + text if text else name


def main():
    with open(sys.argv[1]) as f:
        targets = [line.strip() for line in f if line.strip()]
    lines = [None] * len(targets)
    lock = threading.Lock()
    todo = list(range(len(targets)))

    def work():
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            lines[i] = last_line(targets[i])

    threads = [threading.Thread(target=work) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for target, line in zip(targets, lines):
        sys.stdout.write("%s: %s\n" % (target, line))


if __name__ == "__main__":
    main()
