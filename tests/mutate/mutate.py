#!/usr/bin/env python3
"""make mutate: plants each one-line bug of tests/mutate/*.mut in a copy of
the tree, rebuilds, and runs the suites its block names until the first
FAIL, which kills it; a mutant no suite fails survived.

  tests/mutate/run.sh [PATTERN]    mutants whose id contains PATTERN, or
                                   of the file PATTERN(.mut); PATTERN,...
  tests/mutate/run.sh --check      only: does every block still apply?

A block (blank lines between blocks, # comments):
  mutant: ID
  file: src/...            the text to find must occur there exactly once
  find: TEXT               (tabs kept; a line "| MORE" goes on with the
  replace: TEXT             value's next line, context that makes it unique)
  run: SUITES              what tests/run runs to kill it, cheapest first
  equivalent: WHY          optional: no test can tell it from the code (WHY
                           says why); checked to apply, never run, and
                           reported apart, out of the count

Before any mutant, every suite the selected blocks name runs once on the
unmutated tree; one that fails runs again.  Failing twice (or only
skipping) it is unsound: a FAIL of it would prove nothing, so it is not
run for any mutant, and the run lists it.  Passing the second time it is
flaky: its FAIL kills a mutant only if a second run fails too.  A mutant's suites
run one at a time, the quickest first (by the baseline's time), each in a
session of its own; at the first FAIL of a sound suite the session is
ended (SIGTERM, then SIGKILL).  A suite still running after four times
its baseline time plus two minutes hangs: that kills too.  MUTATE_TIMEOUT
(seconds, default 900) bounds one mutant's suites in all.

The end: a table (id, module, verdict, killing check, seconds), every
survivor, "N killed, N survived, N bad, of N (P% killed)"; each mutant's
output in tests/out/mutate.log, the table in tests/out/mutate.tsv.
Exit status 0 only if nothing survived and no block is bad.
"""
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = ("mutant", "file", "find", "replace", "run")
LIMIT = float(os.environ.get("MUTATE_TIMEOUT", "900"))
BUILD = ["make", "-s", "-j2", "CFLAGS=-O2 -g"]


def parse_blocks(paths):
    blocks = []
    for path in paths:
        b, start, last = {}, 0, None
        lines = open(path, encoding="utf-8").read().split("\n") + [""]
        for i, line in enumerate(lines, 1):
            if not line.strip():
                if b:
                    b["where"] = "%s:%d" % (os.path.basename(path), start)
                    blocks.append(b)
                b, last = {}, None
                continue
            if line.startswith("#"):
                continue
            if line.startswith("| ") and last:
                b[last] += "\n" + line[2:]	# the value's next line
                continue
            key, sep, val = line.partition(": ")
            if not sep:
                key, val = line.rstrip(":"), ""
            if not b:
                start = i
            b[key], last = val, key
    return blocks


def selected(b, pattern, files):
    """PATTERN: comma-separated; each the name of a .mut file (names.mut
    or names: its blocks) or else a part of the id."""
    if not pattern:
        return True
    mut = b["where"].split(":")[0]
    for p in pattern.split(","):
        f = p if p.endswith(".mut") else p + ".mut"
        if (f in files and f == mut) or (f not in files and p in b.get("mutant", "")):
            return True
    return False


