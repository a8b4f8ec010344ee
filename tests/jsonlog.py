"""JSON lines a Python harness got from sockerr -f json, for the run's
check against src/output/sockerr.schema.json (tests/run's run_schema; the
shell suites use json_log in tests/lib.sh)."""
import os
import tempfile


def log(out, origin):
    """Keeps out (bytes or str: sockerr's whole stdout) in a file of its own
    in $SK_JSON_DIR, named after origin; nothing when there is no run."""
    d = os.environ.get("SK_JSON_DIR")
    if not d or not os.path.isdir(d) or not out:
        return
    if isinstance(out, str):
        out = out.encode("utf-8", "surrogateescape")
    fd, _ = tempfile.mkstemp(dir=d, prefix=origin + ".")
    with os.fdopen(fd, "wb") as f:
        f.write(out if out.endswith(b"\n") else out + b"\n")
