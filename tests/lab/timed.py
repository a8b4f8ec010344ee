"""tests/pyref.py, timed: runs its operation and writes the seconds the
operation took (interpreter start-up left out) to TIMEFILE, then lets the
exception, if any, go uncaught as pyref.py does.

  timed.py TIMEFILE OPERATION ARGS...
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pyref  # noqa: E402

start = time.time()
try:
    pyref.main(["pyref.py"] + sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as f:
        f.write("%.4f\n" % (time.time() - start))