def read(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(text)


def module(b):
    f = b.get("file", "?")
    if f.startswith("src/"):
        f = f[4:]
    return f.rsplit(".", 1)[0]


def stale(b, tree, seen):
    """Why the block cannot be planted, or None."""
    missing = [k for k in KEYS if k not in b]
    if missing:
        return "no " + " ".join(missing)
    if b["mutant"] in seen:
        return "mutant id given twice (also %s)" % seen[b["mutant"]]
    if b["find"] == b["replace"]:
        return "replace is the text it finds"
    path = os.path.join(tree, b["file"])
    if not os.path.isfile(path):
        return "no file %s" % b["file"]
    n = read(path).count(b["find"])
    if n != 1:
        return "the text to find occurs %d times in %s" % (n, b["file"])
    return None


# --- running a suite in a session of its own -----------------------------

def session_pids(sid):
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open("/proc/%s/stat" % d).read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 3 and int(fields[3]) == sid and int(d) != os.getpid():
            pids.append(int(d))
    return pids


def end_session(sid):
    """Every process of the session: SIGTERM (the suites' traps clean up),
    then SIGKILL for what is left after 3 s."""
    for sig, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 2.0)):
        pids = session_pids(sid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        t = time.monotonic() + grace
        while time.monotonic() < t and session_pids(sid):
            time.sleep(0.1)


def run_suite(tree, suite, limit, log, stop_at_fail):
    """tests/run SUITE in the tree: (lines, seconds, first FAIL line or
    None, hung).  With stop_at_fail, the session ends at the first FAIL."""
    env = dict(os.environ, RUN_NAME="mutant", TOP=tree)
    env.pop("SOCKERR", None)
    t0 = time.monotonic()
    p = subprocess.Popen(["tests/run", suite], cwd=tree, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    lines, first_fail, hung, buf = [], None, False, b""
    fd = p.stdout.fileno()
    while True:
        left = t0 + limit - time.monotonic()
        if left <= 0:
            hung = True
            break
        r, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not r:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buf += chunk
        *done, buf = buf.split(b"\n")
        stop = False
        for raw in done:
            line = raw.decode("utf-8", "replace")
            lines.append(line)
            log.write(line + "\n")
            if line.startswith("FAIL ") and first_fail is None:
                first_fail = line
                stop = stop_at_fail
        if stop:
            break
    if buf:
        lines.append(buf.decode("utf-8", "replace"))
    end_session(p.pid)
    p.stdout.close()
    p.wait()
    log.flush()
    return lines, time.monotonic() - t0, first_fail, hung


# --- the run ---------------------------------------------------------------

def copy_tree():
    tmp = tempfile.mkdtemp(prefix="sockerr-mutate.")
    tree = os.path.join(tmp, "tree")
    left_out = {os.path.join(TOP, p) for p in (
        ".git", "build", "sockerr", "sockerr-static", "tests/out")}

    def ignore(d, names):
        return [n for n in names if os.path.join(d, n) in left_out or n == "__pycache__"]
    # a fresh build: the checkout's may be stale or ASan's
    shutil.copytree(TOP, tree, symlinks=True, ignore=ignore)
    return tmp, tree


def build(tree, unit):
    targets = ["sockerr"] + (["build/unit-tests"] if unit else [])
    r = subprocess.run(BUILD + ["-C", tree] + targets, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    return r.returncode == 0, r.stdout.decode("utf-8", "replace")


def suites_of(b):
    return b["run"].split()


def baseline(tree, suites, log):
    """Each suite on the unmutated tree: {suite: (seconds, why unsound or
    None, flaky)}.  A suite that fails runs again: failing twice it is
    unsound; passing then, flaky (a kill by it must be seen twice)."""
    base = {}
    for s in suites:
        why, flaky, secs, passed = None, False, 0.0, 0
        for attempt in (1, 2):
            log.write("=== baseline %d: tests/run %s\n" % (attempt, s))
            lines, secs, first, hung = run_suite(tree, s, 1800, log, False)
            passed = sum(1 for l in lines if l.startswith("PASS "))
            if hung:
                why = "still running after 1800 s"
            elif first:
                why = "fails on the unmutated tree: %s" % first[:160]
            elif passed == 0:
                why = "no check passed (every one skipped?)"
            else:
                flaky, why = attempt == 2, None
                break
            if hung or not first:
                break
        base[s] = (secs, why, flaky)
        print("baseline %-32s %6.1f s  %s" % (
            s, secs, why or "%d passed%s" % (passed, ", flaky: failed once" if flaky else "")),
            flush=True)
    return base


def run_mutant(tree, b, base, log):
    """(verdict, killing check, seconds)."""
    path = os.path.join(tree, b["file"])
    orig = read(path)
    t0 = time.monotonic()
    write(path, orig.replace(b["find"], b["replace"], 1))
    suites = sorted(suites_of(b), key=lambda s: base[s][0])
    try:
        ok, out = build(tree, "unit" in suites)
        if not ok:
            err = next((l for l in out.splitlines() if "error" in l), out[-200:])
            return "BAD", "does not compile: " + err.strip()[:150], time.monotonic() - t0
        unsound = []
        for s in suites:
            secs, why, flaky = base[s]
            if why is not None:
                unsound.append(s)
                continue
            for attempt in (1, 2) if flaky else (1,):
                left = t0 + LIMIT - time.monotonic()
                if left <= 0:
                    return "KILLED", "hang: over MUTATE_TIMEOUT (%d s)" % LIMIT, time.monotonic() - t0
                limit = min(left, 4 * secs + 120)
                log.write("=== %s: tests/run %s\n" % (b["mutant"], s))
                lines, _, first, hung = run_suite(tree, s, limit, log, True)
                if not first:
                    break
            if first:
                return "KILLED", first + (" (twice: the suite is flaky)" if flaky else ""), \
                    time.monotonic() - t0
            if hung:
                return "KILLED", "hang: %s still running after %d s" % (s, limit), \
                    time.monotonic() - t0
        note = "not run, unsound: " + " ".join(unsound) if unsound else ""
        return "SURVIVED", note, time.monotonic() - t0
    finally:
        write(path, orig)	# a new mtime: make rebuilds from it


def main(argv):
    check = bool(argv) and argv[0] == "--check"
    if check:
        argv = argv[1:]
    pattern = argv[0] if argv else ""
    mdir = os.path.join(TOP, "tests", "mutate")
    blocks = parse_blocks(sorted(os.path.join(mdir, f) for f in os.listdir(mdir)
                                 if f.endswith(".mut")))
    seen, bad = {}, 0
    for b in blocks:
        b["why_bad"] = stale(b, TOP, seen)
        seen.setdefault(b.get("mutant", "?"), b["where"])
    if check:
        for b in blocks:
            if b["why_bad"]:
                bad += 1
                print("BAD %s (%s): %s" % (b.get("mutant", "?"), b["where"], b["why_bad"]))
            else:
                print("OK %s (%s)%s" % (b["mutant"], b["where"],
                                        " equivalent" if "equivalent" in b else ""))
        print("%d of %d blocks apply, %d bad" % (len(blocks) - bad, len(blocks), bad))
        return 0 if bad == 0 else 1

    files = {b["where"].split(":")[0] for b in blocks}
    sel = [b for b in blocks if selected(b, pattern, files)]
    os.makedirs(os.path.join(TOP, "tests", "out"), exist_ok=True)
    log = open(os.path.join(TOP, "tests", "out", "mutate.log"), "w", encoding="utf-8")
    started = time.monotonic()
    tmp, tree = copy_tree()
    rows = []
    try:
        ok, out = build(tree, True)
        if not ok:
            print("mutate: the unmutated tree does not build:")
            print("\n".join(out.splitlines()[-20:]))
            return 2
        to_run = [b for b in sel if not b["why_bad"] and "equivalent" not in b]
        suites = sorted({s for b in to_run for s in suites_of(b)})
        base = baseline(tree, suites, log)
        unsound = {s: w for s, (_, w, _) in base.items() if w}
        for s, w in sorted(unsound.items()):
            print("UNSOUND suite %s: %s: its FAIL lines kill nothing" % (s, w))
        print("", flush=True)
        for b in sel:
            if b["why_bad"]:
                rows.append((b.get("mutant", "?"), module(b), "BAD", b["why_bad"], 0.0, b))
            elif "equivalent" in b:
                rows.append((b["mutant"], module(b), "EQUIVALENT", b["equivalent"], 0.0, b))
            else:
                v, why, secs = run_mutant(tree, b, base, log)
                rows.append((b["mutant"], module(b), v, why, secs, b))
            r = rows[-1]
            print("%s: %s %s (%.0f s)" % (r[0], r[2], r[3], r[4]), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        log.close()

    killed = sum(1 for r in rows if r[2] == "KILLED")
    survived = [r for r in rows if r[2] == "SURVIVED"]
    bad = sum(1 for r in rows if r[2] == "BAD")
    equiv = [r for r in rows if r[2] == "EQUIVALENT"]
    with open(os.path.join(TOP, "tests", "out", "mutate.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tmodule\tverdict\tcheck\tseconds\n")
        for r in rows:
            f.write("%s\t%s\t%s\t%s\t%.0f\n" % (r[0], r[1], r[2], r[3].replace("\t", " "), r[4]))
    idw = max([len(r[0]) for r in rows] + [2])
    modw = max([len(r[1]) for r in rows] + [6])
    print()
    print("%-*s  %-*s  %-10s  %6s  %s" % (idw, "id", modw, "module", "verdict", "s", "check"))
    for r in rows:
        print("%-*s  %-*s  %-10s  %6.0f  %s" % (idw, r[0], modw, r[1], r[2], r[4], r[3][:120]))
    print()
    by_mod = {}
    for r in rows:
        if r[2] in ("KILLED", "SURVIVED"):
            k, n = by_mod.get(r[1], (0, 0))
            by_mod[r[1]] = (k + (r[2] == "KILLED"), n + 1)
    print("by module: " + ", ".join("%s %d/%d" % (m, k, n) for m, (k, n) in sorted(by_mod.items())))
    for r in survived:
        print("survivor: %s (%s)%s" % (r[0], r[5]["where"], ": " + r[3] if r[3] else ""))
    for r in equiv:
        print("equivalent: %s (%s): %s" % (r[0], r[5]["where"], r[3]))
    counted = killed + len(survived)
    pct = 100.0 * killed / counted if counted else 0.0
    print("%d killed, %d survived, %d bad, of %d (%.1f%% killed)%s; %.0f s" % (
        killed, len(survived), bad, counted + bad, pct,
        ", %d equivalent not counted" % len(equiv) if equiv else "",
        time.monotonic() - started))
    return 0 if not survived and bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
