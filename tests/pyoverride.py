"""The reference for --family/--type/--proto over many combinations, in
one interpreter: each line of FILE is "FAMILY TYPE PROTO HOST PORT [OPTION]..."
as "pyref.py override" takes them ("-": not overridden); prints, line for
line, the last line the interpreter prints for the uncaught exception, or
"ok".  Runs under Python 2.7 and 3.x.

  pyoverride.py FILE
"""
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyref  # noqa: E402


def last_line(e):
    if sys.version_info[0] > 2:
        return traceback.format_exception_only(type(e), e)[-1].strip()
    name = type(e).__name__
    if type(e).__module__ not in ("exceptions", "__main__"):
        name = type(e).__module__ + "." + name
    text = str(e)
    return name + ": " + text if text else name


def main():
    with open(sys.argv[1]) as f:
        lines = [line.split() for line in f if line.strip()]
    for words in lines:
        try:
            sock = pyref.override(words[3], pyref.port_of(words[4]), words[:3] + words[5:])
            sock.close()
            out = "ok"
        except Exception:
            out = last_line(sys.exc_info()[1])
        sys.stdout.write(out + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
