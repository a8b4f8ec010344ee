"""Runs commands side by side, each in a session of its own, with every
signal at SIG_DFL and none blocked (so what a test wants inherited is set
by `env --ignore-signal=... --block-signal=...` in the command itself),
sends them a signal at the same moment, and reports, for the Nth command
(from 0), bash assignments to eval:

  RC[N]     the returncode (negative: killed by that signal), or "hang"
  MS[N]     milliseconds from the signal (or the start) to the end
  OUT[N]    standard output, ERR[N] standard error (bad UTF-8 replaced)
  NL[N]     1 when the output is empty or ends with a newline, else 0
  LEFT[N]   how many processes were still in its session once it ended
  FILES[N]  files left in its working directory (an empty one, made here)

  sigrun.py [--signal NAME] [--after SECONDS] [--until-comm N,...:NAME]
            [--timeout SECONDS] [--stdout closed|pipe] [--nofile N]
            -- CMD [ARG...] [--- CMD [ARG...]]...

--until-comm: wait (at most --timeout) until the /proc comm of commands
N,... is NAME before sending (the command after -w runs in sockerr's
place).
--stdout closed: stdout is a pipe whose reader is already gone.
Runs under CPython 3; never leaves a process behind (a hang is killed).
"""
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def reset_signals():
    for s in range(1, signal.NSIG):
        if s in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.signal(s, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def session_members(sid):
    left = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid:
            left.append(int(d))
    return left


def comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return ""


def start(cmd, opts):
    cwd = tempfile.mkdtemp(prefix="sigrun.")
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    stdout = out
    if opts["stdout"] == "closed":
        r, w = os.pipe()
        os.close(r)
        stdout = w
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout,
                         stderr=err, cwd=cwd, start_new_session=True,
                         preexec_fn=reset_signals)
    if stdout is not out:
        os.close(stdout)
    return {"p": p, "out": out, "err": err, "cwd": cwd, "end": None}


def finish(run, t0):
    p = run["p"]
    left = session_members(p.pid)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    res = {"RC": p.returncode if run["end"] else "hang",
           "MS": round(((run["end"] or time.monotonic()) - t0) * 1000),
           "LEFT": len(left), "FILES": " ".join(sorted(os.listdir(run["cwd"])))}
    for k in ("out", "err"):
        run[k].seek(0)
        res[k.upper()] = run[k].read().decode("utf-8", "replace")
    res["NL"] = int(res["OUT"] == "" or res["OUT"].endswith("\n"))
    shutil.rmtree(run["cwd"], ignore_errors=True)
    return res


def main(argv):
    opts = {"signal": None, "after": 0.5, "until-comm": None,
            "timeout": 10.0, "stdout": "pipe", "nofile": None}
    while argv and argv[0] != "--":
        name = argv.pop(0)[2:]
        opts[name] = argv.pop(0)
    cmds, cur = [], []
    for a in argv[1:]:
        if a == "---":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    if opts["nofile"]:
        n = int(opts["nofile"])
        cmds = [["prlimit", "--nofile=%d" % n, "--"] + c for c in cmds]
    timeout = float(opts["timeout"])
    runs = [start(c, opts) for c in cmds]
    t0 = time.monotonic()
    deadline = t0 + timeout
    if opts["signal"]:
        sig = getattr(signal, "SIG" + opts["signal"])
        time.sleep(float(opts["after"]))
        which, name = [], None
        if opts["until-comm"]:
            idx, name = opts["until-comm"].split(":", 1)
            which = [runs[int(i)] for i in idx.split(",")]
        while time.monotonic() < deadline and any(
                comm(r["p"].pid) != name for r in which):
            time.sleep(0.02)
        t0 = time.monotonic()
        deadline = t0 + timeout
        for r in runs:
            try:
                os.kill(r["p"].pid, sig)
            except OSError:
                pass
    while any(r["end"] is None for r in runs) and time.monotonic() < deadline:
        for r in runs:
            if r["end"] is None and r["p"].poll() is not None:
                r["end"] = time.monotonic()
        time.sleep(0.005)
    for r in runs:
        if r["end"] is None:
            try:
                os.killpg(r["p"].pid, signal.SIGKILL)
            except OSError:
                pass
            r["p"].wait()
    for i, r in enumerate(runs):
        for k, v in finish(r, t0).items():
            print("%s[%d]=%s" % (k, i, shlex.quote(str(v))))


if __name__ == "__main__":
    main(sys.argv[1:])
