"""An independent reader of sockerr's Prometheus output, written from the
text exposition format's specification (prometheus.io, "Exposition
formats", text format 0.0.4; the OpenMetrics ABNF agrees on label values),
not from sockerr's code.

  promcheck.py FILE [--targets T...]

The exposition: UTF-8 throughout; lines end in a line feed; a "# HELP" or
"# TYPE" line at most once per metric name, before its first sample; a
metric's samples in one group; a sample is NAME[{LABELS}] VALUE, without
the optional timestamp (sockerr never writes one); a label value is read
character by character, where only \\\\, \\" and \\n are escapes; no series
(name and label set) twice.

With --targets: each target given (as bytes: os.fsencode of the argument)
has exactly one sockerr_probe_success sample, in the order first given, and
every target label of every sample reads back to a target given.  A label
value stands for bytes by the rule the man page states: the text \\\\ is a
backslash, the text \\xNN the byte NN, and any other character its UTF-8
bytes; a control character (Unicode category Cc: C0, DEL, C1) never
appears in a value as is.

Prints nothing and exits 0 when all holds, else one line saying what not.
"""
import math
import os
import sys
import unicodedata

NAME_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:")
NAME_REST = NAME_START | set("0123456789")
LABEL_START = NAME_START - {":"}
LABEL_REST = LABEL_START | set("0123456789")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


class Bad(Exception):
    pass


def identifier(line, i, start, rest):
    """(name, index after it) of the identifier at line[i]."""
    if i >= len(line) or line[i] not in start:
        raise Bad("a name expected at column %d" % (i + 1))
    j = i + 1
    while j < len(line) and line[j] in rest:
        j += 1
    return line[i:j], j


def quoted(line, i):
    """(value, index after the closing quote) of the string that opens at
    line[i] with a double quote: the exposition's own escapes undone."""
    if i >= len(line) or line[i] != '"':
        raise Bad('a " expected at column %d' % (i + 1))
    out, j = [], i + 1
    while True:
        if j >= len(line):
            raise Bad("a label value is not closed")
        c = line[j]
        if c == '"':
            return "".join(out), j + 1
        if c == "\\":
            if j + 1 >= len(line):
                raise Bad("a backslash ends the line")
            e = line[j + 1]
            if e not in '\\"n':
                raise Bad("escape \\%s is not in the format (only \\\\, \\\" and \\n)" % e)
            out.append("\n" if e == "n" else e)
            j += 2
            continue
        out.append(c)
        j += 1


def sample(line):
    """(metric name, [(label, value)...], value text) of a sample line."""
    name, i = identifier(line, 0, NAME_START, NAME_REST)
    labels = []
    if i < len(line) and line[i] == "{":
        i += 1
        while i < len(line) and line[i] != "}":
            key, i = identifier(line, i, LABEL_START, LABEL_REST)
            if i >= len(line) or line[i] != "=":
                raise Bad("= expected after label %s" % key)
            value, i = quoted(line, i + 1)
            labels.append((key, value))
            if i < len(line) and line[i] == ",":
                i += 1
            elif i < len(line) and line[i] != "}":
                raise Bad("a comma or } expected at column %d" % (i + 1))
        if i >= len(line):
            raise Bad("labels are not closed")
        i += 1
    rest = line[i:].split()
    if line[i:i + 1] not in (" ", "\t") or len(rest) != 1:
        raise Bad("one value expected after the name and labels (no timestamp)")
    try:
        v = float(rest[0])
    except ValueError:
        raise Bad("value %r is not a float" % rest[0])
    if math.isnan(v) or math.isinf(v):
        raise Bad("value %r is not a finite number" % rest[0])
    return name, labels, rest[0]


def target_bytes(value):
    """The bytes a target label stands for, by the man page's rule."""
    out, i = bytearray(), 0
    while i < len(value):
        c = value[i]
        if unicodedata.category(c) == "Cc":
            raise Bad("label %r holds the control character U+%04X as is" % (value, ord(c)))
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        if value[i + 1:i + 2] == "\\":
            out.append(0x5C)
            i += 2
        elif value[i + 1:i + 2] == "x" and all(h in "0123456789abcdef" for h in value[i + 2:i + 4]) \
                and len(value[i + 2:i + 4]) == 2:
            out.append(int(value[i + 2:i + 4], 16))
            i += 4
        else:
            raise Bad("label %r: a backslash that is neither \\\\ nor \\xNN" % value)
    return bytes(out)


def check(raw, targets):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Bad("not UTF-8: %s" % e)
    if text and not text.endswith("\n"):
        raise Bad("the last line does not end in a line feed")
    helps, types, closed, series = set(), set(), set(), set()
    current = None
    successes, labelled = [], []
    for n, line in enumerate(text.split("\n")[:-1], 1):
        try:
            stripped = line.strip(" \t")
            if not stripped:
                continue
            if stripped.startswith("#"):
                words = stripped[1:].split(None, 2)
                if words[:1] not in (["HELP"], ["TYPE"]):
                    continue
                if len(words) < 2:
                    raise Bad("%s without a metric name" % words[0])
                name = words[1]
                identifier(name, 0, NAME_START, NAME_REST)
                seen = helps if words[0] == "HELP" else types
                if name in seen:
                    raise Bad("a second %s for %s" % (words[0], name))
                if name in closed or name == current:
                    raise Bad("%s for %s after its samples" % (words[0], name))
                if words[0] == "TYPE" and (len(words) != 3 or words[2] not in TYPES):
                    raise Bad("TYPE %s: not one of %s" % (name, ", ".join(TYPES)))
                if words[0] == "HELP":
                    doc = words[2] if len(words) > 2 else ""
                    if doc.replace("\\\\", "").replace("\\n", "").count("\\"):
                        raise Bad("HELP %s: a backslash that is neither \\\\ nor \\n" % name)
                seen.add(name)
                continue
            name, labels, _ = sample(stripped)
            if name not in helps or name not in types:
                raise Bad("%s has no HELP and TYPE before it" % name)
            if name != current:
                if name in closed:
                    raise Bad("the samples of %s are not together" % name)
                if current:
                    closed.add(current)
                current = name
            keys = [k for k, _ in labels]
            if len(set(keys)) != len(keys):
                raise Bad("a label twice")
            key = (name, frozenset(labels))
            if key in series:
                raise Bad("series twice")
            series.add(key)
            values = dict(labels)
            if targets is not None:
                if "target" not in values:
                    raise Bad("no target label")
                labelled.append(target_bytes(values["target"]))
                if name == "sockerr_probe_success":
                    successes.append(labelled[-1])
        except Bad as e:
            raise Bad("line %d: %s: %r" % (n, e, line))
    if targets is None:
        return
    want = []
    for t in targets:
        if t not in want:
            want.append(t)
    if successes != want:
        missing = [t for t in want if t not in successes]
        raise Bad("success samples for %r, want %r (missing: %r)" % (successes, want, missing))
    strays = [t for t in labelled if t not in want]
    if strays:
        raise Bad("target labels that stand for no target given: %r" % strays[:3])


def main():
    args = sys.argv[1:]
    targets = None
    if "--targets" in args:
        k = args.index("--targets")
        targets = [os.fsencode(t) for t in args[k + 1:]]
        args = args[:k]
    with open(args[0], "rb") as f:
        raw = f.read()
    try:
        check(raw, targets)
    except Bad as e:
        return str(e)
    return None


if __name__ == "__main__":
    why = main()
    if why:
        print(why)
        sys.exit(1)
